// Opens the index named by the configuration, for commands that read or write it.
import { loadConfig, type Config } from '../config.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import type { Store } from '../store/store.js';

export interface CommonOptions {
  config?: string;
  json?: boolean;
}

export async function withStore<T>(options: CommonOptions, run: (store: Store, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig({ configFile: options.config });
  const store = openSqliteStore(config.indexFile);
  try {
    return await run(store, config);
  } finally {
    await store.close();
  }
}
