// Request guards of the HTTP server: bearer tokens (constant-time), allowed origins (DNS
// rebinding), and a per-client rate limit. Each answers with a status, or undefined to let pass.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface Refusal {
  status: number;
  headers: Record<string, string>;
  message: string;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Checks `Authorization: Bearer <token>` against the configured tokens without leaking timing. */
export function checkBearer(req: IncomingMessage, tokens: readonly string[]): Refusal | undefined {
  if (tokens.length === 0) return undefined;
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const challenge = 'Bearer realm="vdocs"';
  if (!match) return { status: 401, headers: { 'WWW-Authenticate': challenge }, message: 'Authentication required: send Authorization: Bearer <token>.' };
  const given = digest(match[1]);
  let ok = false;
  for (const token of tokens) ok = timingSafeEqual(given, digest(token)) || ok;
  if (!ok) return { status: 401, headers: { 'WWW-Authenticate': `${challenge}, error="invalid_token"` }, message: 'The token is not valid.' };
  return undefined;
}

/** Browsers send Origin; a page from another site must not drive the server (DNS rebinding). */
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

export const LOCAL_HOSTS = ['localhost', '127.0.0.1', '[::1]', '::1'];

/** Token bucket per client key: `perMinute` requests a minute, bursts up to the same number. */
export function createRateLimiter(perMinute: number): (key: string) => Refusal | undefined {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return (key) => {
    if (perMinute <= 0) return undefined;
    const now = Date.now();
    const bucket = buckets.get(key) ?? { tokens: perMinute, at: now };
    bucket.tokens = Math.min(perMinute, bucket.tokens + ((now - bucket.at) / 60_000) * perMinute);
    bucket.at = now;
    buckets.set(key, bucket);
    if (buckets.size > 10_000) buckets.clear(); // bounded memory under many clients; limits restart
    if (bucket.tokens < 1) {
      const wait = Math.ceil(((1 - bucket.tokens) / perMinute) * 60);
      return { status: 429, headers: { 'Retry-After': String(wait) }, message: `Too many requests; retry in ${wait} s.` };
    }
    bucket.tokens -= 1;
    return undefined;
  };
}

/** The key a client is limited by: its token when it has one, else its address. */
export function clientKey(req: IncomingMessage): string {
  const auth = req.headers.authorization;
  return auth ? `t:${digest(auth).toString('hex').slice(0, 16)}` : `a:${req.socket.remoteAddress ?? '?'}`;
}
