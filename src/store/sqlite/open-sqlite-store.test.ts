import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers.js';
import { docSetWrite, storeContract } from '../store.contract.js';
import { openSqliteStore } from './open-sqlite-store.js';

storeContract('sqlite', async () => {
  const dir = tempDir();
  const file = join(dir.path, 'index.sqlite');
  let current = openSqliteStore(file);
  return {
    store: current,
    reopen: async () => (current = openSqliteStore(file)),
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

describe('openSqliteStore', () => {
  it('rolls a failed write back and keeps the previous version intact', async () => {
    const dir = tempDir();
    const store = openSqliteStore(join(dir.path, 'index.sqlite'));
    await store.writeDocSet(docSetWrite('w', '1'));
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

  it('fails with STORE_FAILED when the file cannot be opened', () => {
    expect(() => openSqliteStore('/proc/version/index.sqlite')).toThrow(expect.objectContaining({ code: 'STORE_FAILED' }));
  });
});
