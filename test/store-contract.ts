// The one behaviour suite every store backend must pass (SQLite and PostgreSQL).
import { describe, expect, it } from 'vitest';
import { indexFiles, pageKeys } from '../src/ingest/index-files.js';
import type { SourceFile } from '../src/model.js';
import { analyzeTerms } from '../src/text/analyze.js';
import { FIELD_WEIGHTS } from '../src/search/search-docs.js';
import type { DocSetWrite, KnownPages, Store, StoredDocSet, WriteOutcome } from '../src/store/store.js';

export const FILES: SourceFile[] = [
  { path: 'guide/intro.md', content: '# Intro\n\nWelcome.\n\n## Install\n\nRun `npm install widgets`.\n' },
  { path: 'guide/cache.md', content: '# Caching\n\n## Lifetime\n\nEntries expire after `ttlSeconds`.\n' },
];

export function docSetWrite(name: string, version: string, files = FILES): DocSetWrite {
  const indexed = indexFiles(files);
  return { name, version, source: 'test', sourceHash: indexed.sourceHash, pages: indexed.pages, secondary: indexed.secondary, sectionCount: indexed.sectionCount, postings: indexed.postings };
}

/**
 * Writes a version as addDocSet does: the pages its library already stores are shared, not indexed
 * again; when the store says to start over (the version would make its segment too large), with
 * every page parsed.
 */
/** The doc set a write stored (a test write that must land). */
export function landed(outcome: WriteOutcome): StoredDocSet {
  if (!outcome.docSet) throw new Error(`the write did not land: ${outcome.reparse}`);
  return outcome.docSet;
}

/** Writes a whole version (every page parsed) and returns the doc set stored. */
export async function writeNew(store: Store, write: DocSetWrite): Promise<StoredDocSet> {
  return landed(await store.writeDocSet(write));
}

export async function writeSharing(store: Store, name: string, version: string, files = FILES) {
  const write = (known: KnownPages) => {
    const indexed = indexFiles(files, known.pages);
    return store.writeDocSet({ name, version, source: 'test', sourceHash: indexed.sourceHash, pages: indexed.pages, secondary: indexed.secondary, sectionCount: indexed.sectionCount, segment: known.segment, postings: indexed.postings });
  };
  const outcome = await write(await store.knownPages(name, pageKeys(files).keys));
  return landed(outcome.reparse === undefined ? outcome : await write({ pages: new Map() }));
}

/** A backend under test: the store, a way to reopen it, and how many page versions and section texts it physically holds. */
export interface ContractStore {
  store: Store;
  reopen: () => Promise<Store>;
  cleanup: () => Promise<void>;
  storedPages: () => Promise<number>;
  storedTexts: () => Promise<number>;
}

/** Shares half its pages with FILES but brings many more sections (a segment of its own); its two new pages show the same texts. */
const GROWN: SourceFile[] = [
  ...FILES,
  ...Array.from({ length: 2 }, (_, p) => ({
    path: `guide/more-${p}.md`,
    content: `# More\n\n${Array.from({ length: 15 }, (_, i) => `## Entry ${i}\n\nEntries expire after ttlSeconds, lifetime ${i}.\n`).join('\n')}`,
  })),
];

const OTHER: SourceFile[] = Array.from({ length: 30 }, (_, i) => ({
  path: `other/page-${i}.md`,
  content: `# Other ${i}\n\n## Lifetime\n\nEntries expire when the cache lifetime ends; ttlSeconds is not used here ${i}.\n`,
}));

export function storeContract(label: string, open: () => Promise<ContractStore>): void {
  describe(`Store contract: ${label}`, () => {
    it('writes a doc set and lists it with counts', async () => {
      const { store, cleanup } = await open();
      const written = await writeNew(store, docSetWrite('w', '1.0.0'));
      expect(written).toMatchObject({ name: 'w', version: '1.0.0', pageCount: 2, sectionCount: 4 });
      expect((await store.listDocSets()).map((d) => `${d.name}@${d.version}`)).toEqual(['w@1.0.0']);
      await cleanup();
    });

    it('keeps versions side by side and replaces one version whole', async () => {
      const { store, cleanup } = await open();
      await writeNew(store, docSetWrite('w', '1.0.0'));
      await writeNew(store, docSetWrite('w', '2.0.0', [FILES[0]]));
      await writeNew(store, docSetWrite('w', '2.0.0', [FILES[1]]));
      const sets = await store.listDocSets();
      expect(sets.map((d) => `${d.version}:${d.pageCount}`).sort()).toEqual(['1.0.0:2', '2.0.0:1']);
      const v2 = sets.find((d) => d.version === '2.0.0')!;
      expect((await store.listPages(v2.id)).map((p) => p.path)).toEqual(['guide/cache.md']);
      await cleanup();
    });

    it('finds sections by analysed terms, best first, only in the asked doc sets', async () => {
      const { store, cleanup } = await open();
      const a = await writeNew(store, docSetWrite('a', '1'));
      await writeNew(store, docSetWrite('b', '1'));
      const hits = await store.searchSections({ docSetIds: [a.id], terms: analyzeTerms('ttlSeconds expire'), weights: FIELD_WEIGHTS, limit: 10 });
      expect(hits[0].section.path).toBe('guide/cache.md');
      expect(hits[0].section.headingPath).toEqual(['Caching', 'Lifetime']);
      expect(hits.every((h) => h.section.docSetId === a.id)).toBe(true);
      expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((x, y) => y - x));
      await cleanup();
    });

    it('returns pages and their sections in order', async () => {
      const { store, cleanup } = await open();
      const d = await writeNew(store, docSetWrite('w', '1'));
      expect((await store.getPage(d.id, 'guide/intro.md'))?.content).toContain('npm install widgets');
      expect(await store.getPage(d.id, 'nope.md')).toBeUndefined();
      expect((await store.getSections(d.id, 'guide/intro.md')).map((s) => s.anchor)).toEqual(['intro', 'install']);
      // Several at once, in the order asked, across doc sets; undefined where there is none.
      const other = await writeNew(store, docSetWrite('x', '1', [{ path: 'guide/intro.md', content: '# Other intro\n' }]));
      const pages = await store.getPages([
        { docSetId: other.id, path: 'guide/intro.md' },
        { docSetId: d.id, path: 'nope.md' },
        { docSetId: d.id, path: 'guide/cache.md' },
        { docSetId: d.id, path: 'guide/intro.md' },
      ]);
      expect(pages.map((p) => p?.title)).toEqual(['Other intro', undefined, 'Caching', 'Intro']);
      expect(pages[3]?.content).toBe((await store.getPage(d.id, 'guide/intro.md'))?.content);
      expect(await store.getPages([])).toEqual([]);
      await cleanup();
    });

    it('removes a doc set and its search entries', async () => {
      const { store, cleanup } = await open();
      const d = await writeNew(store, docSetWrite('w', '1'));
      expect(await store.removeDocSet('w', '1')).toBe(true);
      expect(await store.removeDocSet('w', '1')).toBe(false);
      expect(await store.searchSections({ docSetIds: [d.id], terms: ['ttlseconds'], weights: FIELD_WEIGHTS, limit: 5 })).toEqual([]);
      await cleanup();
    });

    it('persists across reopening', async () => {
      const { store, reopen, cleanup } = await open();
      await writeNew(store, docSetWrite('w', '1'));
      await store.close();
      const again = await reopen();
      expect((await again.listDocSets()).length).toBe(1);
      await cleanup();
    });

    it('ranks a doc set as if it were alone: adding an unrelated one changes neither order nor scores', async () => {
      const { store, cleanup } = await open();
      const a = await writeNew(store, docSetWrite('a', '1'));
      const query = { docSetIds: [a.id], terms: analyzeTerms('ttlSeconds expire lifetime entries'), weights: FIELD_WEIGHTS, limit: 10 };
      const alone = await store.searchSections(query);
      const pagesAlone = await store.searchPages(query);
      await writeNew(store, docSetWrite('unrelated', '1', OTHER));
      const crowded = await store.searchSections(query);
      expect(crowded.map((h) => [h.section.path, h.section.anchor, h.score])).toEqual(alone.map((h) => [h.section.path, h.section.anchor, h.score]));
      expect(await store.searchPages(query)).toEqual(pagesAlone);
      await cleanup();
    });

    it('gives each doc set the rate of a question\'s terms in its own sections, whatever else is indexed', async () => {
      const { store, cleanup } = await open();
      const w = await writeNew(store, docSetWrite('w', '1.0.0'));
      const terms = analyzeTerms('ttlSeconds lifetime widgets absent');
      const [ttl, widgets, absent] = ['ttlseconds', 'widgets', 'absent'].map((t) => terms.indexOf(t));
      const alone = (await store.termShares([w.id], terms)).get(w.id)!;
      expect(alone).toHaveLength(terms.length);
      expect(alone[ttl]).toBeGreaterThan(0);
      expect(alone[absent]).toBe(0);
      const other = await writeNew(store, docSetWrite('other', '1.0.0', OTHER));
      const both = await store.termShares([w.id, other.id], terms);
      expect(both.get(w.id)).toEqual(alone);
      expect(both.get(other.id)![ttl]).toBeGreaterThan(0);
      expect(both.get(other.id)![widgets]).toBe(0);
      expect((await store.termShares([], terms)).size).toBe(0);
      await cleanup();
    });

    it('reads the rates of many libraries at once as it reads each alone, and anew after a write', async () => {
      const { store, cleanup } = await open();
      const terms = analyzeTerms('ttlSeconds lifetime widgets install');
      const ids: number[] = [];
      for (let i = 0; i < 12; i++) ids.push((await writeNew(store, docSetWrite(`lib${i}`, '1.0.0', i % 2 === 0 ? FILES : OTHER))).id);
      const together = await store.termShares(ids, terms);
      for (const id of ids) expect(together.get(id)).toEqual((await store.termShares([id], terms)).get(id));
      expect(together.get(ids[0])).not.toEqual(together.get(ids[1]));
      // A write in between: the rates come from what is stored now.
      await store.removeDocSet('lib0', '1.0.0');
      const replaced = await writeNew(store, docSetWrite('lib0', '1.0.0', OTHER));
      const after = await store.termShares([replaced.id, ...ids.slice(1)], terms);
      expect(after.get(replaced.id)).toEqual(together.get(ids[1]));
      expect(after.has(ids[0])).toBe(false);
      await cleanup();
    });

    it('merges results of several libraries, each hit naming its doc set', async () => {
      const { store, cleanup } = await open();
      const a = await writeNew(store, docSetWrite('a', '1'));
      const b = await writeNew(store, docSetWrite('b', '1', OTHER));
      const hits = await store.searchSections({ docSetIds: [a.id, b.id], terms: analyzeTerms('ttlSeconds lifetime'), weights: FIELD_WEIGHTS, limit: 40 });
      expect(new Set(hits.map((h) => h.section.docSetId))).toEqual(new Set([a.id, b.id]));
      expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((x, y) => y - x));
      await cleanup();
    });

    it("brings each library's best sections along below the best `limit` of a merged search", async () => {
      const { store, cleanup } = await open();
      const a = await writeNew(store, docSetWrite('a', '1'));
      const b = await writeNew(store, docSetWrite('b', '1', OTHER));
      const query = { docSetIds: [a.id, b.id], terms: analyzeTerms('ttlSeconds lifetime'), weights: FIELD_WEIGHTS, limit: 1 };
      const sections = await store.searchSections(query);
      expect(new Set(sections.map((h) => h.section.docSetId))).toEqual(new Set([a.id, b.id]));
      expect(sections.map((h) => h.score)).toEqual([...sections.map((h) => h.score)].sort((x, y) => y - x));
      expect(new Set((await store.searchPages(query)).map((p) => p.docSetId))).toEqual(new Set([a.id, b.id]));
      // One library alone: exactly the best `limit`.
      expect(await store.searchSections({ ...query, docSetIds: [b.id], limit: 3 })).toHaveLength(3);
      await cleanup();
    });

    it('stores the pages two versions share once, and removing one version keeps the other whole', async () => {
      const { store, storedPages, cleanup } = await open();
      const changed: SourceFile = { path: 'guide/intro.md', content: '# Intro\n\nWelcome to version two.\n\n## Install\n\nRun `npm install widgets@2`.\n' };
      await writeNew(store, docSetWrite('w', '1.0.0'));
      // What addDocSet does: pages the library already has are passed by key, not parsed again.
      const files = [changed, FILES[1]];
      const known = await store.knownPages('w', pageKeys(files).keys);
      expect(known.pages.size).toBe(1);
      expect(known.segment).toBeDefined();
      const indexed = indexFiles(files, known.pages);
      expect(indexed.pages.filter((p) => p.indexed).map((p) => p.path)).toEqual(['guide/intro.md']);
      const v2 = await writeNew(store, {
        name: 'w', version: '2.0.0', source: 'test', sourceHash: indexed.sourceHash, pages: indexed.pages, secondary: indexed.secondary, sectionCount: indexed.sectionCount, segment: known.segment,
      });
      expect(v2).toMatchObject({ pageCount: 2, sectionCount: 4 });
      expect(await storedPages()).toBe(3);
      expect(await store.removeDocSet('w', '1.0.0')).toBe(true);
      expect(await storedPages()).toBe(2);
      expect((await store.listPages(v2.id)).map((p) => p.path)).toEqual(['guide/cache.md', 'guide/intro.md']);
      expect((await store.listPages(v2.id, 'guide/i')).map((p) => p.path)).toEqual(['guide/intro.md']);
      expect(await store.listPages(v2.id, 'guide/%')).toEqual([]);
      expect((await store.getPage(v2.id, 'guide/cache.md'))?.content).toContain('ttlSeconds');
      expect((await store.getSections(v2.id, 'guide/intro.md')).map((s) => s.anchor)).toEqual(['intro', 'install']);
      const hits = await store.searchSections({ docSetIds: [v2.id], terms: ['ttlseconds'], weights: FIELD_WEIGHTS, limit: 5 });
      expect(hits.map((h) => [h.section.docSetId, h.section.path])).toEqual([[v2.id, 'guide/cache.md']]);
      expect(await store.removeDocSet('w', '2.0.0')).toBe(true);
      expect(await storedPages()).toBe(0);
      await cleanup();
    });

    it('answers reparse, and writes nothing, when a page the write reuses was removed meanwhile', async () => {
      const { store, cleanup } = await open();
      await writeNew(store, docSetWrite('w', '1.0.0'));
      const known = await store.knownPages('w', pageKeys(FILES).keys);
      const indexed = indexFiles(FILES, known.pages);
      expect(indexed.pages.every((p) => !p.indexed)).toBe(true);
      expect(await store.removeDocSet('w', '1.0.0')).toBe(true);
      const outcome = await store.writeDocSet({
        name: 'w', version: '2.0.0', source: 'test', sourceHash: indexed.sourceHash, pages: indexed.pages, secondary: indexed.secondary, sectionCount: indexed.sectionCount, segment: known.segment,
      });
      expect(outcome.reparse).toMatch(/was removed while w@2\.0\.0 was being added/);
      expect((await store.listDocSets()).map((d) => `${d.name}@${d.version}`)).not.toContain('w@2.0.0');
      const again = await writeSharing(store, 'w', '2.0.0');
      expect(again).toMatchObject({ name: 'w', version: '2.0.0' });
      await cleanup();
    });

    it('ranks a version exactly as if written alone once a sibling with pages of its own is removed (no posting of a removed row left)', async () => {
      const own: SourceFile[] = [
        { path: 'guide/expiry.md', content: '# Expiry\n\n## Lifetime\n\nEntries expire when ttlSeconds passes; lifetime is counted from the first write.\n' },
        { path: 'guide/intro.md', content: '# Intro\n\nWelcome to version one, where entries expire.\n\n## Install\n\nRun `npm install widgets@1`.\n' },
      ];
      const terms = analyzeTerms('entries expire lifetime ttlSeconds widgets install');
      const ranked = async (s: Store, id: number) => {
        const query = { docSetIds: [id], terms, weights: FIELD_WEIGHTS, limit: 10 };
        const sections = (await s.searchSections(query)).map((h) => [h.section.path, h.section.anchor, h.score]);
        return { sections, pages: (await s.searchPages(query)).map((p) => [p.path, p.score]) };
      };
      const { store, cleanup } = await open();
      const alone = await ranked(store, (await writeNew(store, docSetWrite('solo', '2.0.0'))).id);
      await writeNew(store, docSetWrite('w', '1.0.0', [...own, FILES[1]]));
      const v2 = await writeSharing(store, 'w', '2.0.0');
      expect(await ranked(store, v2.id)).not.toEqual(alone);
      expect(await store.removeDocSet('w', '1.0.0')).toBe(true);
      expect(await ranked(store, v2.id)).toEqual(alone);
      expect(alone.sections.length).toBeGreaterThan(1);
      await cleanup();
    });

    it('indexes a version that would make its segment too large apart, so both versions rank as if alone', async () => {
      const terms = analyzeTerms('entries expire lifetime ttlSeconds');
      const ranked = async (s: Store, id: number) =>
        (await s.searchSections({ docSetIds: [id], terms, weights: FIELD_WEIGHTS, limit: 40 })).map((h) => [h.section.path, h.section.anchor, h.score]);
      const { store, cleanup } = await open();
      const alone1 = await ranked(store, (await writeNew(store, docSetWrite('solo1', '1.0.0'))).id);
      const alone2 = await ranked(store, (await writeNew(store, docSetWrite('solo2', '2.0.0', GROWN))).id);
      const v1 = await writeNew(store, docSetWrite('w', '1.0.0'));
      const v2 = await writeSharing(store, 'w', '2.0.0', GROWN);
      expect(await ranked(store, v1.id)).toEqual(alone1);
      expect(await ranked(store, v2.id)).toEqual(alone2);
      await cleanup();
    });

    it('stores a section text once per library, across segments and pages, until no version shows it', async () => {
      const { store, storedTexts, cleanup } = await open();
      const texts = async (id: number, path: string) => (await store.getSections(id, path)).map((s) => s.text);
      const v1 = await writeNew(store, docSetWrite('w', '1.0.0'));
      const ofFiles = await storedTexts();
      // GROWN alone, as another library: its texts, the two new pages sharing theirs.
      const other = await writeNew(store, docSetWrite('x', '1.0.0', GROWN));
      const ofGrown = (await storedTexts()) - ofFiles;
      expect(ofGrown).toBeLessThan(other.sectionCount);
      // As the next version of w, in a segment of its own: only the texts w lacks are added.
      const v2 = await writeSharing(store, 'w', '2.0.0', GROWN);
      expect(await storedTexts()).toBe(ofFiles + ofGrown + (ofGrown - ofFiles));
      expect(await texts(v2.id, 'guide/more-1.md')).toEqual(await texts(other.id, 'guide/more-1.md'));
      expect(await texts(v2.id, 'guide/cache.md')).toEqual(await texts(v1.id, 'guide/cache.md'));
      expect(await store.removeDocSet('w', '1.0.0')).toBe(true);
      expect(await storedTexts()).toBe(2 * ofGrown);
      expect(await texts(v2.id, 'guide/cache.md')).toEqual(await texts(other.id, 'guide/cache.md'));
      expect(await store.removeDocSet('w', '2.0.0')).toBe(true);
      expect(await storedTexts()).toBe(ofGrown);
      expect((await texts(other.id, 'guide/cache.md')).join('\n')).toContain('ttlSeconds');
      await cleanup();
    });

    it('answers searches without error while a doc set is removed and added again', async () => {
      const { store, cleanup } = await open();
      const keep = await writeNew(store, docSetWrite('keep', '1'));
      const query = { docSetIds: [keep.id], terms: ['ttlseconds'], weights: FIELD_WEIGHTS, limit: 5 };
      const churn = (async () => {
        for (let i = 0; i < 5; i++) {
          await writeNew(store, docSetWrite('churn', '1'));
          await store.removeDocSet('churn', '1');
        }
      })();
      const searches = Array.from({ length: 20 }, () => store.searchSections(query));
      const results = await Promise.all(searches);
      await churn;
      for (const hits of results) expect(hits[0].section.path).toBe('guide/cache.md');
      await cleanup();
    });
  });
}
