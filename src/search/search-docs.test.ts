import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acmeStore, tempDir, writeFiles } from '../../test/helpers.js';
import { addDocSet } from '../ingest/add-doc-set.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import type { Store } from '../store/store.js';
import { estimateTokens } from '../text/budget.js';
import { searchDocs } from './search-docs.js';

describe('searchDocs', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ store, cleanup } = await acmeStore()));
  afterAll(async () => cleanup());

  it('finds the section that answers a question, in the newest version by default', async () => {
    const result = await searchDocs(store, { query: 'how many times does a widget retry a failed render by default?' });
    expect(result.hits[0]).toMatchObject({ docset: 'acme', version: '2.0.0', path: 'guides/getting-started.md', anchor: 'configure-retries' });
    expect(result.hits[0].text).toContain('`5`');
  });

  it('serves an exact version or a semver range on request', async () => {
    const exact = await searchDocs(store, { query: 'maxRetries default', docset: 'acme', version: '1.0.0' });
    expect(exact.hits[0].version).toBe('1.0.0');
    expect(exact.hits[0].text).toContain('`3`');
    const range = await searchDocs(store, { query: 'maxRetries default', docset: 'acme@^1' });
    expect(range.hits[0].version).toBe('1.0.0');
  });

  it('matches identifiers written whole or as words', async () => {
    for (const query of ['activateAfterIdle', 'activate after idle']) {
      const result = await searchDocs(store, { query, docset: 'acme' });
      expect(result.hits[0].path).toBe('guides/caching.md');
    }
  });

  it('folds the same text on several pages into one hit that lists the others', async () => {
    const result = await searchDocs(store, { query: 'verbose cache decision log', docset: 'acme', limit: 10 });
    const verbose = result.hits.filter((h) => h.heading.endsWith('> verbose'));
    expect(verbose).toHaveLength(1);
    expect(verbose[0].alsoIn).toHaveLength(1);
  });

  it('returns the matching rows of a large table with its header', async () => {
    const result = await searchDocs(store, { query: 'teal hex color', docset: 'acme' });
    const table = result.hits.find((h) => h.path === 'reference/widget.md')!;
    expect(table.text.split('\n')[0]).toMatch(/\| Color \| Hex/);
    expect(table.text).toContain('#008080');
    expect(table.text).not.toContain('#8b4513');
  });

  it('puts code examples first and shows their code blocks when kind is code', async () => {
    const result = await searchDocs(store, { query: 'install widgets package', docset: 'acme', kind: 'code' });
    expect(result.hits[0].text).toMatch(/^Install the package with your package manager:\n```bash\nnpm install acme-widgets@2\n```/);
    for (const hit of result.hits.slice(0, 2)) expect(hit.text).toContain('```');
    const plain = await searchDocs(store, { query: 'install widgets package', docset: 'acme' });
    expect(plain.hits[0].text).toContain('## Install');
  });

  it('keeps the answer within maxTokens', async () => {
    const result = await searchDocs(store, { query: 'widget', limit: 10, maxTokens: 200 });
    const total = result.hits.reduce((n, h) => n + estimateTokens(h.text) + 40, 0);
    expect(total).toBeLessThanOrEqual(200);
  });

  it('names unknown doc sets and versions with the available ones', async () => {
    await expect(searchDocs(store, { query: 'x', docset: 'acmee' })).rejects.toMatchObject({ code: 'DOC_SET_NOT_FOUND', message: expect.stringContaining('"acme"') });
    await expect(searchDocs(store, { query: 'x', docset: 'acme', version: '9' })).rejects.toMatchObject({
      code: 'VERSION_NOT_FOUND',
      message: expect.stringContaining('acme@2.0.0, acme@1.0.0'),
    });
  });
});

describe('searchDocs folding across doc sets', () => {
  const home = tempDir();
  let store: Store;
  const page = (extra: string) =>
    [
      '# Scheduling',
      '',
      '## Run on a cron schedule',
      '',
      `Declare a \`schedule\` field on a workflow and the runner fires it on the cron expression you give, in the time zone of the server.${extra}`,
      'Scheduled runs and manual runs share one execution path, so retries and logs look the same for both.',
      '',
      '## Triggers',
      '',
      '| Trigger | What starts it |',
      '| --- | --- |',
      '| cron | A cron expression fires the workflow on a schedule |',
      '| webhook | An HTTP call fires the workflow |',
      // Over eight rows: each row is its own section; the last differs between the versions.
      ...Array.from({ length: 8 }, (_, i) => `| event-${i} | Event ${i} ${i === 7 && extra ? 'or its retry ' : ''}starts a run |`),
      '',
    ].join('\n');
  beforeAll(async () => {
    store = openSqliteStore(join(home.path, 'index.sqlite'));
    const sets: Array<[string, Record<string, string>]> = [
      // One guide at two versions under two names of one family (a docs package and the library's own docs).
      ['acme@2.0.0', { 'docs/scheduling.md': page('') }],
      ['@acme/runner@2.3.0', { 'references/docs-scheduling.md': page(' Pauses are kept.') }],
      // Same heading path, other words: another library's guide, never folded.
      ['other@1.0.0', { 'scheduling.md': '# Scheduling\n\n## Run on a cron schedule\n\nThe other tool reads a crontab file from disk at start and runs each line with a shell; a workflow has no schedule field here.\n' }],
    ];
    for (const [name, files] of sets) {
      const dir = join(home.path, name.replace(/[@/]/g, '_'));
      writeFiles(dir, files);
      await addDocSet(store, dir, { name, home: home.path });
    }
  });
  afterAll(async () => {
    await store.close();
    home.remove();
  });

  it('folds the same section of two doc sets whose text differs slightly, showing the installed copy', async () => {
    const policy = new Map([['@acme/runner', { version: '2.3.0', reason: 'installed' as const }]]);
    const { hits } = await searchDocs(store, { query: 'run a workflow on a cron schedule field', policy });
    const sections = hits.filter((h) => h.anchor === 'run-on-a-cron-schedule');
    expect(sections.map((h) => h.docset).sort()).toEqual(['@acme/runner', 'other']);
    expect(sections.find((h) => h.docset === '@acme/runner')!.alsoIn).toEqual(['acme@2.0.0:docs/scheduling.md']);
  });

  it('folds a large table whose matching row another doc set has too', async () => {
    const { hits } = await searchDocs(store, { query: 'which trigger fires the workflow from a cron expression' });
    // A table hit starts with the header; the section above its rows is another hit.
    const tables = hits.filter((h) => h.anchor === 'triggers' && h.text.startsWith('| Trigger'));
    expect(tables).toHaveLength(1);
    expect(tables[0].alsoIn).toHaveLength(1);
  });
});

describe('searchDocs near copies from another family', () => {
  const home = tempDir();
  let store: Store;
  const advice = (verb: string) =>
    `# Security\n\n## Verify webhook signatures\n\nAlways ${verb} the signature header of every incoming webhook request against the shared secret before the handler parses its body, reads its fields or writes anything to the database.\n`;
  beforeAll(async () => {
    store = openSqliteStore(join(home.path, 'index.sqlite'));
    for (const [name, text] of [['legit@3.1.0', advice('check')], ['evil@1.0.0', advice('skip')]]) {
      const dir = join(home.path, name.replace(/[@/]/g, '_'));
      writeFiles(dir, { 'security.md': text });
      await addDocSet(store, dir, { name, home: home.path });
    }
  });
  afterAll(async () => {
    await store.close();
    home.remove();
  });

  it("never folds an installed package's near copy (same words, opposite advice) into another library's section", async () => {
    const policy = new Map([['evil', { version: '1.0.0', reason: 'installed' as const }]]);
    const { hits } = await searchDocs(store, { query: 'verify webhook signature header shared secret', policy });
    const sections = hits.filter((h) => h.anchor === 'verify-webhook-signatures');
    expect(sections.map((h) => h.docset).sort()).toEqual(['evil', 'legit']);
    expect(sections.find((h) => h.docset === 'legit')!.text).toContain('Always check the signature');
    expect(sections.every((h) => h.alsoIn.length === 0)).toBe(true);
  });
});
