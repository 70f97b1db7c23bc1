// `npm run bench:scale`: vdocs with many doc sets indexed, as users index them. Not a test: it
// prints figures. Builds the two bench corpora alone, then a crowded index (corpus A as
// mastra@1.2.27 beside seven earlier Mastra docs releases, corpus B as npm@11.21.2, and the
// Next.js 16.4.6 docs), and compares: quality and search latency of A and B (in process and over
// MCP, answer cache off, distinct questions), cross-library search (quality and latency), index
// size, the time to add a Mastra version beside its predecessors, RSS; then corpus D's three
// libraries join it and D's questions are asked of all thirteen doc sets. `--store postgres://...`
// runs it on PostgreSQL.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { addDocSet } from '../dist/ingest/add-doc-set.js';
import { searchDocs } from '../dist/search/search-docs.js';
import { openSqliteStore } from '../dist/store/sqlite/open-sqlite-store.js';
import { fetchCorpus } from './corpora.mjs';
import { loadQuestions, scoreQuestion, summarize } from './retrieval.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const main = join(here, '..', 'dist', 'main.js');
const sharedBench = join(here, '..', '..', 'shared', 'bench');
const cacheDir = join(here, '.cache');
const args = process.argv.slice(2);
const storeUrl = args.includes('--store') ? args[args.indexOf('--store') + 1] : undefined;
const MASTRA_BEFORE = ['1.1.19', '1.1.45', '1.2.22', '1.2.23', '1.2.24', '1.2.25', '1.2.26'];

/** Extra doc sets for the crowded index, fetched once with `npm pack` into bench/.cache/scale. */
function fetchPackage(spec, folder) {
  const dir = join(cacheDir, 'scale', folder);
  if (!existsSync(join(dir, 'package'))) {
    mkdirSync(dir, { recursive: true });
    const out = JSON.parse(execFileSync('npm', ['pack', spec, '--json', '--pack-destination', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024 }));
    execFileSync('tar', ['xzf', join(dir, out[0].filename), '-C', dir]);
  }
  return join(dir, 'package');
}

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
const ms = (x) => `${x.toFixed(1)} ms`;
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

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
async function openStore(home, reopen = false) {
  if (!storeUrl) return openSqliteStore(join(home, 'index.sqlite'));
  const { openPostgresStore } = await import('../dist/store/postgres/open-postgres-store.js');
  if (reopen) return openPostgresStore(storeUrl);
  const postgres = (await import('postgres')).default;
  const sql = postgres(storeUrl, { onnotice: () => undefined });
  await sql`DROP TABLE IF EXISTS vdocs_section_terms, vdocs_page_terms, vdocs_section_postings, vdocs_page_postings, vdocs_secondary, vdocs_sections, vdocs_bodies, vdocs_texts, vdocs_docset_pages, vdocs_page_versions, vdocs_pages, vdocs_docsets, vdocs_libraries, vdocs_segments, vdocs_meta CASCADE`;
  await sql.end();
  return openPostgresStore(storeUrl);
}

async function indexBytes(home) {
  if (!storeUrl) return folderBytes(home);
  const postgres = (await import('postgres')).default;
  const sql = postgres(storeUrl, { onnotice: () => undefined });
  const [{ bytes }] = await sql`SELECT sum(pg_total_relation_size(c.oid))::bigint AS bytes FROM pg_class c WHERE c.relname LIKE 'vdocs_%' AND c.relkind = 'r'`;
  await sql.end();
  return Number(bytes);
}

/** Quality and in-process latency of one question set, scoped to one doc set. */
async function measureSet(store, questions, selector, rounds = 5) {
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
async function measureMcp(home, questions, docset, version, rounds = 2) {
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

function line(label, m, mcp) {
  return `${label.padEnd(34)} hit@5 ${(m.hit5 * 100).toFixed(1).padStart(5)}%  MRR ${m.mrr.toFixed(3)}  in process p50 ${ms(m.p50)} p95 ${ms(m.p95)}${mcp ? `  MCP p50 ${ms(mcp.p50)} p95 ${ms(mcp.p95)}` : ''}`;
}

const A = loadQuestions(join(sharedBench, 'queries-A-public.jsonl'));
const B = loadQuestions(join(sharedBench, 'queries-B-public.jsonl'));
const [{ root: rootA }] = fetchCorpus(cacheDir, 'A');
const [{ root: rootB }] = fetchCorpus(cacheDir, 'B');
const extra = MASTRA_BEFORE.map((v) => ({ name: `mastra@${v}`, root: join(fetchPackage(`@mastra/mcp-docs-server@${v}`, `mastra-${v}`), '.docs') }));
const next = { name: 'next@16.4.6', root: join(fetchPackage('next@16.4.6', 'next'), 'dist', 'docs') };
console.log(`vdocs bench:scale on ${storeUrl ? 'PostgreSQL' : 'SQLite'}; answer cache off; ${A.length} + ${B.length} distinct questions`);

const results = {};
for (const [label, root, name, questions, selector] of [
  ['A alone (mastra@1.2.27)', rootA, 'mastra@1.2.27', A, { docset: 'mastra', version: '1.2.27' }],
  ['B alone (npm@11.21.2)', rootB, 'npm@11.21.2', B, { docset: 'npm' }],
]) {
  const home = mkdtempSync(join(tmpdir(), 'vdocs-scale-'));
  const store = await openStore(home);
  const t = performance.now();
  await addDocSet(store, root, { name, home });
  const addMs = performance.now() - t;
  const m = await measureSet(store, questions, selector);
  await store.close();
  const size = await indexBytes(home);
  const mcp = await measureMcp(home, questions, selector.docset, selector.version);
  console.log(`${line(label, m, mcp)}  add ${(addMs / 1000).toFixed(2)} s  index ${mib(size)}`);
  results[label] = { m, mcp, addMs, size };
  rmSync(home, { recursive: true, force: true });
}

const home = mkdtempSync(join(tmpdir(), 'vdocs-scale-'));
const store = await openStore(home);
const adds = [];
for (const d of extra) {
  const t = performance.now();
  await addDocSet(store, d.root, { name: d.name, home });
  adds.push({ name: d.name, ms: performance.now() - t });
}
let t = performance.now();
await addDocSet(store, rootA, { name: 'mastra@1.2.27', home });
const addA = performance.now() - t;
await addDocSet(store, rootB, { name: 'npm@11.21.2', home });
t = performance.now();
const nextAdded = existsSync(next.root) ? await addDocSet(store, next.root, { name: next.name, home }) : undefined;
const nextMs = performance.now() - t;
const docSets = await store.listDocSets();
const sections = docSets.reduce((a, d) => a + d.sectionCount, 0);
console.log(`\ncrowded index: ${docSets.length} doc sets (${docSets.map((d) => `${d.name}@${d.version}`).join(', ')}), ${sections} sections in all`);
console.log(`adding Mastra versions one after another: ${adds.map((a) => `${a.name.split('@')[1]} ${(a.ms / 1000).toFixed(2)} s`).join(', ')}`);
console.log(`adding mastra@1.2.27 beside them: ${(addA / 1000).toFixed(2)} s = ${((addA / results['A alone (mastra@1.2.27)'].addMs) * 100).toFixed(0)}% of adding it alone${nextAdded ? `; next@16.4.6 (${nextAdded.docSet.pageCount} pages, ${nextAdded.docSet.sectionCount} sections) ${(nextMs / 1000).toFixed(2)} s` : ''}`);
const crowdedA = await measureSet(store, A, { docset: 'mastra', version: '1.2.27' });
const crowdedB = await measureSet(store, B, { docset: 'npm' });
// No doc set named: every library is searched; a top hit from another library is counted as wrong.
const all = await measureSet(store, A.map((q) => ({ ...q, docset: 'mastra' })), {}, 2);
const allB = await measureSet(store, B.map((q) => ({ ...q, docset: 'npm' })), {}, 1);
await store.close();
const size = await indexBytes(home);
const mcpA = await measureMcp(home, A, 'mastra', '1.2.27');
const mcpB = await measureMcp(home, B, 'npm');
console.log(line('A among them (scoped)', crowdedA, mcpA));
console.log(line('B among them (scoped)', crowdedB, mcpB));
const everyLibrary = (m) => `hit@5 ${(m.hit5 * 100).toFixed(1)}%  MRR ${m.mrr.toFixed(3)}  wrong library top1 ${(m.wrongLibrary * 100).toFixed(1)}%`;
console.log(`A's questions with no doc set named (every library): ${everyLibrary(all)}  p50 ${ms(all.p50)} p95 ${ms(all.p95)}`);
console.log(`B's questions with no doc set named (every library): ${everyLibrary(allB)}`);
const alone = results['A alone (mastra@1.2.27)'];
console.log(`index: ${mib(size)} = ${(size / alone.size).toFixed(2)}x corpus A alone (${mib(alone.size)}); MCP over A: ${(mcpA.p50 / alone.mcp.p50).toFixed(2)}x the p50 alone; server RSS ${mib(mcpA.rss)}`);

// Corpus D's three libraries join the crowded index: its questions, which name no library, asked
// of all thirteen doc sets (a top hit from another library is wrong), and B's again among them.
const more = await openStore(home, true);
for (const d of fetchCorpus(cacheDir, 'D')) await addDocSet(more, d.root, { name: `${d.name}@${d.version}`, home });
const D = loadQuestions(join(sharedBench, 'queries-D-public.jsonl'));
const allD = await measureSet(more, D, {}, 2);
const allB13 = await measureSet(more, B.map((q) => ({ ...q, docset: 'npm' })), {}, 1);
await more.close();
console.log(`\nwith fastify, undici and pino added (13 doc sets):`);
console.log(`D's questions with no doc set named (every library): ${everyLibrary(allD)}  p50 ${ms(allD.p50)} p95 ${ms(allD.p95)}`);
console.log(`B's questions with no doc set named (every library): ${everyLibrary(allB13)}`);
rmSync(home, { recursive: true, force: true });
