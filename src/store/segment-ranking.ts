// The ranking both backends share: a search groups the doc sets it asks for by segment, ranks each
// segment by itself with BM25 over its postings blocks (postings.ts) and its own statistics, then
// merges the segments on one scale (bm25.ts). A backend supplies only the reads (SegmentReads).
import type { StoredSection } from '../model.js';
import { commonTermCut, idf, mergeRanked, mergeScales } from './bm25.js';
import { PAGE_FIELDS, SECTION_FIELDS, inFieldOrder } from './fields.js';
import { rankBlocks } from './postings.js';
import { crowding } from './segments.js';
import { stemTerm } from '../text/stem-terms.js';
import type { ScoredPage, ScoredSection, SectionQuery } from './store.js';

/** A segment's two indexes: its section bodies and its pages. */
export type IndexKind = 'sections' | 'pages';

/** Where a doc set is stored: its segment and its size in each index. */
export interface DocSetPlace {
  id: number;
  segment: number;
  sections: number;
  pages: number;
}

/** The reads a backend answers for the shared ranking; each may be cached until the next write. */
export interface SegmentReads {
  /** Every stored doc set's segment and size. */
  places(): Promise<DocSetPlace[]>;
  /** Rows in one of a segment's indexes and their average length in terms. */
  size(segment: number, kind: IndexKind): Promise<{ rows: number; averageLength: number }>;
  /** Per stem, how many rows of one of a segment's indexes hold it (0 when none). */
  frequencies(segment: number, kind: IndexKind, stems: string[]): Promise<Map<string, number>>;
  /**
   * Per segment, how many of its section bodies hold each stem (missing: none): every segment asked
   * in one read, however many (choosing among many libraries asks all of them).
   */
  sectionFrequencies(segments: number[], stems: string[]): Promise<Map<number, Map<string, number>>>;
  /** Rows and average length of several segments' section indexes at once. */
  sectionSizes(segments: number[]): Promise<Map<number, { rows: number; averageLength: number }>>;
  /** Per stem, its postings blocks in one of a segment's indexes, oldest first. */
  blocks(segment: number, kind: IndexKind, stems: string[]): Promise<Map<string, Uint8Array[]>>;
  /** The sections of these bodies as the doc sets show them, per body in section order. */
  sections(bodyIds: number[], docSetIds: number[]): Promise<Map<number, StoredSection[]>>;
  /** Where the doc sets list these page versions, per page in doc set order. */
  paths(pageIds: number[], docSetIds: number[]): Promise<Map<number, Array<{ docSetId: number; path: string }>>>;
}

/** The doc sets a search asks for in one segment, and how many versions the segment holds. */
interface Asked {
  segment: number;
  ids: number[];
  sections: number;
  pages: number;
  versions: number;
}

export async function rankSections(reads: SegmentReads, query: SectionQuery): Promise<ScoredSection[]> {
  const weights = inFieldOrder(SECTION_FIELDS, query.weights);
  return acrossSegments(reads, query, async (asked, stems) => {
    const ranked = await rankSegment(reads, asked, 'sections', stems, weights, query.limit);
    if (ranked.length === 0) return [];
    const byBody = await reads.sections(ranked.map((r) => r.id), asked.ids);
    return ranked.flatMap((r) => (byBody.get(r.id) ?? []).map((section) => ({ section, score: r.score })));
  });
}

/** Whole pages ranked for the same terms: the terms chosen by their share of sections, IDF of pages. */
export async function rankPages(reads: SegmentReads, query: SectionQuery): Promise<ScoredPage[]> {
  const weights = inFieldOrder(PAGE_FIELDS, query.weights);
  return acrossSegments(reads, query, async (asked, stems) => {
    const ranked = await rankSegment(reads, asked, 'pages', stems, weights, query.limit);
    if (ranked.length === 0) return [];
    const listed = await reads.paths(ranked.map((r) => r.id), asked.ids);
    return ranked.flatMap((r) => (listed.get(r.id) ?? []).map(({ docSetId, path }) => ({ docSetId, path, score: r.score })));
  });
}

/** Store.termShares: per doc set, each term's sections per term indexed in its segment. */
export async function termShares(reads: SegmentReads, docSetIds: number[], terms: string[]): Promise<Map<number, number[]>> {
  const stems = terms.map(stemTerm);
  const groups = askedBySegment(await reads.places(), docSetIds);
  const segments = groups.map((g) => g.segment);
  const [frequencies, sizes] = await Promise.all([reads.sectionFrequencies(segments, [...new Set(stems)]), reads.sectionSizes(segments)]);
  const out = new Map<number, number[]>();
  for (const asked of groups) {
    const counts = frequencies.get(asked.segment);
    const { rows, averageLength } = sizes.get(asked.segment) ?? { rows: 0, averageLength: 1 };
    for (const id of asked.ids) out.set(id, stems.map((stem) => (rows > 0 ? (counts?.get(stem) ?? 0) / (rows * averageLength) : 0)));
  }
  return out;
}

/**
 * The asked doc sets by segment, in the order they were asked (which breaks ties between
 * segments), with their sizes and each segment's version count.
 */
function askedBySegment(places: DocSetPlace[], docSetIds: number[]): Asked[] {
  const versions = new Map<number, number>();
  for (const p of places) versions.set(p.segment, (versions.get(p.segment) ?? 0) + 1);
  const byId = new Map(places.map((p) => [p.id, p]));
  const groups = new Map<number, Asked>();
  for (const id of docSetIds) {
    const p = byId.get(id);
    if (!p) continue;
    let group = groups.get(p.segment);
    if (!group) groups.set(p.segment, (group = { segment: p.segment, ids: [], sections: 0, pages: 0, versions: versions.get(p.segment)! }));
    group.ids.push(id);
    group.sections += p.sections;
    group.pages += p.pages;
  }
  return [...groups.values()];
}

/**
 * Ranks each segment of the asked doc sets by itself, with that segment's selective stems (the same
 * for sections and pages: which terms are common is a property of the sections), and merges the
 * results by score on one scale.
 */
async function acrossSegments<T extends { score: number }>(
  reads: SegmentReads,
  query: SectionQuery,
  rank: (asked: Asked, stems: string[]) => Promise<T[]>,
): Promise<T[]> {
  if (query.terms.length === 0 || query.docSetIds.length === 0) return [];
  // A stem the question repeats ("agent", "agents") counts once per mention.
  const stems = query.terms.map(stemTerm);
  const groups = askedBySegment(await reads.places(), query.docSetIds);
  const counted = await Promise.all(
    groups.map(async ({ segment }) => {
      const [frequencies, { rows }] = await Promise.all([reads.frequencies(segment, 'sections', stems), reads.size(segment, 'sections')]);
      return { rows, frequencies };
    }),
  );
  const scales = mergeScales(counted);
  const parts = await Promise.all(
    groups.map(async (asked, i) => {
      const { rows, frequencies } = counted[i];
      const selective = selectiveStems(stems, frequencies, rows, query.maxTermShare);
      if (selective.length === 0) return [];
      const items = await rank(asked, selective);
      return scales[i] === 1 ? items : items.map((item) => ({ ...item, score: item.score * scales[i] }));
    }),
  );
  return mergeRanked(parts, query.limit);
}

/** One segment's stems to search with: the ones it has, its common ones dropped (bm25.ts commonTermCut). */
function selectiveStems(stems: string[], frequencies: ReadonlyMap<string, number>, rows: number, maxShare: number | undefined): string[] {
  const counted = stems.map((term) => ({ term, count: frequencies.get(term)! }));
  if (maxShare === undefined || stems.length <= 3) return counted.filter((c) => c.count > 0).map((c) => c.term);
  return commonTermCut(counted, rows, maxShare);
}

/**
 * The best rows of one of a segment's indexes for `stems`, by BM25 over their postings: `limit` of
 * the asked doc sets' rows, asking for more when the segment holds other versions too (crowding).
 */
async function rankSegment(reads: SegmentReads, asked: Asked, kind: IndexKind, stems: string[], weights: number[], limit: number): Promise<Array<{ id: number; score: number }>> {
  const [{ rows, averageLength }, frequencies, blocks] = await Promise.all([
    reads.size(asked.segment, kind),
    reads.frequencies(asked.segment, kind, stems),
    reads.blocks(asked.segment, kind, stems),
  ]);
  const ours = kind === 'sections' ? asked.sections : asked.pages;
  const wanted = Math.ceil(limit * crowding(rows, ours, asked.versions, asked.ids.length));
  const ranked = stems.filter((s) => frequencies.get(s)! > 0).map((s) => ({ idf: idf(rows, frequencies.get(s)!), blocks: blocks.get(s) ?? [] }));
  return rankBlocks(ranked, weights, averageLength, wanted);
}
