// Opens the index a configuration names: PostgreSQL for a shared index, else the SQLite file.
import type { Config } from '../config.js';
import { followIndexFile } from './sqlite/follow-index-file.js';
import { openSqliteStore, type SqliteStoreOptions } from './sqlite/open-sqlite-store.js';
import type { Store } from './store.js';

export async function openStore(config: Pick<Config, 'storeUrl' | 'indexFile'>, options: SqliteStoreOptions = {}): Promise<Store> {
  if (config.storeUrl) {
    // Loaded only when asked for: single-user installs never pay for the client.
    const { openPostgresStore } = await import('./postgres/open-postgres-store.js');
    return openPostgresStore(config.storeUrl);
  }
  if (config.indexFile === ':memory:') return openSqliteStore(config.indexFile, options);
  return followIndexFile(config.indexFile, () => openSqliteStore(config.indexFile, options));
}
