// vdocs add <source>: index a folder, an npm package version or an llms.txt as a doc set.
import type { Command } from 'commander';
import type { FetchPolicy } from '../net/fetch-policy.js';
import type { Store } from '../store/store.js';
import { withStore, type CommonOptions } from './open-store.js';
import { printJson, printText, reportError, warn } from './output.js';
import { createProgress } from './progress.js';

/**
 * `project:<dir>`: every installed dependency as `<package>@<installed version>`: its own docs, else
 * its repository's docs at that version's tag (when its package.json names a forge), else its README.
 */
async function addProject(store: Store, dir: string, home: string, policy: FetchPolicy, json: boolean): Promise<void> {
  const [{ addDocSet }, { listInstalled }, { installedSource }] = await Promise.all([
    import('../ingest/add-doc-set.js'),
    import('../project/list-installed.js'),
    import('../project/installed-doc-sets.js'),
  ]);
  const packages = listInstalled(dir || '.').filter((p) => p.docsFolder || p.readme || p.changelog || p.repository);
  const results = [];
  for (const p of packages) {
    try {
      const shipsDocs = p.docsFolder !== undefined && p.docsPages > 0;
      const { source, where } = await installedSource({ ...p, source: `installed:${p.dir}`, repository: shipsDocs ? undefined : p.repository }, home, policy, (error) =>
        warn(`${p.name}@${p.version}: ${error.message}; its README is indexed instead`),
      );
      const from = where ?? 'node_modules';
      const r = await addDocSet(store, source, { name: `${p.name}@${p.version}`, home, fetchPolicy: policy, onWarning: warn });
      results.push({ docset: p.name, version: p.version, pages: r.docSet.pageCount, changed: r.changed, from });
      if (!json) printText(`${r.changed ? 'indexed' : 'unchanged'} ${p.name}@${p.version}: ${r.docSet.pageCount} pages (from ${from})`);
    } catch (error) {
      warn(`${p.name}@${p.version}: ${(error as Error).message}`);
    }
  }
  if (json) printJson({ project: dir, docsets: results });
}

/** A URL typed on the command line may be on the user's own network: that host (only) is allowed. */
function policyForCommandLine(source: string, policy: FetchPolicy): FetchPolicy {
  if (policy.allowPrivateNetwork === true || !/^https?:\/\//i.test(source)) return policy;
  try {
    return { ...policy, allowPrivateNetwork: new Set([new URL(source).hostname.replace(/^\[|\]$/g, '').toLowerCase()]) };
  } catch {
    return policy;
  }
}

export function registerAdd(program: Command): void {
  program
    .command('add')
    .description('index a doc set: a folder, npm:<package>@<version>[#subfolder], an llms.txt file or URL, or project:<dir> (its installed packages)')
    .argument('<source>', 'where the pages come from')
    .option('-n, --name <name[@version]>', 'doc set name, optionally with the version (default: from the source)')
    .option('--config <file>', 'your own config file (default: $VDOCS_CONFIG, else ~/.config/vdocs/config.json)')
    .option('--store <url>', 'postgres:// URL of a shared index (default: the SQLite file)')
    .option('--json', 'print the result as JSON')
    .action(async (source: string, options: CommonOptions & { name?: string }) => {
      const progress = createProgress();
      try {
        await withStore(options, async (store, config) => {
          if (source.startsWith('project:')) return addProject(store, source.slice('project:'.length), config.home, config.fetchPolicy, Boolean(options.json));
          // Loaded here, not at start-up: `vdocs serve` never needs the indexing pipeline to answer.
          const { addDocSet } = await import('../ingest/add-doc-set.js');
          const result = await addDocSet(store, source, {
            name: options.name,
            home: config.home,
            onProgress: (phase, done, total) => progress.update(phase, done, total),
            onWarning: (message) => warn(message),
            fetchPolicy: policyForCommandLine(source, config.fetchPolicy),
          });
          progress.stop();
          const d = result.docSet;
          if (options.json) printJson({ docset: d.name, version: d.version, pages: d.pageCount, sections: d.sectionCount, source: d.source, changed: result.changed, warnings: result.warnings });
          else printText(`${result.changed ? 'indexed' : 'unchanged'} ${d.name}@${d.version}: ${d.pageCount} pages, ${d.sectionCount} sections${result.offline ? ' (registry unreachable: cached copy used)' : ''}`);
        });
      } catch (error) {
        progress.stop();
        reportError(error, Boolean(options.json));
      }
    });
}
