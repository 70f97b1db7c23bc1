// How the CLI writes for a person at a terminal: colour only there (NO_COLOR and FORCE_COLOR
// respected, https://no-color.org), prose wrapped to its width. Code blocks, tables and diff lines
// are never wrapped: they must stay as they are to be copied. Piped output is left as it is.
import { fencedLines } from '../markdown/fences.js';

export interface Terminal {
  color: boolean;
  /** Columns to wrap prose at; none: do not wrap. */
  width?: number;
}

/** What `stream` is: colour and width on a terminal, neither when piped (unless FORCE_COLOR). */
export function terminalOf(stream: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv = process.env): Terminal {
  const tty = stream.isTTY === true;
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  const color = env.NO_COLOR !== undefined && env.NO_COLOR !== '' ? false : forced || (tty && env.TERM !== 'dumb');
  return { color, width: tty ? Math.max(40, Math.min(stream.columns ?? 80, 160)) : undefined };
}

const paint = (code: string, close: string) => (text: string) => `\u001b[${code}m${text}\u001b[${close}m`;
const bold = paint('1', '22');
const dim = paint('2', '22');
const cyan = paint('36', '39');
const green = paint('32', '39');
export const red = paint('31', '39');

/** A search, read or list answer (Markdown) for the terminal: wrapped, then coloured. */
export function forTerminal(text: string, terminal: Terminal): string {
  const lines = text.split('\n');
  const { inside } = fencedLines(lines);
  const out: string[] = [];
  lines.forEach((line, i) => {
    const code = inside[i] === 1 || (i > 0 && inside[i - 1] === 1);
    const wrapped = code || isTableRow(line) || terminal.width === undefined ? [line] : wrapLine(line, terminal.width);
    out.push(...(terminal.color ? wrapped.map((l) => colorLine(l, code)) : wrapped));
  });
  return out.join('\n');
}

/** A unified diff or a diff summary for the terminal: added lines green, removed red, hunks cyan. */
export function diffForTerminal(text: string, terminal: Terminal): string {
  if (!terminal.color) return text;
  return text
    .split('\n')
    .map((line) => {
      if (/^(\+\+\+ |--- |diff |index )/.test(line)) return bold(line);
      if (line.startsWith('@@')) return cyan(line);
      if (line.startsWith('+')) return green(line);
      if (line.startsWith('-')) return red(line);
      if (/^#{1,6} /.test(line)) return bold(line);
      return line;
    })
    .join('\n');
}

function colorLine(line: string, code: boolean): string {
  if (code) return /^\s*(`{3,}|~{3,})/.test(line) ? dim(line) : line;
  if (/^#{1,3} \d+\. /.test(line)) return bold(cyan(line));
  if (/^#{1,6} /.test(line)) return bold(line);
  if (/ · lines \d+-\d+/.test(line)) return dim(line);
  if (/^\(.*\)$|^\[.*\]$/.test(line.trim())) return dim(line);
  return line;
}

function isTableRow(line: string): boolean {
  return line.trimStart().startsWith('|');
}

/**
 * One line as several of at most `width` columns, broken at spaces; a continuation keeps the
 * line's indent, list marker width or quote marker. A word longer than the width (a URL) stays whole.
 */
export function wrapLine(line: string, width: number): string[] {
  if (line.length <= width || /^( {4}|\t)/.test(line)) return [line];
  const lead = /^(\s*)(> |[-*+] |\d+[.)] )?/.exec(line)![0];
  const hanging = lead.startsWith('>') || lead.trimStart().startsWith('>') ? lead : ' '.repeat(lead.length);
  const words = line.slice(lead.length).split(/ +/);
  const out: string[] = [];
  let current = lead;
  let empty = true;
  for (const word of words) {
    if (!empty && current.length + 1 + word.length > width) {
      out.push(current);
      current = hanging + word;
      continue;
    }
    current += empty ? word : ` ${word}`;
    empty = false;
  }
  out.push(current);
  return out;
}
