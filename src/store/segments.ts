// How both backends group a library's versions into segments (each with its own full-text index):
// versions that are mostly alike share one, so what they have in common is stored and indexed once,
// while a search in one version never ranks much more than that version holds.

const SEGMENT_GROWTH = 1.35;

/**
 * A version joins a segment when it shares at least half its pages with it and the segment then
 * holds at most 1.35 times the pages of its smallest version: a search in any version of the
 * segment ranks at most about a third more entries than that version has.
 */
export function fitsSegment(shared: number, pages: number, grown: number, smallest: number): boolean {
  // Small doc sets get some absolute room: a handful of pages changes nothing for search.
  return shared >= pages * 0.5 && grown <= Math.max(smallest * SEGMENT_GROWTH, smallest + 16);
}
