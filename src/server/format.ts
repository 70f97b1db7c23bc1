// Plain-text renderings of core results for agents: compact, with where each piece came from.
import type { Hit } from '../model.js';
import type { ListResult } from '../read/list-docs.js';
import type { ReadResult } from '../read/read-doc.js';
import { compareVersionsDesc } from '../search/resolve-doc-sets.js';
import type { SearchResult } from '../search/search-docs.js';
import type { StoredDocSet } from '../store/store.js';

/** How an answer tells the reader to go on: in MCP tool calls for agents, in commands for people. */
export interface Hints {
  browse: string;
  listDocSets: string;
  read: string;
  more: string;
  nameDocSet: string;
  sections: string;
  continueRead(cursor: string): string;
  continueList(cursor: string): string;
}

export const TOOL_HINTS: Hints = {
  browse: 'list_docs',
  listDocSets: 'list_docsets',
  read: 'read_doc(path, section)',
  more: 'raise limit or maxTokens',
  nameDocSet: 'name it (docset)',
  sections: 'read one with section="<anchor>"',
  continueRead: (cursor) => `call read_doc again with cursor="${cursor}"`,
  continueList: (cursor) => `call list_docs again with cursor="${cursor}"`,
};

export const COMMAND_HINTS: Hints = {
  browse: 'vdocs list',
  listDocSets: 'vdocs docsets',
  read: 'vdocs read <path> --section <anchor>',
  more: 'raise --limit or --max-tokens',
  nameDocSet: 'name it with --docset',
  sections: 'read one with --section <anchor>',
  continueRead: (cursor) => `run the same vdocs read with --cursor ${cursor}`,
  continueList: (cursor) => `run the same vdocs list with --cursor ${cursor}`,
};

export function formatSearch(query: string, result: SearchResult, hints: Hints = TOOL_HINTS): string {
  const didYouMean = (result.suggestions ?? []).map((s) => `"${s.word}" is in no matching section; did you mean ${s.nearest.map((n) => `"${n}"`).join(' or ')}?`);
  if (result.hits.length === 0) {
    const scope = result.docSets.length <= 3 ? result.docSets.map(describeDocSet).join(', ') : `${result.docSets.length} doc sets (${hints.listDocSets} names them)`;
    const why = result.weak?.onlyStopWords ? ' (the question has only stop words)' : '';
    return [`No sections match "${truncate(query, 80)}"${why} in ${scope}. Try other words, an API name, or ${hints.browse} to browse.`, ...didYouMean, ...(result.skipped ? [chosenNote(result, hints)] : [])].join('\n');
  }
  // The header names the doc sets the hits came from, with why each version: not all that were searched.
  const drawn = result.docSets.filter((d) => result.hits.some((h) => h.docset === d.name && h.version === d.version));
  const scope = drawn.map(describeDocSet).join(', ');
  const searched = result.docSets.length > drawn.length ? ` (${result.docSets.length} doc sets searched)` : '';
  const parts = [
    result.weak
      ? `No section matches "${truncate(query, 80)}" well in ${scope}${searched}: the closest ${result.hits.length === 1 ? 'one has' : `${result.hits.length} have`} ${weakWords(result.weak)}. Try other words or an API name, or browse with ${hints.browse}.`
      : `${result.hits.length} section${result.hits.length === 1 ? '' : 's'} for "${truncate(query, 80)}" from ${scope}${searched}. Read one whole with ${hints.read}.`,
  ];
  if (didYouMean.length > 0) parts[0] += `\n${didYouMean.join('\n')}`;
  if (result.skipped) parts[0] += `\n${chosenNote(result, hints)}`;
  result.hits.forEach((hit, i) => parts.push(formatHit(hit, i + 1, drawn.length > 1)));
  if (result.omitted > 0) parts.push(`(${result.omitted} more matches; ${hints.more}, or narrow the query.)`);
  return parts.join('\n\n');
}

/** Among many libraries, which were searched, and how to search another. */
function chosenNote(result: SearchResult, hints: Hints): string {
  const names = result.docSets.map((d) => d.name);
  return `Searched the ${names.length} of ${names.length + result.skipped!} libraries most about these words (${names.join(', ')}); to search another, ${hints.nameDocSet}.`;
}

function weakWords(weak: NonNullable<SearchResult['weak']>): string {
  const list = (words: string[]) => words.slice(0, 6).map((w) => `"${w}"`).join(', ');
  if (weak.onlyStopWords) return 'only stop words to match, as the question has no other words';
  return `${list(weak.found)} but not ${list(weak.missing)}`;
}

function formatHit(hit: Hit, rank: number, showDocSet: boolean): string {
  const where = `${hit.path}${hit.anchor ? `#${hit.anchor}` : ''}`;
  const from = showDocSet ? ` [${hit.docset}@${hit.version}]` : '';
  const also = hit.alsoIn.length > 0 ? `\n(same section also in: ${hit.alsoIn.join(', ')})` : '';
  const cut = hit.truncated ? ' (excerpt)' : '';
  return `### ${rank}. ${where}${from}\n${hit.heading} · lines ${hit.lines[0]}-${hit.lines[1]}${cut}${also}\n${hit.text}`;
}

export function formatRead(result: ReadResult, hints: Hints = TOOL_HINTS): string {
  const id = describeDocSet(result.docSet);
  if (result.kind === 'directory') {
    const lines = result.entries.map((e) => (e.type === 'folder' ? `${e.name} (${e.pages} pages)` : `${e.name} — ${e.title}`));
    return `${result.path || '/'} in ${id} is a folder:\n${lines.join('\n')}`;
  }
  const what = result.section ? `${result.path}#${result.section.anchor} (${result.section.heading})` : `${result.path} (${result.title})`;
  const head = `${what} from ${id}, lines ${result.lines[0]}-${result.lines[1]} of ${result.totalLines}`;
  const outline = result.outline?.length
    ? `\nSections (${hints.sections}): ${result.outline.map((o) => `#${o.anchor}`).join(', ')}`
    : '';
  const next = result.nextCursor ? `\n\n[continued: ${hints.continueRead(result.nextCursor)}]` : '';
  return `${head}${outline}\n\n${result.text}${next}`;
}

export function formatList(result: ListResult, hints: Hints = TOOL_HINTS): string {
  const id = describeDocSet(result.docSet);
  const next = result.nextCursor ? `\n[${result.total - result.lines.length} more entries: ${hints.continueList(result.nextCursor)}]` : '';
  return `${result.path || '/'} in ${id} (${result.docSet.pageCount} pages in all):\n${result.lines.join('\n')}${next}`;
}

export function formatDocSets(docSets: StoredDocSet[], source: (source: string) => string = (s) => s): string {
  if (docSets.length === 0) return 'No doc sets are indexed yet.';
  return [...docSets]
    .sort((a, b) => a.name.localeCompare(b.name) || compareVersionsDesc(a, b))
    .map((d) => `${d.name}@${d.version}: ${d.pageCount} pages, ${d.sectionCount} sections, from ${source(d.source)}, indexed ${d.indexedAt.slice(0, 16).replace('T', ' ')}`)
    .join('\n');
}

/** `name@version (why this version)`. */
export function describeDocSet(docSet: StoredDocSet): string {
  return `${docSet.name}@${docSet.version}${docSet.reason ? ` (${docSet.reason})` : ''}`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
