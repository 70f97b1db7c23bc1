// A full integrity check of the SQLite index (PRAGMA quick_check) in a worker thread: a server
// learns of damage the cheap checks at open miss (pages past the catalogue) without blocking
// requests, and /health reports it before a search trips on it.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// Run as a CommonJS script in the worker: better-sqlite3 is loaded by its resolved path, so the
// check works from the bundled CLI as from the modules.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
let problems;
try {
  const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  problems = db.pragma('quick_check(5)').map((row) => row.quick_check).filter((text) => text !== 'ok');
  db.close();
} catch (error) {
  problems = [String(error && error.message)];
}
parentPort.postMessage(problems);
`;

/** The problems quick_check reports (empty: the file is sound); never rejects. */
export function verifyInBackground(file: string): Promise<string[]> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      const module = createRequire(import.meta.url).resolve('better-sqlite3');
      worker = new Worker(WORKER, { eval: true, workerData: { file, module } });
    } catch {
      return resolve([]);
    }
    worker.unref();
    worker.once('message', (problems: string[]) => resolve(problems));
    // A worker that cannot run the check says nothing about the file.
    worker.once('error', () => resolve([]));
    worker.once('exit', () => resolve([]));
  });
}
