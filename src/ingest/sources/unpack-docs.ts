// Unpacks only the documentation of a repository archive (a gzipped tarball with one top folder,
// as forges serve them): Markdown and MDX files, their paths stripped of the top folder and
// confined, everything bounded (inflated bytes, entries, bytes per page and in all). Code, images
// and links are never written. Atomic: a temporary folder renamed into place, removed on failure.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { safeRelativePath } from '../../confine-path.js';
import { DocsError } from '../../errors.js';
import { PAGE_EXTENSIONS, MAX_PAGE_BYTES } from './read-folder.js';
import { readTarEntries } from '../../npm/tar-entries.js';

export const ARCHIVE_LIMITS = {
  /** Decompressed bytes read before giving up: a repository's code passes through too. */
  inflatedBytes: 2 * 1024 * 1024 * 1024,
  entries: 500_000,
  pageBytes: MAX_PAGE_BYTES,
  /** Documentation kept in all. */
  keptBytes: 256 * 1024 * 1024,
};

const TREE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory', 'SymbolicLink', 'Link']);

export interface UnpackedDocs {
  pages: number;
  /** Pages left out, and why (too large, not a plain path). */
  skipped: string[];
}

export async function unpackDocs(data: Buffer, dest: string, label: string, limits = ARCHIVE_LIMITS): Promise<UnpackedDocs> {
  const pages = new Map<string, Buffer>();
  const skipped: string[] = [];
  let entries = 0;
  let kept = 0;
  let top: string | undefined;
  // A bound hit while reading ends it, and is reported below.
  let refusal: string | undefined;
  const failure = await readTarEntries(data, limits.inflatedBytes, (entry, stop) => {
    const refuse = (why: string) => {
      refusal ??= why;
      stop();
      entry.resume();
    };
    if (refusal) return entry.resume();
    if (++entries > limits.entries) return refuse(`it has more than ${limits.entries} entries`);
    // Headers that are not files of the tree (pax_global_header) name no folder.
    if (!TREE_TYPES.has(entry.type)) return entry.resume();
    const path = entry.path.replace(/\\/g, '/');
    const first = path.split('/')[0];
    top ??= first;
    if (first !== top) return refuse('it has more than one top folder');
    const rel = path.slice(first.length + 1);
    if (entry.type !== 'File' && entry.type !== 'OldFile' && entry.type !== 'ContiguousFile') return entry.resume();
    if (!PAGE_EXTENSIONS.test(rel)) return entry.resume();
    const safe = safeRelativePath(rel);
    if (!safe) {
      skipped.push(`${JSON.stringify(rel.slice(0, 200))}: not a plain relative path`);
      return entry.resume();
    }
    if ((entry.size ?? 0) > limits.pageBytes) {
      skipped.push(`${safe}: ${entry.size} bytes, over the ${limits.pageBytes}-byte page limit`);
      return entry.resume();
    }
    kept += entry.size ?? 0;
    if (kept > limits.keptBytes) return refuse(`its documentation is over ${limits.keptBytes} bytes`);
    const chunks: Buffer[] = [];
    entry.on('data', (chunk: Buffer) => chunks.push(chunk));
    entry.on('end', () => pages.set(safe, Buffer.concat(chunks)));
  });
  refusal ??= failure;
  if (refusal) throw new DocsError('TARBALL_REJECTED', `Refused the archive of ${label}: ${refusal}.`);
  if (entries === 0) throw new DocsError('TARBALL_REJECTED', `Refused the archive of ${label}: it has no entries.`);
  const temp = `${dest}.partial-${process.pid}-${Date.now()}`;
  try {
    await rm(temp, { recursive: true, force: true });
    await mkdir(temp, { recursive: true });
    for (const [path, content] of pages) {
      const file = join(temp, path);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, content);
    }
    await writeFile(join(temp, '.vdocs-complete'), '');
    await rm(dest, { recursive: true, force: true });
    await rename(temp, dest);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw new DocsError('SOURCE_UNREADABLE', `Writing the docs of ${label} failed: ${(error as Error).message}`, { cause: error });
  }
  return { pages: pages.size, skipped };
}
