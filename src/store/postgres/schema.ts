// The PostgreSQL tables, created at the schema version this vdocs writes. An index at another
// version is a cache of its sources: its tables are dropped and made anew (and filled again by
// the next adds), never migrated.
import type postgres from 'postgres';
import { PAGE_FIELDS, SECTION_FIELDS } from '../fields.js';
import type { IndexKind } from '../segment-ranking.js';

/** Moved on whenever a table or an encoding changes. */
const SCHEMA_VERSION = 7;

// Segments (versions of one library that are mostly alike, store/segments.ts) scope candidates and
// statistics; page versions are stored once per segment and key and shared by every version that
// lists them in vdocs_docset_pages.
const SCHEMA = `
CREATE TABLE vdocs_schema (version int NOT NULL);
INSERT INTO vdocs_schema VALUES (${SCHEMA_VERSION});
CREATE TABLE vdocs_meta (id int PRIMARY KEY, generation bigint NOT NULL);
INSERT INTO vdocs_meta VALUES (1, 0);
CREATE TABLE vdocs_segments (id serial PRIMARY KEY, name text NOT NULL, blocks int NOT NULL DEFAULT 0);
CREATE INDEX vdocs_segments_by_name ON vdocs_segments (name);
CREATE TABLE vdocs_docsets (
  id serial PRIMARY KEY, segment_id int NOT NULL REFERENCES vdocs_segments(id), name text NOT NULL, version text NOT NULL,
  source text NOT NULL, source_hash text NOT NULL, page_count int NOT NULL, section_count int NOT NULL, indexed_at text NOT NULL,
  UNIQUE (name, version)
);
CREATE TABLE vdocs_page_versions (
  id serial PRIMARY KEY, segment_id int NOT NULL REFERENCES vdocs_segments(id) ON DELETE CASCADE, key text NOT NULL,
  path text NOT NULL, title text NOT NULL, hash text NOT NULL, content bytea NOT NULL, n_terms int NOT NULL,
  UNIQUE (segment_id, key)
);
CREATE TABLE vdocs_docset_pages (
  docset_id int NOT NULL REFERENCES vdocs_docsets(id) ON DELETE CASCADE, path text NOT NULL,
  page_id int NOT NULL REFERENCES vdocs_page_versions(id), PRIMARY KEY (docset_id, path)
);
CREATE INDEX vdocs_docset_pages_by_page ON vdocs_docset_pages (page_id, docset_id);
-- A section's text and code, once per library and content at the slot rows.ts textSlot gives it,
-- kept while a body shows it (no reference count: each update of one would leave a dead copy of
-- the row behind).
CREATE TABLE vdocs_texts (id bigint PRIMARY KEY, text text NOT NULL, code text NOT NULL);
-- Section bodies (what the postings index) are stored once per segment and content (rows.ts bodyKey).
CREATE TABLE vdocs_bodies (
  id serial PRIMARY KEY, segment_id int NOT NULL REFERENCES vdocs_segments(id) ON DELETE CASCADE, key text NOT NULL,
  text_id bigint NOT NULL REFERENCES vdocs_texts(id), content_hash text NOT NULL, n_terms int NOT NULL,
  UNIQUE (segment_id, key)
);
CREATE INDEX vdocs_bodies_lengths ON vdocs_bodies (segment_id, n_terms);
CREATE INDEX vdocs_bodies_by_text ON vdocs_bodies (text_id);
CREATE TABLE vdocs_sections (
  id serial PRIMARY KEY, page_id int NOT NULL REFERENCES vdocs_page_versions(id) ON DELETE CASCADE,
  body_id int NOT NULL REFERENCES vdocs_bodies(id), ord int NOT NULL, kind text NOT NULL, anchor text NOT NULL,
  heading_path text NOT NULL, level int NOT NULL, start_line int NOT NULL, end_line int NOT NULL
);
CREATE INDEX vdocs_sections_page ON vdocs_sections (page_id, ord);
CREATE INDEX vdocs_sections_body ON vdocs_sections (body_id, page_id);
-- Postings blocks (store/postings.ts): per segment and stem, one block per write that added rows.
CREATE TABLE vdocs_section_postings (
  segment_id int NOT NULL, term text NOT NULL, block int NOT NULL, rows int NOT NULL, data bytea NOT NULL, PRIMARY KEY (segment_id, term, block)
);
CREATE INDEX vdocs_section_postings_by_term ON vdocs_section_postings (term, segment_id) INCLUDE (rows);
CREATE TABLE vdocs_page_postings (
  segment_id int NOT NULL, term text NOT NULL, block int NOT NULL, rows int NOT NULL, data bytea NOT NULL, PRIMARY KEY (segment_id, term, block)
);
CREATE TABLE vdocs_secondary (
  docset_id int NOT NULL REFERENCES vdocs_docsets(id) ON DELETE CASCADE, section_id int NOT NULL, PRIMARY KEY (docset_id, section_id)
);
`;

/** Every table any vdocs has made, dropped when the version differs. */
const ALL_TABLES = [
  'vdocs_schema', 'vdocs_meta', 'vdocs_section_terms', 'vdocs_page_terms', 'vdocs_section_postings', 'vdocs_page_postings', 'vdocs_secondary', 'vdocs_sections',
  'vdocs_bodies', 'vdocs_texts', 'vdocs_docset_pages', 'vdocs_page_versions', 'vdocs_pages', 'vdocs_docsets', 'vdocs_libraries', 'vdocs_segments',
];

/** Drops every vdocs table (the index is a cache of its sources); tests and benches start from it too. */
export const DROP_ALL_TABLES = `DROP TABLE IF EXISTS ${ALL_TABLES.join(', ')} CASCADE`;

/** Makes the tables unless they are at this version; one instance at a time. */
export async function ensureSchema(sql: postgres.Sql): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(hashtext('vdocs schema'))`;
    const [table] = await tx`SELECT 1 FROM information_schema.tables WHERE table_name = 'vdocs_schema' AND table_schema = current_schema()`;
    const [row] = table ? await tx<Array<{ version: number }>>`SELECT version FROM vdocs_schema` : [];
    if (row?.version === SCHEMA_VERSION) return;
    await tx.unsafe(DROP_ALL_TABLES);
    await tx.unsafe(SCHEMA);
  });
}

/** Each index of a segment: its rows, its postings blocks, and how many fields a posting counts. */
export const INDEXES: Record<IndexKind, { rows: string; postings: string; fields: number }> = {
  sections: { rows: 'vdocs_bodies', postings: 'vdocs_section_postings', fields: SECTION_FIELDS.length },
  pages: { rows: 'vdocs_page_versions', postings: 'vdocs_page_postings', fields: PAGE_FIELDS.length },
};

/** A section row as rows.ts maps it, read through the doc set `dp`. */
export const SECTION_COLUMNS = `s.id, dp.docset_id, dp.path, s.ord, s.kind, s.anchor, s.heading_path, s.level, s.start_line, s.end_line,
  t.text, t.code, b.content_hash, pv.title,
  NOT EXISTS (SELECT 1 FROM vdocs_secondary sc WHERE sc.docset_id = dp.docset_id AND sc.section_id = s.id) AS primary_copy`;
