// Compares two stored versions of a doc set: the file summary, unified hunks paginated under a
// token budget, or (with a query) the changed sections about one topic.
import { DocsError } from '../errors.js';
import { cleanDocPath } from '../read/doc-path.js';
import { paginateBlocks } from '../read/paginate-blocks.js';
import { clampMaxTokens, tokensToChars } from '../text/budget.js';
import { wordMatchers } from '../search/excerpt.js';
import { parseQuery } from '../search/parse-query.js';
import { compareVersionsDesc, resolveDocSets } from '../search/resolve-doc-sets.js';
import type { Store, StoredDocSet } from '../store/store.js';
import { changedPaths, countChange, groupByFolder, unifiedDiff, type FileChange, type FolderChange } from './diff-pages.js';
import type { SectionChange } from './section-changes.js';
import { unifiedHunks } from './unified-hunks.js';

export interface DiffOptions {
  docset: string;
  from: string;
  to: string;
  path?: string;
  query?: string;
}

export interface DocSetDiff {
  from: StoredDocSet;
  to: StoredDocSet;
  /** True when `from` is the newer version. */
  reversed: boolean;
  files: FileChange[];
  folders: FolderChange[];
  added: number;
  removed: number;
  /** With a query: the changed sections about it, best match first. */
  sections?: SectionChange[];
  contentOf(path: string, side: 'from' | 'to'): Promise<string | undefined>;
}

export async function diffDocSets(store: Store, options: DiffOptions): Promise<DocSetDiff> {
  const [from] = await resolveDocSets(store, { docset: options.docset, version: options.from });
  const [to] = await resolveDocSets(store, { docset: options.docset, version: options.to });
  if (from.id === to.id) {
    throw new DocsError('INVALID_ARGUMENT', `Both sides are ${from.name}@${from.version}; name two different versions (list_docsets shows them).`);
  }
  const prefix = options.path ? cleanDocPath(options.path).replace(/\/$/, '') : '';
  const inScope = (path: string) => !prefix || path === prefix || path.startsWith(`${prefix}/`);
  const contentOf = async (path: string, side: 'from' | 'to') => (await store.getPage(side === 'from' ? from.id : to.id, path))?.content;

  const [before, after] = await Promise.all([store.listPages(from.id), store.listPages(to.id)]);
  const changed = changedPaths(before.filter((p) => inScope(p.path)), after.filter((p) => inScope(p.path)));
  if (prefix && changed.length === 0 && !before.concat(after).some((p) => inScope(p.path))) {
    throw new DocsError('PATH_NOT_FOUND', `Neither ${from.name}@${from.version} nor ${to.version} has a page or folder "${prefix}".`);
  }
  // Line counts need the texts, read only for the files that differ.
  const files: FileChange[] = [];
  for (const path of changed) files.push(countChange(path, await contentOf(path, 'from'), await contentOf(path, 'to')));

  const result: DocSetDiff = {
    from,
    to,
    reversed: compareVersionsDesc(from, to) < 0,
    files,
    folders: groupByFolder(files),
    added: files.reduce((n, f) => n + f.added, 0),
    removed: files.reduce((n, f) => n + f.removed, 0),
    contentOf,
  };
  if (options.query) result.sections = await topicChanges(files, options.query, contentOf);
  return result;
}

async function topicChanges(files: FileChange[], query: string, contentOf: DocSetDiff['contentOf']): Promise<SectionChange[]> {
  // The Markdown parser is loaded for topic diffs only.
  const { sectionChanges } = await import('./section-changes.js');
  const matchers = wordMatchers(parseQuery(query).words);
  // Short topics must match whole ("observational memory" is not every page about memory).
  const needed = matchers.length <= 3 ? matchers.length : Math.ceil(matchers.length * 0.6);
  const scored: Array<{ change: SectionChange; score: number }> = [];
  for (const file of files) {
    const before = await contentOf(file.path, 'from');
    const after = await contentOf(file.path, 'to');
    const text = `${file.path}\n${before ?? ''}\n${after ?? ''}`;
    if (matchers.filter((m) => m.test(text)).length < needed) continue;
    for (const change of sectionChanges(file.path, before, after)) {
      const body = `${change.before ?? ''}\n${change.after ?? ''}`;
      const inHeading = matchers.filter((m) => m.test(`${change.path} ${change.heading}`)).length;
      const inBody = matchers.filter((m) => m.test(body)).length;
      if (Math.max(inHeading, inBody) < needed) continue;
      scored.push({ change, score: inHeading * 2 + inBody });
    }
  }
  return scored.sort((a, b) => b.score - a.score).map((s) => s.change);
}

export interface RenderedDiff {
  text: string;
  nextCursor?: string;
}

/** The diff as text an agent reads, within maxTokens; the cursor continues where the budget ran out. */
export async function renderDiff(diff: DocSetDiff, maxTokens?: number, cursor?: string): Promise<RenderedDiff> {
  return paginateBlocks(await diffBlocks(diff), tokensToChars(clampMaxTokens(maxTokens)) - 200, 'diff', cursor);
}

async function diffBlocks(diff: DocSetDiff): Promise<string[]> {
  const head = `${diff.from.name}@${diff.from.version} → ${diff.to.version}${diff.reversed ? ' (reversed: from is the newer version)' : ''}: ${diff.files.length} files changed (${count(diff.files, 'added')} added, ${count(diff.files, 'removed')} removed, ${count(diff.files, 'modified')} modified), +${diff.added} −${diff.removed} lines`;
  const blocks = [head];
  if (diff.sections) {
    if (diff.sections.length === 0) return [`${head}\nNo changed section matches the query.`];
    const patches = diff.sections.map((s) => sectionPatch(s));
    const list = diff.sections
      .slice(0, SECTION_LIST_LIMIT)
      .map((s, i) => `${s.status.padEnd(7)} ${s.path}#${s.anchor} — ${s.heading} (+${patches[i].added} −${patches[i].removed})`);
    const more = diff.sections.length > SECTION_LIST_LIMIT ? `\n(${diff.sections.length - SECTION_LIST_LIMIT} more; narrow with path or a longer query)` : '';
    blocks.push(`${diff.sections.length} changed sections match the query (details follow in this order):\n${list.join('\n')}${more}`);
    diff.sections.forEach((s, i) => blocks.push(`## ${s.status}: ${s.path}#${s.anchor} (${s.heading})\n${patches[i].text}`));
    return blocks;
  }
  if (diff.files.length > 40) {
    blocks.push(`By folder:\n${diff.folders.map((f) => `${f.folder} ${f.files} files +${f.added} −${f.removed}`).join('\n')}`);
  }
  blocks.push(`Files:\n${diff.files.map((f) => `${f.status.padEnd(8)} ${f.path} +${f.added} −${f.removed}`).join('\n')}`);
  for (const file of diff.files) {
    const patch = unifiedDiff(file.path, await diff.contentOf(file.path, 'from'), await diff.contentOf(file.path, 'to'));
    for (const [index, hunk] of splitHunks(patch).entries()) blocks.push(index === 0 ? hunk : `(continued ${file.path})\n${hunk}`);
  }
  return blocks;
}

const SECTION_LIST_LIMIT = 40;
const NEW_SECTION_LINES = 12;

/** A changed section as hunks; an added or removed one as its first lines. */
function sectionPatch(s: SectionChange): { text: string; added: number; removed: number } {
  if (s.status === 'changed') {
    const hunks = unifiedHunks(s.before ?? '', s.after ?? '');
    return {
      text: hunks.map((h) => `${h.header}\n${h.lines.join('\n')}`).join('\n'),
      added: hunks.reduce((n, h) => n + h.added, 0),
      removed: hunks.reduce((n, h) => n + h.removed, 0),
    };
  }
  const sign = s.status === 'added' ? '+' : '-';
  const lines = (s.after ?? s.before ?? '').split('\n');
  const shown = lines.slice(0, NEW_SECTION_LINES).map((l) => `${sign}${l}`);
  if (lines.length > NEW_SECTION_LINES) shown.push(`(${lines.length - NEW_SECTION_LINES} more lines; read_doc shows the whole section)`);
  return { text: shown.join('\n'), added: sign === '+' ? lines.length : 0, removed: sign === '-' ? lines.length : 0 };
}

/** A file's patch as blocks: the headers with the first hunk, then one block per hunk. */
function splitHunks(patch: string): string[] {
  const parts = patch.split(/^(?=@@ )/m);
  if (parts.length <= 1) return [patch.trimEnd()];
  const [header, ...hunks] = parts;
  return hunks.map((h, i) => (i === 0 ? header + h : h).trimEnd());
}

function count(files: FileChange[], status: FileChange['status']): number {
  return files.filter((f) => f.status === status).length;
}
