// Postings blocks, both backends' index: one blob per (segment, stem, write) listing the rows that
// hold the stem, each with its length and its count in every field. A search decodes only its
// query stems' blocks and sums BM25 in memory, so its cost is the length of those lists, not a
// per-row call into the database. An add appends a block per stem; a removal rewrites the stems
// whose blocks list a removed row.
// Encoding, per row in ascending id order: varint(id - previous id), varint(row length), a byte
// with one bit per field the stem occurs in, then varint(count) for each of those fields.
import { B, K1 } from './bm25.js';

/** One row's posting: its id, its length in terms, the stem's count per field. */
export interface Posting {
  id: number;
  length: number;
  counts: number[];
}

/** At most 8 fields: one presence byte per posting. */
const MAX_FIELDS = 8;

/** Appends postings in the block encoding, into a buffer that grows by doubling (no array of numbers). */
class BlockWriter {
  private bytes = new Uint8Array(32);
  private size = 0;
  private previous = 0;
  rows = 0;

  add(id: number, length: number, counts: ArrayLike<number>): void {
    if (counts.length > MAX_FIELDS) throw new Error(`a posting has ${counts.length} fields; blocks hold at most ${MAX_FIELDS}`);
    if (this.rows > 0 && id <= this.previous) throw new Error(`postings must be added in ascending id order (${id} after ${this.previous})`);
    this.varint(id - this.previous);
    this.previous = id;
    this.varint(length);
    let mask = 0;
    for (let f = 0; f < counts.length; f++) if (counts[f] > 0) mask |= 1 << f;
    this.byte(mask);
    for (let f = 0; f < counts.length; f++) if (counts[f] > 0) this.varint(counts[f]);
    this.rows++;
  }

  finish(): Buffer {
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.size);
  }

  private byte(b: number): void {
    if (this.size === this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[this.size++] = b;
  }

  private varint(n: number): void {
    while (n >= 0x80) {
      this.byte((n & 0x7f) | 0x80);
      n = Math.floor(n / 0x80);
    }
    this.byte(n);
  }
}

/**
 * One write's postings encoded as they are added, a block writer per stem: rows added in ascending
 * id order (as a single-writer transaction inserts them) need no posting objects and no sort.
 */
export class PostingLists {
  private writers = new Map<string, BlockWriter>();

  /** Stems with postings. */
  get size(): number {
    return this.writers.size;
  }

  add(id: number, row: { length: number; counts: ReadonlyMap<string, number[]> }): void {
    for (const [term, counts] of row.counts) {
      let writer = this.writers.get(term);
      if (!writer) this.writers.set(term, (writer = new BlockWriter()));
      writer.add(id, row.length, counts);
    }
  }

  /** The blocks to store: one per stem, with its row count. */
  encode(): Blocks {
    return [...this.writers].map(([term, writer]) => ({ term, rows: writer.rows, data: writer.finish() }));
  }
}

/** Blocks to store: one per stem, with its row count. */
export type Blocks = Array<{ term: string; rows: number; data: Buffer }>;

/**
 * `blocks` written for rows numbered from 1, for rows numbered from `base + 1`: only a block's
 * first id is stored whole (the others are gaps), so only it is written again.
 */
export function rebaseBlocks(blocks: Blocks, base: number): Blocks {
  if (base === 0) return blocks;
  return blocks.map(({ term, rows, data }) => {
    let i = 0;
    let first = 0;
    for (let scale = 1; ; scale *= 0x80) {
      const byte = data[i++];
      first += (byte & 0x7f) * scale;
      if (byte < 0x80) break;
    }
    return { term, rows, data: Buffer.concat([varintBytes(first + base), data.subarray(i)]) };
  });
}

function varintBytes(n: number): Buffer {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return Buffer.from(out);
}

/** Blocks as one buffer and three lists, to hand between threads in one transfer. */
export interface PackedBlocks {
  terms: string[];
  rows: number[];
  /** Where each block ends in `bytes`. */
  ends: number[];
  bytes: Uint8Array;
}

export function packBlocks(blocks: Blocks): PackedBlocks {
  let end = 0;
  const ends = blocks.map((b) => (end += b.data.length));
  const bytes = new Uint8Array(end);
  blocks.forEach((b, i) => bytes.set(b.data, i === 0 ? 0 : ends[i - 1]));
  return { terms: blocks.map((b) => b.term), rows: blocks.map((b) => b.rows), ends, bytes };
}

export function unpackBlocks(packed: PackedBlocks): Blocks {
  const bytes = Buffer.from(packed.bytes.buffer, packed.bytes.byteOffset, packed.bytes.byteLength);
  return packed.terms.map((term, i) => ({ term, rows: packed.rows[i], data: bytes.subarray(i === 0 ? 0 : packed.ends[i - 1], packed.ends[i]) }));
}

/** Adds a row's postings (its stems' counts per field and its length, stem-terms.ts rowTerms) to one write's lists. */
export function addPostings(into: Map<string, Posting[]>, id: number, row: { length: number; counts: ReadonlyMap<string, number[]> }): void {
  for (const [term, counts] of row.counts) {
    const posting = { id, length: row.length, counts };
    const list = into.get(term);
    if (list) list.push(posting);
    else into.set(term, [posting]);
  }
}

/** One write's lists as the blocks to store: one per stem, with its row count. */
export function encodeTerms(lists: ReadonlyMap<string, Posting[]>): Blocks {
  return [...lists].map(([term, list]) => ({ term, rows: list.length, data: encodeBlock(list) }));
}

export function encodeBlock(postings: Posting[]): Buffer {
  const writer = new BlockWriter();
  for (const p of [...postings].sort((a, b) => a.id - b.id)) writer.add(p.id, p.length, p.counts);
  return writer.finish();
}

/**
 * Rewrites for removing rows: `rows` are a segment's blocks ordered by stem; each stem with a
 * block listing a removed row comes back as one merged block of what remains (empty: none left).
 */
export function rewriteTerms(rows: Iterable<{ term: string; data: Uint8Array }>, fields: number, removed: ReadonlySet<number>): Blocks {
  const out: Blocks = [];
  let term: string | undefined;
  let blocks: Uint8Array[] = [];
  const flush = () => {
    const kept = term === undefined ? undefined : filterBlocks(blocks, fields, removed);
    if (kept) out.push({ term: term!, ...kept });
  };
  for (const row of rows) {
    if (row.term !== term) {
      flush();
      term = row.term;
      blocks = [];
    }
    blocks.push(row.data);
  }
  flush();
  return out;
}

/** Blocks read for a search, by stem. */
export function blocksByTerm(rows: Iterable<{ term: string; data: Uint8Array }>): Map<string, Uint8Array[]> {
  const out = new Map<string, Uint8Array[]>();
  for (const row of rows) {
    const list = out.get(row.term);
    if (list) list.push(row.data);
    else out.set(row.term, [row.data]);
  }
  return out;
}

/**
 * One stem's blocks without the `removed` rows, merged into one block; undefined when none of its
 * rows is removed (nothing to rewrite).
 */
export function filterBlocks(blocks: Uint8Array[], fields: number, removed: ReadonlySet<number>): { rows: number; data: Buffer } | undefined {
  const kept: Posting[] = [];
  let dropped = false;
  for (const block of blocks) {
    decodeBlock(block, fields, (id, length, counts) => {
      if (removed.has(id)) dropped = true;
      else kept.push({ id, length, counts: [...counts] });
    });
  }
  return dropped ? { rows: kept.length, data: encodeBlock(kept) } : undefined;
}

/** Calls `visit` for each posting of a block, in id order. `counts` is reused between calls. */
export function decodeBlock(block: Uint8Array, fields: number, visit: (id: number, length: number, counts: number[]) => void): void {
  const counts = new Array<number>(fields).fill(0);
  let i = 0;
  let id = 0;
  const varint = () => {
    let n = 0;
    let scale = 1;
    for (;;) {
      const byte = block[i++];
      n += (byte & 0x7f) * scale;
      if (byte < 0x80) return n;
      scale *= 0x80;
    }
  };
  while (i < block.length) {
    id += varint();
    const length = varint();
    const mask = block[i++];
    for (let f = 0; f < fields; f++) counts[f] = mask & (1 << f) ? varint() : 0;
    visit(id, length, counts);
  }
}

/** One query stem to rank by: its IDF in the segment and its blocks there. */
export interface RankedStem {
  idf: number;
  blocks: Uint8Array[];
}

/**
 * The `limit` best rows by BM25 as FTS5's bm25() computes it: a stem's frequency in a row is the
 * weighted sum of its counts per field, the row's length counts every field, and the stems'
 * contributions are added in query order (so equal inputs give the same scores to the last bit).
 * Ties go to the lower id.
 */
export function rankBlocks(stems: RankedStem[], weights: number[], averageLength: number, limit: number): Array<{ id: number; score: number }> {
  // Decoding is inlined here: this loop is most of a search's time.
  const slots = new Map<number, number>();
  const ids: number[] = [];
  const scores: number[] = [];
  const fields = weights.length;
  for (const stem of stems) {
    for (const block of stem.blocks) {
      let i = 0;
      let id = 0;
      while (i < block.length) {
        let n = 0;
        let scale = 1;
        let byte: number;
        do {
          byte = block[i++];
          n += (byte & 0x7f) * scale;
          scale *= 0x80;
        } while (byte >= 0x80);
        id += n;
        let length = 0;
        scale = 1;
        do {
          byte = block[i++];
          length += (byte & 0x7f) * scale;
          scale *= 0x80;
        } while (byte >= 0x80);
        const mask = block[i++];
        let tf = 0;
        for (let f = 0; f < fields; f++) {
          if (!(mask & (1 << f))) continue;
          let count = 0;
          scale = 1;
          do {
            byte = block[i++];
            count += (byte & 0x7f) * scale;
            scale *= 0x80;
          } while (byte >= 0x80);
          tf += weights[f] * count;
        }
        if (tf === 0) continue;
        const score = stem.idf * ((tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / averageLength)));
        const slot = slots.get(id);
        if (slot === undefined) {
          slots.set(id, ids.length);
          ids.push(id);
          scores.push(score);
        } else scores[slot] += score;
      }
    }
  }
  return best(ids, scores, Math.max(0, Math.trunc(limit)));
}

/** The `limit` highest scores with their ids, best first, ties to the lower id; sorts only what can make the cut. */
function best(ids: number[], scores: number[], limit: number): Array<{ id: number; score: number }> {
  let threshold = -Infinity;
  if (scores.length > limit && limit > 0) {
    const sorted = Float64Array.from(scores).sort();
    threshold = sorted[sorted.length - limit];
  }
  const out: Array<{ id: number; score: number }> = [];
  for (let k = 0; k < ids.length; k++) if (scores[k] >= threshold) out.push({ id: ids[k], score: scores[k] });
  out.sort((a, b) => b.score - a.score || a.id - b.id);
  return out.slice(0, limit);
}
