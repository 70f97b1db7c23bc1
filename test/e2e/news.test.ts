import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME_2, MAIN, tempDir } from '../helpers.js';

const textOf = (r: { content?: unknown }) => (r.content as Array<{ text: string }>)[0].text;

const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>Acme blog</title>
<item><title>Acme 2.0 released</title><link>https://acme.example/blog/2-0</link><pubDate>Tue, 03 Nov 2026 10:00:00 GMT</pubDate><description>&lt;p&gt;Palettes &amp;amp; retries.&lt;/p&gt;</description></item>
<item><title>Acme 1.9</title><link>https://acme.example/blog/1-9</link><pubDate>Mon, 01 Jun 2026 10:00:00 GMT</pubDate><description>Faster.</description></item>
</channel></rss>`;
const ATOM = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Kit news</title>
<entry><title>Kit 3</title><link rel="alternate" href="https://kit.example/3"/><updated>2026-10-10T00:00:00Z</updated><summary>Three is here.</summary></entry></feed>`;

describe('news', () => {
  const home = tempDir();
  let http: Server;
  let client: Client;
  beforeAll(async () => {
    http = createServer((req, res) => {
      if (req.url === '/rss.xml') return res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(RSS);
      if (req.url === '/atom.xml') return res.writeHead(200, { 'content-type': 'application/atom+xml' }).end(ATOM);
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const config = join(home.path, 'vdocs.config.json');
    writeFileSync(
      config,
      JSON.stringify({
        default: false,
        // The feeds are on this machine: a server fetches private addresses only when told it may.
        allowPrivateNetwork: true,
        docsets: [
          { name: 'acme', source: ACME_2, feed: `${base}/rss.xml` },
          { name: 'kit', source: ACME_2, feed: `${base}/atom.xml` },
          { name: 'gone', source: ACME_2, feed: 'http://127.0.0.1:9/feed.xml' },
        ],
      }),
    );
    const env = { ...process.env, VDOCS_HOME: home.path, VDOCS_INDEX: join(home.path, 'index.sqlite') } as Record<string, string>;
    client = new Client({ name: 'vdocs-test', version: '1' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [MAIN, 'serve', '--config', config], env, stderr: 'pipe' }));
  });
  afterAll(async () => {
    await client.close();
    http.close();
    home.remove();
  });

  it("reads the doc set's RSS feed, newest first as published", async () => {
    const text = textOf(await client.callTool({ name: 'news', arguments: { limit: 5 } }));
    expect(text).toContain('Acme blog');
    expect(text).toContain('- 2026-11-03 Acme 2.0 released <https://acme.example/blog/2-0>\n  Palettes & retries.');
    expect(text).toContain('Acme 1.9');
  });

  it("reads another doc set's Atom feed", async () => {
    const text = textOf(await client.callTool({ name: 'news', arguments: { source: 'kit' } }));
    expect(text).toContain('- 2026-10-10 Kit 3 <https://kit.example/3>\n  Three is here.');
  });

  it('fails clearly when the feed cannot be fetched', async () => {
    const result = await client.callTool({ name: 'news', arguments: { source: 'gone' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^SOURCE_UNREADABLE: Cannot fetch http:\/\/127\.0\.0\.1:9\/feed\.xml/);
  });

  it('reads only configured feeds: a URL or a file named by the client is refused', async () => {
    const port = (http.address() as AddressInfo).port;
    for (const source of [`http://127.0.0.1:${port}/atom.xml`, '/etc/passwd.xml', '../../feed.xml']) {
      const result = await client.callTool({ name: 'news', arguments: { source } });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/^INVALID_ARGUMENT: .* is not a doc set with a configured feed/);
    }
  });

  it('does not fetch a feed on a private address unless the configuration allows it', async () => {
    const port = (http.address() as AddressInfo).port;
    const strict = join(home.path, 'strict.json');
    writeFileSync(strict, JSON.stringify({ default: false, docsets: [{ name: 'acme', source: ACME_2, feed: `http://127.0.0.1:${port}/rss.xml` }] }));
    const env = { ...process.env, VDOCS_HOME: home.path, VDOCS_INDEX: join(home.path, 'index.sqlite') } as Record<string, string>;
    const other = new Client({ name: 'vdocs-test', version: '1' });
    await other.connect(new StdioClientTransport({ command: process.execPath, args: [MAIN, 'serve', '--config', strict], env, stderr: 'pipe' }));
    const result = await other.callTool({ name: 'news', arguments: {} });
    await other.close();
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^SOURCE_REFUSED: .*allowPrivateNetwork/);
  });
});
