// A compact tree of a doc set's pages: one line per entry, two levels deep, paginated.
import { DocsError } from '../errors.js';
import { clampMaxTokens, tokensToChars } from '../text/budget.js';
import { resolveDocSets, type DocSetSelector } from '../search/resolve-doc-sets.js';
import type { PageSummary, Store, StoredDocSet } from '../store/store.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { cleanDocPath } from './doc-path.js';
import { listDirectory } from './read-doc.js';

export interface ListOptions extends DocSetSelector {
  path?: string;
  maxTokens?: number;
  cursor?: string;
}

export interface ListResult {
  docSet: StoredDocSet;
  path: string;
  /** Lines like `reference/ (442 pages)` or `  agents/overview.md — Agents overview`. */
  lines: string[];
  total: number;
  nextCursor?: string;
}

const DEPTH = 2;

export async function listDocs(store: Store, options: ListOptions): Promise<ListResult> {
  const path = cleanDocPath(options.path ?? '').replace(/\/$/, '');
  const cursor = options.cursor ? decodeCursor('list', options.cursor, { d: 'position', p: 'text', o: 'position' }) : undefined;
  const candidates = await resolveDocSets(store, options);
  // With no doc set named, the first (by name) that has the folder: `docs/memory` is the framework
  // guide's folder, not a folder of the first installed package listed. A cursor names its own.
  let found: { docSet: (typeof candidates)[number]; pages: PageSummary[]; all: string[] } | undefined;
  for (const docSet of cursor ? candidates.filter((d) => d.id === cursor.d) : candidates) {
    const pages = await store.listPages(docSet.id);
    const all = treeLines(pages, path, DEPTH);
    found ??= { docSet, pages, all };
    if (all.length > 0) {
      found = { docSet, pages, all };
      break;
    }
  }
  if (!found) throw new DocsError('INVALID_CURSOR', 'This cursor belongs to a listing of another doc set or version; list again without it.');
  const { docSet, pages, all } = found;
  if (all.length === 0) {
    const isPage = pages.some((p) => p.path === path);
    const where = candidates.length > 1 ? `any of ${candidates.length} doc sets (${candidates.slice(0, 5).map((d) => d.name).join(', ')}${candidates.length > 5 ? ', …' : ''})` : `${docSet.name}@${docSet.version}`;
    throw new DocsError('PATH_NOT_FOUND', isPage ? `"${path}" is a page, not a folder: read it with read_doc.` : `No folder "${path}" in ${where}. List the root to browse.`);
  }
  const start = cursor ? cursor.o : 0;
  const budget = tokensToChars(clampMaxTokens(options.maxTokens)) - 200;
  const lines: string[] = [];
  let used = 0;
  let i = start;
  for (; i < all.length && used + all[i].length + 1 <= budget; i++) {
    lines.push(all[i]);
    used += all[i].length + 1;
  }
  return {
    docSet,
    path,
    lines,
    total: all.length,
    nextCursor: i < all.length ? encodeCursor('list', { d: docSet.id, p: path, o: i }) : undefined,
  };
}

function treeLines(pages: PageSummary[], path: string, depth: number, indent = ''): string[] {
  const out: string[] = [];
  for (const entry of listDirectory(pages, path)) {
    if (entry.type === 'page') {
      out.push(`${indent}${entry.name} — ${entry.title}`);
      continue;
    }
    out.push(`${indent}${entry.name} (${entry.pages} page${entry.pages === 1 ? '' : 's'})`);
    if (depth > 1) out.push(...treeLines(pages, path ? `${path}/${entry.name.slice(0, -1)}` : entry.name.slice(0, -1), depth - 1, `${indent}  `));
  }
  return out;
}
