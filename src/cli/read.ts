// vdocs read <path>[#section]: a page, a section or a folder listing.
import type { Command } from 'commander';
import { readDoc } from '../read/read-doc.js';
import { COMMAND_HINTS, formatRead } from '../server/format.js';
import { withProject, type CommonOptions } from './open-store.js';
import { printAnswer, printJson, reportError } from './output.js';
import { toInt } from './search.js';

export function registerRead(program: Command): void {
  program
    .command('read')
    .description('read a page, a section (path#anchor) or a folder')
    .argument('<path>', 'path relative to the doc set root')
    .option('-d, --docset <name>', 'doc set')
    .option('-v, --doc-version <version>', 'exact version or semver range')
    .option('-s, --section <anchor>', 'section anchor or heading')
    .option('-t, --max-tokens <n>', 'token budget for one part', toInt)
    .option('-c, --cursor <cursor>', 'continue a long page')
    .option('--config <file>', 'your own config file (default: $VDOCS_CONFIG, else ~/.config/vdocs/config.json)')
    .option('--store <url>', 'postgres:// URL of a shared index (default: the SQLite file)')
    .option('--no-default', 'do not index the default Mastra doc set')
    .option('--json', 'print the result as JSON')
    .action(async (path: string, options: CommonOptions & { docset?: string; docVersion?: string; section?: string; maxTokens?: number; cursor?: string }) => {
      try {
        await withProject(options, options.docset, async (context) => {
          const result = await readDoc(context.store, { path, docset: options.docset, version: options.docVersion, section: options.section, maxTokens: options.maxTokens, cursor: options.cursor, policy: context.policy });
          if (!options.json) return printAnswer(formatRead(result, COMMAND_HINTS));
          const { docSet, ...rest } = result;
          printJson({ docset: docSet.name, version: docSet.version, reason: docSet.reason ?? 'latest', ...rest });
        });
      } catch (error) {
        reportError(error, Boolean(options.json));
      }
    });
}
