// The one behaviour suite every store backend must pass (SQLite now, PostgreSQL next).
import { describe, expect, it } from 'vitest';
import { indexFiles } from '../ingest/index-files.js';
import type { SourceFile } from '../model.js';
import { analyzeTerms } from '../search/analyze.js';
import { FIELD_WEIGHTS } from '../search/search-docs.js';
import type { DocSetWrite, Store } from './store.js';

const FILES: SourceFile[] = [
  { path: 'guide/intro.md', content: '# Intro\n\nWelcome.\n\n## Install\n\nRun `npm install widgets`.\n' },
  { path: 'guide/cache.md', content: '# Caching\n\n## Lifetime\n\nEntries expire after `ttlSeconds`.\n' },
];

export function docSetWrite(name: string, version: string, files = FILES): DocSetWrite {
  const indexed = indexFiles(files);
  return { name, version, source: 'test', sourceHash: indexed.sourceHash, pages: indexed.pages, sections: indexed.sections };
}

export function storeContract(label: string, open: () => Promise<{ store: Store; reopen: () => Promise<Store>; cleanup: () => Promise<void> }>): void {
  describe(`Store contract: ${label}`, () => {
    it('writes a doc set and lists it with counts', async () => {
      const { store, cleanup } = await open();
      const written = await store.writeDocSet(docSetWrite('w', '1.0.0'));
      expect(written).toMatchObject({ name: 'w', version: '1.0.0', pageCount: 2, sectionCount: 4 });
      expect((await store.listDocSets()).map((d) => `${d.name}@${d.version}`)).toEqual(['w@1.0.0']);
      await cleanup();
    });

    it('keeps versions side by side and replaces one version whole', async () => {
      const { store, cleanup } = await open();
      await store.writeDocSet(docSetWrite('w', '1.0.0'));
      await store.writeDocSet(docSetWrite('w', '2.0.0', [FILES[0]]));
      await store.writeDocSet(docSetWrite('w', '2.0.0', [FILES[1]]));
      const sets = await store.listDocSets();
      expect(sets.map((d) => `${d.version}:${d.pageCount}`).sort()).toEqual(['1.0.0:2', '2.0.0:1']);
      const v2 = sets.find((d) => d.version === '2.0.0')!;
      expect((await store.listPages(v2.id)).map((p) => p.path)).toEqual(['guide/cache.md']);
      await cleanup();
    });

    it('finds sections by analysed terms, best first, only in the asked doc sets', async () => {
      const { store, cleanup } = await open();
      const a = await store.writeDocSet(docSetWrite('a', '1'));
      await store.writeDocSet(docSetWrite('b', '1'));
      const hits = await store.searchSections({ docSetIds: [a.id], terms: analyzeTerms('ttlSeconds expire'), weights: FIELD_WEIGHTS, limit: 10 });
      expect(hits[0].section.path).toBe('guide/cache.md');
      expect(hits[0].section.headingPath).toEqual(['Caching', 'Lifetime']);
      expect(hits.every((h) => h.section.docSetId === a.id)).toBe(true);
      expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((x, y) => y - x));
      await cleanup();
    });

    it('returns pages and their sections in order', async () => {
      const { store, cleanup } = await open();
      const d = await store.writeDocSet(docSetWrite('w', '1'));
      expect((await store.getPage(d.id, 'guide/intro.md'))?.content).toContain('npm install widgets');
      expect(await store.getPage(d.id, 'nope.md')).toBeUndefined();
      expect((await store.getSections(d.id, 'guide/intro.md')).map((s) => s.anchor)).toEqual(['intro', 'install']);
      await cleanup();
    });

    it('removes a doc set and its search entries', async () => {
      const { store, cleanup } = await open();
      const d = await store.writeDocSet(docSetWrite('w', '1'));
      expect(await store.removeDocSet('w', '1')).toBe(true);
      expect(await store.removeDocSet('w', '1')).toBe(false);
      expect(await store.searchSections({ docSetIds: [d.id], terms: ['ttlseconds'], weights: FIELD_WEIGHTS, limit: 5 })).toEqual([]);
      await cleanup();
    });

    it('persists across reopening', async () => {
      const { store, reopen, cleanup } = await open();
      await store.writeDocSet(docSetWrite('w', '1'));
      await store.close();
      const again = await reopen();
      expect((await again.listDocSets()).length).toBe(1);
      await cleanup();
    });
  });
}
