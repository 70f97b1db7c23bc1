// `npm run bench:http`: concurrent MCP clients on loopback against 1 and 2 server instances.
// Bounded: a fixed number of clients for a fixed time, loopback only. Not a test: it prints figures.
// --seconds N (default 15), --clients N (16), --store postgres://... (adds PostgreSQL runs),
// --soak (one SQLite instance for the whole time; use --seconds 300 for the 5-minute soak),
// --rate R (answer cache off runs also offered R requests a second at a steady pace, open loop:
// latency counted from when each request was due, so a server that falls behind shows it).
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
const RATE = arg('--rate', 0);
/** Requests in flight at most in a --rate run: it stays bounded however far the server falls behind. */
const MAX_IN_FLIGHT = 256;

// Distinct questions, as agents ask them: the public corpus A set (86), not a handful repeated.
const questionFile = join(here, '..', '..', 'shared', 'bench', 'queries-A-public.jsonl');
const QUERIES = readFileSync(questionFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line).query);

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

async function request(url, i, w) {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18' },
      body: JSON.stringify({ jsonrpc: '2.0', id: i, method: 'tools/call', params: call(i + w) }),
    });
    const text = await res.text();
    return res.status === 200 && !text.includes('"isError":true');
  } catch {
    return false;
  }
}

async function run(urls, rate = 0) {
  const latencies = [];
  let errors = 0;
  let n = 0;
  const end = Date.now() + SECONDS * 1000;
  async function worker(w) {
    while (Date.now() < end) {
      const i = n++;
      const t = performance.now();
      if (!(await request(urls[i % urls.length], i, w))) errors++;
      latencies.push(performance.now() - t);
    }
  }
  // Open loop: request i is due at t0 + i / rate, whatever became of the earlier ones.
  async function paced() {
    const t0 = performance.now();
    const pending = new Set();
    for (let i = 0; Date.now() < end; i++) {
      const due = t0 + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (pending.size >= MAX_IN_FLIGHT) await Promise.race(pending);
      const p = request(urls[i % urls.length], i, 0).then((ok) => {
        if (!ok) errors++;
        latencies.push(performance.now() - due);
        pending.delete(p);
      });
      pending.add(p);
    }
    await Promise.all(pending);
  }
  const samples = [];
  const sampler = setInterval(() => samples.push(pids.map((pid) => Number(/VmRSS:\s+(\d+)/.exec(readStatus(pid))?.[1] ?? 0) / 1024)), 5000);
  const t0 = performance.now();
  if (rate > 0) await paced();
  else await Promise.all(Array.from({ length: CLIENTS }, (_, w) => worker(w)));
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
    const label = `${store ? 'PostgreSQL' : 'SQLite'}, ${instances} instance(s), search cache ${cache ? 'on' : 'off'}`;
    for (const rate of cache || RATE === 0 ? [0] : [0, RATE]) {
      const r = await run(servers.map((s) => s.url), rate);
      const rss = servers.map((s) => Number(/VmRSS:\s+(\d+)/.exec(readStatus(s.child.pid))?.[1] ?? 0) / 1024);
      const load = rate > 0 ? `${rate} req/s offered` : `${CLIENTS} clients`;
      console.log(`${label}, ${load}, ${SECONDS} s: ${r.requests} requests, ${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, errors ${r.errors}; RSS ${rss.map((x) => x.toFixed(0)).join('/')} MiB, growth after warm-up ${r.growth.toFixed(1)}%`);
    }
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
