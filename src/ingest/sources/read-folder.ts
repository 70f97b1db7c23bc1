// Reads the Markdown pages of a folder. Anything that is not a readable UTF-8 page inside the
// folder (symlinks pointing out, binary or non-UTF-8 files, oversized files) is skipped with a warning.
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { DocsError } from '../../errors.js';
import type { SourceFile, SourceFiles } from '../../model.js';

export const PAGE_EXTENSIONS = /\.(md|mdx|markdown)$/i;
const MAX_PAGE_BYTES = 8 * 1024 * 1024;
const MAX_PAGES = 50_000;
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

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
  return { files, warnings };
}

async function walk(root: string, dir: string, files: SourceFile[], warnings: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
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
    if (files.length >= MAX_PAGES) {
      warnings.push(`${rel}: skipped (more than ${MAX_PAGES} pages)`);
      continue;
    }
    const page = await readPage(target, rel, warnings);
    if (page) files.push(page);
  }
}

export async function readPage(file: string, rel: string, warnings: string[]): Promise<SourceFile | undefined> {
  const info = await stat(file);
  if (info.size > MAX_PAGE_BYTES) {
    warnings.push(`${rel}: skipped (${info.size} bytes is over the ${MAX_PAGE_BYTES}-byte page limit)`);
    return undefined;
  }
  const content = decodePage(await readFile(file));
  if (content === undefined) {
    warnings.push(`${rel}: skipped (binary or not UTF-8)`);
    return undefined;
  }
  return { path: rel, content };
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
