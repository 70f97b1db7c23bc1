import fc from 'fast-check';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME_1, tempDir } from '../../test/helpers.js';
import { isDocsError } from '../errors.js';
import { addDocSet } from '../ingest/add-doc-set.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import type { Store } from '../store/store.js';
import { MAX_QUERY_BYTES, parseQuery } from './parse-query.js';
import { searchDocs } from './search-docs.js';

describe('parseQuery', () => {
  it('drops stop words and keeps identifiers whole and split', () => {
    expect(parseQuery('how do I use activateAfterIdle?').terms).toEqual(['use', 'activateafteridle', 'activate', 'idle']);
  });

  it('takes quoted text of two words or more as phrases', () => {
    expect(parseQuery(`throws 'Async function has  too many arguments' on "start", see \`app.listen(3000)\` or “Fast  Refresh”`).phrases).toEqual([
      'async function has too many arguments',
      'fast refresh',
    ]);
    expect(parseQuery('it\'s the user\'s config').phrases).toEqual([]);
  });

  it('keeps identifiers and paths as written, not hyphenated words, version numbers or names in capitals', () => {
    expect(parseQuery('what is node_modules/.package-lock.json, and does body.dump() or `setErrorHandler` run in-flight on 1.0.1 with OpenAI?').literals).toEqual([
      'node_modules/.package-lock.json',
      'body.dump',
      'seterrorhandler',
    ]);
    expect(parseQuery('npm pkg set private=true, then npm run test --workspaces -g').literals).toEqual(['private=true', '--workspaces']);
  });

  it('keeps stop words when the query has nothing else', () => {
    expect(parseQuery('how to').terms).toEqual(['how', 'to']);
  });

  it.each([
    ['', /empty/],
    ['   \n\t', /empty/],
    ['?!*()"-', /no words/],
    ['x'.repeat(MAX_QUERY_BYTES + 1), /limit is 4096/],
  ])('refuses %j with INVALID_QUERY', (query, message) => {
    expect(() => parseQuery(query)).toThrow(expect.objectContaining({ code: 'INVALID_QUERY', message: expect.stringMatching(message) }));
  });
});

describe('search with arbitrary user text', () => {
  const dir = tempDir();
  let store: Store;
  beforeAll(async () => {
    store = openSqliteStore(join(dir.path, 'index.sqlite'));
    await addDocSet(store, ACME_1, { name: 'acme', home: dir.path });
  });
  afterAll(async () => {
    await store.close();
    dir.remove();
  });

  it('never produces an FTS syntax error: any input either searches or is refused as INVALID_QUERY', async () => {
    const fts = fc.constantFrom('AND', 'OR', 'NOT', 'NEAR(', '"', '*', '^', ':', '(', ')', '{', '}', '-', '+', 'col:', 'NEAR/2');
    const text = fc.array(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fts), { maxLength: 12 }).map((parts) => parts.join(' '));
    await fc.assert(
      fc.asyncProperty(text, async (query) => {
        try {
          await searchDocs(store, { query });
        } catch (error) {
          if (!isDocsError(error) || error.code !== 'INVALID_QUERY') throw error;
        }
      }),
      { numRuns: 400 },
    );
  });

  it('treats FTS operators in user text as words', async () => {
    const result = await searchDocs(store, { query: 'render AND NOT "dispose" OR NEAR(target*' });
    expect(result.hits.length).toBeGreaterThan(0);
  });
});
