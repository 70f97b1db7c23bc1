// Row shapes both SQL backends share (same table columns) and their mapping to the model.
import { createHash } from 'node:crypto';
import type { Section, StoredSection } from '../model.js';
import type { SectionFields, StoredDocSet } from './store.js';

/**
 * A section body's identity: everything the full-text index and the reader see of it. Sections
 * with equal keys in one library (an unchanged section of an edited page, in another version)
 * share one body and one index entry.
 */
export function bodyKey(section: Section, f: SectionFields): string {
  const hash = createHash('sha256');
  for (const part of [f.title, f.headings, f.path, f.body, f.code, section.text, section.code, section.contentHash]) hash.update(part).update('\u0000');
  return hash.digest('hex').slice(0, 32);
}

/** How many slots section texts are stored in: 48 bits, so a slot is a safe JS number. */
export const TEXT_SLOTS = 2 ** 48;

/**
 * Where a section text is looked up: a hash of its library and content, so the versions of a
 * library in any segment (and sections of different pages) that show the same text share one row.
 * Two texts may share a slot (a collision): a store compares the texts it finds there.
 */
export function textSlot(library: string, text: string, code: string): number {
  return createHash('sha256').update(library).update('\u0000').update(text).update('\u0000').update(code).digest().readUIntBE(0, 6);
}

export interface DocSetRow {
  id: number;
  /** The segment (versions of one library that share pages) this version belongs to. */
  segment_id?: number;
  name: string;
  version: string;
  source: string;
  source_hash: string;
  page_count: number;
  section_count: number;
  indexed_at: string;
}

export interface SectionRow {
  id: number;
  docset_id: number;
  path: string;
  ord: number;
  kind: 'section' | 'row';
  anchor: string;
  heading_path: string;
  level: number;
  start_line: number;
  end_line: number;
  text: string;
  code: string;
  content_hash: string;
  /** SQLite stores 0/1, PostgreSQL a boolean. */
  primary_copy: number | boolean;
}

export function toDocSet(row: DocSetRow): StoredDocSet {
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    source: row.source,
    sourceHash: row.source_hash,
    pageCount: row.page_count,
    sectionCount: row.section_count,
    indexedAt: row.indexed_at,
  };
}

export function toSection(row: SectionRow & { title: string }): StoredSection {
  return {
    id: row.id,
    docSetId: row.docset_id,
    title: row.title,
    path: row.path,
    ord: row.ord,
    kind: row.kind,
    anchor: row.anchor,
    headingPath: JSON.parse(row.heading_path) as string[],
    level: row.level,
    startLine: row.start_line,
    endLine: row.end_line,
    text: row.text,
    code: row.code,
    contentHash: row.content_hash,
    primaryCopy: row.primary_copy === true || row.primary_copy === 1,
  };
}
