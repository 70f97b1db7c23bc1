// Part of `npm run bench:scale`: a search that names no doc set among many libraries. Three indexes:
// - 100 libraries: corpus B under 100 names (9,100 pages), B's questions naming no doc set and
//   scoped to one of them, over MCP (answer cache off, distinct questions), beside B alone;
// - 1,000 small libraries: every Markdown page of the bench corpora and of the READMEs in the
//   packages the benches installed, dealt four to a library; A's questions naming none, over MCP;
// - quality: the eight libraries of the six public sets beside 92 packages' README docs (among
//   them the @mastra/* packages, which discuss the framework's concepts), every public question
//   naming no doc set, the libraries chosen (as served) against every library ranked in full.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { addDocSet } from '../dist/ingest/add-doc-set.js';
import { RANKING, searchDocs } from '../dist/search/search-docs.js';
import { fetchCorpus } from './corpora.mjs';
import { loadQuestions, scoreQuestion, summarize } from './retrieval.mjs';
import { cacheDir, indexBytes, measureMcp, mib, ms, openStore, pct, sharedBench, storeUrl } from './scale-helpers.mjs';

const B = loadQuestions(join(sharedBench, 'queries-B-public.jsonl'));
const A = loadQuestions(join(sharedBench, 'queries-A-public.jsonl'));
const [{ root: rootB }] = fetchCorpus(cacheDir, 'B');
const seconds = (t) => `${((performance.now() - t) / 1000).toFixed(1)} s`;

/** Markdown files under `dir` (no node_modules below a package), sorted. */
function markdownFiles(dir, depth = 0) {
  let out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules' && depth > 0) continue;
      out = out.concat(markdownFiles(full, depth + 1));
    } else if (/\.mdx?$/i.test(entry.name) && statSync(full).size < 200_000) out.push(full);
  }
  return out;
}

/** Each installed package's README (one per package name), from the benches' node_modules folders. */
function readmes() {
  const seen = new Map();
  for (const modules of [join(cacheDir, 'peer', 'project', 'node_modules'), join(cacheDir, 'peer', 'server-1.2.27', 'node_modules'), join(cacheDir, '..', '..', 'node_modules')]) {
    let names = [];
    try {
      names = readdirSync(modules).flatMap((n) => (n.startsWith('@') ? readdirSync(join(modules, n)).map((m) => `${n}/${m}`) : [n]));
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      if (seen.has(name)) continue;
      const file = ['README.md', 'readme.md', 'Readme.md'].map((f) => join(modules, name, f)).find((f) => { try { return statSync(f).size > 500; } catch { return false; } });
      if (file) seen.set(name, file);
    }
  }
  return seen;
}

/** Times search_docs over MCP; `questions` asked naming no doc set (or `docset`). */
async function overMcp(home, questions, docset) {
  return measureMcp(home, questions, docset, undefined, 2);
}

// 1. 100 libraries: corpus B under 100 names.
{
  const home = mkdtempSync(join(tmpdir(), 'vdocs-libraries-'));
  const store = await openStore(home);
  let t = performance.now();
  await addDocSet(store, rootB, { name: 'npm@11.21.2', home });
  const aloneMcp = await overMcp(home, B, 'npm');
  t = performance.now();
  for (let i = 1; i < 100; i++) await addDocSet(store, rootB, { name: `npm-${String(i).padStart(3, '0')}@11.21.2`, home });
  const addAll = seconds(t);
  const inProcess = async (ranking) => {
    const times = [];
    for (let r = 0; r < 2; r++) for (const q of B) {
      const t0 = performance.now();
      await searchDocs(store, { query: q.query, limit: 10, ...(ranking ? { ranking } : {}) });
      times.push(performance.now() - t0);
    }
    return pct(times, 0.5);
  };
  const chosen = await inProcess();
  const all = await inProcess({ ...RANKING, libraries: 1000 });
  await store.close();
  const size = await indexBytes(home);
  const unnamed = await overMcp(home, B);
  const scoped = await overMcp(home, B, 'npm-042');
  console.log(`\n100 libraries (corpus B under 100 names, 9,100 pages): 99 added in ${addAll}, index ${mib(size)}`);
  console.log(`  no doc set named, over MCP: p50 ${ms(unnamed.p50)} p95 ${ms(unnamed.p95)}; in process p50 ${ms(chosen)} (every library ranked in full: ${ms(all)})`);
  console.log(`  scoped to one of them, over MCP: p50 ${ms(scoped.p50)} p95 ${ms(scoped.p95)} = ${(scoped.p50 / aloneMcp.p50).toFixed(2)}x B alone (${ms(aloneMcp.p50)}); server RSS ${mib(unnamed.rss)}`);
  rmSync(home, { recursive: true, force: true });
}

// 2. 1,000 small libraries.
{
  const pool = [];
  for (const id of ['A', 'B', 'D', 'F', 'G', 'H']) for (const d of fetchCorpus(cacheDir, id)) pool.push(...markdownFiles(d.root).map((file) => ({ file, root: d.root })));
  for (const [, file] of readmes()) pool.push({ file, root: dirname(file) });
  const perLibrary = Math.max(1, Math.floor(pool.length / 1000));
  const source = mkdtempSync(join(tmpdir(), 'vdocs-small-'));
  for (let lib = 0; lib < 1000; lib++) {
    for (const { file, root } of pool.slice(lib * perLibrary, (lib + 1) * perLibrary)) {
      const to = join(source, String(lib), relative(root, file).replace(/^\.+/, '_'));
      mkdirSync(dirname(to), { recursive: true });
      cpSync(file, to);
    }
  }
  const home = mkdtempSync(join(tmpdir(), 'vdocs-libraries-'));
  const store = await openStore(home);
  const t = performance.now();
  for (let lib = 0; lib < 1000; lib++) await addDocSet(store, join(source, String(lib)), { name: `lib-${String(lib).padStart(4, '0')}@1.0.0`, home });
  const addAll = seconds(t);
  await store.close();
  const size = await indexBytes(home);
  const unnamed = await overMcp(home, A);
  console.log(`\n1,000 small libraries (${perLibrary} pages each, ${pool.length} pages of the bench corpora and READMEs): added in ${addAll}, index ${mib(size)}`);
  console.log(`  A's questions, no doc set named, over MCP: p50 ${ms(unnamed.p50)} p95 ${ms(unnamed.p95)}; server RSS ${mib(unnamed.rss)}`);
  rmSync(home, { recursive: true, force: true });
  rmSync(source, { recursive: true, force: true });
}

// 3. Quality: the public sets' libraries among 100, no doc set named.
{
  const home = mkdtempSync(join(tmpdir(), 'vdocs-libraries-'));
  const store = await openStore(home);
  const sets = [];
  for (const id of ['A', 'B', 'D', 'F', 'G', 'H']) {
    const docSets = fetchCorpus(cacheDir, id);
    for (const d of docSets) await addDocSet(store, d.root, { name: `${d.name}@${d.version}`, home });
    for (const form of ['plain', 'agent']) {
      const file = form === 'plain' ? join(sharedBench, `queries-${id}-public.jsonl`) : join(sharedBench, 'agent', `queries-${id}-public-agent.jsonl`);
      // Each question belongs to its library: a right path from another library is a miss.
      sets.push({ label: form === 'plain' ? id : `${id} agent`, questions: loadQuestions(file).map((q) => ({ ...q, docset: q.docset ?? docSets[0].name })) });
    }
  }
  const libraries = (await store.listDocSets()).length;
  const folder = mkdtempSync(join(tmpdir(), 'vdocs-readmes-'));
  let added = 0;
  for (const [name, file] of readmes()) {
    if (libraries + added >= 100) break;
    const dir = join(folder, name.replace('/', '__'));
    mkdirSync(dir, { recursive: true });
    cpSync(file, join(dir, basename(file)));
    await addDocSet(store, dir, { name: `${name}@1.0.0`, home });
    added++;
  }
  console.log(`\nthe public sets' ${libraries} libraries beside ${added} packages' READMEs, no doc set named (chosen as served | every library ranked in full):`);
  for (const { label, questions } of sets) {
    const score = async (ranking) => {
      const scored = [];
      for (const q of questions) scored.push(scoreQuestion(q, (await searchDocs(store, { query: q.query, limit: 10, ...(ranking ? { ranking } : {}) })).hits));
      return summarize(scored);
    };
    const [chosen, all] = [await score(), await score({ ...RANKING, libraries: 1000 })];
    const row = (s) => `hit@5 ${(s.hit5 * 100).toFixed(1).padStart(5)}%  MRR ${s.mrr.toFixed(3)}  wrong library ${(s.wrongLibrary * 100).toFixed(1).padStart(5)}%`;
    console.log(`  ${label.padEnd(8)} ${row(chosen)}  |  ${row(all)}`);
  }
  await store.close();
  rmSync(home, { recursive: true, force: true });
  rmSync(folder, { recursive: true, force: true });
}
if (storeUrl) console.log('(PostgreSQL store)');
