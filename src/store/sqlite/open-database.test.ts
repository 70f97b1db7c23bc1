import { describe, expect, it } from 'vitest';
import { addonMismatch } from './open-database.js';

describe('addonMismatch', () => {
  it('says which Node the SQLite addon was built for, which runs, and how to rebuild it for this one', () => {
    const error = new Error(
      "The module '/x/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\nNODE_MODULE_VERSION 127. Please try re-compiling or re-installing\nthe module (for instance, using `npm rebuild` or `npm install`).",
    );
    const said = addonMismatch(error);
    expect(said?.code).toBe('STORE_FAILED');
    expect(said?.message).toMatch(/built for Node 20 \(NODE_MODULE_VERSION 115\), but Node v\d+\.\d+\.\d+ \(NODE_MODULE_VERSION 127\) is running; the index itself is fine/);
    expect(said?.message).toMatch(/npm rebuild better-sqlite3 --nodedir=\//);
    expect(addonMismatch(new Error('SQLITE_BUSY: database is locked'))).toBeUndefined();
  });
});
