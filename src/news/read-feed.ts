// News from an RSS 2.0 or Atom feed (a configured URL or file): title, date, link, short summary.
// URLs go through the fetch policy; files are read within the same size limit.
import { realpath } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DocsError } from '../errors.js';
import { readConfinedFile } from '../ingest/sources/read-folder.js';
import { DEFAULT_FETCH_POLICY, type FetchPolicy } from '../net/fetch-policy.js';
import { fetchUrl } from '../net/fetch-url.js';

export interface NewsItem {
  title: string;
  date?: string;
  link?: string;
  summary: string;
}

const MAX_FEED_BYTES = 5 * 1024 * 1024;
const SUMMARY_CHARS = 280;

export async function readFeed(location: string, policy: FetchPolicy = DEFAULT_FETCH_POLICY): Promise<{ title: string; items: NewsItem[] }> {
  const xml = await load(location, { ...policy, maxBytes: Math.min(policy.maxBytes, MAX_FEED_BYTES), timeoutMs: Math.min(policy.timeoutMs, 15_000) });
  // Loaded when a feed is read, not at server start.
  const { XMLParser } = await import('fast-xml-parser');
  let doc: Record<string, any>;
  try {
    doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', processEntities: true, htmlEntities: true }).parse(xml) as Record<string, any>;
  } catch (error) {
    throw new DocsError('SOURCE_INVALID', `${location} is not a readable feed: ${(error as Error).message}`, { cause: error });
  }
  if (doc.rss?.channel) {
    const channel = doc.rss.channel;
    return {
      title: text(channel.title),
      items: list(channel.item).map((i) => ({ title: text(i.title), date: isoDate(text(i.pubDate) || text(i['dc:date'])), link: text(i.link) || undefined, summary: summarize(text(i.description)) })),
    };
  }
  if (doc.feed) {
    const feed = doc.feed;
    return {
      title: text(feed.title),
      items: list(feed.entry).map((e) => ({
        title: text(e.title),
        date: isoDate(text(e.updated) || text(e.published)),
        link: atomLink(e.link),
        summary: summarize(text(e.summary) || text(e.content)),
      })),
    };
  }
  throw new DocsError('SOURCE_INVALID', `${location} is neither an RSS nor an Atom feed.`);
}

async function load(location: string, policy: FetchPolicy): Promise<string> {
  if (!/^https?:\/\//i.test(location)) {
    let bytes: Buffer | string;
    try {
      bytes = await readConfinedFile(await realpath(dirname(location)), location, policy.maxBytes);
    } catch (error) {
      bytes = (error as Error).message;
    }
    if (typeof bytes === 'string') throw new DocsError('SOURCE_UNREADABLE', `Cannot read the feed ${location}: ${bytes}.`);
    return bytes.toString('utf8');
  }
  const fetched = await fetchUrl(location, policy, 'application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.1');
  return fetched.body.toString('utf8');
}

function list<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return text((value as Record<string, unknown>)['#text'] ?? '');
  return String(value).trim();
}

function atomLink(value: unknown): string | undefined {
  const links = list(value as Array<Record<string, string>> | Record<string, string> | undefined);
  const alternate = links.find((l) => !l['@rel'] || l['@rel'] === 'alternate') ?? links[0];
  return alternate?.['@href'];
}

function isoDate(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString().slice(0, 10);
}

/** Summaries are HTML inside XML: after the XML layer, their own entities remain. */
function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] === '#') return String.fromCodePoint(code[1].toLowerCase() === 'x' ? parseInt(code.slice(2), 16) : Number(code.slice(1)));
    return named[code.toLowerCase()] ?? whole;
  });
}

/** Plain text of an HTML summary, cut at a word near the limit. */
function summarize(html: string): string {
  const plain = decodeEntities(html.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
  if (plain.length <= SUMMARY_CHARS) return plain;
  return `${plain.slice(0, plain.lastIndexOf(' ', SUMMARY_CHARS))}…`;
}
