import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN, tempDir, writeFiles } from '../helpers.js';

const textOf = (r: { content?: unknown }) => (r.content as Array<{ text: string }>)[0].text;


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
          '.': { types: './dist/index.d.ts', import: './dist/index.js' },
          './tools': { import: { types: './dist/tools.d.ts', default: './dist/tools.js' } },
          './gone': { types: './dist/gone.d.ts' },
        },
      }),
      'node_modules/@acme/kit/dist/index.d.ts': [
        "export { createTool } from './tools.js';",
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
        'export declare class Widget {',
        '  constructor(options: WidgetOptions);',
        '  /** Draws it. */',
        '  render(target: string): void;',
        '  private secret;',
        '}',
        'export type Palette = "warm" | "cold";',
        'export declare const VERSION: string;',
      ].join('\n'),
      'node_modules/@acme/kit/dist/tools.d.ts': '/**\n * Defines a tool.\n * @param id The tool id.\n */\nexport declare function createTool(id: string, run: () => void): { id: string };\n',
      'node_modules/@acme/kit/dist/tools.js': 'export function createTool(id, run) {\n  return { id, run };\n}\n',
    });
    client = new Client({ name: 'vdocs-test', version: '1' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [MAIN, 'serve', '--no-default', '--project', project.path], env, stderr: 'pipe' }));
  });
  afterAll(async () => {
    await client.close();
    home.remove();
    project.remove();
  });

  it('lists every entry point\'s exports with kinds, and tolerates missing entries', async () => {
    const text = textOf(await client.callTool({ name: 'list_exports', arguments: { package: '@acme/kit' } }));
    expect(text).toContain('@acme/kit@3.1.0: 6 exports');
    expect(text).toContain('Entry points without types: 1');
    expect(text).toContain('@acme/kit: createTool (function), WidgetOptions (interface), Widget (class), Palette (type), VERSION (variable)');
    expect(text).toContain('@acme/kit/tools: createTool (function)');
    const filtered = textOf(await client.callTool({ name: 'list_exports', arguments: { package: '@acme/kit', filter: 'widget' } }));
    expect(filtered).toContain('2 exports matching "widget"');
  });

  it('gives one export\'s signature, JSDoc, members, site and implementation', async () => {
    const fn = textOf(await client.callTool({ name: 'get_export', arguments: { package: '@acme/kit', name: 'createTool', includeSource: true } }));
    expect(fn).toContain('createTool(id: string, run: () => void): { id: string; }');
    expect(fn).toContain('Defines a tool.');
    expect(fn).toContain('@param id The tool id.');
    expect(fn).toContain('declared in dist/tools.d.ts:5');
    expect(fn).toContain('return { id, run };');
    const cls = textOf(await client.callTool({ name: 'get_export', arguments: { package: '@acme/kit', name: 'Widget' } }));
    expect(cls).toContain('export declare class Widget');
    expect(cls).toContain('- render(target: string): void; — Draws it.');
    expect(cls).not.toContain('secret');
    expect(cls).toContain('@example new Widget({ color: "red" })');
  });

  it('answers unknown symbols and packages with a next step', async () => {
    const unknown = await client.callTool({ name: 'get_export', arguments: { package: '@acme/kit', name: 'Widgt' } });
    expect(unknown.isError).toBe(true);
    const missing = await client.callTool({ name: 'list_exports', arguments: { package: 'not-installed' } });
    expect(textOf(missing)).toMatch(/PATH_NOT_FOUND: not-installed is not installed/);
    const hostile = await client.callTool({ name: 'list_exports', arguments: { package: '../../etc' } });
    expect(textOf(hostile)).toMatch(/INVALID_ARGUMENT/);
  });
});
