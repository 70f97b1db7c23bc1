// vdocs agents-md: writes (or refreshes) the docs index of the project's installed versions into its
// AGENTS.md (or --file CLAUDE.md) between marker comments; --check only says whether it is current.
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import { confinePath, realPathInside, safeRelativePath } from '../confine-path.js';
import { DocsError } from '../errors.js';
import { renderAgentsIndex, updateAgentsFile } from '../read/agents-index.js';
import { resolveDocSets } from '../search/resolve-doc-sets.js';
import { withProject, type CommonOptions } from './open-store.js';
import { printJson, printText, reportError } from './output.js';

/** An agents file larger than this is not one vdocs should rewrite. */
const MAX_FILE_BYTES = 1024 * 1024;

export function registerAgentsMd(program: Command): void {
  program
    .command('agents-md')
    .description("write the docs index of the project's installed versions into its AGENTS.md")
    .option('-f, --file <file>', 'the file, inside the project', 'AGENTS.md')
    .option('--check', 'change nothing; exit 1 when the file is not current')
    .option('--config <file>', 'your own config file (default: $VDOCS_CONFIG, else ~/.config/vdocs/config.json)')
    .option('--store <url>', 'postgres:// URL of a shared index (default: the SQLite file)')
    .option('--no-default', 'do not index the default Mastra doc set')
    .option('--json', 'print the result as JSON')
    .action(async (options: CommonOptions & { file: string; check?: boolean }) => {
      try {
        const project = process.cwd();
        const file = agentsFile(project, options.file);
        await withProject(options, undefined, async (context) => {
          // The doc sets this project is served: its installed versions (and what tracks them).
          const served = (await resolveDocSets(context.store, { policy: context.policy })).filter((d) => context.policy?.has(d.name));
          if (served.length === 0) throw new DocsError('DOC_SET_NOT_FOUND', `No doc set is served for the project in ${project} (no installed package ships docs, and none tracks one). Add one with vdocs add, or run this in the project's folder.`);
          const block = renderAgentsIndex(await Promise.all(served.map(async (docSet) => ({ docSet, pages: await context.store.listPages(docSet.id) }))));
          const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
          const next = updateAgentsFile(current, block);
          const changed = next !== current;
          if (changed && !options.check) {
            // Replaced at once: a reader never sees half a file.
            const temporary = join(dirname(file), `.${basename(file)}.vdocs-${process.pid}.tmp`);
            writeFileSync(temporary, next);
            renameSync(temporary, file);
          }
          const what = options.check ? (changed ? 'out of date' : 'current') : changed ? 'written' : 'unchanged';
          if (options.check && changed) process.exitCode = 1;
          if (options.json) printJson({ file: options.file, status: what, bytes: Buffer.byteLength(block), docsets: served.map((d) => `${d.name}@${d.version}`) });
          else printText(`${options.file}: ${what} (${served.length} doc sets: ${served.map((d) => `${d.name}@${d.version}`).join(', ')}; index ${Buffer.byteLength(block)} bytes)`);
        });
      } catch (error) {
        reportError(error, Boolean(options.json));
      }
    });
}

/** The file to write: a plain path inside the project; an existing one must really be there (no symlink out), a regular file, not huge. */
function agentsFile(project: string, name: string): string {
  if (!safeRelativePath(name)) throw new DocsError('INVALID_ARGUMENT', `--file "${name.slice(0, 200)}" is not a plain path inside the project.`);
  const path = confinePath(project, name);
  if (!existsSync(path)) return path;
  const real = realPathInside(project, path);
  if (!real) throw new DocsError('PATH_OUTSIDE_ROOT', `${name} leads out of the project (a symlink); vdocs writes only inside ${project}.`);
  const info = statSync(real);
  if (!info.isFile()) throw new DocsError('INVALID_ARGUMENT', `${name} is not a regular file.`);
  if (info.size > MAX_FILE_BYTES) throw new DocsError('INVALID_ARGUMENT', `${name} is ${info.size} bytes; vdocs rewrites files of at most ${MAX_FILE_BYTES}.`);
  return real;
}
