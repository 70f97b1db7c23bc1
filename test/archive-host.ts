// A local stand-in for a forge's archive host (codeload.github.com's URL layout): serves tarballs
// built in the test, one per owner/repo/ref, as `<repo>-<ref without v>/...` the way GitHub names
// the top folder, and records every request with its headers.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeTarball, type TarEntry } from './tarball.js';

export interface ArchiveHost {
  /** The base to put in config `forges` (`{"github.com": base}`). */
  base: string;
  requests: Array<{ url: string; headers: IncomingHttpHeaders }>;
  close(): Promise<void>;
}

/** `repos`: "owner/repo" → ref → files (path → content) of the tree at that ref. */
export async function startArchiveHost(repos: Record<string, Record<string, Record<string, string>>>, options: { status?: (url: string) => number | undefined } = {}): Promise<ArchiveHost> {
  const requests: ArchiveHost['requests'] = [];
  const server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers });
    const forced = options.status?.(req.url ?? '');
    if (forced) return void res.writeHead(forced).end();
    const match = /^\/([^/]+)\/([^/]+)\/tar\.gz\/(.+)$/.exec(req.url ?? '');
    const tree = match && repos[`${match[1]}/${match[2]}`]?.[decodeURIComponent(match[3])];
    if (!match || !tree) return void res.writeHead(404).end('Not Found');
    const top = `${match[2]}-${decodeURIComponent(match[3]).replace(/^v(?=\d)/, '').replace(/\//g, '-')}`;
    const entries: TarEntry[] = [{ path: 'pax_global_header', type: 'pax-global', content: '52 comment=0123456789abcdef0123456789abcdef01234567\n' }, { path: `${top}/`, type: 'dir' }];
    for (const [path, content] of Object.entries(tree)) entries.push({ path: `${top}/${path}`, content });
    res.writeHead(200, { 'content-type': 'application/x-gzip' }).end(makeTarball(entries));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
