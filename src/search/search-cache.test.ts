import { describe, expect, it } from 'vitest';
import { createSearchCache } from './search-cache.js';

describe('createSearchCache', () => {
  it('keeps the most recently used answers and drops the oldest', () => {
    const cache = createSearchCache<string>(2);
    cache.set('a', '1');
    cache.set('b', '2');
    expect(cache.get('a')).toBe('1'); // a is now the most recent
    cache.set('c', '3');
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('1');
    expect(cache.get('c')).toBe('3');
  });
});
