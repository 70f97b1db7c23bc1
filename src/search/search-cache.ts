// A small LRU of search answers for servers that many agents share. Keys include the ids of the
// indexed doc sets, and re-indexing gives a doc set a new id, so no answer outlives its index.
import { LRUCache } from 'lru-cache';

export interface SearchCache<T extends {}> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
}

export function createSearchCache<T extends {}>(size = 500): SearchCache<T> {
  const entries = new LRUCache<string, T>({ max: size });
  return {
    get: (key) => entries.get(key),
    set: (key, value) => void entries.set(key, value),
  };
}
