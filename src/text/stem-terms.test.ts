import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { rowTerms, stemTerm } from './stem-terms.js';

describe('stemTerm', () => {
  it('stems as SQLite FTS5\'s porter tokenizer does, words with digits included', () => {
    const words = ['agents', 'running', 'observability', 'observational', 'k8s', '800ms', 'uint8array', 'textembedding3small', 'http2', '1048576', 'ab'];
    const db = new Database(':memory:');
    db.exec("CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'porter unicode61'); CREATE VIRTUAL TABLE v USING fts5vocab(t, instance);");
    const insert = db.prepare('INSERT INTO t (rowid, x) VALUES (?, ?)');
    words.forEach((w, i) => insert.run(i + 1, w));
    const porter = new Map((db.prepare('SELECT doc, term FROM v').all() as Array<{ doc: number; term: string }>).map((r) => [r.doc, r.term]));
    expect(words.map(stemTerm)).toEqual(words.map((_, i) => porter.get(i + 1)));
    db.close();
  });

  it('counts a row\'s stems per field and its length over all fields', () => {
    const row = rowTerms(['agents', 'agent tools', 'running agents agent']);
    expect(row.length).toBe(6);
    expect(Object.fromEntries(row.counts)).toEqual({ agent: [1, 1, 2], tool: [0, 1, 0], run: [0, 0, 1] });
  });
});
