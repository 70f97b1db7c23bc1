// The reads the shared ranking (segment-ranking.ts) asks of a SQLite index. Statistics and doc set
// places are cached until any process writes to the file (its data_version moves).
import type Database from 'better-sqlite3';
import { blocksByTerm } from '../postings.js';
import { toSection, type SectionRow } from '../rows.js';
import type { DocSetPlace, IndexKind, SegmentReads } from '../segment-ranking.js';
import { INDEXES, SECTION_COLUMNS, type LazyStatement, type Statements } from './statements.js';

/** Per segment: its rows and their lengths in each index, and document frequencies. */
interface SegmentStats {
  lengths: Map<IndexKind, { rows: number; averageLength: number }>;
  /** Keyed by kind and stem. */
  counts: Map<string, number>;
}

interface ReadCache {
  segments: Map<number, SegmentStats>;
  places?: DocSetPlace[];
  /** Stems whose section frequencies were read for every segment: a segment without a count has none. */
  everywhere: Set<string>;
  /** Whether every segment's section size was read. */
  allSizes?: boolean;
}

const emptyCache = (): ReadCache => ({ segments: new Map(), everywhere: new Set() });

/** Above this many segments not yet measured, their sizes are read in one pass over the bodies. */
const SIZES_ONE_BY_ONE = 8;

/** The reads, and `forget`: drop the cache (after this process wrote). */
export function sqliteReads(db: Database.Database, st: Statements, statement: LazyStatement): { reads: SegmentReads; forget: () => void } {
  /** Statistics and doc set places, valid until any process writes (data_version moves). */
  let cached = emptyCache();
  let dataVersion = -1;
  function fresh(): ReadCache {
    const now = db.pragma('data_version', { simple: true }) as number;
    if (now !== dataVersion) {
      dataVersion = now;
      forget();
    }
    return cached;
  }
  function forget(): void {
    cached = emptyCache();
  }
  /** A segment's statistics in the cache `c` (one `fresh()` per read, not one per segment). */
  function statsIn(c: ReadCache, segment: number): SegmentStats {
    let s = c.segments.get(segment);
    if (!s) c.segments.set(segment, (s = { lengths: new Map(), counts: new Map() }));
    return s;
  }

  function sizeOf(c: ReadCache, segment: number, kind: IndexKind): { rows: number; averageLength: number } {
    const s = statsIn(c, segment);
    let l = s.lengths.get(kind);
    if (!l && kind === 'sections' && c.allSizes) s.lengths.set(kind, (l = { rows: 0, averageLength: 1 }));
    if (!l) {
      const row = statement(`lengths:${kind}`, () => `SELECT count(*) AS n, total(n_terms) AS terms FROM ${INDEXES[kind].rows} WHERE segment_id = ?`).get(segment) as { n: number; terms: number };
      s.lengths.set(kind, (l = { rows: row.n, averageLength: row.n > 0 ? row.terms / row.n : 1 }));
    }
    return l;
  }

  /** The reads of the shared ranking (segment-ranking.ts), from this file. */
  const reads: SegmentReads = {
    async places() {
      const c = fresh();
      c.places ??= st.places.all();
      return c.places;
    },
    size: async (segment, kind) => sizeOf(fresh(), segment, kind),
    async sectionSizes(segments) {
      const c = fresh();
      const unknown = segments.filter((segment) => !c.segments.get(segment)?.lengths.has('sections'));
      if (unknown.length > SIZES_ONE_BY_ONE && !c.allSizes) {
        for (const row of statement('lengths:all', () => 'SELECT segment_id, count(*) AS n, total(n_terms) AS terms FROM bodies GROUP BY segment_id').all() as Array<{ segment_id: number; n: number; terms: number }>) {
          statsIn(c, row.segment_id).lengths.set('sections', { rows: row.n, averageLength: row.n > 0 ? row.terms / row.n : 1 });
        }
        c.allSizes = true;
      }
      return new Map(segments.map((segment) => [segment, sizeOf(c, segment, 'sections')]));
    },
    async sectionFrequencies(segments, stems) {
      const c = fresh();
      const missing = stems.filter((stem) => !c.everywhere.has(stem));
      if (missing.length > 0) {
        const sql = () => 'SELECT segment_id, term, sum(rows) AS n FROM section_postings WHERE term IN (SELECT value FROM json_each(?)) GROUP BY segment_id, term';
        for (const row of statement('counts:everywhere', sql).all(JSON.stringify(missing)) as Array<{ segment_id: number; term: string; n: number }>) {
          statsIn(c, row.segment_id).counts.set(`sections:${row.term}`, row.n);
        }
        for (const stem of missing) c.everywhere.add(stem);
      }
      return new Map(segments.map((segment) => {
        const counts = c.segments.get(segment)?.counts;
        return [segment, new Map(stems.map((stem) => [stem, counts?.get(`sections:${stem}`) ?? 0]))];
      }));
    },
    async frequencies(segment, kind, stems) {
      const c = fresh();
      const s = statsIn(c, segment);
      const everywhere = kind === 'sections' ? c.everywhere : undefined;
      const missing = stems.filter((stem) => !s.counts.has(`${kind}:${stem}`) && !everywhere?.has(stem));
      if (missing.length > 0) {
        const sql = () => `SELECT term, sum(rows) AS n FROM ${INDEXES[kind].postings} WHERE segment_id = ? AND term IN (SELECT value FROM json_each(?)) GROUP BY term`;
        for (const stem of missing) s.counts.set(`${kind}:${stem}`, 0);
        for (const row of statement(`counts:${kind}`, sql).all(segment, JSON.stringify(missing)) as Array<{ term: string; n: number }>) s.counts.set(`${kind}:${row.term}`, row.n);
      }
      return new Map(stems.map((stem) => [stem, s.counts.get(`${kind}:${stem}`) ?? 0]));
    },
    async blocks(segment, kind, stems) {
      const sql = () => `SELECT term, data FROM ${INDEXES[kind].postings} WHERE segment_id = ? AND term IN (SELECT value FROM json_each(?)) ORDER BY term, block`;
      return blocksByTerm(statement(`blocks:${kind}`, sql).all(segment, JSON.stringify(stems)) as Array<{ term: string; data: Uint8Array }>);
    },
    async sections(bodyIds, docSetIds) {
      // CROSS JOIN pins the plan: the ranked bodies first, then their sections in these doc sets.
      const rows = statement(`sections:${docSetIds.length}`, () => `
        SELECT ${SECTION_COLUMNS}, b.id AS body_id
        FROM json_each(?) ranked
        CROSS JOIN bodies b ON b.id = ranked.value
        CROSS JOIN texts t ON t.id = b.text_id
        CROSS JOIN sections s ON s.body_id = b.id
        CROSS JOIN docset_pages dp ON dp.page_id = s.page_id
        CROSS JOIN page_versions pv ON pv.id = s.page_id
        WHERE dp.docset_id IN (${docSetIds.map(() => '?').join(', ')})
        ORDER BY ranked.key, s.id`).all(JSON.stringify(bodyIds), ...docSetIds) as Array<SectionRow & { title: string; body_id: number }>;
      return groupBy(rows, (row) => row.body_id, toSection);
    },
    async paths(pageIds, docSetIds) {
      const rows = statement(`pages:${docSetIds.length}`, () => `
        SELECT dp.docset_id AS docset_id, dp.path AS path, dp.page_id AS page_id
        FROM json_each(?) ranked CROSS JOIN docset_pages dp ON dp.page_id = ranked.value
        WHERE dp.docset_id IN (${docSetIds.map(() => '?').join(', ')})
        ORDER BY ranked.key, dp.docset_id`).all(JSON.stringify(pageIds), ...docSetIds) as Array<{ docset_id: number; path: string; page_id: number }>;
      return groupBy(rows, (row) => row.page_id, (row) => ({ docSetId: row.docset_id, path: row.path }));
    },
  };
  return { reads, forget };
}

/** Rows grouped by `keyOf`, in their order, each mapped by `map`. */
function groupBy<R, V>(rows: R[], keyOf: (row: R) => number, map: (row: R) => V): Map<number, V[]> {
  const out = new Map<number, V[]>();
  for (const row of rows) {
    const key = keyOf(row);
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push(map(row));
  }
  return out;
}
