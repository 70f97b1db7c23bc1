import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { makeTarball } from '../../test/tarball.js';
import { checkTarball, TARBALL_LIMITS, unpackTarball } from './npm-tarball.js';

describe('unpackTarball', () => {
  it('unpacks a package without its top folder', async () => {
    const dir = tempDir();
    const dest = join(dir.path, 'pkg');
    await unpackTarball(makeTarball([{ path: 'package/docs/a.md', content: '# A' }, { path: 'package/package.json', content: '{}' }]), dest, 'ok@1');
    expect(readFileSync(join(dest, 'docs/a.md'), 'utf8')).toBe('# A');
    dir.remove();
  });

  it.each([
    ['a parent-folder entry', [{ path: 'package/../../evil.md', content: 'x' }], /escapes the package root/],
    ['an absolute entry', [{ path: '/tmp/evil.md', content: 'x' }], /escapes the package root/],
    ['garbage bytes', null, /not a readable gzip tarball/],
  ])('refuses a tarball with %s and writes nothing', async (_label, entries, message) => {
    const dir = tempDir();
    const dest = join(dir.path, 'pkg');
    const data = entries ? makeTarball(entries) : Buffer.from('this is not a tarball at all');
    await expect(unpackTarball(data, dest, 'evil@1')).rejects.toMatchObject({ code: 'TARBALL_REJECTED', message: expect.stringMatching(message) });
    expect(existsSync(dest)).toBe(false);
    expect(existsSync(join(dir.path, 'evil.md'))).toBe(false);
    dir.remove();
  });

  it('unpacks a package within the bounds however well it compresses (30 MB of one letter), leaving no partial folder', async () => {
    const dir = tempDir();
    const dest = join(dir.path, 'pkg');
    const page = `# Big\n\n${'x'.repeat(30_000_000)}\n`;
    const data = makeTarball([{ path: 'package/docs/big.md', content: page }, { path: 'package/package.json', content: '{}' }]);
    expect(page.length / data.length).toBeGreaterThan(900);
    await unpackTarball(data, dest, 'dense@1');
    expect(readFileSync(join(dest, 'docs/big.md'), 'utf8').length).toBe(page.length);
    expect(readdirSync(dir.path)).toEqual(['pkg']);
    dir.remove();
  });

  it('refuses absurd sizes before unpacking', async () => {
    const data = makeTarball(Array.from({ length: 20 }, (_, i) => ({ path: `package/${i}.md`, content: 'x'.repeat(100) })));
    await expect(checkTarball(data, 'big@1', { tarballBytes: 1e9, unpackedBytes: 1000, entryBytes: 1e9, entries: 10, inflatedBytes: 1e9 })).rejects.toMatchObject({
      code: 'TARBALL_REJECTED',
      message: expect.stringMatching(/entries, over the 10 limit.*bytes, over the 1000-byte limit/),
    });
  });

  it('stops inflating a gzip bomb at the limit instead of inflating it whole', async () => {
    // 64 MiB of zeros in one entry compresses to about 64 KiB.
    const data = makeTarball([{ path: 'package/zeros.md', content: '\0'.repeat(64 * 1024 * 1024) }]);
    expect(data.length).toBeLessThan(1024 * 1024);
    await expect(checkTarball(data, 'bomb@1', { ...TARBALL_LIMITS, inflatedBytes: 4 * 1024 * 1024 })).rejects.toMatchObject({
      code: 'TARBALL_REJECTED',
      message: expect.stringMatching(/inflates past 4194304 bytes/),
    });
  });

  it('drops symlinks instead of following them', async () => {
    const dir = tempDir();
    const dest = join(dir.path, 'pkg');
    await unpackTarball(makeTarball([{ path: 'package/a.md', content: '# A' }, { path: 'package/link.md', type: 'symlink', linkTarget: '/etc/passwd' }]), dest, 'links@1');
    expect(existsSync(join(dest, 'a.md'))).toBe(true);
    expect(existsSync(join(dest, 'link.md'))).toBe(false);
    dir.remove();
  });
});
