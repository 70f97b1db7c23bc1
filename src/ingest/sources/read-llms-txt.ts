// An llms.txt index (a local file or a URL): the Markdown pages it links to become the doc set.
import { readFile } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DocsError } from '../../errors.js';
import type { SourceFile, SourceFiles } from '../../model.js';
import { decodePage } from './read-folder.js';

const LINK = /\[([^\]]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;
const MAX_LINKS = 5000;
const CONCURRENCY = 8;
const TIMEOUT_MS = 20_000;

export async function readLlmsTxt(location: string): Promise<SourceFiles> {
  const isUrl = /^https?:\/\//i.test(location);
  const base = isUrl ? new URL(location) : pathToFileURL(resolve(location));
  const index = await load(base, location);
  const warnings: string[] = [];
  const links = new Map<string, URL>();
  for (const match of index.matchAll(LINK)) {
    let url: URL;
    try {
      url = new URL(match[2], base);
    } catch {
      continue;
    }
    url.hash = '';
    if (url.protocol !== base.protocol || (isUrl && !/^https?:$/.test(url.protocol))) continue;
    if (links.size >= MAX_LINKS) break;
    links.set(url.href, url);
  }
  if (links.size === 0) throw new DocsError('SOURCE_INVALID', `${location} links to no pages. An llms.txt lists pages as Markdown links: - [Title](url).`);

  const files: SourceFile[] = [];
  const queue = [...links.values()];
  const baseDir = new URL('.', base);
  async function worker(): Promise<void> {
    for (let url = queue.shift(); url; url = queue.shift()) {
      const path = pagePath(url, baseDir);
      if (!path) {
        warnings.push(`${url.href}: skipped (outside the llms.txt folder)`);
        continue;
      }
      try {
        const text = await load(url, url.href);
        if (/^\s*<(!doctype html|html)/i.test(text)) {
          warnings.push(`${url.href}: skipped (HTML, not Markdown)`);
          continue;
        }
        files.push({ path, content: text });
      } catch (error) {
        warnings.push(`${url.href}: skipped (${(error as Error).message})`);
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  files.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { files, warnings };
}

async function load(url: URL, label: string): Promise<string> {
  if (url.protocol === 'file:') {
    let bytes: Buffer;
    try {
      bytes = await readFile(fileURLToPath(url));
    } catch (error) {
      throw new DocsError('SOURCE_UNREADABLE', `Cannot read ${label}: ${(error as Error).message}`, { cause: error });
    }
    const text = decodePage(bytes);
    if (text === undefined) throw new DocsError('SOURCE_UNREADABLE', `${label} is binary or not UTF-8.`);
    return text;
  }
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: 'text/markdown, text/plain;q=0.9, */*;q=0.1' } });
  } catch (error) {
    throw new DocsError('SOURCE_UNREADABLE', `Cannot fetch ${label}: ${(error as Error).message}`, { cause: error });
  }
  if (!response.ok) throw new DocsError('SOURCE_UNREADABLE', `Fetching ${label} answered HTTP ${response.status}.`);
  const text = decodePage(new Uint8Array(await response.arrayBuffer()));
  if (text === undefined) throw new DocsError('SOURCE_UNREADABLE', `${label} is binary or not UTF-8.`);
  return text;
}

/** A page's path in the doc set: relative to the llms.txt folder, always ending in .md. */
function pagePath(url: URL, baseDir: URL): string | undefined {
  let path: string;
  if (url.protocol === 'file:') {
    const rel = relative(fileURLToPath(baseDir), fileURLToPath(url));
    if (rel.startsWith('..') || rel.includes(`${sep}..`)) return undefined;
    path = rel.split(sep).join('/');
  } else {
    path = url.host === baseDir.host && url.pathname.startsWith(baseDir.pathname) ? url.pathname.slice(baseDir.pathname.length) : `${url.host}${url.pathname}`;
    path = decodeURIComponent(path).replace(/^\/+/, '');
  }
  if (!path || path.endsWith('/')) path += 'index';
  if (!/\.(md|mdx|markdown)$/i.test(path)) path = `${path.replace(/\.(html?|txt)$/i, '')}.md`;
  return path;
}
