// `npm run bench`: retrieval quality, speed and memory of vdocs on the six public question sets
// (A Mastra, B npm, D three libraries in one index asked without naming one, F, G, H), each asked
// as plain questions and as a coding agent's queries (../shared/bench/agent), then bad input
// (bad-input.mjs). Not a test: it prints figures. Options: --corpus A|B|D|F|G|H (repeatable),
// --verbose (print misses), --skip-server, --store <postgres url>, --keep <dir> (reuse the
// indexes built there on an earlier run),
// --set name=value (override a RANKING constant for this run, to measure a change before making it),
// --save <file> (every question's rank and tokens, as JSON), --compare <file> (a saved run: per set
// the questions gained and lost, and the leave-one-library-out verdict on the change).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '../dist/store/sqlite/open-sqlite-store.js';
import { addDocSet } from '../dist/ingest/add-doc-set.js';
import { RANKING, searchDocs } from '../dist/search/search-docs.js';
import { fetchCorpus } from './corpora.mjs';
import { compareRuns, formatRow, loadQuestions, scoreQuestion, summarize } from './retrieval.mjs';
import { measureServer } from './server-probe.mjs';
import { measureBadInput } from './bad-input.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const sharedBench = join(here, '..', '..', 'shared', 'bench');
const cacheDir = join(here, '.cache');
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const only = args.flatMap((a, i) => (args[i - 1] === '--corpus' ? [a] : []));
const verbose = args.includes('--verbose');
const skipServer = args.includes('--skip-server');
const storeUrl = option('--store');
const keep = option('--keep');
const saveFile = option('--save');
const compareFile = option('--compare');
const ranking = {};
for (let i = args.indexOf('--set'); i >= 0; i = args.indexOf('--set', i + 1)) {
  const [name, value] = args[i + 1].split('=');
  if (!(name in RANKING)) throw new Error(`--set: no RANKING constant "${name}"; there are ${Object.keys(RANKING).join(', ')}`);
  ranking[name] = Number(value);
}
const rankingOptions = Object.keys(ranking).length > 0 ? { ranking: { ...RANKING, ...ranking } } : {};

const percentile = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };

const home = keep ?? mkdtempSync(join(tmpdir(), 'vdocs-bench-'));
mkdirSync(home, { recursive: true });
/** Per question set ("A", "A agent", ...): each question's rank (0: none in the top 10) and tokens to it. */
const run = {};
const totals = [];
try {
  for (const id of ['A', 'B', 'D', 'F', 'G', 'H']) {
    if (only.length > 0 && !only.includes(id)) continue;
    const docSets = fetchCorpus(cacheDir, id);
    const multi = docSets.length > 1;
    const dbFile = join(home, `${id}.sqlite`);
    const reuse = keep && existsSync(dbFile) && !storeUrl;
    const store = storeUrl ? await (await import('../dist/store/postgres/open-postgres-store.js')).openPostgresStore(storeUrl) : openSqliteStore(dbFile);
    // One corpus per index, as in the SQLite runs with one file per corpus.
    if (storeUrl) for (const d of await store.listDocSets()) if (!docSets.some((c) => c.name === d.name)) await store.removeDocSet(d.name, d.version);
    const t0 = performance.now();
    if (!reuse) for (const d of docSets) await addDocSet(store, d.root, { name: `${d.name}@${d.version}`, home });
    const buildMs = performance.now() - t0;
    const stored = (await store.listDocSets()).filter((d) => docSets.some((c) => c.name === d.name));
    const pages = stored.reduce((a, d) => a + d.pageCount, 0);
    const sections = stored.reduce((a, d) => a + d.sectionCount, 0);
    console.log(`\n== corpus ${id}${multi ? ` (${docSets.map((d) => d.name).join(', ')} in one index, no doc set named)` : ''}${storeUrl ? ' (PostgreSQL store)' : ''}: ${pages} pages, ${sections} sections; index build ${reuse ? 'reused' : `${(buildMs / 1000).toFixed(2)} s`}`);
    for (const form of ['plain', 'agent']) {
      const set = form === 'plain' ? id : `${id} agent`;
      const file = form === 'plain' ? join(sharedBench, `queries-${id}-public.jsonl`) : join(sharedBench, 'agent', `queries-${id}-public-agent.jsonl`);
      const questions = loadQuestions(file);
      const scored = [];
      const latencies = [];
      for (const q of questions) {
        const result = await searchDocs(store, { query: q.query, limit: 10, ...rankingOptions });
        const s = scoreQuestion(q, result.hits);
        const fileRank = result.hits.findIndex((h) => (!q.docset || h.docset === q.docset) && q.gold.includes(h.path)) + 1;
        const digest = createHash('sha1').update(JSON.stringify(result.hits.map((h) => [h.docset, h.version, h.path, h.heading, h.text]))).digest('hex').slice(0, 12);
        scored.push({ ...s, q, fileRank, digest });
        if (verbose && s.rank !== 1) {
          console.log(`\n${q.id} [${q.category}] rank=${s.rank || '-'} gold=${q.docset ? `${q.docset}:` : ''}${q.gold.join(',')} anchor=${q.anchor}\n  ${q.query}`);
          for (const h of result.hits.slice(0, 5)) {
            const gold = (!q.docset || h.docset === q.docset) && q.gold.includes(h.path);
            console.log(`   ${gold ? '*' : ' '} ${multi ? `${h.docset}:` : ''}${h.path} :: ${h.heading} (${h.score}, ${h.text.length} chars)`);
          }
        }
      }
      // Distinct questions, each asked once per round, no answer cache in this path.
      for (let round = 0; round < 3; round++) {
        for (const q of questions) {
          const t = performance.now();
          await searchDocs(store, { query: q.query, limit: 10, ...rankingOptions });
          latencies.push(performance.now() - t);
        }
      }
      run[set] = Object.fromEntries(scored.map((s) => [s.q.id, { rank: s.rank, tokens: s.tokens ?? null, wrongLibrary: s.wrongLibrary, digest: s.digest }]));
      const summary = summarize(scored);
      totals.push({ set, summary, multi });
      console.log(`${formatRow(set, summary, multi)}  p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p95 ${percentile(latencies, 0.95).toFixed(1)} ms`);
      if (form === 'plain') {
        console.log(`  (diagnostic: a gold file in the top 5, anchor or not: ${(scored.filter((s) => s.fileRank >= 1 && s.fileRank <= 5).length / scored.length * 100).toFixed(1)}%)`);
        for (const c of [...new Set(questions.map((q) => q.category))]) console.log(formatRow(`  ${c}`, summarize(scored.filter((s) => s.q.category === c)), multi));
      }
    }
    await store.close();
    if (id === 'A' && !skipServer && !storeUrl) {
      const server = await measureServer({ home, dbFile, docset: 'corpus-A' });
      console.log(`server (stdio): cold start to tools/list median ${server.coldStartMs.toFixed(0)} ms; tools/list ${server.toolsListTokens} tokens (chars/4); search over MCP p50 ${server.callP50.toFixed(1)} ms; RSS ${server.rssMiB.toFixed(0)} MiB after ${server.calls} searches`);
    }
  }
  if (only.length === 0 && !storeUrl) {
    console.log('\n== bad input (SQLite, answer cache off)');
    const dir = mkdtempSync(join(tmpdir(), 'vdocs-bad-input-'));
    try {
      for (const line of await measureBadInput(dir)) console.log(line);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log('\n== summary (public halves, answer cache off)');
  for (const t of totals) console.log(formatRow(t.set, t.summary, t.multi));
  if (saveFile) writeFileSync(saveFile, `${JSON.stringify(run, null, 1)}\n`);
  if (compareFile) for (const line of compareRuns(JSON.parse(readFileSync(compareFile, 'utf8')), run)) console.log(line);
} finally {
  if (!keep) rmSync(home, { recursive: true, force: true });
}
