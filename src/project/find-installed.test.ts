import { describe, expect, it } from 'vitest';
import { tempDir, writeFiles } from '../../test/helpers.js';
import { findInstalled } from './find-installed.js';

function project(files: Record<string, string>): { path: string; remove: () => void } {
  const dir = tempDir();
  writeFiles(dir.path, files);
  return dir;
}

describe('findInstalled', () => {
  it('prefers node_modules and reports other copies in a monorepo', () => {
    const dir = project({
      'node_modules/acme-widgets/package.json': '{"name":"acme-widgets","version":"2.0.0"}',
      'package-lock.json': JSON.stringify({
        packages: { 'node_modules/acme-widgets': { version: '2.0.0' }, 'packages/app/node_modules/acme-widgets': { version: '1.4.0' } },
      }),
    });
    expect(findInstalled(dir.path, 'acme-widgets')).toEqual({ version: '2.0.0', from: 'node_modules', others: [{ version: '1.4.0', where: 'packages/app/node_modules/acme-widgets' }] });
    dir.remove();
  });

  it('reads an npm lockfile without node_modules', () => {
    const dir = project({ 'package-lock.json': JSON.stringify({ packages: { 'node_modules/@acme/core': { version: '1.2.3' } } }) });
    expect(findInstalled(dir.path, '@acme/core')?.version).toBe('1.2.3');
    dir.remove();
  });

  it('reads pnpm importers, the root first, peers stripped', () => {
    const dir = project({
      'pnpm-lock.yaml': `lockfileVersion: '9.0'\nimporters:\n  packages/web:\n    dependencies:\n      '@acme/core':\n        specifier: ^1.0.0\n        version: 1.1.0\n  .:\n    dependencies:\n      '@acme/core':\n        specifier: ^1.2.0\n        version: 1.2.5(zod@3.25.0)\n`,
    });
    expect(findInstalled(dir.path, '@acme/core')).toEqual({ version: '1.2.5', from: 'pnpm-lock.yaml', others: [{ version: '1.1.0', where: 'pnpm importer packages/web' }] });
    dir.remove();
  });

  it('reads yarn classic and berry lockfiles', () => {
    const classic = project({ 'yarn.lock': '# yarn lockfile v1\n\n"@acme/core@^1.0.0", "@acme/core@^1.1.0":\n  version "1.3.0"\n  resolved "x"\n' });
    expect(findInstalled(classic.path, '@acme/core')?.version).toBe('1.3.0');
    classic.remove();
    const berry = project({ 'yarn.lock': '__metadata:\n  version: 8\n\n"@acme/core@npm:^1.0.0":\n  version: 1.4.1\n  resolution: "@acme/core@npm:1.4.1"\n' });
    expect(findInstalled(berry.path, '@acme/core')?.version).toBe('1.4.1');
    berry.remove();
  });

  it('answers undefined for a project without the package or any lockfile', () => {
    const dir = project({ 'package.json': '{}' });
    expect(findInstalled(dir.path, 'acme-widgets')).toBeUndefined();
    dir.remove();
  });
});
