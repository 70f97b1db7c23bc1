// Cuts a section down to a character budget around the lines that match the query best,
// keeping code fences balanced so the excerpt still renders as the author wrote it.

export interface Excerpt {
  text: string;
  truncated: boolean;
}

export function wordMatchers(words: string[]): RegExp[] {
  return words.map((word) => {
    const stem = word.length > 5 ? word.slice(0, word.length - 2) : word;
    return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(stem)}`, 'iu');
  });
}

export function makeExcerpt(text: string, matchers: RegExp[], maxChars: number): Excerpt {
  if (text.length <= maxChars) return { text, truncated: false };
  if (maxChars <= 0) return { text: '', truncated: true };
  const lines = text.split('\n');
  const scores = lines.map((line) => lineScore(line, matchers));
  const [start, end] = bestWindow(lines, scores, maxChars);
  if (end <= start) return { text: cutLine(lines[start] ?? text, matchers, maxChars), truncated: true };

  let body = lines.slice(start, end);
  const fenceBefore = openFence(lines.slice(0, start));
  if (fenceBefore) body = [fenceBefore, ...body];
  const unclosed = openFence(body);
  if (unclosed) body.push(/^(`{3,}|~{3,})/.exec(unclosed)![1]);
  const prefix = start > 0 ? '…\n' : '';
  const suffix = end < lines.length ? '\n…' : '';
  let out = prefix + body.join('\n') + suffix;
  if (out.length > maxChars) out = out.slice(0, Math.max(0, maxChars - 1)) + '…';
  return { text: out, truncated: true };
}

function lineScore(line: string, matchers: RegExp[]): number {
  let score = 0;
  for (const m of matchers) if (m.test(line)) score++;
  return score;
}

/** Line window within the budget with the most matches; earliest wins ties, and it grows to fill the budget. */
function bestWindow(lines: string[], scores: number[], maxChars: number): [number, number] {
  const budget = maxChars - 4; // room for the ellipsis lines
  let bestStart = 0;
  let bestEnd = 0;
  let bestScore = -1;
  let start = 0;
  let chars = 0;
  let score = 0;
  for (let end = 0; end < lines.length; end++) {
    chars += lines[end].length + 1;
    score += scores[end];
    while (chars > budget && start <= end) {
      chars -= lines[start].length + 1;
      score -= scores[start];
      start++;
    }
    if (start <= end && score > bestScore) {
      bestScore = score;
      bestStart = start;
      bestEnd = end + 1;
    }
  }
  if (bestEnd === 0) {
    const first = scores.findIndex((s) => s > 0);
    return [Math.max(0, first), Math.max(0, first)];
  }
  // Grow the window backwards, then forwards, while it fits: context around the match is worth having.
  let used = lines.slice(bestStart, bestEnd).reduce((n, l) => n + l.length + 1, 0);
  for (let back = 0; back < 2 && bestStart > 0 && used + lines[bestStart - 1].length + 1 <= budget; back++) {
    bestStart--;
    used += lines[bestStart].length + 1;
  }
  while (bestEnd < lines.length && used + lines[bestEnd].length + 1 <= budget) {
    used += lines[bestEnd].length + 1;
    bestEnd++;
  }
  return [bestStart, bestEnd];
}

function cutLine(line: string, matchers: RegExp[], maxChars: number): string {
  let at = 0;
  for (const m of matchers) {
    const found = m.exec(line);
    if (found) {
      at = found.index;
      break;
    }
  }
  const start = Math.max(0, Math.min(at - Math.floor(maxChars / 3), line.length - maxChars + 2));
  const piece = line.slice(start, start + maxChars - 2);
  return (start > 0 ? '…' : '') + piece + (start + piece.length < line.length ? '…' : '');
}

/** The opening line of a fence left open at the end of `lines`, if any. */
function openFence(lines: string[]): string | undefined {
  let open: string | undefined;
  for (const line of lines) {
    const m = /^\s*(`{3,}|~{3,})/.exec(line);
    if (!m) continue;
    if (!open) open = line.trim();
    else if (line.trim().startsWith(open.match(/^(`{3,}|~{3,})/)![1])) open = undefined;
  }
  return open;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
