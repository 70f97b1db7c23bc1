import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME_2, MAIN, tempDir } from '../helpers.js';

const textOf = (r: { content?: unknown }) => (r.content as Array<{ text: string }>)[0].text;

describe('serve --compat mastra', () => {
  const home = tempDir();
  const env = { ...process.env, VDOCS_HOME: home.path, VDOCS_INDEX: join(home.path, 'index.sqlite') } as Record<string, string>;
  let client: Client;
  beforeAll(async () => {
    execFileSync(process.execPath, [MAIN, 'add', ACME_2, '--name', 'mastra@2.0.0'], { env });
    client = new Client({ name: 'vdocs-test', version: '1' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [MAIN, 'serve', '--no-default', '--compat', 'mastra'], env, stderr: 'pipe' }));
  });
  afterAll(async () => {
    await client.close();
    home.remove();
  });

  it('offers the Mastra tool names beside the vdocs ones', async () => {
    const names = (await client.listTools()).tools.map((t) => t.name);
    for (const name of ['mastraDocs', 'mastraMigration', 'searchMastraDocs', 'getMastraExports', 'getMastraExportDetails', 'listMastraPackages', 'startMastraCourse', 'nextMastraCourseStep']) {
      expect(names).toContain(name);
    }
    expect(names).toContain('search_docs');
  });

  it('answers mastraDocs by path and keywords, and mastraMigration, from vdocs', async () => {
    const docs = textOf(await client.callTool({ name: 'mastraDocs', arguments: { paths: ['guides/caching.md', '/etc/passwd'], queryKeywords: ['maxRetries'] } }));
    expect(docs).toContain('guides/caching.md (Caching) from mastra@2.0.0');
    expect(docs).toContain('No page or folder "etc/passwd"');
    expect(docs).not.toContain('root:');
    expect(docs).toContain('guides/getting-started.md#configure-retries');
    const migration = textOf(await client.callTool({ name: 'mastraMigration', arguments: { path: 'guides/migration.md', listSections: true } }));
    expect(migration).toContain('#breaking-changes');
    const search = textOf(await client.callTool({ name: 'searchMastraDocs', arguments: { query: 'palette', maxResults: 2 } }));
    expect(search).toContain('mastra@2.0.0');
  });
});
