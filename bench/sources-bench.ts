// `npm run bench:sources`: the new kinds of source measured on real corpora, served from local
// stand-ins. (1) Corpus B (npm's docs) rendered as an HTML docs site with the usual chrome and
// added by URL, against the same pages indexed from Markdown: B's public questions on both, crawl
// speed, and whether any hit shows site chrome. (2) pino's docs (corpus D) at two tags through a
// stand-in archive host: page count against the tree, the diff between the tags. (3) 27 real
// packages that ship no docs folder, their docs looked for in their repositories (repositories-bench.ts).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startArchiveHost } from '../test/archive-host.js';
import { benchRepositories } from './repositories-bench.js';
import { CHROME_MARKERS, startDocsSite } from '../test/docs-site.js';
import { diffDocSets } from '../src/diff/diff-doc-sets.js';
import { addDocSet } from '../src/ingest/add-doc-set.js';
import { DEFAULT_FETCH_POLICY } from '../src/net/fetch-policy.js';
import { searchDocs } from '../src/search/search-docs.js';
import { openSqliteStore } from '../src/store/sqlite/open-sqlite-store.js';
// @ts-expect-error: plain JavaScript modules of the bench
import { fetchCorpus } from './corpora.mjs';
// @ts-expect-error: plain JavaScript modules of the bench
import { formatRow, loadQuestions, scoreQuestion, summarize } from './retrieval.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const cacheDir = join(here, '.cache');
const questionsDir = join(here, '..', '..', 'shared', 'bench');
const home = mkdtempSync(join(tmpdir(), 'vdocs-sources-'));
const policy = { ...DEFAULT_FETCH_POLICY, allowPrivateNetwork: true };

function readTree(root: string, filter = (path: string) => /\.(md|mdx)$/.test(path)): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (filter(relative(root, full))) out[relative(root, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return out;
}

try {
  // (1) A website.
  const [b] = fetchCorpus(cacheDir, 'B') as Array<{ root: string }>;
  const pages = readTree(b.root);
  const site = await startDocsSite(pages);
  const markdownStore = openSqliteStore(join(home, 'B-markdown.sqlite'));
  const siteStore = openSqliteStore(join(home, 'B-site.sqlite'));
  await addDocSet(markdownStore, b.root, { name: 'npm@11.21.2', home });
  const t0 = performance.now();
  const added = await addDocSet(siteStore, site.url, { name: 'npm@11.21.2', home, fetchPolicy: policy });
  const crawlMs = performance.now() - t0;
  await site.close();
  console.log(`== website: corpus B (${Object.keys(pages).length} Markdown pages) as an HTML site with chrome, sitemap and robots.txt`);
  console.log(`added by URL: ${added.docSet.pageCount} pages, ${added.docSet.sectionCount} sections in ${(crawlMs / 1000).toFixed(2)} s (${(added.docSet.pageCount / (crawlMs / 1000)).toFixed(1)} pages/s, crawl, conversion and indexing)`);
  const questions = loadQuestions(join(questionsDir, 'queries-B-public.jsonl'));
  let chrome = 0;
  for (const [label, store] of [['from Markdown', markdownStore], ['from the site', siteStore]] as const) {
    const scored = [];
    for (const q of questions) {
      const { hits } = await searchDocs(store, { query: q.query, limit: 10 });
      if (store === siteStore) chrome += hits.filter((h) => CHROME_MARKERS.some((m) => h.text.includes(m))).length;
      scored.push(scoreQuestion(q, hits));
    }
    console.log(formatRow(label, summarize(scored)));
  }
  console.log(`hits showing site chrome: ${chrome}`);
  await markdownStore.close();
  await siteStore.close();

  // (2) A repository at two tags.
  const d = fetchCorpus(cacheDir, 'D') as Array<{ name: string; root: string }>;
  const pino = d.find((c) => c.name === 'pino')!;
  const tree = readTree(dirname(pino.root), (path) => path.startsWith('docs/') || path === 'README.md' || path === 'package.json');
  const older = Object.fromEntries(Object.entries(tree).filter(([path]) => path !== 'docs/help.md'));
  older['docs/api.md'] = `${older['docs/api.md']}\n\n## An older section\n\nGone in 10.4.0.\n`;
  const host = await startArchiveHost({ 'pinojs/pino': { 'v10.4.0': tree, 'v10.3.0': older } });
  const store = openSqliteStore(join(home, 'git.sqlite'));
  const t1 = performance.now();
  const fresh = await addDocSet(store, 'github:pinojs/pino@v10.4.0#docs', { home, fetchPolicy: { ...policy, forges: { 'github.com': host.base } } });
  const fetchMs = performance.now() - t1;
  await addDocSet(store, 'github:pinojs/pino@v10.3.0#docs', { home, fetchPolicy: { ...policy, forges: { 'github.com': host.base } } });
  const diff = await diffDocSets(store, { docset: 'pino', from: '10.3.0', to: '10.4.0' });
  const treePages = Object.keys(tree).filter((p) => p.startsWith('docs/') && /\.mdx?$/.test(p)).length;
  console.log(`\n== repository: pino's docs at v10.4.0 and v10.3.0 through a stand-in archive host`);
  console.log(`v10.4.0: ${fresh.docSet.pageCount} pages (the tree's docs/ has ${treePages}) in ${fetchMs.toFixed(0)} ms; diff 10.3.0 → 10.4.0: ${diff.files.map((f) => `${f.status} ${f.path}`).join(', ')}`);
  await store.close();
  await host.close();

  // (3) Packages that ship no docs, from their repositories.
  await benchRepositories();
} finally {
  rmSync(home, { recursive: true, force: true });
}
