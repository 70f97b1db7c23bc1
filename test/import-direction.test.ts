// The import rule of ARCHITECTURE.md, checked: every module imports only from its own folder and
// from the folders below it in LAYERS, and no two files import each other, however indirectly.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** Bottom first: a unit may import from units before it, never after. */
const LAYERS = [
  'errors.ts', 'model.ts', 'types', 'confine-path.ts', 'json-cache-file.ts',
  'text', 'markdown', 'net', 'npm', 'config.ts',
  'store', 'search', 'ingest', 'exports', 'course', 'news',
  'read', 'diff', 'changelog', 'project',
  'server', 'cli', 'main.ts',
];

/** The unit of a file: its top folder under src/, or the file itself at the top. */
const unitOf = (file: string) => relative(src, file).split('/')[0];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [path] : [];
  });
}

/** The files of src/ a file imports (static and dynamic imports, type-only ones too). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s*'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g)].map((m) => m[1] ?? m[2]);
  return specs.map((spec) => resolve(dirname(file), spec).replace(/\.js$/, '.ts'));
}

const files = sourceFiles(src);
const graph = new Map(files.map((f) => [f, importsOf(f).filter((target) => target.startsWith(src))]));

describe('imports', () => {
  it('puts every folder and top-level module of src/ in a layer', () => {
    const units = new Set(files.map(unitOf));
    expect([...units].filter((u) => !LAYERS.includes(u))).toEqual([]);
  });

  it('point down the layers or within a folder, never up', () => {
    const upward = [...graph].flatMap(([file, targets]) =>
      targets.filter((t) => LAYERS.indexOf(unitOf(t)) > LAYERS.indexOf(unitOf(file))).map((t) => `${relative(src, file)} -> ${relative(src, t)}`),
    );
    expect(upward).toEqual([]);
  });

  it('form no circle between files', () => {
    const circles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        circles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(src, f)).join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const t of graph.get(file) ?? []) visit(t, [...path, file]);
      state.set(file, 'done');
    };
    for (const f of files) visit(f, []);
    expect(circles).toEqual([]);
  });

  it('reads the imports it checks (the parser sees a known one)', () => {
    expect(graph.get(join(src, 'store', 'segment-ranking.ts'))).toContain(join(src, 'store', 'bm25.ts'));
    expect(graph.get(join(src, 'main.ts'))?.length).toBeGreaterThan(0);
  });
});
