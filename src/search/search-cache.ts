// A small LRU of search answers for servers that many agents share. Keys include the ids of the
// indexed doc sets, and re-indexing gives a doc set a new id, so no answer outlives its index.
export interface SearchCache<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
}

export function createSearchCache<T>(size = 500): SearchCache<T> {
  const entries = new Map<string, T>();
  return {
    get(key) {
      const value = entries.get(key);
      if (value !== undefined) {
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > size) entries.delete(entries.keys().next().value as string);
    },
  };
}
