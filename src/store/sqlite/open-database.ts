// Opens the SQLite file: read-write with WAL, or, when its folder cannot be written, a private
// read-only copy; corruption codes become a clear STORE_CORRUPT that says how to rebuild.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { DocsError } from '../../errors.js';
import { migrate, SCHEMA_VERSION } from './schema.js';

export function openDatabase(file: string): { db: Database.Database; readOnly: boolean } {
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 1000');
      migrate(db);
      // A cheap read of the catalogue: a file that is not an index, or whose first pages are
      // damaged, fails here with a clear message instead of on the first search.
      db.prepare('SELECT count(*) FROM docsets').get();
    } catch (error) {
      db.close();
      throw error;
    }
    return { db, readOnly: false };
  } catch (error) {
    if (isCorruption(error)) throw corrupt(file, error);
    if (file !== ':memory:' && isReadOnlyError(error) && existsSync(file)) return { db: openCopy(file), readOnly: true };
    const mismatch = addonMismatch(error);
    if (mismatch) throw mismatch;
    throw new DocsError('STORE_FAILED', `Cannot open the index at ${file}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * SQLite cannot read a WAL database without creating its shared-memory file, which a read-only
 * folder forbids: a private copy in the temporary folder is opened read-only instead.
 */
function openCopy(file: string): Database.Database {
  try {
    const dir = mkdtempSync(join(tmpdir(), 'vdocs-readonly-'));
    const copy = join(dir, basename(file));
    copyFileSync(file, copy);
    if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
    const db = new Database(copy, { readonly: true });
    if ((db.pragma('user_version', { simple: true }) as number) !== SCHEMA_VERSION) throw new Error('the index was written by another vdocs version and cannot be migrated read-only');
    db.prepare('SELECT count(*) FROM docsets').get();
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return db;
  } catch (error) {
    if (isCorruption(error)) throw corrupt(file, error);
    throw new DocsError('STORE_FAILED', `The index at ${file} is in a read-only folder and could not be read: ${(error as Error).message}`, { cause: error });
  }
}

/** Node's module ABI versions and the Node major each belongs to, for a message people can act on. */
const ABI_NODE: Record<string, string> = { '108': '18', '115': '20', '120': '21', '127': '22', '131': '23', '137': '24', '141': '25' };

/**
 * The SQLite addon built for another Node than the one running (after switching Node versions):
 * said plainly, with the command that rebuilds it against the running Node's own headers (an npm
 * config pointing at another Node's headers made `npm rebuild` alone rebuild the same wrong addon).
 */
export function addonMismatch(error: unknown): DocsError | undefined {
  const match = /NODE_MODULE_VERSION (\d+)[\s\S]*?NODE_MODULE_VERSION (\d+)/.exec(String((error as Error)?.message ?? ''));
  if (!match) return undefined;
  const [, built, needed] = match;
  const prefix = dirname(dirname(process.execPath));
  const addon = dirname(dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')));
  return new DocsError(
    'STORE_FAILED',
    `The SQLite addon (better-sqlite3) was built for Node ${ABI_NODE[built] ?? `ABI ${built}`} (NODE_MODULE_VERSION ${built}), but Node ${process.version} (NODE_MODULE_VERSION ${needed}) is running; the index itself is fine. Rebuild the addon for the running Node: cd ${dirname(addon)} && npm rebuild better-sqlite3 --nodedir=${prefix} (or run vdocs with the Node it was installed with).`,
    { cause: error },
  );
}

function isReadOnlyError(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code === 'EACCES' || code === 'EROFS' || code === 'EPERM';
}

export function isCorruption(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB';
}

export function corrupt(file: string, cause: unknown): DocsError {
  return new DocsError(
    'STORE_CORRUPT',
    `The index at ${file} is damaged (${(cause as Error).message}). Run \`vdocs doctor\` to rebuild it from the sources it records; nothing else is lost (downloaded packages are kept).`,
    { cause },
  );
}
