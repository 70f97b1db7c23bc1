// The one way vdocs fetches a URL (llms.txt pages, feeds): http(s) only, a size limit per response
// counted after decompression, a time limit per response and a deadline for the whole source,
// redirects re-checked hop by hop, and private addresses refused unless the policy allows them.
// The address is checked when the socket connects (custom lookup), so DNS rebinding cannot slip past.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { DocsError } from '../errors.js';
import type { FetchPolicy } from './fetch-policy.js';
import { isPrivateAddress } from './private-address.js';

export interface Fetched {
  /** The URL that answered, after redirects. */
  url: URL;
  body: Buffer;
  /** Validators for a conditional request next time. */
  etag?: string;
  lastModified?: string;
  /** 304: the page is as it was when the validators sent were given (`body` is empty). */
  notModified?: boolean;
}

/**
 * `headers` (a forge token) go only to the origin first asked: a redirect to another origin is
 * followed without them.
 */
export async function fetchUrl(target: string | URL, policy: FetchPolicy, accept = '*/*', headers: Record<string, string> = {}): Promise<Fetched> {
  let url = parseUrl(target);
  const origin = url.origin;
  for (let hop = 0; ; hop++) {
    const response = await requestOnce(url, policy, accept, url.origin === origin ? headers : {});
    if (response.redirect === undefined) return { url, body: response.body!, etag: response.etag, lastModified: response.lastModified, notModified: response.notModified };
    if (hop >= policy.maxRedirects) throw new DocsError('SOURCE_REFUSED', `${url.href} redirects more than ${policy.maxRedirects} times.`);
    url = parseUrl(new URL(response.redirect, url));
  }
}

function parseUrl(target: string | URL): URL {
  let url: URL;
  try {
    url = new URL(String(target));
  } catch {
    throw new DocsError('SOURCE_INVALID', `"${String(target).slice(0, 200)}" is not a URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new DocsError('SOURCE_REFUSED', `${url.protocol} URLs are not fetched (${url.href.slice(0, 200)}); only http and https.`);
  if (url.username || url.password) throw new DocsError('SOURCE_REFUSED', `URLs with credentials are not fetched (${url.host}).`);
  return url;
}

function allowsPrivate(policy: FetchPolicy, hostname: string): boolean {
  const allowed = policy.allowPrivateNetwork;
  return allowed === true || (allowed !== false && allowed.has(hostname.toLowerCase()));
}

function refusePrivate(url: URL, address: string): DocsError {
  return new DocsError(
    'SOURCE_REFUSED',
    `${url.host} is a private, loopback or link-local address (${address}); vdocs does not fetch those in server mode. Set "allowPrivateNetwork": true in vdocs.config.json to allow it.`,
  );
}

interface Answer {
  redirect?: string;
  body?: Buffer;
  etag?: string;
  lastModified?: string;
  notModified?: boolean;
}

function requestOnce(url: URL, policy: FetchPolicy, accept: string, headers: Record<string, string>): Promise<Answer> {
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const privateOk = allowsPrivate(policy, hostname);
  if (isIP(hostname) && !privateOk && isPrivateAddress(hostname)) return Promise.reject(refusePrivate(url, hostname));
  const remaining = (policy.deadline ?? Infinity) - Date.now();
  if (remaining <= 0) return Promise.reject(new DocsError('SOURCE_UNREADABLE', `Fetching ${url.href} was not started: the source's time limit is spent.`));
  const timeoutMs = Math.min(policy.timeoutMs, remaining);

  // Checked at connect time, on every address the name resolves to.
  const lookup = (host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    dnsLookup(host, { all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error);
      const bad = addresses.find((a) => isPrivateAddress(a.address));
      if (bad && !privateOk) return callback(refusePrivate(url, bad.address));
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  };

  return new Promise<Answer>((resolve, reject) => {
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(error instanceof DocsError ? error : new DocsError('SOURCE_UNREADABLE', `Cannot fetch ${url.href}: ${error.message}`, { cause: error }));
    };
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(url, { method: 'GET', lookup: lookup as never, headers: { ...headers, accept, 'accept-encoding': 'gzip, deflate, br', 'user-agent': 'vdocs' } });
    const timer = setTimeout(() => fail(new DocsError('SOURCE_UNREADABLE', `Fetching ${url.href} took longer than ${Math.round(timeoutMs / 1000)} s.`)), timeoutMs);
    req.on('error', fail);
    const onAbort = () => fail(new DocsError('SOURCE_UNREADABLE', `Fetching ${url.href} was stopped.`));
    if (policy.signal?.aborted) onAbort();
    policy.signal?.addEventListener('abort', onAbort, { once: true });
    req.once('close', () => policy.signal?.removeEventListener('abort', onAbort));
    req.on('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        settled = true;
        clearTimeout(timer);
        req.destroy();
        return resolve({ redirect: res.headers.location });
      }
      if (status === 304 && (headers['if-none-match'] || headers['if-modified-since'])) {
        res.resume();
        settled = true;
        clearTimeout(timer);
        return resolve({ body: Buffer.alloc(0), notModified: true, etag: header(res, 'etag'), lastModified: header(res, 'last-modified') });
      }
      if (status < 200 || status >= 300) {
        res.resume();
        return fail(new DocsError('SOURCE_UNREADABLE', `Fetching ${url.href} answered HTTP ${status}.`, { details: { status } }));
      }
      const declared = Number(res.headers['content-length'] ?? NaN);
      if (declared > policy.maxBytes && !res.headers['content-encoding']) return fail(tooLarge(url, policy));
      let stream: Readable = res;
      const encoding = String(res.headers['content-encoding'] ?? '').toLowerCase();
      if (encoding === 'gzip' || encoding === 'x-gzip') stream = res.pipe(createGunzip());
      else if (encoding === 'deflate') stream = res.pipe(createInflate());
      else if (encoding === 'br') stream = res.pipe(createBrotliDecompress());
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > policy.maxBytes) return fail(tooLarge(url, policy));
        chunks.push(chunk);
      });
      stream.on('error', fail);
      stream.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ body: Buffer.concat(chunks), etag: header(res, 'etag'), lastModified: header(res, 'last-modified') });
      });
    });
    req.end();
  });
}

function header(res: IncomingMessage, name: string): string | undefined {
  const value = res.headers[name];
  return typeof value === 'string' && value.length <= 512 ? value : undefined;
}

function tooLarge(url: URL, policy: FetchPolicy): DocsError {
  return new DocsError('SOURCE_TOO_LARGE', `${url.href} is over the ${policy.maxBytes}-byte limit for one response ("maxFetchBytes" in vdocs.config.json raises it).`);
}
