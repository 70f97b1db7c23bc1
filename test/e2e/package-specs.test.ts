// Only registry specs are ever fetched: URL, git and file specs from a tool call, the CLI, a
// config or a project's lockfile are refused before any request, and a registry's answer must
// name the package asked for. Everything on 127.0.0.1.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeRegistry } from '../fake-registry.js';
import { ACME_2, MAIN, tempDir, writeFiles } from '../helpers.js';
import { makeTarball } from '../tarball.js';

const textOf = (r: { content?: unknown }) => (r.content as Array<{ text: string }>)[0].text;

describe('package specs from outside', () => {
  const home = tempDir();
  const work = tempDir();
  // What an attacker serves: a tarball whose manifest name climbs out of the cache home.
  const evil = makeTarball([
    { path: 'package/package.json', content: JSON.stringify({ name: '../../../../evil', version: '1.0.0' }) },
    { path: 'package/CHANGELOG.md', content: '# evil\n\n## 1.0.1\n\n- owned' },
  ]);
  const attackerRequests: string[] = [];
  let attacker: Server;
  let attackerUrl: string;
  let registry: Awaited<ReturnType<typeof startFakeRegistry>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    attacker = createServer((req, res) => {
      attackerRequests.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(evil);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/e.tgz`;
    registry = await startFakeRegistry([{ name: 'victim', manifestName: '../../../../evil', versions: { '1.0.0': evil } }]);
    env = { ...process.env, VDOCS_HOME: home.path, VDOCS_INDEX: join(home.path, 'index.sqlite'), npm_config_registry: registry.url, npm_config_cache: join(home.path, 'npm') } as Record<string, string>;
  });
  afterAll(async () => {
    attacker.close();
    await registry.close();
    home.remove();
    work.remove();
  });

  // Asynchronous: the fake registry answers from this process, which spawnSync would block.
  const run = (args: string[], cwd = work.path) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [MAIN, ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c) => (stdout += c));
      child.stderr.on('data', (c) => (stderr += c));
      child.once('close', (status) => resolve({ status, stdout, stderr }));
    });

  it('refuses URL, file and git specs in changes_since and names nothing on the network', async () => {
    const client = new Client({ name: 'vdocs-test', version: '1' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [MAIN, 'serve', '--no-default', '--docs', `acme=${ACME_2}`], env, cwd: work.path, stderr: 'pipe' }));
    for (const pkg of [`x@${attackerUrl}?a=1`, `x@file:${work.path}`, 'x@git+http://127.0.0.1:1/r.git', 'github:a/b', '../../etc']) {
      const result = await client.callTool({ name: 'changes_since', arguments: { package: pkg, version: '1.0.0' } });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/^INVALID_ARGUMENT: /);
    }
    await client.close();
    expect(attackerRequests).toEqual([]);
  });

  it('refuses them on the command line with a non-zero exit', async () => {
    const changes = await run(['changes', `x@${attackerUrl}`, '--since', '1.0.0']);
    expect(changes.status).toBe(1);
    expect(changes.stderr).toMatch(/INVALID_ARGUMENT/);
    const add = await run(['add', `npm:x@${attackerUrl}`, '--json']);
    expect(add.status).toBe(1);
    expect(JSON.parse(add.stderr).error.code).toBe('INVALID_ARGUMENT');
    expect(attackerRequests).toEqual([]);
  });

  it('refuses a registry answer that names another package, and writes nothing outside the home', async () => {
    const add = await run(['add', 'npm:victim@1.0.0', '--json']);
    expect(add.status).toBe(1);
    expect(JSON.parse(add.stderr).error.code).toBe('SOURCE_REFUSED');
    expect(registry.requests.some((r) => r.endsWith('.tgz'))).toBe(false);
    expect(existsSync(join(home.path, '..', '..', 'evil'))).toBe(false);
    expect(readdirSync(home.path).filter((f) => f === 'packages').flatMap((f) => readdirSync(join(home.path, f)))).toEqual([]);
  });

  it('ignores a lockfile or node_modules that names a URL as the installed version, with a warning', async () => {
    const project = join(work.path, 'project');
    writeFiles(project, {
      'package.json': JSON.stringify({ dependencies: { victim: '1.0.0' } }),
      'package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: { '': {}, 'node_modules/victim': { version: attackerUrl } } }),
      'node_modules/victim/package.json': JSON.stringify({ name: 'victim', version: `file:${work.path}` }),
      'vdocs.config.json': JSON.stringify({ default: false, docsets: [{ name: 'victim', source: 'npm:victim@latest' }] }),
    });
    const child = spawn(process.execPath, [MAIN, 'serve'], { env, cwd: project, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    // Start-up reports what it ignored and what it could not index, then keeps serving.
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
        if (/could not index/.test(stderr)) resolve();
      });
    });
    child.kill();
    expect(stderr).toMatch(/victim: package-lock\.json|victim: node_modules/);
    expect(stderr).toMatch(/is not an exact version; ignored/);
    expect(attackerRequests).toEqual([]);
  });

  it('refuses a config whose npm source is not a registry spec', async () => {
    writeFileSync(join(work.path, 'vdocs.config.json'), JSON.stringify({ docsets: [{ name: 'x', source: `npm:x@${attackerUrl}` }] }));
    const result = await run(['serve']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/CONFIG_INVALID: .*not a registry package spec/);
    // `tracks` names an installed package whose version picks the release: a package name only.
    writeFileSync(join(work.path, 'vdocs.config.json'), JSON.stringify({ docsets: [{ name: 'x', source: 'npm:x@latest', tracks: attackerUrl }] }));
    const tracked = await run(['serve']);
    expect(tracked.status).toBe(1);
    expect(tracked.stderr).toMatch(/CONFIG_INVALID: .*doc set x/);
    expect(attackerRequests).toEqual([]);
  });
});
