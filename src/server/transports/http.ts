// MCP over Streamable HTTP, stateless: each request gets a fresh server over the shared store, so
// any number of instances can sit behind a load balancer. Guards run before the MCP handler.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler } from '@modelcontextprotocol/server';
import type { ServerContext } from '../context.js';
import { createServer } from '../create-server.js';
import { PAGE_HTML } from '../web/page-html.js';
import { handleWebApi } from '../web/web-api.js';
import { checkBearer, checkOrigin, clientKey, createRateLimiter, LOCAL_HOSTS, type Refusal } from './http-guards.js';

export interface HttpOptions {
  host: string;
  port: number;
  tokens: string[];
  /** Origins (hostnames or full origins) allowed besides localhost. */
  origins: string[];
  maxBodyBytes: number;
  ratePerMinute: number;
}

export interface HttpServerHandle {
  url: string;
  close(): Promise<void>;
}

export async function serveOverHttp(context: ServerContext, options: HttpOptions): Promise<HttpServerHandle> {
  const mcp = toNodeHandler(createMcpHandler(() => createServer(context, context.tools), { onerror: (e) => context.log(`http: ${e.message}`) }), {
    maxRequestBodySize: options.maxBodyBytes,
    onerror: (e) => context.log(`http: ${e.message}`),
  });
  const limit = createRateLimiter(options.ratePerMinute);
  const origins = [...LOCAL_HOSTS, ...options.origins];
  let inFlight = 0;

  const server = createHttpServer(async (req, res) => {
    inFlight++;
    res.on('close', () => inFlight--);
    try {
      await handle(req, res);
    } catch (error) {
      context.log(`http: ${(error as Error).message}`);
      if (!res.headersSent) refuse(res, { status: 500, headers: {}, message: 'Internal error.' });
    }
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health') {
      const docSets = await context.store.listDocSets().catch(() => undefined);
      res.writeHead(docSets ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: docSets ? 'ok' : 'store unavailable', docsets: docSets?.length ?? 0 }));
      return;
    }
    if (path === '/' && req.method === 'GET') {
      // The page itself holds no data; its API calls below carry the token.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'" });
      res.end(PAGE_HTML);
      return;
    }
    const isApi = path.startsWith('/api/') && req.method === 'GET';
    if (path !== '/mcp' && !isApi) return refuse(res, { status: 404, headers: {}, message: 'Not found. The MCP endpoint is /mcp.' });
    const refusal = checkOrigin(req, origins) ?? checkBearer(req, options.tokens) ?? limit(clientKey(req));
    if (refusal) return refuse(res, refusal);
    if (isApi) return handleWebApi(context, new URL(req.url ?? '/', 'http://localhost'), res);
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > options.maxBodyBytes) return refuse(res, { status: 413, headers: {}, message: `The body is over ${options.maxBodyBytes} bytes.` });
    await mcp(req, res);
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
        server.close(() => resolve());
        server.closeIdleConnections();
        const timer = setInterval(() => {
          if (inFlight === 0) {
            server.closeIdleConnections();
            clearInterval(timer);
          }
        }, 50);
        setTimeout(() => {
          clearInterval(timer);
          server.closeAllConnections();
        }, 10_000).unref();
      }),
  };
}

function refuse(res: ServerResponse, refusal: Refusal): void {
  res.writeHead(refusal.status, { 'content-type': 'application/json', ...refusal.headers });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: refusal.message }, id: null }));
}
