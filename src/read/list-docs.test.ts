import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, writeFiles } from '../../test/helpers.js';
import { addDocSet } from '../ingest/add-doc-set.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import type { Store } from '../store/store.js';
import { listDocs } from './list-docs.js';

describe('listDocs with no doc set named', () => {
  let store: Store;
  const home = tempDir();
  beforeAll(async () => {
    store = openSqliteStore(join(home.path, 'index.sqlite'));
    // The first by name (an installed package) has no docs/memory folder; the guide does.
    writeFiles(join(home.path, 'core'), { 'docs/agents.md': '# Agents\n', 'reference/core.md': '# Core\n' });
    const memory = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`docs/memory/page-${String(i).padStart(2, '0')}.md`, `# Memory page ${i} with a long enough title to fill the listing\n`]));
    writeFiles(join(home.path, 'guide'), { ...memory, 'docs/agents.md': '# Agents guide\n' });
    await addDocSet(store, join(home.path, 'core'), { name: '@acme/core@1.0.0', home: home.path });
    await addDocSet(store, join(home.path, 'guide'), { name: 'acme@1.0.0', home: home.path });
  });
  afterAll(async () => {
    await store.close();
    home.remove();
  });

  it('lists the folder from the doc set that has it', async () => {
    const result = await listDocs(store, { path: 'docs/memory' });
    expect(result.docSet.name).toBe('acme');
    expect(result.lines[0]).toMatch(/^page-00\.md — Memory page 0/);
  });

  it('continues a long listing in the doc set its cursor names', async () => {
    const first = await listDocs(store, { path: 'docs/memory', maxTokens: 300 });
    expect(first.nextCursor).toBeDefined();
    const next = await listDocs(store, { path: 'docs/memory', maxTokens: 300, cursor: first.nextCursor });
    expect(next.docSet.name).toBe('acme');
    expect(next.lines[0]).not.toBe(first.lines[0]);
  });

  it('says which doc sets it looked in when none has the folder', async () => {
    await expect(listDocs(store, { path: 'docs/nowhere' })).rejects.toMatchObject({ code: 'PATH_NOT_FOUND', message: expect.stringMatching(/any of 2 doc sets \(@acme\/core, acme\)/) });
  });
});
