// The full-text fields of the two indexes, in the order postings count them and weights apply.
import type { FieldWeights, PageFields, SectionFields } from './store.js';

export const SECTION_FIELDS = ['title', 'headings', 'path', 'body', 'code'] as const satisfies ReadonlyArray<keyof SectionFields>;
export const PAGE_FIELDS = ['title', 'path', 'body'] as const satisfies ReadonlyArray<keyof PageFields>;

/** The values of `fields` taken from `values`, in the fields' order (a row's texts, or weights). */
export function inFieldOrder<K extends keyof FieldWeights, V>(fields: readonly K[], values: { [F in K]: V }): V[] {
  return fields.map((f) => values[f]);
}
