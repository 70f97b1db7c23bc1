// Splits long text into pages under a character budget, at blank lines or headings when possible
// and outside code fences, so each page reads on its own and nothing is silently cut.
import { fencedLines } from '../markdown/fences.js';

/** Returns the exclusive end line of the page starting at `start`. */
export function pageEnd(lines: string[], start: number, maxChars: number): number {
  let chars = 0;
  let end = start;
  while (end < lines.length && chars + lines[end].length + 1 <= maxChars) {
    chars += lines[end].length + 1;
    end++;
  }
  if (end >= lines.length) return lines.length;
  if (end === start) return start + 1; // one over-long line: it goes alone (the caller trims it)
  const floor = start + Math.floor((end - start) * 0.6);
  const { inside } = fencedLines(lines.slice(start, end));
  for (let i = end; i > floor; i--) {
    const outside = i - 1 - start < 0 || !inside[i - 1 - start];
    if (outside && (lines[i].trim() === '' || /^#{1,6}\s/.test(lines[i]))) return i;
  }
  return end;
}
