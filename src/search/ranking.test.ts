// Ranking failure classes, each reproduced on a small doc set written here: the test asserts that
// the answering section is in the top k and that its answering line is in the excerpt shown.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, writeFiles } from '../../test/helpers.js';
import { addDocSet } from '../ingest/add-doc-set.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import type { Store } from '../store/store.js';
import type { Hit } from '../model.js';
import { searchDocs } from './search-docs.js';

const filler = (topic: string, n: number) =>
  Array.from({ length: n }, (_, i) => `Paragraph ${i + 1} about ${topic}: the client sends requests, keeps connections open and reads each response as it arrives.`).join('\n\n');

// A command-line tool's docs: several command pages repeat one long "Configuration" section that
// names every command.
const COMMANDS = ['install', 'link', 'dedupe', 'uninstall', 'publish', 'trust', 'pack', 'audit', 'prune', 'rebuild'];
const sharedConfiguration = Array.from(
  { length: 30 },
  (_, i) => `* \`option-${i}\` (default false): applies to ${COMMANDS.map((c) => `tool ${c}`).join(', ')}; see setting ${i}.`,
).join('\n');
const CLI_DOCS = Object.fromEntries(
  COMMANDS.map((c, i) => [
    `commands/tool-${c}.md`,
    `# tool-${c}\n\n${c === 'dedupe' ? 'Reduce duplication in the package tree by moving shared dependencies up.' : `The ${c} command, number ${i}.`}\n\n## Synopsis\n\n\`\`\`bash\ntool ${c}\n\`\`\`\n${i % 3 === 0 ? '' : `\n## Configuration\n\n${sharedConfiguration}\n`}`,
  ]),
);

const CLIENT_DOCS = {
  'api/client.md': [
    '# Client',
    '',
    '## new Client(url, options)',
    '',
    filler('the client reading a response body', 16),
    '',
    ...Array.from({ length: 30 }, (_, i) => `* **setting${i}** {string} - tunes part ${i} of the connection pool.`),
    '* **maxResponseSize** {number} - the largest response body, in bytes, the client accepts before it fails the request.',
    ...Array.from({ length: 10 }, (_, i) => `* **extra${i}** {boolean} - enables feature ${i}.`),
    '',
  ].join('\n'),
  'guides/streaming.md': `# Streaming\n\n## Reading a response body\n\n${filler('streaming a response body', 6)}\n`,
  'guides/dev-reload.md': [
    '# Development reloads',
    '',
    '## Hot reload',
    '',
    'When you edit a file the dev server swaps the changed module in place. Component state is preserved across edits',
    'as long as the file only exports components; a file that exports anything else causes a full reload, which resets state.',
    '',
  ].join('\n'),
  'guides/components.md': `# Components\n\n## Component state\n\nA component keeps its state in a store. Call save() to write the state on every change.\n\n## Saving\n\nThe save button writes every component to disk.\n`,
};

// A reference section listing forty options, one of which answers; short guides share its words.
const OPTION_DOCS = {
  'api/agent.md': [
    '# Agent',
    '',
    '## new Agent(options)',
    '',
    'Creates an agent. Every option is optional.',
    '',
    ...Array.from({ length: 25 }, (_, i) => `* **option${i}** {string} - configures part ${i} of the agent's model settings and memory.`),
    '* **maxSteps** {number} - the run stops after this many tool steps and the agent returns what it has so far.',
    ...Array.from({ length: 15 }, (_, i) => `* **flag${i}** {boolean} - turns on behaviour ${i} for every request.`),
    '',
  ].join('\n'),
  'guides/tools.md': '# Tools\n\n## Calling tools\n\nAn agent calls tools in steps; each tool returns a result to the agent run.\n',
  'guides/runs.md': '# Runs\n\n## Ending a run\n\nA run stops once the model calls no more tools.\n\n## Streaming a run\n\nStream the run to see each step.\n',
  'guides/steps.md': '# Steps\n\n## What a step is\n\nA step is one model call and the tools it calls; the run shows every step.\n',
};

// The library's own name is on most of its sections, so it is too common there to select anything.
const LOGGER_DOCS = {
  'api.md': `# Logger\n\n## Timeouts\n\nA logger transport that does not flush within the timeout is dropped; set \`flushTimeout\` in milliseconds.\n\n${['Levels', 'Child loggers', 'Redaction', 'Serializers', 'Destinations']
    .map((h) => `## ${h}\n\nThe logger handles ${h.toLowerCase()} for each line it writes.\n`)
    .join('\n')}`,
};

const SERVER_DOCS = {
  'reference/server.md': `# Server\n\n## Timeouts\n\nA request that takes longer than the timeout gets a 503; set \`requestTimeout\` in milliseconds.\n\n## Slow requests\n\nA request slower than \`slowThreshold\` is reported as slow when it applies.\n\n## Routes\n\nRegister routes with server.route().\n`,
};

// An error table, and pages that use the message's words without the message.
const ERROR_ROWS = [
  ['ERR_HOOK_TYPE', 'The hook name must be a string.'],
  ['ERR_HOOK_HANDLER', 'The hook callback must be a function.'],
  ['ERR_HOOK_ASYNC_HANDLER', 'Async function has too many arguments. Async hooks should not take a callback.'],
  ['ERR_HOOK_TIMEOUT', 'A callback for a hook timed out.'],
  ['ERR_PLUGIN_TIMEOUT', 'A plugin did not start in time.'],
  ['ERR_ROUTE_METHOD', 'The route method is not supported.'],
  ['ERR_ROUTE_URL', 'The route URL must be a string.'],
  ['ERR_SCHEMA_MISSING', 'A schema was referenced before it was added.'],
];
const HOOK_DOCS = {
  'reference/errors.md': `# Errors\n\n## Error codes\n\n| Code | Message |\n| --- | --- |\n${ERROR_ROWS.map(([c, m]) => `| ${c} | ${m} |`).join('\n')}\n`,
  'reference/hooks.md': `# Hooks\n\n## Async hooks\n\nAn async function registered as a hook receives the request and reply arguments; register it at startup.\nAsync hooks resolve a promise; a function with a callback argument is a callback hook.\n\n## Callback hooks\n\nA callback hook function takes request, reply and done arguments and throws nothing.\n`,
  'reference/plugins.md': `# Plugins\n\n## Registering\n\nRegistering a plugin at startup calls its async function with the instance and options arguments.\n`,
};

// A reference page whose short example section matches the question best, while the sentence that
// answers it is in the section just before.
const MEMORY_DOCS = {
  'reference/memory/settle.md': [
    '# memory.settle()',
    '',
    'Waits until the background writes of a memory have finished. Await it before closing a storage connection you own,',
    'or the last writes are lost.',
    '',
    '## Usage example',
    '',
    '```ts',
    'await memory.settle();',
    '```',
    '',
    '## Returns',
    '',
    'A promise that resolves once every pending write is stored.',
    '',
  ].join('\n'),
  'guides/memory.md': `# Memory\n\n## Storage\n\n${filler('memory storage', 4)}\n`,
};

// A page whose last subsection under one heading matches the question, while the answer is in the
// next top-level section, whose heading names the question's subject in other words.
const SCOPE_DOCS = {
  'using/scope.md': [
    '# Scope',
    '',
    '## Installing scoped packages',
    '',
    'Scoped packages install into a sub-folder named after the scope.',
    '',
    '## Publishing scoped packages',
    '',
    '### Publishing public scoped packages',
    '',
    'Public scoped packages need the access flag set to public when they are first published.',
    '',
    '### Publishing private scoped packages',
    '',
    'Installing and publishing private packages needs a paid account on the public registry; they are published with restricted access.',
    '',
    '## Associating a scope with a registry',
    '',
    'A scope can be tied to a separate server: names in that scope are fetched from it, all other names from the default one.',
    '',
    '```bash',
    'tool login --registry=https://reg.example.com --scope=@myco',
    '```',
    '',
    '## See also',
    '',
    '* tool login',
    '',
  ].join('\n'),
  ...Object.fromEntries(
    ['install', 'publish', 'access', 'whoami', 'login', 'config', 'search', 'view'].map((c) => [
      `commands/tool-${c}.md`,
      `# tool-${c}\n\n## Description\n\nThe ${c} command works with packages on the public registry or a private registry you run yourself, and installs nothing else.\n`,
    ]),
  ),
};

// A short options list under the section whose example answers: the list matches the question
// best, the example above it shares few of its words.
const PARSER_DOCS = {
  'reference/content-parser.md': [
    '# Content parsers',
    '',
    '## Adding a parser',
    '',
    'Register a function for a content type with `app.addParser(type, fn)`.',
    '',
    '### Body handling',
    '',
    'Either read the request stream yourself, or let the framework collect it for you and check its length first.',
    '',
    '```bash',
    '# post a document to try it',
    'curl -X POST -H "content-type: application/xml" --data @doc.xml localhost:3000',
    '```',
    '',
    '```js',
    "app.addParser('application/xml', { parseAs: 'string' }, function (req, body, done) { done(null, parseXml(body)) })",
    '```',
    '',
    '#### Parser options',
    '',
    "+ `parseAs` (string): `'string'` or `'buffer'`, how the raw payload is handed to your parser. Default: `'buffer'`.",
    '+ `bodyLimit` (number): the largest payload size, in bytes, your parser accepts.',
    '',
    '### Catch-all',
    '',
    'Register `*` to handle every content type.',
    '',
  ].join('\n'),
  ...Object.fromEntries(
    ['limits', 'payloads', 'uploads', 'forms'].map((t) => [
      `guides/${t}.md`,
      `# ${t}\n\n## Payload handling for ${t}\n\nA raw payload of ${t} over the size limit is refused before your handler runs; one under it reaches your parser.\n`,
    ]),
  ),
};

// A file path that many sections name in parts (`node_modules`, `.tool-index.json`) and one section
// writes as the question does.
const INDEX_DOCS = {
  'files/lockfile.md': [
    '# lockfile',
    '',
    '## Description',
    '',
    'The lockfile records the exact tree that was installed, so that later installs reproduce it.',
    '',
    '## Hidden index',
    '',
    'The tool also writes `node_modules/.tool-index.json`, a copy of the lockfile that it reads instead of walking the whole tree.',
    'It ignores that copy when any package folder was changed after it was written.',
    '',
  ].join('\n'),
  ...Object.fromEntries(
    ['install', 'update', 'prune', 'ci', 'dedupe', 'rebuild'].map((c) => [
      `commands/tool-${c}.md`,
      `# tool-${c}\n\n## Configuration\n\n### index-only\n\nWhen set, ${c} only updates \`.tool-index.json\` and the lockfile, and leaves every installed package alone. Use it in a hurry.\nThe tool ignores \`node_modules\` then.\n`,
    ]),
  ),
  ...Object.fromEntries(
    ['scripts', 'workspaces', 'registry', 'scope', 'cache', 'tokens', 'proxy', 'logging', 'exit-codes', 'colors', 'engines', 'bin', 'man', 'access', 'profiles', 'hooks', 'tags', 'versions', 'search', 'views'].map((t) => [
      `using/${t}.md`,
      `# ${t}\n\n## About ${t}\n\nHow ${t} work in this tool, with an example of ${t} in a project.\n`,
    ]),
  ),
};

const CATALOG_ROWS = Array.from({ length: 300 }, (_, i) => `| \`acme/model-${String(i).padStart(3, '0')}\` | ${(i + 1) * 1000} | $${(i % 7) + 1}.00 |`);
const CATALOG_DOCS = {
  'models.md': `# Acme models\n\nAcme offers 300 models through one API key.\n\n## Available models\n\n| Model | Context | Price |\n| --- | --- | --- |\n${CATALOG_ROWS.join('\n')}\n`,
};

/** Indexes each library's files as `name@1.0.0` in a fresh SQLite store for the enclosing suite. */
function indexLibraries(libraries: Record<string, Record<string, string>>): () => Store {
  const home = tempDir();
  let store: Store;
  beforeAll(async () => {
    store = openSqliteStore(join(home.path, 'index.sqlite'));
    for (const [name, files] of Object.entries(libraries)) {
      writeFiles(join(home.path, name), files);
      await addDocSet(store, join(home.path, name), { name: `${name}@1.0.0`, home: home.path });
    }
  });
  afterAll(async () => {
    await store.close();
    home.remove();
  });
  return () => store;
}

describe('ranking failure classes', () => {
  const store = indexLibraries({ options: OPTION_DOCS, memory: MEMORY_DOCS, scope: SCOPE_DOCS, parser: PARSER_DOCS, tool: CLI_DOCS, index: INDEX_DOCS, hooks: HOOK_DOCS, client: CLIENT_DOCS, logger: LOGGER_DOCS, server: SERVER_DOCS, catalog: CATALOG_DOCS });

  const rankOf = (hits: Hit[], path: string, line: string) => hits.findIndex((h) => h.path === path && h.text.includes(line)) + 1;

  it('puts the page a command names above a long shared section that lists the command', async () => {
    for (const query of ['tool dedupe', 'tool-dedupe', 'what does tool dedupe do']) {
      const { hits } = await searchDocs(store(), { query, docset: 'tool' });
      expect(hits[0].path, query).toBe('commands/tool-dedupe.md');
      expect(rankOf(hits, 'commands/tool-dedupe.md', 'Reduce duplication'), query).toBeLessThanOrEqual(2);
    }
  });

  it('shows the answering line of a long section, not its first lines, even below the top hit', async () => {
    const { hits } = await searchDocs(store(), { query: 'make the client fail when the response body is too large', docset: 'client', limit: 10 });
    const rank = rankOf(hits, 'api/client.md', '**maxResponseSize**');
    expect(rank).toBeGreaterThanOrEqual(1);
    expect(rank).toBeLessThanOrEqual(2);
  });

  it('puts a long option list whose one passage holds the question above short sections that share its words', async () => {
    const { hits } = await searchDocs(store(), { query: 'stop the agent run after a number of tool steps', docset: 'options' });
    expect(hits[0].path).toBe('api/agent.md');
    expect(hits[0].text).toContain('**maxSteps**');
  });

  it('finds the answer to a concept question put in other words than the docs use', async () => {
    const { hits } = await searchDocs(store(), { query: 'why is component state wiped when I edit a file in development?', docset: 'client' });
    expect(rankOf(hits, 'guides/dev-reload.md', 'resets state')).toBeGreaterThanOrEqual(1);
    expect(rankOf(hits, 'guides/dev-reload.md', 'resets state')).toBeLessThanOrEqual(2);
  });

  it('prefers the library the question names among several that match', async () => {
    for (const [query, docset] of [
      ['with logger, what timeout applies when a request is slow', 'logger'],
      ['with server, what timeout applies when a request is slow', 'server'],
    ]) {
      const { hits } = await searchDocs(store(), { query });
      expect(hits[0].docset, query).toBe(docset);
    }
  });

  it('puts the section that holds a quoted error message word for word above sections with its words', async () => {
    const { hits } = await searchDocs(store(), { query: "registering an async hook with a callback argument throws 'Async function has too many arguments' at startup", docset: 'hooks' });
    expect(rankOf(hits, 'reference/errors.md', 'ERR_HOOK_ASYNC_HANDLER')).toBe(1);
  });

  it('puts the section that writes an identifier or path as the question does above sections that name its parts', async () => {
    const { hits } = await searchDocs(store(), { query: 'what is node_modules/.tool-index.json and when does the tool ignore it?', docset: 'index' });
    expect(hits[0].path).toBe('files/lockfile.md');
    expect(hits[0].text).toContain('It ignores that copy when any package folder was changed');
  });

  it('suggests the documented name for a misspelt API name', async () => {
    const typo = await searchDocs(store(), { query: 'with logger, how do I set flushTimeuot', docset: 'logger' });
    expect(typo.suggestions).toEqual([{ word: 'flushTimeuot', nearest: ['flushTimeout'] }]);
    const right = await searchDocs(store(), { query: 'with logger, how do I set flushTimeout', docset: 'logger' });
    expect(right.suggestions).toBeUndefined();
  });

  it('answers a question about one row of a 300-row table with the header, the row and the row count', async () => {
    const { hits } = await searchDocs(store(), { query: 'acme/model-123 price', docset: 'catalog' });
    const table = hits.find((h) => h.text.includes('acme/model-123'))!;
    expect(table.text.split('\n')[0]).toMatch(/\| Model \| Context \| Price \|/);
    expect(table.text).toContain('| `acme/model-123` | 124000 | $5.00 |');
    expect(table.text).toMatch(/of the table's 300 rows match best; read models\.md#available-models for all of them/);
  });

  it("shows a page's neighbouring sections that both match as one hit, with the answering sentence, not as two slivers", async () => {
    const { hits } = await searchDocs(store(), { query: 'when do I need to await memory.settle()?', docset: 'memory' });
    expect(hits[0].path).toBe('reference/memory/settle.md');
    expect(hits[0].text).toContain('before closing a storage connection you own');
    expect(hits[0].text).toContain('await memory.settle();');
    expect(hits.filter((h) => h.path === 'reference/memory/settle.md')).toHaveLength(1);
  });

  it('reads on from the last subsection of a section into the next section when its heading names the question', async () => {
    const { hits } = await searchDocs(store(), { query: 'install private packages of my company from our own registry while everything else comes from the public one', docset: 'scope' });
    const first = hits.findIndex((h) => h.path === 'using/scope.md');
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThanOrEqual(1);
    expect(hits[first].text).toContain('--scope=@myco');
  });

  it('shows a short options subsection with the example of its parent section just above it', async () => {
    // One hit: what it shows by itself, whether or not the section above ranks too.
    const { hits } = await searchDocs(store(), { query: 'hand the raw payload to my parser as a string, with the size limit still enforced', docset: 'parser', limit: 1 });
    expect(hits[0].heading).toBe('Content parsers > Adding a parser > Body handling > Parser options');
    // From the parent's heading, not from a comment line in its code that looks like one.
    expect(hits[0].text.startsWith('### Body handling\n')).toBe(true);
    expect(hits[0].text).toContain("{ parseAs: 'string' }, function (req, body, done)");
    expect(hits[0].text).toContain('`bodyLimit` (number)');
  });

  it('says when nothing matches well, with the words found and missing', async () => {
    const unrelated = await searchDocs(store(), { query: 'bake sourdough bread with rye flour and a client', docset: 'client', limit: 10 });
    expect(unrelated.weak).toEqual({ found: ['client'], missing: ['bake', 'sourdough', 'bread', 'rye', 'flour'], onlyStopWords: false });
    expect(unrelated.hits.length).toBeLessThanOrEqual(5);
    const stopWords = await searchDocs(store(), { query: 'how to do it', docset: 'client' });
    expect(stopWords.weak?.onlyStopWords).toBe(true);
    const good = await searchDocs(store(), { query: 'keep alive timeout of the client', docset: 'client' });
    expect(good.weak).toBeUndefined();
  });

  it('says so when nothing matches at all, and why when the question had only stop words', async () => {
    const none = await searchDocs(store(), { query: 'ourselves whom shall yourselves', docset: 'client' });
    expect(none.hits).toEqual([]);
    expect(none.weak).toEqual({ found: [], missing: ['ourselves', 'whom', 'shall', 'yourselves'], onlyStopWords: true });
    const unknown = await searchDocs(store(), { query: 'sourdough', docset: 'client' });
    expect(unknown.weak).toEqual({ found: [], missing: ['sourdough'], onlyStopWords: false });
  });

  it('answers pathological input within its bounds: refused with a reason, or searched with a weak signal', async () => {
    await expect(searchDocs(store(), { query: 'timeout '.repeat(12_800) })).rejects.toMatchObject({ code: 'INVALID_QUERY', message: expect.stringMatching(/102400 bytes; the limit is 4096/) });
    // Combining marks on every letter, an RTL override and zero-width spaces around real words.
    const marks = await searchDocs(store(), { query: 'a\u0301\u0302\u0303\u0304'.repeat(400), docset: 'client', limit: 10 });
    expect(marks.weak).toMatchObject({ onlyStopWords: true });
    expect(marks.hits.length).toBeLessThanOrEqual(5);
    const hidden = await searchDocs(store(), { query: '\u202ekeep\u202c alive \u200b\u200btimeout', docset: 'client', limit: 3 });
    expect(hidden.weak).toBeUndefined();
    expect(hidden.hits[0].docset).toBe('client');
    // Only symbols: nothing to search for.
    await expect(searchDocs(store(), { query: '👩‍👩‍👧‍👦🏳️‍🌈'.repeat(100) })).rejects.toMatchObject({ code: 'INVALID_QUERY' });
  });
});

// An HTTP client library, and a web framework with one guide section that holds a client
// question's words (client, connection, upstream, wait): rare in the framework's docs, so its own
// BM25 statistics score that guide above the client library's answer.
const FETCHER_DOCS = {
  'api/pool.md': '# Pool\n\n## Connections\n\nA pool keeps client connections to one origin open and reuses each connection.\n',
  'api/client.md':
    '# Client\n\n## connectTimeout\n\nHow long a client waits while opening a connection, in milliseconds, before it gives up.\n\n## keepAlive\n\nA client keeps an idle connection open for reuse.\n',
};
const WEBAPP_DOCS = {
  'reference/server.md':
    '# Server\n\n## requestTimeout\n\nHow long the server waits for the whole request before the request fails with a 408 timeout.\n\n## handlerTimeout\n\nHow long a handler may run before the request fails with a 503 timeout error.\n',
  'guides/lifecycle.md':
    '# Request lifecycle\n\n## Waiting requests\n\nA request waits in the queue as long as the server is busy; how long it waits depends on the load, and when it fails with a timeout the error hook runs.\n\n## Errors\n\nA request that fails with an error gets the error reply.\n',
  'reference/routes.md': '# Routes\n\n## Declaring routes\n\nA route maps a method and a URL to a handler; the handler gets the request and the reply.\n',
  'guides/upstream.md':
    '# Calling upstream services\n\n## Waiting for upstreams\n\nWhen a handler calls an upstream service, the client waits for a connection until a timeout; then the request fails with a timeout error and the handler replies 504.\n',
};

describe('ranking among libraries', () => {
  const store = indexLibraries({ fetcher: FETCHER_DOCS, webapp: WEBAPP_DOCS });

  it('answers from the library that is about the question, above a section elsewhere where its words are rare', async () => {
    const { hits } = await searchDocs(store(), { query: 'how long does the client wait for a connection to an upstream before it gives up?' });
    expect(hits[0].docset).toBe('fetcher');
    expect(hits[0].path).toBe('api/client.md');
    expect(hits[0].text).toContain('gives up');
  });
});

// A package manager's docs, all about packages, dependencies and workspaces (so those words weigh
// little there), and a large framework in which they are rare: its many sections that mention
// them in passing outscore every section of the package manager.
const PKGTOOL_DOCS = Object.fromEntries([
  ['using/workspaces.md', '# Workspaces\n\n## Adding dependencies to a workspace\n\nRun `pkgtool install left-pad --workspace=api` to add a dependency to the api workspace package only.\n'],
  ...Array.from({ length: 30 }, (_, i) => [
    `commands/pkgtool-cmd${i}.md`,
    `# pkgtool cmd${i}\n\n## Description\n\nCommand ${i} reads every package and dependency of the workspace.\n\n## Configuration\n\nThe workspace option limits command ${i} to one workspace package.\n`,
  ]),
]);
const BIGFRAME_DOCS = Object.fromEntries(
  Array.from({ length: 160 }, (_, i) => [
    `guides/guide-${i}.md`,
    [
      `# Guide ${i}`,
      '',
      ...Array.from({ length: 12 }, (_, j) => `## Topic ${i}-${j}\n\nRender view ${j} of screen ${i} with the layout engine and its theme tokens.\n`),
      `## Monorepo note ${i}`,
      '',
      `In a monorepo, add the framework as a dependency of the package that renders screen ${i}; one workspace is enough.`,
      '',
    ].join('\n'),
  ]),
);

describe('ranking among many sections of another library', () => {
  const store = indexLibraries({ pkgtool: PKGTOOL_DOCS, bigframe: BIGFRAME_DOCS });

  it('still considers the named library when another library has more strong matches than the candidates asked for', async () => {
    const { hits } = await searchDocs(store(), { query: 'add a dependency to just one package in my pkgtool workspaces monorepo' });
    const rank = hits.findIndex((h) => h.docset === 'pkgtool' && h.path === 'using/workspaces.md' && h.text.includes('--workspace=api')) + 1;
    expect(rank).toBeGreaterThanOrEqual(1);
    expect(rank).toBeLessThanOrEqual(2);
  });
});

// A framework whose monorepo guide is about the same words as the question in every section.
const MONOFRAME_DOCS = {
  ...Object.fromEntries(
    ['npm', 'yarn', 'pnpm'].map((tool) => [
      `guides/monorepo-${tool}.md`,
      [
        `# Monorepo with ${tool}`,
        '',
        ...['Workspaces', 'Adding a dependency', 'One package only', 'Troubleshooting workspaces'].map(
          (title, i) => `## ${title}\n\nIn a ${tool} monorepo with workspaces (case ${i}), add monoframe as a dependency of just one package: each workspace package declares the dependency it uses in step ${i}, and the monorepo root adds none.\n`,
        ),
      ].join('\n'),
    ]),
  ),
  ...Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`guides/other-${i}.md`, `# Other ${i}\n\n## Screens\n\nRender screen ${i} with the layout engine.\n`])),
};

describe('ranking a named library against another one all about the question', () => {
  const store = indexLibraries({ pkgtool: PKGTOOL_DOCS, monoframe: MONOFRAME_DOCS });

  it('shows the named library first or second, though several sections of the other outscore it', async () => {
    const { hits } = await searchDocs(store(), { query: 'add a dependency to just one package in my pkgtool workspaces monorepo', limit: 10 });
    expect(hits[0].docset).toBe('monoframe');
    expect(hits[1]).toMatchObject({ docset: 'pkgtool', path: 'using/workspaces.md' });
  });

  it('leaves the order alone when no library is named', async () => {
    const { hits } = await searchDocs(store(), { query: 'add a dependency to just one package in my workspaces monorepo', limit: 10 });
    expect(hits.slice(0, 2).map((h) => h.docset)).toEqual(['monoframe', 'monoframe']);
  });
});

// A deploy tool whose docs name an environment variable bare (`IS_LOCAL`), among pages about
// process environments, local runs and configuration that hold the question's other words.
const DEPLOY_DOCS = {
  'cli/invoke-local.md': '# Invoke local\n\n## Flags\n\nRun a function on this machine.\n\n## Variables\n\nWhile a function runs on this machine `IS_LOCAL` is true. It is not defined while the file is read, only in the handler.\n',
  ...Object.fromEntries(
    Array.from({ length: 12 }, (_, i) => [
      `guide/local-${i}.md`,
      `# Local runs ${i}\n\n## Run locally\n\nTo change the config for local runs, check process.env in the config: local runs set process env variables ${i} and change the config for each run.\n`,
    ]),
  ),
};

describe('ranking a qualified name the docs write bare', () => {
  const store = indexLibraries({ deploy: DEPLOY_DOCS });

  it('finds `IS_LOCAL` for a question about process.env.IS_LOCAL', async () => {
    const { hits } = await searchDocs(store(), { query: 'I check process.env.IS_LOCAL in my config to change it for local runs, but it is never set', limit: 3 });
    expect(hits[0].path).toBe('cli/invoke-local.md');
    expect(hits[0].text).toContain('not defined while the file is read');
  });
});

