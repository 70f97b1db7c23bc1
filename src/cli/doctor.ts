// vdocs doctor: checks the index and, when it is damaged (or with --rebuild), moves it aside and
// indexes again every doc set it recorded (else the configured ones) from their sources.
import type { Command } from 'commander';
import { loadConfig, type Config } from '../config.js';
import { openStore } from '../store/open-store.js';
import { printJson, printText, reportError, warn } from './output.js';

interface DoctorOptions {
  config?: string;
  store?: string;
  json?: boolean;
  rebuild?: boolean;
}

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('check the index; rebuild it from its recorded sources when it is damaged')
    .option('--rebuild', 'rebuild even when the check passes')
    .option('--config <file>', 'your own config file (default: $VDOCS_CONFIG, else ~/.config/vdocs/config.json)')
    .option('--store <url>', 'postgres:// URL of a shared index (default: the SQLite file)')
    .option('--json', 'print the result as JSON')
    .action(async (options: DoctorOptions) => {
      try {
        const config = loadConfig({ configFile: options.config, store: options.store });
        for (const message of config.warnings) warn(message);
        if (config.storeUrl) return await checkShared(config, Boolean(options.json));
        await checkLocal(config, options);
      } catch (error) {
        reportError(error, Boolean(options.json));
      }
    });
}

async function checkShared(config: Config, json: boolean): Promise<void> {
  const store = await openStore(config);
  try {
    const health = await store.health();
    if (json) printJson(health);
    else printText(health.ok ? `PostgreSQL index ok: ${health.docSets} doc sets.` : `PostgreSQL index: ${health.state} (${health.detail}).`);
    if (!health.ok) process.exitCode = 1;
  } finally {
    await store.close();
  }
}

async function checkLocal(config: Config, options: DoctorOptions): Promise<void> {
  const file = config.indexFile;
  const [{ checkSqliteIndex }, { moveIndexAside }, { addDocSet }] = await Promise.all([
    import('../store/sqlite/check-sqlite-index.js'),
    import('../store/sqlite/index-file.js'),
    import('../ingest/add-doc-set.js'),
  ]);
  const first = checkSqliteIndex(file);
  if (first.ok && !options.rebuild) {
    if (options.json) printJson({ ok: true, index: file, docsets: first.docSets.length });
    else printText(`index ok: ${file}, ${first.docSets.length} doc sets.`);
    return;
  }
  const aside = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  // Under the index's write lock: a concurrent `vdocs add` either finished before (its doc set is
  // read here and rebuilt) or waits and then writes into the new index.
  const { seen: check, replaced: store } = await moveIndexAside(file, aside, {
    inspect: () => checkSqliteIndex(file),
    replace: () => openStore(config),
    onWait: () => warn('another vdocs process is writing the index; waiting for it to finish'),
  });
  if (!check.ok) warn(`the index at ${file} is damaged: ${check.problems.slice(0, 3).join('; ')}`);
  const targets = check.docSets.length > 0 ? check.docSets.map((d) => ({ source: d.source, name: `${d.name}@${d.version}` })) : config.docsets.map((d) => ({ source: d.source, name: d.name }));
  if (!options.json) printText(`moved the old index to ${aside}; indexing ${targets.length} doc sets again`);
  const results: Array<{ docset: string; ok: boolean; error?: string }> = [];
  try {
    for (const target of targets) {
      try {
        const r = await addDocSet(store, target.source, { name: target.name, home: config.home, fetchPolicy: config.fetchPolicy, onWarning: () => undefined });
        results.push({ docset: `${r.docSet.name}@${r.docSet.version}`, ok: true });
        if (!options.json) printText(`indexed ${r.docSet.name}@${r.docSet.version}: ${r.docSet.pageCount} pages`);
      } catch (error) {
        results.push({ docset: target.name ?? target.source, ok: false, error: (error as Error).message });
        warn(`${target.name ?? target.source}: ${(error as Error).message}`);
      }
    }
  } finally {
    await store.close();
  }
  if (options.json) printJson({ ok: results.every((r) => r.ok), index: file, damaged: !check.ok, movedTo: aside, docsets: results });
  if (results.some((r) => !r.ok)) process.exitCode = 1;
}
