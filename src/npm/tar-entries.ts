// Reads the entries of a gzipped tarball held in memory without unpacking it: decompressed by
// vdocs in small slices with a running count, so a gzip bomb stops at the bound instead of being
// inflated whole. Shared by the npm tarball check and the repository archive reader.
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar';

export type TarEntry = tar.ReadEntry;

/**
 * Calls `onEntry` for each entry (which must consume or resume it); `stop()` ends the reading early.
 * Resolves with why reading failed (`it inflates past N bytes`, `it is not a readable gzip
 * tarball (…)`), or undefined when it ended or was stopped.
 */
export async function readTarEntries(data: Buffer, inflatedBytes: number, onEntry: (entry: TarEntry, stop: () => void) => void): Promise<string | undefined> {
  let inflated = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      inflated += chunk.length;
      if (inflated > inflatedBytes) done(new Error(`it inflates past ${inflatedBytes} bytes`));
      else done(null, chunk);
    },
  });
  const stopper = new AbortController();
  const stop = () => stopper.abort();
  try {
    await pipeline(Readable.from(slices(data, 64 * 1024)), createGunzip(), counter, tar.t({ strict: true, onReadEntry: (entry) => onEntry(entry, stop) }), { signal: stopper.signal });
  } catch (error) {
    if (stopper.signal.aborted) return undefined;
    const message = (error as Error).message;
    return message.startsWith('it inflates') ? message : `it is not a readable gzip tarball (${message})`;
  }
  return undefined;
}

export function* slices(data: Buffer, size: number): Generator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

/**
 * The files of a package tarball that `wanted` picks by their path below its top folder
 * (`CHANGELOG.md`, `package.json`), read from the stream without unpacking anything; each at most
 * `maxBytes`. Undefined when the tarball cannot be read within `inflatedBytes`.
 */
export async function readTarFiles(data: Buffer, wanted: (path: string) => boolean, maxBytes: number, inflatedBytes: number): Promise<Map<string, Buffer> | undefined> {
  const files = new Map<string, Buffer>();
  const failure = await readTarEntries(data, inflatedBytes, (entry) => {
    const path = entry.path.replace(/\\/g, '/').replace(/^[^/]+\//, '');
    if (entry.type !== 'File' || !wanted(path) || (entry.size ?? 0) > maxBytes) return entry.resume();
    const chunks: Buffer[] = [];
    entry.on('data', (chunk: Buffer) => chunks.push(chunk));
    entry.on('end', () => files.set(path, Buffer.concat(chunks)));
  });
  return failure ? undefined : files;
}
