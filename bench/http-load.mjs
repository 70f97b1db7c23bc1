// `npm run bench:http`: concurrent MCP clients on loopback against 1 and 2 server instances.
// Bounded: a fixed number of clients for a fixed time, loopback only. Not a test: it prints figures.
// --seconds N (default 15), --clients N (16), --store postgres://... (adds PostgreSQL runs),
// --soak (one SQLite instance for the whole time; use --seconds 300 for the 5-minute soak).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetchCorpus } from './corpora.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const main = join(here, '..', 'dist', 'main.js');
const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const CLIENTS = arg('--clients', 16);
const SECONDS = Math.min(arg('--seconds', 15), 600);
const STORE = args.includes('--store') ? args[args.indexOf('--store') + 1] : undefined;

const QUERIES = ['configure semantic recall', 'createTool input schema', 'stream agent response', 'workflow suspend resume', 'postgres storage adapter', 'observational memory scopes', 'tool approval human in the loop', 'mcp server agents as tools'];

function call(i) {
  const kind = i % 10;
  if (kind < 8) return { name: 'search_docs', arguments: { query: QUERIES[i % QUERIES.length], docset: 'mastra' } };
  if (kind === 8) return { name: 'read_doc', arguments: { path: 'docs/memory/semantic-recall.md', docset: 'mastra', maxTokens: 1000 } };
  return { name: 'list_docs', arguments: { path: 'docs', docset: 'mastra' } };
}

async function startServer(env, store) {
  const extra = store ? ['--store', store] : [];
  const child = spawn(process.execPath, [main, 'serve', '--http', '--port', '0', '--no-default', '--rate-limit', '0', ...extra], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const url = await new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => {
      err += d;
      const m = /listening on (\S+)/.exec(err);
      if (m) resolve(m[1]);
    });
    child.once('exit', () => reject(new Error(err)));
  });
  return { child, url };
}

let pids = [];

async function run(urls) {
  const latencies = [];
  let errors = 0;
  let n = 0;
  const end = Date.now() + SECONDS * 1000;
  const rssBefore = [];
  async function worker(w) {
    while (Date.now() < end) {
      const i = n++;
      const url = urls[i % urls.length];
      const t = performance.now();
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18' },
          body: JSON.stringify({ jsonrpc: '2.0', id: i, method: 'tools/call', params: call(i + w) }),
        });
        const text = await res.text();
        if (res.status !== 200 || text.includes('"isError":true')) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t);
    }
  }
  const samples = [];
  const sampler = setInterval(() => samples.push(pids.map((pid) => Number(/VmRSS:\s+(\d+)/.exec(readStatus(pid))?.[1] ?? 0) / 1024)), 5000);
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, (_, w) => worker(w)));
  clearInterval(sampler);
  const secs = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const p = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  // Memory after warm-up (the first fifth of the run): the largest growth of any instance.
  const settled = samples.slice(Math.floor(samples.length / 5));
  const growth = settled.length > 1 ? Math.max(...pids.map((_, i) => (Math.max(...settled.map((s) => s[i])) / settled[0][i] - 1) * 100)) : 0;
  return { requests: latencies.length, rps: latencies.length / secs, p50: p(0.5), p99: p(0.99), errors, growth };
}

const home = mkdtempSync(join(tmpdir(), 'vdocs-load-'));
const env = { ...process.env, VDOCS_HOME: home, VDOCS_INDEX: join(home, 'index.sqlite') };
try {
  const [{ root }] = fetchCorpus(join(here, '.cache'), 'A');
  for (const store of STORE ? [undefined, STORE] : [undefined]) {
    await new Promise((resolve, reject) => {
      const c = spawn(process.execPath, [main, 'add', root, '--name', 'mastra@1.2.27', ...(store ? ['--store', store] : [])], { env, stdio: 'ignore' });
      c.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`add exited ${code}`))));
    });
  }
  const plans = args.includes('--soak') ? [[undefined, 1, true]] : [[undefined, 1, true], [undefined, 2, true], [undefined, 1, false]];
  if (STORE && !args.includes('--soak')) plans.push([STORE, 1, true], [STORE, 2, true], [STORE, 1, false]);
  for (const [store, instances, cache] of plans) {
    const servers = [];
    for (let i = 0; i < instances; i++) servers.push(await startServer({ ...env, VDOCS_SEARCH_CACHE: cache ? '500' : '0' }, store));
    pids = servers.map((s) => s.child.pid);
    if (!args.includes('--soak')) await run(servers.map((s) => s.url)); // warm-up
    const r = await run(servers.map((s) => s.url));
    const rss = servers.map((s) => Number(/VmRSS:\s+(\d+)/.exec(readStatus(s.child.pid))?.[1] ?? 0) / 1024);
    console.log(`${store ? 'PostgreSQL' : 'SQLite'}, ${instances} instance(s), search cache ${cache ? 'on' : 'off'}, ${CLIENTS} clients, ${SECONDS} s: ${r.requests} requests, ${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, errors ${r.errors}; RSS ${rss.map((x) => x.toFixed(0)).join('/')} MiB, growth after warm-up ${r.growth.toFixed(1)}%`);
    for (const s of servers) s.child.kill('SIGTERM');
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}

function readStatus(pid) {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return '';
  }
}
