import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME_1, ACME_2, MAIN, runCli, tempDir } from '../helpers.js';

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

  it('colours answers for a terminal only, respects NO_COLOR, and names CLI commands in its hints', () => {
    const colored = spawnSync(process.execPath, [MAIN, 'search', 'rename color to palette', '--docset', 'acme'], { env: { ...env, FORCE_COLOR: '1', NO_COLOR: '' }, encoding: 'utf8' });
    expect(colored.stdout).toContain('\u001b[1m\u001b[36m### 1. ');
    expect(colored.stdout).toMatch(/Read one whole with vdocs read <path> --section <anchor>\./);
    expect(colored.stdout).not.toMatch(/read_doc|list_docs/);
    const plain = spawnSync(process.execPath, [MAIN, 'search', 'rename color to palette', '--docset', 'acme'], { env: { ...env, FORCE_COLOR: '1', NO_COLOR: '1' }, encoding: 'utf8' });
    expect(plain.stdout).not.toContain('\u001b[');
    const { FORCE_COLOR: _force, NO_COLOR: _no, ...bare } = env as NodeJS.ProcessEnv;
    const piped = spawnSync(process.execPath, [MAIN, 'search', 'rename color to palette', '--docset', 'acme'], { env: bare, encoding: 'utf8' });
    expect(piped.stdout).not.toContain('\u001b[');
    expect(piped.stdout.replace(/\u001b\[\d+m/g, '')).toBe(colored.stdout.replace(/\u001b\[\d+m/g, ''));
  });

  it('colours a diff by line kind', () => {
    const diff = spawnSync(process.execPath, [MAIN, 'diff', 'acme@1.0.0', 'acme@2.0.0', '--patch'], { env: { ...env, FORCE_COLOR: '1', NO_COLOR: '' }, encoding: 'utf8' });
    expect(diff.status).toBe(0);
    expect(diff.stdout).toMatch(/\u001b\[31m-[^\n]*\u001b\[39m/);
    expect(diff.stdout).toMatch(/\u001b\[32m\+[^\n]*\u001b\[39m/);
  });

  it('says when nothing matches well, in text and as "weak" in JSON', () => {
    const text = run('search', 'bake sourdough bread with rye flour for the widget', '--docset', 'acme');
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^No section matches "bake sourdough bread with rye flour for the widget" well in acme@2\.0\.0 .*: the closest \d? ?(one has|have) "widget" but not "bake", "sourdough", "bread", "rye", "flour"\. Try other words/);
    const json = JSON.parse(run('search', 'bake sourdough bread with rye flour for the widget', '--docset', 'acme', '--json').stdout);
    expect(json.weak).toEqual({ found: ['widget'], missing: ['bake', 'sourdough', 'bread', 'rye', 'flour'], onlyStopWords: false });
    expect(json.results.length).toBeLessThanOrEqual(5);
    expect(JSON.parse(run('search', 'rename color to palette', '--docset', 'acme', '--json').stdout).weak).toBeUndefined();
  });

  it('says why nothing matches when the question has only stop words, in text and in JSON', () => {
    const text = run('search', 'ourselves whom shall yourselves', '--docset', 'acme');
    expect(text.stdout).toMatch(/^No sections match "ourselves whom shall yourselves" \(the question has only stop words\) in acme@2\.0\.0 \(latest\)\. Try other words/);
    const json = JSON.parse(run('search', 'ourselves whom shall yourselves', '--docset', 'acme', '--json').stdout);
    expect(json.results).toEqual([]);
    expect(json.weak).toEqual({ found: [], missing: ['ourselves', 'whom', 'shall', 'yourselves'], onlyStopWords: true });
  });

  it('suggests the documented name for a misspelt API name', () => {
    const text = run('search', 'how does activateAfterIdel work', '--docset', 'acme');
    expect(text.stdout).toContain('"activateAfterIdel" is in no matching section; did you mean "activateAfterIdle"?');
    const json = JSON.parse(run('search', 'how does activateAfterIdel work', '--docset', 'acme', '--json').stdout);
    expect(json.suggestions).toEqual([{ word: 'activateAfterIdel', nearest: ['activateAfterIdle'] }]);
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
    // Paged like the tool: a small budget ends with a cursor, and --cursor continues where it stopped.
    const first = run('diff', 'acme@1.0.0', 'acme@2.0.0', '--max-tokens', '200').stdout;
    const cursor = /cursor="([^"]+)"/.exec(first)?.[1];
    expect(cursor).toBeTruthy();
    const rest = run('diff', 'acme@1.0.0', 'acme@2.0.0', '--max-tokens', '200', '--cursor', cursor!).stdout;
    expect(rest).not.toEqual(first);
    expect(`${first}${rest}`).toContain('guides/migration.md');
  });

  it('lists a folder tree', () => {
    const result = run('list', 'guides', '--docset', 'acme');
    expect(result.stdout).toContain('migration.md — Migrating from 1.x to 2.0');
  });
});

describe('vdocs CLI robustness', () => {
  const home = tempDir();
  const env = { ...process.env, VDOCS_HOME: home.path, VDOCS_INDEX: join(home.path, 'index.sqlite') };
  const run = (args: string[], extra: Partial<Parameters<typeof spawnSync>[2]> = {}) =>
    spawnSync(process.execPath, [MAIN, ...args], { env, encoding: 'utf8', cwd: home.path, ...extra });
  beforeAll(() => {
    writeFileSync(join(home.path, 'vdocs.config.json'), JSON.stringify({ default: false, docsets: [{ name: 'acme', source: ACME_2 }] }));
    execFileSync(process.execPath, [MAIN, 'add', ACME_2, '--name', 'acme'], { env });
  });
  afterAll(() => home.remove());

  it('ends quietly with exit 0 when the reader of its output goes away (| head)', async () => {
    const child = spawn(process.execPath, [MAIN, 'read', 'guides/getting-started.md', '--docset', 'acme'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const code = await new Promise((resolve) => child.once('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('takes a query that starts with a dash after --', () => {
    const result = run(['search', '--docset', 'acme', '--json', '--', '-lorem', 'retries']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout as string).results[0].path).toBe('guides/getting-started.md');
  });

  it('lets two adds on one index file both finish', async () => {
    const add = (name: string) =>
      new Promise<number | null>((resolve) => spawn(process.execPath, [MAIN, 'add', ACME_1, '--name', name], { env, stdio: 'ignore' }).once('close', resolve));
    expect(await Promise.all([add('one@1.0.0'), add('two@1.0.0')])).toEqual([0, 0]);
    const names = JSON.parse(run(['docsets', '--json']).stdout as string).docsets.map((d: { name: string }) => d.name);
    expect(names).toEqual(expect.arrayContaining(['acme', 'one', 'two']));
  });

  it('serves an existing index from a home it cannot write', () => {
    const readOnly = tempDir();
    const file = join(readOnly.path, 'index.sqlite');
    copyFileSync(join(home.path, 'index.sqlite'), file);
    chmodSync(file, 0o444);
    chmodSync(readOnly.path, 0o555);
    // As root, permissions bind only another user: run the search as nobody.
    const asOther = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const result = run(['search', 'retries', '--docset', 'acme', '--json'], { env: { ...env, VDOCS_HOME: readOnly.path, VDOCS_INDEX: file }, cwd: '/', ...asOther });
    chmodSync(readOnly.path, 0o755);
    readOnly.remove();
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout as string).results[0].docset).toBe('acme');
  });

  it('says a damaged index is damaged, and vdocs doctor rebuilds it from its sources', () => {
    const damaged = tempDir();
    const file = join(damaged.path, 'index.sqlite');
    // The user's own config names the doc set (a folder outside the working directory: only it may).
    const denv = { ...env, VDOCS_HOME: damaged.path, VDOCS_INDEX: file, VDOCS_CONFIG: join(home.path, 'vdocs.config.json') };
    execFileSync(process.execPath, [MAIN, 'add', ACME_2, '--name', 'acme'], { env: denv });
    // Pages past the catalogue are overwritten: the doc set records survive, its sections do not.
    const bytes = readFileSync(file);
    for (let page = 5; page < bytes.length / 4096; page++) bytes.fill(0xff, page * 4096 + 100, page * 4096 + 400);
    writeFileSync(file, bytes);
    const doctor = run(['doctor', '--json'], { env: denv });
    expect(doctor.status).toBe(0);
    expect(JSON.parse(doctor.stdout as string)).toMatchObject({ ok: true, damaged: true, docsets: [{ docset: 'acme@2.0.0', ok: true }] });
    expect(JSON.parse(run(['search', 'retries', '--docset', 'acme', '--json'], { env: denv }).stdout as string).results[0].docset).toBe('acme');
    // A file that is no index at all: every command says so, and doctor rebuilds from the config.
    writeFileSync(file, Buffer.alloc(8192, 0x5a));
    const search = run(['search', 'retries', '--json'], { env: denv });
    expect(search.status).toBe(1);
    expect(JSON.parse(search.stderr as string).error).toMatchObject({ code: 'STORE_CORRUPT', message: expect.stringMatching(/vdocs doctor/) });
    expect(run(['doctor'], { env: denv }).status).toBe(0);
    expect(run(['search', 'retries', '--docset', 'acme'], { env: denv }).status).toBe(0);
    damaged.remove();
  });
});

describe('vdocs CLI with a registry that accepts connections and never answers', () => {
  it('gives up on the registry within one metadata timeout (10 s), not a minute', async () => {
    const silent = createServer((socket) => socket.on('error', () => undefined));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const home = tempDir();
    const env = { ...process.env, VDOCS_HOME: home.path, VDOCS_INDEX: join(home.path, 'index.sqlite'), npm_config_registry: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/` };
    // The test's own 30 s limit is the bound: before, this call took 61 s.
    const result = await runCli(['add', 'npm:left-pad@1.3.0', '--json'], { env, cwd: home.path });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.err).error.code).toBe('REGISTRY_UNREACHABLE');
    silent.close();
    home.remove();
  });
});
