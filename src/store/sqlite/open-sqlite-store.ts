// SQLite backend: one file, FTS5 with BM25 column weights. Each doc set write is one transaction,
// so a killed indexing run leaves the previous index as it was (SQLite rolls the journal back).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { DocsError, isDocsError } from '../../errors.js';
import type { Page } from '../../model.js';
import { toDocSet, toSection, type DocSetRow, type SectionRow } from '../rows.js';
import type { DocSetWrite, PageSummary, ScoredPage, ScoredSection, SectionQuery, Store } from '../store.js';

const SCHEMA_VERSION = 4;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS docsets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  source TEXT NOT NULL,
  source_hash TEXT NOT NULL,
  page_count INTEGER NOT NULL,
  section_count INTEGER NOT NULL,
  indexed_at TEXT NOT NULL,
  UNIQUE (name, version)
);
CREATE TABLE IF NOT EXISTS pages (
  docset_id INTEGER NOT NULL REFERENCES docsets(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  title TEXT NOT NULL,
  hash TEXT NOT NULL,
  content TEXT NOT NULL,
  PRIMARY KEY (docset_id, path)
);
CREATE TABLE IF NOT EXISTS sections (
  id INTEGER PRIMARY KEY,
  docset_id INTEGER NOT NULL REFERENCES docsets(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  ord INTEGER NOT NULL,
  kind TEXT NOT NULL,
  anchor TEXT NOT NULL,
  heading_path TEXT NOT NULL,
  level INTEGER NOT NULL,
  start_line INTEGER NOT NULL,
  end_line INTEGER NOT NULL,
  text TEXT NOT NULL,
  code TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  primary_copy INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sections_by_page ON sections (docset_id, path, ord);
CREATE TABLE IF NOT EXISTS page_rows (
  id INTEGER PRIMARY KEY,
  docset_id INTEGER NOT NULL REFERENCES docsets(id) ON DELETE CASCADE,
  path TEXT NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS pages_fts USING fts5(
  title, path, body,
  content = '', contentless_delete = 1,
  tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS sections_fts USING fts5(
  title, headings, path, body, code,
  content = '', contentless_delete = 1,
  tokenize = 'porter unicode61 remove_diacritics 2'
);
`;



export interface SqliteStoreOptions {
  /** How long a write waits for another process's write to finish before giving up (default 15 min). */
  writeWaitMs?: number;
  /** Told once per write that has to wait for another writer (the CLI says so on stderr). */
  onWait?: () => void;
}

export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): Store {
  const opened = openDatabase(file);
  const db = opened.db;
  const readOnly = opened.readOnly;
  /** Set once corruption has been seen: /health reports it until the index is rebuilt. */
  let corruption: string | undefined;
  /** Runs a database call, turning SQLite's corruption codes into a clear STORE_CORRUPT. */
  function guard<T>(run: () => T): T {
    try {
      return run();
    } catch (error) {
      if (isCorruption(error)) {
        corruption = (error as Error).message;
        throw corrupt(file, error);
      }
      throw error;
    }
  }

  const statements = {
    listDocSets: db.prepare<[], DocSetRow>('SELECT * FROM docsets ORDER BY name, id'),
    findDocSet: db.prepare<[string, string], DocSetRow>('SELECT * FROM docsets WHERE name = ? AND version = ?'),
    deleteFts: db.prepare('DELETE FROM sections_fts WHERE rowid IN (SELECT id FROM sections WHERE docset_id = ?)'),
    deletePageFts: db.prepare('DELETE FROM pages_fts WHERE rowid IN (SELECT id FROM page_rows WHERE docset_id = ?)'),
    insertPageRow: db.prepare('INSERT INTO page_rows (docset_id, path) VALUES (?, ?)'),
    insertPageFts: db.prepare('INSERT INTO pages_fts (rowid, title, path, body) VALUES (?, ?, ?, ?)'),
    deleteDocSet: db.prepare('DELETE FROM docsets WHERE id = ?'),
    insertDocSet: db.prepare(
      'INSERT INTO docsets (name, version, source, source_hash, page_count, section_count, indexed_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    insertPage: db.prepare('INSERT INTO pages (docset_id, path, title, hash, content) VALUES (?, ?, ?, ?, ?)'),
    insertSection: db.prepare(
      `INSERT INTO sections (docset_id, path, ord, kind, anchor, heading_path, level, start_line, end_line, text, code, content_hash, primary_copy)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertFts: db.prepare('INSERT INTO sections_fts (rowid, title, headings, path, body, code) VALUES (?, ?, ?, ?, ?, ?)'),
    getPage: db.prepare<[number, string], { path: string; title: string; hash: string; content: string }>(
      'SELECT path, title, hash, content FROM pages WHERE docset_id = ? AND path = ?',
    ),
    listPages: db.prepare<[number], PageSummary>('SELECT path, title, hash FROM pages WHERE docset_id = ? ORDER BY path'),
    getSections: db.prepare<[number, string], SectionRow & { title: string }>(
      `SELECT s.*, p.title FROM sections s JOIN pages p ON p.docset_id = s.docset_id AND p.path = s.path
       WHERE s.docset_id = ? AND s.path = ? ORDER BY s.ord`,
    ),
  };
  const searchCache = new Map<string, Database.Statement>();
  const countTerm = db.prepare<[string], { c: number }>('SELECT count(*) AS c FROM sections_fts WHERE sections_fts MATCH ?');
  const countSections = db.prepare<[], { c: number }>('SELECT count(*) AS c FROM sections');
  // Document frequencies by term, valid until the next write.
  let termCounts = new Map<string, number>();
  let sectionCount: number | undefined;

  function selectiveTerms(terms: string[], maxShare: number | undefined): string[] {
    if (maxShare === undefined || terms.length <= 3) return terms;
    sectionCount ??= countSections.get()!.c;
    const counted = terms.map((term) => {
      let count = termCounts.get(term);
      if (count === undefined) {
        count = countTerm.get(quote(term))!.c;
        termCounts.set(term, count);
      }
      return { term, count };
    });
    const limit = sectionCount * maxShare;
    const kept = counted.filter((t) => t.count <= limit && t.count > 0).map((t) => t.term);
    if (kept.length >= 3) return kept;
    return counted.filter((t) => t.count > 0).sort((a, b) => a.count - b.count).slice(0, 3).map((t) => t.term);
  }

  function deleteDocSetRows(id: number): void {
    statements.deleteFts.run(id);
    statements.deletePageFts.run(id);
    statements.deleteDocSet.run(id);
  }

  const searchPagesStatement = db.prepare<[number, number, number, string, number], { id: number; docset_id: number; path: string; rank: number }>(
    `WITH ranked AS (
       SELECT rowid AS id, bm25(pages_fts, ?, ?, ?) AS rank FROM pages_fts WHERE pages_fts MATCH ? ORDER BY rank LIMIT ?
     )
     SELECT page_rows.id, page_rows.docset_id, page_rows.path, ranked.rank FROM ranked CROSS JOIN page_rows ON page_rows.id = ranked.id ORDER BY ranked.rank`,
  );

  const write = db.transaction((input: DocSetWrite): number => {
    const old = statements.findDocSet.get(input.name, input.version);
    if (old) deleteDocSetRows(old.id);
    const info = statements.insertDocSet.run(
      input.name,
      input.version,
      input.source,
      input.sourceHash,
      input.pages.length,
      input.sections.length,
      new Date().toISOString(),
    );
    const docSetId = Number(info.lastInsertRowid);
    for (const page of input.pages) {
      statements.insertPage.run(docSetId, page.path, page.title, page.hash, page.content);
      const row = statements.insertPageRow.run(docSetId, page.path);
      statements.insertPageFts.run(row.lastInsertRowid, page.fields.title, page.fields.path, page.fields.body);
    }
    for (const s of input.sections) {
      const row = statements.insertSection.run(
        docSetId,
        s.path,
        s.ord,
        s.kind,
        s.anchor,
        JSON.stringify(s.headingPath),
        s.level,
        s.startLine,
        s.endLine,
        s.text,
        s.code,
        s.contentHash,
        s.primaryCopy ? 1 : 0,
      );
      const f = s.fields;
      statements.insertFts.run(row.lastInsertRowid, f.title, f.headings, f.path, f.body, f.code);
    }
    return docSetId;
  });

  const remove = db.transaction((name: string, version: string): boolean => {
    const old = statements.findDocSet.get(name, version);
    if (!old) return false;
    deleteDocSetRows(old.id);
    return true;
  });

  function searchStatement(docSetCount: number): Database.Statement {
    const key = String(docSetCount);
    let statement = searchCache.get(key);
    if (!statement) {
      const placeholders = Array.from({ length: docSetCount }, () => '?').join(', ');
      // CROSS JOIN pins the plan: rank in FTS5 first, then look the few winners up by key
      // (left free, SQLite scans every section of the doc set and probes the ranking).
      statement = db.prepare(
        `WITH ranked AS (
           SELECT rowid AS id, bm25(sections_fts, ?, ?, ?, ?, ?) AS rank
           FROM sections_fts WHERE sections_fts MATCH ?
           ORDER BY rank LIMIT ?
         )
         SELECT s.*, p.title AS title, ranked.rank AS rank
         FROM ranked
         CROSS JOIN sections s ON s.id = ranked.id
         CROSS JOIN pages p ON p.docset_id = s.docset_id AND p.path = s.path
         WHERE s.docset_id IN (${placeholders})
         ORDER BY ranked.rank`,
      );
      searchCache.set(key, statement);
    }
    return statement;
  }

  /**
   * Another process may be writing (two `vdocs add` at once): wait for it in short, non-blocking
   * steps instead of failing after the busy timeout.
   */
  async function whenFree<T>(what: string, run: () => T): Promise<T> {
    if (readOnly) throw new DocsError('STORE_FAILED', `The index at ${file} is read-only here (its folder cannot be written): ${what} is not possible. Serve from a writable VDOCS_HOME to change it.`);
    const deadline = Date.now() + (options.writeWaitMs ?? 15 * 60_000);
    for (let waited = false; ; waited = true) {
      try {
        return guard(run);
      } catch (error) {
        const code = (error as { code?: string }).code ?? '';
        if (!code.startsWith('SQLITE_BUSY')) throw error;
        if (Date.now() >= deadline) throw new DocsError('STORE_FAILED', `${what} waited ${Math.round((options.writeWaitMs ?? 15 * 60_000) / 1000)} s for another vdocs process writing ${file}; try again when it is done.`, { cause: error });
        if (!waited) options.onWait?.();
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  return {
    async listDocSets() {
      return guard(() => statements.listDocSets.all().map(toDocSet));
    },
    async health() {
      try {
        const docSets = guard(() => statements.listDocSets.all().length);
        if (corruption) return { ok: false, state: 'corrupt', docSets, detail: `${corruption}; run vdocs doctor` };
        return { ok: true, state: 'ok', docSets, ...(readOnly ? { readOnly } : {}) };
      } catch (error) {
        return { ok: false, state: isDocsError(error) && error.code === 'STORE_CORRUPT' ? 'corrupt' : 'unavailable', docSets: 0, detail: (error as Error).message };
      }
    },
    async writeDocSet(input) {
      termCounts = new Map();
      sectionCount = undefined;
      try {
        // BEGIN IMMEDIATE: take the write lock first, so waiting happens before any work.
        await whenFree(`indexing ${input.name}@${input.version}`, () => write.immediate(input));
      } catch (error) {
        if (isDocsError(error)) throw error;
        throw new DocsError('STORE_FAILED', `Indexing ${input.name}@${input.version} failed; the previous index is unchanged: ${(error as Error).message}`, {
          cause: error,
        });
      }
      return toDocSet(guard(() => statements.findDocSet.get(input.name, input.version)!));
    },
    async removeDocSet(name, version) {
      termCounts = new Map();
      sectionCount = undefined;
      return whenFree(`removing ${name}@${version}`, () => remove.immediate(name, version));
    },
    async searchSections(query: SectionQuery): Promise<ScoredSection[]> {
      if (query.terms.length === 0 || query.docSetIds.length === 0) return [];
      const terms = guard(() => selectiveTerms(query.terms, query.maxTermShare));
      if (terms.length === 0) return [];
      const match = terms.map(quote).join(' OR ');
      const w = query.weights;
      const rows = guard(() => searchStatement(query.docSetIds.length).all(
        w.title,
        w.headings,
        w.path,
        w.body,
        w.code,
        match,
        // Ranking happens before the doc set filter (FTS5 ranks fastest alone), so ask for more
        // candidates when other doc sets share the index.
        query.limit * Math.max(1, Math.ceil(statements.listDocSets.all().length / query.docSetIds.length)),
        ...query.docSetIds,
      )) as Array<SectionRow & { title: string; rank: number }>;
      return rows.map((row) => ({ section: toSection(row), score: -row.rank }));
    },
    async searchPages(query: SectionQuery): Promise<ScoredPage[]> {
      if (query.terms.length === 0 || query.docSetIds.length === 0) return [];
      const terms = guard(() => selectiveTerms(query.terms, query.maxTermShare));
      if (terms.length === 0) return [];
      const wanted = new Set(query.docSetIds);
      const w = query.weights;
      return guard(() => searchPagesStatement.all(w.title, w.path, w.body, terms.map(quote).join(' OR '), query.limit * Math.max(1, Math.ceil(statements.listDocSets.all().length / query.docSetIds.length))))
        .filter((row) => wanted.has(row.docset_id))
        .map((row) => ({ docSetId: row.docset_id, path: row.path, score: -row.rank }));
    },
    async getPage(docSetId, path): Promise<Page | undefined> {
      return guard(() => statements.getPage.get(docSetId, path));
    },
    async listPages(docSetId) {
      return guard(() => statements.listPages.all(docSetId));
    },
    async getSections(docSetId, path) {
      return guard(() => statements.getSections.all(docSetId, path).map(toSection));
    },
    async close() {
      db.close();
    },
  };
}

/**
 * Opens the index read-write. A home that cannot be written (read-only mount, another user's
 * files) still serves its index: SQLite cannot read a WAL database without creating its shared
 * memory file, so a private copy in the temporary folder is opened read-only instead.
 */
function openDatabase(file: string): { db: Database.Database; readOnly: boolean } {
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 1000');
      migrate(db);
      // A cheap read of the catalogue: a file that is not an index, or whose first pages are
      // damaged, fails here with a clear message instead of on the first search.
      db.prepare('SELECT count(*) FROM docsets').get();
    } catch (error) {
      db.close();
      throw error;
    }
    return { db, readOnly: false };
  } catch (error) {
    if (isCorruption(error)) throw corrupt(file, error);
    if (file !== ':memory:' && isReadOnlyError(error) && existsSync(file)) return { db: openCopy(file), readOnly: true };
    throw new DocsError('STORE_FAILED', `Cannot open the index at ${file}: ${(error as Error).message}`, { cause: error });
  }
}

function openCopy(file: string): Database.Database {
  try {
    const dir = mkdtempSync(join(tmpdir(), 'vdocs-readonly-'));
    const copy = join(dir, basename(file));
    copyFileSync(file, copy);
    if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
    const db = new Database(copy, { readonly: true });
    if ((db.pragma('user_version', { simple: true }) as number) !== SCHEMA_VERSION) throw new Error('the index was written by another vdocs version and cannot be migrated read-only');
    db.prepare('SELECT count(*) FROM docsets').get();
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return db;
  } catch (error) {
    if (isCorruption(error)) throw corrupt(file, error);
    throw new DocsError('STORE_FAILED', `The index at ${file} is in a read-only folder and could not be read: ${(error as Error).message}`, { cause: error });
  }
}

function isReadOnlyError(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code === 'EACCES' || code === 'EROFS' || code === 'EPERM';
}

function isCorruption(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB';
}

function corrupt(file: string, cause: unknown): DocsError {
  return new DocsError(
    'STORE_CORRUPT',
    `The index at ${file} is damaged (${(cause as Error).message}). Run \`vdocs doctor\` to rebuild it from the sources it records; nothing else is lost (downloaded packages are kept).`,
    { cause },
  );
}

function quote(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === SCHEMA_VERSION) return;
  if (version !== 0) {
    // An index from another schema is a cache: drop it and let sources be indexed again.
    db.exec(
      'DROP TABLE IF EXISTS sections_fts; DROP TABLE IF EXISTS pages_fts; DROP TABLE IF EXISTS page_rows; DROP TABLE IF EXISTS sections; DROP TABLE IF EXISTS pages; DROP TABLE IF EXISTS docsets;',
    );
  }
  db.exec(SCHEMA);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
}


