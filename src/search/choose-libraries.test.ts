import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, writeFiles } from '../../test/helpers.js';
import { addDocSet } from '../ingest/add-doc-set.js';
import { formatSearch } from '../server/format.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import type { Store, StoredDocSet } from '../store/store.js';
import { chooseLibraries } from './choose-libraries.js';
import { RANKING } from './ranking.js';
import { searchDocs } from './search-docs.js';

const docSet = (id: number): StoredDocSet => ({ id, name: `lib${id}`, version: '1.0.0', source: 'test', sourceHash: '', pageCount: 1, sectionCount: 1, indexedAt: '' });

describe('chooseLibraries', () => {
  const ranking = { ...RANKING, libraries: 3 };
  const sets = [1, 2, 3, 4, 5, 6].map(docSet);
  const topics = new Map([[1, 0.1], [2, 1], [3, 0.01], [4, 0.5], [5, 0.5], [6, 0.2]]);

  it('searches every library when there are few', () => {
    expect(chooseLibraries(sets.slice(0, 3), topics, new Set(), ranking)).toEqual({ searched: sets.slice(0, 3), skipped: 0 });
  });

  it('keeps the most topical ones, ties in the order asked, and returns them in that order', () => {
    const { searched, skipped } = chooseLibraries(sets, topics, new Set(), ranking);
    expect(searched.map((d) => d.id)).toEqual([2, 4, 5]);
    expect(skipped).toBe(3);
  });

  it('always keeps a named library, however little the question is about it', () => {
    expect(chooseLibraries(sets, topics, new Set([3]), ranking).searched.map((d) => d.id)).toEqual([2, 3, 4, 5]);
  });

  it('keeps at most as many named libraries as it keeps others, the most topical first', () => {
    const { searched } = chooseLibraries(sets, topics, new Set([1, 3, 5, 6]), ranking);
    expect(searched.map((d) => d.id)).toEqual([1, 2, 4, 5, 6]);
  });
});

describe('searchDocs among many libraries', () => {
  let store: Store;
  const home = tempDir();
  const TOPICS = ['harbor', 'glacier', 'orchard', 'lantern', 'quarry', 'meadow', 'canyon', 'tundra', 'delta', 'prairie', 'lagoon', 'summit'];
  beforeAll(async () => {
    store = openSqliteStore(join(home.path, 'index.sqlite'));
    for (const [i, topic] of TOPICS.entries()) {
      const root = join(home.path, 'src', topic);
      writeFiles(root, {
        'intro.md': `# ${topic} intro\n\nEvery library here has a config file and an install step.\n\n## Install\n\nRun the installer, then edit the config file.\n`,
        'guide.md': `# ${topic} guide\n\n## ${topic} tuning\n\nThe ${topic} engine reads \`${topic}Depth\` to decide how far a ${topic} survey goes (default ${i + 2}).\n`,
      });
      await addDocSet(store, root, { name: `lib${i}@1.0.0`, home: home.path });
    }
  });
  afterAll(async () => {
    await store.close();
    home.remove();
  });

  it('ranks only the libraries most about the question, and says how many it left out', async () => {
    const result = await searchDocs(store, { query: 'how deep does a glacier survey go by default?' });
    expect(result.docSets).toHaveLength(RANKING.libraries);
    expect(result.skipped).toBe(TOPICS.length - RANKING.libraries);
    expect(result.hits[0]).toMatchObject({ docset: 'lib1', path: 'guide.md' });
    expect(formatSearch('how deep does a glacier survey go', result)).toMatch(/Searched the 10 of 12 libraries most about these words \(.*lib1\b.*\); to search another, name it \(docset\)\./);
  });

  it('stays bounded for a question of words every library uses', async () => {
    const result = await searchDocs(store, { query: 'install config file' });
    expect(result.docSets).toHaveLength(RANKING.libraries);
    expect(result.hits.length).toBeGreaterThan(0);
  });

  it('searches a library the question names even when its words are elsewhere', async () => {
    const result = await searchDocs(store, { query: 'in lib11, how deep does a glacier survey go?' });
    expect(result.docSets.map((d) => d.name)).toEqual(expect.arrayContaining(['lib11', 'lib1']));
    expect(result.docSets).toHaveLength(RANKING.libraries + 1);
  });

  it('searches every library named at once, at most as many as it would choose, and still answers', async () => {
    const result = await searchDocs(store, { query: `${TOPICS.map((_, i) => `lib${i}`).slice(0, 11).join(' ')} depth` });
    expect(result.docSets.length).toBeLessThanOrEqual(2 * RANKING.libraries);
    expect(result.hits.length).toBeGreaterThan(0);
  });

  it('sees a library added after the choice was last made', async () => {
    const root = join(home.path, 'src', 'volcano');
    writeFiles(root, { 'guide.md': '# volcano guide\n\n## volcano tuning\n\nThe volcano engine reads `volcanoDepth` to decide how far a volcano survey goes.\n' });
    await addDocSet(store, root, { name: 'lib12@1.0.0', home: home.path });
    const result = await searchDocs(store, { query: 'how far does a volcano survey go?' });
    expect(result.hits[0]).toMatchObject({ docset: 'lib12' });
    expect(result.skipped).toBe(TOPICS.length + 1 - RANKING.libraries);
  });
});
