import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACME_1, MAIN, tempDir } from '../../test/helpers.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import { addDocSet } from './add-doc-set.js';

describe('addDocSet', () => {
  it('indexes a folder under the version of its package.json and skips an unchanged re-add', async () => {
    const dir = tempDir();
    const store = openSqliteStore(join(dir.path, 'index.sqlite'));
    const first = await addDocSet(store, ACME_1, { name: 'acme', home: dir.path });
    expect(first).toMatchObject({ changed: true, docSet: { name: 'acme', version: '1.0.0', pageCount: 4 } });
    const again = await addDocSet(store, ACME_1, { name: 'acme', home: dir.path });
    expect(again.changed).toBe(false);
    expect(again.docSet.indexedAt).toBe(first.docSet.indexedAt);
    await store.close();
    dir.remove();
  });

  it('refuses a folder with no pages and a bad name, leaving the index as it was', async () => {
    const dir = tempDir();
    mkdirSync(join(dir.path, 'empty'));
    writeFileSync(join(dir.path, 'empty', 'image.png'), Buffer.from([0x89, 0x50]));
    const store = openSqliteStore(join(dir.path, 'index.sqlite'));
    await expect(addDocSet(store, join(dir.path, 'empty'), { home: dir.path })).rejects.toMatchObject({ code: 'SOURCE_INVALID' });
    await expect(addDocSet(store, ACME_1, { name: 'bad name!', home: dir.path })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await store.listDocSets()).toEqual([]);
    await store.close();
    dir.remove();
  });

  it('leaves the previous index whole when an indexing run is killed at any moment', async () => {
    const dir = tempDir();
    const big = join(dir.path, 'big');
    mkdirSync(big);
    for (let i = 0; i < 1500; i++) writeFileSync(join(big, `page-${i}.md`), `# Page ${i}\n\n## Part\n\n${'word '.repeat(400)}${i}\n`);
    const small = join(dir.path, 'small');
    mkdirSync(small);
    writeFileSync(join(small, 'only.md'), '# Only\n\nThe one page.');
    const index = join(dir.path, 'index.sqlite');
    const env = { ...process.env, VDOCS_HOME: dir.path, VDOCS_INDEX: index };
    const store = openSqliteStore(index);
    await addDocSet(store, small, { name: 'big@1', home: dir.path });
    await store.close();

    let previous = 1;
    let pagesInFolder = 1500;
    for (const delay of [150, 400, 700, 1000, 1400]) {
      // A new page each round, so every run has real work to do (an unchanged source is skipped).
      writeFileSync(join(big, `extra-${delay}.md`), `# Extra ${delay}\n`);
      pagesInFolder++;
      const child = spawn(process.execPath, [MAIN, 'add', big, '--name', 'big@1'], { env, stdio: 'ignore' });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGKILL');
      await exited;
      const after = openSqliteStore(index);
      const [docSet] = await after.listDocSets();
      const pages = await after.listPages(docSet.id);
      // Either the old doc set or the complete new one; never a mix.
      expect([previous, pagesInFolder]).toContain(docSet.pageCount);
      expect(pages.length).toBe(docSet.pageCount);
      previous = docSet.pageCount;
      await after.close();
    }
    dir.remove();
  }, 60_000);
});
