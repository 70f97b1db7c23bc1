// Runs the store contract against a real PostgreSQL server (VDOCS_TEST_PG). CI starts one;
// elsewhere the suite is skipped when no server is named.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { MAIN, tempDir } from '../../../test/helpers.js';
import { startTcpProxy } from '../../../test/tcp-proxy.js';
import { FIELD_WEIGHTS } from '../../search/search-docs.js';
import { docSetWrite, FILES, storeContract, writeNew, writeSharing } from '../../../test/store-contract.js';
import type { Store } from '../store.js';
import { openPostgresStore } from './open-postgres-store.js';
import { DROP_ALL_TABLES } from './schema.js';

const url = process.env.VDOCS_TEST_PG;
if (!url && process.env.CI) throw new Error('CI must provide VDOCS_TEST_PG: .ci/run starts PostgreSQL');

async function resetDatabase(): Promise<void> {
  const sql = postgres(url!, { onnotice: () => undefined });
  await sql.unsafe(DROP_ALL_TABLES);
  await sql.end();
}

async function count(table: string): Promise<number> {
  const sql = postgres(url!, { onnotice: () => undefined });
  const [{ n }] = await sql.unsafe<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM ${table}`);
  await sql.end();
  return n;
}

/** Paths of a term's best sections in the doc set of `version` (default: the first listed), as `store` ranks them. */
async function searchPaths(store: Store, term: string, version?: string): Promise<string[]> {
  const docSets = await store.listDocSets();
  const docSet = version ? docSets.find((d) => d.version === version)! : docSets[0];
  return (await store.searchSections({ docSetIds: [docSet.id], terms: [term], weights: FIELD_WEIGHTS, limit: 5 })).map((h) => h.section.path);
}

/** Two instances on a fresh database, as two servers of a team share it; both closed afterwards, failed or not. */
async function withTwoInstances(run: (a: Store, b: Store) => Promise<void>): Promise<void> {
  await resetDatabase();
  const a = await openPostgresStore(url!);
  const b = await openPostgresStore(url!);
  try {
    await run(a, b);
  } finally {
    await a.close();
    await b.close();
  }
}

/** A store whose database connection runs through a proxy the test can cut or silence. */
async function storeBehindProxy(): Promise<{ proxy: Awaited<ReturnType<typeof startTcpProxy>>; store: Store }> {
  await resetDatabase();
  const target = new URL(url!);
  const proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
  const viaProxy = new URL(url!);
  viaProxy.port = String(proxy.port);
  return { proxy, store: await openPostgresStore(viaProxy.href, { readTimeoutMs: 1000 }) };
}

describe.skipIf(!url)('PostgreSQL store', () => {
  storeContract('postgres', async () => {
    await resetDatabase();
    let current: Store = await openPostgresStore(url!);
    const opened = [current];
    return {
      store: current,
      reopen: async () => {
        current = await openPostgresStore(url!);
        opened.push(current);
        return current;
      },
      cleanup: async () => {
        for (const s of opened) await s.close().catch(() => undefined);
      },
      storedPages: () => count('vdocs_page_versions'),
      storedTexts: () => count('vdocs_texts'),
    };
  });

  it('keeps postings only for stored rows: removing a version leaves its sibling searchable and nothing orphaned', async () => {
    await resetDatabase();
    const store = await openPostgresStore(url!);
    const v1 = await writeNew(store, docSetWrite('p', '1.0.0'));
    const postings = await count('vdocs_section_postings');
    expect(postings).toBeGreaterThan(0);
    const v2 = await writeSharing(store, 'p', '2.0.0');
    // Same pages: the second version shares them, and their postings.
    expect(await count('vdocs_section_postings')).toBe(postings);
    const query = { docSetIds: [v2.id], terms: ['ttlseconds'], weights: FIELD_WEIGHTS, limit: 5 };
    const before = await store.searchSections(query);
    expect(await store.removeDocSet('p', '1.0.0')).toBe(true);
    expect(await store.searchSections(query)).toEqual(before);
    expect(before.length).toBeGreaterThan(0);
    expect(await store.removeDocSet('p', '2.0.0')).toBe(true);
    expect(v1.id).not.toBe(v2.id);
    expect([await count('vdocs_section_postings'), await count('vdocs_page_postings'), await count('vdocs_sections'), await count('vdocs_bodies'), await count('vdocs_texts')]).toEqual([0, 0, 0, 0, 0]);
    await store.close();
  });

  it.each([
    ['no schema version (an earlier vdocs)', 'CREATE TABLE vdocs_sections (id serial PRIMARY KEY, f_body text NOT NULL, tsv tsvector GENERATED ALWAYS AS (to_tsvector(\'simple\', f_body)) STORED)'],
    ['another schema version', 'CREATE TABLE vdocs_schema (version int NOT NULL); INSERT INTO vdocs_schema VALUES (1)'],
  ])('drops an index written with %s, and indexes anew', async (_, table) => {
    await resetDatabase();
    const sql = postgres(url!, { onnotice: () => undefined });
    await sql`CREATE TABLE vdocs_docsets (id serial PRIMARY KEY, name text NOT NULL)`;
    await sql`INSERT INTO vdocs_docsets (name) VALUES ('old')`;
    await sql.unsafe(table);
    await sql.end();
    const store = await openPostgresStore(url!);
    expect(await store.listDocSets()).toEqual([]);
    const written = await writeNew(store, docSetWrite('fresh', '1.0.0'));
    expect((await store.searchSections({ docSetIds: [written.id], terms: ['ttlseconds'], weights: FIELD_WEIGHTS, limit: 5 })).length).toBeGreaterThan(0);
    await store.close();
    // Opened again at the same version, the index is kept.
    const again = await openPostgresStore(url!);
    expect((await again.listDocSets()).map((d) => d.name)).toEqual(['fresh']);
    await again.close();
  });

  it('shows a doc set written by one instance to another', () =>
    withTwoInstances(async (a, b) => {
      await writeNew(a, docSetWrite('shared', '1.0.0'));
      expect((await b.listDocSets()).map((d) => d.name)).toEqual(['shared']);
      expect((await searchPaths(b, 'ttlseconds'))[0]).toBe('guide/cache.md');
    }));

  it('answers a search on one instance from a doc set another instance rewrote, statistics included', () =>
    withTwoInstances(async (a, b) => {
      const search = (term: string) => searchPaths(b, term);
      await writeNew(a, docSetWrite('shared', '1.0.0'));
      // b caches the segment's statistics: `maxageminutes` occurs nowhere yet.
      expect(await search('ttlseconds')).toEqual(['guide/cache.md']);
      expect(await search('maxageminutes')).toEqual([]);
      const rewritten = [{ path: 'guide/cache.md', content: '# Caching\n\n## Lifetime\n\nEntries expire after `maxAgeMinutes`.\n' }];
      await writeNew(a, docSetWrite('shared', '1.0.0', rewritten));
      expect(await search('maxageminutes')).toEqual(['guide/cache.md']);
      expect(await search('ttlseconds')).toEqual([]);
    }));

  it('answers from the postings another instance added to a segment this one has read', () =>
    withTwoInstances(async (a, b) => {
      const search = (version: string) => searchPaths(b, 'ttlseconds', version);
      await writeSharing(a, 'shared', '1.0.0');
      // b now holds the stem's postings blocks and counts for the segment.
      expect(await search('1.0.0')).toEqual(['guide/cache.md']);
      // One more page, with the stem: the new version joins the segment.
      await writeSharing(a, 'shared', '1.1.0', [...FILES, { path: 'guide/expiry.md', content: '# Expiry\n\n## Limits\n\nEntries expire after `ttlSeconds`.\n' }]);
      const sql = postgres(url!, { onnotice: () => undefined });
      const segments = await sql`SELECT DISTINCT segment_id FROM vdocs_docsets`;
      await sql.end();
      expect(segments).toHaveLength(1);
      const paths = await search('1.1.0');
      expect(paths.sort()).toEqual(['guide/cache.md', 'guide/expiry.md']);
      expect(await search('1.0.0')).toEqual(['guide/cache.md']);
    }));

  it('keeps one whole copy when instances add the same doc set at once, and each gets what it wrote', async () => {
    await resetDatabase();
    const stores = await Promise.all([openPostgresStore(url!), openPostgresStore(url!), openPostgresStore(url!)]);
    const sql = postgres(url!, { onnotice: () => undefined });
    // Rounds of three concurrent writers: each round used to lose a re-read now and then.
    for (let round = 0; round < 10; round++) {
      const written = await Promise.all(stores.map((s) => writeNew(s, docSetWrite('race', '1.0.0'))));
      for (const w of written) expect(w).toMatchObject({ name: 'race', version: '1.0.0', pageCount: 2 });
      const sets = await stores[0].listDocSets();
      expect(sets).toHaveLength(1);
      expect((await stores[0].listPages(sets[0].id)).length).toBe(sets[0].pageCount);
      const [{ n }] = await sql`SELECT count(*)::int AS n FROM vdocs_sections`;
      expect(n).toBe(sets[0].sectionCount);
    }
    await sql.end();
    for (const s of stores) await s.close();
  });

  it('fails fast with STORE_FAILED when the database stops answering', async () => {
    const { proxy, store } = await storeBehindProxy();
    await writeNew(store, docSetWrite('silent', '1.0.0'));
    proxy.hang();
    await expect(store.listDocSets()).rejects.toMatchObject({ code: 'STORE_FAILED', message: expect.stringMatching(/did not answer within 1 s/) });
    expect(await store.health()).toMatchObject({ ok: false, state: 'unavailable' });
    proxy.up();
    await store.close().catch(() => undefined);
    await proxy.close();
  });

  it('answers STORE_FAILED while the database is gone and recovers when it is back', async () => {
    const { proxy, store } = await storeBehindProxy();
    await writeNew(store, docSetWrite('flaky', '1.0.0'));
    proxy.down();
    await expect(store.listDocSets()).rejects.toMatchObject({ code: 'STORE_FAILED' });
    proxy.up();
    expect((await store.listDocSets()).map((d) => d.name)).toEqual(['flaky']);
    await store.close();
    await proxy.close();
  });

  it('shows no partial doc set when an instance is killed while adding', async () => {
    await resetDatabase();
    const dir = tempDir();
    for (let i = 0; i < 1500; i++) writeFileSync(join(dir.path, `page-${i}.md`), `# Page ${i}\n\n## Part\n\n${'word '.repeat(300)}${i}\n`);
    const env = { ...process.env, VDOCS_HOME: dir.path };
    const watcher = await openPostgresStore(url!);
    for (const delay of [300, 900, 1500]) {
      writeFileSync(join(dir.path, `extra-${delay}.md`), `# Extra ${delay}\n`);
      const child = spawn(process.execPath, [MAIN, 'add', dir.path, '--name', 'killed@1', '--store', url!], { env, stdio: 'ignore' });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGKILL');
      await exited;
      for (const docSet of await watcher.listDocSets()) expect((await watcher.listPages(docSet.id)).length).toBe(docSet.pageCount);
    }
    await watcher.close();
    dir.remove();
  }, 60_000);

  it('fails with STORE_FAILED when the server cannot be reached', async () => {
    await expect(openPostgresStore('postgres://nobody:x@127.0.0.1:9/none')).rejects.toMatchObject({ code: 'STORE_FAILED' });
  });
});
