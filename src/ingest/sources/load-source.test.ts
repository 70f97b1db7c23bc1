import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeRegistry } from '../../../test/fake-registry.js';
import { tempDir } from '../../../test/helpers.js';
import { makeTarball } from '../../../test/tarball.js';
import { loadSource, parseSourceSpec } from './load-source.js';

describe('parseSourceSpec', () => {
  it('recognises npm packages with ranges and subfolders, llms.txt and folders', () => {
    expect(parseSourceSpec('npm:@mastra/mcp-docs-server@^1.2#.docs')).toEqual({ kind: 'npm', spec: '@mastra/mcp-docs-server@^1.2', subfolder: '.docs' });
    expect(parseSourceSpec('npm:npm@11.21.2#docs/content/')).toEqual({ kind: 'npm', spec: 'npm@11.21.2', subfolder: 'docs/content' });
    expect(parseSourceSpec('https://example.com/llms.txt')).toEqual({ kind: 'llms', location: 'https://example.com/llms.txt' });
    expect(parseSourceSpec('./site/llms.txt')).toEqual({ kind: 'llms', location: './site/llms.txt' });
    expect(parseSourceSpec('docs').kind).toBe('folder');
  });

  it('refuses an empty source and a malformed package spec', () => {
    expect(() => parseSourceSpec('  ')).toThrow(expect.objectContaining({ code: 'SOURCE_INVALID' }));
    expect(() => parseSourceSpec('npm:not a package')).toThrow(expect.objectContaining({ code: 'SOURCE_INVALID' }));
  });
});

describe('loadSource: folder', () => {
  it('reads Markdown pages and skips binary, non-UTF-8 and escaping files with warnings', async () => {
    const dir = tempDir();
    const outside = tempDir();
    writeFileSync(join(outside.path, 'secret.md'), '# secret');
    mkdirSync(join(dir.path, 'docs'));
    writeFileSync(join(dir.path, 'docs', 'a.md'), '# A');
    writeFileSync(join(dir.path, 'docs', 'notes.txt'), 'not a page');
    writeFileSync(join(dir.path, 'docs', 'binary.md'), Buffer.from([0x23, 0x20, 0x00, 0xff, 0x00]));
    writeFileSync(join(dir.path, 'docs', 'latin1.md'), Buffer.from([0x23, 0x20, 0xe9, 0x74, 0xe9]));
    symlinkSync(join(outside.path, 'secret.md'), join(dir.path, 'docs', 'link.md'));
    symlinkSync(join(dir.path, 'docs', 'a.md'), join(dir.path, 'docs', 'inside.md'));
    const source = await loadSource({ kind: 'folder', path: join(dir.path, 'docs') }, dir.path);
    expect(source.files.map((f) => f.path)).toEqual(['a.md', 'inside.md']);
    expect(source.warnings.join('\n')).toMatch(/binary\.md: skipped \(binary or not UTF-8\)[\s\S]*latin1\.md: skipped[\s\S]*link\.md: skipped \(symlink points outside/);
    dir.remove();
    outside.remove();
  });

  it('fails clearly on a missing folder', async () => {
    await expect(loadSource({ kind: 'folder', path: '/nonexistent/vdocs' }, '/tmp')).rejects.toMatchObject({ code: 'SOURCE_UNREADABLE' });
  });
});

describe('loadSource: npm', () => {
  const home = tempDir();
  let registry: Awaited<ReturnType<typeof startFakeRegistry>>;
  beforeAll(async () => {
    registry = await startFakeRegistry([
      {
        name: 'vdocs-fixture-docs',
        versions: {
          '1.0.0': makeTarball([{ path: 'package/package.json', content: '{"name":"vdocs-fixture-docs","version":"1.0.0"}' }, { path: 'package/docs/intro.md', content: '# Intro v1' }]),
          '1.1.0': makeTarball([
            { path: 'package/package.json', content: '{"name":"vdocs-fixture-docs","version":"1.1.0"}' },
            { path: 'package/docs/intro.md', content: '# Intro v1.1' },
            { path: 'package/docs/guide/deep.md', content: '# Deep' },
            { path: 'package/README.md', content: '# Readme' },
          ]),
        },
      },
      { name: 'vdocs-fixture-evil', versions: { '1.0.0': makeTarball([{ path: 'package/../../escape.md', content: 'x' }]) } },
    ]);
    process.env.npm_config_registry = registry.url;
    process.env.npm_config_cache = join(home.path, 'npm-cache');
  });
  afterAll(async () => {
    await registry.close();
    home.remove();
  });

  it('resolves a range to the exact version, fetches only the tarball and detects the docs folder', async () => {
    const source = await loadSource(parseSourceSpec('npm:vdocs-fixture-docs@^1'), home.path);
    expect(source.version).toBe('1.1.0');
    expect(source.canonical).toBe('npm:vdocs-fixture-docs@1.1.0');
    expect(source.files.map((f) => f.path)).toEqual(['guide/deep.md', 'intro.md']);
    expect(registry.requests.some((r) => r.endsWith('.tgz'))).toBe(true);
  });

  it('reads a given subfolder and refuses one outside the package', async () => {
    const source = await loadSource(parseSourceSpec('npm:vdocs-fixture-docs@1.0.0#docs'), home.path);
    expect(source.files.map((f) => f.path)).toEqual(['intro.md']);
    await expect(loadSource(parseSourceSpec('npm:vdocs-fixture-docs@1.0.0#../..'), home.path)).rejects.toMatchObject({ code: 'PATH_OUTSIDE_DOC_SET' });
    await expect(loadSource(parseSourceSpec('npm:vdocs-fixture-docs@1.0.0#nope'), home.path)).rejects.toMatchObject({ code: 'SOURCE_INVALID' });
  });

  it('names a missing version and refuses a hostile tarball', async () => {
    await expect(loadSource(parseSourceSpec('npm:vdocs-fixture-docs@^7'), home.path)).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND' });
    await expect(loadSource(parseSourceSpec('npm:vdocs-fixture-evil@1.0.0'), home.path)).rejects.toMatchObject({ code: 'TARBALL_REJECTED' });
  });
});

describe('loadSource: llms.txt', () => {
  it('indexes the pages an llms.txt served over HTTP links to', async () => {
    const pages: Record<string, string> = {
      '/docs/llms.txt': '# Site\n\n- [Intro](http://HOST/docs/intro.md): start here\n- [Guide](guide/setup.md)\n- [Gone](/docs/missing.md)\n',
      '/docs/intro.md': '# Intro\n\nHello.',
      '/docs/guide/setup.md': '# Setup\n\nSteps.',
    };
    const server = createServer((req, res) => {
      const body = pages[req.url ?? ''];
      res.writeHead(body ? 200 : 404);
      res.end(body?.replace('HOST', req.headers.host ?? ''));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/docs/llms.txt`;
    const source = await loadSource(parseSourceSpec(url), '/tmp');
    server.close();
    expect(source.files.map((f) => f.path)).toEqual(['guide/setup.md', 'intro.md']);
    expect(source.warnings.join('\n')).toMatch(/missing\.md: skipped \(.*HTTP 404/);
  });

  it('reads an llms.txt file whose links are relative paths', async () => {
    const dir = tempDir();
    writeFileSync(join(dir.path, 'llms.txt'), '- [A](a.md)\n- [Escape](../outside.md)\n');
    writeFileSync(join(dir.path, 'a.md'), '# A');
    const source = await loadSource(parseSourceSpec(join(dir.path, 'llms.txt')), dir.path);
    expect(source.files.map((f) => f.path)).toEqual(['a.md']);
    dir.remove();
  });
});
