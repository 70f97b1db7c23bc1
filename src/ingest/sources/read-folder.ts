// Reads the Markdown pages of a folder. Anything that is not a readable UTF-8 page inside the
// folder (symlinks pointing out, binary or non-UTF-8 files, oversized files) is skipped with a warning.
import { closeSync, constants, fstatSync, openSync, readdirSync, readlinkSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { isInside } from '../../confine-path.js';
import { DocsError } from '../../errors.js';
import type { SourceFile, SourceFiles } from '../../model.js';

export const PAGE_EXTENSIONS = /\.(md|mdx|markdown)$/i;
export const MAX_PAGE_BYTES = 8 * 1024 * 1024;
const MAX_PAGES = 50_000;
const SKIPPED_DIRS = new Set(['node_modules', '.git']);
const READ_AT_ONCE = 64;

export async function readFolder(root: string): Promise<SourceFiles> {
  let realRoot: string;
  try {
    realRoot = await realpath(root);
    if (!(await stat(realRoot)).isDirectory()) throw new Error('not a directory');
  } catch (error) {
    throw new DocsError('SOURCE_UNREADABLE', `Cannot read the folder ${root}: ${(error as Error).message}. Give an existing folder of Markdown files.`, {
      cause: error,
    });
  }
  const files: SourceFile[] = [];
  const warnings: string[] = [];
  await walk(realRoot, realRoot, files, warnings);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  warnings.sort(); // in path order, as the pages are
  return { files, warnings };
}

async function walk(root: string, dir: string, files: SourceFile[], warnings: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  const pending: Array<{ target: string; rel: string }> = [];
  for (const entry of entries) {
    const full = join(dir, entry.name);
    const rel = relative(root, full).split(sep).join('/');
    let target = full;
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        target = await realpath(full);
      } catch {
        warnings.push(`${rel}: skipped (broken symlink)`);
        continue;
      }
      if (target !== root && !target.startsWith(root + sep)) {
        warnings.push(`${rel}: skipped (symlink points outside the doc set)`);
        continue;
      }
      const info = await lstat(target);
      isDir = info.isDirectory();
      isFile = info.isFile();
      // A link to a folder inside the root would be read twice (or loop); its target is read anyway.
      if (isDir) continue;
    }
    if (isDir) {
      if (SKIPPED_DIRS.has(entry.name)) continue;
      await walk(root, full, files, warnings);
      continue;
    }
    if (!isFile || !PAGE_EXTENSIONS.test(entry.name)) continue;
    if (files.length + pending.length >= MAX_PAGES) {
      warnings.push(`${rel}: skipped (more than ${MAX_PAGES} pages)`);
      continue;
    }
    pending.push({ target, rel });
  }
  // Pages are read without the thread pool, a batch at a time: the event loop gets a turn between
  // batches (a server answers while a large doc set is read).
  for (let i = 0; i < pending.length; i += READ_AT_ONCE) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    for (const p of pending.slice(i, i + READ_AT_ONCE)) {
      const page = readPageNow(root, p.target, p.rel, warnings);
      if (page) files.push(page);
    }
  }
}

/**
 * Reads one page that must lie inside `root` (a real path). The file is opened first and the
 * opened file checked (a regular file, inside the root, within the size limit), so a symlink
 * swapped in after the folder was listed, a FIFO or a device is never read.
 */
export async function readPage(root: string, file: string, rel: string, warnings: string[]): Promise<SourceFile | undefined> {
  return readPageNow(root, file, rel, warnings);
}

function readPageNow(root: string, file: string, rel: string, warnings: string[]): SourceFile | undefined {
  const read = readConfinedFileNow(root, file, MAX_PAGE_BYTES);
  if (typeof read === 'string') {
    warnings.push(`${rel}: skipped (${read})`);
    return undefined;
  }
  const content = decodePage(read);
  if (content === undefined) {
    warnings.push(`${rel}: skipped (binary or not UTF-8)`);
    return undefined;
  }
  return { path: rel, content };
}

/** The bytes of a regular file inside `root`, or why it was not read. */
export async function readConfinedFile(root: string, file: string, maxBytes: number): Promise<Buffer | string> {
  return readConfinedFileNow(root, file, maxBytes);
}

/**
 * readConfinedFile without the thread pool: six system calls of a few microseconds each, where six
 * round trips through libuv's pool cost a large doc set about 0.2 s on their own.
 */
function readConfinedFileNow(root: string, file: string, maxBytes: number): Buffer | string {
  let fd: number;
  try {
    // Non-blocking: opening a FIFO for reading would otherwise wait for a writer forever.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOCTTY ?? 0));
  } catch (error) {
    return `unreadable: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return 'not a regular file';
    const where = openedPath(fd, file, info);
    if (!where || !isInside(root, where)) return 'outside the doc set';
    if (info.size > maxBytes) return `${info.size} bytes is over the ${maxBytes}-byte page limit`;
    const buffer = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const bytesRead = readSync(fd, buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) return `over the ${maxBytes}-byte page limit`;
    return buffer.subarray(0, length);
  } catch (error) {
    return `unreadable: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
  } finally {
    closeSync(fd);
  }
}

/** Where the opened file really is: /proc's view of the descriptor, else its real path if it is the same file. */
function openedPath(fd: number, file: string, info: Stats): string | undefined {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    try {
      const real = realpathSync(file);
      const again = statSync(real);
      return again.ino === info.ino && again.dev === info.dev ? real : undefined;
    } catch {
      return undefined;
    }
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The page's text, or undefined when the bytes are binary or not UTF-8. */
export function decodePage(bytes: Uint8Array): string | undefined {
  if (bytes.subarray(0, 8192).includes(0)) return undefined;
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** A folder's entry names, or none when it cannot be read. */
export function listFolder(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Markdown and MDX pages in a folder and its subfolders (to `maxDepth`), counted up to `enough`. */
export function countPages(dir: string, maxDepth = 8, enough = Number.POSITIVE_INFINITY, depth = 0): number {
  if (depth > maxDepth) return 0;
  let n = 0;
  for (const entry of listFolder(dir)) {
    if (n >= enough) break;
    const full = join(dir, entry);
    const info = statSync(full, { throwIfNoEntry: false });
    if (info?.isDirectory()) n += countPages(full, maxDepth, enough - n, depth + 1);
    else if (PAGE_EXTENSIONS.test(entry)) n++;
  }
  return n;
}
