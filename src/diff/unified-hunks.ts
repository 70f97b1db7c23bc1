// Unified hunks the way GNU `diff -u` writes them: jsdiff finds a longest common subsequence,
// then change runs are slid as GNU's shift_boundaries does (merged with neighbours, else as far
// down as they go, unless a matching change in the other file pins them), so ambiguous blank
// lines land where `diff` puts them and the hunks compare equal.
import { diffArrays } from 'diff';

interface Lines {
  keys: string[];
  texts: string[];
  /** The last line has no newline at its end. */
  noEol: boolean;
}

export interface Hunk {
  header: string;
  lines: string[];
  added: number;
  removed: number;
}

const CONTEXT = 3;

export function splitFileLines(content: string): Lines {
  if (content.length === 0) return { keys: [], texts: [], noEol: false };
  const texts = content.split('\n');
  const noEol = !content.endsWith('\n');
  if (!noEol) texts.pop();
  const keys = texts.map((t, i) => (noEol && i === texts.length - 1 ? `${t}\u0000` : t));
  return { keys, texts, noEol };
}

/** Hunks of a file change. A change too costly to align in `timeout` ms becomes one hunk replacing the file. */
export function unifiedHunks(before: string, after: string, timeout = 500): Hunk[] {
  const a = splitFileLines(before);
  const b = splitFileLines(after);
  const parts = diffArrays(a.keys, b.keys, { timeout });
  if (!parts) return buildHunks(a, b, a.keys.map(() => true), b.keys.map(() => true));
  const changedA = new Array<boolean>(a.keys.length).fill(false);
  const changedB = new Array<boolean>(b.keys.length).fill(false);
  let i = 0;
  let j = 0;
  for (const part of parts) {
    const n = part.count ?? part.value.length;
    if (part.added) for (let k = 0; k < n; k++) changedB[j++] = true;
    else if (part.removed) for (let k = 0; k < n; k++) changedA[i++] = true;
    else {
      i += n;
      j += n;
    }
  }
  shiftBoundaries(a.keys, changedA, changedB);
  shiftBoundaries(b.keys, changedB, changedA);
  return buildHunks(a, b, changedA, changedB);
}

/** GNU diff's shift_boundaries, on one file's change flags. */
function shiftBoundaries(keys: string[], changed: boolean[], otherChanged: boolean[]): void {
  const n = keys.length;
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < n && !changed[i]) {
      while (otherChanged[j++]);
      i++;
    }
    if (i === n) break;
    let start = i;
    while (changed[++i]);
    while (otherChanged[j]) j++;
    let runLength: number;
    let corresponding: number;
    do {
      runLength = i - start;
      while (start > 0 && keys[start - 1] === keys[i - 1]) {
        changed[--start] = true;
        changed[--i] = false;
        while (start > 0 && changed[start - 1]) start--;
        while (otherChanged[--j]);
      }
      corresponding = j > 0 && otherChanged[j - 1] ? i : n;
      while (i !== n && keys[start] === keys[i]) {
        changed[start++] = false;
        changed[i++] = true;
        while (changed[i]) i++;
        while (otherChanged[++j]) corresponding = i;
      }
    } while (runLength !== i - start);
    while (corresponding < i) {
      changed[--start] = true;
      changed[--i] = false;
      while (otherChanged[--j]);
    }
  }
}

interface Op {
  kind: ' ' | '-' | '+';
  a: number;
  b: number;
}

function buildHunks(a: Lines, b: Lines, changedA: boolean[], changedB: boolean[]): Hunk[] {
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.keys.length || j < b.keys.length) {
    if (i < a.keys.length && changedA[i]) ops.push({ kind: '-', a: i++, b: j });
    else if (j < b.keys.length && changedB[j]) ops.push({ kind: '+', a: i, b: j++ });
    else ops.push({ kind: ' ', a: i++, b: j++ });
  }
  const hunks: Hunk[] = [];
  let k = 0;
  while (k < ops.length) {
    while (k < ops.length && ops[k].kind === ' ') k++;
    if (k === ops.length) break;
    const first = Math.max(0, k - CONTEXT);
    let last = k;
    // Extend over changes separated by at most 2 × CONTEXT unchanged lines.
    for (let m = k; m < ops.length; m++) {
      if (ops[m].kind !== ' ') last = m;
      else if (m - last > 2 * CONTEXT) break;
    }
    const end = Math.min(ops.length, last + CONTEXT + 1);
    hunks.push(renderHunk(ops.slice(first, end), a, b));
    k = end;
  }
  return hunks;
}

function renderHunk(ops: Op[], a: Lines, b: Lines): Hunk {
  const lines: string[] = [];
  let oldCount = 0;
  let newCount = 0;
  let added = 0;
  let removed = 0;
  for (const op of ops) {
    if (op.kind === '+') {
      lines.push(`+${b.texts[op.b]}`);
      newCount++;
      added++;
      if (b.noEol && op.b === b.keys.length - 1) lines.push('\\ No newline at end of file');
    } else if (op.kind === '-') {
      lines.push(`-${a.texts[op.a]}`);
      oldCount++;
      removed++;
      if (a.noEol && op.a === a.keys.length - 1) lines.push('\\ No newline at end of file');
    } else {
      lines.push(` ${a.texts[op.a]}`);
      oldCount++;
      newCount++;
      if (a.noEol && op.a === a.keys.length - 1) lines.push('\\ No newline at end of file');
    }
  }
  const oldStart = ops.find((o) => o.kind !== '+')?.a ?? ops[0].a;
  const newStart = ops.find((o) => o.kind !== '-')?.b ?? ops[0].b;
  const header = `@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@`;
  return { header, lines, added, removed };
}

/** GNU's range notation: "5" for one line, "5,3" for three, "4,0" (the line before) for none. */
function range(start: number, count: number): string {
  if (count === 0) return `${start},0`;
  return count === 1 ? `${start + 1}` : `${start + 1},${count}`;
}
