// Shared test set-up: temporary folders, a real SQLite index, and the fixture doc sets.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addDocSet } from '../src/ingest/add-doc-set.js';
import { openSqliteStore } from '../src/store/sqlite/open-sqlite-store.js';
import type { Store } from '../src/store/store.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures');
export const ACME_1 = join(FIXTURES, 'acme-1.0');
export const ACME_2 = join(FIXTURES, 'acme-2.0');
export const MAIN = join(ROOT, 'dist', 'main.js');

/**
 * Runs the built CLI without blocking this process (a fake registry in the test may have to answer
 * it), and gives its output and exit code.
 */
export function runCli(args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string }): Promise<{ out: string; err: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ out, err, code }));
  });
}

export function tempDir(prefix = 'vdocs-test-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A real SQLite file in a temporary home with both acme versions indexed. */
export async function acmeStore(): Promise<{ store: Store; home: string; file: string; cleanup: () => Promise<void> }> {
  const home = tempDir();
  const file = join(home.path, 'index.sqlite');
  const store = openSqliteStore(file);
  await addDocSet(store, ACME_1, { name: 'acme@1.0.0', home: home.path });
  await addDocSet(store, ACME_2, { name: 'acme@2.0.0', home: home.path });
  return {
    store,
    home: home.path,
    file,
    cleanup: async () => {
      await store.close();
      home.remove();
    },
  };
}

/** Writes a tree of files under `root` (parent folders made as needed). */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}
