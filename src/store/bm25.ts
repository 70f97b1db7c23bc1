// BM25 as SQLite FTS5's bm25() computes it (k1 = 1.2, b = 0.75; postings.test.ts compares the
// scores with FTS5 on a real table), and what the segment ranking does with its scores: the
// common-term cut, one scale for several segments, the merge.

export const K1 = 1.2;
export const B = 0.75;

/** IDF as FTS5 computes it: never below a tiny positive number, so common terms still count a little. */
export function idf(rows: number, docFrequency: number): number {
  const value = Math.log((rows - docFrequency + 0.5) / (docFrequency + 0.5));
  return value > 1e-6 ? value : 1e-6;
}

/**
 * The query terms worth matching in one segment, given each term's document frequency there: a
 * term in more than `maxShare` of its `rows` selects nothing worth ranking, so it is dropped, and so
 * is a term the segment lacks; when that leaves fewer than three, the rarest three it has are kept.
 */
export function commonTermCut(counted: ReadonlyArray<{ term: string; count: number }>, rows: number, maxShare: number): string[] {
  const kept = counted.filter((t) => t.count > 0 && t.count <= rows * maxShare).map((t) => t.term);
  if (kept.length >= 3) return kept;
  return counted
    .filter((t) => t.count > 0)
    .sort((a, b) => a.count - b.count)
    .slice(0, 3)
    .map((t) => t.term);
}

/**
 * Scores of different segments are on different scales (a small library has other IDFs). When
 * several are merged, each segment's scores are multiplied by how much its query terms weigh in
 * all of them together versus in it alone, as if the segments asked for were one collection.
 * `segments`: each segment's size and its document frequency of each query term.
 */
export function mergeScales(segments: Array<{ rows: number; frequencies: ReadonlyMap<string, number> }>): number[] {
  if (segments.length < 2) return segments.map(() => 1);
  const rows = segments.reduce((a, s) => a + s.rows, 0);
  return segments.map((s) => {
    let own = 0;
    let merged = 0;
    for (const [term, count] of s.frequencies) {
      if (count === 0) continue;
      own += idf(s.rows, count);
      merged += idf(rows, segments.reduce((a, other) => a + (other.frequencies.get(term) ?? 0), 0));
    }
    return own > 0 ? merged / own : 1;
  });
}

/** Each segment's best this many come along below a merged search's best... */
const SEGMENT_FLOOR = 20;
/** ...as long as that adds at most this many results in all, however many segments are searched. */
const FLOOR_TOTAL = 120;

/**
 * Several segments' ranked results (each best first, already on one scale) merged: the best
 * `limit` overall, and each segment's best few even below them. A library whose docs are all
 * about the question's words has low IDFs for them, so its sections can all fall below another
 * library's lucky matches; the ranking after this weighs each library by its best sections and
 * by being named ("with undici"), which needs its sections to be there.
 */
export function mergeRanked<T extends { score: number }>(parts: T[][], limit: number): T[] {
  // Segments that matched nothing take no share: the backends differ in whether they list them.
  const matched = parts.filter((part) => part.length > 0);
  const all = matched.flat().sort((a, b) => b.score - a.score);
  if (matched.length < 2) return all.slice(0, limit);
  const floor = Math.min(SEGMENT_FLOOR, Math.floor(FLOOR_TOTAL / matched.length));
  const sure = new Set(matched.flatMap((part) => part.slice(0, floor)));
  return [...all.slice(0, limit), ...all.slice(limit).filter((item) => sure.has(item))];
}
