// vdocs diff <docset>@<from> <docset>@<to>: the files that changed, their hunks, or the sections about a topic.
import type { Command } from 'commander';
import { diffDocSets, renderDiff } from '../diff/diff-doc-sets.js';
import { unifiedDiff } from '../diff/diff-pages.js';
import { DocsError } from '../errors.js';
import { withStore, type CommonOptions } from './open-store.js';
import { CLI_MAX_TOKENS, printAnswer, printJson, reportError } from './output.js';
import { diffForTerminal, terminalOf } from './terminal.js';
import { toInt } from './search.js';

interface DiffCliOptions extends CommonOptions {
  path?: string;
  query?: string;
  patch?: boolean;
  maxTokens?: number;
  cursor?: string;
}


export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description('compare two indexed versions of a doc set')
    .argument('<from>', 'docset@version (older)')
    .argument('<to>', 'docset@version or version (newer)')
    .option('-p, --path <path>', 'limit to a file or folder')
    .option('-q, --query <topic>', 'only the changed sections about a topic')
    .option('--patch', 'print the whole unified diff (applies with patch -p1)')
    .option('-t, --max-tokens <n>', `token budget of one part (default ${CLI_MAX_TOKENS})`, toInt)
    .option('-c, --cursor <cursor>', 'continue a long answer')
    .option('--config <file>', 'your own config file (default: $VDOCS_CONFIG, else ~/.config/vdocs/config.json)')
    .option('--store <url>', 'postgres:// URL of a shared index (default: the SQLite file)')
    .option('--json', 'print {"files":[...]} as JSON')
    .action(async (fromText: string, toText: string, options: DiffCliOptions) => {
      try {
        const from = splitVersion(fromText);
        const to = toText.includes('@') ? splitVersion(toText) : { docset: from.docset, version: toText };
        if (from.docset !== to.docset) throw new DocsError('INVALID_ARGUMENT', `Compare two versions of one doc set, not ${from.docset} and ${to.docset}.`);
        await withStore(options, async (store, config) => {
          // A version not indexed yet, of a doc set from a registry package or a repository, is indexed first.
          const { ensureVersion } = await import('../ingest/version-on-demand.js');
          for (const version of [from.version, to.version]) {
            // Steps on stderr; the per-page count is left out (a line per page would flood it).
            await ensureVersion(store, from.docset, version, { home: config.home, fetchPolicy: config.fetchPolicy, onProgress: (message, done) => void (done === undefined && process.stderr.write(`vdocs: ${message}\n`)) });
          }
          const diff = await diffDocSets(store, { docset: from.docset, from: from.version, to: to.version, path: options.path, query: options.query });
          const patchOf = async (path: string) => unifiedDiff(path, await diff.contentOf(path, 'from'), await diff.contentOf(path, 'to'));
          if (options.json) {
            const files = [];
            for (const f of diff.files) files.push(options.patch ? { ...f, patch: await patchOf(f.path) } : f);
            printJson({
              docset: diff.from.name,
              from: diff.from.version,
              to: diff.to.version,
              reversed: diff.reversed,
              added: diff.added,
              removed: diff.removed,
              files,
              folders: diff.folders,
              ...(diff.sections ? { sections: diff.sections } : {}),
            });
          } else if (options.patch) {
            const terminal = terminalOf(process.stdout);
            for (const f of diff.files) process.stdout.write(diffForTerminal(await patchOf(f.path), terminal));
          } else {
            printAnswer((await renderDiff(diff, options.maxTokens ?? CLI_MAX_TOKENS, options.cursor)).text, 'diff');
          }
        });
      } catch (error) {
        reportError(error, Boolean(options.json));
      }
    });
}

function splitVersion(text: string): { docset: string; version: string } {
  const at = text.lastIndexOf('@');
  if (at <= 0) throw new DocsError('INVALID_ARGUMENT', `"${text}" should be docset@version.`);
  return { docset: text.slice(0, at), version: text.slice(at + 1) };
}
