// Request guards of the HTTP server: Host (DNS rebinding), Origin, bearer tokens (constant-time),
// per-client rate limits. Each answers with a refusal, or undefined to let the request pass.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

export interface Refusal {
  status: number;
  headers: Record<string, string>;
  message: string;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Sent with every answer: no content-type sniffing, no referrer, never framed. */
export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

export const LOCAL_HOSTS = ['localhost', '127.0.0.1', '[::1]', '::1'];

/**
 * A page on evil.test whose name is rebound to 127.0.0.1 reaches the server with `Host: evil.test`.
 * Allowed: the loopback names, the bound host, `--allow-host` names, and IP literals (a browser
 * that sends an IP literal as Host was pointed at that address, not at a rebindable name).
 */
export function checkHost(req: IncomingMessage, allowed: readonly string[]): Refusal | undefined {
  const header = req.headers.host;
  if (!header) return { status: 400, headers: {}, message: 'A Host header is required.' };
  let hostname: string;
  try {
    hostname = new URL(`http://${header}`).hostname.toLowerCase();
  } catch {
    return { status: 400, headers: {}, message: 'Malformed Host header.' };
  }
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (isIP(bare) || allowed.includes(hostname) || allowed.includes(bare)) return undefined;
  return { status: 403, headers: {}, message: `Host ${hostname} is not allowed (start the server with --allow-host ${hostname} to serve it under that name).` };
}

/** Browsers send Origin; a page from another site must not drive the server. */
export function checkOrigin(req: IncomingMessage, allowed: readonly string[]): Refusal | undefined {
  const origin = req.headers.origin;
  if (!origin) return undefined;
  let host: string;
  try {
    host = new URL(origin).hostname;
  } catch {
    return { status: 403, headers: {}, message: 'Malformed Origin header.' };
  }
  if (allowed.includes(host) || allowed.includes(origin)) return undefined;
  return { status: 403, headers: {}, message: `Origin ${origin} is not allowed.` };
}

/** The configured token a request carries, or the refusal (401) when tokens are required and it has none that is valid. */
export function checkBearer(req: IncomingMessage, tokens: readonly string[]): { token?: string; refusal?: Refusal } {
  if (tokens.length === 0) return {};
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const challenge = 'Bearer realm="vdocs"';
  if (!match) return { refusal: { status: 401, headers: { 'WWW-Authenticate': challenge }, message: 'Authentication required: send Authorization: Bearer <token>.' } };
  const given = digest(match[1]);
  let found: string | undefined;
  for (const token of tokens) if (timingSafeEqual(given, digest(token))) found = token;
  if (!found) return { refusal: { status: 401, headers: { 'WWW-Authenticate': `${challenge}, error="invalid_token"` }, message: 'The token is not valid.' } };
  return { token: found };
}

/** Token bucket per key: `perMinute` units a minute, bursts up to the same number. */
export function createRateLimiter(perMinute: number): (key: string, cost?: number) => Refusal | undefined {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return (key, cost = 1) => {
    if (perMinute <= 0) return undefined;
    const now = Date.now();
    const bucket = buckets.get(key) ?? { tokens: perMinute, at: now };
    bucket.tokens = Math.min(perMinute, bucket.tokens + ((now - bucket.at) / 60_000) * perMinute);
    bucket.at = now;
    // Re-inserted so the map stays in least-recently-used order; the oldest go first when full.
    buckets.delete(key);
    buckets.set(key, bucket);
    if (buckets.size > 10_000) buckets.delete(buckets.keys().next().value!);
    if (bucket.tokens < cost) {
      const wait = Math.max(1, Math.ceil(((cost - bucket.tokens) / perMinute) * 60));
      return { status: 429, headers: { 'Retry-After': String(wait) }, message: `Too many requests; retry in ${wait} s.` };
    }
    bucket.tokens -= cost;
    return undefined;
  };
}

/** Limit keys: a valid token's own bucket, else the client's address (never a header it can vary). */
export function tokenKey(token: string): string {
  return `t:${digest(token).toString('hex').slice(0, 16)}`;
}

export function addressKey(req: IncomingMessage): string {
  return `a:${req.socket.remoteAddress ?? '?'}`;
}
