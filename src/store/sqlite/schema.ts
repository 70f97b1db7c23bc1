// The SQLite index's tables. The versions of a library (the doc sets of one name) are grouped in
// segments of versions that are mostly alike; postings are kept per segment (postings.ts), so a
// search scoped to a version ranks only its segment's rows, with that segment's statistics, however
// much else is indexed. Within a segment, pages are stored once per key and section bodies (what
// the postings index) once per content: versions share both. The texts of sections are stored once
// per library, whatever segment or page shows them.
import type Database from 'better-sqlite3';

export const SCHEMA_VERSION = 11;

/**
 * Document frequencies of a question's terms in every library at once (choosing the libraries a
 * question is about, segment-ranking.ts sectionFrequencies): postings blocks by term. Added in 11.
 */
const BY_TERM = 'CREATE INDEX IF NOT EXISTS section_postings_by_term ON section_postings (term, segment_id, rows);';

/** A postings table (store/postings.ts): per segment and stem, one block per write that added rows. */
function postingsTable(name: string): string {
  return `CREATE TABLE IF NOT EXISTS ${name} (
  segment_id INTEGER NOT NULL,
  term TEXT NOT NULL,
  block INTEGER NOT NULL,
  rows INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (segment_id, term, block)
) WITHOUT ROWID;`;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS segments (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  -- Postings blocks written so far: the next write's block number.
  blocks INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS segments_by_name ON segments (name);
CREATE TABLE IF NOT EXISTS docsets (
  id INTEGER PRIMARY KEY,
  segment_id INTEGER NOT NULL REFERENCES segments(id),
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  source TEXT NOT NULL,
  source_hash TEXT NOT NULL,
  page_count INTEGER NOT NULL,
  section_count INTEGER NOT NULL,
  indexed_at TEXT NOT NULL,
  UNIQUE (name, version)
);
CREATE TABLE IF NOT EXISTS page_versions (
  id INTEGER PRIMARY KEY,
  segment_id INTEGER NOT NULL REFERENCES segments(id),
  key TEXT NOT NULL,
  path TEXT NOT NULL,
  title TEXT NOT NULL,
  hash TEXT NOT NULL,
  -- DEFLATE of the page's text (store/page-text.ts).
  content BLOB NOT NULL,
  n_terms INTEGER NOT NULL,
  UNIQUE (segment_id, key)
);
CREATE INDEX IF NOT EXISTS page_versions_lengths ON page_versions (segment_id, n_terms);
CREATE TABLE IF NOT EXISTS docset_pages (
  docset_id INTEGER NOT NULL REFERENCES docsets(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  page_id INTEGER NOT NULL REFERENCES page_versions(id),
  PRIMARY KEY (docset_id, path)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS docset_pages_by_page ON docset_pages (page_id, docset_id);
-- A section's text and code, found by slot (rows.ts textSlot, a hash of library and content) and
-- kept while a body shows it. Ids are assigned in order, so the table's pages fill up (rows keyed
-- by the hash itself went in at random places and left pages a third empty).
CREATE TABLE IF NOT EXISTS texts (
  id INTEGER PRIMARY KEY,
  slot INTEGER NOT NULL,
  text TEXT NOT NULL,
  code TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS texts_by_slot ON texts (slot);
CREATE TABLE IF NOT EXISTS bodies (
  id INTEGER PRIMARY KEY,
  segment_id INTEGER NOT NULL REFERENCES segments(id),
  key TEXT NOT NULL,
  text_id INTEGER NOT NULL REFERENCES texts(id),
  content_hash TEXT NOT NULL,
  n_terms INTEGER NOT NULL,
  UNIQUE (segment_id, key)
);
CREATE INDEX IF NOT EXISTS bodies_lengths ON bodies (segment_id, n_terms);
CREATE INDEX IF NOT EXISTS bodies_by_text ON bodies (text_id);
CREATE TABLE IF NOT EXISTS sections (
  id INTEGER PRIMARY KEY,
  page_id INTEGER NOT NULL REFERENCES page_versions(id),
  body_id INTEGER NOT NULL REFERENCES bodies(id),
  ord INTEGER NOT NULL,
  kind TEXT NOT NULL,
  anchor TEXT NOT NULL,
  heading_path TEXT NOT NULL,
  level INTEGER NOT NULL,
  start_line INTEGER NOT NULL,
  end_line INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sections_by_page ON sections (page_id, ord);
CREATE INDEX IF NOT EXISTS sections_by_body ON sections (body_id, page_id);
CREATE TABLE IF NOT EXISTS secondary_copies (
  docset_id INTEGER NOT NULL REFERENCES docsets(id) ON DELETE CASCADE,
  section_id INTEGER NOT NULL,
  PRIMARY KEY (docset_id, section_id)
) WITHOUT ROWID;
${postingsTable('section_postings')}
${postingsTable('page_postings')}
`;

export function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === SCHEMA_VERSION) return;
  if (version === 10) {
    db.exec(BY_TERM);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
    return;
  }
  if (version !== 0) {
    // An index of another schema version is a cache of its sources: every table goes (virtual
    // tables first, with their shadow tables; then the latest made first, before what it refers
    // to), and the sources are indexed again.
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY sql LIKE 'CREATE VIRTUAL TABLE%' DESC, rowid DESC")
      .all();
    db.exec(tables.map((t) => `DROP TABLE IF EXISTS "${t.name.replace(/"/g, '""')}";`).join('\n'));
  }
  db.exec(SCHEMA);
  db.exec(BY_TERM);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
}
