import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME_1, ACME_2, MAIN, tempDir } from '../helpers.js';

describe('vdocs CLI', () => {
  const home = tempDir();
  const env = { ...process.env, VDOCS_HOME: home.path, VDOCS_INDEX: join(home.path, 'index.sqlite') };
  const run = (...args: string[]) => spawnSync(process.execPath, [MAIN, ...args], { env, encoding: 'utf8' });

  beforeAll(() => {
    execFileSync(process.execPath, [MAIN, 'add', ACME_1, '--name', 'acme@1.0.0'], { env });
    execFileSync(process.execPath, [MAIN, 'add', ACME_2, '--name', 'acme'], { env });
  });
  afterAll(() => home.remove());

  it('adds doc sets and lists both versions', () => {
    const out = JSON.parse(run('docsets', '--json').stdout);
    expect(out.docsets.map((d: { name: string; version: string }) => `${d.name}@${d.version}`).sort()).toEqual(['acme@1.0.0', 'acme@2.0.0']);
  });

  it('prints search results as {"results":[...]} with paths as in the source tree', () => {
    const result = run('search', 'rename color to palette', '--docset', 'acme', '--limit', '10', '--json');
    expect(result.status).toBe(0);
    const { results } = JSON.parse(result.stdout);
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) expect(Object.keys(r)).toEqual(expect.arrayContaining(['docset', 'version', 'path', 'heading', 'text', 'score']));
    expect(results[0]).toMatchObject({ docset: 'acme', version: '2.0.0' });
    expect(results.map((r: { path: string }) => r.path)).toContain('guides/migration.md');
  });

  it('reads a page and a section as JSON', () => {
    const page = JSON.parse(run('read', 'guides/caching.md', '--docset', 'acme', '--json').stdout);
    expect(page).toMatchObject({ kind: 'page', docset: 'acme', version: '2.0.0', path: 'guides/caching.md' });
    const section = JSON.parse(run('read', 'reference/widget.md#methods', '--docset', 'acme@1.0.0', '--json').stdout);
    expect(section.section.anchor).toBe('methods');
  });

  it('refuses a path outside the doc set with a non-zero exit and no file content', () => {
    for (const path of ['../../../../etc/passwd', '/etc/passwd']) {
      const result = run('read', path, '--docset', 'acme', '--json');
      expect(result.status).not.toBe(0);
      expect(result.stdout).toBe('');
      expect(JSON.parse(result.stderr).error.code).toBe('PATH_OUTSIDE_DOC_SET');
      expect(result.stderr).not.toContain('root:');
    }
  });

  it('explains bad input on stderr with a non-zero exit', () => {
    const empty = run('search', '   ');
    expect(empty.status).toBe(1);
    expect(empty.stderr).toMatch(/INVALID_QUERY/);
    const unknown = run('search', 'widget', '--docset', 'nope');
    expect(unknown.stderr).toMatch(/DOC_SET_NOT_FOUND.*Available: acme/);
    const missing = run('add', join(home.path, 'does-not-exist'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/SOURCE_UNREADABLE/);
  });

  it('prints a version diff as {"files":[...]} and as a patch', () => {
    const json = JSON.parse(run('diff', 'acme@1.0.0', 'acme@2.0.0', '--json').stdout);
    expect(json.files).toEqual([
      { path: 'guides/getting-started.md', status: 'modified', added: 4, removed: 5 },
      { path: 'guides/migration.md', status: 'added', added: 6, removed: 0 },
      { path: 'reference/errors.md', status: 'removed', added: 0, removed: 9 },
    ]);
    const patch = run('diff', 'acme@1.0.0', 'acme@2.0.0', '--patch').stdout;
    expect(patch).toContain('--- /dev/null\n+++ b/guides/migration.md');
    expect(run('diff', 'acme@1.0.0', 'other@2.0.0').stderr).toMatch(/INVALID_ARGUMENT/);
  });

  it('lists a folder tree', () => {
    const result = run('list', 'guides', '--docset', 'acme');
    expect(result.stdout).toContain('migration.md — Migrating from 1.x to 2.0');
  });
});
