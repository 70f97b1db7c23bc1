import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers.js';
import { docSetWrite } from '../../../test/store-contract.js';
import { followIndexFile } from './follow-index-file.js';
import { moveIndexAside } from './index-file.js';
import { openSqliteStore } from './open-sqlite-store.js';

const names = async (store: { listDocSets(): Promise<Array<{ name: string }>> }) => (await store.listDocSets()).map((d) => d.name).sort();

describe('moveIndexAside and followIndexFile', () => {
  it('loses no concurrent write: one waiting for the lock lands in the new index, and readers follow the new file', async () => {
    const dir = tempDir();
    const file = join(dir.path, 'index.sqlite');
    const open = () => followIndexFile(file, () => openSqliteStore(file), 0);
    const server = open();
    const adder = open();
    await adder.writeDocSet(docSetWrite('before', '1'));
    // A writer in progress holds the lock: the move waits for it.
    const writer = new Database(file);
    writer.exec('BEGIN IMMEDIATE');
    let waited = false;
    let inspected: string[] = [];
    const moving = moveIndexAside(file, join(dir.path, 'aside.sqlite'), {
      inspect: () => {
        const reader = new Database(file, { readonly: true });
        inspected = (reader.prepare('SELECT name FROM docsets').all() as Array<{ name: string }>).map((r) => r.name);
        reader.close();
      },
      replace: async () => openSqliteStore(file),
      onWait: () => (waited = true),
    });
    while (!waited) await new Promise((resolve) => setImmediate(resolve));
    expect(existsSync(join(dir.path, 'aside.sqlite'))).toBe(false);
    writer.exec("INSERT INTO segments (name) VALUES ('just-before')");
    writer.exec('COMMIT');
    writer.close();
    const { replaced } = await moving;
    expect(inspected).toEqual(['before']);
    expect(existsSync(join(dir.path, 'aside.sqlite'))).toBe(true);
    // The adder opened the old file; its write finds the file replaced and goes to the new one.
    await adder.writeDocSet(docSetWrite('during', '1'));
    expect(await names(replaced)).toEqual(['during']);
    // A running server reads the new file, not the one moved aside.
    expect(await names(server)).toEqual(['during']);
    for (const s of [server, adder, replaced]) await s.close();
    dir.remove();
  });
});
