// The full-text fields of the two indexes, in the order postings count them and weights apply.
import type { SectionKind } from '../model.js';
import { MAX_COUNT, rowTerms, type RowTerms } from '../text/stem-terms.js';
import type { FieldWeights, PageFields, SectionFields } from './store.js';

export const SECTION_FIELDS = ['title', 'headings', 'path', 'body', 'code'] as const satisfies ReadonlyArray<keyof SectionFields>;
export const PAGE_FIELDS = ['title', 'path', 'body'] as const satisfies ReadonlyArray<keyof PageFields>;

/** The values of `fields` taken from `values`, in the fields' order (a row's texts, or weights). */
export function inFieldOrder<K extends keyof FieldWeights, V>(fields: readonly K[], values: { [F in K]: V }): V[] {
  return fields.map((f) => values[f]);
}

const BODY = SECTION_FIELDS.indexOf('body');

/** A section's row (SECTION_FIELDS). */
export function sectionTerms(section: { fields: SectionFields }): RowTerms {
  return rowTerms(inFieldOrder(SECTION_FIELDS, section.fields));
}

/**
 * A page's row (PAGE_FIELDS) from its title, its path and its sections' rows: the page's body is
 * its sections' bodies one after another, so its body counts are theirs summed (each word of a
 * page is stemmed once, in its section).
 */
export function pageTerms(fields: Pick<PageFields, 'title' | 'path'>, sections: ReadonlyArray<{ kind: SectionKind; terms: RowTerms }>): RowTerms {
  const head = rowTerms([fields.title, fields.path]);
  const counts = new Map<string, number[]>();
  for (const [stem, [title, path]] of head.counts) counts.set(stem, [title, path, 0]);
  let body = 0;
  for (const { kind, terms } of sections) {
    if (kind !== 'section') continue;
    body += terms.lengths[BODY];
    for (const [stem, c] of terms.counts) {
      if (c[BODY] === 0) continue;
      let page = counts.get(stem);
      if (!page) counts.set(stem, (page = [0, 0, 0]));
      page[2] = Math.min(MAX_COUNT, page[2] + c[BODY]);
    }
  }
  return { length: head.length + body, lengths: [...head.lengths, body], counts };
}
