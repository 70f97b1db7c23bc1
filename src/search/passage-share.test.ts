import { describe, expect, it } from 'vitest';
import { passageShares } from './passage-share.js';

describe('passageShares', () => {
  const options = [
    '## new Agent(options)',
    ...Array.from({ length: 20 }, (_, i) => `* **option${i}** - configures part ${i} of the model settings.`),
    '* **maxSteps** {number} - the run stops after this many tool steps.',
    ...Array.from({ length: 20 }, (_, i) => `* **flag${i}** - turns on behaviour ${i}.`),
  ].join('\n');
  const scattered = ['## Runs', 'A run can be streamed.', '', 'Tools are listed here.', '', 'More text.', '', 'Each step is logged.', '', 'Runs stop at the end.'].join('\n');

  it('scores the text whose few lines hold most of the question highest, however long the text', () => {
    const [long, spread] = passageShares([options, scattered], ['stop', 'run', 'tool', 'steps', 'number']);
    expect(long).toBe(1);
    // The same words spread over the whole text: no four lines hold more than two of them.
    expect(spread).toBeLessThan(0.5);
  });

  it('weighs a word by its rarity among the texts and matches long words by their start only', () => {
    const texts = ['the agent replies', 'the agent answers', 'the agent remembered it'];
    const [a, b, c] = passageShares(texts, ['agent', 'remembers']);
    expect(a).toBe(b);
    // "remembered" matches "remembers" by its start; the rarer word outweighs "agent", which all have.
    expect(c).toBe(1);
    expect(a).toBeLessThan(0.5);
    expect(passageShares(['unremembered'], ['remembers'])).toEqual([0]);
  });

  it('is zero for no words or no matches', () => {
    expect(passageShares(['some text'], [])).toEqual([0]);
    expect(passageShares(['some text'], ['absent'])).toEqual([0]);
  });
});
