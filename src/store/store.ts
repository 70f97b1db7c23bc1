// The narrow interface both index backends (SQLite, PostgreSQL) implement.
// Backends receive analysed text (text/analyze.ts) and plain term lists; query syntax stays inside them.
import type { DocSetInfo, Page, Section, SectionKind, StoredSection } from '../model.js';
import type { PackedBlocks } from './postings.js';

export interface StoredDocSet extends DocSetInfo {
  id: number;
  /** Why this version was chosen for a request (installed, pinned, latest, requested); set by the resolver. */
  reason?: string;
}

/** Analysed text per full-text field of a section. */
export interface SectionFields {
  title: string;
  headings: string;
  path: string;
  body: string;
  code: string;
}

export interface IndexedSection extends Section {
  fields: SectionFields;
  /** rows.ts bodyKey: sections with equal keys in one segment share one body. */
  key: string;
}

/** Analysed text of a whole page, for the page-level ranking signal. */
export interface PageFields {
  title: string;
  path: string;
  body: string;
}

/** One page of a version. `indexed` is given only for pages the store does not have (knownPages). */
export interface PageWrite {
  path: string;
  /** Path, text and parser context hashed: versions of a library share the stored page of one key. */
  key: string;
  title: string;
  /** Hash of the page's exact text (diffs compare these). */
  hash: string;
  /** The page parsed; its body field is its sections' bodies (fields.ts pageTerms). */
  indexed?: { content: string; fields: Pick<PageFields, 'title' | 'path'>; sections: IndexedSection[] };
}

/** What a store already holds for a page key: enough to reuse it without parsing. */
export interface KnownPage {
  title: string;
  sections: Array<{ ord: number; kind: SectionKind; contentHash: string }>;
}

/** The postings of a write into a new segment (new-segment-postings.ts), rows numbered from 1. */
export interface NewSegmentPostings {
  /** Each new page's length in terms, in write order; then each new body's. */
  pageLengths: number[];
  bodyLengths: number[];
  pages: PackedBlocks;
  sections: PackedBlocks;
}

export interface DocSetWrite {
  name: string;
  version: string;
  source: string;
  sourceHash: string;
  pages: PageWrite[];
  /** Sections (page key, position) that are not the copy shown first among identical ones. */
  secondary: Array<{ key: string; ord: number }>;
  sectionCount: number;
  /** The segment knownPages chose (its pages are reused); none: a new segment. */
  segment?: number;
  /**
   * For a write of every page into a new segment: its postings, built beside parsing. A store may
   * use them (ids numbered as it inserts) or count the rows itself.
   */
  postings?: NewSegmentPostings;
}

/** Where a new version goes and which of its pages are stored there already. */
export interface KnownPages {
  /** The segment of the library that shares most with the version and stays compact with it; none: a new one. */
  segment?: number;
  pages: Map<string, KnownPage>;
}

/**
 * A write landed, or did not happen because what knownPages counted on changed (a page it reused
 * was removed meanwhile, or the segment would no longer stay compact): `reparse` says why; write
 * again with every page parsed (no segment), and it goes to a new segment.
 */
export type WriteOutcome = { docSet: StoredDocSet; reparse?: undefined } | { reparse: string; docSet?: undefined };

export type FieldWeights = SectionFields extends infer F ? { [K in keyof F]: number } : never;

export interface SectionQuery {
  docSetIds: number[];
  /** Analysed query terms, any of which may match (ranking rewards matching more of them). */
  terms: string[];
  weights: FieldWeights;
  /**
   * Results wanted: the best `limit`, and with several segments searched, each one's best few
   * below them too (bm25.ts mergeRanked).
   */
  limit: number;
  /**
   * Terms found in more than this share of all sections carry almost no weight in BM25 but make
   * every query visit most of the index; they are left out (the rarest few are always kept).
   */
  maxTermShare?: number;
}

export interface ScoredSection {
  section: StoredSection;
  /** Higher is better; only comparable within one query. */
  score: number;
}

export interface ScoredPage {
  docSetId: number;
  path: string;
  score: number;
}

export interface PageSummary {
  path: string;
  title: string;
  /** Hash of the page's exact text: equal hashes mean equal files. */
  hash: string;
}

export interface StoreHealth {
  ok: boolean;
  /** ok; corrupt (rebuild with `vdocs doctor`); unavailable (the database cannot be reached). */
  state: 'ok' | 'corrupt' | 'unavailable';
  docSets: number;
  /** Read-only: served from a copy, nothing can be added. */
  readOnly?: boolean;
  detail?: string;
}

export interface Store {
  /** Whether writes use DocSetWrite.postings (an add counts them beside parsing only then). */
  readonly takesCountedPostings: boolean;
  listDocSets(): Promise<StoredDocSet[]>;
  /** Cheap check for /health: can the index be read, and has corruption been seen. */
  health(): Promise<StoreHealth>;
  /** Replaces name@version atomically: readers see the old doc set or the new one, never a mix. */
  writeDocSet(write: DocSetWrite): Promise<WriteOutcome>;
  /**
   * Picks the segment of library `name` for a version with these page keys (the one sharing most
   * with it, if adding it keeps the segment compact) and says which pages it already stores.
   */
  knownPages(name: string, keys: string[]): Promise<KnownPages>;
  removeDocSet(name: string, version: string): Promise<boolean>;
  searchSections(query: SectionQuery): Promise<ScoredSection[]>;
  /**
   * Per doc set, how often each term occurs in it: the sections of its segment that hold the term,
   * per term indexed there (a rate that does not grow with section length). How much a library is
   * about a question's words, whatever its best candidates are.
   */
  termShares(docSetIds: number[], terms: string[]): Promise<Map<number, number[]>>;
  /** Whole pages ranked for the same terms (title, path, body weights from `weights`). */
  searchPages(query: SectionQuery): Promise<ScoredPage[]>;
  getPage(docSetId: number, path: string): Promise<Page | undefined>;
  /** Several pages at once (one round trip on a database server), in the order asked; undefined where none. */
  getPages(refs: Array<{ docSetId: number; path: string }>): Promise<Array<Page | undefined>>;
  /** A doc set's pages in path order; with `prefix`, only those whose path starts with it. */
  listPages(docSetId: number, prefix?: string): Promise<PageSummary[]>;
  getSections(docSetId: number, path: string): Promise<StoredSection[]>;
  close(): Promise<void>;
}
