// Code fences as CommonMark reads them, for code that works on lines rather than on a parse (the
// excerpt, read-around and paging): a fence opens on three or more backticks or tildes and closes
// on a line of only the same character, at least as many. Inside a fence nothing is a heading.

/** The fence a line opens or closes, if it is a fence line. */
export function fenceOf(line: string): string | undefined {
  return /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
}

/** Whether `line` closes the fence `open` (as fenceOf gave it). */
function closes(open: string, line: string): boolean {
  const fence = fenceOf(line);
  return fence !== undefined && fence[0] === open[0] && fence.length >= open.length && line.trim() === fence;
}

/**
 * Per line, 1 when it opens a fence or is inside one (its closing line is outside: a page may break
 * after it), and the opening line (trimmed) of a fence still open after the last line.
 */
export function fencedLines(lines: readonly string[]): { inside: Uint8Array; openAtEnd?: string } {
  const inside = new Uint8Array(lines.length);
  let open: string | undefined;
  let opening: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    if (open) {
      if (closes(open, lines[i])) open = opening = undefined;
      else inside[i] = 1;
      continue;
    }
    open = fenceOf(lines[i]);
    if (open) {
      opening = lines[i].trim();
      inside[i] = 1;
    }
  }
  return { inside, openAtEnd: opening };
}

/** Whether a text holds a fenced code block. */
export function hasFence(text: string): boolean {
  return /^\s*(```|~~~)/m.test(text);
}
