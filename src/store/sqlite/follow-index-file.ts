// A store over the SQLite file at a path, whichever file that is now: when `vdocs doctor` moves the
// index aside and builds a new one, reads switch to the new file within `checkEveryMs`, and a
// write that finds the file replaced under its lock is done again on the new file.
import type { Store } from '../store.js';
import { fileIdentity, IndexReplacedError } from './index-file.js';

export function followIndexFile(file: string, open: () => Store, checkEveryMs = 500): Store {
  let current = open();
  let identity = fileIdentity(file);
  let checkedAt = Date.now();
  /** Stores of replaced files: closed with this one (a call may still be using one). */
  const retired: Store[] = [];

  function store(force = false): Store {
    if (!force && Date.now() - checkedAt < checkEveryMs) return current;
    checkedAt = Date.now();
    const now = fileIdentity(file);
    // No file at the path: it is being moved aside; keep serving the old one until the new one is there.
    if (now && now !== identity) {
      retired.push(current);
      current = open();
      identity = fileIdentity(file);
    }
    return current;
  }

  async function call<T>(run: (s: Store) => Promise<T>): Promise<T> {
    try {
      return await run(store());
    } catch (error) {
      if (!(error instanceof IndexReplacedError)) throw error;
      return run(store(true));
    }
  }

  return {
    takesCountedPostings: true,
    listDocSets: () => call((s) => s.listDocSets()),
    health: () => call((s) => s.health()),
    writeDocSet: (write) => call((s) => s.writeDocSet(write)),
    knownPages: (name, keys) => call((s) => s.knownPages(name, keys)),
    removeDocSet: (name, version) => call((s) => s.removeDocSet(name, version)),
    searchSections: (query) => call((s) => s.searchSections(query)),
    termShares: (ids, terms) => call((s) => s.termShares(ids, terms)),
    searchPages: (query) => call((s) => s.searchPages(query)),
    getPage: (id, path) => call((s) => s.getPage(id, path)),
    getPages: (refs) => call((s) => s.getPages(refs)),
    listPages: (id, prefix) => call((s) => s.listPages(id, prefix)),
    getSections: (id, path) => call((s) => s.getSections(id, path)),
    async close() {
      for (const s of [...retired.splice(0), current]) await s.close();
    },
  };
}
