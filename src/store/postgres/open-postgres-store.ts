// PostgreSQL backend for teams: several vdocs instances share one database. The tables are in
// schema.ts, writes in write-doc-set.ts (one transaction under an advisory lock per library), the
// ranking's reads in segment-reads.ts; what instances cache, and how they learn of each other's
// writes, in read-cache.ts. Every read has a deadline: a database that went away fails clearly.
import postgres from 'postgres';
import { DocsError } from '../../errors.js';
import type { Page, SectionKind } from '../../model.js';
import { toDocSet, toSection, type SectionRow } from '../rows.js';
import { rankPages, rankSections, termShares } from '../segment-ranking.js';
import { chooseSegment, knownPagesOf, ReparseNeeded } from '../segments.js';
import { unpackPageText } from '../page-text.js';
import type { KnownPages, PageSummary, Store } from '../store.js';
import { throughCache, watchGeneration } from './read-cache.js';
import { ensureSchema, SECTION_COLUMNS } from './schema.js';
import { docSetRows, postgresReads } from './segment-reads.js';
import { removeDocSet, writeDocSet } from './write-doc-set.js';

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
  /** One search step over the current generation's cache, bounded. */
  function searching<T>(run: (reads: ReturnType<typeof postgresReads>) => Promise<T>): Promise<T> {
    return bounded(watch.fresh().then((c) => run(postgresReads(sql, c))), 'Searching').catch(failed('Searching'));
  }
  await ensureSchema(sql).catch(failed(`Opening the PostgreSQL index at ${redact(url)}`));
  const watch = await watchGeneration(sql);

  return {
    // Its batch inserts' ids are not promised in order: it counts its own postings.
    takesCountedPostings: false,
    async listDocSets() {
      const rows = await bounded(
        watch.fresh(true).then((c) => docSetRows(sql, c)),
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
    async knownPages(name, keys): Promise<KnownPages> {
      const lookUp = async () => {
        const segments = await sql<Array<{ id: number }>>`SELECT id FROM vdocs_segments WHERE name = ${name} ORDER BY id`;
        const candidates = [];
        for (const segment of segments) {
          candidates.push({ segment: segment.id, pages: [...(await sql<Array<{ id: number; key: string; title: string }>>`
            SELECT id, key, title FROM vdocs_page_versions WHERE segment_id = ${segment.id} AND key = ANY(${keys})`)] });
        }
        const best = chooseSegment(candidates, keys.length);
        if (!best) return { pages: new Map() };
        const sections = best.pages.length === 0 ? [] : await sql<Array<{ page_id: number; ord: number; kind: SectionKind; content_hash: string }>>`
          SELECT s.page_id, s.ord, s.kind, b.content_hash FROM vdocs_sections s JOIN vdocs_bodies b ON b.id = s.body_id
          WHERE s.page_id = ANY(${best.pages.map((p) => p.id)})`;
        return knownPagesOf(best.segment, best.pages, [...sections]);
      };
      return bounded(lookUp(), 'Looking up stored pages').catch(failed('Looking up stored pages'));
    },
    async writeDocSet(input) {
      let written;
      try {
        written = await writeDocSet(sql, input);
      } catch (error) {
        if (error instanceof ReparseNeeded) return { reparse: error.message };
        return failed(`Indexing ${input.name}@${input.version} (the previous index is unchanged)`)(error);
      }
      // This instance sees its own write at once, not when the notification comes back.
      watch.stale();
      // Fresh planner statistics for the lookups by id that follow a ranking.
      await sql`ANALYZE vdocs_section_postings, vdocs_page_postings, vdocs_bodies, vdocs_sections, vdocs_page_versions, vdocs_docset_pages`.catch(() => undefined);
      // What this transaction wrote: a re-read could meet a concurrent writer's replacement.
      return { docSet: toDocSet(written) };
    },
    async removeDocSet(name, version) {
      return removeDocSet(sql, name, version).catch(failed(`Removing ${name}@${version}`)).finally(watch.stale);
    },
    searchSections: (query) => searching((reads) => rankSections(reads, query)),
    termShares: (docSetIds, terms) => searching((reads) => termShares(reads, docSetIds, terms)),
    searchPages: (query) => searching((reads) => rankPages(reads, query)),
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
      const c = await bounded(watch.fresh(), 'Reading pages').catch(failed('Reading pages'));
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


function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
