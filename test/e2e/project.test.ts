import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN, tempDir, writeFiles } from '../helpers.js';


describe('installed packages of a project', () => {
  const home = tempDir();
  const project = tempDir();
  const env = { ...process.env, VDOCS_HOME: home.path, VDOCS_INDEX: join(home.path, 'index.sqlite') };
  beforeAll(() => {
    writeFiles(project.path, {
      'package.json': JSON.stringify({ dependencies: { 'pkg-a': '^1.0.0', 'pkg-b': '^0.3.0', 'pkg-c': '1' }, devDependencies: { 'pkg-d': '2' } }),
      'node_modules/pkg-a/package.json': JSON.stringify({ name: 'pkg-a', version: '1.2.0', types: 'dist/index.d.ts' }),
      'node_modules/pkg-a/docs/guide.md': '# Guide\n\nUse `pkgA()` to start.',
      'node_modules/pkg-a/docs/api/reference.md': '# Reference\n\n## pkgA()\n\nStarts it.',
      'node_modules/pkg-a/CHANGELOG.md': '# pkg-a\n\n## 1.2.0\n\n- Added things.',
      'node_modules/pkg-b/package.json': JSON.stringify({ name: 'pkg-b', version: '0.3.1' }),
      'node_modules/pkg-b/README.md': '# pkg-b\n\nA tiny helper named bee.',
      'node_modules/pkg-b/LICENSE.md': 'MIT',
      'node_modules/pkg-c/package.json': JSON.stringify({ name: 'pkg-c', version: '1.0.0' }),
    });
  });
  afterAll(() => {
    home.remove();
    project.remove();
  });

  it('adds every dependency that ships docs, under its installed version', () => {
    const out = JSON.parse(execFileSync(process.execPath, [MAIN, 'add', `project:${project.path}`, '--json'], { env, encoding: 'utf8' }));
    expect(out.docsets.map((d: { docset: string; version: string; pages: number }) => `${d.docset}@${d.version}:${d.pages}`)).toEqual(['pkg-a@1.2.0:2', 'pkg-b@0.3.1:1']);
    const search = JSON.parse(spawnSync(process.execPath, [MAIN, 'search', 'tiny helper bee', '--json'], { env, encoding: 'utf8' }).stdout);
    expect(search.results[0]).toMatchObject({ docset: 'pkg-b', version: '0.3.1', path: 'README.md' });
  });

  it('lists them with installed_packages', async () => {
    const client = new Client({ name: 'vdocs-test', version: '1' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [MAIN, 'serve', '--no-default', '--project', project.path], env: env as Record<string, string>, stderr: 'pipe' }));
    const text = ((await client.callTool({ name: 'installed_packages', arguments: {} })).content as Array<{ text: string }>)[0].text;
    expect(text).toContain('pkg-a@1.2.0: docs/ (2 pages), CHANGELOG.md, types dist/index.d.ts');
    expect(text).toContain('pkg-b@0.3.1: README.md');
    expect(text).toContain('pkg-c@1.0.0: no docs');
    const bad = await client.callTool({ name: 'installed_packages', arguments: { projectPath: '/nonexistent/project' } });
    expect(bad.isError).toBe(true);
    await client.close();
  });
});
