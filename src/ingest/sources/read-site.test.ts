import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROME_MARKERS, startDocsSite, type DocsSite } from '../../../test/docs-site.js';
import { tempDir } from '../../../test/helpers.js';
import { DEFAULT_FETCH_POLICY } from '../../net/fetch-policy.js';
import { parseSourceSpec } from './load-source.js';
import { pagePath, readSite } from './read-site.js';

const policy = { ...DEFAULT_FETCH_POLICY, allowPrivateNetwork: true };

const PAGES = {
  'index.md': '# Acme\n\nAcme renders widgets fast. Start with the install guide and then read the API.\n',
  'guides/install.md': '# Install\n\nInstall the package with npm and import it.\n\n```bash\nnpm install acme\n```\n\n## Requirements\n\nNode.js 20 or newer is required to run acme.\n',
  'reference/widget.md': '# Widget\n\n## Options\n\n| Option | Default | What it does |\n| --- | --- | --- |\n| `color` | `"blue"` | The fill colour of the widget |\n| `maxRetries` | `3` | How often a failed render is retried |\n\n## render(target)\n\n```ts\nimport { Widget } from \'acme\';\nnew Widget({ color: \'red\' }).render(\'#app\');\n```\n',
  'internal/secret.md': '# Internal\n\nOnly for staff, never crawled by robots.\n',
};

describe('readSite', () => {
  let site: DocsSite;
  beforeAll(async () => (site = await startDocsSite(PAGES, { disallow: ['/docs/internal/'] })));
  afterAll(async () => site.close());

  it('reads the pages its sitemap lists, as Markdown without site chrome, at paths that follow the URLs', async () => {
    const read = await readSite(site.url, policy);
    expect(read.via).toBe('sitemap');
    expect(read.files.map((f) => f.path)).toEqual(['guides/install.md', 'index.md', 'reference/widget.md']);
    const all = read.files.map((f) => f.content).join('\n');
    for (const marker of CHROME_MARKERS) expect(all).not.toContain(marker);
    expect(all).not.toContain('menu__link');
    const widget = read.files.find((f) => f.path === 'reference/widget.md')!.content;
    expect(widget).toMatch(/^# Widget/);
    expect(widget).toContain('## Options');
    expect(widget).toMatch(/\| `maxRetries` \| `3` \| How often a failed render is retried \|/);
    expect(widget).toContain("```ts\nimport { Widget } from 'acme';");
    expect(read.files.find((f) => f.path === 'guides/install.md')!.content).toContain('```bash\nnpm install acme\n```');
    // robots.txt said no.
    expect(site.requests).not.toContain('/docs/internal/secret/');
  });

  it('asks again conditionally when re-added: unchanged pages cost a 304 and come back the same', async () => {
    const home = tempDir();
    const first = await readSite(site.url, policy, undefined, home.path);
    const second = await readSite(site.url, policy, undefined, home.path);
    home.remove();
    expect(first.unchanged).toBe(0);
    expect(second.unchanged).toBe(3);
    expect(second.files).toEqual(first.files);
  });

  it('follows same-origin links under the start page when there is no sitemap', async () => {
    const linked = await startDocsSite(PAGES, { sitemap: false });
    const read = await readSite(linked.url, policy);
    await linked.close();
    expect(read.via).toBe('links');
    expect(read.files.map((f) => f.path)).toEqual(['guides/install.md', 'index.md', 'internal/secret.md', 'reference/widget.md']);
  });

  it('prefers the llms.txt a site has', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/llms.txt') return void res.end('# Acme\n\n- [Setup](/setup.md)\n- [Elsewhere](https://cdn.example.com/page.md)\n');
      if (req.url === '/setup.md') return void res.end('# Setup\n\nRun it.');
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const read = await readSite(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, policy);
    server.close();
    expect(read.via).toBe('llms.txt');
    expect(read.files.map((f) => f.path)).toEqual(['setup.md']);
    expect(read.warnings.join('\n')).toMatch(/cdn\.example\.com\/page\.md: skipped \(on another host/);
  });

  it('refuses a site with no content, skips pages that redirect elsewhere or are not UTF-8, and bounds a huge sitemap', async () => {
    const server = createServer((req, res) => {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      if (req.url === '/robots.txt') return void res.end(`Sitemap: ${origin}/sitemap.xml`);
      if (req.url === '/sitemap.xml') {
        const urls = Array.from({ length: 60_000 }, (_, i) => `<url><loc>${origin}/p${i}/</loc></url>`).join('');
        return void res.end(`<urlset>${urls}</urlset>`);
      }
      if (req.url === '/p0/') return void res.writeHead(302, { location: 'https://elsewhere.example/' }).end();
      if (req.url === '/p1/') return void res.writeHead(200, { 'content-type': 'text/html' }).end(Buffer.from([0x3c, 0x70, 0x3e, 0xff, 0xfe, 0x3c]));
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><nav><a href="/p2/">x</a></nav></body></html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const error = await readSite(url, policy, { pages: 5, depth: 2, timeoutMs: 20_000, totalBytes: 1e8, sitemapUrls: 100, sitemaps: 3 }).catch((e: unknown) => e);
    server.close();
    expect(error).toMatchObject({ code: 'SOURCE_INVALID', message: expect.stringMatching(/gave no pages with content/) });
    const warnings = (error as { details: { warnings: string[] } }).details.warnings.join('\n');
    expect(warnings).toMatch(/more than 100 URLs/);
    expect(warnings).toMatch(/p0\/: skipped \(.*elsewhere/);
    expect(warnings).toMatch(/p1\/: skipped \(binary or not UTF-8\)/);
    expect(warnings).toMatch(/p2\/: skipped \(no main content\)/);
  });

  it('maps URLs to page paths, and URLs to the site source kind', () => {
    const base = new URL('https://docs.example.com/docs/');
    expect(pagePath(new URL('https://docs.example.com/docs/commands/npm-ci/'), base)).toBe('commands/npm-ci.md');
    expect(pagePath(new URL('https://docs.example.com/docs/commands/npm-ci.html'), base)).toBe('commands/npm-ci.md');
    expect(pagePath(new URL('https://docs.example.com/docs/'), base)).toBe('index.md');
    expect(pagePath(new URL('https://docs.example.com/docs/a/index.html'), base)).toBe('a.md');
    expect(parseSourceSpec('https://docs.example.com/docs/')).toEqual({ kind: 'site', url: 'https://docs.example.com/docs/' });
    expect(parseSourceSpec('https://docs.example.com/llms.txt')).toEqual({ kind: 'llms', location: 'https://docs.example.com/llms.txt' });
  });
});
