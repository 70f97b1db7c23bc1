// PostgreSQL backend for teams: several vdocs instances share one database. Writes are one
// transaction under an advisory lock per library (doc set name); a generation counter tells every
// instance when its cached statistics are stale. Search reads the query stems' postings blocks of a
// segment (store/postings.ts, as the SQLite backend does) and ranks them in memory with the same BM25.
import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import postgres from 'postgres';
import { DocsError } from '../../errors.js';
import type { Page, StoredSection } from '../../model.js';
import { bodyKey, TEXT_SLOTS, textSlot, toDocSet, toSection, type DocSetRow, type SectionRow } from '../rows.js';
import type { DocSetWrite, IndexedSection, KnownPage, PageSummary, ScoredPage, ScoredSection, SectionQuery, Store } from '../store.js';
import { crowding, sharesEnough, staysCompact } from '../segments.js';
import { commonTermCut, idf, mergeRanked, mergeScales } from '../bm25.js';
import { addPostings, blocksByTerm, encodeTerms, rankBlocks, rewriteTerms, type Posting } from '../postings.js';
import { packPageText, unpackPageText } from '../page-text.js';
import { rowTerms, stemTerm } from '../stem-terms.js';

const BATCH = 500;

// Segments (versions of one library that are mostly alike, store/segments.ts) scope candidates and
// statistics; page versions are stored once per segment and key and shared by every version that
// lists them in vdocs_docset_pages.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS vdocs_meta (id int PRIMARY KEY, generation bigint NOT NULL);
INSERT INTO vdocs_meta VALUES (1, 0) ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS vdocs_segments (id serial PRIMARY KEY, name text NOT NULL, blocks int NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS vdocs_segments_by_name ON vdocs_segments (name);
CREATE TABLE IF NOT EXISTS vdocs_docsets (
  id serial PRIMARY KEY, segment_id int NOT NULL REFERENCES vdocs_segments(id), name text NOT NULL, version text NOT NULL,
  source text NOT NULL, source_hash text NOT NULL, page_count int NOT NULL, section_count int NOT NULL, indexed_at text NOT NULL,
  UNIQUE (name, version)
);
CREATE TABLE IF NOT EXISTS vdocs_page_versions (
  id serial PRIMARY KEY, segment_id int NOT NULL REFERENCES vdocs_segments(id) ON DELETE CASCADE, key text NOT NULL,
  path text NOT NULL, title text NOT NULL, hash text NOT NULL, content bytea NOT NULL, n_terms int NOT NULL,
  UNIQUE (segment_id, key)
);
CREATE TABLE IF NOT EXISTS vdocs_docset_pages (
  docset_id int NOT NULL REFERENCES vdocs_docsets(id) ON DELETE CASCADE, path text NOT NULL,
  page_id int NOT NULL REFERENCES vdocs_page_versions(id), PRIMARY KEY (docset_id, path)
);
CREATE INDEX IF NOT EXISTS vdocs_docset_pages_by_page ON vdocs_docset_pages (page_id, docset_id);
-- A section's text and code, once per library and content at the slot rows.ts textSlot gives it,
-- kept while a body shows it (no reference count: each update of one would leave a dead copy of
-- the row behind).
CREATE TABLE IF NOT EXISTS vdocs_texts (id bigint PRIMARY KEY, text text NOT NULL, code text NOT NULL);
-- Section bodies (what the postings index) are stored once per segment and content (rows.ts bodyKey).
CREATE TABLE IF NOT EXISTS vdocs_bodies (
  id serial PRIMARY KEY, segment_id int NOT NULL REFERENCES vdocs_segments(id) ON DELETE CASCADE, key text NOT NULL,
  text_id bigint NOT NULL REFERENCES vdocs_texts(id), content_hash text NOT NULL, n_terms int NOT NULL,
  UNIQUE (segment_id, key)
);
CREATE INDEX IF NOT EXISTS vdocs_bodies_lengths ON vdocs_bodies (segment_id, n_terms);
CREATE INDEX IF NOT EXISTS vdocs_bodies_by_text ON vdocs_bodies (text_id);
CREATE TABLE IF NOT EXISTS vdocs_sections (
  id serial PRIMARY KEY, page_id int NOT NULL REFERENCES vdocs_page_versions(id) ON DELETE CASCADE,
  body_id int NOT NULL REFERENCES vdocs_bodies(id), ord int NOT NULL, kind text NOT NULL, anchor text NOT NULL,
  heading_path text NOT NULL, level int NOT NULL, start_line int NOT NULL, end_line int NOT NULL
);
CREATE INDEX IF NOT EXISTS vdocs_sections_page ON vdocs_sections (page_id, ord);
CREATE INDEX IF NOT EXISTS vdocs_sections_body ON vdocs_sections (body_id, page_id);
-- Postings blocks (store/postings.ts): per segment and stem, one block per write that added rows.
CREATE TABLE IF NOT EXISTS vdocs_section_postings (
  segment_id int NOT NULL, term text NOT NULL, block int NOT NULL, rows int NOT NULL, data bytea NOT NULL, PRIMARY KEY (segment_id, term, block)
);
CREATE TABLE IF NOT EXISTS vdocs_page_postings (
  segment_id int NOT NULL, term text NOT NULL, block int NOT NULL, rows int NOT NULL, data bytea NOT NULL, PRIMARY KEY (segment_id, term, block)
);
CREATE TABLE IF NOT EXISTS vdocs_secondary (
  docset_id int NOT NULL REFERENCES vdocs_docsets(id) ON DELETE CASCADE, section_id int NOT NULL, PRIMARY KEY (docset_id, section_id)
);
`;

/**
 * An index written by an earlier vdocs (one copy of every page per version, full-text columns or
 * postings rows instead of blocks, section texts in their bodies) is a cache: dropped, and indexed
 * again from its sources.
 */
const OLD_TABLES =
  'DROP TABLE IF EXISTS vdocs_section_terms, vdocs_page_terms, vdocs_section_postings, vdocs_page_postings, vdocs_secondary, vdocs_sections, vdocs_bodies, vdocs_texts, vdocs_docset_pages, vdocs_page_versions, vdocs_pages, vdocs_docsets, vdocs_libraries, vdocs_segments CASCADE';

/** The two ranked tables of a segment: section bodies and pages. */
type Table = 'vdocs_bodies' | 'vdocs_page_versions';

/** Each ranked table's postings blocks and how many fields (in weight order) a posting counts. */
const POSTINGS: Record<Table, { table: string; fields: number }> = {
  vdocs_bodies: { table: 'vdocs_section_postings', fields: 5 },
  vdocs_page_versions: { table: 'vdocs_page_postings', fields: 3 },
};

/** The doc sets a search asks for in one segment: their ids, sections and pages, and the segment's version count. */
interface Asked {
  ids: number[];
  sections: number;
  pages: number;
  versions: number;
}

/** A segment's size and average row length in terms (all fields together, as FTS5 counts it). */
interface SegmentStats {
  rows: number;
  avgLength: number;
}

interface SegmentCache {
  /** Per stem: its document frequency in each index. */
  counts: LRUCache<string, Promise<Record<Table, number>>>;
  stats: Map<Table, SegmentStats>;
}

interface Cache {
  generation: number;
  segments: Map<number, SegmentCache>;
  /**
   * Postings blocks read lately, by index, segment and stem. Questions share most of their words,
   * and a stem's blocks read again cost a query and their decoding; bounded in bytes.
   */
  blocks: LRUCache<string, Uint8Array[]>;
  /** Sections ranked lately, by doc set and body (none: the doc set does not show the body). */
  sections: LRUCache<string, StoredSection[]>;
  /** Paths of pages ranked lately, by doc set and page version (null: the doc set does not list it). */
  listings: LRUCache<string, { path: string | null }>;
  /** Pages searches read on from lately, by doc set and path, inflated. */
  pages: LRUCache<string, Page>;
  /** Every doc set, read once per generation: listing and grouping by segment need no query then. */
  docSets?: Promise<DocSetRow[]>;
}

/** Channel a write notifies on commit, so that other instances drop their cached statistics. */
const CHANNEL = 'vdocs_generation';
/** How long opening waits for its own notification before it reads the generation on every search instead. */
const LISTEN_PROBE_MS = 1000;
/** Longest a listening instance answers from its cache without reading the generation. */
const TRUST_MS = 5000;
/** Bytes of postings blocks kept in memory (about a big library's whole section index). */
const BLOCKS_CACHE_BYTES = 32 * 1024 * 1024;
/** Bytes (about) of ranked sections kept in memory, texts included. */
const SECTIONS_CACHE_BYTES = 32 * 1024 * 1024;
/** Page listings kept in memory. */
const LISTINGS_CACHED = 100_000;
/** Bytes (about) of inflated pages kept in memory. */
const PAGES_CACHE_BYTES = 32 * 1024 * 1024;
/** Stems whose document frequencies are kept per segment: questions may bring any number of new words. */
const COUNTS_CACHED = 50_000;

function emptyCache(generation: number): Cache {
  return {
    generation,
    segments: new Map(),
    blocks: new LRUCache({ maxSize: BLOCKS_CACHE_BYTES, sizeCalculation: (blocks) => blocks.reduce((n, b) => n + b.byteLength, 64) }),
    sections: new LRUCache({ maxSize: SECTIONS_CACHE_BYTES, sizeCalculation: (rows) => rows.reduce((n, r) => n + 2 * (r.text.length + r.code.length) + 300, 64) }),
    listings: new LRUCache({ max: LISTINGS_CACHED }),
    pages: new LRUCache({ maxSize: PAGES_CACHE_BYTES, sizeCalculation: (page) => 2 * (page.content.length + page.path.length + page.title.length) + 200 }),
  };
}

export interface PostgresStoreOptions {
  /** A read that gets no answer within this time fails with STORE_FAILED (default 5 s). */
  readTimeoutMs?: number;
}

export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const readTimeoutMs = options.readTimeoutMs ?? 5000;
  const sql = postgres(url, { max: 8, onnotice: () => undefined, idle_timeout: 30, connect_timeout: Math.max(1, Math.ceil(readTimeoutMs / 1000)), keep_alive: 10 });
  const failed = (what: string) => (error: unknown) => {
    throw error instanceof DocsError ? error : new DocsError('STORE_FAILED', `${what} failed: ${(error as Error).message}`, { cause: error });
  };
  /**
   * Reads answer within the deadline or fail: a database that went away without closing its
   * connections (a dropped network) would otherwise hold requests until TCP gives up.
   */
  function bounded<T>(query: PromiseLike<T> & { cancel?: () => unknown }, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        void Promise.resolve(query.cancel?.()).catch(() => undefined);
        reject(new DocsError('STORE_FAILED', `${what} failed: the PostgreSQL index did not answer within ${readTimeoutMs / 1000} s (is the database up?).`));
      }, readTimeoutMs);
    });
    return Promise.race([Promise.resolve(query), timeout]).finally(() => clearTimeout(timer)) as Promise<T>;
  }
  await sql
    .begin(async (tx) => {
      await tx`SELECT pg_advisory_xact_lock(hashtext('vdocs schema'))`;
      const [old] = await tx`
        SELECT 1 FROM information_schema.tables WHERE table_name IN ('vdocs_pages', 'vdocs_libraries', 'vdocs_section_terms')
        UNION ALL SELECT 1 FROM information_schema.columns WHERE table_name = 'vdocs_sections' AND column_name IN ('tsv', 'text')
        UNION ALL SELECT 1 FROM information_schema.columns WHERE table_name = 'vdocs_bodies' AND column_name = 'text'
        UNION ALL SELECT 1 FROM information_schema.columns WHERE table_name = 'vdocs_page_versions' AND column_name = 'content' AND data_type = 'text'`;
      if (old) await tx.unsafe(OLD_TABLES);
      // Postings name segments by id: without the segments table they are from another index.
      const [segments] = await tx`SELECT 1 FROM information_schema.tables WHERE table_name = 'vdocs_segments'`;
      if (!segments) await tx`DROP TABLE IF EXISTS vdocs_section_postings, vdocs_page_postings`;
      await tx.unsafe(SCHEMA);
    })
    .catch(failed(`Opening the PostgreSQL index at ${redact(url)}`));

  let cache = emptyCache(-1);
  // Listing doc sets (the first step of every search) reads the generation, so a search sees every
  // write committed before it began, whichever instance made it. The ranking steps that follow
  // trust the cache while a listener on CHANNEL has heard of no write since (and for a few seconds
  // at most: a listener that lost its connection hears nothing until it is back). Without a
  // listener (a pooler that does not pass LISTEN through) each step reads the generation.
  let listening = false;
  let trustedUntil = 0;
  let notices = 0;
  const stale = () => {
    notices++;
    trustedUntil = 0;
  };
  const probe = randomUUID();
  let heard: () => void = () => undefined;
  const echoed = new Promise<void>((resolve) => (heard = resolve));
  const listener = await sql
    .listen(CHANNEL, (payload) => (payload === probe ? heard() : stale()), stale)
    .catch(() => undefined);
  if (listener) {
    // A pooler in transaction mode accepts LISTEN but never delivers: trust the channel only once
    // it has carried a notification of our own.
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, LISTEN_PROBE_MS)));
    await sql`SELECT pg_notify(${CHANNEL}, ${probe})`.catch(() => undefined);
    listening = await Promise.race([echoed.then(() => true), deadline.then(() => false)]);
    clearTimeout(timer);
    stale();
  }
  async function fresh(verify = false): Promise<Cache> {
    if (!verify && performance.now() < trustedUntil) return cache;
    const seen = notices;
    const [{ generation }] = await sql<Array<{ generation: string }>>`SELECT generation FROM vdocs_meta WHERE id = 1`;
    if (Number(generation) !== cache.generation) cache = emptyCache(Number(generation));
    // A notification that came while the generation was read may be about a later write.
    if (listening && notices === seen) trustedUntil = performance.now() + TRUST_MS;
    return cache;
  }
  function docSetRows(c: Cache): Promise<DocSetRow[]> {
    c.docSets ??= sql<DocSetRow[]>`SELECT * FROM vdocs_docsets ORDER BY name, id`.then((rows) => [...rows]);
    // A failed read is not kept: the next search tries again.
    c.docSets.catch(() => (c.docSets = undefined));
    return c.docSets;
  }
  function segmentCache(c: Cache, segment: number): SegmentCache {
    let l = c.segments.get(segment);
    if (!l) c.segments.set(segment, (l = { counts: new LRUCache({ max: COUNTS_CACHED }), stats: new Map() }));
    return l;
  }

  /**
   * Document frequencies of stems in a segment, counted on the postings of both its indexes in one
   * query (a search ranks sections and pages at once, and both need them): cached until a write
   * (the most recently asked stems), a count under way shared.
   */
  async function docFrequencies(l: SegmentCache, segment: number, table: Table, stems: string[]): Promise<Map<string, number>> {
    const asked = new Map<string, Promise<Record<Table, number>> | undefined>([...new Set(stems)].map((stem) => [stem, l.counts.get(stem)]));
    const missing = [...asked].filter(([, count]) => !count).map(([stem]) => stem);
    if (missing.length > 0) {
      const read = sql
        .unsafe<Array<{ pages: boolean; term: string; n: string }>>(
          `SELECT false AS pages, term, sum(rows) AS n FROM vdocs_section_postings WHERE segment_id = $1 AND term = ANY($2) GROUP BY term
           UNION ALL SELECT true, term, sum(rows) FROM vdocs_page_postings WHERE segment_id = $1 AND term = ANY($2) GROUP BY term`,
          [segment, missing],
        )
        .then((rows) => {
          const counts = new Map<string, Record<Table, number>>(missing.map((stem) => [stem, { vdocs_bodies: 0, vdocs_page_versions: 0 }]));
          for (const row of rows) counts.get(row.term)![row.pages ? 'vdocs_page_versions' : 'vdocs_bodies'] = Number(row.n);
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
    return new Map(stems.map((stem, i) => [stem, counts[i][table]]));
  }

  async function stats(l: SegmentCache, segment: number, table: Table): Promise<SegmentStats> {
    const cached = l.stats.get(table);
    if (cached) return cached;
    const [row] = await sql.unsafe<Array<{ rows: string; avg: string | null }>>(`SELECT count(*) AS rows, avg(n_terms) AS avg FROM ${table} WHERE segment_id = $1`, [segment]);
    const result = { rows: Number(row.rows), avgLength: Number(row.avg ?? 0) || 1 };
    l.stats.set(table, result);
    return result;
  }

  /** The postings blocks of `stems` in one of a segment's indexes: those not cached read in one query. */
  async function postingsOf(c: Cache, table: Table, segment: number, stems: string[]): Promise<Map<string, Uint8Array[]>> {
    const key = (stem: string) => `${table}\u0000${segment}\u0000${stem}`;
    const found = await throughCache(c.blocks, [...new Set(stems)], key, async (missing) => {
      const rows = await sql.unsafe<Array<{ term: string; data: Uint8Array }>>(
        `SELECT term, data FROM ${POSTINGS[table].table} WHERE segment_id = $1 AND term = ANY($2) ORDER BY term, block`,
        [segment, missing],
      );
      const read = blocksByTerm(rows);
      return new Map(missing.map((stem) => [key(stem), read.get(stem) ?? []]));
    });
    return new Map(stems.map((stem) => [stem, found.get(key(stem))!]));
  }

  /**
   * The sections of bodies as the doc sets `docSetIds` show them, each body's in section order
   * (then doc set): those not cached read in one query.
   */
  async function sectionsOf(c: Cache, bodyIds: number[], docSetIds: number[]): Promise<Map<number, StoredSection[]>> {
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
  }

  /** The path of each page version in each doc set of `docSetIds` (none: not listed there), by `docset:page`: those not cached read in one query. */
  async function pathsOf(c: Cache, pageIds: number[], docSetIds: number[]): Promise<Map<string, { path: string | null }>> {
    const key = ([docSetId, page]: [number, number]) => `${docSetId}:${page}`;
    const pairs = pageIds.flatMap((page) => docSetIds.map((docSetId): [number, number] => [docSetId, page]));
    return throughCache(c.listings, pairs, key, async (missing) => {
      const pages = [...new Set(missing.map(([, page]) => page))];
      const listed = await sql<Array<{ docset_id: number; path: string; page_id: number }>>`
        SELECT docset_id, path, page_id FROM vdocs_docset_pages WHERE page_id = ANY(${pages}) AND docset_id = ANY(${docSetIds})`;
      const read = new Map(pages.flatMap((page) => docSetIds.map((docSetId) => [key([docSetId, page]), { path: null as string | null }])));
      for (const row of listed) read.set(key([row.docset_id, row.page_id]), { path: row.path });
      return read;
    });
  }

  /** The `limit` best rows of a segment for `stems` by BM25 over their postings blocks (postings.ts). */
  async function rankSegment(c: Cache, table: Table, segment: number, stems: string[], idfs: Map<string, number>, s: SegmentStats, weights: number[], limit: number) {
    const blocks = await postingsOf(c, table, segment, stems);
    return rankBlocks(stems.map((t) => ({ idf: idfs.get(t) ?? 0, blocks: blocks.get(t) ?? [] })), weights, s.avgLength, limit);
  }

  /** Document frequencies of stems in one of a segment's indexes, and its size. */
  async function counted(c: Cache, segment: number, table: Table, stems: string[]): Promise<{ counts: Map<string, number>; stats: SegmentStats }> {
    const l = segmentCache(c, segment);
    const [counts, s] = await Promise.all([docFrequencies(l, segment, table, stems), stats(l, segment, table)]);
    return { counts, stats: s };
  }

  /** The asked doc sets grouped by segment, with their sizes and the number of versions each segment holds. */
  function askedBySegment(all: DocSetRow[], docSetIds: number[]): Map<number, Asked> {
    const versions = new Map<number, number>();
    for (const d of all) versions.set(d.segment_id!, (versions.get(d.segment_id!) ?? 0) + 1);
    const asked = new Set(docSetIds);
    const groups = new Map<number, Asked>();
    for (const r of all) {
      if (!asked.has(r.id)) continue;
      const group = groups.get(r.segment_id!) ?? { ids: [], sections: 0, pages: 0, versions: versions.get(r.segment_id!)! };
      group.ids.push(r.id);
      group.sections += r.section_count;
      group.pages += r.page_count;
      groups.set(r.segment_id!, group);
    }
    return groups;
  }

  /** One segment's stems to search with: the common-term cut both backends make (commonTermCut). */
  async function selective(c: Cache, segment: number, table: Table, terms: string[], maxShare: number | undefined): Promise<{ stems: string[]; idfs: Map<string, number>; stats: SegmentStats }> {
    // A stem the question repeats ("agent", "agents") counts once per mention, as in FTS5 and the SQLite backend.
    const stems = terms.map(stemTerm);
    const { counts, stats: s } = await counted(c, segment, table, stems);
    const idfs = new Map([...counts].map(([t, n]) => [t, idf(s.rows, n)]));
    const kept =
      maxShare === undefined ? stems.filter((t) => counts.get(t)! > 0) : commonTermCut(stems.map((term) => ({ term, count: counts.get(term)! })), s.rows, maxShare);
    return { stems: kept, idfs, stats: s };
  }

  /** The requested doc sets by segment, each searched on its own; results merged on one scale. */
  async function acrossSegments<T extends { score: number }>(query: SectionQuery, run: (c: Cache, segment: number, asked: Asked) => Promise<T[]>): Promise<T[]> {
    const c = await fresh();
    const groups = askedBySegment(await docSetRows(c), query.docSetIds);
    const segments = [...groups.keys()];
    let scales = segments.map(() => 1);
    if (segments.length > 1) {
      const stems = [...new Set(query.terms.map(stemTerm))];
      const per = await Promise.all(
        segments.map(async (segment) => {
          const { counts, stats: s } = await counted(c, segment, 'vdocs_bodies', stems);
          return { rows: s.rows, frequencies: counts };
        }),
      );
      scales = mergeScales(per);
    }
    const parts = await Promise.all(segments.map(async (segment, i) => (await run(c, segment, groups.get(segment)!)).map((item) => ({ ...item, score: item.score * scales[i] }))));
    return mergeRanked(parts, query.limit);
  }

  /**
   * A version joins the segment chosen for it only if the segment stays compact in section bodies
   * (what searches rank), as in the SQLite backend; otherwise the add starts over, in a new segment.
   */
  async function checkCompact(tx: postgres.TransactionSql, segment: number, input: DocSetWrite, bodyKeys: ReadonlySet<string>): Promise<void> {
    const [{ stored, smallest }] = await tx<Array<{ stored: number; smallest: number | null }>>`
      SELECT (SELECT count(*)::int FROM vdocs_bodies WHERE segment_id = ${segment}) AS stored,
             (SELECT min(section_count) FROM vdocs_docsets WHERE segment_id = ${segment} AND NOT (name = ${input.name} AND version = ${input.version})) AS smallest`;
    const [{ have }] = await tx<Array<{ have: number }>>`SELECT count(*)::int AS have FROM vdocs_bodies WHERE segment_id = ${segment} AND key = ANY(${[...bodyKeys]})`;
    if (!staysCompact(stored + bodyKeys.size - have, Math.min(smallest ?? input.sectionCount, input.sectionCount))) {
      throw new DocsError('STORE_FAILED', `${input.name}@${input.version} differs too much from its segment; indexing it apart.`, { details: { retry: true } });
    }
  }

  /** A write's last step: the generation moves on, and every listening instance hears so at commit. */
  async function bumpGeneration(tx: postgres.TransactionSql): Promise<void> {
    await tx`UPDATE vdocs_meta SET generation = generation + 1 WHERE id = 1`;
    await tx`SELECT pg_notify(${CHANNEL}, '')`;
  }

  /** Removes the page versions no doc set lists any more (and their postings), and segments left empty. */
  async function collectGarbage(tx: postgres.TransactionSql, segment: number): Promise<void> {
    const [{ n }] = await tx<Array<{ n: number }>>`SELECT count(*)::int AS n FROM vdocs_docsets WHERE segment_id = ${segment}`;
    if (n === 0) {
      // Nothing shares an empty segment: its postings go without being read; its rows cascade.
      const held = await tx<Array<{ text_id: string }>>`SELECT text_id FROM vdocs_bodies WHERE segment_id = ${segment}`;
      await tx`DELETE FROM vdocs_section_postings WHERE segment_id = ${segment}`;
      await tx`DELETE FROM vdocs_page_postings WHERE segment_id = ${segment}`;
      await tx`DELETE FROM vdocs_segments WHERE id = ${segment}`;
      await releaseTexts(tx, held.map((b) => Number(b.text_id)));
      return;
    }
    const pages = await tx<Array<{ id: number }>>`
      SELECT id FROM vdocs_page_versions pv WHERE pv.segment_id = ${segment} AND NOT EXISTS (SELECT 1 FROM vdocs_docset_pages dp WHERE dp.page_id = pv.id)`;
    if (pages.length === 0) return;
    const pageIds = pages.map((p) => p.id);
    await tx`DELETE FROM vdocs_page_versions WHERE id = ANY(${pageIds})`;
    const bodies = await tx<Array<{ id: number; text_id: string }>>`
      DELETE FROM vdocs_bodies b WHERE b.segment_id = ${segment} AND NOT EXISTS (SELECT 1 FROM vdocs_sections s WHERE s.body_id = b.id) RETURNING id, text_id`;
    await releaseTexts(tx, bodies.map((b) => Number(b.text_id)));
    await dropPostings(tx, segment, 'vdocs_page_versions', new Set(pageIds));
    await dropPostings(tx, segment, 'vdocs_bodies', new Set(bodies.map((r) => r.id)));
  }

  /**
   * The slots of section texts of a library (rows.ts textSlot), each stored there unless it is
   * already: one statement per round, a text whose slot holds another text trying the next slot in
   * the next round.
   */
  async function storeTexts(tx: postgres.TransactionSql, library: string, items: Array<{ text: string; code: string }>): Promise<number[]> {
    const slots: number[] = new Array(items.length);
    const distinct = new Map<string, { text: string; code: string; slot: number; at: number[] }>();
    items.forEach(({ text, code }, i) => {
      const key = `${text}\u0000${code}`;
      let d = distinct.get(key);
      if (!d) distinct.set(key, (d = { text, code, slot: textSlot(library, text, code), at: [] }));
      d.at.push(i);
    });
    let waiting = [...distinct.values()];
    while (waiting.length > 0) {
      // One text per slot in a round; the others wait for the next.
      const bySlot = new Map(waiting.map((d) => [d.slot, d]));
      const round = [...bySlot.values()];
      // The slots now holding these texts: inserted, or holding them already (the outer query does
      // not see the rows the insert adds).
      const held = await tx.unsafe<Array<{ id: string }>>(
        `WITH v AS (SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[]) AS v(id, text, code)),
         added AS (INSERT INTO vdocs_texts (id, text, code) SELECT id, text, code FROM v ON CONFLICT (id) DO NOTHING RETURNING id)
         SELECT id FROM added UNION ALL SELECT t.id FROM vdocs_texts t JOIN v ON t.id = v.id AND t.text = v.text AND t.code = v.code`,
        [round.map((d) => d.slot), round.map((d) => d.text), round.map((d) => d.code)],
      );
      const stored = new Set(held.map((r) => Number(r.id)));
      for (const d of round) if (stored.has(d.slot)) for (const i of d.at) slots[i] = d.slot;
      waiting = waiting.filter((d) => !(stored.has(d.slot) && bySlot.get(d.slot) === d));
      for (const d of waiting) if (bySlot.get(d.slot) === d) d.slot = (d.slot + 1) % TEXT_SLOTS;
    }
    return slots;
  }

  /** Deletes the section texts among `textIds` that no body shows any more. */
  async function releaseTexts(tx: postgres.TransactionSql, textIds: number[]): Promise<void> {
    if (textIds.length === 0) return;
    await tx.unsafe('DELETE FROM vdocs_texts t WHERE t.id = ANY($1::bigint[]) AND NOT EXISTS (SELECT 1 FROM vdocs_bodies b WHERE b.text_id = t.id)', [[...new Set(textIds)]]);
  }

  /** Takes removed rows out of a segment's postings: each stem whose blocks list one is rewritten as one block. */
  async function dropPostings(tx: postgres.TransactionSql, segment: number, table: Table, removed: ReadonlySet<number>): Promise<void> {
    if (removed.size === 0) return;
    const postings = POSTINGS[table].table;
    const all = await tx.unsafe<Array<{ term: string; data: Uint8Array }>>(`SELECT term, data FROM ${postings} WHERE segment_id = $1 ORDER BY term COLLATE "C", block`, [segment]);
    const rewritten = rewriteTerms(all, POSTINGS[table].fields, removed);
    if (rewritten.length === 0) return;
    await tx.unsafe(`DELETE FROM ${postings} WHERE segment_id = $1 AND term = ANY($2)`, [segment, rewritten.map((r) => r.term)]);
    const [{ blocks }] = await tx<Array<{ blocks: number }>>`UPDATE vdocs_segments SET blocks = blocks + 1 WHERE id = ${segment} RETURNING blocks`;
    await insertBlocks(tx, table, segment, blocks, rewritten.filter((r) => r.rows > 0));
  }

  return {
    async listDocSets() {
      const rows = await bounded(
        fresh(true).then((c) => docSetRows(c)),
        'Listing doc sets',
      ).catch(failed('Listing doc sets'));
      return rows.map(toDocSet);
    },
    async health() {
      try {
        const [row] = await bounded(sql<Array<{ n: number }>>`SELECT count(*)::int AS n FROM vdocs_docsets`, 'Health check');
        return { ok: true, state: 'ok', docSets: row.n };
      } catch (error) {
        return { ok: false, state: 'unavailable', docSets: 0, detail: (error as Error).message };
      }
    },
    async knownPages(name, keys) {
      const segments = await bounded(
        sql<Array<{ id: number }>>`SELECT id FROM vdocs_segments WHERE name = ${name} ORDER BY id`,
        'Looking up stored pages',
      ).catch(failed('Looking up stored pages'));
      let best: { segment: number; pages: Array<{ id: number; key: string; title: string }> } | undefined;
      for (const segment of segments) {
        const pages = await sql<Array<{ id: number; key: string; title: string }>>`
          SELECT id, key, title FROM vdocs_page_versions WHERE segment_id = ${segment.id} AND key = ANY(${keys})`.catch(failed('Looking up stored pages'));
        if (!sharesEnough(pages.length, keys.length)) continue;
        if (!best || pages.length > best.pages.length) best = { segment: segment.id, pages };
      }
      const known = new Map<string, KnownPage>();
      if (!best || best.pages.length === 0) return { segment: best?.segment, pages: known };
      const sections = await sql<Array<{ page_id: number; ord: number; kind: 'section' | 'row'; content_hash: string }>>`
        SELECT s.page_id, s.ord, s.kind, b.content_hash FROM vdocs_sections s JOIN vdocs_bodies b ON b.id = s.body_id
        WHERE s.page_id = ANY(${best.pages.map((p) => p.id)}) ORDER BY s.page_id, s.ord`.catch(failed('Looking up stored pages'));
      const byPage = new Map(best.pages.map((p) => [p.id, { title: p.title, sections: [] as KnownPage['sections'] }]));
      for (const s of sections) byPage.get(s.page_id)!.sections.push({ ord: s.ord, kind: s.kind, contentHash: s.content_hash });
      for (const p of best.pages) known.set(p.key, byPage.get(p.id)!);
      return { segment: best.segment, pages: known };
    },
    async writeDocSet(input: DocSetWrite) {
      const written = await sql
        .begin(async (tx) => {
          // One writer per library at a time (its versions share segments and pages); readers keep
          // seeing the old rows until commit.
          await tx`SELECT pg_advisory_xact_lock(hashtext(${`vdocs segment ${input.name}`}))`;
          const [old] = await tx<Array<{ segment_id: number }>>`DELETE FROM vdocs_docsets WHERE name = ${input.name} AND version = ${input.version} RETURNING segment_id`;
          // The segment knownPages chose, if it is still there; else a new one.
          const [chosen] = input.segment === undefined ? [] : await tx<Array<{ id: number }>>`SELECT id FROM vdocs_segments WHERE id = ${input.segment} AND name = ${input.name}`;
          const segment = chosen?.id ?? (await tx<Array<{ id: number }>>`INSERT INTO vdocs_segments (name) VALUES (${input.name}) RETURNING id`)[0].id;
          const [row] = await tx<DocSetRow[]>`
            INSERT INTO vdocs_docsets (segment_id, name, version, source, source_hash, page_count, section_count, indexed_at)
            VALUES (${segment}, ${input.name}, ${input.version}, ${input.source}, ${input.sourceHash}, ${input.pages.length}, ${input.sectionCount}, ${new Date().toISOString()})
            RETURNING *`;
          const pageIds = new Map<string, number>();
          const keys = input.pages.map((p) => p.key);
          for (const p of await tx<Array<{ id: number; key: string }>>`SELECT id, key FROM vdocs_page_versions WHERE segment_id = ${segment} AND key = ANY(${keys})`) pageIds.set(p.key, p.id);
          const fresh = input.pages.filter((p) => !pageIds.has(p.key));
          const missing = fresh.find((p) => !p.indexed);
          if (missing) throw new DocsError('STORE_FAILED', `The stored page ${missing.path} was removed while ${input.name}@${input.version} was being added.`, { details: { retry: true } });
          // Each new section's body key, computed once: the compactness check and the insert both need it.
          const bodyKeys = new Map<IndexedSection, string>();
          for (const p of fresh) for (const s of p.indexed!.sections) bodyKeys.set(s, bodyKey(s));
          if (chosen) await checkCompact(tx, segment, input, new Set(bodyKeys.values()));
          const pageTerms = new Map<string, Posting[]>();
          for (let i = 0; i < fresh.length; i += BATCH) {
            const batch = fresh.slice(i, i + BATCH).map((p) => {
              const f = p.indexed!.fields;
              return { p, terms: rowTerms([f.title, f.path, f.body]) };
            });
            const rows = batch.map(({ p, terms }) => ({
              segment_id: segment, key: p.key, path: p.path, title: p.title, hash: p.hash, content: packPageText(p.indexed!.content), n_terms: terms.length,
            }));
            for (const r of await tx<Array<{ id: number; key: string }>>`INSERT INTO vdocs_page_versions ${tx(rows)} RETURNING id, key`) pageIds.set(r.key, r.id);
            for (const { p, terms } of batch) addPostings(pageTerms, pageIds.get(p.key)!, terms);
          }

          const sections = fresh.flatMap((p) => p.indexed!.sections.map((s) => ({ s, pageId: pageIds.get(p.key)!, key: bodyKeys.get(s)! })));
          // Bodies the segment has are shared; the others are inserted once, with their postings.
          const bodyIds = new Map<string, number>();
          const keysWanted = [...new Set(sections.map((x) => x.key))];
          for (let i = 0; i < keysWanted.length; i += BATCH) {
            const found = await tx<Array<{ id: number; key: string }>>`SELECT id, key FROM vdocs_bodies WHERE segment_id = ${segment} AND key = ANY(${keysWanted.slice(i, i + BATCH)})`;
            for (const b of found) bodyIds.set(b.key, b.id);
          }
          const newBodies = [...new Map(sections.filter((x) => !bodyIds.has(x.key)).map((x) => [x.key, x.s])).entries()];
          const sectionTerms = new Map<string, Posting[]>();
          for (let i = 0; i < newBodies.length; i += BATCH) {
            const batch = newBodies.slice(i, i + BATCH).map(([key, s]) => ({ key, s, terms: rowTerms([s.fields.title, s.fields.headings, s.fields.path, s.fields.body, s.fields.code]) }));
            const texts = await storeTexts(tx, input.name, batch.map(({ s }) => s));
            const rows = batch.map(({ key, s, terms }, k) => ({ segment_id: segment, key, text_id: texts[k], content_hash: s.contentHash, n_terms: terms.length }));
            const inserted = await tx<Array<{ id: number }>>`INSERT INTO vdocs_bodies ${tx(rows)} RETURNING id`;
            batch.forEach(({ key, terms }, k) => {
              bodyIds.set(key, inserted[k].id);
              addPostings(sectionTerms, inserted[k].id, terms);
            });
          }
          for (let i = 0; i < sections.length; i += BATCH) {
            const rows = sections.slice(i, i + BATCH).map(({ s, pageId, key }) => ({
              page_id: pageId, body_id: bodyIds.get(key)!, ord: s.ord, kind: s.kind, anchor: s.anchor, heading_path: JSON.stringify(s.headingPath),
              level: s.level, start_line: s.startLine, end_line: s.endLine,
            }));
            await tx`INSERT INTO vdocs_sections ${tx(rows)}`;
          }
          if (sectionTerms.size > 0 || pageTerms.size > 0) {
            const [{ blocks }] = await tx<Array<{ blocks: number }>>`UPDATE vdocs_segments SET blocks = blocks + 1 WHERE id = ${segment} RETURNING blocks`;
            await insertBlocks(tx, 'vdocs_page_versions', segment, blocks, encodeTerms(pageTerms));
            await insertBlocks(tx, 'vdocs_bodies', segment, blocks, encodeTerms(sectionTerms));
          }
          const links = input.pages.map((p) => ({ docset_id: row.id, path: p.path, page_id: pageIds.get(p.key)! }));
          for (let i = 0; i < links.length; i += BATCH) await tx`INSERT INTO vdocs_docset_pages ${tx(links.slice(i, i + BATCH))}`;
          if (input.secondary.length > 0) {
            const ids = [...new Set(input.secondary.map((s) => pageIds.get(s.key)!))];
            const located = await tx<Array<{ id: number; page_id: number; ord: number }>>`SELECT id, page_id, ord FROM vdocs_sections WHERE page_id = ANY(${ids})`;
            const at = new Map(located.map((s) => [`${s.page_id}:${s.ord}`, s.id]));
            const rows = input.secondary.map((s) => at.get(`${pageIds.get(s.key)}:${s.ord}`)).filter((id): id is number => id !== undefined).map((id) => ({ docset_id: row.id, section_id: id }));
            for (let i = 0; i < rows.length; i += BATCH) await tx`INSERT INTO vdocs_secondary ${tx(rows.slice(i, i + BATCH))} ON CONFLICT DO NOTHING`;
          }
          await collectGarbage(tx, segment);
          if (old && old.segment_id !== segment) await collectGarbage(tx, old.segment_id);
          await bumpGeneration(tx);
          return row;
        })
        .catch(failed(`Indexing ${input.name}@${input.version} (the previous index is unchanged)`));
      // This instance sees its own write at once, not when the notification comes back.
      stale();
      // Fresh planner statistics for the lookups by id that follow a ranking.
      await sql`ANALYZE vdocs_section_postings, vdocs_page_postings, vdocs_bodies, vdocs_sections, vdocs_page_versions, vdocs_docset_pages`.catch(() => undefined);
      // What this transaction wrote: a re-read could meet a concurrent writer's replacement.
      return toDocSet(written);
    },
    async removeDocSet(name, version) {
      return sql
        .begin(async (tx) => {
          await tx`SELECT pg_advisory_xact_lock(hashtext(${`vdocs segment ${name}`}))`;
          const deleted = await tx<Array<{ segment_id: number }>>`DELETE FROM vdocs_docsets WHERE name = ${name} AND version = ${version} RETURNING segment_id`;
          if (deleted.length > 0) await collectGarbage(tx, deleted[0].segment_id);
          await bumpGeneration(tx);
          return deleted.length > 0;
        })
        .catch(failed(`Removing ${name}@${version}`))
        .finally(stale);
    },
    async searchSections(query: SectionQuery): Promise<ScoredSection[]> {
      if (query.terms.length === 0 || query.docSetIds.length === 0) return [];
      const w = query.weights;
      const weights = [w.title, w.headings, w.path, w.body, w.code];
      return bounded(
        acrossSegments(query, async (c, segment, asked) => {
          const { stems, idfs, stats: s } = await selective(c, segment, 'vdocs_bodies', query.terms, query.maxTermShare);
          if (stems.length === 0) return [];
          const ranked = await rankSegment(c, 'vdocs_bodies', segment, stems, idfs, s, weights, Math.ceil(query.limit * crowding(s.rows, asked.sections, asked.versions, asked.ids.length)));
          if (ranked.length === 0) return [];
          const byBody = await sectionsOf(c, ranked.map((r) => r.id), asked.ids);
          return ranked.flatMap((r) => byBody.get(r.id)!.map((section) => ({ section, score: r.score })));
        }),
        'Searching',
      ).catch(failed('Searching'));
    },
    async termShares(docSetIds, terms) {
      const stems = terms.map(stemTerm);
      const shares = async () => {
        const c = await fresh();
        const out = new Map<number, number[]>();
        await Promise.all(
          [...askedBySegment(await docSetRows(c), docSetIds)].map(async ([segment, { ids }]) => {
            const { counts, stats: s } = await counted(c, segment, 'vdocs_bodies', stems);
            const indexed = s.rows * s.avgLength;
            for (const id of ids) out.set(id, stems.map((stem) => (indexed > 0 ? counts.get(stem)! / indexed : 0)));
          }),
        );
        return out;
      };
      return bounded(shares(), 'Searching').catch(failed('Searching'));
    },
    async searchPages(query: SectionQuery): Promise<ScoredPage[]> {
      if (query.terms.length === 0 || query.docSetIds.length === 0) return [];
      const w = query.weights;
      return bounded(
        acrossSegments(query, async (c, segment, asked) => {
          // Terms chosen by their share of sections (as for the section search), IDF of pages.
          const { stems } = await selective(c, segment, 'vdocs_bodies', query.terms, query.maxTermShare);
          const { idfs, stats: s } = await selective(c, segment, 'vdocs_page_versions', query.terms, undefined);
          if (stems.length === 0) return [];
          const limit = Math.ceil(query.limit * crowding(s.rows, asked.pages, asked.versions, asked.ids.length));
          const ranked = await rankSegment(c, 'vdocs_page_versions', segment, stems, idfs, s, [w.title, w.path, w.body], limit);
          if (ranked.length === 0) return [];
          const paths = await pathsOf(c, ranked.map((r) => r.id), asked.ids);
          return ranked.flatMap((r) => asked.ids.flatMap((docSetId) => {
            const path = paths.get(`${docSetId}:${r.id}`)!.path;
            return path ? [{ docSetId, path, score: r.score }] : [];
          }));
        }),
        'Searching',
      ).catch(failed('Searching'));
    },
    async getPage(docSetId, path): Promise<Page | undefined> {
      const [row] = await bounded(
        sql<Array<Omit<Page, 'content'> & { content: Uint8Array }>>`
          SELECT dp.path, pv.title, pv.hash, pv.content FROM vdocs_docset_pages dp JOIN vdocs_page_versions pv ON pv.id = dp.page_id WHERE dp.docset_id = ${docSetId} AND dp.path = ${path}`,
        'Reading a page',
      ).catch(failed('Reading a page'));
      return row && { ...row, content: unpackPageText(row.content) };
    },
    async getPages(refs) {
      if (refs.length === 0) return [];
      // Pages are the same for every search of a generation: those read lately come from memory.
      const c = await bounded(fresh(), 'Reading pages').catch(failed('Reading pages'));
      const key = (r: { docSetId: number; path: string }) => `${r.docSetId}\u0000${r.path}`;
      const found = await throughCache(c.pages, refs, key, async (missing) => {
        const rows = await bounded(
          sql<Array<Omit<Page, 'content'> & { content: Uint8Array; i: string }>>`
            SELECT v.i, dp.path, pv.title, pv.hash, pv.content
            FROM unnest(${missing.map((r) => r.docSetId)}::int[], ${missing.map((r) => r.path)}::text[]) WITH ORDINALITY AS v(docset_id, path, i)
            JOIN vdocs_docset_pages dp ON dp.docset_id = v.docset_id AND dp.path = v.path JOIN vdocs_page_versions pv ON pv.id = dp.page_id`,
          'Reading pages',
        ).catch(failed('Reading pages'));
        // A page no doc set lists is not kept: it reads as missing until a write adds it.
        return new Map(rows.map(({ i, content, ...page }) => [key(missing[Number(i) - 1]), Object.freeze({ ...page, content: unpackPageText(content) })]));
      });
      return refs.map((r) => found.get(key(r)));
    },
    async listPages(docSetId, prefix = '') {
      return bounded(
        sql<PageSummary[]>`SELECT dp.path, pv.title, pv.hash FROM vdocs_docset_pages dp JOIN vdocs_page_versions pv ON pv.id = dp.page_id
          WHERE dp.docset_id = ${docSetId} AND starts_with(dp.path, ${prefix}) ORDER BY dp.path COLLATE "C"`,
        'Listing pages',
      ).catch(failed('Listing pages'));
    },
    async getSections(docSetId, path) {
      const rows = await bounded(
        sql<Array<SectionRow & { title: string }>>`
          SELECT ${sql.unsafe(SECTION_COLUMNS)} FROM vdocs_docset_pages dp
          JOIN vdocs_sections s ON s.page_id = dp.page_id JOIN vdocs_bodies b ON b.id = s.body_id JOIN vdocs_texts t ON t.id = b.text_id
          JOIN vdocs_page_versions pv ON pv.id = dp.page_id
          WHERE dp.docset_id = ${docSetId} AND dp.path = ${path} ORDER BY s.ord`,
        'Reading sections',
      ).catch(failed('Reading sections'));
      return rows.map(toSection);
    },
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
}

/**
 * The values of `keys` (by `keyOf`): those `cache` holds, and the rest read together by `read`,
 * which may return more than it was asked for; everything it returns is kept.
 */
async function throughCache<K, V extends {}>(cache: LRUCache<string, V>, keys: K[], keyOf: (key: K) => string, read: (missing: K[]) => Promise<Map<string, V>>): Promise<Map<string, V>> {
  const out = new Map<string, V>();
  const missing: K[] = [];
  for (const key of keys) {
    const cached = cache.get(keyOf(key));
    if (cached) out.set(keyOf(key), cached);
    else missing.push(key);
  }
  if (missing.length === 0) return out;
  for (const [key, value] of await read(missing)) {
    out.set(key, value);
    cache.set(key, value);
  }
  return out;
}

function frozen(section: StoredSection): StoredSection {
  Object.freeze(section.headingPath);
  return Object.freeze(section);
}

/** A section row as rows.ts maps it, read through the doc set `dp`. */
const SECTION_COLUMNS = `s.id, dp.docset_id, dp.path, s.ord, s.kind, s.anchor, s.heading_path, s.level, s.start_line, s.end_line,
  t.text, t.code, b.content_hash, pv.title,
  NOT EXISTS (SELECT 1 FROM vdocs_secondary sc WHERE sc.docset_id = dp.docset_id AND sc.section_id = s.id) AS primary_copy`;

const BLOCKS_BATCH = 2000;

/** Inserts blocks numbered `block`, with one unnest of column arrays per batch. */
async function insertBlocks(tx: postgres.TransactionSql, table: Table, segment: number, block: number, rows: Array<{ term: string; rows: number; data: Buffer }>): Promise<void> {
  for (let i = 0; i < rows.length; i += BLOCKS_BATCH) {
    const batch = rows.slice(i, i + BLOCKS_BATCH);
    await tx.unsafe(
      `INSERT INTO ${POSTINGS[table].table} (segment_id, term, block, rows, data) SELECT $1, t.term, $2, t.rows, decode(t.data, 'base64') FROM unnest($3::text[], $4::int[], $5::text[]) AS t(term, rows, data)`,
      [segment, block, batch.map((r) => r.term), batch.map((r) => r.rows), batch.map((r) => r.data.toString('base64'))],
    );
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
