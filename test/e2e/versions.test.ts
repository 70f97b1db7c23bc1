import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeRegistry } from '../fake-registry.js';
import { MAIN, tempDir } from '../helpers.js';
import { makeTarball } from '../tarball.js';

type TextContent = { type: 'text'; text: string };
const textOf = (result: { content?: unknown }) => ((result.content as TextContent[])[0]?.text ?? '');

const CHANGELOG = `# gizmo\n\n## 2.0.0\n\n### Major Changes\n\n- Rename \`spin()\` to \`rotate()\`.\n\n## 1.1.0\n\n### Minor Changes\n\n- Add \`wobble\` option.\n\n## 1.0.0\n\n### Major Changes\n\n- First release.\n`;

function version(v: string): Buffer {
  return makeTarball([
    { path: 'package/package.json', content: `{"name":"gizmo","version":"${v}"}` },
    { path: 'package/docs/usage.md', content: `# Usage\n\nThis is gizmo ${v}. Call \`${v.startsWith('2') ? 'rotate' : 'spin'}()\` to turn it.\n` },
    { path: 'package/CHANGELOG.md', content: CHANGELOG },
  ]);
}

async function connect(env: NodeJS.ProcessEnv, args: string[]): Promise<Client> {
  const client = new Client({ name: 'vdocs-test', version: '1' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [MAIN, 'serve', '--no-default', ...args], env: env as Record<string, string>, stderr: 'pipe' }));
  return client;
}

describe('versions matched to the project', () => {
  const home = tempDir();
  const project = tempDir();
  let registry: Awaited<ReturnType<typeof startFakeRegistry>>;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    registry = await startFakeRegistry([{ name: 'gizmo', versions: { '1.0.0': version('1.0.0'), '1.1.0': version('1.1.0'), '2.0.0': version('2.0.0') } }]);
    env = { ...process.env, VDOCS_HOME: home.path, VDOCS_INDEX: join(home.path, 'index.sqlite'), npm_config_registry: registry.url, npm_config_cache: join(home.path, 'npm') };
    mkdirSync(join(project.path, 'node_modules', 'gizmo'), { recursive: true });
    writeFileSync(join(project.path, 'node_modules', 'gizmo', 'package.json'), '{"name":"gizmo","version":"1.1.0"}');
  });
  afterAll(async () => {
    await registry.close();
    home.remove();
    project.remove();
  });

  it('serves the installed version by default and says why', async () => {
    const client = await connect(env, ['--docs', 'gizmo=npm:gizmo@latest#docs', '--project', project.path]);
    const answer = textOf(await client.callTool({ name: 'search_docs', arguments: { query: 'turn it' } }));
    expect(answer).toContain('gizmo@1.1.0 (installed)');
    expect(answer).toContain('spin()');
    const latest = textOf(await client.callTool({ name: 'search_docs', arguments: { query: 'turn it', version: 'latest' } }));
    expect(latest).toMatch(/gizmo@1\.1\.0 \(requested\)/);
    await client.close();
  });

  it('says so when the installed version cannot be had, and serves the nearest indexed one', async () => {
    writeFileSync(join(project.path, 'node_modules', 'gizmo', 'package.json'), '{"name":"gizmo","version":"1.0.5"}');
    const client = await connect(env, ['--docs', 'gizmo=npm:gizmo@latest#docs', '--project', project.path]);
    const answer = textOf(await client.callTool({ name: 'read_doc', arguments: { path: 'usage.md' } }));
    expect(answer).toMatch(/gizmo@1\.1\.0 \(installed version 1\.0\.5 is not indexed; nearest available\)/);
    await client.close();
  });

  it('serves a pinned version with its reason when no project has the package', async () => {
    const client = await connect(env, ['--docs', 'gizmo=npm:gizmo@1.0.0#docs', '--project', home.path]);
    // Named: the call waits for the pinned version being indexed (an unnamed one may answer from 1.1.0 first).
    const answer = textOf(await client.callTool({ name: 'search_docs', arguments: { query: 'turn it', docset: 'gizmo' } }));
    expect(answer).toContain('gizmo@1.0.0 (pinned)');
    await client.close();
  });

  it('answers changes_since from the newest changelog, breaking changes first', async () => {
    const client = await connect(env, ['--project', project.path]);
    const answer = textOf(await client.callTool({ name: 'changes_since', arguments: { package: 'gizmo', version: '1.0.0' } }));
    expect(answer).toMatch(/^Changes in gizmo after 1\.0\.0: 2 versions/);
    expect(answer.indexOf('## Breaking changes')).toBeLessThan(answer.indexOf('## 2.0.0'));
    expect(answer).toContain('Rename `spin()` to `rotate()`');
    expect(answer.indexOf('## 2.0.0')).toBeLessThan(answer.indexOf('## 1.1.0'));
    const bad = await client.callTool({ name: 'changes_since', arguments: { package: 'gizmo', version: 'one' } });
    expect(bad.isError).toBe(true);
    await client.close();
  });
});

describe('versions on demand', () => {
  it('diff_docs and read_doc index a registry version not indexed yet before answering; a folder doc set says how to add one', async () => {
    const home = tempDir();
    const registry = await startFakeRegistry([{ name: 'gizmo', versions: { '1.0.0': version('1.0.0'), '1.1.0': version('1.1.0'), '2.0.0': version('2.0.0') } }]);
    const env = { ...process.env, VDOCS_HOME: home.path, VDOCS_INDEX: join(home.path, 'index.sqlite'), npm_config_registry: registry.url, npm_config_cache: join(home.path, 'npm') };
    const folder = join(home.path, 'notes');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.md'), '# A\n\nNotes.');
    const client = await connect(env, ['--docs', 'gizmo=npm:gizmo@1.0.0#docs', '--docs', `notes=${folder}`]);
    try {
      const diff = textOf(await client.callTool({ name: 'diff_docs', arguments: { docset: 'gizmo', from: '1.0.0', to: '2.0.0' } }));
      expect(diff).toContain('usage.md');
      expect(diff).toContain('+This is gizmo 2.0.0. Call `rotate()` to turn it.');
      expect(registry.requests).toContain('/gizmo/-/gizmo-2.0.0.tgz');
      const read = textOf(await client.callTool({ name: 'read_doc', arguments: { path: 'usage.md', docset: 'gizmo', version: '1.1.0' } }));
      expect(read).toContain('This is gizmo 1.1.0.');
      const none = await client.callTool({ name: 'read_doc', arguments: { path: 'a.md', docset: 'notes', version: '3.0.0' } });
      expect(textOf(none)).toMatch(/^VERSION_NOT_FOUND: notes@3\.0\.0 is not indexed, and notes comes from a source without versions\. Add it with: vdocs add/);
    } finally {
      await client.close();
      await registry.close();
      home.remove();
    }
  });
});
