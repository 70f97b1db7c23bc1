// Builds gzipped tarballs byte by byte, so tests can make the hostile ones real tools refuse to write.
import { gzipSync } from 'node:zlib';

export interface TarEntry {
  path: string;
  content?: string;
  /** `pax-global`: the `pax_global_header` forges put first (a commit id), not a file of the tree. */
  type?: 'file' | 'dir' | 'symlink' | 'pax-global';
  linkTarget?: string;
}

export function makeTarball(entries: TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const body = Buffer.from(entry.content ?? '', 'utf8');
    const header = Buffer.alloc(512);
    header.write(entry.path, 0, 100, 'utf8');
    header.write('0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    const hasBody = entry.type === 'file' || entry.type === 'pax-global' || !entry.type;
    header.write(`${(hasBody ? body.length : 0).toString(8).padStart(11, '0')}\0`, 124);
    header.write('00000000000\0', 136);
    header.write('        ', 148);
    header.write(entry.type === 'dir' ? '5' : entry.type === 'symlink' ? '2' : entry.type === 'pax-global' ? 'g' : '0', 156);
    if (entry.linkTarget) header.write(entry.linkTarget, 157, 100, 'utf8');
    header.write('ustar\0', 257);
    header.write('00', 263);
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(header);
    if (hasBody) {
      blocks.push(body, Buffer.alloc((512 - (body.length % 512)) % 512));
    }
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}
