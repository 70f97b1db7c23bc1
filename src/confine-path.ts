// The one way to build a path from outside data (package names, versions, doc set names, page
// paths): the result must stay inside its root, or the call fails before anything is read or written.
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { DocsError } from './errors.js';

/** `root` joined with `parts`, resolved; throws PATH_OUTSIDE_ROOT when the result leaves `root`. */
export function confinePath(root: string, ...parts: string[]): string {
  const base = resolve(root);
  for (const part of parts) {
    if (part.includes('\0')) throw outside(base, parts);
  }
  const full = resolve(base, ...parts);
  if (!isInside(base, full)) throw outside(base, parts);
  return full;
}

/** True when `path` is `root` itself or below it (both absolute, already resolved). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * The real path of `path` when it exists and lies inside the real path of `root` (symlinks followed
 * on both sides), else undefined: a lexical check lets a symlink inside the root lead anywhere.
 */
export function realPathInside(root: string, path: string): string | undefined {
  try {
    const real = realpathSync(path);
    return isInside(realpathSync(root), real) ? real : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A relative page path as stored in a doc set: forward slashes, no `.`/`..` segments, no empty
 * segments, no control characters. Returns undefined for anything else.
 */
export function safeRelativePath(path: string): string | undefined {
  if (!path || path.length > 1024 || /[\u0000-\u001f\\]/.test(path) || path.startsWith('/') || /^[A-Za-z]:/.test(path)) return undefined;
  const segments = path.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return undefined;
  return path;
}

function outside(root: string, parts: string[]): DocsError {
  return new DocsError('PATH_OUTSIDE_ROOT', `Refused the path ${JSON.stringify(parts.join('/'))}: it would leave ${root}.`);
}
