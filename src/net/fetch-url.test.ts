import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_FETCH_POLICY, withDeadline } from './fetch-policy.js';
import { fetchUrl } from './fetch-url.js';
import { isPrivateAddress } from './private-address.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ base: string; port: number; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { base: `http://127.0.0.1:${port}`, port, requests };
}

const local = (hosts: string[]) => ({ ...DEFAULT_FETCH_POLICY, allowPrivateNetwork: new Set(hosts) });

describe('isPrivateAddress', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fd00:ec2::254', 'fe80::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '[::1]'])(
    'treats %s as private',
    (address) => expect(isPrivateAddress(address)).toBe(true),
  );
  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111'])('treats %s as public', (address) => expect(isPrivateAddress(address)).toBe(false));
});

describe('fetchUrl', () => {
  it('refuses loopback addresses and names that resolve to them, without sending a request', async () => {
    const site = await serve((_req, res) => res.end('secret'));
    await expect(fetchUrl(`${site.base}/a`, DEFAULT_FETCH_POLICY)).rejects.toMatchObject({ code: 'SOURCE_REFUSED', message: expect.stringMatching(/allowPrivateNetwork/) });
    await expect(fetchUrl(`http://localhost:${site.port}/b`, DEFAULT_FETCH_POLICY)).rejects.toMatchObject({ code: 'SOURCE_REFUSED' });
    await expect(fetchUrl(`http://[::ffff:127.0.0.1]:${site.port}/c`, DEFAULT_FETCH_POLICY)).rejects.toMatchObject({ code: 'SOURCE_REFUSED' });
    expect(site.requests).toEqual([]);
  });

  it('fetches from a host the policy allows', async () => {
    const site = await serve((_req, res) => res.end('# Hello'));
    const fetched = await fetchUrl(`${site.base}/page.md`, local(['127.0.0.1']));
    expect(fetched.body.toString()).toBe('# Hello');
  });

  it('re-checks every redirect hop: a redirect to another private host or port-scan target is refused', async () => {
    const inner = await serve((_req, res) => res.end('internal secret'));
    const outer = await serve((_req, res) => res.writeHead(302, { location: `http://localhost:${inner.port}/admin` }).end());
    await expect(fetchUrl(`${outer.base}/x`, local(['127.0.0.1']))).rejects.toMatchObject({ code: 'SOURCE_REFUSED' });
    expect(inner.requests).toEqual([]);
  });

  it('stops after the redirect limit', async () => {
    const loop = await serve((req, res) => res.writeHead(302, { location: `${req.url}x` }).end());
    await expect(fetchUrl(`${loop.base}/r`, local(['127.0.0.1']))).rejects.toMatchObject({ code: 'SOURCE_REFUSED', message: expect.stringMatching(/redirects more than 5 times/) });
    expect(loop.requests).toHaveLength(6);
  });

  it('refuses other protocols and URLs with credentials', async () => {
    await expect(fetchUrl('file:///etc/passwd', DEFAULT_FETCH_POLICY)).rejects.toMatchObject({ code: 'SOURCE_REFUSED' });
    await expect(fetchUrl('ftp://example.com/x', DEFAULT_FETCH_POLICY)).rejects.toMatchObject({ code: 'SOURCE_REFUSED' });
    await expect(fetchUrl('http://user:pw@example.com/x', DEFAULT_FETCH_POLICY)).rejects.toMatchObject({ code: 'SOURCE_REFUSED' });
  });

  it('cuts a response off at the size limit, declared or streamed, compressed or not', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 'a');
    const site = await serve((req, res) => {
      if (req.url === '/declared') return res.writeHead(200, { 'content-length': String(big.length) }).end(big);
      if (req.url === '/gzip') return res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(64 * 1024 * 1024)));
      res.write(big.subarray(0, 1024 * 1024));
      res.write(big.subarray(0, 1024 * 1024));
      res.end(big);
    });
    const policy = { ...local(['127.0.0.1']), maxBytes: 1024 * 1024 };
    for (const path of ['/declared', '/streamed', '/gzip']) {
      await expect(fetchUrl(`${site.base}${path}`, policy)).rejects.toMatchObject({ code: 'SOURCE_TOO_LARGE' });
    }
  });

  it('gives up on a silent server at the time limit and on a spent deadline', async () => {
    const silent = await serve(() => undefined);
    await expect(fetchUrl(`${silent.base}/slow`, { ...local(['127.0.0.1']), timeoutMs: 200 })).rejects.toMatchObject({ code: 'SOURCE_UNREADABLE', message: expect.stringMatching(/took longer/) });
    const spent = withDeadline(local(['127.0.0.1']), -1);
    await expect(fetchUrl(`${silent.base}/late`, spent)).rejects.toMatchObject({ code: 'SOURCE_UNREADABLE', message: expect.stringMatching(/time limit is spent/) });
    expect(silent.requests).toEqual(['/slow']);
  });
});
