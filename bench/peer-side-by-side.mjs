// Side by side with the server vdocs replaces: the ten developer questions of
// ../shared/research/PEER.md asked, with the same words, of vdocs (`search_docs`) and of
// @mastra/mcp-docs-server (`searchMastraDocs`), both over stdio from inside a real Mastra project
// (@mastra/core@1.71.0 + @mastra/memory@1.31.0). The peer is also asked with the one keyword
// PEER.md found works best for it (its search matches a phrase verbatim). Prints per question: rank
// of the answering page, tokens of the answer (characters / 4), latency, and where vdocs answered from.
// Needs the npm registry the first time (project, peer server, Mastra docs); cached in bench/.cache/peer.
// Usage: npm run bench:peer [-- --peer-version 1.2.27]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

const here = dirname(fileURLToPath(import.meta.url));
const cache = join(here, '.cache', 'peer');
const args = process.argv.slice(2);
const peerVersion = args.includes('--peer-version') ? args[args.indexOf('--peer-version') + 1] : '1.2.27';

// Gold pages as the docs site names them; installed packages flatten them to references/<a-b-c>.md.
const QUESTIONS = [
  ['q01', 'when do buffered observations activate after the thread is idle', ['docs/memory/observational-memory'], 'idle'],
  ['q02', 'which providers offer deepseek v4 flash and what does it cost', ['models/providers/deepseek'], 'deepseek'],
  ['q03', 'route-specific CORS on a custom API route', ['reference/server/register-api-route', 'docs/server/custom-api-routes'], 'cors'],
  ['q04', 'what changed in the processor interface', ['reference/migrations/upgrade-to-v1/processors', 'reference/processors/processor-interface'], 'processor'],
  ['q05', 'share one thread between several users', ['docs/memory/multi-user-threads'], 'multiple users'],
  ['q06', 'expose agents and tools via MCPServer', ['reference/tools/mcp-server'], 'MCPServer'],
  ['q07', 'suspend a workflow step and resume with user input', ['docs/workflows/suspend-and-resume'], 'suspend'],
  ['q08', 'stop an agent after a user spent more than $5', ['reference/processors/token-cost-control'], 'cost'],
  ['q09', 'run a workflow on a cron schedule', ['docs/workflows/scheduled-workflows', 'reference/schedules/overview'], 'cron'],
  ['q10', 'which env var holds the OpenRouter API key', ['models/gateways/openrouter'], 'OPENROUTER_API_KEY'],
];

function install(dir, manifest, specs) {
  if (existsSync(join(dir, 'node_modules', '.package-lock.json'))) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
  process.stderr.write(`installing ${specs.join(' ')} in ${dir}\n`);
  execFileSync('npm', ['install', ...specs, '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function connect(command, argv, cwd, env) {
  const client = new Client({ name: 'bench-peer', version: '1' });
  await client.connect(new StdioClientTransport({ command, args: argv, cwd, env: { ...process.env, ...env }, stderr: 'ignore' }));
  return client;
}

function isGold(path, gold) {
  const bare = path.replace(/\.mdx?$/, '').replace(/#.*$/, '');
  return gold.some((g) => bare === g || bare.endsWith(`/${g}`) || bare === `references/${g.replace(/\//g, '-')}`);
}

/**
 * Ranked hits of an answer: vdocs `### 1. path#anchor [docset@version]` (the bracket only when
 * several doc sets answered; the header names the one otherwise) with its `(same section also in: …)`
 * line; the peer `## 1. @pkg - path`.
 */
function rankedHits(text) {
  const only = /^\d+ sections? for .*? from (\S+@\S+)/.exec(text)?.[1] ?? '-';
  const vdocs = [...text.matchAll(/^### \d+\. (\S+?)(?:#\S*)?(?: \[([^\]]+)\])?\n(?:.*\n)?(?:\(same section also in: (.*)\)\n)?/gm)];
  if (vdocs.length) return vdocs.map((m) => ({ paths: [m[1], ...(m[3] ?? '').split(', ').map((a) => a.replace(/^.*?:/, ''))], from: m[2] ?? only }));
  return [...text.matchAll(/^## \d+\. (\S+) - (\S+)/gm)].map((m) => ({ paths: [m[2]], from: m[1] }));
}

async function ask(client, tool, argsFor, query, gold) {
  const t = performance.now();
  const result = await client.callTool({ name: tool, arguments: argsFor(query) });
  const ms = performance.now() - t;
  const text = result.content?.[0]?.text ?? '';
  const hits = rankedHits(text);
  const rank = hits.findIndex((h) => h.paths.some((p) => p && isGold(p, gold))) + 1;
  return { rank, tokens: Math.round(text.length / 4), ms, from: rank ? hits[rank - 1].from : hits[0]?.from ?? '-' };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const project = join(cache, 'project');
  const server = join(cache, `server-${peerVersion}`);
  install(project, { private: true }, ['@mastra/core@1.71.0', '@mastra/memory@1.31.0']);
  install(server, { private: true }, [`@mastra/mcp-docs-server@${peerVersion}`]);
  // First use, as a new user meets it: spawn → first answer, vdocs on an empty home, side by side.
  const fresh = mkdtempSync(join(tmpdir(), 'vdocs-first-use-'));
  let t0 = performance.now();
  const first = await connect(process.execPath, [join(here, '..', 'dist', 'main.js'), 'serve'], project, { VDOCS_HOME: fresh, VDOCS_SEARCH_CACHE: '0' });
  const firstText = (await first.callTool({ name: 'search_docs', arguments: { query: 'give an agent memory of earlier conversations' } })).content?.[0]?.text ?? '';
  const vdocsFirstMs = performance.now() - t0;
  await first.close();
  rmSync(fresh, { recursive: true, force: true });
  t0 = performance.now();
  const peerFirst = await connect(process.execPath, [join(server, 'node_modules', '@mastra', 'mcp-docs-server', 'dist', 'stdio.js')], project, {});
  await peerFirst.callTool({ name: 'searchMastraDocs', arguments: { query: 'give an agent memory of earlier conversations', projectPath: project } });
  const peerFirstMs = performance.now() - t0;
  await peerFirst.close();
  const installed = /@mastra\/(core|memory)@\d+\.\d+\.\d+ \(installed\)/.exec(firstText)?.[0] ?? 'no installed version named';
  console.log(`first use (empty home): spawn → first search answer: vdocs ${Math.round(vdocsFirstMs)} ms (${installed}${/Still indexing/.test(firstText) ? '; says what is still indexing' : ''}), peer ${Math.round(peerFirstMs)} ms: ${(vdocsFirstMs / peerFirstMs).toFixed(1)}x\n`);

  const vdocs = await connect(process.execPath, [join(here, '..', 'dist', 'main.js'), 'serve'], project, { VDOCS_HOME: join(cache, 'home'), VDOCS_SEARCH_CACHE: '0' });
  const peer = await connect(process.execPath, [join(server, 'node_modules', '@mastra', 'mcp-docs-server', 'dist', 'stdio.js')], project, {});
  // One call each first: vdocs indexes the project's docs (and fetches the Mastra docs on a fresh home).
  await vdocs.callTool({ name: 'search_docs', arguments: { query: 'agent' } });
  await peer.callTool({ name: 'searchMastraDocs', arguments: { query: 'agent', projectPath: project } });

  const rows = [];
  for (const q of QUESTIONS) {
    const v = await ask(vdocs, 'search_docs', (query) => ({ query }), q[1], q[2]);
    const p = await ask(peer, 'searchMastraDocs', (query) => ({ query, projectPath: project }), q[1], q[2]);
    const k = await ask(peer, 'searchMastraDocs', (query) => ({ query, projectPath: project }), q[3], q[2]);
    rows.push({ q, v, p, k });
  }
  await vdocs.close();
  await peer.close();

  const cell = (r) => `${r.rank ? `#${r.rank}` : 'miss'} · ${r.tokens} tok · ${Math.round(r.ms)} ms`;
  console.log(`| # | question | vdocs search_docs | vdocs answered from | peer ${peerVersion}, same question | peer, its best keyword |`);
  console.log('|---|---|---|---|---|---|');
  for (const { q, v, p, k } of rows) console.log(`| ${q[0]} | ${q[1]} | ${cell(v)} | ${v.from} | ${cell(p)} | "${q[3]}": ${cell(k)} |`);
  const summary = (key) => {
    const rs = rows.map((r) => r[key]);
    const top3 = rs.filter((r) => r.rank >= 1 && r.rank <= 3).length;
    const found = rs.filter((r) => r.rank >= 1).length;
    return `answering page in top 3: ${top3}/10, anywhere: ${found}/10, median ${median(rs.map((r) => r.tokens))} tokens, median ${Math.round(median(rs.map((r) => r.ms)))} ms, max ${Math.max(...rs.map((r) => r.tokens))} tokens`;
  };
  console.log(`\nvdocs: ${summary('v')}`);
  console.log(`peer, same question: ${summary('p')}`);
  console.log(`peer, best keyword: ${summary('k')}`);
}

await main();
