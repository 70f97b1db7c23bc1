// Bad input, timed (issue: bounded time and a clear signal): a doc set of 10,000 tiny pages added
// and searched, and questions no one should ask — 100 KB, only stop words, combining marks on every
// letter, direction overrides and zero-width spaces, emoji only, 600 words. Prints each one's time
// and what the search said (its weak signal, or the error it refused with).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDocSet } from '../dist/ingest/add-doc-set.js';
import { searchDocs } from '../dist/search/search-docs.js';
import { openSqliteStore } from '../dist/store/sqlite/open-sqlite-store.js';

const WORDS = ['route', 'hook', 'server', 'client', 'option', 'timeout', 'cache', 'plugin', 'stream', 'worker', 'schema', 'token'];

const QUESTIONS = {
  'plain words': 'route hook timeout',
  '100 KB': 'timeout '.repeat(12_800),
  'only stop words': 'how do I do it with the',
  'combining marks': 'a\u0301\u0302\u0303\u0304'.repeat(400),
  'direction overrides, zero-width': '\u202eroute\u202c hook \u200b\u200btimeout',
  'emoji only': '👩‍👩‍👧‍👦🏳️‍🌈'.repeat(100),
  '600 words': Array.from({ length: 600 }, (_, i) => `w${i}`).join(' ').slice(0, 4000),
};

export async function measureBadInput(home) {
  const root = join(home, 'tiny-pages');
  for (let i = 0; i < 10_000; i++) {
    const dir = join(root, `d${i % 100}`);
    if (i < 100) mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `p${i}.md`), `# Page ${i}\n\n${WORDS[i % 12]} ${WORDS[(i * 7) % 12]} note ${i}.\n`);
  }
  const store = openSqliteStore(join(home, 'tiny-pages.sqlite'));
  const lines = [];
  try {
    let t = performance.now();
    await addDocSet(store, root, { name: 'tiny@1.0.0', home });
    lines.push(`a doc set of 10,000 tiny pages: added in ${((performance.now() - t) / 1000).toFixed(2)} s`);
    for (const [label, query] of Object.entries(QUESTIONS)) {
      const times = [];
      let said = '';
      for (let round = 0; round < 5; round++) {
        t = performance.now();
        try {
          const r = await searchDocs(store, { query, limit: 10 });
          said = `${r.hits.length} hits${r.weak ? `, weak (${r.weak.onlyStopWords ? 'only stop words' : `${r.weak.found.length} words found, ${r.weak.missing.length} missing`})` : ''}`;
        } catch (error) {
          said = `refused: ${error.code}`;
        }
        times.push(performance.now() - t);
      }
      lines.push(`  ${label.padEnd(32)} median ${times.sort((a, b) => a - b)[2].toFixed(1).padStart(6)} ms  ${said}`);
    }
  } finally {
    await store.close();
  }
  return lines;
}
