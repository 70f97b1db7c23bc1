// PostgreSQL backend for teams: several vdocs instances share one database. Writes are one
// transaction under an advisory lock per doc set; a generation counter tells every instance when
// its cached statistics are stale. Candidates come from a GIN full-text index; ranking is the
// same BM25 as SQLite's (bm25.ts), computed here because ts_rank has no IDF.
import postgres from 'postgres';
import { DocsError } from '../../errors.js';
import type { Page } from '../../model.js';
import { toDocSet, toSection, type DocSetRow, type SectionRow as BaseSectionRow } from '../rows.js';
import type { DocSetWrite, PageSummary, ScoredPage, ScoredSection, SectionQuery, Store } from '../store.js';
import { bm25f, idf, type FieldStats } from './bm25.js';
import { stemTerm, stemTerms } from './stem-terms.js';

const CANDIDATES = 300;
const BATCH = 500;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS vdocs_meta (id int PRIMARY KEY, generation bigint NOT NULL);
INSERT INTO vdocs_meta VALUES (1, 0) ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS vdocs_docsets (
  id serial PRIMARY KEY, name text NOT NULL, version text NOT NULL, source text NOT NULL, source_hash text NOT NULL,
  page_count int NOT NULL, section_count int NOT NULL, indexed_at text NOT NULL, UNIQUE (name, version)
);
CREATE TABLE IF NOT EXISTS vdocs_pages (
  id serial PRIMARY KEY, docset_id int NOT NULL REFERENCES vdocs_docsets(id) ON DELETE CASCADE,
  path text NOT NULL, title text NOT NULL, hash text NOT NULL, content text NOT NULL,
  f_title text NOT NULL, f_path text NOT NULL, f_body text NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', f_title || ' ' || f_path || ' ' || f_body)) STORED,
  UNIQUE (docset_id, path)
);
CREATE INDEX IF NOT EXISTS vdocs_pages_tsv ON vdocs_pages USING gin (tsv);
CREATE TABLE IF NOT EXISTS vdocs_sections (
  id serial PRIMARY KEY, docset_id int NOT NULL REFERENCES vdocs_docsets(id) ON DELETE CASCADE,
  path text NOT NULL, ord int NOT NULL, kind text NOT NULL, anchor text NOT NULL, heading_path text NOT NULL,
  level int NOT NULL, start_line int NOT NULL, end_line int NOT NULL, text text NOT NULL, code text NOT NULL,
  content_hash text NOT NULL, primary_copy boolean NOT NULL,
  f_title text NOT NULL, f_headings text NOT NULL, f_path text NOT NULL, f_body text NOT NULL, f_code text NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', f_title || ' ' || f_headings || ' ' || f_path || ' ' || f_body || ' ' || f_code)) STORED
);
CREATE INDEX IF NOT EXISTS vdocs_sections_tsv ON vdocs_sections USING gin (tsv);
CREATE INDEX IF NOT EXISTS vdocs_sections_page ON vdocs_sections (docset_id, path, ord);
`;

interface Cache {
  generation: number;
  counts: Map<string, number>;
  sectionStats?: FieldStats;
  pageStats?: FieldStats;
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
      await tx.unsafe(SCHEMA);
    })
    .catch(failed(`Opening the PostgreSQL index at ${redact(url)}`));

  let cache: Cache = { generation: -1, counts: new Map() };
  async function fresh(): Promise<Cache> {
    const [{ generation }] = await sql<Array<{ generation: string }>>`SELECT generation FROM vdocs_meta WHERE id = 1`;
    if (Number(generation) !== cache.generation) cache = { generation: Number(generation), counts: new Map() };
    return cache;
  }

  async function docFrequencies(c: Cache, table: 'vdocs_sections' | 'vdocs_pages', stems: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const stem of stems) {
      const key = `${table}:${stem}`;
      let n = c.counts.get(key);
      if (n === undefined) {
        const [row] = await sql.unsafe<Array<{ n: string }>>(`SELECT count(*) AS n FROM ${table} WHERE tsv @@ to_tsquery('simple', $1)`, [quote(stem)]);
        n = Number(row.n);
        c.counts.set(key, n);
      }
      out.set(stem, n);
    }
    return out;
  }

  async function stats(c: Cache, table: 'vdocs_sections' | 'vdocs_pages'): Promise<FieldStats> {
    const cached = table === 'vdocs_sections' ? c.sectionStats : c.pageStats;
    if (cached) return cached;
    const fields = table === 'vdocs_sections' ? ['f_title', 'f_headings', 'f_path', 'f_body', 'f_code'] : ['f_title', 'f_path', 'f_body'];
    const lengths = fields.map((f, i) => `avg(coalesce(array_length(regexp_split_to_array(nullif(${f}, ''), ' '), 1), 0)) AS a${i}`).join(', ');
    const [row] = await sql.unsafe<Array<Record<string, string>>>(`SELECT count(*) AS rows, ${lengths} FROM ${table}`);
    const result = { rows: Number(row.rows), avgLength: fields.map((_, i) => Number(row[`a${i}`])) };
    if (table === 'vdocs_sections') c.sectionStats = result;
    else c.pageStats = result;
    return result;
  }

  /** Stems to search with: rare ones, the common ones dropped as in SQLite (always the rarest three). */
  async function selective(table: 'vdocs_sections' | 'vdocs_pages', terms: string[], maxShare: number | undefined): Promise<{ stems: string[]; idfs: Map<string, number>; stats: FieldStats }> {
    const stems = [...new Set(terms.map(stemTerm))];
    // One generation check per search: both lookups use the same snapshot of the caches.
    const c = await fresh();
    const [counts, s] = await Promise.all([docFrequencies(c, table, stems), stats(c, table)]);
    const idfs = new Map([...counts].map(([t, n]) => [t, idf(s.rows, n)]));
    let kept = stems.filter((t) => (counts.get(t) ?? 0) > 0);
    if (maxShare !== undefined && kept.length > 3) {
      const common = kept.filter((t) => counts.get(t)! > s.rows * maxShare);
      kept = kept.length - common.length >= 3 ? kept.filter((t) => !common.includes(t)) : [...kept].sort((a, b) => counts.get(a)! - counts.get(b)!).slice(0, 3);
    }
    return { stems: kept, idfs, stats: s };
  }

  return {
    async listDocSets() {
      const rows = await bounded(sql<DocSetRow[]>`SELECT * FROM vdocs_docsets ORDER BY name, id`, 'Listing doc sets').catch(failed('Listing doc sets'));
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
    async writeDocSet(input: DocSetWrite) {
      const written = await sql
        .begin(async (tx) => {
          // One writer per doc set at a time; readers keep seeing the old rows until commit.
          await tx`SELECT pg_advisory_xact_lock(hashtext(${`${input.name}@${input.version}`}))`;
          await tx`DELETE FROM vdocs_docsets WHERE name = ${input.name} AND version = ${input.version}`;
          const [row] = await tx<DocSetRow[]>`
            INSERT INTO vdocs_docsets (name, version, source, source_hash, page_count, section_count, indexed_at)
            VALUES (${input.name}, ${input.version}, ${input.source}, ${input.sourceHash}, ${input.pages.length}, ${input.sections.length}, ${new Date().toISOString()})
            RETURNING *`;
          for (let i = 0; i < input.pages.length; i += BATCH) {
            const rows = input.pages.slice(i, i + BATCH).map((p) => ({
              docset_id: row.id, path: p.path, title: p.title, hash: p.hash, content: p.content,
              f_title: stemTerms(p.fields.title).join(' '), f_path: stemTerms(p.fields.path).join(' '), f_body: stemTerms(p.fields.body).join(' '),
            }));
            await tx`INSERT INTO vdocs_pages ${tx(rows)}`;
          }
          for (let i = 0; i < input.sections.length; i += BATCH) {
            const rows = input.sections.slice(i, i + BATCH).map((s) => ({
              docset_id: row.id, path: s.path, ord: s.ord, kind: s.kind, anchor: s.anchor, heading_path: JSON.stringify(s.headingPath),
              level: s.level, start_line: s.startLine, end_line: s.endLine, text: s.text, code: s.code, content_hash: s.contentHash,
              primary_copy: s.primaryCopy,
              f_title: stemTerms(s.fields.title).join(' '), f_headings: stemTerms(s.fields.headings).join(' '), f_path: stemTerms(s.fields.path).join(' '),
              f_body: stemTerms(s.fields.body).join(' '), f_code: stemTerms(s.fields.code).join(' '),
            }));
            await tx`INSERT INTO vdocs_sections ${tx(rows)}`;
          }
          await tx`UPDATE vdocs_meta SET generation = generation + 1 WHERE id = 1`;
          return row;
        })
        .catch(failed(`Indexing ${input.name}@${input.version} (the previous index is unchanged)`));
      // Fresh planner statistics, or PostgreSQL filters every row instead of using the GIN index.
      await sql`ANALYZE vdocs_sections, vdocs_pages`.catch(() => undefined);
      // What this transaction wrote: a re-read could meet a concurrent writer's replacement.
      return toDocSet(written);
    },
    async removeDocSet(name, version) {
      return sql
        .begin(async (tx) => {
          await tx`SELECT pg_advisory_xact_lock(hashtext(${`${name}@${version}`}))`;
          const deleted = await tx`DELETE FROM vdocs_docsets WHERE name = ${name} AND version = ${version}`;
          await tx`UPDATE vdocs_meta SET generation = generation + 1 WHERE id = 1`;
          return deleted.count > 0;
        })
        .catch(failed(`Removing ${name}@${version}`));
    },
    async searchSections(query: SectionQuery): Promise<ScoredSection[]> {
      if (query.terms.length === 0 || query.docSetIds.length === 0) return [];
      const { stems, idfs, stats: s } = await bounded(selective('vdocs_sections', query.terms, query.maxTermShare), 'Searching').catch(failed('Searching'));
      if (stems.length === 0) return [];
      // Candidates: the best rows by PostgreSQL's own rank (cheap, no IDF), then the real BM25 here.
      const rows = await bounded(sql.unsafe<Array<{ id: number; f_title: string; f_headings: string; f_path: string; f_body: string; f_code: string }>>(
        `SELECT id, f_title, f_headings, f_path, f_body, f_code FROM vdocs_sections
         WHERE docset_id = ANY($1) AND tsv @@ to_tsquery('simple', $2)
         ORDER BY ts_rank(tsv, to_tsquery('simple', $2)) DESC LIMIT ${CANDIDATES}`,
        [query.docSetIds, stems.map(quote).join(' | ')],
      ), 'Searching').catch(failed('Searching'));
      const w = query.weights;
      const weights = [w.title, w.headings, w.path, w.body, w.code];
      const best = rows
        .map((row) => ({ id: row.id, score: bm25f([row.f_title, row.f_headings, row.f_path, row.f_body, row.f_code].map(split), stems, idfs, s, weights) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, query.limit);
      const full = await bounded(sql<Array<SectionRow & { title: string }>>`
        SELECT s.*, p.title FROM vdocs_sections s JOIN vdocs_pages p ON p.docset_id = s.docset_id AND p.path = s.path
        WHERE s.id = ANY(${best.map((b) => b.id)})`, 'Searching').catch(failed('Searching'));
      const byId = new Map(full.map((row) => [row.id, row]));
      return best.map((b) => ({ section: toSection(byId.get(b.id)!), score: b.score }));
    },
    async searchPages(query: SectionQuery): Promise<ScoredPage[]> {
      if (query.terms.length === 0 || query.docSetIds.length === 0) return [];
      const { stems, idfs, stats: s } = await bounded(selective('vdocs_pages', query.terms, query.maxTermShare), 'Searching').catch(failed('Searching'));
      if (stems.length === 0) return [];
      const rows = await bounded(sql.unsafe<Array<{ docset_id: number; path: string; f_title: string; f_path: string; f_body: string }>>(
        `SELECT docset_id, path, f_title, f_path, f_body FROM vdocs_pages
         WHERE docset_id = ANY($1) AND tsv @@ to_tsquery('simple', $2)
         ORDER BY ts_rank(tsv, to_tsquery('simple', $2)) DESC LIMIT ${Math.min(CANDIDATES, query.limit * 2)}`,
        [query.docSetIds, stems.map(quote).join(' | ')],
      ), 'Searching').catch(failed('Searching'));
      const w = query.weights;
      return rows
        .map((row) => ({ docSetId: row.docset_id, path: row.path, score: bm25f([row.f_title, row.f_path, row.f_body].map(split), stems, idfs, s, [w.title, w.path, w.body]) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, query.limit);
    },
    async getPage(docSetId, path): Promise<Page | undefined> {
      const [row] = await bounded(sql<Page[]>`SELECT path, title, hash, content FROM vdocs_pages WHERE docset_id = ${docSetId} AND path = ${path}`, 'Reading a page').catch(failed('Reading a page'));
      return row;
    },
    async listPages(docSetId) {
      return bounded(sql<PageSummary[]>`SELECT path, title, hash FROM vdocs_pages WHERE docset_id = ${docSetId} ORDER BY path COLLATE "C"`, 'Listing pages').catch(failed('Listing pages'));
    },
    async getSections(docSetId, path) {
      const rows = await bounded(sql<Array<SectionRow & { title: string }>>`
        SELECT s.*, p.title FROM vdocs_sections s JOIN vdocs_pages p ON p.docset_id = s.docset_id AND p.path = s.path
        WHERE s.docset_id = ${docSetId} AND s.path = ${path} ORDER BY s.ord`, 'Reading sections').catch(failed('Reading sections'));
      return rows.map(toSection);
    },
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
}






/** A section row with this backend's stemmed field texts. */
interface SectionRow extends BaseSectionRow {
  f_title: string;
  f_headings: string;
  f_path: string;
  f_body: string;
  f_code: string;
}

function split(text: string): string[] {
  return text ? text.split(' ') : [];
}

/** A stem as a tsquery operand: quoted, so nothing in it is read as an operator. */
function quote(stem: string): string {
  return `'${stem.replace(/'/g, "''").replace(/\\/g, '\\\\')}'`;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
