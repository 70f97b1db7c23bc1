import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers.js';
import { docSetWrite, storeContract, writeNew } from '../../../test/store-contract.js';
import { openSqliteStore } from './open-sqlite-store.js';

function count(file: string, table: string): number {
  const db = new Database(file, { readonly: true });
  const { n } = db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number };
  db.close();
  return n;
}

storeContract('sqlite', async () => {
  const dir = tempDir();
  const file = join(dir.path, 'index.sqlite');
  let current = openSqliteStore(file);
  return {
    store: current,
    reopen: async () => (current = openSqliteStore(file)),
    storedPages: async () => count(file, 'page_versions'),
    storedTexts: async () => count(file, 'texts'),
    cleanup: async () => {
      try {
        await current.close();
      } catch {
        // already closed
      }
      dir.remove();
    },
  };
});

/** Every postings block of an index, as stored. */
function blocks(file: string): unknown[] {
  const db = new Database(file, { readonly: true });
  const rows = ['section_postings', 'page_postings'].flatMap((table) => db.prepare(`SELECT '${table}' AS t, term, block, rows, hex(data) AS data FROM ${table} ORDER BY term, block`).all());
  db.close();
  return rows;
}

describe('openSqliteStore', () => {
  it('stores the same postings whether a new segment\'s were counted beside parsing or by the store, after other rows took the first ids', async () => {
    const dir = tempDir();
    const files = Array.from({ length: 30 }, (_, i) => ({
      path: `guide/page-${i}.md`,
      // Shared sections (one body for many pages), distinct ones, and a table large enough to index by rows.
      content: `# Page ${i}\n\nShared introduction of every page.\n\n## Part ${i}\n\nWidget ${i} spins ${i % 7} times per second.\n\n| option | default |\n|---|---|\n${Array.from({ length: 9 }, (_, r) => `| opt${r} | ${r * i} |`).join('\n')}\n`,
    }));
    const stores = ['counted', 'store'].map((how) => {
      const file = join(dir.path, `${how}.sqlite`);
      return { how, file, store: openSqliteStore(file) };
    });
    for (const { how, store } of stores) {
      // Ids 1.. go to another library first: the counted postings are rebased on the ids the rows got.
      await writeNew(store, docSetWrite('other', '1'));
      const write = docSetWrite('w', '1', files);
      expect(write.postings).toBeDefined();
      await writeNew(store, how === 'counted' ? write : { ...write, postings: undefined });
    }
    expect(blocks(stores[0].file)).toEqual(blocks(stores[1].file));
    expect(blocks(stores[0].file).length).toBeGreaterThan(50);
    for (const { store } of stores) await store.close();
    dir.remove();
  });

  it('rolls a failed write back and keeps the previous version intact', async () => {
    const dir = tempDir();
    const store = openSqliteStore(join(dir.path, 'index.sqlite'));
    await writeNew(store, docSetWrite('w', '1'));
    const broken = docSetWrite('w', '1');
    // Two pages with one path violate the primary key halfway through the write.
    broken.pages.push({ ...broken.pages[0] });
    await expect(store.writeDocSet(broken)).rejects.toMatchObject({ code: 'STORE_FAILED' });
    const [kept] = await store.listDocSets();
    expect(kept.pageCount).toBe(2);
    expect((await store.getSections(kept.id, 'guide/intro.md')).length).toBe(2);
    await store.close();
    dir.remove();
  });

  it('waits for another process that is writing, instead of failing with "database is locked"', async () => {
    const dir = tempDir();
    const file = join(dir.path, 'index.sqlite');
    const store = openSqliteStore(file);
    await writeNew(store, docSetWrite('first', '1'));
    // Another writer holds the write lock (as a second `vdocs add` would while it writes).
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    let waited = false;
    const waiting = openSqliteStore(file, {
      onWait: () => {
        waited = true;
        other.exec('COMMIT');
      },
    });
    const written = await writeNew(waiting, docSetWrite('second', '1'));
    expect(waited).toBe(true);
    expect(written.name).toBe('second');
    expect((await store.listDocSets()).map((d) => d.name)).toEqual(['first', 'second']);
    other.close();
    await waiting.close();
    await store.close();
    dir.remove();
  });

  it('gives up with a clear STORE_FAILED when the other writer never finishes', async () => {
    const dir = tempDir();
    const file = join(dir.path, 'index.sqlite');
    const store = openSqliteStore(file, { writeWaitMs: 300 });
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    await expect(store.writeDocSet(docSetWrite('w', '1'))).rejects.toMatchObject({ code: 'STORE_FAILED', message: expect.stringMatching(/waited 0 s for another vdocs process/) });
    other.exec('ROLLBACK');
    other.close();
    await store.close();
    dir.remove();
  });

  it('refuses a file that is not an index with STORE_CORRUPT and says how to rebuild', () => {
    const dir = tempDir();
    const file = join(dir.path, 'index.sqlite');
    writeFileSync(file, Buffer.alloc(8192, 0x5a));
    expect(() => openSqliteStore(file)).toThrow(expect.objectContaining({ code: 'STORE_CORRUPT', message: expect.stringMatching(/vdocs doctor/) }));
    dir.remove();
  });

  it.each([
    ['page texts stored as text', 8, 'CREATE TABLE page_versions (id INTEGER PRIMARY KEY, content TEXT)'],
    ['section texts in their bodies', 9, 'CREATE TABLE bodies (id INTEGER PRIMARY KEY, text TEXT, code TEXT)'],
    ['FTS5 tables, rows referring to doc sets', 4, "CREATE VIRTUAL TABLE segment_1 USING fts5(body); INSERT INTO segment_1 VALUES ('x'); CREATE TABLE sections (id INTEGER PRIMARY KEY, docset_id INTEGER NOT NULL REFERENCES docsets(id)); INSERT INTO sections VALUES (1, 1)"],
  ])('drops an index an earlier vdocs wrote (%s) and indexes anew', async (_, version, table) => {
    const dir = tempDir();
    const file = join(dir.path, 'index.sqlite');
    const old = new Database(file);
    old.exec(`CREATE TABLE docsets (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO docsets (name) VALUES ('old'); ${table};`);
    old.pragma(`user_version = ${version}`);
    old.close();
    const store = openSqliteStore(file);
    expect(await store.listDocSets()).toEqual([]);
    const written = await writeNew(store, docSetWrite('fresh', '1.0.0'));
    expect((await store.getPage(written.id, 'guide/cache.md'))?.content).toBe('# Caching\n\n## Lifetime\n\nEntries expire after `ttlSeconds`.\n');
    expect((await store.getSections(written.id, 'guide/cache.md')).map((s) => s.text).join('\n')).toContain('ttlSeconds');
    await store.close();
    dir.remove();
  });

  it('reports its health', async () => {
    const dir = tempDir();
    const store = openSqliteStore(join(dir.path, 'index.sqlite'));
    await writeNew(store, docSetWrite('w', '1'));
    expect(await store.health()).toEqual({ ok: true, state: 'ok', docSets: 1 });
    await store.close();
    dir.remove();
  });

  it('fails with STORE_FAILED when the file cannot be opened', () => {
    expect(() => openSqliteStore('/proc/version/index.sqlite')).toThrow(expect.objectContaining({ code: 'STORE_FAILED' }));
  });
});
