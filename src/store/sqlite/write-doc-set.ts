// Writes to a SQLite index, each one transaction: a doc set added or replaced (its pages and
// section bodies shared with the versions of its segment), or removed, with the garbage it leaves.
import type Database from 'better-sqlite3';
import { pageTerms, sectionTerms } from '../fields.js';
import { packPageText } from '../page-text.js';
import { PostingLists, rebaseBlocks, rewriteTerms, unpackBlocks, type Blocks } from '../postings.js';
import { textSlot } from '../rows.js';
import type { IndexKind } from '../segment-ranking.js';
import { chooseSegment, knownPagesOf, ReparseNeeded, staysCompact } from '../segments.js';
import type { DocSetWrite, KnownPages } from '../store.js';
import { INDEXES, type LazyStatement, type Statements } from './statements.js';

const BATCH = 400;

/**
 * `write` and `remove` are transactions (run them with .immediate); `stillOurs` throws when the
 * file was replaced since it was opened.
 */
export function sqliteWrites(db: Database.Database, st: Statements, statement: LazyStatement, stillOurs: () => void) {
  /** New rows' postings, by stem, gathered while a write inserts them. */
  function newPostings(): Record<IndexKind, PostingLists> {
    return { sections: new PostingLists(), pages: new PostingLists() };
  }
  /** Stores blocks numbered `block` in one of a segment's postings tables. */
  function insertBlocks(segment: number, kind: IndexKind, block: number, blocks: Blocks): void {
    const insert = statement(`insert:${kind}`, () => `INSERT INTO ${INDEXES[kind].postings} (segment_id, term, block, rows, data) VALUES (?, ?, ?, ?, ?)`);
    for (const b of blocks) insert.run(segment, b.term, block, b.rows, b.data);
  }
  /** Writes one block per stem: the postings one write added to a segment. */
  function writePostings(segment: number, blocks: Record<IndexKind, Blocks>): void {
    if (blocks.sections.length === 0 && blocks.pages.length === 0) return;
    const block = st.nextBlock.get(segment)!.blocks;
    for (const kind of ['sections', 'pages'] as const) insertBlocks(segment, kind, block, blocks[kind]);
  }
  /**
   * Takes removed rows out of a segment's postings: every stem whose blocks list one of them is
   * rewritten as one block of the rows that remain (which also merges its blocks).
   */
  function dropPostings(segment: number, kind: IndexKind, removed: ReadonlySet<number>): void {
    if (removed.size === 0) return;
    const table = INDEXES[kind].postings;
    const all = statement(`all:${kind}`, () => `SELECT term, data FROM ${table} WHERE segment_id = ? ORDER BY term, block`);
    const rewritten = rewriteTerms(all.iterate(segment) as IterableIterator<{ term: string; data: Uint8Array }>, INDEXES[kind].fields, removed);
    if (rewritten.length === 0) return;
    const remove = statement(`drop:${kind}`, () => `DELETE FROM ${table} WHERE segment_id = ? AND term = ?`);
    for (const r of rewritten) remove.run(segment, r.term);
    insertBlocks(segment, kind, st.nextBlock.get(segment)!.blocks, rewritten.filter((r) => r.rows > 0));
  }

  const write = db.transaction((input: DocSetWrite): number => {
    stillOurs();
    const old = st.findDocSet.get(input.name, input.version);
    if (old) st.deleteDocSet.run(old.id);
    // The segment knownPages chose, if it is still there; else a new one.
    let segment = input.segment !== undefined ? st.segmentExists.get(input.segment, input.name)?.id : undefined;
    if (segment !== undefined) checkCompact(segment, input, new Set(input.pages.flatMap((p) => p.indexed?.sections.map((s) => s.key) ?? [])));
    // A segment made by this write holds only what this write puts in it: its pages and bodies are
    // looked up in memory, not with a query per section.
    const fresh = segment === undefined;
    if (segment === undefined) segment = Number(st.insertSegment.run(input.name).lastInsertRowid);
    const freshBodies = new Map<string, number>();
    // Section texts are stored once per library: a library's first segment finds none stored, so
    // its texts are looked up in memory only (one query per section saved).
    const firstOfLibrary = fresh && st.segmentsNamed.all(input.name).length === 1;
    const texts = firstOfLibrary ? new Map<string, Map<string, number>>() : undefined;
    const postings = newPostings();
    // Postings counted beside parsing serve a write of every page into a new segment: its rows
    // get consecutive ids in the order they were counted in (checked as they are inserted).
    const counted = fresh && input.postings && input.pages.every((p) => p.indexed) ? input.postings : undefined;
    const newPages = consecutive('page');
    const newBodies = consecutive('body');
    const docSetId = Number(
      st.insertDocSet.run(segment, input.name, input.version, input.source, input.sourceHash, input.pages.length, input.sectionCount, new Date().toISOString()).lastInsertRowid,
    );
    const pageIds = new Map<string, number>();
    for (const page of input.pages) {
      let pageId = fresh ? pageIds.get(page.key) : st.findPageVersion.get(segment, page.key)?.id;
      if (pageId === undefined) {
        if (!page.indexed) throw new ReparseNeeded(`the stored page ${page.path} was removed while ${input.name}@${input.version} was being added`);
        const p = page.indexed;
        const rows = counted ? undefined : p.sections.map((s) => ({ kind: s.kind, terms: sectionTerms(s) }));
        const terms = rows && pageTerms(p.fields, rows);
        const length = terms ? terms.length : counted!.pageLengths[newPages.count];
        pageId = newPages.next(Number(st.insertPageVersion.run(segment, page.key, page.path, page.title, page.hash, packPageText(p.content), length).lastInsertRowid));
        if (terms) postings.pages.add(pageId, terms);
        for (const [k, s] of p.sections.entries()) {
          let bodyId = fresh ? freshBodies.get(s.key) : st.findBody.get(segment, s.key)?.id;
          if (bodyId === undefined) {
            const row = rows?.[k].terms;
            const length = row ? row.length : counted!.bodyLengths[newBodies.count];
            bodyId = newBodies.next(Number(st.insertBody.run(segment, s.key, storeText(input.name, s.text, s.code, texts), s.contentHash, length).lastInsertRowid));
            freshBodies.set(s.key, bodyId);
            if (row) postings.sections.add(bodyId, row);
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
    if (counted && (newPages.count !== counted.pageLengths.length || newBodies.count !== counted.bodyLengths.length)) {
      throw new Error('the counted postings do not match the rows written');
    }
    writePostings(
      segment,
      counted
        ? { pages: rebaseBlocks(unpackBlocks(counted.pages), newPages.base), sections: rebaseBlocks(unpackBlocks(counted.sections), newBodies.base) }
        : { pages: postings.pages.encode(), sections: postings.sections.encode() },
    );
    collectGarbage(segment);
    if (old && old.segment_id !== segment) collectGarbage(old.segment_id!);
    return docSetId;
  });

  /**
   * The ids a write's new rows of one table get, which counted postings number 1..n: each must
   * follow the one before (SQLite gives a new row the largest id plus one).
   */
  function consecutive(what: string) {
    return {
      base: 0,
      count: 0,
      next(id: number): number {
        if (this.count === 0) this.base = id - 1;
        else if (id !== this.base + this.count + 1) throw new Error(`the new ${what} rows did not get consecutive ids`);
        this.count++;
        return id;
      },
    };
  }

  /**
   * The id of a section text of a library: the stored one, or a new one. `known`: the library has
   * no texts stored but the ones this write stored, listed there by text and code.
   */
  function storeText(library: string, text: string, code: string, known?: Map<string, Map<string, number>>): number {
    const slot = textSlot(library, text, code);
    if (!known) return st.findText.get(slot, text, code)?.id ?? Number(st.insertText.run(slot, text, code).lastInsertRowid);
    let byCode = known.get(text);
    if (!byCode) known.set(text, (byCode = new Map()));
    let id = byCode.get(code);
    if (id === undefined) byCode.set(code, (id = Number(st.insertText.run(slot, text, code).lastInsertRowid)));
    return id;
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
      throw new ReparseNeeded(`${input.name}@${input.version} differs too much from its segment; indexing it apart`);
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


  /** Store.knownPages. */
  function knownPages(name: string, keys: string[]): KnownPages {
    const candidates = st.segmentsNamed.all(name).map((segment) => {
      const pages: Array<{ id: number; key: string; title: string }> = [];
      for (let i = 0; i < keys.length; i += BATCH) {
        const chunk = keys.slice(i, i + BATCH);
        pages.push(...(db.prepare(`SELECT id, key, title FROM page_versions WHERE segment_id = ? AND key IN (${chunk.map(() => '?').join(', ')})`).all(segment.id, ...chunk) as typeof pages));
      }
      return { segment: segment.id, pages };
    });
    const best = chooseSegment(candidates, keys.length);
    if (!best) return { pages: new Map() };
    const sections = [];
    for (let i = 0; i < best.pages.length; i += BATCH) {
      const chunk = best.pages.slice(i, i + BATCH);
      sections.push(
        ...(db
          .prepare(`SELECT s.page_id, s.ord, s.kind, b.content_hash FROM sections s JOIN bodies b ON b.id = s.body_id WHERE s.page_id IN (${chunk.map(() => '?').join(', ')})`)
          .all(...chunk.map((p) => p.id)) as Array<{ page_id: number; ord: number; kind: 'section' | 'row'; content_hash: string }>),
      );
    }
    return knownPagesOf(best.segment, best.pages, sections);
  }

  return { write, remove, knownPages };
}
