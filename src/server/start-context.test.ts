import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import type { DocSetWrite, Store } from '../store/store.js';
import { tempDir, writeFiles } from '../../test/helpers.js';
import { startContext } from './start-context.js';

/** A real SQLite store whose writes of `held` wait for `release`: indexing that stays under way. */
function holdingWrites(store: Store, held: string): { store: Store; release: () => void; reached: Promise<void>; writes: string[] } {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let reach: () => void = () => undefined;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  const writes: string[] = [];
  const proxy = new Proxy(store, {
    get(target, key, receiver) {
      if (key !== 'writeDocSet') return Reflect.get(target, key, receiver);
      return async (input: DocSetWrite) => {
        writes.push(input.name);
        if (input.name === held) {
          reach();
          await gate;
        }
        return target.writeDocSet(input);
      };
    },
  });
  return { store: proxy, release, reached, writes };
}

describe('the first call in a project whose installed docs are not indexed yet', () => {
  const dirs: Array<{ remove: () => void }> = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

  it('indexes the smallest installed doc set first, answers once it is ready, says what is coming, and a call naming the rest waits for it', async () => {
    const home = tempDir();
    const project = tempDir();
    dirs.push(home, project);
    const big: Record<string, string> = {};
    for (let i = 0; i < 5; i++) big[`node_modules/big/docs/page-${i}.md`] = `# Page ${i}\n\nBig builds towers, part ${i}.\n`;
    writeFiles(project.path, {
      'package.json': JSON.stringify({ dependencies: { big: '2.0.0', small: '1.0.0' } }),
      'node_modules/big/package.json': JSON.stringify({ name: 'big', version: '2.0.0' }),
      'node_modules/small/package.json': JSON.stringify({ name: 'small', version: '1.0.0' }),
      'node_modules/small/docs/guide.md': '# Guide\n\nSmall builds huts.\n',
      ...big,
    });
    const config = loadConfig({ cwd: project.path, env: { VDOCS_HOME: home.path }, useDefault: false });
    const sqlite = openSqliteStore(join(home.path, 'index.sqlite'));
    const { store, release, reached, writes } = holdingWrites(sqlite, 'big');
    try {
      const context = await startContext(store, config, project.path, () => undefined);
      await context.ready();
      expect((await sqlite.listDocSets()).map((d) => `${d.name}@${d.version}`)).toEqual(['small@1.0.0']);
      await reached;
      // Alphabetical order would put big first; its 5 pages come after small's one.
      expect(writes).toEqual(['small', 'big']);
      expect(context.pending!()).toEqual(['indexing big (installed)']);

      let bigReady = false;
      const named = context.ready('big').then(() => (bigReady = true));
      // Another call is answered meanwhile; the one naming big is still waiting (its write is held).
      await context.ready('small');
      expect(bigReady).toBe(false);
      release();
      await named;
      expect((await sqlite.listDocSets()).map((d) => d.name).sort()).toEqual(['big', 'small']);
      expect(context.pending!()).toEqual([]);
    } finally {
      release();
      sqlite.close();
    }
  });
});
