// Part of `npm run bench:sources`: 27 real npm packages whose tarballs ship no docs folder. Their
// versions and package.json `repository` fields come from the registry as published; their
// repositories' layouts (docs folder, tag spelling: repository-layouts.json) are served by a
// stand-in archive host. Measured: how many get docs at the installed version, and why the others do not.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startArchiveHost } from '../test/archive-host.js';
import { findReleaseDocs, parseRepositoryField } from '../src/ingest/sources/release-docs.js';
import { DEFAULT_FETCH_POLICY } from '../src/net/fetch-policy.js';

const here = dirname(fileURLToPath(import.meta.url));
const layouts = JSON.parse(readFileSync(join(here, 'repository-layouts.json'), 'utf8')) as Record<string, { tag: string; docs: string | null } | string>;

export async function benchRepositories(): Promise<void> {
  const packages = Object.entries(layouts).filter((entry): entry is [string, { tag: string; docs: string | null }] => typeof entry[1] === 'object');
  const published = packages.map(([name, layout]) => {
    const view = JSON.parse(execFileSync('npm', ['view', name, 'version', 'repository', '--json'], { encoding: 'utf8' })) as { version: string; repository: unknown };
    return { name, layout, version: view.version, repository: view.repository };
  });
  const repos: Record<string, Record<string, Record<string, string>>> = {};
  for (const p of published) {
    const repo = parseRepositoryField(p.repository);
    if (!repo) continue;
    const tree: Record<string, string> = { 'README.md': `# ${p.name}`, 'src/index.js': '// code', 'CHANGELOG.md': `# Changelog\n\n## ${p.version}\n` };
    if (p.layout.docs) for (const page of ['index.md', 'guide/getting-started.md', 'api.md']) tree[`${p.layout.docs}/${page}`] = `# ${page}\n\n${p.name} ${p.version}.`;
    const key = `${repo.owner}/${repo.repo}`;
    (repos[key] ??= {})[p.layout.tag.replace('{v}', p.version)] = tree;
  }
  const host = await startArchiveHost(repos);
  const home = mkdtempSync(join(tmpdir(), 'vdocs-repos-'));
  const rows: string[] = [];
  let found = 0;
  try {
    for (const p of published) {
      const repo = parseRepositoryField(p.repository);
      const before = host.requests.length;
      let outcome: string;
      if (!repo) outcome = `not a forge repository field: ${JSON.stringify(p.repository)}`;
      else {
        try {
          const release = await findReleaseDocs({ name: p.name, version: p.version, repository: repo }, home, { ...DEFAULT_FETCH_POLICY, allowPrivateNetwork: true, forges: { 'github.com': host.base } });
          outcome = `docs: ${release.source}`;
          found++;
        } catch (error) {
          outcome = `none: ${(error as Error).message}`;
        }
      }
      rows.push(`${`${p.name}@${p.version}`.padEnd(30)} ${String(host.requests.length - before).padStart(2)} req  ${outcome.slice(0, 150)}`);
    }
  } finally {
    await host.close();
    rmSync(home, { recursive: true, force: true });
  }
  console.log(`\n== repositories: ${published.length} real packages that ship no docs folder (registry repository fields, layouts of repository-layouts.json)`);
  for (const row of rows) console.log(row);
  console.log(`docs at the installed version: ${found} of ${published.length}`);
}
