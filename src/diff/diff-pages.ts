// Pure version diff of two sets of pages: which files were added, removed or modified, with
// line counts like `diff -ruN`, and unified hunks (3 lines of context) that apply with `patch -p1`.
import { unifiedHunks, type Hunk } from './unified-hunks.js';

export type FileStatus = 'added' | 'removed' | 'modified';

export interface PageText {
  path: string;
  content: string;
  hash: string;
}

export interface FileChange {
  path: string;
  status: FileStatus;
  added: number;
  removed: number;
}

export interface FolderChange {
  folder: string;
  files: number;
  added: number;
  removed: number;
}

const DIFF_TIMEOUT_MS = 500;

/** Paths whose bytes differ (by hash) between two page lists, in byte order. */
export function changedPaths(from: Array<{ path: string; hash: string }>, to: Array<{ path: string; hash: string }>): string[] {
  const before = new Map(from.map((p) => [p.path, p.hash]));
  const after = new Map(to.map((p) => [p.path, p.hash]));
  return [...new Set([...before.keys(), ...after.keys()])].filter((path) => before.get(path) !== after.get(path)).sort(comparePaths);
}

/** Files whose bytes differ, in path order, with their line counts. */
export function diffPages(from: PageText[], to: PageText[]): FileChange[] {
  const before = new Map(from.map((p) => [p.path, p.content]));
  const after = new Map(to.map((p) => [p.path, p.content]));
  return changedPaths(from, to).map((path) => countChange(path, before.get(path), after.get(path)));
}

export function countChange(path: string, before: string | undefined, after: string | undefined): FileChange {
  if (before === undefined) return { path, status: 'added', added: lineCount(after ?? ''), removed: 0 };
  if (after === undefined) return { path, status: 'removed', added: 0, removed: lineCount(before) };
  const hunks = hunksOf(before, after);
  return { path, status: 'modified', added: hunks.reduce((n, h) => n + h.added, 0), removed: hunks.reduce((n, h) => n + h.removed, 0) };
}

/** Hunks as `diff -u` writes them; a diff too costly to align becomes one hunk replacing the file. */
function hunksOf(before: string, after: string): Hunk[] {
  return unifiedHunks(before, after, DIFF_TIMEOUT_MS);
}

/** A unified diff of one file with `--- a/path` / `+++ b/path` headers (`/dev/null` for added and removed files). */
export function unifiedDiff(path: string, before: string | undefined, after: string | undefined): string {
  const hunks = hunksOf(before ?? '', after ?? '');
  if (hunks.length === 0) return '';
  const head = `--- ${before === undefined ? '/dev/null' : `a/${path}`}\n+++ ${after === undefined ? '/dev/null' : `b/${path}`}\n`;
  return head + hunks.map((h) => `${h.header}\n${h.lines.join('\n')}\n`).join('');
}

export function groupByFolder(changes: FileChange[], depth = 2): FolderChange[] {
  const folders = new Map<string, FolderChange>();
  for (const change of changes) {
    const parts = change.path.split('/');
    const folder = parts.length > 1 ? `${parts.slice(0, Math.min(depth, parts.length - 1)).join('/')}/` : './';
    const entry = folders.get(folder) ?? { folder, files: 0, added: 0, removed: 0 };
    entry.files++;
    entry.added += change.added;
    entry.removed += change.removed;
    folders.set(folder, entry);
  }
  return [...folders.values()].sort((a, b) => comparePaths(a.folder, b.folder));
}

function lineCount(text: string): number {
  if (text.length === 0) return 0;
  const newlines = text.split('\n').length - 1;
  return text.endsWith('\n') ? newlines : newlines + 1;
}

/** Byte order, as `diff -r` and `sort` in the C locale list paths. */
function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
