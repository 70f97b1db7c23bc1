// The index file's identity, and the one way to move it aside (vdocs doctor). Moving happens under
// the index's own write lock: a writer that was waiting for it then finds the file replaced, and
// its store reopens the new file and writes there, so no concurrent `vdocs add` is lost. Readers
// (a running server) notice the new file within a moment and follow it (follow-index-file.ts).
import { existsSync, renameSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { DocsError } from '../../errors.js';

/** `dev:ino` of the file at `file` now, or undefined when there is none. */
export function fileIdentity(file: string): string | undefined {
  const info = statSync(file, { throwIfNoEntry: false });
  return info ? `${info.dev}:${info.ino}` : undefined;
}

/** Thrown inside a write transaction when the file at the store's path is no longer the one it opened. */
export class IndexReplacedError extends DocsError {
  constructor(file: string) {
    super('STORE_FAILED', `The index at ${file} was replaced (vdocs doctor) while this process had it open; reopen it and write again.`);
  }
}

/**
 * Takes the index's write lock (waiting for a writer in progress, telling `onWait` once), runs
 * `inspect` under it (what the file records is read there, so nothing written just before is
 * missed), moves the file and its WAL files to `aside`, runs `replace` (which creates the new index
 * at the path), and only then releases the lock: a writer waiting for it finds the new file.
 */
export async function moveIndexAside<T, R>(file: string, aside: string, steps: { inspect: () => T; replace: () => Promise<R>; onWait?: () => void }): Promise<{ seen: T; replaced: R }> {
  let lock: Database.Database | undefined;
  try {
    lock = new Database(file, { fileMustExist: true });
    lock.pragma('busy_timeout = 0');
    for (let waited = false; ; waited = true) {
      try {
        lock.exec('BEGIN IMMEDIATE');
        break;
      } catch (error) {
        if (!((error as { code?: string }).code ?? '').startsWith('SQLITE_BUSY')) throw error;
        if (!waited) steps.onWait?.();
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } catch {
    // A file too damaged to lock can be written by nobody: it is moved as it is.
    lock?.close();
    lock = undefined;
  }
  try {
    const seen = steps.inspect();
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
    return { seen, replaced: await steps.replace() };
  } finally {
    if (lock) {
      lock.exec('ROLLBACK');
      lock.close();
    }
  }
}
