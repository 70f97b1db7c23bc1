// A documentation website as a doc set: its llms.txt when it has one; else the pages its sitemap
// lists (robots.txt `Sitemap:` lines, else /sitemap.xml); else the pages reached by following its
// same-origin links from the start page. Only pages under the start path, allowed by robots.txt,
// are read; each becomes Markdown (html-to-markdown.ts) at a path that follows its URL
// (`/commands/npm-ci/` → `commands/npm-ci.md`). Every request goes through the fetch policy; pages,
// depth, bytes and time are bounded. Added again, a site is asked for each page conditionally
// (If-None-Match, If-Modified-Since): a page that has not changed costs a 304 and is not converted.
import { createHash } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import robotsModule from 'robots-parser';
import { XMLParser } from 'fast-xml-parser';
import { safeRelativePath } from '../../confine-path.js';
import { DocsError } from '../../errors.js';
import { readJsonCache, writeJsonCache } from '../../json-cache-file.js';
import type { SourceFile, SourceFiles } from '../../model.js';
import { DEFAULT_FETCH_POLICY, withDeadline, type FetchPolicy } from '../../net/fetch-policy.js';
import { fetchUrl } from '../../net/fetch-url.js';
import { htmlToMarkdown } from './html-to-markdown.js';
import { decodePage } from './read-folder.js';
import { readLlmsTxt } from './read-llms-txt.js';

export const SITE_LIMITS = {
  pages: 2000,
  /** Link hops from the start page, when there is no sitemap. */
  depth: 8,
  timeoutMs: 10 * 60_000,
  totalBytes: 256 * 1024 * 1024,
  /** Sitemap entries looked at (a sitemap of a million URLs is read this far), and sitemap files. */
  sitemapUrls: 50_000,
  sitemaps: 20,
};

interface Robots {
  isAllowed(url: string, userAgent?: string): boolean | undefined;
  getSitemaps(): string[];
}
// A CommonJS function whose typings declare it as an ES default export.
const robotsParser = robotsModule as unknown as (url: string, text: string) => Robots;

const CONCURRENCY = 8;
const USER_AGENT = 'vdocs';
const NOT_PAGES = /\.(png|jpe?g|gif|svg|webp|ico|css|js|mjs|json|xml|txt|pdf|zip|gz|tgz|woff2?|ttf|mp4|webm|wasm)$/i;

export interface SiteFiles extends SourceFiles {
  /** How the pages were found. */
  via: 'llms.txt' | 'sitemap' | 'links';
  /** Pages the site said had not changed since the last add (304), reused as converted then. */
  unchanged: number;
}

/** What an earlier add kept of a page: its validators and what it became. */
interface KeptPage {
  etag?: string;
  lastModified?: string;
  url: string;
  markdown?: string;
  links: string[];
}

/** `home`: where what each page became is kept for the next add (none: every page is fetched whole). */
export async function readSite(start: string, basePolicy: FetchPolicy = DEFAULT_FETCH_POLICY, limits = SITE_LIMITS, home?: string): Promise<SiteFiles> {
  const giveUp = new AbortController();
  setMaxListeners(0, giveUp.signal);
  const policy: FetchPolicy = { ...withDeadline(basePolicy, limits.timeoutMs), signal: giveUp.signal };
  const startUrl = new URL(start);
  startUrl.hash = '';
  startUrl.search = '';
  // The pages of the doc set live under the start page's folder.
  const base = new URL(startUrl.pathname.endsWith('/') || NOT_PAGES.test(startUrl.pathname) || /\.html?$/.test(startUrl.pathname) ? '.' : `${startUrl.pathname}/`, startUrl);
  const under = (url: URL) => url.origin === base.origin && url.pathname.startsWith(base.pathname) && !NOT_PAGES.test(url.pathname);

  const llms = await findLlmsTxt(base, policy);
  if (llms) return { ...(await readLlmsTxt(llms, basePolicy, undefined, { sameOrigin: true })), via: 'llms.txt', unchanged: 0 };
  const cacheName = `site-${createHash('sha256').update(base.href).digest('hex').slice(0, 24)}.json`;
  const kept = home ? readJsonCache<KeptPage>(home, cacheName) : {};
  const keep: Record<string, KeptPage> = {};
  let unchanged = 0;

  const robots = await readRobots(base, policy);
  const allowed = (url: URL) => robots.isAllowed(url.href, USER_AGENT) !== false;
  const warnings: string[] = [];
  const fromSitemap = (await readSitemaps(base, robots.getSitemaps(), policy, limits, warnings)).filter((u) => under(u) && allowed(u));
  const via = fromSitemap.length > 0 ? 'sitemap' : 'links';
  const seen = new Set<string>();
  // A page listed twice (or as `x/` and `x/index.html`) is fetched once.
  const queue: Array<{ url: URL; depth: number }> = (via === 'sitemap' ? fromSitemap : [startUrl]).filter((url) => !seen.has(key(url)) && seen.add(key(url))).map((url) => ({ url, depth: 0 }));
  if (queue.length > limits.pages) {
    warnings.push(`the sitemap lists ${queue.length} pages under ${base.href}; the first ${limits.pages} are read`);
    queue.length = limits.pages;
  }

  const files = new Map<string, SourceFile>();
  let total = 0;
  let fetched = 0;
  let stop: DocsError | undefined;
  async function worker(): Promise<void> {
    for (let next = queue.shift(); next && !stop; next = queue.shift()) {
      const { url, depth } = next;
      if (!allowed(url)) {
        warnings.push(`${url.href}: skipped (robots.txt disallows it)`);
        continue;
      }
      if (fetched >= limits.pages) break;
      fetched++;
      let answer;
      const before = kept[key(url)];
      const validators: Record<string, string> = {};
      if (before?.etag) validators['if-none-match'] = before.etag;
      if (before?.lastModified) validators['if-modified-since'] = before.lastModified;
      try {
        answer = await fetchUrl(url, policy, 'text/html, text/markdown;q=0.9, */*;q=0.1', validators);
      } catch (error) {
        if (policy.deadline !== undefined && Date.now() >= policy.deadline) {
          stop = new DocsError('SOURCE_UNREADABLE', `${start}: its pages did not arrive within ${Math.round(limits.timeoutMs / 1000)} s (${files.size} read); nothing was indexed.`);
          return;
        }
        warnings.push(`${url.href}: skipped (${(error as Error).message})`);
        continue;
      }
      if (!under(answer.url)) {
        warnings.push(`${url.href}: skipped (redirects to ${answer.url.href}, outside ${base.href})`);
        continue;
      }
      let page: { markdown?: string; links: URL[] };
      if (answer.notModified && before) {
        unchanged++;
        page = { markdown: before.markdown, links: before.links.map((l) => new URL(l)) };
      } else {
        const converted = convert(answer.body, answer.url, url, warnings);
        if (!converted) continue;
        page = converted;
      }
      // A 304 may leave its validators out: those sent still hold.
      const etag = answer.etag ?? (answer.notModified ? before?.etag : undefined);
      const lastModified = answer.lastModified ?? (answer.notModified ? before?.lastModified : undefined);
      if (etag || lastModified) keep[key(url)] = { etag, lastModified, url: answer.url.href, markdown: page.markdown, links: page.links.map((l) => l.href) };
      total += answer.body.length;
      if (total > limits.totalBytes) {
        stop = new DocsError('SOURCE_TOO_LARGE', `${start}: its pages are over ${limits.totalBytes} bytes; refused.`);
        return;
      }
      const path = pagePath(answer.url, base);
      if (via === 'links' && depth < limits.depth) {
        for (const link of page.links) {
          link.search = '';
          if (under(link) && !seen.has(key(link)) && seen.size < limits.pages * 4) {
            seen.add(key(link));
            queue.push({ url: link, depth: depth + 1 });
          }
        }
      }
      if (!path) warnings.push(`${url.href}: skipped (not a plain page path)`);
      else if (!page.markdown) warnings.push(`${url.href}: skipped (no main content)`);
      else if (!files.has(path)) files.set(path, { path, content: page.markdown });
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, () => worker().finally(() => stop && giveUp.abort())));
  if (stop) throw stop;
  if (home) writeJsonCache(home, cacheName, keep, limits.pages);
  if (files.size === 0) {
    throw new DocsError('SOURCE_INVALID', `${start} gave no pages with content (found by ${via === 'sitemap' ? 'its sitemap' : 'following its links'}; no llms.txt).${warnings.length ? ` ${warnings.slice(0, 3).join('; ')}.` : ''}`, {
      details: { warnings },
    });
  }
  return { files: [...files.values()].sort((a, b) => (a.path < b.path ? -1 : 1)), warnings, via, unchanged };
}

/** A fetched page as Markdown (HTML converted, Markdown as it is), or undefined when it is no text. */
function convert(body: Buffer, url: URL, asked: URL, warnings: string[]): { markdown?: string; links: URL[] } | undefined {
  const text = decodePage(body);
  if (text === undefined) {
    warnings.push(`${asked.href}: skipped (binary or not UTF-8)`);
    return undefined;
  }
  if (/\.(md|mdx|markdown)$/i.test(url.pathname) && !/^\s*</.test(text)) return { markdown: text, links: [] };
  return htmlToMarkdown(text, url);
}

/** A URL without fragment, query or trailing `index.html`: two spellings of one page are one. */
function key(url: URL): string {
  return `${url.origin}${url.pathname.replace(/\/index\.html?$/, '/')}`;
}

/** `/docs/commands/npm-ci/` (or `…/npm-ci.html`) under `/docs/` → `commands/npm-ci.md`; the start page → `index.md`. */
export function pagePath(url: URL, base: URL): string | undefined {
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname.slice(base.pathname.length));
  } catch {
    return undefined;
  }
  rel = rel.replace(/(^|\/)index\.html?$/i, '$1').replace(/\.html?$/i, '').replace(/\/+$/, '');
  if (rel === '') rel = 'index';
  if (!/\.(md|mdx|markdown)$/i.test(rel)) rel += '.md';
  return safeRelativePath(rel);
}

/** The site's llms.txt, beside the start page or at the root, when it lists pages. */
async function findLlmsTxt(base: URL, policy: FetchPolicy): Promise<string | undefined> {
  for (const candidate of new Set([new URL('llms.txt', base).href, new URL('/llms.txt', base).href])) {
    try {
      const { url, body } = await fetchUrl(candidate, policy, 'text/plain, text/markdown');
      const text = decodePage(body);
      if (url.origin === base.origin && text && !/^\s*</.test(text) && /\[[^\]]*\]\([^)]+\)/.test(text)) return url.href;
    } catch {
      // none there
    }
  }
  return undefined;
}

async function readRobots(base: URL, policy: FetchPolicy): Promise<Robots> {
  const url = new URL('/robots.txt', base).href;
  try {
    const text = decodePage((await fetchUrl(url, policy, 'text/plain')).body) ?? '';
    return robotsParser(url, /^\s*</.test(text) ? '' : text);
  } catch {
    return robotsParser(url, '');
  }
}

/** Page URLs of the site's sitemaps (sitemap indexes followed one level down), bounded. */
async function readSitemaps(base: URL, declared: string[], policy: FetchPolicy, limits: typeof SITE_LIMITS, warnings: string[]): Promise<URL[]> {
  const parser = new XMLParser({ ignoreAttributes: true, processEntities: false });
  const pending = (declared.length > 0 ? declared : [new URL('/sitemap.xml', base).href]).slice(0, limits.sitemaps);
  const pages: URL[] = [];
  let read = 0;
  while (pending.length > 0 && read < limits.sitemaps && pages.length < limits.sitemapUrls) {
    const location = pending.shift()!;
    read++;
    let xml: unknown;
    try {
      const sitemapUrl = new URL(location);
      if (sitemapUrl.origin !== base.origin) continue;
      const text = decodePage((await fetchUrl(sitemapUrl, policy, 'application/xml, text/xml')).body);
      if (!text || !/<(urlset|sitemapindex)[\s>]/.test(text)) continue;
      xml = parser.parse(text);
    } catch {
      continue;
    }
    const root = xml as { urlset?: { url?: unknown }; sitemapindex?: { sitemap?: unknown } };
    for (const entry of asList(root.sitemapindex?.sitemap)) if (typeof entry?.loc === 'string' && pending.length < limits.sitemaps) pending.push(entry.loc.trim());
    for (const entry of asList(root.urlset?.url)) {
      if (pages.length >= limits.sitemapUrls) {
        warnings.push(`the sitemap lists more than ${limits.sitemapUrls} URLs; the rest are not looked at`);
        break;
      }
      if (typeof entry?.loc !== 'string') continue;
      try {
        const url = new URL(entry.loc.trim());
        url.hash = '';
        pages.push(url);
      } catch {
        // not a URL
      }
    }
  }
  return pages;
}

function asList(value: unknown): Array<{ loc?: unknown }> {
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]) as Array<{ loc?: unknown }>;
}
