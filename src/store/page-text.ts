// Page texts as both stores keep them: raw DEFLATE of the UTF-8 text. Markdown shrinks to about
// 30 %, and a page is always read whole (read_doc, excerpts reading on), so it is inflated whole.
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** Far above any page an add accepts; a damaged or forged index cannot make a read allocate more. */
const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;

/** As fast as level 1 and 5 % larger than the default 6, which takes 1.6x as long (corpus A's 7 MB of pages: 76 against 122 ms). */
const LEVEL = 3;

export function packPageText(text: string): Buffer {
  return deflateRawSync(Buffer.from(text, 'utf8'), { level: LEVEL });
}

export function unpackPageText(packed: Uint8Array): string {
  return inflateRawSync(packed, { maxOutputLength: MAX_UNPACKED_BYTES }).toString('utf8');
}
