// A dependency that ships no docs (pino ships a README only) is served its repository's docs at the
// installed version's tag, through a local stand-in for the forge's archive host.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArchiveHost, type ArchiveHost } from '../archive-host.js';
import { CHROME_MARKERS, startDocsSite } from '../docs-site.js';
import { MAIN, runCli, tempDir, writeFiles } from '../helpers.js';

type TextContent = { type: 'text'; text: string };

const tree = (version: string) => ({
  'README.md': '# pino\n',
  'lib/pino.js': '// code',
  'docs/api.md': `# API\n\n## logger.child(bindings)\n\nCreates a child logger that adds the bindings to every line (pino ${version}).\n`,
  'docs/transports.md': '# Transports\n\nA transport runs in a worker thread and writes logs elsewhere.\n',
});

describe('docs of an installed package from its repository at the installed tag', () => {
  const home = tempDir();
  const project = tempDir();
  let host: ArchiveHost;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    host = await startArchiveHost({ 'pinojs/pino': { 'v10.4.0': tree('10.4.0'), 'v10.3.0': tree('10.3.0') }, 'acme/nodocs': { '1.0.0': { 'README.md': '# nodocs', 'src/a.md': '# not docs' } } });
    const userConfig = join(home.path, 'config.json');
    writeFileSync(userConfig, JSON.stringify({ allowPrivateNetwork: true, forges: { 'github.com': host.base } }));
    env = { ...process.env, VDOCS_HOME: home.path, VDOCS_INDEX: join(home.path, 'index.sqlite'), VDOCS_CONFIG: userConfig };
    writeFiles(project.path, {
      'package.json': JSON.stringify({ dependencies: { pino: '^10.0.0', nodocs: '1', elsewhere: '1' } }),
      'node_modules/pino/package.json': JSON.stringify({ name: 'pino', version: '10.4.0', repository: { type: 'git', url: 'git+https://github.com/pinojs/pino.git' } }),
      'node_modules/pino/README.md': '# pino\n\nSuper fast logger.\n',
      'node_modules/nodocs/package.json': JSON.stringify({ name: 'nodocs', version: '1.0.0', repository: 'github:acme/nodocs' }),
      'node_modules/nodocs/README.md': '# nodocs\n\nA package whose repository has no docs folder.\n',
      // A repository field that is not a forge URL: nothing is fetched for it.
      'node_modules/elsewhere/package.json': JSON.stringify({ name: 'elsewhere', version: '1.0.0', repository: 'https://git.example.internal/x/y.git' }),
      'node_modules/elsewhere/README.md': '# elsewhere\n\nHosted on a private forge.\n',
    });
  });
  afterAll(async () => {
    await host.close();
    home.remove();
    project.remove();
  });

  it('serves pino@10.4.0 from github.com/pinojs/pino at v10.4.0 when a request names it, and says so', async () => {
    const client = new Client({ name: 'vdocs-test', version: '1' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [MAIN, 'serve', '--no-default'], cwd: project.path, env: env as Record<string, string>, stderr: 'pipe' }));
    const result = await client.callTool({ name: 'search_docs', arguments: { query: 'child logger bindings', docset: 'pino' } });
    const text = (result.content as TextContent[])[0].text;
    expect(text).toContain('pino@10.4.0 (installed 10.4.0, from github.com/pinojs/pino at v10.4.0)');
    expect(text).toContain('(pino 10.4.0)');
    expect(host.requests.map((r) => r.url)).toEqual(['/pinojs/pino/tar.gz/v10.4.0']);
    await client.close();
  });

  it('falls back to the README, saying which tags and folders were tried; asks no host for a non-forge repository', async () => {
    const { out, err } = await runCli(['search', 'repository docs folder', '--docset', 'nodocs', '--json', '--no-default'], { cwd: project.path, env });
    expect(JSON.parse(out).results[0]).toMatchObject({ docset: 'nodocs', path: 'README.md' });
    expect(err).toMatch(/has no docs folder \(looked for docs\/content, docs\/docs/);
    const before = host.requests.length;
    const other = await runCli(['search', 'private forge', '--docset', 'elsewhere', '--json', '--no-default'], { cwd: project.path, env });
    expect(JSON.parse(other.out).results[0]).toMatchObject({ docset: 'elsewhere', path: 'README.md' });
    expect(host.requests.length).toBe(before);
  });

  it('vdocs add project: takes the repository docs for packages that ship none', async () => {
    const { out } = await runCli(['add', `project:${project.path}`, '--json'], { cwd: project.path, env });
    const docsets = JSON.parse(out).docsets as Array<{ docset: string; from: string; pages: number }>;
    expect(docsets.find((d) => d.docset === 'pino')).toMatchObject({ from: 'github.com/pinojs/pino at v10.4.0', pages: 2 });
    expect(docsets.find((d) => d.docset === 'elsewhere')).toMatchObject({ from: 'node_modules' });
  });
});

describe('vdocs add: a documentation website and a repository, through the built CLI', () => {
  it('adds a website by URL and a repository at a tag, and searches them', async () => {
    const home = tempDir();
    const site = await startDocsSite({ 'index.md': '# Acme\n\nWidgets for everyone, rendered quickly.\n', 'guides/retries.md': '# Retries\n\n## maxRetries\n\nSet `maxRetries` to retry a failed render.\n' });
    const host = await startArchiveHost({ 'acme/kit': { 'v2.0.0': { 'docs/start.md': '# Start\n\nCall `kit.start()` first.\n' } } });
    const config = join(home.path, 'config.json');
    writeFileSync(config, JSON.stringify({ allowPrivateNetwork: true, forges: { 'github.com': host.base } }));
    const env = { ...process.env, VDOCS_HOME: home.path, VDOCS_INDEX: join(home.path, 'index.sqlite'), VDOCS_CONFIG: config };
    try {
      const fromSite = await runCli(['add', site.url, '--name', 'acme@1.0.0', '--json'], { env, cwd: home.path });
      expect(JSON.parse(fromSite.out)).toMatchObject({ docset: 'acme', version: '1.0.0', pages: 2 });
      const fromRepo = await runCli(['add', 'github:acme/kit@v2.0.0', '--json'], { env, cwd: home.path });
      expect(JSON.parse(fromRepo.out)).toMatchObject({ docset: 'kit', version: '2.0.0', pages: 1, source: 'github:acme/kit@v2.0.0' });
      const search = JSON.parse((await runCli(['search', 'retry a failed render', '--docset', 'acme', '--json', '--no-default'], { env, cwd: home.path })).out);
      expect(search.results[0]).toMatchObject({ docset: 'acme', path: 'guides/retries.md' });
      for (const marker of CHROME_MARKERS) expect(JSON.stringify(search)).not.toContain(marker);
    } finally {
      await site.close();
      await host.close();
      home.remove();
    }
  });
});
