// vdocs changes <package> --since <version>: changelog entries after a version.
import type { Command } from 'commander';
import { changesSince } from '../changelog/changes-since.js';
import { withStore, type CommonOptions } from './open-store.js';
import { CLI_MAX_TOKENS, printJson, printText, reportError } from './output.js';
import { toInt } from './search.js';

export function registerChanges(program: Command): void {
  program
    .command('changes')
    .description("a package's changelog entries after a version, breaking changes first")
    .argument('<package>', 'npm package name')
    .requiredOption('-s, --since <version>', 'the version you have')
    .option('--to <version>', 'last version to include')
    .option('-t, --max-tokens <n>', `token budget of one part (default ${CLI_MAX_TOKENS})`, toInt)
    .option('-c, --cursor <cursor>', 'continue a long answer')
    .option('--config <file>', 'your own config file (default: $VDOCS_CONFIG, else ~/.config/vdocs/config.json)')
    .option('--store <url>', 'postgres:// URL of a shared index (default: the SQLite file)')
    .option('--json', 'print the entries as JSON')
    .action(async (pkg: string, options: CommonOptions & { since: string; to?: string; maxTokens?: number; cursor?: string }) => {
      try {
        await withStore(options, async (store, config) => {
          const result = await changesSince(store, { package: pkg, since: options.since, to: options.to, home: config.home, fetchPolicy: config.fetchPolicy, projectDir: process.cwd(), maxTokens: options.maxTokens ?? CLI_MAX_TOKENS, cursor: options.cursor });
          if (options.json) printJson({ package: pkg, since: options.since, to: options.to, from: result.from, entries: result.entries });
          else printText(result.text);
        });
      } catch (error) {
        reportError(error, Boolean(options.json));
      }
    });
}
