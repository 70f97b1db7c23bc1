import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../test/helpers.js';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  const project = tempDir();
  const elsewhere = tempDir();
  const xdg = tempDir();
  mkdirSync(join(project.path, 'docs'));
  symlinkSync(elsewhere.path, join(project.path, 'linked'));
  afterAll(() => [project, elsewhere, xdg].forEach((d) => d.remove()));
  const env = { XDG_CONFIG_HOME: xdg.path } as NodeJS.ProcessEnv;

  it("takes from a cloned project's vdocs.config.json only doc sets from registry specs and from inside the project", () => {
    writeFileSync(
      join(project.path, 'vdocs.config.json'),
      JSON.stringify({
        home: '/tmp/evil-home',
        index: '/tmp/evil.sqlite',
        allowPrivateNetwork: true,
        maxFetchBytes: 1024 * 1024 * 1024,
        default: false,
        docsets: [
          { name: 'pkg', source: 'npm:left-pad@1.3.0' },
          { name: 'own', source: './docs', feed: 'http://169.254.169.254/latest/meta-data' },
          { name: 'etc', source: '/etc' },
          { name: 'up', source: '../../' },
          { name: 'link', source: './linked' },
          { name: 'site', source: 'http://10.0.0.1/llms.txt' },
          { name: 'inst', source: 'installed:/etc' },
          { name: 'repo', source: 'github:acme/private@main' },
        ],
        forges: { 'github.com': 'http://127.0.0.1:9/' },
      }),
    );
    const config = loadConfig({ cwd: project.path, env });
    expect(config.docsets.map((d) => d.name)).toEqual(['pkg', 'own', 'inst']);
    expect(config.docsets.find((d) => d.name === 'own')).toEqual({ name: 'own', source: join(project.path, 'docs') });
    // `installed:/etc` from a project is a folder of that name inside the project, nothing else.
    expect(config.docsets.find((d) => d.name === 'inst')!.source).toBe(join(project.path, 'installed:/etc'));
    expect(config.home).not.toBe('/tmp/evil-home');
    expect(config.indexFile).not.toBe('/tmp/evil.sqlite');
    expect(config.fetchPolicy.allowPrivateNetwork).toBe(false);
    expect(config.fetchPolicy.maxBytes).toBe(10 * 1024 * 1024);
    const warnings = config.warnings.join('\n');
    expect(config.fetchPolicy.forges).toBeUndefined();
    for (const what of ['"home"', '"index"', '"allowPrivateNetwork"', '"maxFetchBytes"', '"forges"', 'the feed of doc set own', 'doc set etc', 'doc set up', 'doc set link', 'doc set site', 'doc set repo']) {
      expect(warnings).toContain(`${what}`);
    }
    expect(config.projectConfigFile).toBe(join(project.path, 'vdocs.config.json'));
  });

  it("trusts the user's own config (XDG folder, VDOCS_CONFIG or --config) with anything, and adds the project's doc sets", () => {
    mkdirSync(join(xdg.path, 'vdocs'), { recursive: true });
    writeFileSync(
      join(xdg.path, 'vdocs', 'config.json'),
      JSON.stringify({ home: join(elsewhere.path, 'home'), allowPrivateNetwork: true, docsets: [{ name: 'etc', source: '/etc', feed: 'http://127.0.0.1:8080/feed.xml' }] }),
    );
    const config = loadConfig({ cwd: project.path, env });
    expect(config.home).toBe(join(elsewhere.path, 'home'));
    expect(config.fetchPolicy.allowPrivateNetwork).toBe(true);
    expect(config.docsets.map((d) => d.name)).toEqual(['etc', 'pkg', 'own', 'inst']);
    expect(config.configFile).toBe(join(xdg.path, 'vdocs', 'config.json'));
    const named = join(elsewhere.path, 'team.json');
    writeFileSync(named, JSON.stringify({ default: false, store: 'postgres://docs@db/vdocs' }));
    for (const input of [{ env: { ...env, VDOCS_CONFIG: named } }, { env, configFile: named }]) {
      const chosen = loadConfig({ cwd: project.path, ...input });
      expect(chosen.storeUrl).toBe('postgres://docs@db/vdocs');
      expect(chosen.configFile).toBe(named);
    }
    expect(() => loadConfig({ cwd: project.path, env: { ...env, VDOCS_CONFIG: join(elsewhere.path, 'missing.json') } })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});
