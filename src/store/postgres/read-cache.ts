// What a PostgreSQL store keeps in memory between searches, all of it for one generation of the
// index (vdocs_meta.generation, moved on by every write): statistics, postings blocks, ranked
// sections and pages. Every instance learns of other instances' writes on a channel and by reading
// the generation.
import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type postgres from 'postgres';
import type { Page, StoredSection } from '../../model.js';
import type { DocSetRow } from '../rows.js';
import type { IndexKind } from '../segment-ranking.js';

export interface SegmentCache {
  /** Per stem: its document frequency in each index. */
  counts: LRUCache<string, Promise<Record<IndexKind, number>>>;
  sizes: Map<IndexKind, { rows: number; averageLength: number }>;
}

export interface ReadCache {
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
  /** Per stem, its section frequency in every segment that has it (choosing among many libraries). */
  everywhere: LRUCache<string, Promise<Map<number, number>>>;
  /** Every segment's section size, read once per generation. */
  sectionSizes?: Promise<Map<number, { rows: number; averageLength: number }>>;
}

/** Channel a write notifies on commit, so that other instances drop their cached statistics. */
export const CHANNEL = 'vdocs_generation';
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
/** Stems whose frequencies in every segment are kept (each a map over the segments that have it). */
const EVERYWHERE_CACHED = 5_000;

function emptyCache(generation: number): ReadCache {
  return {
    generation,
    segments: new Map(),
    blocks: new LRUCache({ maxSize: BLOCKS_CACHE_BYTES, sizeCalculation: (blocks) => blocks.reduce((n, b) => n + b.byteLength, 64) }),
    sections: new LRUCache({ maxSize: SECTIONS_CACHE_BYTES, sizeCalculation: (rows) => rows.reduce((n, r) => n + 2 * (r.text.length + r.code.length) + 300, 64) }),
    listings: new LRUCache({ max: LISTINGS_CACHED }),
    pages: new LRUCache({ maxSize: PAGES_CACHE_BYTES, sizeCalculation: (page) => 2 * (page.content.length + page.path.length + page.title.length) + 200 }),
    everywhere: new LRUCache({ max: EVERYWHERE_CACHED }),
  };
}

export function segmentCache(c: ReadCache, segment: number): SegmentCache {
  let l = c.segments.get(segment);
  if (!l) c.segments.set(segment, (l = { counts: new LRUCache({ max: COUNTS_CACHED }), sizes: new Map() }));
  return l;
}

export interface GenerationWatch {
  /** The cache of the current generation; `verify`: read the generation even while the channel is trusted. */
  fresh(verify?: boolean): Promise<ReadCache>;
  /** This instance wrote, or heard of a write: the next step reads the generation. */
  stale(): void;
}

/**
 * Listing doc sets (the first step of every search) reads the generation, so a search sees every
 * write committed before it began, whichever instance made it. The ranking steps that follow
 * trust the cache while a listener on CHANNEL has heard of no write since (and for a few seconds
 * at most: a listener that lost its connection hears nothing until it is back). Without a
 * listener (a pooler that does not pass LISTEN through) each step reads the generation.
 */
export async function watchGeneration(sql: postgres.Sql): Promise<GenerationWatch> {
  let cache = emptyCache(-1);
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
  const listener = await sql.listen(CHANNEL, (payload) => (payload === probe ? heard() : stale()), stale).catch(() => undefined);
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
  return {
    stale,
    async fresh(verify = false) {
      if (!verify && performance.now() < trustedUntil) return cache;
      const seen = notices;
      const [{ generation }] = await sql<Array<{ generation: string }>>`SELECT generation FROM vdocs_meta WHERE id = 1`;
      if (Number(generation) !== cache.generation) cache = emptyCache(Number(generation));
      // A notification that came while the generation was read may be about a later write.
      if (listening && notices === seen) trustedUntil = performance.now() + TRUST_MS;
      return cache;
    },
  };
}

/**
 * The values of `keys` (by `keyOf`): those `cache` holds, and the rest read together by `read`,
 * which may return more than it was asked for; everything it returns is kept.
 */
export async function throughCache<K, V extends {}>(cache: LRUCache<string, V>, keys: K[], keyOf: (key: K) => string, read: (missing: K[]) => Promise<Map<string, V>>): Promise<Map<string, V>> {
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
