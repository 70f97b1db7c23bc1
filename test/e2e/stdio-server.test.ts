import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateTokens } from '../../src/text/budget.js';
import { startFakeRegistry } from '../fake-registry.js';
import { ACME_1, ACME_2, MAIN, tempDir } from '../helpers.js';
import { makeTarball } from '../tarball.js';

type TextContent = { type: 'text'; text: string };
const textOf = (result: { content?: unknown }) => ((result.content as TextContent[])[0]?.text ?? '');

async function connect(env: NodeJS.ProcessEnv, args: string[] = []): Promise<Client> {
  const client = new Client({ name: 'vdocs-test', version: '1' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [MAIN, 'serve', '--no-default', ...args], env: env as Record<string, string>, stderr: 'pipe' }));
  return client;
}

describe('vdocs serve over stdio', () => {
  const home = tempDir();
  const env = { ...process.env, VDOCS_HOME: home.path, VDOCS_INDEX: join(home.path, 'index.sqlite') };
  let client: Client;

  beforeAll(async () => {
    execFileSync(process.execPath, [MAIN, 'add', ACME_1, '--name', 'acme'], { env });
    execFileSync(process.execPath, [MAIN, 'add', ACME_2, '--name', 'acme'], { env });
    client = await connect(env);
  });
  afterAll(async () => {
    await client.close();
    home.remove();
  });

  it('offers the read-only tools that can do something here, within the 1,500-token budget', async () => {
    const tools = await client.listTools();
    // A project with node_modules (this repository): its packages and exports; no course, no feed.
    expect(tools.tools.map((t) => t.name).sort()).toEqual([
      'changes_since', 'diff_docs', 'get_export', 'installed_packages', 'list_docs', 'list_docsets', 'list_exports', 'migration_guides', 'read_doc', 'search_docs',
    ]);
    for (const tool of tools.tools) expect(tool.annotations?.readOnlyHint).toBe(true);
    // By the estimate every answer budget uses (3.5 characters a token, above the o200k count).
    expect(estimateTokens(JSON.stringify(tools))).toBeLessThanOrEqual(1500);
  });

  it('keeps the core tools within 1,500 tokens', async () => {
    const core = await connect(env, ['--tools', 'search_docs,read_doc,list_docs,list_docsets,diff_docs']);
    expect(estimateTokens(JSON.stringify(await core.listTools()))).toBeLessThanOrEqual(1500);
    await core.close();
  });

  it('offers only the tools asked for with --tools', async () => {
    const small = await connect(env, ['--tools', 'search_docs,read_doc']);
    const tools = await small.listTools();
    expect(tools.tools.map((t) => t.name).sort()).toEqual(['read_doc', 'search_docs']);
    expect(Math.ceil(JSON.stringify(tools).length / 3)).toBeLessThanOrEqual(700);
    await small.close();
  });

  it('answers search_docs with ranked sections that name the doc set and version', async () => {
    const result = await client.callTool({ name: 'search_docs', arguments: { query: 'RenderError detached target', docset: 'acme', version: '1.0.0' } });
    expect(result.isError).toBeFalsy();
    const text = textOf(result);
    expect(text).toContain('acme@1.0.0');
    expect(text.indexOf('reference/errors.md#rendererror')).toBeGreaterThan(-1);
  });

  it('never exceeds maxTokens', async () => {
    for (const maxTokens of [200, 500, 2000]) {
      const result = await client.callTool({ name: 'search_docs', arguments: { query: 'widget', limit: 50, maxTokens } });
      expect(Math.ceil(textOf(result).length / 3.5)).toBeLessThanOrEqual(maxTokens);
      const page = await client.callTool({ name: 'read_doc', arguments: { path: 'reference/widget.md', docset: 'acme', maxTokens } });
      expect(Math.ceil(textOf(page).length / 3.5)).toBeLessThanOrEqual(maxTokens);
    }
  });

  it('reads pages and sections and continues long pages with a cursor', async () => {
    const first = textOf(await client.callTool({ name: 'read_doc', arguments: { path: 'reference/widget.md', docset: 'acme', maxTokens: 200 } }));
    const cursor = /cursor="([^"]+)"/.exec(first)?.[1];
    expect(cursor).toBeDefined();
    const next = textOf(await client.callTool({ name: 'read_doc', arguments: { path: 'reference/widget.md', docset: 'acme', maxTokens: 200, cursor } }));
    expect(next).toMatch(/lines \d+-\d+ of \d+/);
    expect(next).not.toBe(first);
  });

  it('answers bad input with isError and a next step', async () => {
    const outside = await client.callTool({ name: 'read_doc', arguments: { path: '../../etc/passwd' } });
    expect(outside.isError).toBe(true);
    expect(textOf(outside)).toMatch(/^PATH_OUTSIDE_DOC_SET/);
    const unknown = await client.callTool({ name: 'read_doc', arguments: { path: 'guides/chaching.md', docset: 'acme' } });
    expect(textOf(unknown)).toContain('guides/caching.md');
    const empty = await client.callTool({ name: 'search_docs', arguments: { query: '' } });
    expect(empty.isError).toBe(true);
    const huge = await client.callTool({ name: 'search_docs', arguments: { query: 'a'.repeat(5000) } });
    expect(textOf(huge)).toMatch(/INVALID_QUERY/);
  });

  it('lists doc sets and folders', async () => {
    expect(textOf(await client.callTool({ name: 'list_docsets', arguments: {} }))).toMatch(/acme@2\.0\.0: 4 pages[\s\S]*acme@1\.0\.0: 4 pages/);
    expect(textOf(await client.callTool({ name: 'list_docs', arguments: { docset: 'acme' } }))).toContain('migration.md — Migrating from 1.x to 2.0');
  });

  it('answers diff_docs with the file summary, hunks and topic sections', async () => {
    const whole = textOf(await client.callTool({ name: 'diff_docs', arguments: { docset: 'acme', from: '1.0.0', to: '2.0.0' } }));
    expect(whole).toMatch(/^acme@1\.0\.0 → 2\.0\.0: 3 files changed \(1 added, 1 removed, 1 modified\)/);
    expect(whole).toContain('+npm install acme-widgets@2');
    const topic = textOf(await client.callTool({ name: 'diff_docs', arguments: { docset: 'acme', from: '1.0.0', to: '2.0.0', query: 'maxRetries default' } }));
    expect(topic).toContain('changed: guides/getting-started.md#configure-retries');
    const small = await client.callTool({ name: 'diff_docs', arguments: { docset: 'acme', from: '1.0.0', to: '2.0.0', maxTokens: 200 } });
    expect(textOf(small)).toMatch(/more parts: call again with cursor=/);
    const reversed = textOf(await client.callTool({ name: 'diff_docs', arguments: { docset: 'acme', from: '2.0.0', to: '1.0.0' } }));
    expect(reversed).toContain('reversed');
    const same = await client.callTool({ name: 'diff_docs', arguments: { docset: 'acme', from: '2.0.0', to: '2' } });
    expect(same.isError).toBe(true);
    const unknown = textOf(await client.callTool({ name: 'diff_docs', arguments: { docset: 'acme', from: '0.9', to: '2.0.0' } }));
    expect(unknown).toMatch(/VERSION_NOT_FOUND.*acme@2\.0\.0, acme@1\.0\.0/);
  });

  it('browses, outlines, fetches and searches migration guides', async () => {
    const list = textOf(await client.callTool({ name: 'migration_guides', arguments: { docset: 'acme' } }));
    expect(list).toContain('guides/migration.md — Migrating from 1.x to 2.0');
    const outline = textOf(await client.callTool({ name: 'migration_guides', arguments: { docset: 'acme', path: 'guides/migration.md', listSections: true } }));
    expect(outline).toContain('#breaking-changes');
    const fetched = textOf(await client.callTool({ name: 'migration_guides', arguments: { docset: 'acme', path: 'guides/migration.md', sections: ['breaking-changes', 'nope'] } }));
    expect(fetched).toContain('`color` is renamed to `palette`');
    expect(fetched).toContain('no section "nope"');
    const found = textOf(await client.callTool({ name: 'migration_guides', arguments: { docset: 'acme', query: 'palette rename' } }));
    expect(found).toContain('guides/migration.md#breaking-changes');
    const none = await client.callTool({ name: 'migration_guides', arguments: { docset: 'acme', version: '1.0.0' } });
    expect(none.isError).toBe(true);
  });

  it('offers upgrade and migration-checklist prompts', async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name).sort()).toEqual(['migration-checklist', 'upgrade']);
    const upgrade = await client.getPrompt({ name: 'upgrade', arguments: { docset: 'acme', to: '2.0.0' } });
    expect((upgrade.messages[0].content as TextContent).text).toContain('migration_guides');
  });

  it('serves every page as a docs:// resource', async () => {
    const { resources } = await client.listResources();
    expect(resources).toHaveLength(8);
    const uri = resources.find((r) => r.uri.endsWith('guides/caching.md') && r.uri.includes('2.0.0'))!.uri;
    const read = await client.readResource({ uri });
    expect((read.contents[0] as { text: string }).text).toContain('activateAfterIdle');
  });
});

describe('vdocs serve with configured doc sets', () => {
  it('indexes an npm doc set on first use, then serves the cached index when the registry is gone', async () => {
    const home = tempDir();
    const registry = await startFakeRegistry([
      { name: 'vdocs-served-docs', versions: { '3.1.0': makeTarball([{ path: 'package/docs/setup.md', content: '# Setup\n\nRun `served-setup --fast` to begin.' }]) } },
    ]);
    const env = { ...process.env, VDOCS_HOME: home.path, VDOCS_INDEX: join(home.path, 'index.sqlite'), npm_config_registry: registry.url, npm_config_cache: join(home.path, 'npm') };
    const first = await connect(env, ['--docs', 'served=npm:vdocs-served-docs@latest']);
    const answer = textOf(await first.callTool({ name: 'search_docs', arguments: { query: 'served-setup fast' } }));
    expect(answer).toContain('served@3.1.0');
    await first.close();
    await registry.close();

    const offline = await connect({ ...env, npm_config_registry: 'http://127.0.0.1:9/' }, ['--docs', 'served=npm:vdocs-served-docs@latest']);
    const again = textOf(await offline.callTool({ name: 'search_docs', arguments: { query: 'served-setup fast' } }));
    expect(again).toContain('served@3.1.0');
    await offline.close();
    home.remove();
  });
});

describe('vdocs serve on a first run without the registry', () => {
  const home = tempDir();
  const env = { ...process.env, VDOCS_HOME: home.path, VDOCS_INDEX: join(home.path, 'index.sqlite'), npm_config_cache: join(home.path, 'npm') };
  afterAll(() => home.remove());

  const serveDefault = async (registry: string) => {
    const client = new Client({ name: 'vdocs-test', version: '1' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [MAIN, 'serve'], env: { ...env, npm_config_registry: registry } as Record<string, string>, cwd: home.path, stderr: 'pipe' }));
    return client;
  };

  it('answers at once with what is missing when the registry refuses connections', async () => {
    const client = await serveDefault('http://127.0.0.1:9/');
    const result = await client.callTool({ name: 'search_docs', arguments: { query: 'agent memory' } });
    await client.close();
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^NOT_READY: Indexing mastra \(npm:@mastra\/mcp-docs-server@latest#\.docs\) needs the npm registry, which could not be reached .*Cached doc sets: none\. Add a local folder with `vdocs add <folder>`/);
  });

  it('answers within seconds when the registry accepts connections but never answers', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const client = await serveDefault(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/`);
    const result = await client.callTool({ name: 'search_docs', arguments: { query: 'agent memory' } });
    await client.close();
    silent.closeAllConnections();
    silent.close();
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^NOT_READY: Indexing mastra .* needs the npm registry, which has not answered yet/);
  });
});

describe('vdocs serve started by hand in a terminal', () => {
  it('says on stderr what it is and how to connect a client (a client\'s pipe hears none of it)', async () => {
    const home = tempDir();
    const env = { ...process.env, VDOCS_HOME: home.path, VDOCS_INDEX: join(home.path, 'index.sqlite') };
    // `script` gives the server a terminal as stdin, as `npm start` from a shell does.
    const child = spawn('script', ['-qfc', `${JSON.stringify(process.execPath)} ${JSON.stringify(MAIN)} serve --no-default`, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    let seen = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk) => {
        seen += chunk;
        if (seen.includes('claude mcp add vdocs')) resolve();
      });
    });
    // The whole group: script and the server under it.
    process.kill(-child.pid!, 'SIGKILL');
    home.remove();
    expect(seen).toContain('MCP server over stdio');
    expect(seen).toMatch(/claude mcp add vdocs -- node \S+main\.js serve/);
  });
});
