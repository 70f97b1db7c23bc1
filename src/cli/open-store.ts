// Opens the index named by the configuration, for commands that read or write it.
import { loadConfig, type Config } from '../config.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';

export interface CommonOptions {
  config?: string;
  json?: boolean;
  store?: string;
}

export async function withStore<T>(options: CommonOptions, run: (store: Store, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig({ configFile: options.config, store: options.store });
  const store = await openStore(config, { onWait: () => process.stderr.write('vdocs: another vdocs process is writing the index; waiting for it to finish\n') });
  try {
    return await run(store, config);
  } finally {
    await store.close();
  }
}
