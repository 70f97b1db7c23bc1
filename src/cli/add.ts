// vdocs add <source>: index a folder, an npm package version or an llms.txt as a doc set.
import type { Command } from 'commander';
import { addDocSet } from '../ingest/add-doc-set.js';
import { withStore, type CommonOptions } from './open-store.js';
import { printJson, printText, reportError, warn } from './output.js';
import { createProgress } from './progress.js';

export function registerAdd(program: Command): void {
  program
    .command('add')
    .description('index a doc set: a folder, npm:<package>@<version>[#subfolder], or an llms.txt file or URL')
    .argument('<source>', 'where the pages come from')
    .option('-n, --name <name[@version]>', 'doc set name, optionally with the version (default: from the source)')
    .option('--config <file>', 'config file (default: ./vdocs.config.json)')
    .option('--store <url>', 'postgres:// URL of a shared index (default: the SQLite file)')
    .option('--json', 'print the result as JSON')
    .action(async (source: string, options: CommonOptions & { name?: string }) => {
      const progress = createProgress();
      try {
        await withStore(options, async (store, config) => {
          const result = await addDocSet(store, source, {
            name: options.name,
            home: config.home,
            onProgress: (phase, done, total) => progress.update(phase, done, total),
            onWarning: (message) => warn(message),
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
