// Reads a page, one section of it, or a folder listing, under a token budget with a cursor for the
// rest. An unknown path fails with the nearest existing paths and the best search matches.
import { DocsError } from '../errors.js';
import { normalizeNewlines } from '../markdown/newlines.js';
import type { StoredSection } from '../model.js';
import { clampMaxTokens, tokensToChars } from '../text/budget.js';
import { nearest, resolveDocSets, type DocSetSelector } from '../search/resolve-doc-sets.js';
import { searchDocs } from '../search/search-docs.js';
import type { PageSummary, Store, StoredDocSet } from '../store/store.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { cleanDocPath, splitAnchor } from './doc-path.js';
import { pageEnd } from './paginate-lines.js';

export interface ReadOptions extends DocSetSelector {
  path: string;
  section?: string;
  maxTokens?: number;
  cursor?: string;
}

export interface OutlineEntry {
  anchor: string;
  heading: string;
  level: number;
}

export type ReadResult =
  | {
      kind: 'page';
      docSet: StoredDocSet;
      path: string;
      title: string;
      section?: { anchor: string; heading: string };
      text: string;
      lines: [number, number];
      totalLines: number;
      /** Present on the first part of a page that needs several. */
      outline?: OutlineEntry[];
      nextCursor?: string;
    }
  | {
      kind: 'directory';
      docSet: StoredDocSet;
      path: string;
      entries: DirectoryEntry[];
    };

export interface DirectoryEntry {
  name: string;
  type: 'page' | 'folder';
  title?: string;
  pages?: number;
}

const OUTLINE_LIMIT = 40;

export async function readDoc(store: Store, options: ReadOptions): Promise<ReadResult> {
  const split = splitAnchor(options.path ?? '');
  const path = cleanDocPath(split.path);
  const sectionWanted = options.section ?? split.anchor;
  const maxChars = tokensToChars(clampMaxTokens(options.maxTokens)) - 200;
  const cursor = options.cursor ? decodeCursor('read', options.cursor, { d: 'position', p: 'text', l: 'position', e: 'position' }) : undefined;

  const candidates = await resolveDocSets(store, options);
  for (const docSet of candidates) {
    const pages = await store.listPages(docSet.id);
    const found = findPage(pages, path);
    if (found) return readPage(store, docSet, found, sectionWanted, maxChars, cursor);
    const entries = listDirectory(pages, path);
    if (entries.length > 0 && !sectionWanted) return { kind: 'directory', docSet, path, entries };
  }
  throw await notFound(store, candidates, path, options);
}

function findPage(pages: PageSummary[], path: string): PageSummary | undefined {
  const exact = pages.find((p) => p.path === path);
  if (exact || !path) return exact;
  for (const variant of [`${path}.md`, `${path}.mdx`, `${path}/index.md`, `${path}/index.mdx`, `${path}/README.md`]) {
    const page = pages.find((p) => p.path === variant);
    if (page) return page;
  }
  return undefined;
}

async function readPage(
  store: Store,
  docSet: StoredDocSet,
  summary: PageSummary,
  sectionWanted: string | undefined,
  maxChars: number,
  cursor: { d: number; p: string; l: number; e: number } | undefined,
): Promise<ReadResult> {
  const page = (await store.getPage(docSet.id, summary.path))!;
  const lines = normalizeNewlines(page.content).split('\n');
  const sections = (await store.getSections(docSet.id, summary.path)).filter((s) => s.kind === 'section');
  let first = 0;
  let last = lines.length;
  let section: { anchor: string; heading: string } | undefined;
  if (sectionWanted) {
    const match = findSection(sections, sectionWanted);
    if (!match) {
      const anchors = sections.filter((s) => s.anchor).map((s) => s.anchor);
      const near = nearest(sectionWanted.toLowerCase(), anchors, 5);
      throw new DocsError('SECTION_NOT_FOUND', `${summary.path} has no section "${sectionWanted}". ${near.length ? `Closest: ${near.map((a) => `#${a}`).join(', ')}. ` : ''}Sections: ${anchors.slice(0, 30).map((a) => `#${a}`).join(', ')}.`, {
        details: { anchors },
      });
    }
    first = match.startLine - 1;
    last = sectionEnd(sections, match, lines.length);
    section = { anchor: match.anchor, heading: match.headingPath.slice(1).join(' > ') || match.headingPath[0] };
  }
  if (cursor) {
    if (cursor.d !== docSet.id || cursor.p !== summary.path) throw new DocsError('INVALID_CURSOR', 'The cursor belongs to another page. Repeat the call without a cursor.');
    first = cursor.l;
    last = Math.min(cursor.e, lines.length);
  }
  const end = pageEnd(lines.slice(0, last), first, maxChars);
  let text = lines.slice(first, end).join('\n');
  if (text.length > maxChars) text = `${text.slice(0, maxChars - 40)}\n… (line continues; too long to show whole)`;
  const more = end < last;
  const outline = more && !cursor ? outlineOf(sections).slice(0, OUTLINE_LIMIT) : undefined;
  return {
    kind: 'page',
    docSet,
    path: summary.path,
    title: summary.title,
    section,
    text,
    lines: [first + 1, end],
    totalLines: lines.length,
    outline,
    nextCursor: more ? encodeCursor('read', { d: docSet.id, p: summary.path, l: end, e: last }) : undefined,
  };
}

function findSection(sections: StoredSection[], wanted: string): StoredSection | undefined {
  const w = wanted.replace(/^#/, '').trim().toLowerCase();
  return (
    sections.find((s) => s.anchor === w) ??
    sections.find((s) => (s.headingPath.at(-1) ?? '').toLowerCase() === w) ??
    sections.find((s) => s.anchor.startsWith(w) && w.length >= 3)
  );
}

/** A section runs until the next heading of the same or a higher level (its subsections included). */
function sectionEnd(sections: StoredSection[], section: StoredSection, lineCount: number): number {
  const next = sections.find((s) => s.ord > section.ord && s.level > 0 && s.level <= section.level);
  return next ? next.startLine - 1 : lineCount;
}

function outlineOf(sections: StoredSection[]): OutlineEntry[] {
  return sections.filter((s) => s.anchor && s.level >= 2 && s.level <= 3).map((s) => ({ anchor: s.anchor, heading: s.headingPath.at(-1) ?? '', level: s.level }));
}

export function listDirectory(pages: PageSummary[], path: string): DirectoryEntry[] {
  const prefix = path ? `${path}/` : '';
  const folders = new Map<string, number>();
  const entries: DirectoryEntry[] = [];
  for (const page of pages) {
    if (!page.path.startsWith(prefix)) continue;
    const rest = page.path.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash === -1) entries.push({ name: rest, type: 'page', title: page.title });
    else folders.set(rest.slice(0, slash), (folders.get(rest.slice(0, slash)) ?? 0) + 1);
  }
  const folderEntries: DirectoryEntry[] = [...folders].map(([name, count]) => ({ name: `${name}/`, type: 'folder', pages: count }));
  return [...folderEntries, ...entries].sort((a, b) => a.name.localeCompare(b.name));
}

async function notFound(store: Store, docSets: StoredDocSet[], path: string, selector: DocSetSelector): Promise<DocsError> {
  const all: string[] = [];
  for (const d of docSets) all.push(...(await store.listPages(d.id)).map((p) => p.path));
  const base = path.split('/').pop()?.replace(/\.(md|mdx)$/, '') ?? path;
  const byName = all.filter((p) => base.length >= 3 && p.toLowerCase().includes(base.toLowerCase()));
  const near = [...new Set([...byName, ...nearest(path, all, 5)])].slice(0, 5);
  let matches: string[] = [];
  const words = path.replace(/[/._-]+/g, ' ').trim();
  if (words) {
    try {
      const found = await searchDocs(store, { query: words, docset: selector.docset, version: selector.version, limit: 3, maxTokens: 300 });
      matches = found.hits.map((h) => `${h.path}#${h.anchor}`);
    } catch {
      // no suggestions from search is fine
    }
  }
  const names = docSets.map((d) => `${d.name}@${d.version}`).join(', ');
  return new DocsError(
    'PATH_NOT_FOUND',
    `No page or folder "${path}" in ${names}.${near.length ? ` Nearest paths: ${near.join(', ')}.` : ''}${matches.length ? ` Best search matches: ${matches.join(', ')}.` : ''} Use list_docs to browse.`,
    { details: { nearest: near, matches } },
  );
}
