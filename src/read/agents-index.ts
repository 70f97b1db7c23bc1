// The docs index vdocs keeps in a project's AGENTS.md (or CLAUDE.md): between two marker comments,
// each doc set the project is served, with its version and why, its top-level folders and pages as
// paths `read_doc` takes, and how to search. Evaluations of coding agents found such passive
// context beats tools the agent must decide to call. Compact (8 KB at most), deterministic (the
// same index writes the same bytes), and the file's own text outside the markers is kept.
import { DocsError } from '../errors.js';
import { listDirectory } from './read-doc.js';
import type { PageSummary, StoredDocSet } from '../store/store.js';

export const BEGIN_MARKER = '<!-- vdocs:begin (written by `vdocs agents-md`; edits inside are replaced) -->';
export const END_MARKER = '<!-- vdocs:end -->';
export const MAX_INDEX_BYTES = 8 * 1024;

export interface IndexedDocSet {
  docSet: StoredDocSet;
  pages: PageSummary[];
}

/** The block between the markers (markers included), at most MAX_INDEX_BYTES. */
export function renderAgentsIndex(docSets: IndexedDocSet[]): string {
  const head = [
    BEGIN_MARKER,
    '## Documentation of the installed versions (vdocs)',
    '',
    'Use these docs, not memory: they are the versions installed here. Search with the `search_docs` tool (`vdocs search "<question>"` in a shell) and read a page or folder below with `read_doc` (`vdocs read <path> --docset <name>`).',
    '',
  ];
  const tail = ['', END_MARKER];
  const budget = MAX_INDEX_BYTES - bytes([...head, ...tail].join('\n')) - 1;
  const sorted = [...docSets].sort((a, b) => a.docSet.name.localeCompare(b.docSet.name));
  // Each doc set gets its line; its paths share what room is left, in order.
  const lines = sorted.map(({ docSet, pages }) => `- \`${docSet.name}\` ${docSet.version}${docSet.reason ? ` (${docSet.reason})` : ''}, ${pages.length} pages:`);
  let room = budget - bytes(lines.join('\n')) - lines.length;
  if (room < 0) throw new DocsError('INVALID_ARGUMENT', `${docSets.length} doc sets do not fit an index of ${MAX_INDEX_BYTES} bytes.`);
  const perDocSet = Math.max(80, Math.floor(room / Math.max(1, sorted.length)));
  sorted.forEach(({ pages }, i) => {
    const entries = listDirectory(pages, '').map((e) => (e.type === 'folder' ? `${e.name} (${e.pages})` : e.name));
    let text = '';
    for (const [n, entry] of entries.entries()) {
      const more = entries.length - n;
      const next = `${text ? `${text}, ` : ' '}${entry}`;
      if (bytes(next) + 16 > Math.min(perDocSet, room)) {
        text += `${text ? ',' : ''} … ${more} more (list_docs)`;
        break;
      }
      text = next;
    }
    room -= bytes(text);
    lines[i] += text;
  });
  return [...head, ...lines, ...tail].join('\n');
}

/**
 * The file's text with the block put between its markers (replacing the old block), or appended
 * when it has none. Markers that do not pair (one without the other, or twice) are refused:
 * guessing would lose text.
 */
export function updateAgentsFile(current: string, block: string): string {
  const begins = occurrences(current, '<!-- vdocs:begin');
  const ends = occurrences(current, END_MARKER);
  if (begins.length === 0 && ends.length === 0) return `${current}${current && !current.endsWith('\n') ? '\n' : ''}${current ? '\n' : ''}${block}\n`;
  if (begins.length !== 1 || ends.length !== 1 || ends[0] < begins[0]) {
    throw new DocsError('INVALID_ARGUMENT', `The file has ${begins.length} vdocs:begin and ${ends.length} vdocs:end markers${ends[0] < begins[0] ? ' in the wrong order' : ''}; fix them by hand (one of each, begin first) and run again. Nothing was written.`);
  }
  return `${current.slice(0, begins[0])}${block}${current.slice(ends[0] + END_MARKER.length)}`;
}

function occurrences(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) out.push(at);
  return out;
}

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
