// Opens the index named by the configuration, for commands that read or write it; commands that
// answer questions also get what `serve` gives a tool call: the default doc sets indexed on first
// use and the project's installed versions served.
import { loadConfig, type Config } from '../config.js';
import type { ServerContext } from '../server/context.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { warn } from './output.js';
import { createProgress } from './progress.js';

export interface CommonOptions {
  config?: string;
  json?: boolean;
  store?: string;
  /** `--no-default`: leave the default Mastra doc set out. */
  default?: boolean;
}

export async function withStore<T>(options: CommonOptions, run: (store: Store, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig({ configFile: options.config, store: options.store, useDefault: options.default });
  for (const message of config.warnings) warn(message);
  const store = await openStore(config, { onWait: () => process.stderr.write('vdocs: another vdocs process is writing the index; waiting for it to finish\n') });
  try {
    return await run(store, config);
  } finally {
    await store.close();
  }
}

/**
 * The context a tool call gets, for the project in the working directory: what the request needs
 * is indexed first (progress on stderr), then the installed versions decide what is served.
 */
export async function withProject<T>(options: CommonOptions, docset: string | undefined, run: (context: ServerContext, config: Config) => Promise<T>): Promise<T> {
  return withStore(options, async (store, config) => {
    const { startContext } = await import('../server/start-context.js');
    const log = (message: string) => process.stderr.write(`vdocs: ${message}\n`);
    // Counted steps (pages parsed) as a bar on a terminal; the others as lines.
    const progress = createProgress();
    const onProgress = (message: string, done?: number, total?: number) => {
      if (done !== undefined && total !== undefined) return progress.update(message.replace(/ \d+ of \d+$/, ''), done, total);
      progress.stop();
      log(message);
    };
    let context: ServerContext;
    try {
      context = await startContext(store, config, process.cwd(), quietUnless(log), undefined, { foreground: { docset, onProgress } });
      await context.ready(docset);
    } finally {
      progress.stop();
    }
    return run(context, config);
  });
}

/** Indexing news matters on a command line; the routine lines a server logs do not. */
function quietUnless(log: (message: string) => void): (message: string) => void {
  return (message) => {
    if (/^(indexed|could not|warning)/.test(message)) log(message);
  };
}
