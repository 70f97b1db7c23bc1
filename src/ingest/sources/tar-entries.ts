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
