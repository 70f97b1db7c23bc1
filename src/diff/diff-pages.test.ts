import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACME_1, ACME_2, tempDir } from '../../test/helpers.js';
import { readFolder } from '../ingest/sources/read-folder.js';
import { diffPages, unifiedDiff } from './diff-pages.js';

const hash = (s: string) => s;

function gnuDiff(a: string, b: string): string {
  const out = spawnSync('diff', ['-u', a, b], { encoding: 'utf8' }).stdout;
  return out.split('\n').slice(2).join('\n');
}

describe('diffPages', () => {
  it('lists the same files as diff -rq, with the line counts of diff -ruN', async () => {
    const [a, b] = await Promise.all([readFolder(ACME_1), readFolder(ACME_2)]);
    const changes = diffPages(
      a.files.map((f) => ({ ...f, hash: hash(f.content) })),
      b.files.map((f) => ({ ...f, hash: hash(f.content) })),
    );
    const rq = spawnSync('diff', ['-rq', '--exclude=package.json', ACME_1, ACME_2], { encoding: 'utf8' }).stdout.trim().split('\n');
    expect(changes.map((c) => c.path)).toEqual(['guides/getting-started.md', 'guides/migration.md', 'reference/errors.md']);
    expect(rq).toHaveLength(3);
    const patch = spawnSync('diff', ['-ruN', '--exclude=package.json', ACME_1, ACME_2], { encoding: 'utf8' }).stdout;
    const added = patch.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++')).length;
    const removed = patch.split('\n').filter((l) => l.startsWith('-') && !l.startsWith('---')).length;
    expect(changes.reduce((n, c) => n + c.added, 0)).toBe(added);
    expect(changes.reduce((n, c) => n + c.removed, 0)).toBe(removed);
    expect(changes.map((c) => c.status)).toEqual(['modified', 'added', 'removed']);
  });
});

describe('unifiedDiff', () => {
  it('writes the hunks diff -u writes, and they apply with patch -p1', () => {
    const dir = tempDir();
    const before = readFileSync(join(ACME_1, 'guides/getting-started.md'), 'utf8');
    const after = readFileSync(join(ACME_2, 'guides/getting-started.md'), 'utf8');
    writeFileSync(join(dir.path, 'a.md'), before);
    writeFileSync(join(dir.path, 'b.md'), after);
    const ours = unifiedDiff('guides/getting-started.md', before, after);
    expect(ours.split('\n').slice(2).join('\n')).toBe(gnuDiff(join(dir.path, 'a.md'), join(dir.path, 'b.md')));

    const tree = join(dir.path, 'tree');
    cpSync(ACME_1, tree, { recursive: true });
    const all = ['guides/getting-started.md', 'guides/migration.md', 'reference/errors.md']
      .map((p) => {
        const read = (root: string) => {
          try {
            return readFileSync(join(root, p), 'utf8');
          } catch {
            return undefined;
          }
        };
        return unifiedDiff(p, read(ACME_1), read(ACME_2));
      })
      .join('');
    execFileSync('patch', ['-p1', '-s'], { cwd: tree, input: all });
    expect(readFileSync(join(tree, 'guides/migration.md'), 'utf8')).toBe(readFileSync(join(ACME_2, 'guides/migration.md'), 'utf8'));
    expect(readFileSync(join(tree, 'guides/getting-started.md'), 'utf8')).toBe(after);
    dir.remove();
  });

  it('gives minimal hunks that patch applies on random edits, blank lines and missing final newlines included', () => {
    const dir = tempDir();
    mkdirSync(join(dir.path, 'x'));
    const line = fc.constantFrom('', '', 'alpha', 'beta', '```', '## Heading', '- item', 'gamma');
    const file = fc.tuple(fc.array(line, { maxLength: 25 }), fc.boolean()).map(([lines, eol]) => lines.join('\n') + (eol && lines.length ? '\n' : ''));
    fc.assert(
      fc.property(file, file, (before, after) => {
        const a = join(dir.path, 'x', 'a');
        const b = join(dir.path, 'x', 'b');
        writeFileSync(a, before);
        writeFileSync(b, after);
        if (before === after) return;
        const ours = unifiedDiff('x/a', before, after);
        const gnu = gnuDiff(a, b);
        const count = (text: string, sign: string) => text.split('\n').filter((l) => l.startsWith(sign) && !l.startsWith(sign.repeat(3) + ' ')).length;
        // Same number of changed lines as GNU diff (both minimal); the alignment of equal-cost
        // alternatives may differ, so the check is that the patch rebuilds the new file exactly.
        expect([count(ours, '+'), count(ours, '-')]).toEqual([count(gnu, '+'), count(gnu, '-')]);
        writeFileSync(a, before);
        execFileSync('patch', ['-p1', '-s', '-d', dir.path], { input: ours.replace('+++ b/x/a', '+++ b/x/a') });
        expect(readFileSync(a, 'utf8')).toBe(after);
      }),
      { numRuns: 300 },
    );
    dir.remove();
  });
});
