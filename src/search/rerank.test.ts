import { describe, expect, it } from 'vitest';
import { RANKING } from './ranking.js';
import { topicalTerms, topicality } from './rerank.js';

describe('topicality', () => {
  it('leaves bare numbers out of what a question is about, unless it has nothing else', () => {
    expect(topicalTerms(['serve', 'v1', 'v', '1', 'routes', '10', 'mb'])).toEqual(['serve', 'v1', 'v', 'routes', 'mb']);
    expect(topicalTerms(['404', '2'])).toEqual(['404', '2']);
  });

  it('weighs each library by how likely it is to produce the words, relative to the likeliest', () => {
    // Rates per term indexed of "routes" and "1": the second library holds numbers, the first routes.
    const shares = new Map([
      [1, [0.002, 0.0001]],
      [2, [0.00002, 0.01]],
    ]);
    const withNumber = topicality(shares, RANKING);
    const withoutNumber = topicality(new Map([...shares].map(([id, rates]) => [id, rates.slice(0, 1)])), RANKING);
    expect(withNumber.get(2)).toBe(1);
    expect(withoutNumber.get(1)).toBe(1);
    expect(withoutNumber.get(2)).toBeLessThan(0.05);
  });
});
