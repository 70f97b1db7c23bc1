// An llms.txt index (a local file or a URL): the Markdown pages it links to become the doc set.
// URLs go through the fetch policy (size, time, redirects, private addresses); a local index only
// reads files inside its own folder, under the same rules as a folder source.
import { setMaxListeners } from 'node:events';
import { realpath } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { safeRelativePath } from '../../confine-path.js';
import { DocsError } from '../../errors.js';
import type { SourceFile, SourceFiles } from '../../model.js';
import { DEFAULT_FETCH_POLICY, withDeadline, type FetchPolicy } from '../../net/fetch-policy.js';
import { fetchUrl } from '../../net/fetch-url.js';
import { decodePage, MAX_PAGE_BYTES, readConfinedFile } from './read-folder.js';

const LINK = /\[([^\]]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;
const MAX_LINKS = 5000;
const CONCURRENCY = 8;
/** Everything one llms.txt source fetches must arrive within this time, and within this many bytes. */
export const SOURCE_LIMITS = { timeoutMs: 120_000, totalBytes: 256 * 1024 * 1024 };
const ACCEPT = 'text/markdown, text/plain;q=0.9, */*;q=0.1';

/** `sameOrigin`: pages on other hosts are skipped (a website crawl reads only the site it was given). */
export async function readLlmsTxt(location: string, basePolicy: FetchPolicy = DEFAULT_FETCH_POLICY, limits = SOURCE_LIMITS, options: { sameOrigin?: boolean } = {}): Promise<SourceFiles> {
  const isUrl = /^https?:\/\//i.test(location);
  // Once the source is given up (too large, too slow), requests still in flight are ended.
  const giveUp = new AbortController();
  // Every page request listens to it; up to CONCURRENCY at once, more while sockets close.
  setMaxListeners(0, giveUp.signal);
  const policy = { ...withDeadline(basePolicy, limits.timeoutMs), signal: giveUp.signal };
  // Fetched pages: the policy's limit (maxFetchBytes); local files: the folder source's limit.
  const maxPage = isUrl ? policy.maxBytes : MAX_PAGE_BYTES;
  let root = '';
  let base: URL;
  let index: string;
  if (isUrl) {
    const fetched = await fetchUrl(location, policy, ACCEPT);
    base = fetched.url;
    index = decoded(fetched.body, location);
  } else {
    const file = resolve(location);
    try {
      root = await realpath(dirname(file));
    } catch (error) {
      throw new DocsError('SOURCE_UNREADABLE', `Cannot read ${location}: ${(error as Error).message}`, { cause: error });
    }
    base = pathToFileURL(file);
    const bytes = await readConfinedFile(root, file, maxPage);
    if (typeof bytes === 'string') throw new DocsError('SOURCE_UNREADABLE', `Cannot read ${location}: ${bytes}.`);
    index = decoded(bytes, location);
  }

  const warnings: string[] = [];
  const baseDir = new URL('.', base);
  // Page path → the first link that names it: `ok.md` and `ok.md?x=2` are one page, read once.
  const links = new Map<string, URL>();
  let linked = 0;
  let looked = 0;
  for (const match of index.matchAll(LINK)) {
    let url: URL;
    try {
      url = new URL(match[2], base);
    } catch {
      continue;
    }
    url.hash = '';
    // A local index links to local files only; a remote one to http(s) only.
    if (isUrl ? !/^https?:$/.test(url.protocol) : url.protocol !== 'file:') continue;
    // Links looked at are bounded too, skipped ones included: an index of a million links stops here.
    if (links.size >= MAX_LINKS || looked >= 4 * MAX_LINKS) break;
    looked++;
    if (options.sameOrigin && url.origin !== base.origin) {
      warnings.push(`${url.href}: skipped (on another host than the site)`);
      continue;
    }
    linked++;
    const path = pagePath(url, baseDir);
    if (!path) warnings.push(`${url.href}: skipped (outside the llms.txt folder or not a plain page path)`);
    else if (links.has(path)) {
      if (links.get(path)!.href !== url.href) warnings.push(`${url.href}: skipped (the same page as ${links.get(path)!.href})`);
    } else links.set(path, url);
  }
  if (linked === 0) throw new DocsError('SOURCE_INVALID', `${location} links to no pages. An llms.txt lists pages as Markdown links: - [Title](url).`);

  const files: SourceFile[] = [];
  const queue = [...links];
  let total = 0;
  let stop: DocsError | undefined;
  /** Timeouts since the last page that arrived: a host that stops answering ends the source. */
  let silentInARow = 0;
  async function worker(): Promise<void> {
    for (let next = queue.shift(); next && !stop; next = queue.shift()) {
      const [path, url] = next;
      try {
        const bytes = isUrl ? (await fetchUrl(url, policy, ACCEPT)).body : await readConfinedFile(root, fileURLToPath(url), maxPage);
        if (typeof bytes === 'string') {
          warnings.push(`${url.href}: skipped (${bytes})`);
          continue;
        }
        silentInARow = 0;
        total += bytes.length;
        if (total > limits.totalBytes) {
          stop = new DocsError('SOURCE_TOO_LARGE', `${location} links to more than ${limits.totalBytes} bytes of pages; refused.`);
          return;
        }
        const text = decodePage(bytes);
        if (text === undefined) warnings.push(`${url.href}: skipped (binary or not UTF-8)`);
        else if (/^\s*<(!doctype html|html)/i.test(text)) warnings.push(`${url.href}: skipped (HTML, not Markdown)`);
        else files.push({ path, content: text });
      } catch (error) {
        if (policy.deadline !== undefined && Date.now() >= policy.deadline) {
          stop = new DocsError('SOURCE_UNREADABLE', `${location}: its pages did not arrive within ${Math.round(limits.timeoutMs / 1000)} s (${files.length} of ${links.size} read); nothing was indexed.`);
          return;
        }
        if (/took longer than/.test((error as Error).message) && ++silentInARow >= CONCURRENCY) {
          stop = new DocsError('SOURCE_UNREADABLE', `${location}: ${silentInARow} pages in a row did not arrive in time (${files.length} of ${links.size} read); the host stopped answering and nothing was indexed.`);
          return;
        }
        warnings.push(`${url.href}: skipped (${(error as Error).message})`);
      }
    }
  }
  await Promise.all(
    Array.from({ length: CONCURRENCY }, () =>
      worker().finally(() => {
        if (stop) giveUp.abort();
      }),
    ),
  );
  if (stop) throw stop;
  files.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { files, warnings };
}

function decoded(bytes: Uint8Array, label: string): string {
  const text = decodePage(bytes);
  if (text === undefined) throw new DocsError('SOURCE_UNREADABLE', `${label} is binary or not UTF-8.`);
  return text;
}

/** A page's path in the doc set: relative to the llms.txt folder, always ending in .md, never leaving it. */
function pagePath(url: URL, baseDir: URL): string | undefined {
  let path: string;
  if (url.protocol === 'file:') {
    let file: string;
    try {
      file = fileURLToPath(url);
    } catch {
      return undefined; // encoded slashes and the like
    }
    const rel = relative(fileURLToPath(baseDir), file);
    if (rel.startsWith('..') || rel.includes(`${sep}..`)) return undefined;
    path = rel.split(sep).join('/');
  } else {
    path = url.host === baseDir.host && url.pathname.startsWith(baseDir.pathname) ? url.pathname.slice(baseDir.pathname.length) : `${url.host}${url.pathname}`;
    try {
      path = decodeURIComponent(path).replace(/^\/+/, '');
    } catch {
      return undefined;
    }
  }
  if (!path || path.endsWith('/')) path += 'index';
  if (!/\.(md|mdx|markdown)$/i.test(path)) path = `${path.replace(/\.(html?|txt)$/i, '')}.md`;
  return safeRelativePath(path);
}
