// vdocs serve: MCP over stdio. Stdout carries only the protocol; everything else goes to stderr.
import type { Command } from 'commander';
import { loadConfig, type ConfiguredDocSet } from '../config.js';
import type { ServerContext } from '../server/context.js';
import { serveOverStdio } from '../server/transports/stdio.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import type { Store } from '../store/store.js';
import { reportError } from './output.js';

interface ServeOptions {
  config?: string;
  docs?: string[];
  default?: boolean;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the docs over MCP on stdio (default doc set: the Mastra docs)')
    .option('--docs <source>', 'add or pin a doc set: <source> or <name>=<source> (repeatable)', collect, [])
    .option('--no-default', 'do not add the default Mastra doc set')
    .option('--config <file>', `config file (default: ./vdocs.config.json)`)
    .action(async (options: ServeOptions) => {
      try {
        const config = loadConfig({ configFile: options.config, docs: options.docs, useDefault: options.default });
        const store = openSqliteStore(config.indexFile);
        const log = (message: string) => process.stderr.write(`vdocs: ${message}\n`);
        const context = await startContext(store, config.docsets, config.home, log);
        serveOverStdio(context, async () => store.close());
      } catch (error) {
        reportError(error, false);
      }
    });
}

/**
 * Doc sets already indexed are served at once; configured ones still missing are indexed in the
 * background and tool calls wait for them. Updates (a newer `latest`) never block a call.
 */
async function startContext(store: Store, configured: ConfiguredDocSet[], home: string, log: (m: string) => void): Promise<ServerContext> {
  const indexed = new Set((await store.listDocSets()).map((d) => d.name));
  let missing = false;
  const work = (async () => {
    if (configured.length === 0) return;
    const { addDocSet } = await import('../ingest/add-doc-set.js');
    for (const docSet of configured) {
      try {
        const result = await addDocSet(store, docSet.source, { name: docSet.name, home });
        if (result.changed) log(`indexed ${result.docSet.name}@${result.docSet.version} (${result.docSet.pageCount} pages)`);
      } catch (error) {
        log(`could not index ${docSet.source}: ${(error as Error).message}${indexed.size > 0 ? ' (serving the cached index)' : ''}`);
      }
    }
  })();
  for (const docSet of configured) if (!docSet.name || !indexed.has(docSet.name)) missing = true;
  const ready = missing ? work : Promise.resolve();
  return { store, ready: () => ready, log };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
