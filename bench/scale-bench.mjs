// `npm run bench:scale`: vdocs with many doc sets indexed, as users index them. Not a test: it
// prints figures. Builds the two bench corpora alone, then a crowded index (corpus A as
// mastra@1.2.27 beside seven earlier Mastra docs releases, corpus B as npm@11.21.2, and the
// Next.js 16.4.6 docs), and compares: quality and search latency of A and B (in process and over
// MCP, answer cache off, distinct questions), cross-library search (quality and latency), index
// size, the time to add a Mastra version beside its predecessors, RSS; then corpus D's three
// libraries join it and D's questions are asked of all thirteen doc sets. `--store postgres://...`
// runs it on PostgreSQL.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDocSet } from '../dist/ingest/add-doc-set.js';
import { searchDocs } from '../dist/search/search-docs.js';
import { fetchCorpus } from './corpora.mjs';
import { loadQuestions, scoreQuestion, summarize } from './retrieval.mjs';
import { cacheDir, fetchPackage, indexBytes, measureMcp, measureSet, mib, ms, openStore, pct, sharedBench, storeUrl } from './scale-helpers.mjs';

const MASTRA_BEFORE = ['1.1.19', '1.1.45', '1.2.22', '1.2.23', '1.2.24', '1.2.25', '1.2.26'];

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
