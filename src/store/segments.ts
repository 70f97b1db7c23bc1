// How both backends group a library's versions into segments (each with its own postings):
// versions that are mostly alike share one, so what they have in common is stored and indexed once,
// while a search in one version never ranks much more than that version holds.

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
