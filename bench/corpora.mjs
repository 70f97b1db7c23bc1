// Fetches the benchmark corpora with `npm pack` (as ../shared/bench/CORPORA.md prescribes) into bench/.cache.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const CORPORA = {
  A: [{ name: 'corpus-A', pkg: '@mastra/mcp-docs-server', version: '1.2.27', tgz: 'mastra-mcp-docs-server-1.2.27.tgz', root: 'package/.docs', shasum: 'ffec08fff1ac9c96f3f3ae6949b0bd93d7c02733' }],
  B: [{ name: 'corpus-B', pkg: 'npm', version: '11.21.2', tgz: 'npm-11.21.2.tgz', root: 'package/docs/content', shasum: 'a707b78a8b0dc26f499b7491bac0e596376c3e53' }],
  // Three libraries in one index, asked without naming the library.
  D: [
    { name: 'fastify', pkg: 'fastify', version: '5.12.8', tgz: 'fastify-5.12.8.tgz', root: 'package/docs', shasum: '1465a8219391618e5201696042c6de0105070a49' },
    { name: 'undici', pkg: 'undici', version: '8.12.4', tgz: 'undici-8.12.4.tgz', root: 'package/docs/docs', shasum: '0c0cabeafd9a9c3139f9ace62ee9436c0d355c72' },
    { name: 'pino', pkg: 'pino', version: '10.4.0', tgz: 'pino-10.4.0.tgz', root: 'package/docs', shasum: '8371a2633094100be30b6bf73fd69e29749588d5' },
  ],
  F: [{ name: 'corpus-F', pkg: 'eslint-plugin-jest', version: '29.17.0', tgz: 'eslint-plugin-jest-29.17.0.tgz', root: 'package/docs', shasum: '513444e5f0b2ed559116f0be02a41e6e22e84f39' }],
  G: [{ name: 'corpus-G', pkg: 'serverless', version: '3.40.0', tgz: 'serverless-3.40.0.tgz', root: 'package/docs', shasum: 'bf0e15caae556497d6a97afdc4b2e0ee84c43043' }],
  H: [{ name: 'corpus-H', pkg: 'bun-types', version: '1.4.5', tgz: 'bun-types-1.4.5.tgz', root: 'package/docs', shasum: '61ea56d313ebfa4a399334c6ddc34cd79dc54488' }],
};

/** Each doc set of corpus `id` as `{ name, version, root }`, downloaded and unpacked on first use. */
export function fetchCorpus(cacheDir, id) {
  return CORPORA[id].map((c) => {
    const dir = id === 'D' ? join(cacheDir, id, `${c.pkg}-${c.version}`) : join(cacheDir, id);
    const root = join(dir, c.root);
    if (!existsSync(root)) {
      mkdirSync(dir, { recursive: true });
      const out = JSON.parse(execFileSync('npm', ['pack', `${c.pkg}@${c.version}`, '--json', '--pack-destination', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
      if (out[0].shasum !== c.shasum) throw new Error(`corpus ${id}: ${c.pkg} shasum ${out[0].shasum} is not ${c.shasum}`);
      execFileSync('tar', ['xzf', join(dir, c.tgz), '-C', dir]);
    }
    return { name: c.name, version: id === 'D' ? c.version : '1', root };
  });
}
