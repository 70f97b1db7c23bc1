// BM25 with field weights, as SQLite FTS5's bm25() computes it (k1 = 1.2, b = 0.75). PostgreSQL's
// ts_rank has no IDF, so that backend fetches candidates with its full-text index and ranks them
// here; both backends use the IDF to put the scores of several segments on one scale.

export const K1 = 1.2;
export const B = 0.75;

export interface FieldStats {
  /** Rows in the index (all doc sets, as FTS5 counts them). */
  rows: number;
  /** Average length in terms of each field. */
  avgLength: number[];
}

/** IDF as FTS5 computes it: never below a tiny positive number, so common terms still count a little. */
export function idf(rows: number, docFrequency: number): number {
  const value = Math.log((rows - docFrequency + 0.5) / (docFrequency + 0.5));
  return value > 1e-6 ? value : 1e-6;
}

/**
 * Score of one row, exactly as FTS5's bm25(): a term's frequency is the sum of the weights of the
 * fields it occurs in (once per occurrence), and the row's length is all its fields together.
 * `fields` are the row's analysed field texts as term arrays, in the order of `weights`.
 */
export function bm25f(fields: string[][], queryTerms: string[], idfs: Map<string, number>, stats: FieldStats, weights: number[]): number {
  const wanted = new Set(queryTerms);
  const freq = new Map<string, number>();
  let length = 0;
  fields.forEach((terms, f) => {
    length += terms.length;
    for (const t of terms) if (wanted.has(t)) freq.set(t, (freq.get(t) ?? 0) + weights[f]);
  });
  const avg = stats.avgLength.reduce((a, b) => a + b, 0) || 1;
  const norm = K1 * (1 - B + (B * length) / avg);
  let score = 0;
  for (const [term, f] of freq) score += (idfs.get(term) ?? 0) * ((f * (K1 + 1)) / (f + norm));
  return score;
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
