// Helpers of the scale benches (scale-bench.mjs, many-libraries.mjs): stores, sizes, and search
// latency in process and over MCP stdio with the answer cache off.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { searchDocs } from '../dist/search/search-docs.js';
import { openSqliteStore } from '../dist/store/sqlite/open-sqlite-store.js';
import { scoreQuestion, summarize } from './retrieval.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const main = join(here, '..', 'dist', 'main.js');
export const cacheDir = join(here, '.cache');
export const sharedBench = join(here, '..', '..', 'shared', 'bench');
const args = process.argv.slice(2);
export const storeUrl = args.includes('--store') ? args[args.indexOf('--store') + 1] : undefined;

/** Extra doc sets for the crowded index, fetched once with `npm pack` into bench/.cache/scale. */
export function fetchPackage(spec, folder) {
  const dir = join(cacheDir, 'scale', folder);
  if (!existsSync(join(dir, 'package'))) {
    mkdirSync(dir, { recursive: true });
    const out = JSON.parse(execFileSync('npm', ['pack', spec, '--json', '--pack-destination', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024 }));
    execFileSync('tar', ['xzf', join(dir, out[0].filename), '-C', dir]);
  }
  return join(dir, 'package');
}

export const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
export const ms = (x) => `${x.toFixed(1)} ms`;
export const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function folderBytes(dir, skip = new Set(['packages'])) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const full = join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(full, new Set()) : statSync(full).size;
  }
  return total;
}

/** A new, empty store, or with `reopen` the one written before. */
export async function openStore(home, reopen = false) {
  if (!storeUrl) return openSqliteStore(join(home, 'index.sqlite'));
  const { openPostgresStore } = await import('../dist/store/postgres/open-postgres-store.js');
  if (reopen) return openPostgresStore(storeUrl);
  const postgres = (await import('postgres')).default;
  const sql = postgres(storeUrl, { onnotice: () => undefined });
  const { DROP_ALL_TABLES } = await import('../dist/store/postgres/schema.js');
  await sql.unsafe(DROP_ALL_TABLES);
  await sql.end();
  return openPostgresStore(storeUrl);
}

export async function indexBytes(home) {
  if (!storeUrl) return folderBytes(home);
  const postgres = (await import('postgres')).default;
  const sql = postgres(storeUrl, { onnotice: () => undefined });
  const [{ bytes }] = await sql`SELECT sum(pg_total_relation_size(c.oid))::bigint AS bytes FROM pg_class c WHERE c.relname LIKE 'vdocs_%' AND c.relkind = 'r'`;
  await sql.end();
  return Number(bytes);
}

/** Quality and in-process latency of one question set, scoped to one doc set. */
export async function measureSet(store, questions, selector, rounds = 5) {
  const scored = [];
  for (const q of questions) scored.push(scoreQuestion(q, (await searchDocs(store, { query: q.query, limit: 10, ...selector })).hits));
  const times = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of questions) {
      const t = performance.now();
      await searchDocs(store, { query: q.query, limit: 10, ...selector });
      times.push(performance.now() - t);
    }
  }
  return { ...summarize(scored), p50: pct(times, 0.5), p95: pct(times, 0.95) };
}

/** search_docs over MCP stdio with the answer cache off, each question asked once per round. */
export async function measureMcp(home, questions, docset, version, rounds = 2) {
  const env = { ...process.env, VDOCS_HOME: home, VDOCS_INDEX: join(home, 'index.sqlite'), VDOCS_SEARCH_CACHE: '0', ...(storeUrl ? { VDOCS_STORE: storeUrl } : {}) };
  const transport = new StdioClientTransport({ command: process.execPath, args: [main, 'serve', '--no-default'], env, stderr: 'ignore', cwd: home });
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(transport);
  const times = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of questions) {
      const t = performance.now();
      await client.callTool({ name: 'search_docs', arguments: { query: q.query, docset, version } });
      times.push(performance.now() - t);
    }
  }
  const rssKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${transport.pid}/status`, 'utf8'))?.[1] ?? 0);
  await client.close();
  return { p50: pct(times, 0.5), p95: pct(times, 0.95), rss: rssKb * 1024 };
}

