// A Mastra project as users have it: @mastra/* packages installed with their own dist/docs, no docs
// server installed. The CLI and the MCP server answer from the installed versions, with the
// docs-server release nearest to the installed @mastra/core for what the packages don't ship.
import { readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeRegistry } from '../fake-registry.js';
import { MAIN, runCli, tempDir, writeFiles } from '../helpers.js';
import { makeTarball } from '../tarball.js';

const SHARED = '# Human in the loop\n\n## Approve tool calls\n\nSet `requireApproval: true` on a tool so a person approves each call before it runs.\n';

function coreDocs(version: string): Record<string, string> {
  return {
    'node_modules/@mastra/core/package.json': JSON.stringify({ name: '@mastra/core', version }),
    'node_modules/@mastra/core/dist/docs/SKILL.md': `# mastra-core\n\nDocs of @mastra/core ${version}.\n`,
    'node_modules/@mastra/core/dist/docs/references/docs-memory-observational-memory.md': `# Observational memory\n\n## Enable observational memory\n\nIn @mastra/core ${version}, pass \`observationalMemory: { enabled: true }\` to the agent's memory options.\n`,
    'node_modules/@mastra/core/dist/docs/references/docs-agents-human-in-the-loop.md': SHARED,
  };
}

function docsServer(version: string): Buffer {
  return makeTarball([
    { path: 'package/package.json', content: JSON.stringify({ name: '@mastra/mcp-docs-server', version }) },
    { path: 'package/.docs/docs/memory/observational-memory.md', content: `# Observational memory\n\n## Overview\n\nGuide from docs server ${version}: observational memory keeps notes about the conversation.\n` },
    { path: 'package/.docs/course/01-first-agent/lesson.md', content: `# Build your first agent\n\nA course lesson shipped with docs server ${version}.\n` },
  ]);
}

type TextContent = { type: 'text'; text: string };

/** Runs the CLI in a project folder and parses its JSON. */
async function cli(cwd: string, env: NodeJS.ProcessEnv, args: string[]): Promise<{ json: any; stderr: string }> {
  const { out, err } = await runCli([...args, '--json'], { cwd, env });
  try {
    return { json: JSON.parse(out), stderr: err };
  } catch {
    throw new Error(`not JSON: ${out}\n${err}`);
  }
}

describe('docs of the installed versions (Mastra project)', () => {
  const home = tempDir();
  const projectA = tempDir();
  const projectB = tempDir();
  let registry: Awaited<ReturnType<typeof startFakeRegistry>>;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    registry = await startFakeRegistry([
      {
        name: '@mastra/mcp-docs-server',
        versions: { '1.2.0': docsServer('1.2.0'), '1.2.1': docsServer('1.2.1'), '1.3.0': docsServer('1.3.0') },
        dependencies: { '1.2.0': { '@mastra/core': '1.60.0' }, '1.2.1': { '@mastra/core': '1.68.0' }, '1.3.0': { '@mastra/core': '1.80.0' } },
      },
    ]);
    env = { ...process.env, VDOCS_HOME: home.path, VDOCS_INDEX: join(home.path, 'index.sqlite'), npm_config_registry: registry.url, npm_config_cache: join(home.path, 'npm'), VDOCS_SEARCH_CACHE: '0' };
    writeFiles(projectA.path, {
      'package.json': JSON.stringify({ dependencies: { '@mastra/core': '^1.71.0', '@mastra/memory': '^1.31.0' } }),
      ...coreDocs('1.71.0'),
      'node_modules/@mastra/memory/package.json': JSON.stringify({ name: '@mastra/memory', version: '1.31.0' }),
      'node_modules/@mastra/memory/dist/docs/references/docs-agents-human-in-the-loop.md': SHARED,
      'node_modules/@mastra/memory/dist/docs/references/reference-memory-clone.md': '# cloneThread\n\nCopies a thread with its messages.\n',
    });
    writeFiles(projectB.path, { 'package.json': JSON.stringify({ dependencies: { '@mastra/core': '1.70.0' } }), ...coreDocs('1.70.0') });
  });
  afterAll(async () => {
    await registry.close();
    for (const d of [home, projectA, projectB]) d.remove();
  });

  it('vdocs search on a fresh home answers from the installed @mastra/core, and says why each version', async () => {
    const { json, stderr } = await cli(projectA.path, env, ['search', 'enable observational memory on an agent']);
    expect(stderr).toContain('indexing mastra (npm:@mastra/mcp-docs-server@1.2.1#.docs)');
    expect(json.results[0]).toMatchObject({ docset: '@mastra/core', version: '1.71.0', path: 'references/docs-memory-observational-memory.md' });
    expect(json.results[0].text).toContain('@mastra/core 1.71.0');
    const reasons = Object.fromEntries(json.docsets.map((d: { name: string; version: string; reason: string }) => [`${d.name}@${d.version}`, d.reason]));
    expect(reasons['@mastra/core@1.71.0']).toBe('installed');
    expect(reasons['@mastra/memory@1.31.0']).toBe('installed');
    // 1.2.1 pins core 1.68.0: the newest pin not above 1.71.0 (1.3.0 was written for 1.80.0).
    expect(reasons['mastra@1.2.1']).toMatch(/^installed @mastra\/core 1\.71\.0: the nearest @mastra\/mcp-docs-server release \(written for @mastra\/core 1\.68\.0\)/);
  });

  it('vdocs agents-md writes the installed versions\' docs index into AGENTS.md, keeps the file\'s text, and changes nothing the second time', async () => {
    const file = join(projectA.path, 'AGENTS.md');
    writeFileSync(file, '# Agent notes\n\nRun the tests with npm test.\n');
    const first = await cli(projectA.path, env, ['agents-md']);
    expect(first.json).toMatchObject({ status: 'written', docsets: ['@mastra/core@1.71.0', '@mastra/memory@1.31.0', 'mastra@1.2.1'] });
    const written = readFileSync(file, 'utf8');
    expect(written.startsWith('# Agent notes\n\nRun the tests with npm test.\n')).toBe(true);
    expect(written).toContain('- `@mastra/core` 1.71.0 (installed), 3 pages: references/ (2), SKILL.md');
    expect(written).toMatch(/- `mastra` 1\.2\.1 \(installed @mastra\/core 1\.71\.0: the nearest/);
    expect(Buffer.byteLength(written)).toBeLessThan(8 * 1024 + 100);
    const second = await cli(projectA.path, env, ['agents-md']);
    expect(second.json.status).toBe('unchanged');
    expect(readFileSync(file, 'utf8')).toBe(written);
    expect((await cli(projectA.path, env, ['agents-md', '--check'])).json.status).toBe('current');
    // Markers that do not pair are refused, the file untouched; a symlink out of the project too.
    writeFileSync(file, `${written}\n<!-- vdocs:end -->\n`);
    const broken = await runCli(['agents-md', '--json'], { cwd: projectA.path, env });
    expect(JSON.parse(broken.err).error.code).toBe('INVALID_ARGUMENT');
    expect(readFileSync(file, 'utf8')).toBe(`${written}\n<!-- vdocs:end -->\n`);
    const outside = tempDir();
    writeFileSync(join(outside.path, 'CLAUDE.md'), 'elsewhere');
    symlinkSync(join(outside.path, 'CLAUDE.md'), join(projectA.path, 'CLAUDE.md'));
    const escaped = await runCli(['agents-md', '--file', 'CLAUDE.md', '--json'], { cwd: projectA.path, env });
    expect(JSON.parse(escaped.err).error.code).toBe('PATH_OUTSIDE_ROOT');
    expect(readFileSync(join(outside.path, 'CLAUDE.md'), 'utf8')).toBe('elsewhere');
    outside.remove();
  });

  it('folds the same section shipped by two installed packages into one hit', async () => {
    const { json } = await cli(projectA.path, env, ['search', 'approve tool calls requireApproval']);
    const copies = json.results.filter((r: { heading: string }) => r.heading.includes('Approve tool calls'));
    expect(copies).toHaveLength(1);
    expect([copies[0].docset, ...copies[0].alsoIn].join(' ')).toContain('@mastra/memory@1.31.0');
  });

  it('a project with another installed version gets that version, never the one indexed for the other project', async () => {
    const { json } = await cli(projectB.path, env, ['search', 'enable observational memory on an agent']);
    expect(json.results[0]).toMatchObject({ docset: '@mastra/core', version: '1.70.0' });
    expect(json.results[0].text).toContain('@mastra/core 1.70.0');
    expect(json.docsets.map((d: { name: string }) => d.name)).not.toContain('@mastra/memory');
  });

  it('the MCP server serves the installed version and follows an install that changes it', async () => {
    const client = new Client({ name: 'vdocs-test', version: '1' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [MAIN, 'serve'], cwd: projectA.path, env: env as Record<string, string>, stderr: 'pipe' }));
    const ask = async () => ((await client.callTool({ name: 'search_docs', arguments: { query: 'enable observational memory', limit: 2 } })).content as TextContent[])[0].text;
    const before = await ask();
    expect(before).toContain('@mastra/core 1.71.0, pass');
    expect(before).toMatch(/from @mastra\/core@1\.71\.0 \(installed\)/);
    // `npm install @mastra/core@1.72.0`: new files, and npm's record of node_modules rewritten.
    writeFiles(projectA.path, coreDocs('1.72.0'));
    const record = join(projectA.path, 'node_modules', '.package-lock.json');
    writeFileSync(record, '{}');
    utimesSync(record, new Date(), new Date(Date.now() + 60_000));
    const after = await ask();
    expect(after).toContain('@mastra/core 1.72.0, pass');
    expect(after).toMatch(/from @mastra\/core@1\.72\.0 \(installed\)/);
    await client.close();
  });
});

describe('tools offered when they can do something', () => {
  const home = tempDir();
  const project = tempDir();
  const bare = tempDir();
  const env = { ...process.env, VDOCS_HOME: home.path, VDOCS_INDEX: join(home.path, 'index.sqlite') } as Record<string, string>;
  beforeAll(() => {
    writeFiles(project.path, {
      'package.json': JSON.stringify({ dependencies: { kit: '1.0.0', tiny: '^2.0.0' } }),
      'node_modules/kit/package.json': JSON.stringify({ name: 'kit', version: '1.0.0' }),
      'node_modules/tiny/package.json': JSON.stringify({ name: 'tiny', version: '2.0.1' }),
      'node_modules/tiny/README.md': '# tiny\n\n## Usage\n\nCall `shrink(text, { ellipsis })` to shorten text to a width.\n',
      'node_modules/tiny/index.js': 'export const shrink = (t) => t;\n',
      'node_modules/kit/docs/guide.md': '# Guide\n\nKit builds widgets.\n',
      'node_modules/kit/docs/course/01-intro/01-welcome.md': '# Welcome\n\nThe kit course.\n',
    });
  });
  afterAll(() => {
    for (const d of [home, project, bare]) d.remove();
  });

  it('adds the course tool when the installed docs bring a course, and tells the client', async () => {
    let changed: (names: string[]) => void = () => undefined;
    const announced = new Promise<string[]>((resolve) => (changed = resolve));
    const client = new Client(
      { name: 'vdocs-test', version: '1' },
      { listChanged: { tools: { debounceMs: 0, onChanged: (_error, tools) => changed((tools ?? []).map((t) => t.name)) } } },
    );
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [MAIN, 'serve', '--no-default'], cwd: project.path, env, stderr: 'pipe' }));
    const before = (await client.listTools()).tools.map((t) => t.name);
    expect(before).toContain('installed_packages');
    expect(before).not.toContain('course');
    expect(before).not.toContain('news');
    // The first call indexes the project's installed docs; kit's course appears with them.
    expect(((await client.callTool({ name: 'search_docs', arguments: { query: 'widgets' } })).content as TextContent[])[0].text).toContain('kit@1.0.0 (installed)');
    expect(await announced).toContain('course');
    await client.close();
  });

  it('indexes a README-only dependency the request names, at its installed version, and only then', async () => {
    const client = new Client({ name: 'vdocs-test', version: '1' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [MAIN, 'serve', '--no-default'], cwd: project.path, env, stderr: 'pipe' }));
    const ask = async (args: Record<string, unknown>) => ((await client.callTool({ name: 'search_docs', arguments: args })).content as TextContent[])[0].text;
    expect(await ask({ query: 'shorten text to a width' })).not.toContain('tiny@');
    const named = await ask({ query: 'shorten text to a width', docset: 'tiny' });
    expect(named).toMatch(/from tiny@2\.0\.1 \(installed\)/);
    expect(named).toContain('shrink(text, { ellipsis })');
    await client.close();
    const { out } = await runCli(['search', 'shrink ellipsis', '--docset', 'tiny', '--json', '--no-default'], { cwd: project.path, env });
    expect(JSON.parse(out).results[0]).toMatchObject({ docset: 'tiny', version: '2.0.1', path: 'README.md' });
  });

  it('stays within 1,100 tokens with no project and 1,500 in a Mastra-style project (characters / 4)', async () => {
    const size = async (cwd: string) => {
      const client = new Client({ name: 'vdocs-test', version: '1' });
      await client.connect(new StdioClientTransport({ command: process.execPath, args: [MAIN, 'serve', '--no-default'], cwd, env, stderr: 'pipe' }));
      await client.callTool({ name: 'list_docsets', arguments: {} });
      const tools = await client.listTools();
      await client.close();
      return { names: tools.tools.map((t) => t.name), tokens: JSON.stringify(tools.tools).length / 4 };
    };
    const none = await size(bare.path);
    expect(none.names).not.toContain('installed_packages');
    expect(none.tokens).toBeLessThanOrEqual(1100);
    const withProject = await size(project.path);
    expect(withProject.names).toEqual(expect.arrayContaining(['course', 'installed_packages', 'list_exports', 'get_export']));
    expect(withProject.tokens).toBeLessThanOrEqual(1500);
  });
});

describe('the first call in a new project, while a doc set downloads', () => {
  it('answers at once from what is ready and says what is still indexing; a call naming the rest waits, with progress', async () => {
    const home = tempDir();
    const project = tempDir();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const registry = await startFakeRegistry(
      [{ name: 'slow', versions: { '1.0.0': makeTarball([{ path: 'package/package.json', content: '{"name":"slow","version":"1.0.0"}' }, { path: 'package/docs/tuning.md', content: '# Tuning\n\nRaise `poolSize` to handle more requests at once.\n' }]) } }],
      { holdTarballs: held },
    );
    writeFiles(project.path, {
      'package.json': JSON.stringify({ dependencies: { kit: '1.0.0' } }),
      'node_modules/kit/package.json': JSON.stringify({ name: 'kit', version: '1.0.0' }),
      'node_modules/kit/docs/guide.md': '# Guide\n\nKit builds widgets from a template.\n',
    });
    const env = { ...process.env, VDOCS_HOME: home.path, VDOCS_INDEX: join(home.path, 'index.sqlite'), npm_config_registry: registry.url, npm_config_cache: join(home.path, 'npm') } as Record<string, string>;
    const client = new Client({ name: 'vdocs-test', version: '1' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [MAIN, 'serve', '--no-default', '--docs', 'slow=npm:slow@1.0.0#docs'], cwd: project.path, env, stderr: 'pipe' }));
    try {
      const ready = ((await client.callTool({ name: 'search_docs', arguments: { query: 'build widgets from a template' } })).content as TextContent[])[0].text;
      expect(ready).toMatch(/from kit@1\.0\.0 \(installed\)/);
      // How far it got depends on timing; that it is named, and how to get it, does not.
      expect(ready).toMatch(/\(Still indexing slow(: resolving|: downloading)?: this answer comes from the doc sets ready now; ask again in a minute to include it\.\)/);
      // A page not found among what is ready may be in what is coming: the error says so too.
      const missing = await client.callTool({ name: 'read_doc', arguments: { path: 'tuning.md' } });
      expect(missing.isError).toBe(true);
      expect((missing.content as TextContent[])[0].text).toMatch(/\(Still indexing slow(: resolving|: downloading)?: this answer comes from the doc sets ready now/);
      // A call naming the doc set being downloaded waits for it and hears how it goes.
      const progress: string[] = [];
      let heard: () => void = () => undefined;
      const first = new Promise<void>((resolve) => (heard = resolve));
      const named = client.callTool({ name: 'search_docs', arguments: { query: 'handle more requests at once', docset: 'slow' } }, {
        onprogress: (p) => {
          progress.push(p.message ?? '');
          heard();
        },
      });
      await first;
      release();
      const answer = ((await named).content as TextContent[])[0].text;
      expect(progress[0]).toMatch(/^indexing slow(: resolving|: downloading)?$/);
      expect(answer).toContain('Raise `poolSize`');
      expect(answer).not.toContain('Still indexing');
    } finally {
      release();
      await client.close();
      await registry.close();
      home.remove();
      project.remove();
    }
  });
});
