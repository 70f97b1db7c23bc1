import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME_2, MAIN, tempDir, writeFiles } from '../helpers.js';

const TOKEN = 'test-token-123';
type TextContent = { type: 'text'; text: string };

async function startServer(env: NodeJS.ProcessEnv, args: string[]): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [MAIN, 'serve', '--http', '--port', '0', '--no-default', ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (chunk) => {
      stderr += chunk;
      const match = /listening on (\S+)/.exec(stderr);
      if (match) resolve(match[1]);
    });
    child.once('exit', () => reject(new Error(`server exited: ${stderr}`)));
  });
  return { child, url, stderr: () => stderr };
}

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'curl', version: '1' } },
};

describe('vdocs serve --http', () => {
  const home = tempDir();
  const env = { ...process.env, VDOCS_HOME: home.path, VDOCS_INDEX: join(home.path, 'index.sqlite') };
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    execFileSync(process.execPath, [MAIN, 'add', ACME_2, '--name', 'acme'], { env });
    server = await startServer(env, ['--token', TOKEN, '--rate-limit', '300', '--max-body', '20000']);
  });
  afterAll(() => {
    server.child.kill('SIGTERM');
    home.remove();
  });

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(server.url, { method: 'POST', body, headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } });

  it('serves a real MCP client that sends the bearer token', async () => {
    const client = new Client({ name: 'vdocs-test', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } }));
    const tools = await client.listTools();
    expect(tools.tools.map((t) => t.name)).toContain('search_docs');
    const result = await client.callTool({ name: 'search_docs', arguments: { query: 'maxRetries default' } });
    expect((result.content as TextContent[])[0].text).toContain('acme@2.0.0');
    await client.close();
  });

  it('answers 401 with WWW-Authenticate and no data without a valid token', async () => {
    const missing = await post(JSON.stringify(initialize));
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="vdocs"');
    const wrong = await post(JSON.stringify(initialize), { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('invalid_token');
    expect(await wrong.text()).not.toContain('acme');
  });

  it('answers 403 to a foreign Origin', async () => {
    const response = await post(JSON.stringify(initialize), { authorization: `Bearer ${TOKEN}`, origin: 'http://evil.example' });
    expect(response.status).toBe(403);
  });

  it('refuses oversized bodies, malformed JSON-RPC and unknown paths', async () => {
    expect((await post('x'.repeat(30_000), { authorization: `Bearer ${TOKEN}` })).status).toBe(413);
    const malformed = await post('{not json', { authorization: `Bearer ${TOKEN}` });
    expect(malformed.status).toBe(400);
    expect((await fetch(server.url.replace('/mcp', '/nope'))).status).toBe(404);
    const unknown = await post(JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'nope/nothing', params: {} }), {
      authorization: `Bearer ${TOKEN}`,
      'mcp-protocol-version': '2025-06-18',
    });
    expect(await unknown.text()).toContain('"code":-32601');
  });

  it('reports health without a token', async () => {
    const health = await fetch(server.url.replace('/mcp', '/health'));
    expect(await health.json()).toEqual({ status: 'ok', store: 'ok', docsets: 1 });
  });

  it('limits the request rate per client', async () => {
    const limited = await startServer(env, ['--rate-limit', '5']);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await fetch(limited.url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status);
    limited.child.kill('SIGTERM');
    expect(statuses.slice(0, 5).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
  });

  it('finishes a request in flight when asked to stop', async () => {
    const own = await startServer(env, []);
    const body = JSON.stringify(initialize);
    // Half the body is sent, then SIGTERM, then the rest: the request is in flight while the server stops.
    const response = new Promise<number>((resolve, reject) => {
      const req = request(own.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.write(body.slice(0, 20));
      setTimeout(() => {
        own.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(20)), 200);
      }, 200);
    });
    expect(await response).toBe(200);
    if (own.child.exitCode === null) await new Promise((resolve) => own.child.once('exit', resolve));
    expect(own.stderr()).toContain('shutting down');
  });
});

describe('vdocs serve --http under attack', () => {
  const home = tempDir();
  const project = tempDir();
  const env = { ...process.env, VDOCS_HOME: home.path, VDOCS_INDEX: join(home.path, 'index.sqlite') };
  beforeAll(() => {
    execFileSync(process.execPath, [MAIN, 'add', ACME_2, '--name', 'acme'], { env });
  });
  afterAll(() => {
    home.remove();
    project.remove();
  });

  /** A raw HTTP/1.1 GET with any Host header, as a rebinding browser would send it. */
  const rawGet = (url: string, path: string, headers: Record<string, string>) =>
    new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
      const req = request(url.replace('/mcp', path), { method: 'GET', headers, setHost: false }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      });
      req.on('error', reject);
      req.end();
    });

  it('closes silent connections at the idle timeout and keeps /health answering while 1,100 are open', async () => {
    const server = await startServer(env, ['--idle-timeout', '1000']);
    const { port } = new URL(server.url);
    const sockets = await Promise.all(
      Array.from({ length: 1100 }, () => new Promise<Socket>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => resolve(socket));
        socket.on('error', () => undefined);
        socket.once('error', reject);
      })),
    );
    const closed = sockets.map((s) => new Promise<void>((resolve) => (s.destroyed ? resolve() : s.once('close', () => resolve()))));
    const health = await fetch(server.url.replace('/mcp', '/health'));
    expect(health.status).toBe(200);
    // Every silent connection is closed by the server (the oldest ones early, to make room).
    await Promise.all(closed);
    server.child.kill('SIGTERM');
  });

  it('reports damage past the catalogue on /health before any search trips on it', async () => {
    const damaged = tempDir();
    const file = join(damaged.path, 'index.sqlite');
    const denv = { ...env, VDOCS_HOME: damaged.path, VDOCS_INDEX: file };
    execFileSync(process.execPath, [MAIN, 'add', ACME_2, '--name', 'acme'], { env: denv });
    // Pages past the catalogue are overwritten: opening the index and listing doc sets still work.
    const bytes = readFileSync(file);
    for (let page = 5; page < bytes.length / 4096; page++) bytes.fill(0xff, page * 4096 + 100, page * 4096 + 400);
    writeFileSync(file, bytes);
    const server = await startServer(denv, []);
    const health = await fetch(server.url.replace('/mcp', '/health'));
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'store unavailable', store: 'corrupt', detail: expect.stringMatching(/quick_check/) });
    server.child.kill('SIGTERM');
    damaged.remove();
  });

  it('answers /health during a slow-body flood of 512 connections (POST headers, then a byte now and then)', async () => {
    const server = await startServer(env, []);
    const { port } = new URL(server.url);
    const flood = await Promise.all(
      Array.from({ length: 512 }, () => new Promise<Socket>((resolve, reject) => {
        // Expect: 100-continue makes the server say when it has read the headers and begun the request.
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write(`POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 10000\r\nExpect: 100-continue\r\n\r\n`);
        });
        socket.once('data', (chunk) => (String(chunk).startsWith('HTTP/1.1 100') ? socket.write('{', () => resolve(socket)) : reject(new Error(String(chunk)))));
        socket.on('error', () => undefined);
        socket.once('error', reject);
      })),
    );
    // A second byte on each proves they are all still open and trickling.
    await Promise.all(flood.map((s) => new Promise<void>((resolve) => s.write(' ', () => resolve()))));
    for (let i = 0; i < 3; i++) {
      const health = await fetch(server.url.replace('/mcp', '/health'));
      expect(health.status).toBe(200);
    }
    flood.forEach((s) => s.destroy());
    server.child.kill('SIGTERM');
  });

  it('refuses a request whose Host is a name it does not serve (DNS rebinding), on every route', async () => {
    const server = await startServer(env, ['--allow-host', 'docs.internal']);
    for (const path of ['/api/read?path=guides/getting-started.md&docset=acme', '/api/docsets', '/', '/mcp']) {
      const rebound = await rawGet(server.url, path, { host: 'evil.test:3333' });
      expect(rebound.status).toBe(403);
      expect(rebound.body).not.toContain('acme');
    }
    const port = new URL(server.url).port;
    expect((await rawGet(server.url, '/api/docsets', { host: `127.0.0.1:${port}` })).status).toBe(200);
    expect((await rawGet(server.url, '/api/docsets', { host: `localhost:${port}` })).status).toBe(200);
    expect((await rawGet(server.url, '/api/docsets', { host: 'docs.internal' })).status).toBe(200);
    server.child.kill('SIGTERM');
  });

  it('keys the rate limit by address, not by a header the client can vary, without tokens', async () => {
    const server = await startServer(env, ['--rate-limit', '5']);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      statuses.push((await fetch(server.url.replace('/mcp', '/api/docsets'), { headers: { authorization: `Bearer junk-${i}` } })).status);
    }
    server.child.kill('SIGTERM');
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
  });

  it('rate-limits failed token guesses', async () => {
    const server = await startServer(env, ['--token', 'right-token']);
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await fetch(server.url.replace('/mcp', '/api/docsets'), { headers: { authorization: `Bearer guess-${i}` } })).status);
    server.child.kill('SIGTERM');
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
  });

  it('counts every call of a JSON-RPC batch', async () => {
    const server = await startServer(env, ['--rate-limit', '5']);
    const batch = Array.from({ length: 10 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'tools/list', params: {} }));
    const response = await fetch(server.url, { method: 'POST', body: JSON.stringify(batch), headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' } });
    server.child.kill('SIGTERM');
    expect(response.status).toBe(429);
  });

  it('serves the page with a strict CSP and hardening headers', async () => {
    const server = await startServer(env, []);
    const page = await fetch(server.url.replace('/mcp', '/'));
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await page.text()).toContain('<script src="/app.js"></script>');
    const script = await fetch(server.url.replace('/mcp', '/app.js'));
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    server.child.kill('SIGTERM');
  });

  it('shows remote clients no server paths and keeps projectPath inside the --project roots', async () => {
    writeFiles(project.path, { 'package.json': '{"dependencies":{}}', 'node_modules/.package-lock.json': '{}' });
    const server = await startServer(env, ['--project', project.path]);
    const docsets = (await (await fetch(server.url.replace('/mcp', '/api/docsets'))).json()) as { docsets: Array<{ source: string }> };
    expect(docsets.docsets[0].source).toBe('folder:acme-2.0');
    const client = new Client({ name: 'vdocs-test', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
    const listed = (await client.callTool({ name: 'list_docsets', arguments: {} })).content as TextContent[];
    expect(listed[0].text).not.toContain(ACME_2);
    const outside = await client.callTool({ name: 'installed_packages', arguments: { projectPath: '/' } });
    expect(outside.isError).toBe(true);
    expect((outside.content as TextContent[])[0].text).toMatch(/^INVALID_ARGUMENT: projectPath is limited/);
    const inside = await client.callTool({ name: 'installed_packages', arguments: {} });
    expect((inside.content as TextContent[])[0].text).not.toContain(project.path);
    await client.close();
    server.child.kill('SIGTERM');
  });
});
