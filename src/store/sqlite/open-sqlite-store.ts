// SQLite backend: one file; each segment (versions of one library that are mostly alike) has its
// own postings (postings.ts), so a search ranks only what was asked for, with its own BM25
// statistics, whatever else is indexed. Versions in a segment share identical pages and section
// bodies. Each write is one transaction (write-doc-set.ts): a killed indexing run leaves the
// previous index as it was. The ranking's reads are in segment-reads.ts.
import { DocsError, isDocsError } from '../../errors.js';
import type { Page } from '../../model.js';
import { toDocSet, toSection } from '../rows.js';
import { rankPages, rankSections, termShares } from '../segment-ranking.js';
import { ReparseNeeded } from '../segments.js';
import { unpackPageText } from '../page-text.js';
import type { Store } from '../store.js';
import { corrupt, isCorruption, openDatabase } from './open-database.js';
import { fileIdentity, IndexReplacedError } from './index-file.js';
import { sqliteReads } from './segment-reads.js';
import { lazyStatements, prepareStatements } from './statements.js';
import { verifyInBackground } from './verify-in-background.js';
import { sqliteWrites } from './write-doc-set.js';

export interface SqliteStoreOptions {
  /** How long a write waits for another process's write to finish before giving up (default 15 min). */
  writeWaitMs?: number;
  /** Check the whole file in a worker after opening (a server): /health reports damage found. */
  verify?: boolean;
  /** Told once per write that has to wait for another writer (the CLI says so on stderr). */
  onWait?: () => void;
}

export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): Store {
  const { db, readOnly } = openDatabase(file);
  /** Set once corruption has been seen: /health reports it until the index is rebuilt. */
  let corruption: string | undefined;
  /** Damage the background check found, once it is done: read by health(). */
  const verified = options.verify && file !== ':memory:' && !readOnly ? verifyInBackground(file).then((problems) => {
    if (problems.length > 0) corruption ??= `quick_check: ${problems.slice(0, 3).join('; ')}`;
  }) : undefined;
  /** Runs a database call, turning SQLite's corruption codes into a clear STORE_CORRUPT. */
  function guard<T>(run: () => T): T {
    try {
      return run();
    } catch (error) {
      throw seen(error);
    }
  }
  async function guardAsync<T>(running: Promise<T>): Promise<T> {
    try {
      return await running;
    } catch (error) {
      throw seen(error);
    }
  }
  function seen(error: unknown): unknown {
    if (!isCorruption(error)) return error;
    corruption = (error as Error).message;
    return corrupt(file, error);
  }

  const st = prepareStatements(db);
  const statement = lazyStatements(db);
  const { reads, forget } = sqliteReads(db, st, statement);
  // The file this store opened: a write that gets the lock after `vdocs doctor` moved it aside stops.
  const identity = file === ':memory:' || readOnly ? undefined : fileIdentity(file);
  const stillOurs = () => {
    if (identity !== undefined && fileIdentity(file) !== identity) throw new IndexReplacedError(file);
  };
  const { write, remove, knownPages } = sqliteWrites(db, st, statement, stillOurs);

  function readPage(docSetId: number, path: string): Page | undefined {
    const page = st.getPage.get(docSetId, path);
    return page && { ...page, content: unpackPageText(page.content) };
  }

  /**
   * Another process may be writing (two `vdocs add` at once): wait for it in short, non-blocking
   * steps instead of failing after the busy timeout.
   */
  async function whenFree<T>(what: string, run: () => T): Promise<T> {
    if (readOnly) throw new DocsError('STORE_FAILED', `The index at ${file} is read-only here (its folder cannot be written): ${what} is not possible. Serve from a writable VDOCS_HOME to change it.`);
    const waitMs = options.writeWaitMs ?? 15 * 60_000;
    const deadline = Date.now() + waitMs;
    for (let waited = false; ; waited = true) {
      try {
        return guard(run);
      } catch (error) {
        const code = (error as { code?: string }).code ?? '';
        if (!code.startsWith('SQLITE_BUSY')) throw error;
        if (Date.now() >= deadline) throw new DocsError('STORE_FAILED', `${what} waited ${Math.round(waitMs / 1000)} s for another vdocs process writing ${file}; try again when it is done.`, { cause: error });
        if (!waited) options.onWait?.();
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  return {
    takesCountedPostings: true,
    async listDocSets() {
      return guard(() => st.listDocSets.all().map(toDocSet));
    },
    async health() {
      // While the background check runs, a health check waits for it up to 2 s.
      if (verified) await Promise.race([verified, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      try {
        const docSets = guard(() => st.listDocSets.all().length);
        if (corruption) return { ok: false, state: 'corrupt', docSets, detail: `${corruption}; run vdocs doctor` };
        return { ok: true, state: 'ok', docSets, ...(readOnly ? { readOnly } : {}) };
      } catch (error) {
        return { ok: false, state: isDocsError(error) && error.code === 'STORE_CORRUPT' ? 'corrupt' : 'unavailable', docSets: 0, detail: (error as Error).message };
      }
    },
    async knownPages(name, keys) {
      return guard(() => knownPages(name, keys));
    },
    async writeDocSet(input) {
      try {
        // BEGIN IMMEDIATE: take the write lock first, so waiting happens before any work.
        await whenFree(`indexing ${input.name}@${input.version}`, () => write.immediate(input));
      } catch (error) {
        if (error instanceof ReparseNeeded) return { reparse: error.message };
        if (isDocsError(error)) throw error;
        throw new DocsError('STORE_FAILED', `Indexing ${input.name}@${input.version} failed; the previous index is unchanged: ${(error as Error).message}`, { cause: error });
      } finally {
        forget();
      }
      return { docSet: toDocSet(guard(() => st.findDocSet.get(input.name, input.version)!)) };
    },
    async removeDocSet(name, version) {
      try {
        return await whenFree(`removing ${name}@${version}`, () => remove.immediate(name, version));
      } finally {
        forget();
      }
    },
    async searchSections(query) {
      return guardAsync(rankSections(reads, query));
    },
    async termShares(docSetIds, terms) {
      return guardAsync(termShares(reads, docSetIds, terms));
    },
    async searchPages(query) {
      return guardAsync(rankPages(reads, query));
    },
    async getPage(docSetId, path): Promise<Page | undefined> {
      return guard(() => readPage(docSetId, path));
    },
    async getPages(refs) {
      return guard(() => refs.map(({ docSetId, path }) => readPage(docSetId, path)));
    },
    async listPages(docSetId, prefix = '') {
      return guard(() => st.listPages.all(docSetId, prefix, prefix));
    },
    async getSections(docSetId, path) {
      return guard(() => st.getSections.all(docSetId, path).map(toSection));
    },
    async close() {
      db.close();
    },
  };
}
