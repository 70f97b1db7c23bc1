// Where in a long section the question is answered: an option list or a reference section is long,
// so BM25's length normalisation ranks it below short sections that share a word or two with the
// question, though one short passage of it holds most of the question. This measures that passage.

import { matchStem, wordStart } from './excerpt.js';

/** Lines a passage spans. */
const WINDOW = 4;

/**
 * For each text, the largest weighted share of the question's words found within WINDOW
 * consecutive lines. A word weighs by its rarity among the texts (a word every candidate has tells
 * nothing); long words match by prefix at a word start, as the excerpt does.
 */
export function passageShares(texts: string[], words: string[]): number[] {
  if (words.length === 0 || texts.length === 0) return texts.map(() => 0);
  const stems = [...new Set(words.map(matchStem))];
  const found = texts.map((text) => wordLines(text.toLowerCase(), stems));
  const weight = stems.map((_, i) => {
    const n = found.filter((lines) => lines[i].length > 0).length;
    return n === 0 ? 0 : Math.log(1 + texts.length / n);
  });
  const total = weight.reduce((a, b) => a + b, 0);
  if (total === 0) return texts.map(() => 0);
  return found.map((lines) => bestWindow(lines, weight) / total);
}

/** For each stem, the lines (0-based, ascending) where a word starts with it. */
function wordLines(text: string, stems: string[]): number[][] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return stems.map((stem) => {
    const lines: number[] = [];
    let line = 0;
    for (let at = wordStart(text, stem); at >= 0; at = wordStart(text, stem, at + 1)) {
      // Occurrences come in order: the line only moves forward.
      while (line + 1 < starts.length && starts[line + 1] <= at) line++;
      if (lines[lines.length - 1] !== line) lines.push(line);
    }
    return lines;
  });
}

/** The most weight of distinct stems any WINDOW consecutive lines hold. */
function bestWindow(lines: number[][], weight: number[]): number {
  const events: Array<[number, number]> = [];
  lines.forEach((ls, i) => {
    for (const line of ls) events.push([line, i]);
  });
  if (events.length === 0) return 0;
  events.sort((a, b) => a[0] - b[0]);
  const inWindow = new Array<number>(weight.length).fill(0);
  let sum = 0;
  let best = 0;
  let tail = 0;
  for (const [line, i] of events) {
    if (inWindow[i]++ === 0) sum += weight[i];
    while (events[tail][0] <= line - WINDOW) {
      const j = events[tail][1];
      if (--inWindow[j] === 0) sum -= weight[j];
      tail++;
    }
    if (sum > best) best = sum;
  }
  return best;
}
