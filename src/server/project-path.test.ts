import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import type { ServerContext } from './context.js';
import { resolveProjectPath, showMessage } from './project-path.js';

describe('resolveProjectPath', () => {
  const root = tempDir();
  const elsewhere = tempDir();
  mkdirSync(join(root.path, 'node_modules', 'real'), { recursive: true });
  // An `npm link`ed package: inside the root by its name, elsewhere in fact.
  symlinkSync(elsewhere.path, join(root.path, 'node_modules', 'linked'));
  afterAll(() => {
    root.remove();
    elsewhere.remove();
  });
  const remote = { remote: true, projectDir: root.path, projectRoots: [root.path] } as ServerContext;

  it('lets a remote client name folders really inside its roots', () => {
    expect(resolveProjectPath(remote, 'node_modules/real')).toMatch(/node_modules\/real$/);
  });

  it('refuses a remote client a symlink inside a root that leads out of it, and paths that do not exist', () => {
    for (const path of ['node_modules/linked', 'node_modules/linked/sub', '/', 'missing']) {
      expect(() => resolveProjectPath(remote, path)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
  });

  it('lets a local client name any folder', () => {
    expect(resolveProjectPath({ ...remote, remote: false }, 'node_modules/linked')).toBe(join(root.path, 'node_modules', 'linked'));
  });
});

describe('showMessage', () => {
  const context = { remote: true, projectDir: '/srv/app', projectRoots: ['/srv/app'] } as ServerContext;

  it('shows remote clients no server paths and no URLs', () => {
    const text = showMessage(
      context,
      'STORE_FAILED: cannot open /root/.cache/vdocs/index.sqlite: busy. Package /srv/app/node_modules/x (see "/srv/app/package.json") via https://user:pw@registry.internal:4873/x/-/x-1.0.0.tgz.',
    );
    expect(text).toBe('STORE_FAILED: cannot open index.sqlite: busy. Package node_modules/x (see "package.json") via [url].');
  });

  it('leaves relative doc paths alone, and local clients see everything', () => {
    expect(showMessage(context, 'PATH_NOT_FOUND: guides/setup.md; closest: guides/set-up.md.')).toBe('PATH_NOT_FOUND: guides/setup.md; closest: guides/set-up.md.');
    expect(showMessage({ ...context, remote: false }, 'at /root/x')).toBe('at /root/x');
  });
});
