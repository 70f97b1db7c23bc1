import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME_2, MAIN, tempDir } from '../helpers.js';

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
