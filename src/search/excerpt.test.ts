import { describe, expect, it } from 'vitest';
import { makeExcerpt, wordMatchers } from './excerpt.js';

describe('wordMatchers', () => {
  it('finds a word at a word start, in any case, and a long word by its stem', () => {
    const [recall, configure] = wordMatchers(['recall', 'configured']);
    expect(recall.test('Semantic Recall keeps context')).toBe(true);
    expect(recall.test('(recall)')).toBe(true);
    expect(recall.test('_recall is private')).toBe(true);
    expect(recall.test('autorecall')).toBe(false);
    expect(recall.test('érecall')).toBe(false);
    expect(configure.test('Configure the store')).toBe(true);
  });
});

describe('makeExcerpt', () => {
  it('cuts a long text to the lines that hold the question words', () => {
    const text = ['# Options', ...Array.from({ length: 80 }, (_, i) => `Filler line ${i} about nothing in particular.`), '`maxRetries`: how many times a request is retried.', 'More filler.'].join('\n');
    const excerpt = makeExcerpt(text, wordMatchers(['maxretries', 'retried']), 300);
    expect(excerpt.truncated).toBe(true);
    expect(excerpt.text.length).toBeLessThanOrEqual(300);
    expect(excerpt.text).toContain('`maxRetries`: how many times a request is retried.');
  });
});
