import { describe, expect, it } from 'vitest';
import { diffForTerminal, forTerminal, terminalOf, wrapLine } from './terminal.js';

const ESC = '\u001b[';

describe('terminalOf', () => {
  it('colours and wraps on a terminal only', () => {
    expect(terminalOf({ isTTY: true, columns: 100 }, {})).toEqual({ color: true, width: 100 });
    expect(terminalOf({ isTTY: false }, {})).toEqual({ color: false, width: undefined });
  });

  it('respects NO_COLOR, FORCE_COLOR and a dumb terminal', () => {
    expect(terminalOf({ isTTY: true, columns: 80 }, { NO_COLOR: '1' }).color).toBe(false);
    expect(terminalOf({ isTTY: true, columns: 80 }, { NO_COLOR: '1', FORCE_COLOR: '1' }).color).toBe(false);
    expect(terminalOf({ isTTY: false }, { FORCE_COLOR: '1' }).color).toBe(true);
    expect(terminalOf({ isTTY: false }, { FORCE_COLOR: '0' }).color).toBe(false);
    expect(terminalOf({ isTTY: true, columns: 80 }, { TERM: 'dumb' }).color).toBe(false);
  });

  it('keeps the width within reason', () => {
    expect(terminalOf({ isTTY: true, columns: 20 }, {}).width).toBe(40);
    expect(terminalOf({ isTTY: true, columns: 400 }, {}).width).toBe(160);
  });
});

describe('wrapLine', () => {
  it('breaks prose at spaces within the width, list items with a hanging indent', () => {
    const lines = wrapLine('- one two three four five six seven eight nine ten eleven twelve', 20);
    expect(lines.every((l) => l.length <= 20)).toBe(true);
    expect(lines[0].startsWith('- one')).toBe(true);
    expect(lines.slice(1).every((l) => l.startsWith('  ') && !l.startsWith('   '))).toBe(true);
    expect(lines.join(' ').replace(/\s+/g, ' ')).toBe('- one two three four five six seven eight nine ten eleven twelve');
  });

  it('keeps a quote marker on every line and a long word whole', () => {
    expect(wrapLine('> aaa bbb ccc ddd', 9)).toEqual(['> aaa bbb', '> ccc ddd']);
    expect(wrapLine('see https://example.com/a/very/long/address/that/does/not/fit', 20)).toEqual(['see', 'https://example.com/a/very/long/address/that/does/not/fit']);
  });
});

describe('forTerminal', () => {
  const answer = ['2 sections for "x" from acme@2.0.0 (latest). Read one whole with vdocs read <path> --section <anchor>.', '', '### 1. guide.md#retries', 'Guide > Retries · lines 3-9', 'A paragraph that is long enough to be wrapped at a narrow width of forty columns.', '```js', 'const aVeryLongLineOfCodeThatMustNotBeWrappedAtAllBecauseItIsCode = 1;', '```', '| a | table row that is long and must stay on one line whatever the width |'].join('\n');

  it('wraps prose but never code or table rows', () => {
    const out = forTerminal(answer, { color: false, width: 40 }).split('\n');
    expect(out).toContain('const aVeryLongLineOfCodeThatMustNotBeWrappedAtAllBecauseItIsCode = 1;');
    expect(out).toContain('| a | table row that is long and must stay on one line whatever the width |');
    expect(out.filter((l) => !l.startsWith('const') && !l.startsWith('|')).every((l) => l.length <= 40)).toBe(true);
    expect(out.join('\n')).not.toContain(ESC);
  });

  it('colours hit headers and dims their line ranges, only when asked', () => {
    const out = forTerminal(answer, { color: true });
    expect(out).toContain(`${ESC}1m${ESC}36m### 1. guide.md#retries`);
    expect(out).toContain(`${ESC}2mGuide > Retries · lines 3-9${ESC}22m`);
    expect(forTerminal(answer, { color: false })).toBe(answer);
  });
});

describe('diffForTerminal', () => {
  const patch = ['--- a/guide.md', '+++ b/guide.md', '@@ -1,2 +1,2 @@', ' same', '-old line', '+new line'].join('\n');

  it('colours added, removed and hunk lines', () => {
    const out = diffForTerminal(patch, { color: true }).split('\n');
    expect(out[2]).toBe(`${ESC}36m@@ -1,2 +1,2 @@${ESC}39m`);
    expect(out[4]).toBe(`${ESC}31m-old line${ESC}39m`);
    expect(out[5]).toBe(`${ESC}32m+new line${ESC}39m`);
    expect(out[3]).toBe(' same');
  });

  it('leaves a diff as it is without colour', () => {
    expect(diffForTerminal(patch, { color: false })).toBe(patch);
  });
});
