// MCP over Streamable HTTP, stateless: each request gets a fresh server over the shared store, so
// any number of instances can sit behind a load balancer. Guards run before the MCP handler;
// connections are bounded in number and idle time.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler } from '@modelcontextprotocol/server';
import type { ServerContext } from '../context.js';
import { createServer } from '../create-server.js';
import { showMessage } from '../project-path.js';
import { PAGE_HTML } from '../web/page-html.js';
import { PAGE_SCRIPT } from '../web/page-script.js';
import { PAGE_STYLE } from '../web/page-style.js';
import { handleWebApi } from '../web/web-api.js';
import { guardConnections } from './connection-guard.js';
import { addressKey, checkBearer, checkHost, checkOrigin, createRateLimiter, LOCAL_HOSTS, SECURITY_HEADERS, tokenKey, type Refusal } from './http-guards.js';

export interface HttpOptions {
  host: string;
  port: number;
  tokens: string[];
  /** Origins (hostnames or full origins) allowed besides localhost. */
  origins: string[];
  /** Host names the server may be reached by besides loopback, the bound host and IP literals. */
  hosts?: string[];
  maxBodyBytes: number;
  ratePerMinute: number;
  /** A connection that sends nothing for this long is closed (default 30 s). */
  idleTimeoutMs?: number;
  /** Open connections at most; past it the longest-idle one is closed (default 512). */
  maxConnections?: number;
}

export interface HttpServerHandle {
  url: string;
  close(): Promise<void>;
}

/** Failed authentications allowed per client address a minute, before 429. */
const FAILED_AUTH_PER_MINUTE = 30;

const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export async function serveOverHttp(context: ServerContext, options: HttpOptions): Promise<HttpServerHandle> {
  const mcp = toNodeHandler(createMcpHandler(() => createServer(context), { onerror: (e) => context.log(`http: ${e.message}`) }), {
    maxRequestBodySize: options.maxBodyBytes,
    onerror: (e) => context.log(`http: ${e.message}`),
  });
  const limit = createRateLimiter(options.ratePerMinute);
  const limitFailedAuth = createRateLimiter(FAILED_AUTH_PER_MINUTE);
  const origins = [...LOCAL_HOSTS, ...options.origins];
  const hosts = [...LOCAL_HOSTS, options.host.toLowerCase(), ...(options.hosts ?? []).map((h) => h.toLowerCase())];

  const server = createHttpServer(async (req, res) => {
    guard.receiving(req.socket);
    res.on('close', () => guard.answered(req.socket));
    try {
      await handle(req, res);
    } catch (error) {
      context.log(`http: ${(error as Error).message}`);
      if (!res.headersSent) refuse(res, { status: 500, headers: {}, message: 'Internal error.' });
    }
  });
  const guard = guardConnections(server, { idleTimeoutMs: options.idleTimeoutMs ?? 30_000, maxConnections: options.maxConnections ?? 512 });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    const hostRefusal = checkHost(req, hosts);
    if (hostRefusal) return refuse(res, hostRefusal);
    if (path === '/health') {
      const health = await context.store.health();
      res.writeHead(health.ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store', ...SECURITY_HEADERS });
      res.end(JSON.stringify({ status: health.ok ? 'ok' : 'store unavailable', store: health.state, docsets: health.docSets, ...(health.ok ? {} : { detail: showMessage(context, health.detail ?? '') }) }));
      return;
    }
    if (req.method === 'GET' && (path === '/' || path === '/app.js' || path === '/app.css')) {
      // The page itself holds no data; its API calls below carry the token.
      const [type, body] = path === '/app.js' ? ['text/javascript', PAGE_SCRIPT] : path === '/app.css' ? ['text/css', PAGE_STYLE] : ['text/html', PAGE_HTML];
      res.writeHead(200, { 'content-type': `${type}; charset=utf-8`, 'content-security-policy': PAGE_CSP, ...SECURITY_HEADERS });
      res.end(body);
      return;
    }
    const isApi = path.startsWith('/api/') && req.method === 'GET';
    if (path !== '/mcp' && !isApi) return refuse(res, { status: 404, headers: {}, message: 'Not found. The MCP endpoint is /mcp.' });
    const originRefusal = checkOrigin(req, origins);
    if (originRefusal) return refuse(res, originRefusal);
    const auth = checkBearer(req, options.tokens);
    if (auth.refusal) return refuse(res, limitFailedAuth(addressKey(req)) ?? auth.refusal);
    const key = auth.token ? tokenKey(auth.token) : addressKey(req);
    let parsed: unknown;
    if (!isApi && req.method === 'POST') {
      const body = await readBody(req, options.maxBodyBytes);
      if (body.refusal) return refuse(res, body.refusal);
      parsed = body.parsed;
    }
    guard.answering(req.socket);
    // Each call of a JSON-RPC batch counts, so a batch of 100 tool calls costs 100.
    const limited = limit(key, Array.isArray(parsed) ? Math.max(1, parsed.length) : 1);
    if (limited) return refuse(res, limited);
    if (isApi) return handleWebApi(context, new URL(req.url ?? '/', 'http://localhost'), res);
    await mcp(req, res, parsed);
  }

  // Slow clients (slowloris) are cut off: headers within 10 s, the whole request within 30 s.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/mcp`,
    close: () =>
      new Promise<void>((resolve) => {
        // Stop accepting, let in-flight requests finish, then drop idle keep-alive sockets.
        server.close(() => {
          guard.stop();
          resolve();
        });
        server.closeIdleConnections();
        const timer = setInterval(() => {
          if (guard.inFlight() === 0) {
            server.closeIdleConnections();
            clearInterval(timer);
          }
        }, 50);
        setTimeout(() => {
          clearInterval(timer);
          guard.stop();
          server.closeAllConnections();
        }, 10_000).unref();
      }),
  };
}

/** The request body, bounded, parsed as JSON. */
async function readBody(req: IncomingMessage, maxBytes: number): Promise<{ parsed?: unknown; refusal?: Refusal }> {
  const tooLarge = { refusal: { status: 413, headers: {}, message: `The body is over ${maxBytes} bytes.` } };
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) return tooLarge;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) return tooLarge;
    chunks.push(chunk);
  }
  try {
    return { parsed: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    return { refusal: { status: 400, headers: {}, message: 'Parse error: the body is not JSON.' } };
  }
}

function refuse(res: ServerResponse, refusal: Refusal): void {
  res.writeHead(refusal.status, { 'content-type': 'application/json', ...SECURITY_HEADERS, ...refusal.headers });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: refusal.status === 400 ? -32700 : -32000, message: refusal.message }, id: null }));
}
