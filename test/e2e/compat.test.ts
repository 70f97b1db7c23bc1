import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME_2, MAIN, tempDir, writeFiles } from '../helpers.js';

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

describe('serve --compat mastra in a Mastra project', () => {
  const home = tempDir();
  const project = tempDir();
  const docs = tempDir();
  const env = { ...process.env, VDOCS_HOME: home.path, VDOCS_INDEX: join(home.path, 'index.sqlite') } as Record<string, string>;
  let client: Client;
  beforeAll(async () => {
    writeFiles(docs.path, {
      'package.json': JSON.stringify({ name: 'mastra-docs', version: '1.2.27' }),
      'reference/migrations/upgrade-to-v1/agent.md': '# Agent\n\n## Voice methods\n\n`agent.speak()` moved to `agent.voice.speak()`.\n\n## Generate options\n\n`output` is now `structuredOutput`.\n',
      'reference/migrations/agentnetwork.md': '# AgentNetwork to supervisors\n\nUse a supervisor agent instead of `AgentNetwork`.\n',
      'docs/agents/overview.md': '# Agents\n\nAgents call tools.\n',
    });
    writeFiles(project.path, {
      'package.json': JSON.stringify({ dependencies: { '@mastra/core': '1.71.0' } }),
      'node_modules/@mastra/core/package.json': JSON.stringify({ name: '@mastra/core', version: '1.71.0' }),
      'node_modules/@mastra/core/dist/docs/references/docs-agents-overview.md': '# Agents\n\nIn core 1.71.0 agents also stream voice.\n',
    });
    client = new Client({ name: 'vdocs-test', version: '1' });
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: [MAIN, 'serve', '--no-default', '--docs', `mastra=${docs.path}`, '--compat', 'mastra'], cwd: project.path, env, stderr: 'pipe' }),
    );
  });
  afterAll(async () => {
    await client.close();
    for (const d of [home, project, docs]) d.remove();
  });

  it("takes the peer's migration paths and partial section titles", async () => {
    const agent = textOf(await client.callTool({ name: 'mastraMigration', arguments: { path: 'upgrade-to-v1/agent', sections: ['voice'] } }));
    expect(agent).toContain('agent.voice.speak()');
    expect(agent).not.toContain('structuredOutput');
    const network = textOf(await client.callTool({ name: 'mastraMigration', arguments: { path: 'agentnetwork' } }));
    expect(network).toContain('Use a supervisor agent');
  });

  it("reads an installed package's own docs, searches them by package, and says where to start", async () => {
    const topics = textOf(await client.callTool({ name: 'readMastraDocs', arguments: { package: '@mastra/core' } }));
    expect(topics).toContain('references');
    const file = textOf(await client.callTool({ name: 'readMastraDocs', arguments: { package: '@mastra/core', topic: 'references', file: 'docs-agents-overview' } }));
    expect(file).toContain('In core 1.71.0 agents also stream voice.');
    expect(file).toContain('@mastra/core@1.71.0 (installed)');
    const traversal = await client.callTool({ name: 'readMastraDocs', arguments: { package: '@mastra/core', topic: '../../../../etc', file: 'passwd' } });
    expect(traversal.isError).toBe(true);
    expect(textOf(traversal)).not.toContain('root:');
    const search = textOf(await client.callTool({ name: 'searchMastraDocs', arguments: { query: 'agents stream voice', package: '@mastra/core' } }));
    expect(search).toContain('from @mastra/core@1.71.0 (installed)');
    const help = textOf(await client.callTool({ name: 'getMastraHelp', arguments: {} }));
    expect(help).toContain('Installed @mastra packages: @mastra/core@1.71.0 (own docs)');
    expect(help).toContain('readMastraDocs(package, topic?, file?)');
  });

  it('offers the upgrade-to-v1 prompt and a migration checklist without a doc set', async () => {
    const names = (await client.listPrompts()).prompts.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['upgrade', 'migration-checklist', 'upgrade-to-v1']));
    const upgrade = await client.getPrompt({ name: 'upgrade-to-v1', arguments: { area: 'agent' } });
    expect((upgrade.messages[0].content as { text: string }).text).toContain('reference/migrations/upgrade-to-v1/agent');
    const checklist = await client.getPrompt({ name: 'migration-checklist', arguments: {} });
    expect((checklist.messages[0].content as { text: string }).text).toContain('every doc set with migration guides');
  });
});
