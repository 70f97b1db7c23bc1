// A full check of an SQLite index file (PRAGMA quick_check), and what it records about its doc sets,
// read as far as the damage allows: the input of `vdocs doctor`.
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';

export interface IndexCheck {
  ok: boolean;
  problems: string[];
  /** Doc sets recorded in the file (empty when even that table cannot be read). */
  docSets: Array<{ name: string; version: string; source: string }>;
}

export function checkSqliteIndex(file: string): IndexCheck {
  if (!existsSync(file)) return { ok: true, problems: [], docSets: [] };
  let db: Database.Database | undefined;
  const problems: string[] = [];
  let docSets: IndexCheck['docSets'] = [];
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const rows = db.pragma('quick_check(20)') as Array<{ quick_check: string }>;
    for (const row of rows) if (row.quick_check !== 'ok') problems.push(row.quick_check);
  } catch (error) {
    problems.push((error as Error).message);
  }
  try {
    docSets = (db?.prepare('SELECT name, version, source FROM docsets ORDER BY name, version').all() ?? []) as IndexCheck['docSets'];
  } catch (error) {
    problems.push(`the doc set catalogue cannot be read: ${(error as Error).message}`);
  }
  db?.close();
  return { ok: problems.length === 0, problems, docSets };
}
