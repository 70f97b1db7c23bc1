// A documentation website as real ones are built, from Markdown pages: each page rendered to HTML
// (markdown-it, code classes `language-x`) inside the chrome sites have (a header with navigation,
// a sidebar listing every page, a cookie banner, an "Edit this page" link, a table of contents, a
// footer), served at `/<path>/` with a sitemap, robots.txt and ETags (304 to a matching
// If-None-Match), and no llms.txt. For tests and the bench.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import MarkdownIt from 'markdown-it';

export interface DocsSite {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

/** Words of the chrome: none may appear in what is indexed. */
export const CHROME_MARKERS = ['Accept all cookies', 'Edit this page', 'All rights reserved', 'Skip to main content', 'On this page', 'Toggle dark mode'];

const markdown = new MarkdownIt({ html: false });

/** `pages`: path (`commands/npm-ci.md`) → Markdown. `disallow`: robots.txt Disallow paths. */
export async function startDocsSite(pages: Record<string, string>, options: { prefix?: string; disallow?: string[]; sitemap?: boolean } = {}): Promise<DocsSite> {
  const prefix = options.prefix ?? '/docs/';
  const routes = new Map<string, string>();
  const urlOf = (path: string) => `${prefix}${path.replace(/\.mdx?$/, '').replace(/(^|\/)index$/, '$1')}${path.replace(/\.mdx?$/, '').endsWith('index') ? '' : '/'}`;
  const sidebar = Object.keys(pages)
    .sort()
    .map((p) => `<li class="menu__item"><a class="menu__link" href="${urlOf(p)}">${p}</a></li>`)
    .join('');
  for (const [path, text] of Object.entries(pages)) {
    const body = markdown.render(text).replace(/<h([1-6])>(.*?)<\/h\1>/g, '<h$1>$2<a class="hash-link" href="#x">#</a></h$1>');
    const title = /^#\s+(.+)$/m.exec(text)?.[1] ?? path;
    routes.set(
      urlOf(path),
      `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title} | Acme Docs</title><link rel="stylesheet" href="/assets/site.css"></head><body>
<a class="skip-link" href="#main">Skip to main content</a>
<div id="cookie-consent" class="cookie-banner"><p>We use cookies to improve the docs.</p><button>Accept all cookies</button></div>
<header class="navbar"><a href="${prefix}">Acme Docs</a><nav><a href="${prefix}">Docs</a><a href="/blog/">Blog</a><a href="https://github.com/acme/acme">GitHub</a></nav><button class="theme-toggle">Toggle dark mode</button></header>
<div class="layout"><aside class="theme-doc-sidebar-container"><nav class="sidebar"><ul class="menu">${sidebar}</ul></nav></aside>
<main id="main"><article><div class="theme-doc-markdown markdown">${body}</div>
<footer class="theme-doc-footer"><a class="edit-this-page" href="https://github.com/acme/acme/edit/main/docs/${path}">Edit this page</a></footer></article>
<div class="table-of-contents"><p>On this page</p></div></main></div>
<footer class="footer"><p>Copyright © 2026 Acme, Inc. All rights reserved.</p></footer>
<script src="/assets/app.js"></script></body></html>`,
    );
  }
  const requests: string[] = [];
  const origin = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    requests.push(path);
    if (path === '/robots.txt') {
      const lines = ['User-agent: *', ...(options.disallow ?? []).map((d) => `Disallow: ${d}`), ...(options.sitemap === false ? [] : [`Sitemap: ${origin()}/sitemap.xml`])];
      return void res.writeHead(200, { 'content-type': 'text/plain' }).end(lines.join('\n'));
    }
    if (path === '/sitemap.xml' && options.sitemap !== false) {
      const urls = [...routes.keys()].map((r) => `<url><loc>${origin()}${r}</loc></url>`).join('');
      return void res.writeHead(200, { 'content-type': 'application/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls}</urlset>`);
    }
    const page = routes.get(path) ?? routes.get(`${path}/`);
    if (!page) return void res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body><h1>Page not found</h1></body></html>');
    const etag = `"${createHash('sha1').update(page).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag }).end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `${origin()}${prefix}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
