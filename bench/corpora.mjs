// Fetches the benchmark corpora with `npm pack` (as ../shared/bench/CORPORA.md prescribes) into bench/.cache.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const CORPORA = {
  A: { pkg: '@mastra/mcp-docs-server', version: '1.2.27', tgz: 'mastra-mcp-docs-server-1.2.27.tgz', root: 'package/.docs', shasum: 'ffec08fff1ac9c96f3f3ae6949b0bd93d7c02733' },
  B: { pkg: 'npm', version: '11.21.2', tgz: 'npm-11.21.2.tgz', root: 'package/docs/content', shasum: 'a707b78a8b0dc26f499b7491bac0e596376c3e53' },
};

export function fetchCorpus(cacheDir, id) {
  const c = CORPORA[id];
  const dir = join(cacheDir, id);
  const root = join(dir, c.root);
  if (existsSync(root)) return root;
  mkdirSync(dir, { recursive: true });
  const out = JSON.parse(execFileSync('npm', ['pack', `${c.pkg}@${c.version}`, '--json', '--pack-destination', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  if (out[0].shasum !== c.shasum) throw new Error(`corpus ${id}: shasum ${out[0].shasum} is not ${c.shasum}`);
  execFileSync('tar', ['xzf', join(dir, c.tgz), '-C', dir]);
  return root;
}
