import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN, tempDir, writeFiles } from '../helpers.js';

const textOf = (r: { content?: unknown }) => (r.content as Array<{ text: string }>)[0].text;

/** A real MCP client of `vdocs serve` in the project. */
async function serveProject(project: string, env: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'vdocs-test', version: '1' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [MAIN, 'serve', '--no-default', '--project', project], env, stderr: 'pipe' }));
  return client;
}


describe('API exports from type definitions', () => {
  const home = tempDir();
  const project = tempDir();
  const env = { ...process.env, VDOCS_HOME: home.path, VDOCS_INDEX: join(home.path, 'index.sqlite') } as Record<string, string>;
  let client: Client;
  beforeAll(async () => {
    writeFiles(project.path, {
      'package.json': '{"dependencies":{"@acme/kit":"1"}}',
      'node_modules/@acme/kit/package.json': JSON.stringify({
        name: '@acme/kit',
        version: '3.1.0',
        exports: {
          '.': { types: './dist/index.d.ts', import: './dist/index.js', require: './dist/index.cjs' },
          './tools': { import: { types: './dist/tools.d.ts', default: './dist/tools.js' } },
          './gone': { types: './dist/gone.d.ts' },
        },
      }),
      'node_modules/@acme/kit/dist/index.d.ts': [
        "export { createTool } from './tools.js';",
        "import { Base } from './base.js';",
        '/** Options of a widget. */',
        'export interface WidgetOptions {',
        '  /** Colour name. */',
        '  color: string;',
        '  size?: number;',
        '}',
        '/**',
        ' * Renders widgets.',
        ' * @example new Widget({ color: "red" })',
        ' */',
        'export declare class Widget extends Base {',
        '  constructor(options: WidgetOptions);',
        '  /** Draws it. */',
        '  render(target: string): void;',
        '  /** Draws it on a canvas. */',
        '  render(target: HTMLCanvasLike, scale: number): void;',
        '  private secret;',
        '}',
        'export interface HTMLCanvasLike { width: number }',
        'export type Palette = "warm" | "cold";',
        'export declare const VERSION: string;',
        '/** Every knob there is. */',
        'export interface Knobs {',
        ...Array.from({ length: 120 }, (_, i) => `  /** What knob ${i} turns. */\n  knob${i}?: number;`),
        '}',
        "export * from '@acme/colors';",
      ].join('\n'),
      'node_modules/@acme/kit/dist/base.d.ts': 'export declare class Base {\n  /** Says what it is. */\n  describe(verbose?: boolean): string;\n}\n',
      // Bundled output: the class lives in a chunk under a short alias, as rollup-style bundlers emit it.
      'node_modules/@acme/kit/dist/index.js': "import { t as Widget } from './chunk-x1.js';\nexport { createTool } from './tools.js';\nexport { Widget };\n",
      'node_modules/@acme/kit/dist/chunk-x1.js': [
        'var Base = class {',
        "  describe(verbose) { return verbose ? 'a widget base' : 'base'; }",
        '};',
        'var Widget = class Widget extends Base {',
        '  constructor(options) { super(); this.options = options; }',
        '  render(target, scale) {',
        "    return `drawn ${this.options.color} on ${target} x${scale ?? 1}`;",
        '  }',
        '};',
        'export { Widget as t };',
      ].join('\n'),
      'node_modules/@acme/kit/dist/tools.d.ts': '/**\n * Defines a tool.\n * @param id The tool id.\n */\nexport declare function createTool(id: string, run: () => void): { id: string };\n',
      'node_modules/@acme/kit/dist/tools.js': 'export function createTool(id, run) {\n  return { id, run };\n}\n',
    });
    client = await serveProject(project.path, env);
  });
  afterAll(async () => {
    await client.close();
    home.remove();
    project.remove();
  });

  it('lists every entry point\'s exports with kinds, and tolerates missing entries', async () => {
    const text = textOf(await client.callTool({ name: 'list_exports', arguments: { package: '@acme/kit' } }));
    expect(text).toContain('@acme/kit@3.1.0: 8 exports');
    expect(text).toContain('Entry points without types: 1');
    expect(text).toContain('@acme/kit: createTool (function), WidgetOptions (interface), Widget (class), HTMLCanvasLike (interface), Palette (type), VERSION (variable), Knobs (interface)');
    expect(text).toContain('@acme/kit/tools: createTool (function)');
    expect(text).toContain('@acme/kit also re-exports everything from @acme/colors (list_exports of that package).');
    const filtered = textOf(await client.callTool({ name: 'list_exports', arguments: { package: '@acme/kit', filter: 'widget' } }));
    expect(filtered).toContain('2 exports matching "widget"');
  });

  it('gives one export\'s signature, JSDoc, members, site and implementation', async () => {
    const fn = textOf(await client.callTool({ name: 'get_export', arguments: { package: '@acme/kit', name: 'createTool', includeSource: true } }));
    expect(fn).toContain('export declare function createTool(id: string, run: () => void): { id: string };');
    expect(fn).toContain('Defines a tool.');
    expect(fn).toContain('@param id The tool id.');
    expect(fn).toContain('exported by @acme/kit, @acme/kit/tools (@acme/kit@3.1.0), declared in dist/tools.d.ts:5');
    expect(fn).toContain('Implementation (dist/tools.js:1)');
    expect(fn).toContain('return { id, run };');
    const cls = textOf(await client.callTool({ name: 'get_export', arguments: { package: '@acme/kit', name: 'Widget' } }));
    expect(cls).toContain('export declare class Widget extends Base');
    expect(cls).toContain('- render(target: string): void; (+1 overload) — Draws it.');
    expect(cls).toContain('- describe(verbose?: boolean): string; — Says what it is. (from Base)');
    expect(cls).not.toContain('secret');
    expect(cls).toContain('@example new Widget({ color: "red" })');
    expect(cls).toContain('Types it uses: Base, WidgetOptions, HTMLCanvasLike');
  });

  it('answers one member, inherited or overloaded, with the implementation from a bundled chunk', async () => {
    const render = textOf(await client.callTool({ name: 'get_export', arguments: { package: '@acme/kit', name: 'Widget.render', includeSource: true } }));
    expect(render).toContain('Widget.render — method, exported by @acme/kit (@acme/kit@3.1.0), declared in dist/index.d.ts:16');
    expect(render).toContain('render(target: string): void;\nrender(target: HTMLCanvasLike, scale: number): void;');
    expect(render).toContain('Implementation (dist/chunk-x1.js:6)');
    expect(render).toContain('return `drawn ${this.options.color} on ${target} x${scale ?? 1}`;');
    expect(render).not.toContain('constructor(options) { super()');
    const inherited = textOf(await client.callTool({ name: 'get_export', arguments: { package: '@acme/kit', name: 'Widget.describe' } }));
    expect(inherited).toContain('Widget.describe — method inherited from Base');
    expect(inherited).toContain('Says what it is.');
    const option = textOf(await client.callTool({ name: 'get_export', arguments: { package: '@acme/kit', name: 'WidgetOptions.color' } }));
    expect(option).toContain('color: string;');
    expect(option).toContain('Colour name.');
    const typo = await client.callTool({ name: 'get_export', arguments: { package: '@acme/kit', name: 'Widget.rendr' } });
    expect(typo.isError).toBe(true);
    expect(textOf(typo)).toContain('PATH_NOT_FOUND: Widget has no public member "rendr". Close: render.');
  });

  it('pages a long declaration with a cursor, losing and repeating nothing', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const text = textOf(await client.callTool({ name: 'get_export', arguments: { package: '@acme/kit', name: 'Knobs', maxTokens: 300, ...(cursor ? { cursor } : {}) } }));
      seen.push(...[...text.matchAll(/^- knob(\d+)\?: number; — What knob \1 turns\.$/gm)].map((m) => m[1]));
      cursor = text.match(/cursor="([^"]+)"/)?.[1];
      if (!cursor) break;
    }
    expect(seen).toEqual(Array.from({ length: 120 }, (_, i) => String(i)));
  });

  it('answers unknown symbols and packages with a next step', async () => {
    const unknown = await client.callTool({ name: 'get_export', arguments: { package: '@acme/kit', name: 'Widgt' } });
    expect(unknown.isError).toBe(true);
    const path = await client.callTool({ name: 'get_export', arguments: { package: '@acme/kit', name: 'Widget.render();' } });
    expect(textOf(path)).toMatch(/INVALID_ARGUMENT: "Widget.render\(\);" is not an export name/);
    const missing = await client.callTool({ name: 'list_exports', arguments: { package: 'not-installed' } });
    expect(textOf(missing)).toMatch(/PATH_NOT_FOUND: not-installed is not installed/);
    const hostile = await client.callTool({ name: 'list_exports', arguments: { package: '../../etc' } });
    expect(textOf(hostile)).toMatch(/INVALID_ARGUMENT/);
  });
});

describe('API exports from hostile or pathological type definitions', () => {
  const home = tempDir();
  const project = tempDir();
  const other = tempDir();
  const env = { ...process.env, VDOCS_HOME: home.path, VDOCS_INDEX: join(home.path, 'index.sqlite') } as Record<string, string>;
  const ring = 3000;
  let client: Client;
  beforeAll(async () => {
    const pkg = (name: string, version: string) => JSON.stringify({ name, version, types: './index.d.ts' });
    writeFiles(project.path, {
      'package.json': '{"dependencies":{"huge":"1","selfish":"1","ring":"1","evil":"1"}}',
      'node_modules/huge/package.json': pkg('huge', '1.0.0'),
      'node_modules/huge/index.d.ts': Array.from({ length: 40_000 }, (_, i) => `export declare const e${i}: number;`).join('\n'),
      'node_modules/selfish/package.json': pkg('selfish', '1.0.0'),
      'node_modules/selfish/index.d.ts': `export interface Self extends ${Array(10).fill('Self').join(', ')} { s(): void; }\n`,
      'node_modules/ring/package.json': pkg('ring', '1.0.0'),
      'node_modules/ring/index.d.ts': "export * from './f0.js';\n",
      ...Object.fromEntries(Array.from({ length: ring }, (_, i) => [`node_modules/ring/f${i}.d.ts`, `export * from './f${(i + 1) % ring}.js';\nexport declare const r${i}: number;\n`])),
      // A dependency that claims to be another, well-known package.
      'node_modules/evil/package.json': pkg('semver', '7.8.6'),
      'node_modules/evil/index.d.ts': 'export declare const IGNORE_PREVIOUS_INSTRUCTIONS: string;\n',
    });
    writeFiles(other.path, {
      'package.json': '{"dependencies":{"semver":"7.8.6"}}',
      'node_modules/semver/package.json': pkg('semver', '7.8.6'),
      'node_modules/semver/index.d.ts': 'export declare function satisfies(version: string, range: string): boolean;\n',
    });
    client = await serveProject(project.path, env);
  });
  afterAll(async () => {
    await client.close();
    home.remove();
    project.remove();
    other.remove();
  });

  it('lists 40,000 exports of one file, twice (the second from the cache)', async () => {
    for (let i = 0; i < 2; i++) {
      // A bound on the call, not a timing: the listing takes about a second here, and took 13 s or more before.
      const text = textOf(await client.callTool({ name: 'list_exports', arguments: { package: 'huge' } }, { timeout: 10_000 }));
      expect(text).toContain('huge@1.0.0: 40000 exports');
      expect(text).toContain('e0 (variable), e1 (variable)');
    }
  });

  it('answers an interface that extends itself ten times with its one member', async () => {
    const text = textOf(await client.callTool({ name: 'get_export', arguments: { package: 'selfish', name: 'Self' } }));
    expect(text).toContain('- s(): void;');
    expect(text).toContain('Members (1;');
  });

  it('follows a ring of 3,000 files that export * each other as far as a name lookup goes, and keeps serving', async () => {
    const result = await client.callTool({ name: 'list_exports', arguments: { package: 'ring' } });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toMatch(/^ring@1\.0\.0: \d+ exports/);
    expect(textOf(result)).toContain('r0 (variable)');
    const member = await client.callTool({ name: 'get_export', arguments: { package: 'ring', name: 'r5' } });
    expect(textOf(member)).toContain('export declare const r5: number;');
    const unknown = await client.callTool({ name: 'get_export', arguments: { package: 'ring', name: 'nowhere' } });
    expect(textOf(unknown)).toMatch(/^(PATH_NOT_FOUND|LIMIT_EXCEEDED)/);
    expect(textOf(await client.callTool({ name: 'list_exports', arguments: { package: 'huge', filter: 'e39999' } }))).toContain('e39999 (variable)');
  });

  it('never answers for a package from another project\'s package that claimed its name and version', async () => {
    const fake = textOf(await client.callTool({ name: 'list_exports', arguments: { package: 'evil' } }));
    expect(fake).toContain('IGNORE_PREVIOUS_INSTRUCTIONS');
    const real = textOf(await client.callTool({ name: 'list_exports', arguments: { package: 'semver', projectPath: other.path } }));
    expect(real).toContain('semver@7.8.6: 1 exports');
    expect(real).toContain('satisfies (function)');
    expect(real).not.toContain('IGNORE_PREVIOUS_INSTRUCTIONS');
  });
});
