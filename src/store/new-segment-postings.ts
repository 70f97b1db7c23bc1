// The postings of a write into a new segment, built while its pages are parsed (in a worker thread
// when one runs: ingest/postings-workers.ts): its pages and section bodies are numbered 1..n in the
// order the write inserts them (pages in order, a body at its first section), and the store
// rebases the blocks on the ids its inserts got (postings.ts rebaseBlocks).
import type { SectionKind } from '../model.js';
import { pageTerms, sectionTerms } from './fields.js';
import { packBlocks, PostingLists } from './postings.js';
import type { NewSegmentPostings, PageFields, SectionFields } from './store.js';

/** What the postings need of a parsed page. */
export interface PageRows {
  fields: Pick<PageFields, 'title' | 'path'>;
  sections: Array<{ kind: SectionKind; key: string; fields: SectionFields }>;
}

export class NewSegmentPostingsBuilder {
  private readonly pages = new PostingLists();
  private readonly sections = new PostingLists();
  private readonly pageLengths: number[] = [];
  private readonly bodyLengths: number[] = [];
  private readonly bodies = new Set<string>();

  add(page: PageRows): void {
    const rows = page.sections.map((s) => ({ kind: s.kind, key: s.key, terms: sectionTerms(s) }));
    const terms = pageTerms(page.fields, rows);
    this.pageLengths.push(terms.length);
    this.pages.add(this.pageLengths.length, terms);
    for (const row of rows) {
      if (this.bodies.has(row.key)) continue;
      this.bodies.add(row.key);
      this.bodyLengths.push(row.terms.length);
      this.sections.add(this.bodyLengths.length, row.terms);
    }
  }

  finish(): NewSegmentPostings {
    return { pageLengths: this.pageLengths, bodyLengths: this.bodyLengths, pages: packBlocks(this.pages.encode()), sections: packBlocks(this.sections.encode()) };
  }
}
