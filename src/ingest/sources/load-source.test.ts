import { execFileSync } from 'node:child_process';
import { mkdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeRegistry } from '../../../test/fake-registry.js';
import { tempDir, writeFiles } from '../../../test/helpers.js';
import { makeTarball } from '../../../test/tarball.js';
import { DEFAULT_FETCH_POLICY } from '../../net/fetch-policy.js';
import { openSqliteStore } from '../../store/sqlite/open-sqlite-store.js';
import { addDocSet } from '../add-doc-set.js';
import { listInstalled } from '../../project/list-installed.js';
import { loadSource, parseSourceSpec } from './load-source.js';
import { readPage } from './read-folder.js';
import { readLlmsTxt } from './read-llms-txt.js';

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
    expect(() => parseSourceSpec('npm:not a package')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it.each(['npm:x@http://127.0.0.1:9/e.tgz', 'npm:x@file:../evil', 'npm:x@git+https://example.com/x.git', 'npm:github:a/b', 'npm:x@npm:y@1', 'npm:../../etc', 'npm:x@1.0.0#../..'])(
    'refuses %s before any network or disk access',
    (spec) => {
      expect(() => parseSourceSpec(spec)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    },
  );
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

describe('loadSource: installed package', () => {
  it('never takes a docs folder that is a symlink out of the package: the package gets its README only', async () => {
    const project = tempDir();
    const secret = tempDir();
    writeFileSync(join(secret.path, 'private.md'), '# Private\n\nSECRET TEXT');
    const pkg = join(project.path, 'node_modules', 'sneaky');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), '{"name":"sneaky","version":"1.0.0"}');
    writeFileSync(join(pkg, 'README.md'), '# Sneaky\n\nHello.');
    symlinkSync(secret.path, join(pkg, 'docs'));
    writeFileSync(join(project.path, 'package.json'), '{"dependencies":{"sneaky":"1"}}');
    const source = await loadSource(parseSourceSpec(`installed:${pkg}`), project.path);
    expect(source.files.map((f) => f.path)).toEqual(['README.md']);
    expect(listInstalled(project.path)[0]).toMatchObject({ name: 'sneaky', docsFolder: undefined, docsPages: 0 });
    // A docs folder inside the package, reached through a symlinked package folder (npm link), is its own.
    const linked = join(project.path, 'node_modules', 'linked');
    const real = join(secret.path, 'linked-pkg');
    mkdirSync(join(real, 'docs'), { recursive: true });
    writeFileSync(join(real, 'package.json'), '{"name":"linked","version":"2.0.0"}');
    writeFileSync(join(real, 'docs', 'guide.md'), '# Guide');
    symlinkSync(real, linked);
    expect((await loadSource(parseSourceSpec(`installed:${linked}`), project.path)).files.map((f) => f.path)).toEqual(['guide.md']);
    project.remove();
    secret.remove();
  });
});

describe('loadSource: docs that packages ship for agents', () => {
  const installed = async (files: Record<string, string>) => {
    const dir = tempDir();
    const pkg = join(dir.path, 'node_modules', 'kit');
    writeFiles(pkg, { 'package.json': '{"name":"kit","version":"1.0.0"}', 'README.md': '# Kit', ...files });
    const source = await loadSource(parseSourceSpec(`installed:${pkg}`), dir.path);
    dir.remove();
    return source.files.map((f) => f.path).sort();
  };

  it('reads the folder an AGENTS.md or CLAUDE.md names, before any other', async () => {
    const agents = 'Before writing code, read the docs for this version in `node_modules/kit/guides/` (Markdown).';
    expect(await installed({ 'AGENTS.md': agents, 'guides/start.md': '# Start', 'guides/api/run.md': '# Run', 'docs/old.md': '# Old' })).toEqual(['api/run.md', 'start.md']);
    expect(await installed({ 'CLAUDE.md': 'Docs: ./handbook', 'handbook/a.md': '# A' })).toEqual(['a.md']);
    // A path that leads nowhere, or out of the package, is passed over.
    expect(await installed({ 'AGENTS.md': 'See ../../etc/ and missing/docs/.', 'docs/x.md': '# X' })).toEqual(['x.md']);
  });

  it('reads an ai-docs folder, then an llms-full.txt or an llms.txt of local pages at the root', async () => {
    expect(await installed({ 'ai-docs/usage.md': '# Usage', 'docs/usage.md': '# Usage' })).toEqual(['usage.md']);
    expect(await installed({ 'llms-full.txt': '# Kit\n\n## Install\n\nnpm i kit\n' })).toEqual(['llms-full.md']);
    expect(await installed({ 'llms.txt': '# Kit\n\n- [Setup](pages/setup.md)\n- [Remote](https://example.com/x.md)\n', 'pages/setup.md': '# Setup' })).toEqual(['pages/setup.md']);
    expect(await installed({ 'llms.txt': '# Kit\n\n- [Remote](https://example.com/x.md)\n' })).toEqual(['llms.md']);
    expect(await installed({})).toEqual(['README.md']);
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
    // A URL typed by the user (vdocs add) may be on their own machine: that host is allowed.
    const source = await loadSource(parseSourceSpec(url), '/tmp', { ...DEFAULT_FETCH_POLICY, allowPrivateNetwork: new Set(['127.0.0.1']) });
    server.close();
    expect(source.files.map((f) => f.path)).toEqual(['guide/setup.md', 'intro.md']);
    expect(source.warnings.join('\n')).toMatch(/missing\.md: skipped \(.*HTTP 404/);
  });

  it('reads a page linked twice (ok.md, ok.md?x=2, ok.html) once, and the doc set is indexed', async () => {
    let requests = 0;
    const server = createServer((req, res) => {
      if (req.url === '/llms.txt') return res.end('- [Ok](ok.md)\n- [Again](ok.md?x=2)\n- [Html](ok.html)\n- [Other](other.md)\n');
      requests++;
      res.end(`# Page ${req.url}\n\nText.`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/llms.txt`;
    const policy = { ...DEFAULT_FETCH_POLICY, allowPrivateNetwork: new Set(['127.0.0.1']) };
    const source = await loadSource(parseSourceSpec(url), '/tmp', policy);
    expect(source.files.map((f) => f.path)).toEqual(['ok.md', 'other.md']);
    expect(source.warnings.join('\n')).toMatch(/ok\.md\?x=2: skipped \(the same page as .*ok\.md\)/);
    expect(requests).toBe(2);
    const home = tempDir();
    const store = openSqliteStore(join(home.path, 'twice.sqlite'));
    const added = await addDocSet(store, url, { home: home.path, name: 'twice@1.0.0', fetchPolicy: policy });
    expect(added.docSet.pageCount).toBe(2);
    await store.close();
    home.remove();
    server.close();
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

describe('readLlmsTxt: hostile indexes', () => {
  it('never follows a local link out of its folder: symlinks to /etc/passwd or /dev/zero are skipped', async () => {
    const dir = tempDir();
    writeFileSync(join(dir.path, 'llms.txt'), '- [A](a.md)\n- [Passwd](passwd.md)\n- [Zero](zero.md)\n- [Fifo](fifo.md)\n- [Abs](/etc/hostname)\n');
    writeFileSync(join(dir.path, 'a.md'), '# A');
    symlinkSync('/etc/passwd', join(dir.path, 'passwd.md'));
    symlinkSync('/dev/zero', join(dir.path, 'zero.md'));
    execFileSync('mkfifo', [join(dir.path, 'fifo.md')]);
    const files = await readLlmsTxt(join(dir.path, 'llms.txt'));
    expect(files.files.map((f) => f.path)).toEqual(['a.md']);
    const warnings = files.warnings.join('\n');
    expect(warnings).toMatch(/passwd\.md: skipped \(outside the doc set\)/);
    expect(warnings).toMatch(/zero\.md: skipped \(not a regular file\)/);
    expect(warnings).toMatch(/fifo\.md: skipped \(not a regular file\)/);
    expect(warnings).toMatch(/\/etc\/hostname: skipped \(outside the llms\.txt folder/);
    dir.remove();
  });

  it('skips a page over the size limit, refuses %2F paths and private links it was not allowed', async () => {
    const site = createServer((req, res) => {
      const host = req.headers.host ?? '';
      if (req.url === '/docs/llms.txt') {
        const port = host.split(':')[1];
        return res.end(`- [Ok](ok.md)\n- [Big](big.md)\n- [Evil](..%2F..%2Fevil.md)\n- [Internal](http://127.0.0.1:${port}/docs/secret.md)\n`);
      }
      if (req.url === '/docs/ok.md') return res.end('# Ok');
      if (req.url === '/docs/big.md') return res.end(Buffer.alloc(2 * 1024 * 1024, 'x'));
      if (req.url === '/docs/secret.md') return res.end('# Secret token');
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const port = (site.address() as AddressInfo).port;
    const policy = { ...DEFAULT_FETCH_POLICY, maxBytes: 1024 * 1024, allowPrivateNetwork: new Set(['localhost']) };
    const files = await readLlmsTxt(`http://localhost:${port}/docs/llms.txt`, policy);
    site.close();
    expect(files.files.map((f) => f.path)).toEqual(['ok.md']);
    const warnings = files.warnings.join('\n');
    expect(warnings).toMatch(/big\.md: skipped \(.*over the 1048576-byte limit/);
    expect(warnings).toMatch(/evil\.md: skipped \(outside the llms\.txt folder/);
    expect(warnings).toMatch(/secret\.md: skipped \(.*private, loopback/);
  });

  it('refuses the whole source when its pages do not arrive within the deadline', async () => {
    const silent = createServer((req, res) => {
      if (req.url === '/llms.txt') return res.end(Array.from({ length: 16 }, (_, i) => `- [P${i}](p${i}.md)`).join('\n'));
      // pages never answer
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const policy = { ...DEFAULT_FETCH_POLICY, allowPrivateNetwork: true, timeoutMs: 60_000 };
    await expect(readLlmsTxt(`http://127.0.0.1:${port}/llms.txt`, policy, { timeoutMs: 400, totalBytes: 1e9 })).rejects.toMatchObject({
      code: 'SOURCE_UNREADABLE',
      message: expect.stringMatching(/did not arrive within 0 s \(0 of 16 read\); nothing was indexed/),
    });
    // A host that stops answering ends the source after one round of timeouts, not one per page.
    const patient = { ...policy, timeoutMs: 200 };
    await expect(readLlmsTxt(`http://127.0.0.1:${port}/llms.txt`, patient, { timeoutMs: 60_000, totalBytes: 1e9 })).rejects.toMatchObject({
      code: 'SOURCE_UNREADABLE',
      message: expect.stringMatching(/8 pages in a row did not arrive in time \(0 of 16 read\); the host stopped answering/),
    });
    silent.closeAllConnections();
    silent.close();
  });
});

describe('readPage', () => {
  it('checks the file it opened, not the name it listed: a symlink swapped in afterwards is not read', async () => {
    const dir = tempDir();
    const root = realpathSync(dir.path);
    writeFileSync(join(root, 'a.md'), '# A');
    const warnings: string[] = [];
    expect((await readPage(root, join(root, 'a.md'), 'a.md', warnings))?.content).toBe('# A');
    // Listed as a regular file, then replaced by a link out of the folder before it is read.
    rmSync(join(root, 'a.md'));
    symlinkSync('/etc/passwd', join(root, 'a.md'));
    expect(await readPage(root, join(root, 'a.md'), 'a.md', warnings)).toBeUndefined();
    expect(warnings).toEqual(['a.md: skipped (outside the doc set)']);
    dir.remove();
  });
});
