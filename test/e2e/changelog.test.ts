// changes_since for a package whose newest releases stopped shipping CHANGELOG.md: the newest
// tarball that has one is found by looking at as few tarballs as possible, and remembered.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArchiveHost, type ArchiveHost } from '../archive-host.js';
import { startFakeRegistry } from '../fake-registry.js';
import { runCli, tempDir } from '../helpers.js';
import { makeTarball } from '../tarball.js';

const LOG_1_1 = '# walker\n\n## 1.1.0\n\n### Minor Changes\n\n- Walk backwards.\n\n## 1.0.1-alpha.0\n\n- Early fix.\n\n## 1.0.1\n\n- Fix a crash breaking the walk when the path was empty.\n\n## 1.0.0\n\n- First.\n';

function tarball(version: string, changelog?: string): Buffer {
  return makeTarball([
    { path: 'package/package.json', content: JSON.stringify({ name: 'walker', version }) },
    ...(changelog ? [{ path: 'package/CHANGELOG.md', content: changelog }] : []),
  ]);
}

const run = (env: NodeJS.ProcessEnv, args: string[]) => runCli(args, { env });

describe('changelogs of packages that stopped shipping one', () => {
  const home = tempDir();
  let registry: Awaited<ReturnType<typeof startFakeRegistry>>;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    registry = await startFakeRegistry([
      {
        name: 'walker',
        versions: {
          '1.0.0': tarball('1.0.0', '# walker\n\n## 1.0.0\n\n- First.\n'),
          '1.0.1': tarball('1.0.1', LOG_1_1.replace(/## 1\.1\.0[\s\S]*?(?=## 1\.0\.1-alpha)/, '')),
          '1.1.0': tarball('1.1.0', LOG_1_1),
          '1.2.0': tarball('1.2.0'),
          '1.3.0': tarball('1.3.0'),
        },
      },
    ]);
    env = { ...process.env, VDOCS_HOME: home.path, VDOCS_INDEX: join(home.path, 'index.sqlite'), npm_config_registry: registry.url, npm_config_cache: join(home.path, 'npm') };
  });
  afterAll(async () => {
    await registry.close();
    home.remove();
  });

  const tarballs = () => registry.requests.filter((r) => r.endsWith('.tgz'));

  it('walks back to the newest release with a changelog, downloading only what it must', async () => {
    const first = await run(env, ['changes', 'walker', '--since', '1.0.0', '--json']);
    expect(first.code).toBe(0);
    const json = JSON.parse(first.out);
    expect(json.from).toMatch(/^walker@1\.1\.0\/CHANGELOG\.md \(the newest release that ships a changelog; 1\.3\.0 ships none\)/);
    expect(json.entries.map((e: { version: string }) => e.version)).toEqual(['1.1.0', '1.0.1']);
    // The prerelease folded into its release; a bug fix that mentions "breaking" is not breaking.
    expect(json.entries[1].body).toContain('Early fix.');
    expect(json.entries.flatMap((e: { breaking: string[] }) => e.breaking)).toEqual([]);
    // 1.3.0 (newest), then halving 1.0.0–1.2.0: 1.0.1, 1.1.0, 1.2.0. Never all five.
    expect(tarballs().sort()).toEqual(['/walker/-/walker-1.0.1.tgz', '/walker/-/walker-1.1.0.tgz', '/walker/-/walker-1.2.0.tgz', '/walker/-/walker-1.3.0.tgz']);

    // Only the changelogs found are kept (one file each), not the four packages looked into.
    expect(existsSync(join(home.path, 'packages'))).toBe(false);
    expect(readdirSync(home.path).filter((f) => f.startsWith('changelog-probe-'))).toEqual([]);
    expect(readdirSync(join(home.path, 'changelogs')).sort()).toEqual(['walker@1.0.1', 'walker@1.1.0']);
    expect(readdirSync(join(home.path, 'changelogs', 'walker@1.1.0'))).toEqual(['CHANGELOG.md']);

    // Warm: nothing downloaded again; --to takes any version the changelog covers.
    const before = tarballs().length;
    const second = await run(env, ['changes', 'walker', '--since', '1.0.0', '--to', '1.0.1', '--json']);
    expect(JSON.parse(second.out).entries.map((e: { version: string }) => e.version)).toEqual(['1.0.1']);
    expect(tarballs().length).toBe(before);
  });

  it('says when the changelog ends before the version asked about', async () => {
    const result = await run(env, ['changes', 'walker', '--since', '1.2.0']);
    expect(result.out).toContain('The changelog ends at 1.1.0: versions after it are not described in it.');
  });
});

describe('changelogs from the repository when the newest release ships none', () => {
  const home = tempDir();
  let registry: Awaited<ReturnType<typeof startFakeRegistry>>;
  let host: ArchiveHost;
  let env: NodeJS.ProcessEnv;
  const repoLog = '# Changelog\n\n## 2.0.0\n\n### Major Changes\n\n- Drop the callback API.\n\n## 1.1.0\n\n- Add retries.\n\n## 1.0.0\n\n- First.\n';
  const release = (version: string, changelog?: string) =>
    makeTarball([
      { path: 'package/package.json', content: JSON.stringify({ name: 'stopper', version, repository: { type: 'git', url: 'git+https://github.com/acme/stopper.git', directory: 'packages/stopper' } }) },
      ...(changelog ? [{ path: 'package/CHANGELOG.md', content: changelog }] : []),
    ]);
  beforeAll(async () => {
    registry = await startFakeRegistry([{ name: 'stopper', versions: { '1.0.0': release('1.0.0', '# stopper\n\n## 1.0.0\n\n- First.\n'), '1.1.0': release('1.1.0'), '2.0.0': release('2.0.0') } }]);
    host = await startArchiveHost({ 'acme/stopper': { 'stopper@2.0.0': { 'packages/stopper/CHANGELOG.md': repoLog, 'README.md': '# monorepo' } } });
    const config = join(home.path, 'config.json');
    writeFileSync(config, JSON.stringify({ allowPrivateNetwork: true, forges: { 'github.com': host.base } }));
    env = { ...process.env, VDOCS_HOME: home.path, VDOCS_INDEX: join(home.path, 'index.sqlite'), VDOCS_CONFIG: config, npm_config_registry: registry.url, npm_config_cache: join(home.path, 'npm') };
  });
  afterAll(async () => {
    await registry.close();
    await host.close();
    home.remove();
  });

  it("reads the package's CHANGELOG.md in its repository at the newest release's tag, the same when asked again", async () => {
    for (let i = 0; i < 2; i++) {
      const result = await run(env, ['changes', 'stopper', '--since', '1.0.0', '--json']);
      const json = JSON.parse(result.out);
      expect(json.from).toBe('github.com/acme/stopper at stopper@2.0.0/packages/stopper/CHANGELOG.md (stopper@2.0.0 ships no changelog)');
      expect(json.entries.map((e: { version: string }) => e.version)).toEqual(['2.0.0', '1.1.0']);
      expect(json.entries[0].breaking.join('\n')).toContain('Drop the callback API.');
    }
    // Tags tried: v2.0.0 (404), 2.0.0 (404), stopper@2.0.0; the second call fetched nothing again.
    expect(host.requests.map((r) => r.url)).toEqual(['/acme/stopper/tar.gz/v2.0.0', '/acme/stopper/tar.gz/2.0.0', '/acme/stopper/tar.gz/stopper%402.0.0']);
  });
});
