// News from an RSS 2.0 or Atom feed (a URL or a local file): title, date, link, short summary.
import { readFile } from 'node:fs/promises';
import { DocsError } from '../errors.js';

export interface NewsItem {
  title: string;
  date?: string;
  link?: string;
  summary: string;
}

const TIMEOUT_MS = 15_000;
const MAX_FEED_BYTES = 5 * 1024 * 1024;
const SUMMARY_CHARS = 280;

export async function readFeed(location: string): Promise<{ title: string; items: NewsItem[] }> {
  const xml = await load(location);
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

async function load(location: string): Promise<string> {
  if (!/^https?:\/\//i.test(location)) {
    try {
      return await readFile(location, 'utf8');
    } catch (error) {
      throw new DocsError('SOURCE_UNREADABLE', `Cannot read the feed ${location}: ${(error as Error).message}`, { cause: error });
    }
  }
  let response: Response;
  try {
    response = await fetch(location, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.1' } });
  } catch (error) {
    throw new DocsError('SOURCE_UNREADABLE', `Cannot fetch the feed ${location} (offline?): ${(error as Error).message}`, { cause: error });
  }
  if (!response.ok) throw new DocsError('SOURCE_UNREADABLE', `Fetching the feed ${location} answered HTTP ${response.status}.`);
  const body = await response.text();
  if (body.length > MAX_FEED_BYTES) throw new DocsError('SOURCE_INVALID', `The feed ${location} is over ${MAX_FEED_BYTES} bytes.`);
  return body;
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
