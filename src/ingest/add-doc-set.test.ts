import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
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
      // Version 2 shares most of its pages with version 1: a killed add must leave both whole.
      const child = spawn(process.execPath, [MAIN, 'add', big, '--name', delay === 400 || delay === 1000 ? 'big@1' : 'big@2'], { env, stdio: 'ignore' });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGKILL');
      await exited;
      const after = openSqliteStore(index);
      const sets = await after.listDocSets();
      for (const docSet of sets) expect((await after.listPages(docSet.id)).length).toBe(docSet.pageCount);
      const [docSet] = sets.filter((d) => d.version === '1');
      // Either the old doc set or the complete new one; never a mix.
      expect([previous, pagesInFolder]).toContain(docSet.pageCount);
      previous = docSet.pageCount;
      await after.close();
      // Nothing orphaned: every stored page version is used by some version.
      const raw = new Database(index, { readonly: true });
      expect(raw.prepare('SELECT count(*) AS n FROM page_versions pv WHERE NOT EXISTS (SELECT 1 FROM docset_pages dp WHERE dp.page_id = pv.id)').get()).toEqual({ n: 0 });
      raw.close();
    }
    dir.remove();
  }, 60_000);
});
