// How both backends group a library's versions into segments (each with its own postings):
// versions that are mostly alike share one, so what they have in common is stored and indexed once,
// while a search in one version never ranks much more than that version holds.
import type { SectionKind } from '../model.js';
import type { KnownPage, KnownPages } from './store.js';

const SEGMENT_GROWTH = 1.35;

/** A version is a candidate for a segment that already stores at least half of its pages. */
export function sharesEnough(shared: number, pages: number): boolean {
  return shared >= pages * 0.5;
}

/**
 * And joins it only if the segment then holds at most 1.35 times the entries (pages or section
 * bodies) of its smallest version: a search in any version of the segment ranks at most about a
 * third more entries than that version has. Small doc sets get some absolute room.
 */
export function staysCompact(grown: number, smallest: number): boolean {
  return grown <= Math.max(smallest * SEGMENT_GROWTH, smallest + 16);
}

/**
 * How many ranked rows to ask a segment for per row wanted, when the doc sets asked for are only
 * some of its versions: rows that only the others have come along and are filtered out afterwards,
 * in proportion to their share (plus a margin). `stored`: the segment's rows; `ours`: the rows of
 * the `asked` doc sets; `versions`: how many the segment holds.
 */
export function crowding(stored: number, ours: number, versions: number, asked: number): number {
  if (versions <= asked) return 1;
  return Math.min(versions, Math.max(1, (stored / Math.max(1, ours)) * 1.25));
}

/**
 * Where a new version goes (Store.knownPages): of the library's segments, the one that stores most
 * of its pages, if it stores at least half of them (sharesEnough); none: a new segment.
 */
export function chooseSegment<T>(candidates: Array<{ segment: number; pages: T[] }>, wanted: number): { segment: number; pages: T[] } | undefined {
  let best: { segment: number; pages: T[] } | undefined;
  for (const c of candidates) {
    if (!sharesEnough(c.pages.length, wanted)) continue;
    if (!best || c.pages.length > best.pages.length) best = c;
  }
  return best;
}

/** KnownPages from a chosen segment's page rows and their sections' rows (any order). */
export function knownPagesOf(
  segment: number,
  pages: Array<{ id: number; key: string; title: string }>,
  sections: Array<{ page_id: number; ord: number; kind: SectionKind; content_hash: string }>,
): KnownPages {
  const byPage = new Map(pages.map((p) => [p.id, { title: p.title, sections: [] as KnownPage['sections'] }]));
  for (const s of [...sections].sort((a, b) => a.page_id - b.page_id || a.ord - b.ord)) byPage.get(s.page_id)?.sections.push({ ord: s.ord, kind: s.kind, contentHash: s.content_hash });
  return { segment, pages: new Map(pages.map((p) => [p.key, byPage.get(p.id)!])) };
}

/**
 * Thrown inside a write's transaction (which it rolls back) when what knownPages counted on is gone
 * (another process removed the version that stored a page) or the chosen segment would not stay
 * compact: the store answers `{ reparse }` and the add parses everything for a new segment.
 */
export class ReparseNeeded extends Error {}
