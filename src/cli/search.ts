// vdocs search <query>: the same ranked sections search_docs gives an agent.
import type { Command } from 'commander';
import { DocsError } from '../errors.js';
import { searchDocs } from '../search/search-docs.js';
import { COMMAND_HINTS, formatSearch } from '../server/format.js';
import { withProject, type CommonOptions } from './open-store.js';
import { printAnswer, printJson, reportError } from './output.js';

export function registerSearch(program: Command): void {
  program
    .command('search')
    .description('search the indexed docs; prints ranked sections')
    .argument('<query...>', 'question or keywords (after -- it may start with -)')
    .option('-d, --docset <name>', 'doc set (default: all)')
    .option('-v, --doc-version <version>', 'exact version or semver range')
    .option('-l, --limit <n>', 'number of results', toInt)
    .option('-t, --max-tokens <n>', 'token budget for the answer', toInt)
    .option('-k, --kind <kind>', 'docs (default) or code: code examples first')
    .option('--config <file>', 'your own config file (default: $VDOCS_CONFIG, else ~/.config/vdocs/config.json)')
    .option('--store <url>', 'postgres:// URL of a shared index (default: the SQLite file)')
    .option('--no-default', 'do not index the default Mastra doc set')
    .option('--json', 'print {"results":[...],"docsets":[...],"skipped"?,"weak"?,"suggestions"?} as JSON')
    .action(async (words: string[], options: CommonOptions & { docset?: string; docVersion?: string; limit?: number; maxTokens?: number; kind?: string }) => {
      const query = words.join(' ');
      try {
        await withProject(options, options.docset, async (context) => {
          if (options.kind && options.kind !== 'docs' && options.kind !== 'code') throw new DocsError('INVALID_ARGUMENT', `--kind is docs or code, not "${options.kind}".`);
          const kind = options.kind as 'docs' | 'code' | undefined;
          const result = await searchDocs(context.store, { query, docset: options.docset, version: options.docVersion, limit: options.limit, maxTokens: options.maxTokens, kind, policy: context.policy });
          if (options.json) {
            printJson({
              results: result.hits.map((h) => ({ docset: h.docset, version: h.version, path: h.path, heading: h.heading, anchor: h.anchor, lines: h.lines, text: h.text, score: h.score, alsoIn: h.alsoIn })),
              docsets: result.docSets.map((d) => ({ name: d.name, version: d.version, reason: d.reason ?? 'latest' })),
              ...(result.skipped ? { skipped: result.skipped } : {}),
              ...(result.weak ? { weak: result.weak } : {}),
              ...(result.suggestions ? { suggestions: result.suggestions } : {}),
            });
          } else printAnswer(formatSearch(query, result, COMMAND_HINTS));
        });
      } catch (error) {
        reportError(error, Boolean(options.json));
      }
    });
}

export function toInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`"${value}" is not a whole number`);
  return n;
}
