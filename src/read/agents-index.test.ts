import { describe, expect, it } from 'vitest';
import type { StoredDocSet } from '../store/store.js';
import { END_MARKER, MAX_INDEX_BYTES, renderAgentsIndex, updateAgentsFile } from './agents-index.js';

const docSet = (name: string, version: string): StoredDocSet => ({ id: 1, name, version, reason: 'installed', source: 'x', sourceHash: 'h', pageCount: 0, sectionCount: 0, indexedAt: '' });

describe('renderAgentsIndex', () => {
  it('fits 40 doc sets of 500 pages each in 8 KB, every doc set named with its version', () => {
    const sets = Array.from({ length: 40 }, (_, i) => ({
      docSet: docSet(`@scope/package-number-${i}`, `1.${i}.0`),
      pages: Array.from({ length: 500 }, (_, p) => ({ path: `folder-${p % 30}/page-${p}.md`, title: `Page ${p}`, hash: '' })),
    }));
    const block = renderAgentsIndex(sets);
    expect(Buffer.byteLength(block)).toBeLessThanOrEqual(MAX_INDEX_BYTES);
    for (let i = 0; i < 40; i++) expect(block).toContain(`\`@scope/package-number-${i}\` 1.${i}.0 (installed), 500 pages:`);
    expect(block).toContain('more (list_docs)');
    expect(renderAgentsIndex([...sets].reverse())).toBe(block);
  });
});

describe('updateAgentsFile', () => {
  const block = renderAgentsIndex([{ docSet: docSet('kit', '1.0.0'), pages: [{ path: 'a.md', title: 'A', hash: '' }] }]);

  it('appends to a file without markers and replaces only between them after', () => {
    const first = updateAgentsFile('# Notes\n\nKeep me.', block);
    expect(first).toBe(`# Notes\n\nKeep me.\n\n${block}\n`);
    const other = renderAgentsIndex([{ docSet: docSet('kit', '2.0.0'), pages: [] }]);
    const second = updateAgentsFile(`${first}\nAfter the block.\n`, other);
    expect(second).toBe(`# Notes\n\nKeep me.\n\n${other}\n\nAfter the block.\n`);
    expect(updateAgentsFile(second, other)).toBe(second);
  });

  it('refuses markers that do not pair', () => {
    for (const text of [`${block}\n${block}`, END_MARKER, `${END_MARKER}\n<!-- vdocs:begin -->`]) {
      expect(() => updateAgentsFile(text, block)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
  });
});
