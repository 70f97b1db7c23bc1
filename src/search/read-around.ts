// Reading around a hit on its page: a short section reads on into the lines after it or back to
// its parent's lines, and neighbouring hits of one page merge into one excerpt. Pages are read once
// per search, those the first hits will need together.
import { fencedLines } from '../markdown/fences.js';
import { normalizeNewlines } from '../markdown/newlines.js';
import type { Hit, Page, StoredSection } from '../model.js';
import type { Store } from '../store/store.js';
import { makeExcerpt, type WordMatcher } from './excerpt.js';
import { compactTables } from './hit-text.js';
import type { Group } from './group-candidates.js';
import type { Ranking } from './ranking.js';

/** A section shorter than this share of its hit's budget reads on into the lines after it (readOn). */
export const READS_ON_BELOW = 0.8;
/** Characters each hit's header line costs in a formatted answer, reserved from the budget. */
export const HIT_OVERHEAD_CHARS = 160;

/** A hit shown from a page: its lines (read-on and read-back included) and its budget (characters). */
export interface Shown {
  index: number;
  docSetId: number;
  path: string;
  first: number;
  last: number;
  share: number;
}

/**
 * The hit `into` grown to cover lines first..last of its page too: the page's lines over both,
 * cut to both budgets. It keeps its heading and anchor: the best match. Undefined when the page
 * cannot be read.
 */
export async function mergeInto(into: Shown, first: number, last: number, extra: number, pageLines: PageLines, matchers: WordMatcher[]): Promise<Pick<Hit, 'lines' | 'text' | 'truncated'> | undefined> {
  const lines = await pageLines(into.docSetId, into.path);
  if (!lines) return undefined;
  into.first = Math.min(into.first, first);
  into.last = Math.min(lines.length, Math.max(into.last, last));
  into.share += extra;
  const excerpt = makeExcerpt(compactTables(lines.slice(into.first - 1, into.last).join('\n').trim()), matchers, Math.floor(into.share));
  return { lines: [into.first, into.last], text: excerpt.text, truncated: excerpt.truncated };
}

export interface PageLines {
  (docSetId: number, path: string): Promise<string[] | undefined>;
  /** Reads these pages together (one store call), for the hits that will ask for them. */
  prefetch(refs: Array<{ docSetId: number; path: string }>): void;
}

/** A page's lines, read once per search however many of its sections are shown. */
export function pageLinesOf(store: Store): PageLines {
  const pages = new Map<string, Promise<string[] | undefined>>();
  const keyOf = (docSetId: number, path: string) => `${docSetId}\u0000${path}`;
  const linesOf = (page: Page | undefined) => (page ? normalizeNewlines(page.content).split('\n') : undefined);
  const lines: PageLines = (docSetId, path) => {
    const key = keyOf(docSetId, path);
    let read = pages.get(key);
    if (!read) {
      read = store.getPage(docSetId, path).then(linesOf);
      pages.set(key, read);
    }
    return read;
  };
  lines.prefetch = (refs) => {
    const wanted = new Map<string, { docSetId: number; path: string }>();
    for (const r of refs) if (!pages.has(keyOf(r.docSetId, r.path))) wanted.set(keyOf(r.docSetId, r.path), r);
    if (wanted.size === 0) return;
    const read = store.getPages([...wanted.values()]);
    [...wanted.keys()].forEach((key, i) => {
      const page = read.then((all) => linesOf(all[i]));
      // Caught here only so that a page no hit waits for fails quietly; a hit that reads it still sees the error.
      page.catch(() => undefined);
      pages.set(key, page);
    });
  };
  return lines;
}

/** Budget weights of `count` hits from hit `first` (0-based) on: hit k weighs 1 / k^shareDecay. */
export function shareWeights(first: number, count: number, ranking: Ranking): number[] {
  return Array.from({ length: count }, (_, i) => 1 / Math.pow(first + i + 1, ranking.shareDecay));
}

/**
 * The pages the first hits will likely read on from (readOn), requested at once: on a database
 * server, one round trip instead of one per page. Each hit is assumed to take its planned share of
 * the budget; a page missed here is read when its hit needs it.
 */
export function prefetchPages(groups: Group[], limit: number, budget: number, pageLines: PageLines, ranking: Ranking): void {
  const slots = Math.min(limit, ranking.fullHits, groups.length);
  const weights = shareWeights(0, slots, ranking);
  const total = weights.reduce((a, b) => a + b, 0);
  const refs: Array<{ docSetId: number; path: string }> = [];
  weights.forEach((weight, i) => {
    const section = groups[i].best.section;
    const share = (budget * weight) / total - HIT_OVERHEAD_CHARS;
    if (groups[i].rows.length === 0 && section.text.length < share * READS_ON_BELOW) refs.push({ docSetId: section.docSetId, path: section.path });
  });
  pageLines.prefetch(refs);
}

/**
 * A short section gets the lines that follow it on its page, up to its share of the budget: the
 * answer often sits in the next paragraph or subsection. It stops at the end of its parent unless
 * the next heading names a word of the question (a last subsection "Publishing private packages"
 * followed by "Associating a scope with a registry"), and always at a page's title.
 */
export async function readOn(pageLines: PageLines, section: StoredSection, text: string, maxChars: number, matchers: WordMatcher[]): Promise<{ text: string; lastLine: number }> {
  const lines = await pageLines(section.docSetId, section.path);
  if (!lines) return { text, lastLine: section.endLine };
  const levels = headingLevels(lines);
  const extra: string[] = [];
  let size = text.length;
  for (let i = section.endLine; i < lines.length; i++) {
    const level = levels[i];
    if (level > 0 && level < Math.max(2, section.level) && (level === 1 || !matchers.some((m) => m.test(lines[i])))) break;
    if (size + lines[i].length + 1 > maxChars) break;
    extra.push(lines[i]);
    size += lines[i].length + 1;
  }
  while (extra.length > 0 && extra[extra.length - 1].trim() === '') extra.pop();
  const lastLine = section.endLine + extra.length;
  return { text: extra.length > 0 ? `${text}\n\n${extra.join('\n').trim()}` : text, lastLine };
}

/**
 * A short first subsection still under its share after reading on gets its parent's own lines
 * before it (heading included) when all of them fit: an options list or a short note under a
 * heading is often the detail of the example or sentence just above it that answers.
 */
export async function readBack(pageLines: PageLines, section: StoredSection, text: string, maxChars: number): Promise<{ text: string; firstLine: number }> {
  const lines = await pageLines(section.docSetId, section.path);
  const none = { text, firstLine: section.startLine };
  if (!lines || section.level < 2) return none;
  const levels = headingLevels(lines);
  let size = text.length;
  for (let i = section.startLine - 2; i >= 0; i--) {
    size += lines[i].length + 1;
    if (size > maxChars) return none;
    if (levels[i] === 0) continue;
    if (levels[i] >= section.level) return none;
    return { text: `${lines.slice(i, section.startLine - 1).join('\n').trim()}\n\n${text}`, firstLine: i + 1 };
  }
  return none;
}

/** Per page (its lines as pageLines reads them), the level of each line's heading. */
const levelsOfPage = new WeakMap<string[], Uint8Array>();

/**
 * The level (1–6) of each line that is an ATX heading, else 0. Lines in code fences are never
 * headings: a shell or YAML comment ("# install") would otherwise end a read-on or start a read-back.
 */
function headingLevels(lines: string[]): Uint8Array {
  let levels = levelsOfPage.get(lines);
  if (levels) return levels;
  levels = new Uint8Array(lines.length);
  const { inside } = fencedLines(lines);
  for (let i = 0; i < lines.length; i++) if (!inside[i]) levels[i] = /^(#{1,6})\s/.exec(lines[i])?.[1].length ?? 0;
  levelsOfPage.set(lines, levels);
  return levels;
}

