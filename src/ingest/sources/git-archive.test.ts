import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArchiveHost, type ArchiveHost } from '../../../test/archive-host.js';
import { tempDir } from '../../../test/helpers.js';
import { makeTarball } from '../../../test/tarball.js';
import { diffDocSets } from '../../diff/diff-doc-sets.js';
import { DEFAULT_FETCH_POLICY, type FetchPolicy } from '../../net/fetch-policy.js';
import { openSqliteStore } from '../../store/sqlite/open-sqlite-store.js';
import type { Store } from '../../store/store.js';
import { addDocSet } from '../add-doc-set.js';
import { archiveUrl, parseGitSpec, refVersion } from './git-archive.js';
import { parseSourceSpec } from './load-source.js';
import { unpackDocs } from './unpack-docs.js';

const pino = (version: string, extra: Record<string, string> = {}) => ({
  'package.json': JSON.stringify({ name: 'pino', version }),
  'README.md': '# pino\n\nVery low overhead logger.',
  'pino.js': 'module.exports = function pino () {}\n',
  'docs/api.md': `# API\n\n## pino([options], [destination])\n\nReturns a logger (${version}).\n`,
  'docs/transports.md': '# Transports\n\nA transport runs in a worker thread.\n',
  'docs/help.md': '# Help\n\n## Log rotation\n\nUse logrotate.\n',
  'test/fixtures/sample.md': '# not docs',
  ...extra,
});

describe('parseGitSpec', () => {
  it('reads forge, owner, repository, ref and folder', () => {
    expect(parseSourceSpec('github:pinojs/pino@v10.4.0#docs')).toEqual({ kind: 'git', forge: 'github', owner: 'pinojs', repo: 'pino', ref: 'v10.4.0', subfolder: 'docs' });
    expect(parseGitSpec('gitlab:group/project@release/2.x')).toMatchObject({ forge: 'gitlab', ref: 'release/2.x', subfolder: undefined });
    expect(refVersion('v10.4.0')).toBe('10.4.0');
    expect(refVersion('pino@10.4.0')).toBe('10.4.0');
    expect(refVersion('release/2.x')).toBe('release-2.x');
  });

  it.each(['github:pinojs/pino', 'github:pinojs@v1', 'github:../x@v1', 'github:a/b/c@v1', 'github:a/b@v1#../..', 'github:a/b@../../x', 'github:a/b@v1 ; rm'])('refuses %s before any request', (spec) => {
    expect(() => parseSourceSpec(spec)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it("builds each forge's archive URL, or the stand-in's the config names", () => {
    const spec = { owner: 'o', repo: 'r', ref: 'v1.0.0' };
    expect(archiveUrl({ ...spec, forge: 'github' }, DEFAULT_FETCH_POLICY)).toBe('https://codeload.github.com/o/r/tar.gz/v1.0.0');
    expect(archiveUrl({ ...spec, forge: 'gitlab' }, DEFAULT_FETCH_POLICY)).toBe('https://gitlab.com/o/r/-/archive/v1.0.0/r-v1.0.0.tar.gz');
    expect(archiveUrl({ ...spec, forge: 'bitbucket' }, DEFAULT_FETCH_POLICY)).toBe('https://bitbucket.org/o/r/get/v1.0.0.tar.gz');
    expect(archiveUrl({ ...spec, forge: 'github' }, { ...DEFAULT_FETCH_POLICY, forges: { 'github.com': 'http://127.0.0.1:8/mirror/' } })).toBe('http://127.0.0.1:8/mirror/o/r/tar.gz/v1.0.0');
  });
});

describe('git repositories at a ref', () => {
  const home = tempDir();
  let host: ArchiveHost;
  let store: Store;
  let policy: FetchPolicy;
  beforeAll(async () => {
    host = await startArchiveHost({
      'pinojs/pino': {
        'v10.3.0': pino('10.3.0'),
        'v10.4.0': pino('10.4.0', { 'docs/redaction.md': '# Redaction\n\nPaths to redact.', 'docs/help.md': '# Help\n\n## Log rotation\n\nUse logrotate or pino-roll.\n' }),
        // A tree whose entries try to leave the folder, and a page far over the limit.
        'v66.6.0': { 'docs/ok.md': '# Ok', '../../escape.md': '# Escaped', 'docs/../../../up.md': '# Up' },
      },
    });
    store = openSqliteStore(join(home.path, 'index.sqlite'));
    policy = { ...DEFAULT_FETCH_POLICY, allowPrivateNetwork: true, forges: { 'github.com': host.base } };
  });
  afterAll(async () => {
    await store.close();
    await host.close();
    home.remove();
  });

  it('indexes the docs folder at a tag, as many pages as the tree has, versioned by the tag', async () => {
    const added = await addDocSet(store, 'github:pinojs/pino@v10.4.0#docs', { home: home.path, fetchPolicy: policy });
    expect(`${added.docSet.name}@${added.docSet.version}`).toBe('pino@10.4.0');
    expect(added.docSet.pageCount).toBe(4);
    expect(added.docSet.source).toBe('github:pinojs/pino@v10.4.0#docs');
    // Only Markdown is unpacked: no code, no package.json.
    const cached = join(home.path, 'packages', 'github+pinojs+pino@v10.4.0');
    expect(existsSync(join(cached, 'docs', 'api.md'))).toBe(true);
    expect(existsSync(join(cached, 'pino.js'))).toBe(false);
    expect(existsSync(join(cached, 'package.json'))).toBe(false);
  });

  it('finds the docs folder itself when none is named, and diffs two tags exactly', async () => {
    await addDocSet(store, 'github:pinojs/pino@v10.3.0', { home: home.path, fetchPolicy: policy });
    const diff = await diffDocSets(store, { docset: 'pino', from: '10.3.0', to: '10.4.0' });
    expect(diff.files.map((f) => `${f.status} ${f.path}`).sort()).toEqual(['added redaction.md', 'modified api.md', 'modified help.md']);
  });

  it('fetches a tag once: adding it again asks the host nothing', async () => {
    const before = host.requests.length;
    const again = await addDocSet(store, 'github:pinojs/pino@v10.4.0#docs', { home: home.path, fetchPolicy: policy });
    expect(again.changed).toBe(false);
    expect(host.requests.length).toBe(before);
  });

  it('sends a token from the environment to the archive host only, and never stores it', async () => {
    process.env.GITHUB_TOKEN = 'ghp_secret123';
    try {
      const added = await addDocSet(store, 'github:pinojs/pino@v10.4.0#docs', { home: join(home.path, 'other-home'), fetchPolicy: policy, name: 'pino-private' });
      expect(host.requests.at(-1)!.headers.authorization).toBe('Bearer ghp_secret123');
      expect(JSON.stringify(added)).not.toContain('ghp_secret123');
    } finally {
      delete process.env.GITHUB_TOKEN;
    }
  });

  it('answers a missing tag with VERSION_NOT_FOUND and a host error with SOURCE_UNREADABLE, leaving nothing behind', async () => {
    await expect(addDocSet(store, 'github:pinojs/pino@v9.9.9', { home: home.path, fetchPolicy: policy })).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND', message: expect.stringMatching(/has no ref "v9\.9\.9"/) });
    const failing = await startArchiveHost({}, { status: () => 503 });
    await expect(addDocSet(store, 'github:pinojs/pino@v1.0.0', { home: home.path, fetchPolicy: { ...policy, forges: { 'github.com': failing.base } } })).rejects.toMatchObject({ code: 'SOURCE_UNREADABLE', message: expect.stringMatching(/HTTP 503/) });
    await failing.close();
    expect(readdirSync(join(home.path, 'packages')).filter((f) => f.includes('partial') || f.includes('v9.9.9'))).toEqual([]);
    expect((await store.listDocSets()).map((d) => d.version).sort()).toEqual(['10.3.0', '10.4.0', '10.4.0']);
  });

  it('never writes an entry that leaves the tree, and refuses a private host the policy does not allow', async () => {
    const added = await addDocSet(store, 'github:pinojs/pino@v66.6.0', { home: home.path, fetchPolicy: policy, name: 'hostile' });
    expect(added.docSet.pageCount).toBe(1);
    expect(existsSync(join(home.path, 'escape.md'))).toBe(false);
    expect(existsSync(join(home.path, 'packages', 'up.md'))).toBe(false);
    await expect(addDocSet(store, 'github:pinojs/pino@v10.3.0', { home: join(home.path, 'strict'), name: 'strict', fetchPolicy: { ...policy, allowPrivateNetwork: false } })).rejects.toMatchObject({ code: 'SOURCE_REFUSED' });
  });
});

describe('unpackDocs', () => {
  it('stops a gzip bomb at its bound and leaves no folder', async () => {
    const dir = tempDir();
    const bomb = makeTarball([{ path: 'r-1/docs/a.md', content: 'x'.repeat(4 * 1024 * 1024) }]);
    await expect(unpackDocs(bomb, join(dir.path, 'out'), 'bomb', { inflatedBytes: 1024 * 1024, entries: 10, pageBytes: 8e6, keptBytes: 8e6 })).rejects.toMatchObject({ code: 'TARBALL_REJECTED', message: expect.stringMatching(/inflates past/) });
    await expect(unpackDocs(makeTarball([{ path: 'a/x.md', content: '#' }, { path: 'b/y.md', content: '#' }]), join(dir.path, 'out'), 'two tops')).rejects.toMatchObject({ message: expect.stringMatching(/more than one top folder/) });
    expect(readdirSync(dir.path)).toEqual([]);
    dir.remove();
  });
});
