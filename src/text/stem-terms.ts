// Porter stems of analysed terms, and a row's term counts per field: both backends keep their own
// postings of these (SQLite in blocks, PostgreSQL in rows), so they match and rank on the same stems.
import { stemmer } from 'stemmer';

export function stemTerms(analysed: string): string[] {
  return analysed.split(' ').filter(Boolean).map(stemTerm);
}

/** Stems already computed: a corpus has far fewer distinct words than words (18k sections, ~60k words, millions of tokens). */
const stems = new Map<string, string>();
const MAX_REMEMBERED = 200_000;

/** Porter's stem of an ASCII word, digits included ("k8s", "800ms"), as SQLite's porter tokenizer makes it. */
export function stemTerm(term: string): string {
  let stem = stems.get(term);
  if (stem === undefined) {
    stem = /^[a-z0-9]+$/.test(term) && /[a-z]/.test(term) ? stemmer(term) : term;
    // Bounded: past the cap the oldest half goes (Map keeps insertion order).
    if (stems.size >= MAX_REMEMBERED) for (const key of [...stems.keys()].slice(0, MAX_REMEMBERED / 2)) stems.delete(key);
    stems.set(term, stem);
  }
  return stem;
}

/** Counts above this are stored as this (PostgreSQL keeps title, heading and path counts as smallint). */
export const MAX_COUNT = 32767;

/**
 * The stems of a row's analysed fields: each distinct stem's count in every field, and the row's
 * length (its terms in all fields together, as BM25 measures a row).
 */
export interface RowTerms {
  /** The row's terms in all fields together. */
  length: number;
  /** Its terms in each field. */
  lengths: number[];
  /** Each distinct stem's count in every field. */
  counts: Map<string, number[]>;
}

export function rowTerms(fields: string[]): RowTerms {
  const counts = new Map<string, number[]>();
  const lengths = new Array<number>(fields.length).fill(0);
  let length = 0;
  // Terms are read in place between spaces: no array of words per field (this runs per section).
  for (let f = 0; f < fields.length; f++) {
    const text = fields[f];
    for (let start = 0; start < text.length; ) {
      let end = text.indexOf(' ', start);
      if (end === -1) end = text.length;
      if (end > start) {
        const term = stemTerm(text.slice(start, end));
        length++;
        lengths[f]++;
        let c = counts.get(term);
        if (!c) counts.set(term, (c = new Array<number>(fields.length).fill(0)));
        if (c[f] < MAX_COUNT) c[f]++;
      }
      start = end + 1;
    }
  }
  return { length, lengths, counts };
}
