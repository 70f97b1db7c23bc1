// vdocs list [path] and vdocs docsets: browse what is indexed.
import type { Command } from 'commander';
import { listDocs } from '../read/list-docs.js';
import { COMMAND_HINTS, formatDocSets, formatList } from '../server/format.js';
import { withProject, withStore, type CommonOptions } from './open-store.js';
import { printAnswer, printJson, printText, reportError } from './output.js';

export function registerList(program: Command): void {
  program
    .command('list')
    .description('list the pages and folders of a doc set')
    .argument('[path]', 'folder', '')
    .option('-d, --docset <name>', 'doc set')
    .option('-v, --doc-version <version>', 'exact version or semver range')
    .option('-c, --cursor <cursor>', 'continue a long listing')
    .option('--config <file>', 'your own config file (default: $VDOCS_CONFIG, else ~/.config/vdocs/config.json)')
    .option('--store <url>', 'postgres:// URL of a shared index (default: the SQLite file)')
    .option('--no-default', 'do not index the default Mastra doc set')
    .option('--json', 'print the result as JSON')
    .action(async (path: string, options: CommonOptions & { docset?: string; docVersion?: string; cursor?: string }) => {
      try {
        await withProject(options, options.docset, async (context) => {
          const result = await listDocs(context.store, { path, docset: options.docset, version: options.docVersion, cursor: options.cursor, maxTokens: options.json ? 50_000 : undefined, policy: context.policy });
          if (!options.json) return printAnswer(formatList(result, COMMAND_HINTS));
          const { docSet, ...rest } = result;
          printJson({ docset: docSet.name, version: docSet.version, reason: docSet.reason ?? 'latest', ...rest });
        });
      } catch (error) {
        reportError(error, Boolean(options.json));
      }
    });

  program
    .command('docsets')
    .description('list the indexed doc sets and their versions')
    .option('--config <file>', 'your own config file (default: $VDOCS_CONFIG, else ~/.config/vdocs/config.json)')
    .option('--store <url>', 'postgres:// URL of a shared index (default: the SQLite file)')
    .option('--json', 'print the result as JSON')
    .action(async (options: CommonOptions) => {
      try {
        await withStore(options, async (store) => {
          const docSets = await store.listDocSets();
          if (options.json) printJson({ docsets: docSets.map(({ id: _id, ...d }) => d) });
          else printText(formatDocSets(docSets));
        });
      } catch (error) {
        reportError(error, Boolean(options.json));
      }
    });
}
