// The SQLite backend's statements: those every call uses, prepared at open, and those over one
// index's tables (sections or pages), prepared on first use.
import type Database from 'better-sqlite3';
import type { Page } from '../../model.js';
import { PAGE_FIELDS, SECTION_FIELDS } from '../fields.js';
import type { DocSetRow, SectionRow } from '../rows.js';
import type { DocSetPlace, IndexKind } from '../segment-ranking.js';
import type { PageSummary } from '../store.js';

/** Each index of a segment: its rows, its postings blocks, and how many fields a posting counts. */
export const INDEXES: Record<IndexKind, { rows: string; postings: string; fields: number }> = {
  sections: { rows: 'bodies', postings: 'section_postings', fields: SECTION_FIELDS.length },
  pages: { rows: 'page_versions', postings: 'page_postings', fields: PAGE_FIELDS.length },
};

/** A section row as rows.ts maps it, for the doc set `dp` it is read through. */
export const SECTION_COLUMNS = `s.id, dp.docset_id AS docset_id, dp.path AS path, s.ord, s.kind, s.anchor, s.heading_path, s.level, s.start_line, s.end_line,
  t.text, t.code, b.content_hash, pv.title AS title,
  NOT EXISTS (SELECT 1 FROM secondary_copies sc WHERE sc.docset_id = dp.docset_id AND sc.section_id = s.id) AS primary_copy`;

export type Statements = ReturnType<typeof prepareStatements>;

export function prepareStatements(db: Database.Database) {
  return {
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

}

/** A statement prepared on its first use, by key (the SQL may name an index's tables). */
export type LazyStatement = (key: string, sql: () => string) => Database.Statement;

export function lazyStatements(db: Database.Database): LazyStatement {
  const prepared = new Map<string, Database.Statement>();
  return (key, sql) => {
    let s = prepared.get(key);
    if (!s) {
      s = db.prepare(sql());
      prepared.set(key, s);
    }
    return s;
  };
}
