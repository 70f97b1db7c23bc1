// Opens the index a configuration names: PostgreSQL for a shared index, else the SQLite file.
import type { Config } from '../config.js';
import { openSqliteStore, type SqliteStoreOptions } from './sqlite/open-sqlite-store.js';
import type { Store } from './store.js';

export async function openStore(config: Pick<Config, 'storeUrl' | 'indexFile'>, options: SqliteStoreOptions = {}): Promise<Store> {
  if (config.storeUrl) {
    // Loaded only when asked for: single-user installs never pay for the client.
    const { openPostgresStore } = await import('./postgres/open-postgres-store.js');
    return openPostgresStore(config.storeUrl);
  }
  return openSqliteStore(config.indexFile, options);
}
