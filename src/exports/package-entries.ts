// Finds an installed package and the `.d.ts` entry point of each of its `exports` subpaths
// (or its `types` field), tolerating entries that point at files the package does not ship.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { confinePath, isInside } from '../confine-path.js';
import { DocsError } from '../errors.js';
import { checkPackageName } from '../npm/package-spec.js';

export interface PackageEntries {
  name: string;
  version: string;
  dir: string;
  /** Subpath (`@scope/pkg`, `@scope/pkg/agent`) → absolute `.d.ts` file. */
  entries: Map<string, string>;
  /** Subpath → absolute JavaScript file it loads at run time (ES module preferred). */
  runtime: Map<string, string>;
  missing: string[];
}

export function findPackage(name: string, projectDir: string): string {
  checkPackageName(name);
  const start = resolve(projectDir);
  if (!statSync(start, { throwIfNoEntry: false })?.isDirectory()) throw new DocsError('INVALID_ARGUMENT', `projectPath ${start} is not an existing folder.`);
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = confinePath(join(dir, 'node_modules'), name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new DocsError('PATH_NOT_FOUND', `${name} is not installed in ${start} (no node_modules/${name}). Install it, or give projectPath.`);
}

export function packageEntries(dir: string): PackageEntries {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  const name = String(manifest.name);
  const entries = new Map<string, string>();
  const runtime = new Map<string, string>();
  const missing: string[] = [];
  const subpathName = (subpath: string) => (subpath === '.' ? name : `${name}/${subpath.replace(/^\.\//, '')}`);
  const inside = (file: string) => {
    const full = resolve(dir, file);
    return isInside(dir, full) ? full : undefined;
  };
  const add = (subpath: string, value: unknown) => {
    if (subpath.includes('*')) return;
    const types = typesOf(value);
    const full = types && inside(types);
    if (full && existsSync(full)) entries.set(subpathName(subpath), full);
    else if (types && full) missing.push(`${subpath} → ${types}`);
    const js = runtimeOf(value);
    const jsFull = js && inside(js);
    if (jsFull && existsSync(jsFull)) runtime.set(subpathName(subpath), jsFull);
  };
  const exportsField = manifest.exports;
  if (exportsField && typeof exportsField === 'object' && !Array.isArray(exportsField)) {
    const map = exportsField as Record<string, unknown>;
    const keys = Object.keys(map);
    if (keys.every((k) => k.startsWith('.'))) for (const key of keys) add(key, map[key]);
    else add('.', map);
  } else if (typeof exportsField === 'string') {
    add('.', exportsField);
  }
  if (!entries.has(name)) {
    const types = (manifest.types ?? manifest.typings) as string | undefined;
    const file = types ?? (existsSync(join(dir, 'index.d.ts')) ? 'index.d.ts' : undefined);
    if (file) add('.', { types: file });
  }
  if (!runtime.has(name)) {
    const main = [manifest.module, manifest.main, 'index.js'].find((m): m is string => typeof m === 'string' && existsSync(resolve(dir, m)));
    const full = main && inside(main);
    if (full) runtime.set(name, full);
  }
  return { name, version: String(manifest.version ?? ''), dir, entries, runtime, missing };
}

/** The JavaScript target of an export condition tree, ES module branches first. */
function runtimeOf(value: unknown): string | undefined {
  if (typeof value === 'string') return /\.[cm]?js$/.test(value) ? value : undefined;
  if (!value || typeof value !== 'object') return undefined;
  const conditions = value as Record<string, unknown>;
  for (const key of ['import', 'module', 'node', 'default', 'require']) {
    const found = runtimeOf(conditions[key]);
    if (found) return found;
  }
  return undefined;
}

/** The `types` target of an export condition tree (types, then import/require/default/node branches). */
function typesOf(value: unknown): string | undefined {
  if (typeof value === 'string') return /\.d\.[cm]?ts$/.test(value) ? value : undefined;
  if (!value || typeof value !== 'object') return undefined;
  const conditions = value as Record<string, unknown>;
  if (typeof conditions.types === 'string') return conditions.types;
  for (const key of ['import', 'node', 'require', 'default', 'types']) {
    const found = typesOf(conditions[key]);
    if (found) return found;
  }
  return undefined;
}
