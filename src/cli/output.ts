// How the CLI prints: results on stdout (text or --json), errors and progress on stderr.
import { isDocsError } from '../errors.js';
import { diffForTerminal, forTerminal, red, terminalOf } from './terminal.js';

/** A terminal answer is longer than an agent's, but still paged: the rest follows with --cursor. */
export const CLI_MAX_TOKENS = 10_000;

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printText(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** An answer for a person: on a terminal wrapped to its width and coloured (diffs by line kind). */
export function printAnswer(text: string, kind: 'markdown' | 'diff' = 'markdown'): void {
  const terminal = terminalOf(process.stdout);
  printText(kind === 'diff' ? diffForTerminal(text, terminal) : forTerminal(text, terminal));
}

export function warn(message: string): void {
  process.stderr.write(`warning: ${message}\n`);
}

/** Prints an error to stderr and sets a failing exit code; the process ends when its work is done. */
export function reportError(error: unknown, json: boolean): void {
  const code = isDocsError(error) ? error.code : 'INTERNAL';
  const message = error instanceof Error ? error.message : String(error);
  if (json) process.stderr.write(`${JSON.stringify({ error: { code, message } })}\n`);
  else process.stderr.write(`${terminalOf(process.stderr).color ? red(`error ${code}`) : `error ${code}`}: ${message}\n`);
  if (!isDocsError(error) && process.env.VDOCS_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exitCode = isDocsError(error) ? 1 : 70;
}
