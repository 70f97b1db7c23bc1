// Unpacks a package tarball after checking every entry: nothing may escape the package root,
// links are dropped, and sizes are bounded, so a hostile tarball is refused before a byte is written.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar';
import { DocsError } from '../errors.js';
import { readTarEntries, slices } from './tar-entries.js';

export const TARBALL_LIMITS = {
  tarballBytes: 256 * 1024 * 1024,
  unpackedBytes: 1024 * 1024 * 1024,
  entryBytes: 128 * 1024 * 1024,
  entries: 100_000,
  /** Decompressed bytes read before giving up (file data plus tar headers and padding). */
  inflatedBytes: 1024 * 1024 * 1024 + 128 * 1024 * 1024,
};

export async function checkTarball(data: Buffer, label: string, limits = TARBALL_LIMITS): Promise<void> {
  if (data.length > limits.tarballBytes) reject(label, `the tarball is ${data.length} bytes, over the ${limits.tarballBytes}-byte limit`);
  let entries = 0;
  let total = 0;
  const problems: string[] = [];
  // A header that declares too much ends the check at once: no need to inflate what follows.
  const failure = await readTarEntries(data, limits.inflatedBytes, (entry, stop) => {
    entries++;
    total += entry.size ?? 0;
    const path = entry.path.replace(/\\/g, '/');
    if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.split('/').includes('..')) problems.push(`entry "${path}" escapes the package root`);
    if ((entry.size ?? 0) > limits.entryBytes) problems.push(`entry "${path}" is ${entry.size} bytes`);
    if (total > limits.unpackedBytes || entries > limits.entries || (entry.size ?? 0) > limits.entryBytes) stop();
    entry.resume();
  });
  if (failure) reject(label, failure);
  if (entries === 0) reject(label, 'it has no entries');
  if (entries > limits.entries) problems.push(`it has ${entries} entries, over the ${limits.entries} limit`);
  if (total > limits.unpackedBytes) problems.push(`it unpacks to ${total} bytes, over the ${limits.unpackedBytes}-byte limit`);
  if (problems.length > 0) reject(label, problems.slice(0, 3).join('; '));
}

/** Unpacks into `dest` (atomically: a temporary folder renamed into place), stripping the top folder. */
export async function unpackTarball(data: Buffer, dest: string, label: string): Promise<void> {
  await checkTarball(data, label);
  const temp = `${dest}.partial-${process.pid}-${Date.now()}`;
  await rm(temp, { recursive: true, force: true });
  await mkdir(temp, { recursive: true });
  try {
    // Inflated here, not by tar: its own ratio guard (1000:1) refused packages within the bounds
    // checkTarball has just enforced on what they inflate to.
    await pipeline(
      Readable.from(slices(data, 64 * 1024)),
      createGunzip(),
      tar.x({
        cwd: temp,
        strip: 1,
        strict: true,
        preservePaths: false,
        filter: (_path, entry) => {
          const type = 'type' in entry ? entry.type : undefined;
          return type === 'File' || type === 'Directory' || type === 'OldFile' || type === 'ContiguousFile';
        },
      }),
    );
    await writeFile(`${temp}/.vdocs-complete`, '');
    await rm(dest, { recursive: true, force: true });
    await rename(temp, dest);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    if (error instanceof DocsError) throw error;
    reject(label, `unpacking failed (${(error as Error).message})`, error);
  }
}

function reject(label: string, why: string, cause?: unknown): never {
  throw new DocsError('TARBALL_REJECTED', `Refused the tarball of ${label}: ${why}.`, { cause });
}
