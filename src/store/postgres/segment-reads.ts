// The reads the shared ranking (segment-ranking.ts) asks of a PostgreSQL index, through the cache
// of the current generation: what questions share (statistics, postings blocks, ranked sections and
// pages) is read once and kept.
import type postgres from 'postgres';
import type { StoredSection } from '../../model.js';
import { blocksByTerm } from '../postings.js';
import { toSection, type DocSetRow, type SectionRow } from '../rows.js';
import type { IndexKind, SegmentReads } from '../segment-ranking.js';
import { INDEXES, SECTION_COLUMNS } from './schema.js';
import { segmentCache, throughCache, type ReadCache } from './read-cache.js';

export function postgresReads(sql: postgres.Sql, c: ReadCache): SegmentReads {
  return {
    async places() {
      return (await docSetRows(sql, c)).map((d) => ({ id: d.id, segment: d.segment_id!, sections: d.section_count, pages: d.page_count }));
    },
    async size(segment, kind) {
      const l = segmentCache(c, segment);
      const cached = l.sizes.get(kind);
      if (cached) return cached;
      const [row] = await sql.unsafe<Array<{ rows: string; avg: string | null }>>(`SELECT count(*) AS rows, avg(n_terms) AS avg FROM ${INDEXES[kind].rows} WHERE segment_id = $1`, [segment]);
      const size = { rows: Number(row.rows), averageLength: Number(row.avg ?? 0) || 1 };
      l.sizes.set(kind, size);
      return size;
    },
    frequencies: (segment, kind, stems) => docFrequencies(sql, c, segment, kind, stems),
    async sectionSizes(segments) {
      if (!c.sectionSizes) {
        c.sectionSizes = sql<Array<{ segment_id: number; rows: string; avg: string | null }>>`
          SELECT segment_id, count(*) AS rows, avg(n_terms) AS avg FROM vdocs_bodies GROUP BY segment_id`.then(
          (rows) => new Map(rows.map((r) => [r.segment_id, { rows: Number(r.rows), averageLength: Number(r.avg ?? 0) || 1 }])),
        );
        // A failed read is not kept: the next search tries again.
        c.sectionSizes.catch(() => (c.sectionSizes = undefined));
      }
      const all = await c.sectionSizes;
      return new Map(segments.map((segment) => [segment, all.get(segment) ?? { rows: 0, averageLength: 1 }]));
    },
    async sectionFrequencies(segments, stems) {
      const missing = stems.filter((stem) => !c.everywhere.has(stem));
      if (missing.length > 0) {
        const read = sql<Array<{ segment_id: number; term: string; n: string }>>`
          SELECT segment_id, term, sum(rows) AS n FROM vdocs_section_postings WHERE term = ANY(${missing}) GROUP BY segment_id, term`.then((rows) => {
          const bySegment = new Map(missing.map((stem) => [stem, new Map<number, number>()]));
          for (const r of rows) bySegment.get(r.term)!.set(r.segment_id, Number(r.n));
          return bySegment;
        });
        for (const stem of missing) {
          const counts = read.then((all) => all.get(stem)!);
          c.everywhere.set(stem, counts);
          // A failed read is not kept: the next search tries again.
          counts.catch(() => c.everywhere.get(stem) === counts && c.everywhere.delete(stem));
        }
      }
      const counts = await Promise.all(stems.map((stem) => c.everywhere.get(stem)!));
      return new Map(segments.map((segment) => [segment, new Map(stems.map((stem, i) => [stem, counts[i].get(segment) ?? 0]))]));
    },
    async blocks(segment, kind, stems) {
      const key = (stem: string) => `${kind}\u0000${segment}\u0000${stem}`;
      const found = await throughCache(c.blocks, [...new Set(stems)], key, async (missing) => {
        const rows = await sql.unsafe<Array<{ term: string; data: Uint8Array }>>(
          `SELECT term, data FROM ${INDEXES[kind].postings} WHERE segment_id = $1 AND term = ANY($2) ORDER BY term, block`,
          [segment, missing],
        );
        const read = blocksByTerm(rows);
        return new Map(missing.map((stem) => [key(stem), read.get(stem) ?? []]));
      });
      return new Map(stems.map((stem) => [stem, found.get(key(stem))!]));
    },
    async sections(bodyIds, docSetIds) {
      const key = ([docSetId, body]: [number, number]) => `${docSetId}:${body}`;
      const pairs = bodyIds.flatMap((body) => docSetIds.map((docSetId): [number, number] => [docSetId, body]));
      const found = await throughCache(c.sections, pairs, key, async (missing) => {
        const bodies = [...new Set(missing.map(([, body]) => body))];
        const rows = await sql<Array<SectionRow & { title: string; body_id: number }>>`
          SELECT ${sql.unsafe(SECTION_COLUMNS)}, s.body_id FROM vdocs_sections s
          JOIN vdocs_bodies b ON b.id = s.body_id JOIN vdocs_texts t ON t.id = b.text_id
          JOIN vdocs_docset_pages dp ON dp.page_id = s.page_id AND dp.docset_id = ANY(${docSetIds})
          JOIN vdocs_page_versions pv ON pv.id = s.page_id
          WHERE s.body_id = ANY(${bodies}) ORDER BY s.id`;
        const read = new Map(bodies.flatMap((body) => docSetIds.map((docSetId) => [key([docSetId, body]), [] as StoredSection[]])));
        // Shared by the searches that rank them: frozen, so that none can change another's.
        for (const row of rows) read.get(key([row.docset_id, row.body_id]))!.push(frozen(toSection(row)));
        return read;
      });
      return new Map(bodyIds.map((body) => [body, docSetIds.flatMap((docSetId) => found.get(key([docSetId, body]))!).sort((a, b) => a.id - b.id || a.docSetId - b.docSetId)]));
    },
    async paths(pageIds, docSetIds) {
      const key = ([docSetId, page]: [number, number]) => `${docSetId}:${page}`;
      const pairs = pageIds.flatMap((page) => docSetIds.map((docSetId): [number, number] => [docSetId, page]));
      const found = await throughCache(c.listings, pairs, key, async (missing) => {
        const pages = [...new Set(missing.map(([, page]) => page))];
        const listed = await sql<Array<{ docset_id: number; path: string; page_id: number }>>`
          SELECT docset_id, path, page_id FROM vdocs_docset_pages WHERE page_id = ANY(${pages}) AND docset_id = ANY(${docSetIds})`;
        const read = new Map(pages.flatMap((page) => docSetIds.map((docSetId) => [key([docSetId, page]), { path: null as string | null }])));
        for (const row of listed) read.set(key([row.docset_id, row.page_id]), { path: row.path });
        return read;
      });
      const byId = [...docSetIds].sort((a, b) => a - b);
      return new Map(pageIds.map((page) => [page, byId.flatMap((docSetId) => {
        const path = found.get(key([docSetId, page]))!.path;
        return path === null ? [] : [{ docSetId, path }];
      })]));
    },
  };
}

/** Every doc set of the generation, read once. */
export function docSetRows(sql: postgres.Sql, c: ReadCache): Promise<DocSetRow[]> {
  c.docSets ??= sql<DocSetRow[]>`SELECT * FROM vdocs_docsets ORDER BY name, id`.then((rows) => [...rows]);
  // A failed read is not kept: the next search tries again.
  c.docSets.catch(() => (c.docSets = undefined));
  return c.docSets;
}

/**
 * Document frequencies of stems in a segment, counted on the postings of both its indexes in one
 * query (a search ranks sections and pages at once, and both need them): cached until a write
 * (the most recently asked stems), a count under way shared.
 */
async function docFrequencies(sql: postgres.Sql, c: ReadCache, segment: number, kind: IndexKind, stems: string[]): Promise<Map<string, number>> {
  const l = segmentCache(c, segment);
  const asked = new Map<string, Promise<Record<IndexKind, number>> | undefined>([...new Set(stems)].map((stem) => [stem, l.counts.get(stem)]));
  const missing = [...asked].filter(([, count]) => !count).map(([stem]) => stem);
  if (missing.length > 0) {
    const read = sql
      .unsafe<Array<{ pages: boolean; term: string; n: string }>>(
        `SELECT false AS pages, term, sum(rows) AS n FROM vdocs_section_postings WHERE segment_id = $1 AND term = ANY($2) GROUP BY term
         UNION ALL SELECT true, term, sum(rows) FROM vdocs_page_postings WHERE segment_id = $1 AND term = ANY($2) GROUP BY term`,
        [segment, missing],
      )
      .then((rows) => {
        const counts = new Map<string, Record<IndexKind, number>>(missing.map((stem) => [stem, { sections: 0, pages: 0 }]));
        for (const row of rows) counts.get(row.term)![row.pages ? 'pages' : 'sections'] = Number(row.n);
        return counts;
      });
    for (const stem of missing) {
      const count = read.then((counts) => counts.get(stem)!);
      asked.set(stem, count);
      l.counts.set(stem, count);
      // A failed read is not kept: the next search tries again.
      count.catch(() => l.counts.get(stem) === count && l.counts.delete(stem));
    }
  }
  const counts = await Promise.all(stems.map((stem) => asked.get(stem)!));
  return new Map(stems.map((stem, i) => [stem, counts[i][kind]]));
}

function frozen(section: StoredSection): StoredSection {
  Object.freeze(section.headingPath);
  return Object.freeze(section);
}
