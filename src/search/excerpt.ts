// Cuts a section down to a character budget around the lines that match the query best,
// keeping code fences balanced so the excerpt still renders as the author wrote it.
import { fencedLines, fenceOf } from '../markdown/fences.js';

export interface Excerpt {
  text: string;
  truncated: boolean;
}

/** What a query word matches at a word start: a long word without its last two letters (an ending). */
export function matchStem(word: string): string {
  return word.length > 5 ? word.slice(0, word.length - 2) : word;
}

/**
 * Finds a query word at a word start, ignoring case. Plain string search, not a RegExp per word:
 * a Unicode-aware pattern costs a third of a millisecond to compile, and every question brings
 * new words.
 */
export interface WordMatcher {
  /** Whether `text` holds the word. */
  test(text: string): boolean;
  /** Where the word starts in `lower` (a text already lowercased), or -1. */
  indexIn(lower: string): number;
}

export function wordMatchers(words: string[]): WordMatcher[] {
  return words.map((word) => {
    const stem = matchStem(word).toLowerCase();
    const indexIn = (lower: string) => wordStart(lower, stem);
    return { indexIn, test: (text: string) => indexIn(text.toLowerCase()) >= 0 };
  });
}

/** Index of the first occurrence of `stem` in `text` that starts a word, or -1. */
export function wordStart(text: string, stem: string, from = 0): number {
  if (stem.length === 0) return -1;
  for (let at = text.indexOf(stem, from); at >= 0; at = text.indexOf(stem, at + 1)) {
    if (at === 0 || !isWordChar(text.charCodeAt(at - 1))) return at;
  }
  return -1;
}

function isWordChar(code: number): boolean {
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
  return WORD_CHAR.test(String.fromCharCode(code));
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

export function makeExcerpt(text: string, matchers: WordMatcher[], maxChars: number): Excerpt {
  if (text.length <= maxChars) return { text, truncated: false };
  if (maxChars <= 0) return { text: '', truncated: true };
  const lines = text.split('\n');
  const matches = lines.map((line) => {
    const lower = line.toLowerCase();
    return matchers.flatMap((m, i) => (m.indexIn(lower) >= 0 ? [i] : []));
  });
  const [start, end] = bestWindow(lines, matches, termWeights(matches, matchers.length), maxChars);
  if (end <= start) return { text: cutLine(lines[start] ?? text, matchers, maxChars), truncated: true };

  let body = lines.slice(start, end);
  const fenceBefore = fencedLines(lines.slice(0, start)).openAtEnd;
  if (fenceBefore) body = [fenceBefore, ...body];
  const unclosed = fencedLines(body).openAtEnd;
  if (unclosed) body.push(fenceOf(unclosed)!);
  const prefix = start > 0 ? '…\n' : '';
  const suffix = end < lines.length ? '\n…' : '';
  let out = prefix + body.join('\n') + suffix;
  if (out.length > maxChars) out = out.slice(0, Math.max(0, maxChars - 1)) + '…';
  return { text: out, truncated: true };
}

/**
 * A query word on few lines of this text tells more about where the answer is than one on every
 * line (the page's subject): weight each word by its rarity among the text's lines.
 */
function termWeights(matches: number[][], count: number): number[] {
  const lines = new Array<number>(count).fill(0);
  for (const line of matches) for (const m of line) lines[m]++;
  return lines.map((n) => (n === 0 ? 0 : 1 + Math.log(matches.length / n)));
}

/**
 * Repeats of a word add at most this share of its weight again (saturating): the breadth of the
 * question a window covers counts first, so ten lines on the page's subject do not outweigh the
 * one line with the words that answer.
 */
const REPEAT = 0.3;
const worth = (count: number) => (count === 0 ? 0 : 1 + REPEAT * (1 - 1 / count));

/**
 * Line window within the budget that covers the most of the question (distinct words, weighted by
 * rarity, repeats counting a little); earliest wins ties, and it grows to fill the budget.
 */
function bestWindow(lines: string[], matches: number[][], weights: number[], maxChars: number): [number, number] {
  const budget = maxChars - 4; // room for the ellipsis lines
  const inWindow = new Array<number>(weights.length).fill(0);
  let bestStart = 0;
  let bestEnd = 0;
  let bestScore = 0;
  let start = 0;
  let chars = 0;
  let score = 0;
  const add = (line: number, sign: 1 | -1) => {
    for (const m of matches[line]) {
      const before = inWindow[m];
      inWindow[m] += sign;
      score += weights[m] * (worth(inWindow[m]) - worth(before));
    }
  };
  for (let end = 0; end < lines.length; end++) {
    chars += lines[end].length + 1;
    add(end, 1);
    while (chars > budget && start <= end) {
      chars -= lines[start].length + 1;
      add(start, -1);
      start++;
    }
    if (start <= end && score > bestScore + 1e-9) {
      bestScore = score;
      bestStart = start;
      bestEnd = end + 1;
    }
  }
  if (bestEnd === 0) {
    const first = matches.findIndex((m) => m.length > 0);
    if (first < 0) return growWindow(lines, 0, 0, budget);
    return [first, first];
  }
  return growWindow(lines, bestStart, bestEnd, budget);
}

/** Grow a window backwards, then forwards, while it fits: context around the match is worth having. */
function growWindow(lines: string[], start: number, end: number, budget: number): [number, number] {
  let used = lines.slice(start, end).reduce((n, l) => n + l.length + 1, 0);
  for (let back = 0; back < 2 && start > 0 && used + lines[start - 1].length + 1 <= budget; back++) {
    start--;
    used += lines[start].length + 1;
  }
  while (end < lines.length && used + lines[end].length + 1 <= budget) {
    used += lines[end].length + 1;
    end++;
  }
  return [start, end];
}

function cutLine(line: string, matchers: WordMatcher[], maxChars: number): string {
  const lower = line.toLowerCase();
  const at = Math.max(0, matchers.map((m) => m.indexIn(lower)).find((i) => i >= 0) ?? 0);
  const start = Math.max(0, Math.min(at - Math.floor(maxChars / 3), line.length - maxChars + 2));
  const piece = line.slice(start, start + maxChars - 2);
  return (start > 0 ? '…' : '') + piece + (start + piece.length < line.length ? '…' : '');
}
