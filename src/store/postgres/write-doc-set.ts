// Writes to a PostgreSQL index: a doc set added or replaced, or removed, each in one transaction
// under an advisory lock per library (its versions share segments, pages and texts), ending with
// the generation moved on so that every instance drops what it cached.
import type postgres from 'postgres';
import { pageTerms, sectionTerms } from '../fields.js';
import { addPostings, encodeTerms, rewriteTerms, type Blocks, type Posting } from '../postings.js';
import { packPageText } from '../page-text.js';
import { TEXT_SLOTS, textSlot, type DocSetRow } from '../rows.js';
import type { IndexKind } from '../segment-ranking.js';
import { ReparseNeeded, staysCompact } from '../segments.js';
import type { RowTerms } from '../../text/stem-terms.js';
import type { DocSetWrite, IndexedSection } from '../store.js';
import { CHANNEL } from './read-cache.js';
import { INDEXES } from './schema.js';

const BATCH = 500;

/** Replaces name@version with `input`; readers keep seeing the old rows until commit. */
export async function writeDocSet(sql: postgres.Sql, input: DocSetWrite): Promise<DocSetRow> {
  return sql.begin(async (tx) => {
    // One writer per library at a time: its versions share segments and pages.
    await tx`SELECT pg_advisory_xact_lock(hashtext(${`vdocs segment ${input.name}`}))`;
    const [old] = await tx<Array<{ segment_id: number }>>`DELETE FROM vdocs_docsets WHERE name = ${input.name} AND version = ${input.version} RETURNING segment_id`;
    // The segment knownPages chose, if it is still there; else a new one.
    const [chosen] = input.segment === undefined ? [] : await tx<Array<{ id: number }>>`SELECT id FROM vdocs_segments WHERE id = ${input.segment} AND name = ${input.name}`;
    const segment = chosen?.id ?? (await tx<Array<{ id: number }>>`INSERT INTO vdocs_segments (name) VALUES (${input.name}) RETURNING id`)[0].id;
    const [row] = await tx<DocSetRow[]>`
      INSERT INTO vdocs_docsets (segment_id, name, version, source, source_hash, page_count, section_count, indexed_at)
      VALUES (${segment}, ${input.name}, ${input.version}, ${input.source}, ${input.sourceHash}, ${input.pages.length}, ${input.sectionCount}, ${new Date().toISOString()})
      RETURNING *`;
    const pageIds = new Map<string, number>();
    const keys = input.pages.map((p) => p.key);
    for (const p of await tx<Array<{ id: number; key: string }>>`SELECT id, key FROM vdocs_page_versions WHERE segment_id = ${segment} AND key = ANY(${keys})`) pageIds.set(p.key, p.id);
    const fresh = input.pages.filter((p) => !pageIds.has(p.key));
    const missing = fresh.find((p) => !p.indexed);
    if (missing) throw new ReparseNeeded(`the stored page ${missing.path} was removed while ${input.name}@${input.version} was being added`);
    if (chosen) await checkCompact(tx, segment, input, new Set(fresh.flatMap((p) => p.indexed!.sections.map((s) => s.key))));
    // Each new section's row, computed once: its page's row sums its body, and a new body stores it.
    const termsOf = new Map<IndexedSection, RowTerms>();
    const pagePostings = new Map<string, Posting[]>();
    for (let i = 0; i < fresh.length; i += BATCH) {
      const batch = fresh.slice(i, i + BATCH).map((p) => {
        const sections = p.indexed!.sections.map((s) => ({ kind: s.kind, terms: sectionTerms(s) }));
        p.indexed!.sections.forEach((s, k) => termsOf.set(s, sections[k].terms));
        return { p, terms: pageTerms(p.indexed!.fields, sections) };
      });
      const rows = batch.map(({ p, terms }) => ({
        segment_id: segment, key: p.key, path: p.path, title: p.title, hash: p.hash, content: packPageText(p.indexed!.content), n_terms: terms.length,
      }));
      for (const r of await tx<Array<{ id: number; key: string }>>`INSERT INTO vdocs_page_versions ${tx(rows)} RETURNING id, key`) pageIds.set(r.key, r.id);
      for (const { p, terms } of batch) addPostings(pagePostings, pageIds.get(p.key)!, terms);
    }

    const sections = fresh.flatMap((p) => p.indexed!.sections.map((s) => ({ s, pageId: pageIds.get(p.key)!, key: s.key })));
    // Bodies the segment has are shared; the others are inserted once, with their postings.
    const bodyIds = new Map<string, number>();
    const keysWanted = [...new Set(sections.map((x) => x.key))];
    for (let i = 0; i < keysWanted.length; i += BATCH) {
      const found = await tx<Array<{ id: number; key: string }>>`SELECT id, key FROM vdocs_bodies WHERE segment_id = ${segment} AND key = ANY(${keysWanted.slice(i, i + BATCH)})`;
      for (const b of found) bodyIds.set(b.key, b.id);
    }
    const newBodies = [...new Map(sections.filter((x) => !bodyIds.has(x.key)).map((x) => [x.key, x.s])).entries()];
    const sectionPostings = new Map<string, Posting[]>();
    for (let i = 0; i < newBodies.length; i += BATCH) {
      const batch = newBodies.slice(i, i + BATCH).map(([key, s]) => ({ key, s, terms: termsOf.get(s)! }));
      const texts = await storeTexts(tx, input.name, batch.map(({ s }) => s));
      const rows = batch.map(({ key, s, terms }, k) => ({ segment_id: segment, key, text_id: texts[k], content_hash: s.contentHash, n_terms: terms.length }));
      const inserted = await tx<Array<{ id: number }>>`INSERT INTO vdocs_bodies ${tx(rows)} RETURNING id`;
      batch.forEach(({ key, terms }, k) => {
        bodyIds.set(key, inserted[k].id);
        addPostings(sectionPostings, inserted[k].id, terms);
      });
    }
    for (let i = 0; i < sections.length; i += BATCH) {
      const rows = sections.slice(i, i + BATCH).map(({ s, pageId, key }) => ({
        page_id: pageId, body_id: bodyIds.get(key)!, ord: s.ord, kind: s.kind, anchor: s.anchor, heading_path: JSON.stringify(s.headingPath),
        level: s.level, start_line: s.startLine, end_line: s.endLine,
      }));
      await tx`INSERT INTO vdocs_sections ${tx(rows)}`;
    }
    if (sectionPostings.size > 0 || pagePostings.size > 0) {
      const [{ blocks }] = await tx<Array<{ blocks: number }>>`UPDATE vdocs_segments SET blocks = blocks + 1 WHERE id = ${segment} RETURNING blocks`;
      await insertBlocks(tx, 'pages', segment, blocks, encodeTerms(pagePostings));
      await insertBlocks(tx, 'sections', segment, blocks, encodeTerms(sectionPostings));
    }
    const links = input.pages.map((p) => ({ docset_id: row.id, path: p.path, page_id: pageIds.get(p.key)! }));
    for (let i = 0; i < links.length; i += BATCH) await tx`INSERT INTO vdocs_docset_pages ${tx(links.slice(i, i + BATCH))}`;
    if (input.secondary.length > 0) {
      const ids = [...new Set(input.secondary.map((s) => pageIds.get(s.key)!))];
      const located = await tx<Array<{ id: number; page_id: number; ord: number }>>`SELECT id, page_id, ord FROM vdocs_sections WHERE page_id = ANY(${ids})`;
      const at = new Map(located.map((s) => [`${s.page_id}:${s.ord}`, s.id]));
      const rows = input.secondary.map((s) => at.get(`${pageIds.get(s.key)}:${s.ord}`)).filter((id): id is number => id !== undefined).map((id) => ({ docset_id: row.id, section_id: id }));
      for (let i = 0; i < rows.length; i += BATCH) await tx`INSERT INTO vdocs_secondary ${tx(rows.slice(i, i + BATCH))} ON CONFLICT DO NOTHING`;
    }
    await collectGarbage(tx, segment);
    if (old && old.segment_id !== segment) await collectGarbage(tx, old.segment_id);
    await bumpGeneration(tx);
    return row;
  }) as Promise<DocSetRow>;
}

export async function removeDocSet(sql: postgres.Sql, name: string, version: string): Promise<boolean> {
  return sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(hashtext(${`vdocs segment ${name}`}))`;
    const deleted = await tx<Array<{ segment_id: number }>>`DELETE FROM vdocs_docsets WHERE name = ${name} AND version = ${version} RETURNING segment_id`;
    if (deleted.length > 0) await collectGarbage(tx, deleted[0].segment_id);
    await bumpGeneration(tx);
    return deleted.length > 0;
  }) as Promise<boolean>;
}

/**
 * A version joins the segment chosen for it only if the segment stays compact in section bodies
 * (what searches rank), as in the SQLite backend; otherwise the add starts over, in a new segment.
 */
async function checkCompact(tx: postgres.TransactionSql, segment: number, input: DocSetWrite, bodyKeys: ReadonlySet<string>): Promise<void> {
  const [{ stored, smallest }] = await tx<Array<{ stored: number; smallest: number | null }>>`
    SELECT (SELECT count(*)::int FROM vdocs_bodies WHERE segment_id = ${segment}) AS stored,
           (SELECT min(section_count) FROM vdocs_docsets WHERE segment_id = ${segment} AND NOT (name = ${input.name} AND version = ${input.version})) AS smallest`;
  const [{ have }] = await tx<Array<{ have: number }>>`SELECT count(*)::int AS have FROM vdocs_bodies WHERE segment_id = ${segment} AND key = ANY(${[...bodyKeys]})`;
  if (!staysCompact(stored + bodyKeys.size - have, Math.min(smallest ?? input.sectionCount, input.sectionCount))) {
    throw new ReparseNeeded(`${input.name}@${input.version} differs too much from its segment; indexing it apart`);
  }
}

/** A write's last step: the generation moves on, and every listening instance hears so at commit. */
async function bumpGeneration(tx: postgres.TransactionSql): Promise<void> {
  await tx`UPDATE vdocs_meta SET generation = generation + 1 WHERE id = 1`;
  await tx`SELECT pg_notify(${CHANNEL}, '')`;
}

/** Removes the page versions no doc set lists any more (and their postings), and segments left empty. */
async function collectGarbage(tx: postgres.TransactionSql, segment: number): Promise<void> {
  const [{ n }] = await tx<Array<{ n: number }>>`SELECT count(*)::int AS n FROM vdocs_docsets WHERE segment_id = ${segment}`;
  if (n === 0) {
    // Nothing shares an empty segment: its postings go without being read; its rows cascade.
    const held = await tx<Array<{ text_id: string }>>`SELECT text_id FROM vdocs_bodies WHERE segment_id = ${segment}`;
    await tx`DELETE FROM vdocs_section_postings WHERE segment_id = ${segment}`;
    await tx`DELETE FROM vdocs_page_postings WHERE segment_id = ${segment}`;
    await tx`DELETE FROM vdocs_segments WHERE id = ${segment}`;
    await releaseTexts(tx, held.map((b) => Number(b.text_id)));
    return;
  }
  const pages = await tx<Array<{ id: number }>>`
    SELECT id FROM vdocs_page_versions pv WHERE pv.segment_id = ${segment} AND NOT EXISTS (SELECT 1 FROM vdocs_docset_pages dp WHERE dp.page_id = pv.id)`;
  if (pages.length === 0) return;
  const pageIds = pages.map((p) => p.id);
  await tx`DELETE FROM vdocs_page_versions WHERE id = ANY(${pageIds})`;
  const bodies = await tx<Array<{ id: number; text_id: string }>>`
    DELETE FROM vdocs_bodies b WHERE b.segment_id = ${segment} AND NOT EXISTS (SELECT 1 FROM vdocs_sections s WHERE s.body_id = b.id) RETURNING id, text_id`;
  await releaseTexts(tx, bodies.map((b) => Number(b.text_id)));
  await dropPostings(tx, segment, 'pages', new Set(pageIds));
  await dropPostings(tx, segment, 'sections', new Set(bodies.map((r) => r.id)));
}

/**
 * The slots of section texts of a library (rows.ts textSlot), each stored there unless it is
 * already: one statement per round, a text whose slot holds another text trying the next slot in
 * the next round.
 */
async function storeTexts(tx: postgres.TransactionSql, library: string, items: Array<{ text: string; code: string }>): Promise<number[]> {
  const slots: number[] = new Array(items.length);
  const distinct = new Map<string, { text: string; code: string; slot: number; at: number[] }>();
  items.forEach(({ text, code }, i) => {
    const key = `${text}\u0000${code}`;
    let d = distinct.get(key);
    if (!d) distinct.set(key, (d = { text, code, slot: textSlot(library, text, code), at: [] }));
    d.at.push(i);
  });
  let waiting = [...distinct.values()];
  while (waiting.length > 0) {
    // One text per slot in a round; the others wait for the next.
    const bySlot = new Map(waiting.map((d) => [d.slot, d]));
    const round = [...bySlot.values()];
    // The slots now holding these texts: inserted, or holding them already (the outer query does
    // not see the rows the insert adds).
    const held = await tx.unsafe<Array<{ id: string }>>(
      `WITH v AS (SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[]) AS v(id, text, code)),
       added AS (INSERT INTO vdocs_texts (id, text, code) SELECT id, text, code FROM v ON CONFLICT (id) DO NOTHING RETURNING id)
       SELECT id FROM added UNION ALL SELECT t.id FROM vdocs_texts t JOIN v ON t.id = v.id AND t.text = v.text AND t.code = v.code`,
      [round.map((d) => d.slot), round.map((d) => d.text), round.map((d) => d.code)],
    );
    const stored = new Set(held.map((r) => Number(r.id)));
    for (const d of round) if (stored.has(d.slot)) for (const i of d.at) slots[i] = d.slot;
    waiting = waiting.filter((d) => !(stored.has(d.slot) && bySlot.get(d.slot) === d));
    for (const d of waiting) if (bySlot.get(d.slot) === d) d.slot = (d.slot + 1) % TEXT_SLOTS;
  }
  return slots;
}

/** Deletes the section texts among `textIds` that no body shows any more. */
async function releaseTexts(tx: postgres.TransactionSql, textIds: number[]): Promise<void> {
  if (textIds.length === 0) return;
  await tx.unsafe('DELETE FROM vdocs_texts t WHERE t.id = ANY($1::bigint[]) AND NOT EXISTS (SELECT 1 FROM vdocs_bodies b WHERE b.text_id = t.id)', [[...new Set(textIds)]]);
}

/** Takes removed rows out of a segment's postings: each stem whose blocks list one is rewritten as one block. */
async function dropPostings(tx: postgres.TransactionSql, segment: number, kind: IndexKind, removed: ReadonlySet<number>): Promise<void> {
  if (removed.size === 0) return;
  const postings = INDEXES[kind].postings;
  const all = await tx.unsafe<Array<{ term: string; data: Uint8Array }>>(`SELECT term, data FROM ${postings} WHERE segment_id = $1 ORDER BY term COLLATE "C", block`, [segment]);
  const rewritten = rewriteTerms(all, INDEXES[kind].fields, removed);
  if (rewritten.length === 0) return;
  await tx.unsafe(`DELETE FROM ${postings} WHERE segment_id = $1 AND term = ANY($2)`, [segment, rewritten.map((r) => r.term)]);
  const [{ blocks }] = await tx<Array<{ blocks: number }>>`UPDATE vdocs_segments SET blocks = blocks + 1 WHERE id = ${segment} RETURNING blocks`;
  await insertBlocks(tx, kind, segment, blocks, rewritten.filter((r) => r.rows > 0));
}

const BLOCKS_BATCH = 2000;

/** Inserts blocks numbered `block`, with one unnest of column arrays per batch. */
async function insertBlocks(tx: postgres.TransactionSql, kind: IndexKind, segment: number, block: number, rows: Blocks): Promise<void> {
  for (let i = 0; i < rows.length; i += BLOCKS_BATCH) {
    const batch = rows.slice(i, i + BLOCKS_BATCH);
    await tx.unsafe(
      `INSERT INTO ${INDEXES[kind].postings} (segment_id, term, block, rows, data) SELECT $1, t.term, $2, t.rows, decode(t.data, 'base64') FROM unnest($3::text[], $4::int[], $5::text[]) AS t(term, rows, data)`,
      [segment, block, batch.map((r) => r.term), batch.map((r) => r.rows), batch.map((r) => r.data.toString('base64'))],
    );
  }
}

