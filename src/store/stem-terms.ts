// Porter stems of analysed terms, and a row's term counts per field: both backends keep their own
// postings of these (SQLite in blocks, PostgreSQL in rows), so they match and rank on the same stems.
import { stemmer } from 'stemmer';

export function stemTerms(analysed: string): string[] {
  return analysed.split(' ').filter(Boolean).map(stemTerm);
}

/** Porter's stem of an ASCII word, digits included ("k8s", "800ms"), as SQLite's porter tokenizer makes it. */
export function stemTerm(term: string): string {
  return /^[a-z0-9]+$/.test(term) && /[a-z]/.test(term) ? stemmer(term) : term;
}

/** Counts above this are stored as this (PostgreSQL keeps title, heading and path counts as smallint). */
export const MAX_COUNT = 32767;

/**
 * The stems of a row's analysed fields: each distinct stem's count in every field, and the row's
 * length (its terms in all fields together, as BM25 measures a row).
 */
export function rowTerms(fields: string[]): { length: number; counts: Map<string, number[]> } {
  const counts = new Map<string, number[]>();
  let length = 0;
  fields.forEach((field, f) => {
    for (const term of stemTerms(field)) {
      length++;
      let c = counts.get(term);
      if (!c) counts.set(term, (c = fields.map(() => 0)));
      if (c[f] < MAX_COUNT) c[f]++;
    }
  });
  return { length, counts };
}
