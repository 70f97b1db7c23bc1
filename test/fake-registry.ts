// A loopback npm registry serving packuments and tarballs, for tests of the npm source.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakePackage {
  name: string;
  versions: Record<string, Buffer>;
  /** A hostile registry: the name its manifests claim (default: the real name). */
  manifestName?: string;
  /** Each version's dependencies, as its manifest lists them. */
  dependencies?: Record<string, Record<string, string>>;
}

/** `holdTarballs`: tarballs are sent only once it resolves (a download in progress, for as long as a test needs). */
export async function startFakeRegistry(packages: FakePackage[], options: { holdTarballs?: Promise<void> } = {}): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  let base = '';
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(req.url ?? '/');
    requests.push(path);
    for (const pkg of packages) {
      if (path === `/${pkg.name}`) {
        const versions = Object.fromEntries(
          Object.entries(pkg.versions).map(([version, data]) => [
            version,
            {
              name: pkg.manifestName ?? pkg.name,
              version,
              dependencies: pkg.dependencies?.[version],
              dist: {
                tarball: `${base}/${pkg.name}/-/${pkg.name.split('/').pop()}-${version}.tgz`,
                integrity: `sha512-${createHash('sha512').update(data).digest('base64')}`,
              },
            },
          ]),
        );
        const latest = Object.keys(pkg.versions).at(-1)!;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ name: pkg.name, 'dist-tags': { latest }, versions }));
        return;
      }
      for (const [version, data] of Object.entries(pkg.versions)) {
        if (path === `/${pkg.name}/-/${pkg.name.split('/').pop()}-${version}.tgz`) {
          void (options.holdTarballs ?? Promise.resolve()).then(() => {
            res.writeHead(200, { 'content-type': 'application/octet-stream' });
            res.end(data);
          });
          return;
        }
      }
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"error":"not found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: `${base}/`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
