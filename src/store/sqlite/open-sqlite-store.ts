// SQLite backend: one file; each segment (versions of one library that are mostly alike) has its
// own postings (postings.ts), so a search ranks only what was asked for, with its own BM25
// statistics, whatever else is indexed. Versions in a segment share identical pages and section
// bodies. Each write is one transaction: a killed indexing run leaves the previous index as it was.
import type Database from 'better-sqlite3';
import { DocsError, isDocsError } from '../../errors.js';
import type { Page } from '../../model.js';
import { bodyKey, textSlot, toDocSet, toSection, type DocSetRow, type SectionRow } from '../rows.js';
import { sharesEnough, staysCompact } from '../segments.js';
import { rankPages, rankSections, termShares, type DocSetPlace, type IndexKind, type SegmentReads } from '../segment-ranking.js';
import { packPageText, unpackPageText } from '../page-text.js';
import { rowTerms } from '../stem-terms.js';
import type { DocSetWrite, IndexedSection, KnownPage, PageSummary, Store } from '../store.js';
import { corrupt, isCorruption, openDatabase } from './open-database.js';
import { fileIdentity, IndexReplacedError } from './index-file.js';
import { verifyInBackground } from './verify-in-background.js';
import { blocksByTerm, PostingLists, rewriteTerms } from '../postings.js';

export interface SqliteStoreOptions {
  /** How long a write waits for another process's write to finish before giving up (default 15 min). */
  writeWaitMs?: number;
  /** Check the whole file in a worker after opening (a server): /health reports damage found. */
  verify?: boolean;
  /** Told once per write that has to wait for another writer (the CLI says so on stderr). */
  onWait?: () => void;
}

/** Per segment: its rows and their lengths in each index, and document frequencies, valid until the next write. */
interface SegmentStats {
  lengths: Map<IndexKind, { rows: number; averageLength: number }>;
  /** Keyed by kind and stem. */
  counts: Map<string, number>;
}

interface ReadCache {
  segments: Map<number, SegmentStats>;
  places?: DocSetPlace[];
}

const emptyCache = (): ReadCache => ({ segments: new Map() });

const INDEX: Record<IndexKind, { postings: string; rows: string; fields: number }> = {
  sections: { postings: 'section_postings', rows: 'bodies', fields: 5 },
  pages: { postings: 'page_postings', rows: 'page_versions', fields: 3 },
};

const BATCH = 400;

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

  const st = {
    listDocSets: db.prepare<[], DocSetRow>('SELECT * FROM docsets ORDER BY name, id'),
    findDocSet: db.prepare<[string, string], DocSetRow>('SELECT * FROM docsets WHERE name = ? AND version = ?'),
    places: db.prepare<[], DocSetPlace>('SELECT id, segment_id AS segment, section_count AS sections, page_count AS pages FROM docsets ORDER BY id'),
    segmentsNamed: db.prepare<[string], { id: number }>('SELECT id FROM segments WHERE name = ? ORDER BY id'),
    smallestIn: db.prepare<[number, number], { n: number | null }>('SELECT min(section_count) AS n FROM docsets WHERE segment_id = ? AND id != ?'),
    segmentExists: db.prepare<[number, string], { id: number }>('SELECT id FROM segments WHERE id = ? AND name = ?'),
    insertSegment: db.prepare<[string]>('INSERT INTO segments (name) VALUES (?)'),
    versionsOf: db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM docsets WHERE segment_id = ?'),
    insertDocSet: db.prepare(
      'INSERT INTO docsets (segment_id, name, version, source, source_hash, page_count, section_count, indexed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    deleteDocSet: db.prepare<[number]>('DELETE FROM docsets WHERE id = ?'),
    findPageVersion: db.prepare<[number, string], { id: number }>('SELECT id FROM page_versions WHERE segment_id = ? AND key = ?'),
    insertPageVersion: db.prepare('INSERT INTO page_versions (segment_id, key, path, title, hash, content, n_terms) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    insertDocSetPage: db.prepare('INSERT INTO docset_pages (docset_id, path, page_id) VALUES (?, ?, ?)'),
    findBody: db.prepare<[number, string], { id: number }>('SELECT id FROM bodies WHERE segment_id = ? AND key = ?'),
    insertBody: db.prepare('INSERT INTO bodies (segment_id, key, text_id, content_hash, n_terms) VALUES (?, ?, ?, ?, ?)'),
    findText: db.prepare<[number, string, string], { id: number }>('SELECT id FROM texts WHERE slot = ? AND text = ? AND code = ?'),
    insertText: db.prepare<[number, string, string]>('INSERT INTO texts (slot, text, code) VALUES (?, ?, ?)'),
    deleteUnshownText: db.prepare<[{ id: number }]>('DELETE FROM texts WHERE id = @id AND NOT EXISTS (SELECT 1 FROM bodies WHERE text_id = @id)'),
    nextBlock: db.prepare<[number], { blocks: number }>('UPDATE segments SET blocks = blocks + 1 WHERE id = ? RETURNING blocks'),
    insertSection: db.prepare(
      `INSERT INTO sections (page_id, body_id, ord, kind, anchor, heading_path, level, start_line, end_line)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    sectionAt: db.prepare<[number, number], { id: number }>('SELECT id FROM sections WHERE page_id = ? AND ord = ?'),
    insertSecondary: db.prepare('INSERT OR IGNORE INTO secondary_copies (docset_id, section_id) VALUES (?, ?)'),
    orphans: db.prepare<[number], { id: number }>(
      'SELECT id FROM page_versions pv WHERE segment_id = ? AND NOT EXISTS (SELECT 1 FROM docset_pages dp WHERE dp.page_id = pv.id)',
    ),
    deleteSections: db.prepare<[number]>('DELETE FROM sections WHERE page_id = ?'),
    orphanBodies: db.prepare<[number], { id: number; text_id: number }>(
      'SELECT id, text_id FROM bodies b WHERE segment_id = ? AND NOT EXISTS (SELECT 1 FROM sections s WHERE s.body_id = b.id)',
    ),
    deleteBody: db.prepare<[number]>('DELETE FROM bodies WHERE id = ?'),
    deletePageVersion: db.prepare<[number]>('DELETE FROM page_versions WHERE id = ?'),
    deleteSegment: db.prepare<[number]>('DELETE FROM segments WHERE id = ?'),
    deleteSegmentPostings: db.prepare<[number]>('DELETE FROM section_postings WHERE segment_id = ?'),
    deleteSegmentPagePostings: db.prepare<[number]>('DELETE FROM page_postings WHERE segment_id = ?'),
    getPage: db.prepare<[number, string], Omit<Page, 'content'> & { content: Buffer }>(
      'SELECT dp.path, pv.title, pv.hash, pv.content FROM docset_pages dp JOIN page_versions pv ON pv.id = dp.page_id WHERE dp.docset_id = ? AND dp.path = ?',
    ),
    listPages: db.prepare<[number, string, string], PageSummary>(
      'SELECT dp.path, pv.title, pv.hash FROM docset_pages dp JOIN page_versions pv ON pv.id = dp.page_id WHERE dp.docset_id = ? AND substr(dp.path, 1, length(?)) = ? ORDER BY dp.path',
    ),
    getSections: db.prepare<[number, string], SectionRow & { title: string }>(
      `SELECT ${SECTION_COLUMNS} FROM docset_pages dp
       JOIN sections s ON s.page_id = dp.page_id JOIN bodies b ON b.id = s.body_id JOIN texts t ON t.id = b.text_id
       JOIN page_versions pv ON pv.id = dp.page_id
       WHERE dp.docset_id = ? AND dp.path = ? ORDER BY s.ord`,
    ),
    countBodies: db.prepare<[number], { c: number }>('SELECT count(*) AS c FROM bodies WHERE segment_id = ?'),
  };

  // Statements over one index's tables, prepared on first use.
  const prepared = new Map<string, Database.Statement>();
  function statement(key: string, sql: () => string): Database.Statement {
    let s = prepared.get(key);
    if (!s) {
      s = db.prepare(sql());
      prepared.set(key, s);
    }
    return s;
  }

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
  function segmentStats(segment: number): SegmentStats {
    const c = fresh();
    let s = c.segments.get(segment);
    if (!s) c.segments.set(segment, (s = { lengths: new Map(), counts: new Map() }));
    return s;
  }

  /** The reads of the shared ranking (segment-ranking.ts), from this file. */
  const reads: SegmentReads = {
    async places() {
      const c = fresh();
      c.places ??= st.places.all();
      return c.places;
    },
    async size(segment, kind) {
      const s = segmentStats(segment);
      let l = s.lengths.get(kind);
      if (!l) {
        const row = statement(`lengths:${kind}`, () => `SELECT count(*) AS n, total(n_terms) AS terms FROM ${INDEX[kind].rows} WHERE segment_id = ?`).get(segment) as { n: number; terms: number };
        s.lengths.set(kind, (l = { rows: row.n, averageLength: row.n > 0 ? row.terms / row.n : 1 }));
      }
      return l;
    },
    async frequencies(segment, kind, stems) {
      const s = segmentStats(segment);
      const missing = stems.filter((stem) => !s.counts.has(`${kind}:${stem}`));
      if (missing.length > 0) {
        const sql = () => `SELECT term, sum(rows) AS n FROM ${INDEX[kind].postings} WHERE segment_id = ? AND term IN (SELECT value FROM json_each(?)) GROUP BY term`;
        for (const stem of missing) s.counts.set(`${kind}:${stem}`, 0);
        for (const row of statement(`counts:${kind}`, sql).all(segment, JSON.stringify(missing)) as Array<{ term: string; n: number }>) s.counts.set(`${kind}:${row.term}`, row.n);
      }
      return new Map(stems.map((stem) => [stem, s.counts.get(`${kind}:${stem}`)!]));
    },
    async blocks(segment, kind, stems) {
      const sql = () => `SELECT term, data FROM ${INDEX[kind].postings} WHERE segment_id = ? AND term IN (SELECT value FROM json_each(?)) ORDER BY term, block`;
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

  /** New rows' postings, by stem, gathered while a write inserts them. */
  function newPostings(): Record<IndexKind, PostingLists> {
    return { sections: new PostingLists(), pages: new PostingLists() };
  }
  /** Stores blocks numbered `block` in one of a segment's postings tables. */
  function insertBlocks(segment: number, kind: IndexKind, block: number, blocks: Array<{ term: string; rows: number; data: Buffer }>): void {
    const insert = statement(`insert:${kind}`, () => `INSERT INTO ${INDEX[kind].postings} (segment_id, term, block, rows, data) VALUES (?, ?, ?, ?, ?)`);
    for (const b of blocks) insert.run(segment, b.term, block, b.rows, b.data);
  }
  /** Writes one block per stem: the postings one write added to a segment. */
  function writePostings(segment: number, postings: Record<IndexKind, PostingLists>): void {
    if (postings.sections.size === 0 && postings.pages.size === 0) return;
    const block = st.nextBlock.get(segment)!.blocks;
    for (const kind of ['sections', 'pages'] as const) insertBlocks(segment, kind, block, postings[kind].encode());
  }
  /**
   * Takes removed rows out of a segment's postings: every stem whose blocks list one of them is
   * rewritten as one block of the rows that remain (which also merges its blocks).
   */
  function dropPostings(segment: number, kind: IndexKind, removed: ReadonlySet<number>): void {
    if (removed.size === 0) return;
    const table = INDEX[kind].postings;
    const all = statement(`all:${kind}`, () => `SELECT term, data FROM ${table} WHERE segment_id = ? ORDER BY term, block`);
    const rewritten = rewriteTerms(all.iterate(segment) as IterableIterator<{ term: string; data: Uint8Array }>, INDEX[kind].fields, removed);
    if (rewritten.length === 0) return;
    const remove = statement(`drop:${kind}`, () => `DELETE FROM ${table} WHERE segment_id = ? AND term = ?`);
    for (const r of rewritten) remove.run(segment, r.term);
    insertBlocks(segment, kind, st.nextBlock.get(segment)!.blocks, rewritten.filter((r) => r.rows > 0));
  }

  // The file this store opened: a write that gets the lock after `vdocs doctor` moved it aside stops.
  const identity = file === ':memory:' || readOnly ? undefined : fileIdentity(file);
  const stillOurs = () => {
    if (identity !== undefined && fileIdentity(file) !== identity) throw new IndexReplacedError(file);
  };
  const write = db.transaction((input: DocSetWrite): number => {
    stillOurs();
    const old = st.findDocSet.get(input.name, input.version);
    if (old) st.deleteDocSet.run(old.id);
    // The segment knownPages chose, if it is still there; else a new one.
    // Each new section's body key, computed once: the compactness check and the insert both need it.
    const bodyKeys = new Map<IndexedSection, string>();
    for (const page of input.pages) for (const s of page.indexed?.sections ?? []) bodyKeys.set(s, bodyKey(s));
    let segment = input.segment !== undefined ? st.segmentExists.get(input.segment, input.name)?.id : undefined;
    if (segment !== undefined) checkCompact(segment, input, new Set(bodyKeys.values()));
    // A segment made by this write holds only what this write puts in it: its pages and bodies are
    // looked up in memory, not with a query per section.
    const fresh = segment === undefined;
    if (segment === undefined) segment = Number(st.insertSegment.run(input.name).lastInsertRowid);
    const freshBodies = new Map<string, number>();
    const postings = newPostings();
    const docSetId = Number(
      st.insertDocSet.run(segment, input.name, input.version, input.source, input.sourceHash, input.pages.length, input.sectionCount, new Date().toISOString()).lastInsertRowid,
    );
    const pageIds = new Map<string, number>();
    for (const page of input.pages) {
      let pageId = fresh ? pageIds.get(page.key) : st.findPageVersion.get(segment, page.key)?.id;
      if (pageId === undefined) {
        if (!page.indexed) throw new DocsError('STORE_FAILED', `The stored page ${page.path} was removed while ${input.name}@${input.version} was being added.`, { details: { retry: true } });
        const p = page.indexed;
        const pageTerms = rowTerms([p.fields.title, p.fields.path, p.fields.body]);
        pageId = Number(st.insertPageVersion.run(segment, page.key, page.path, page.title, page.hash, packPageText(p.content), pageTerms.length).lastInsertRowid);
        postings.pages.add(pageId, pageTerms);
        for (const s of p.sections) {
          const key = bodyKeys.get(s)!;
          let bodyId = fresh ? freshBodies.get(key) : st.findBody.get(segment, key)?.id;
          if (bodyId === undefined) {
            const f = s.fields;
            const terms = rowTerms([f.title, f.headings, f.path, f.body, f.code]);
            bodyId = Number(st.insertBody.run(segment, key, storeText(input.name, s.text, s.code), s.contentHash, terms.length).lastInsertRowid);
            freshBodies.set(key, bodyId);
            postings.sections.add(bodyId, terms);
          }
          st.insertSection.run(pageId, bodyId, s.ord, s.kind, s.anchor, JSON.stringify(s.headingPath), s.level, s.startLine, s.endLine);
        }
      }
      pageIds.set(page.key, pageId);
      st.insertDocSetPage.run(docSetId, page.path, pageId);
    }
    for (const s of input.secondary) {
      const section = st.sectionAt.get(pageIds.get(s.key)!, s.ord);
      if (section) st.insertSecondary.run(docSetId, section.id);
    }
    writePostings(segment, postings);
    collectGarbage(segment);
    if (old && old.segment_id !== segment) collectGarbage(old.segment_id!);
    return docSetId;
  });

  function readPage(docSetId: number, path: string): Page | undefined {
    const page = st.getPage.get(docSetId, path);
    return page && { ...page, content: unpackPageText(page.content) };
  }

  /** The id of a section text of a library: the stored one, or a new one. */
  function storeText(library: string, text: string, code: string): number {
    const slot = textSlot(library, text, code);
    return st.findText.get(slot, text, code)?.id ?? Number(st.insertText.run(slot, text, code).lastInsertRowid);
  }

  /**
   * A version joins the segment chosen for it only if the segment stays compact in section bodies
   * (what searches rank); otherwise the add starts over with everything parsed, in a new segment.
   */
  function checkCompact(segment: number, input: DocSetWrite, added: ReadonlySet<string>): void {
    let missing = 0;
    for (const key of added) if (!st.findBody.get(segment, key)) missing++;
    const smallest = Math.min(st.smallestIn.get(segment, -1)?.n ?? input.sectionCount, input.sectionCount);
    if (!staysCompact(st.countBodies.get(segment)!.c + missing, smallest)) {
      throw new DocsError('STORE_FAILED', `${input.name}@${input.version} differs too much from its segment; indexing it apart.`, { details: { retry: true } });
    }
  }

  /** Deletes the pages and bodies of a segment no version uses any more, and the segment when it is empty. */
  function collectGarbage(segment: number): void {
    const empty = st.versionsOf.get(segment)!.n === 0;
    const pages = new Set(st.orphans.all(segment).map((r) => r.id));
    for (const id of pages) {
      st.deleteSections.run(id);
      st.deletePageVersion.run(id);
    }
    const bodies = new Set<number>();
    for (const body of st.orphanBodies.all(segment)) {
      bodies.add(body.id);
      st.deleteBody.run(body.id);
      st.deleteUnshownText.run({ id: body.text_id });
    }
    if (empty) {
      // Nothing shares an empty segment: its postings go without being read.
      st.deleteSegmentPostings.run(segment);
      st.deleteSegmentPagePostings.run(segment);
      st.deleteSegment.run(segment);
      return;
    }
    dropPostings(segment, 'pages', pages);
    dropPostings(segment, 'sections', bodies);
  }

  const remove = db.transaction((name: string, version: string): boolean => {
    stillOurs();
    const old = st.findDocSet.get(name, version);
    if (!old) return false;
    st.deleteDocSet.run(old.id);
    collectGarbage(old.segment_id!);
    return true;
  });

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
      return guard(() => {
        // The segment that already has most of these pages, if adding the rest keeps it compact:
        // every version in it then shares at least most of what its searches rank.
        let best: { segment: number; pages: Array<{ id: number; key: string; title: string }> } | undefined;
        for (const segment of st.segmentsNamed.all(name)) {
          const pages: Array<{ id: number; key: string; title: string }> = [];
          for (let i = 0; i < keys.length; i += BATCH) {
            const chunk = keys.slice(i, i + BATCH);
            pages.push(...(db.prepare(`SELECT id, key, title FROM page_versions WHERE segment_id = ? AND key IN (${chunk.map(() => '?').join(', ')})`).all(segment.id, ...chunk) as typeof pages));
          }
          if (!sharesEnough(pages.length, keys.length)) continue;
          if (!best || pages.length > best.pages.length) best = { segment: segment.id, pages };
        }
        const known = new Map<string, KnownPage>();
        if (!best) return { pages: known };
        for (let i = 0; i < best.pages.length; i += BATCH) {
          const chunk = best.pages.slice(i, i + BATCH);
          const sections = db
            .prepare(`SELECT s.page_id, s.ord, s.kind, b.content_hash FROM sections s JOIN bodies b ON b.id = s.body_id WHERE s.page_id IN (${chunk.map(() => '?').join(', ')}) ORDER BY s.page_id, s.ord`)
            .all(...chunk.map((p) => p.id)) as Array<{ page_id: number; ord: number; kind: 'section' | 'row'; content_hash: string }>;
          const byPage = new Map(chunk.map((p) => [p.id, { title: p.title, sections: [] as KnownPage['sections'] }]));
          for (const s of sections) byPage.get(s.page_id)!.sections.push({ ord: s.ord, kind: s.kind, contentHash: s.content_hash });
          for (const p of chunk) known.set(p.key, byPage.get(p.id)!);
        }
        return { segment: best.segment, pages: known };
      });
    },
    async writeDocSet(input) {
      try {
        // BEGIN IMMEDIATE: take the write lock first, so waiting happens before any work.
        await whenFree(`indexing ${input.name}@${input.version}`, () => write.immediate(input));
      } catch (error) {
        if (isDocsError(error)) throw error;
        throw new DocsError('STORE_FAILED', `Indexing ${input.name}@${input.version} failed; the previous index is unchanged: ${(error as Error).message}`, { cause: error });
      } finally {
        forget();
      }
      return toDocSet(guard(() => st.findDocSet.get(input.name, input.version)!));
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

/** A section row as rows.ts maps it, for the doc set `dp` it is read through. */
const SECTION_COLUMNS = `s.id, dp.docset_id AS docset_id, dp.path AS path, s.ord, s.kind, s.anchor, s.heading_path, s.level, s.start_line, s.end_line,
  t.text, t.code, b.content_hash, pv.title AS title,
  NOT EXISTS (SELECT 1 FROM secondary_copies sc WHERE sc.docset_id = dp.docset_id AND sc.section_id = s.id) AS primary_copy`;

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
