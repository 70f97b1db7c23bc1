import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acmeStore } from '../../test/helpers.js';
import type { Store } from '../store/store.js';
import { encodeCursor } from './cursor.js';
import { listDocs } from './list-docs.js';
import { paginateBlocks } from './paginate-blocks.js';
import { readDoc } from './read-doc.js';

describe('readDoc', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ store, cleanup } = await acmeStore()));
  afterAll(async () => cleanup());

  it('reads a whole page of the chosen version', async () => {
    const result = await readDoc(store, { path: 'guides/getting-started.md', docset: 'acme', version: '1.0.0' });
    expect(result.kind).toBe('page');
    if (result.kind !== 'page') return;
    expect(result.docSet.version).toBe('1.0.0');
    expect(result.text).toContain("color: 'blue'");
    expect(result.nextCursor).toBeUndefined();
  });

  it('reads one section with its subsections, by anchor or by path#anchor', async () => {
    for (const options of [{ path: 'reference/widget.md', section: 'methods' }, { path: 'reference/widget.md#methods' }]) {
      const result = await readDoc(store, { ...options, docset: 'acme' });
      if (result.kind !== 'page') throw new Error('expected a page');
      expect(result.text.startsWith('## Methods')).toBe(true);
      expect(result.text).toContain('dispose()');
      expect(result.text).not.toContain('## Colors');
    }
  });

  it('accepts a path without its extension', async () => {
    const result = await readDoc(store, { path: 'guides/caching', docset: 'acme' });
    expect(result.kind === 'page' && result.path).toBe('guides/caching.md');
  });

  it('lists a folder', async () => {
    const result = await readDoc(store, { path: 'guides', docset: 'acme', version: '2.0.0' });
    expect(result.kind === 'directory' && result.entries.map((e) => e.name)).toEqual(['caching.md', 'getting-started.md', 'migration.md']);
  });

  it('paginates a long page with a cursor and loses no line', async () => {
    const parts: string[] = [];
    let cursor: string | undefined;
    let total = 0;
    do {
      const result = await readDoc(store, { path: 'reference/widget.md', docset: 'acme', maxTokens: 200, cursor });
      if (result.kind !== 'page') throw new Error('expected a page');
      parts.push(result.text);
      total = result.totalLines;
      cursor = result.nextCursor;
    } while (cursor);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.join('\n').split('\n').length).toBe(total);
  });

  it('refuses paths that leave the doc set', async () => {
    for (const path of ['../package.json', '/etc/passwd', 'guides/../../x.md', 'C:\\Windows\\win.ini']) {
      await expect(readDoc(store, { path, docset: 'acme' })).rejects.toMatchObject({ code: 'PATH_OUTSIDE_DOC_SET' });
    }
  });

  it('answers an unknown path with the nearest paths', async () => {
    await expect(readDoc(store, { path: 'guides/cachng.md', docset: 'acme' })).rejects.toMatchObject({
      code: 'PATH_NOT_FOUND',
      message: expect.stringContaining('guides/caching.md'),
    });
  });

  it('answers an unknown section with the page anchors', async () => {
    await expect(readDoc(store, { path: 'reference/widget.md', section: 'methds', docset: 'acme' })).rejects.toMatchObject({
      code: 'SECTION_NOT_FOUND',
      message: expect.stringContaining('#methods'),
    });
  });

  it('rejects a forged cursor', async () => {
    await expect(readDoc(store, { path: 'reference/widget.md', docset: 'acme', cursor: 'bm9wZQ' })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
  });

  it('rejects tampered cursors: negative, fractional, missing or non-numeric positions', async () => {
    const first = await readDoc(store, { path: 'reference/widget.md', docset: 'acme', maxTokens: 200 });
    if (first.kind !== 'page' || !first.nextCursor) throw new Error('expected a cursor');
    const good = JSON.parse(Buffer.from(first.nextCursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    for (const change of [{ l: -5 }, { e: -1 }, { l: 1.5 }, { l: '3' }, { p: 42 }, { l: undefined }]) {
      const cursor = encodeCursor('read', { ...good, ...change } as unknown as Record<string, number>);
      await expect(readDoc(store, { path: 'reference/widget.md', docset: 'acme', cursor })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    }
    await expect(listDocs(store, { docset: 'acme', cursor: encodeCursor('list', { d: 1, p: '', o: -3 }) })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    expect(() => paginateBlocks(['a', 'b'], 100, 'diff', encodeCursor('diff', { b: -1 }))).toThrow(expect.objectContaining({ code: 'INVALID_CURSOR' }));
  });
});

describe('listDocs', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ store, cleanup } = await acmeStore()));
  afterAll(async () => cleanup());

  it('lists two levels, one line per entry', async () => {
    const result = await listDocs(store, { docset: 'acme', version: '1.0.0' });
    expect(result.lines).toEqual([
      'guides/ (2 pages)',
      '  caching.md — Caching',
      '  getting-started.md — Getting started',
      'reference/ (2 pages)',
      '  errors.md — Errors',
      '  widget.md — Widget class',
    ]);
  });

  it('pages through a listing with a cursor', async () => {
    const first = await listDocs(store, { docset: 'acme', maxTokens: 200 });
    expect(first.total).toBeGreaterThan(0);
    expect(first.nextCursor).toBeUndefined();
  });
});
