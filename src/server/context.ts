// What every tool needs: the store, a way to wait for start-up indexing, and a stderr logger.
import type { Store } from '../store/store.js';

export interface ServerContext {
  store: Store;
  /** Resolves once doc sets configured for this server are indexed (at once when nothing is pending). */
  ready(): Promise<void>;
  log(message: string): void;
}
