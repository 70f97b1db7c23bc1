import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { idf } from './bm25.js';
import { decodeBlock, encodeBlock, filterBlocks, rankBlocks, type Posting } from './postings.js';

function decoded(block: Uint8Array, fields: number): Posting[] {
  const out: Posting[] = [];
  decodeBlock(block, fields, (id, length, counts) => out.push({ id, length, counts: [...counts] }));
  return out;
}

// Rows of three fields (title, path, body) as space-separated terms, the way analysed fields are stored.
const ROWS: Array<[number, string, string, string]> = [
  [3, 'streaming', 'guides streaming', 'stream tokens as they arrive streaming responses'],
  [7, 'memory', 'reference memory', 'threads keep working memory between calls'],
  [12, 'agents', 'guides agents', 'agents call tools and stream their answers'],
  [40, 'tools', 'reference tools', 'a tool has an input schema and an execute function tool tool'],
  [41, 'workflows', 'guides workflows', 'steps run in order and may suspend'],
  [300, 'deploy', 'guides deploy', 'deploy the server behind a proxy with streaming enabled'],
];

/** Postings of ROWS per term, as a write would build them (no stemming: the terms are final). */
function postingsOf(rows: typeof ROWS): Map<string, Posting[]> {
  const byTerm = new Map<string, Posting[]>();
  for (const [id, ...fields] of rows) {
    const split = fields.map((f) => f.split(' '));
    const length = split.reduce((a, f) => a + f.length, 0);
    const counts = new Map<string, number[]>();
    split.forEach((terms, f) => {
      for (const t of terms) {
        const c = counts.get(t) ?? [0, 0, 0];
        c[f]++;
        counts.set(t, c);
      }
    });
    for (const [term, c] of counts) byTerm.set(term, [...(byTerm.get(term) ?? []), { id, length, counts: c }]);
  }
  return byTerm;
}

describe('postings blocks', () => {
  it('round-trips postings in id order, with large ids and counts', () => {
    const postings: Posting[] = [
      { id: 5_000_000_000, length: 70_000, counts: [0, 0, 300, 0, 1] },
      { id: 2, length: 9, counts: [1, 0, 0, 0, 0] },
      { id: 130, length: 128, counts: [0, 2, 0, 127, 0] },
    ];
    expect(decoded(encodeBlock(postings), 5)).toEqual([...postings].sort((a, b) => a.id - b.id));
  });

  it('drops removed rows and merges a stem\'s blocks, and says when nothing was removed', () => {
    const a = encodeBlock([{ id: 1, length: 3, counts: [1, 0, 0] }, { id: 9, length: 4, counts: [0, 0, 2] }]);
    const b = encodeBlock([{ id: 4, length: 5, counts: [0, 1, 0] }]);
    expect(filterBlocks([a, b], 3, new Set([2, 3]))).toBeUndefined();
    const kept = filterBlocks([a, b], 3, new Set([9]))!;
    expect(kept.rows).toBe(2);
    expect(decoded(kept.data, 3).map((p) => p.id)).toEqual([1, 4]);
  });

  it('ranks exactly as SQLite FTS5 bm25() over the same rows and field weights', () => {
    const db = new Database(':memory:');
    db.exec("CREATE VIRTUAL TABLE t USING fts5(title, path, body, tokenize = 'unicode61')");
    const insert = db.prepare('INSERT INTO t (rowid, title, path, body) VALUES (?, ?, ?, ?)');
    for (const row of ROWS) insert.run(...row);
    const byTerm = postingsOf(ROWS);
    const total = ROWS.reduce((a, [, ...f]) => a + f.join(' ').split(' ').length, 0);
    const weights = [5, 3, 1];
    for (const query of [['streaming', 'tool'], ['guides', 'memory', 'deploy', 'stream'], ['tool', 'tools', 'execute']]) {
      const expected = db
        .prepare(`SELECT rowid AS id, -bm25(t, ${weights.join(', ')}) AS score FROM t WHERE t MATCH ? ORDER BY bm25(t, ${weights.join(', ')}), rowid`)
        .all(query.map((q) => `"${q}"`).join(' OR ')) as Array<{ id: number; score: number }>;
      // Each stem as its own block list; one stem split over two blocks must not change a score.
      const stems = query.map((term) => {
        const list = byTerm.get(term) ?? [];
        const blocks = list.length > 1 ? [encodeBlock(list.slice(0, 1)), encodeBlock(list.slice(1))] : [encodeBlock(list)];
        return { idf: idf(ROWS.length, list.length), blocks };
      });
      const ranked = rankBlocks(stems, weights, total / ROWS.length, 10);
      expect(ranked).toEqual(expected);
    }
    db.close();
  });

  it('keeps the best `limit` rows, ties to the lower id', () => {
    const block = encodeBlock([5, 1, 3, 2, 4].map((id) => ({ id, length: 10, counts: [id === 4 ? 2 : 1] })));
    const ranked = rankBlocks([{ idf: 1, blocks: [block] }], [1], 10, 3);
    expect(ranked.map((r) => r.id)).toEqual([4, 1, 2]);
  });
});
