// Finds an installed package and the `.d.ts` entry point of each of its `exports` subpaths
// (or its `types` field), tolerating entries that point at files the package does not ship.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { confinePath, isInside } from '../confine-path.js';
import { DocsError } from '../errors.js';
import { checkPackageName } from '../ingest/sources/package-spec.js';

export interface PackageEntries {
  name: string;
  version: string;
  dir: string;
  /** Subpath (`@scope/pkg`, `@scope/pkg/agent`) → absolute `.d.ts` file. */
  entries: Map<string, string>;
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
  const missing: string[] = [];
  const add = (subpath: string, file: string | undefined) => {
    if (!file || subpath.includes('*')) return;
    const full = resolve(dir, file);
    if (!isInside(dir, full)) return;
    if (existsSync(full)) entries.set(subpath === '.' ? name : `${name}/${subpath.replace(/^\.\//, '')}`, full);
    else missing.push(`${subpath} → ${file}`);
  };
  const exportsField = manifest.exports;
  if (exportsField && typeof exportsField === 'object' && !Array.isArray(exportsField)) {
    const map = exportsField as Record<string, unknown>;
    const keys = Object.keys(map);
    if (keys.every((k) => k.startsWith('.'))) for (const key of keys) add(key, typesOf(map[key]));
    else add('.', typesOf(map));
  }
  if (!entries.has(name)) {
    const types = (manifest.types ?? manifest.typings) as string | undefined;
    add('.', types ?? (existsSync(join(dir, 'index.d.ts')) ? 'index.d.ts' : undefined));
  }
  return { name, version: String(manifest.version ?? ''), dir, entries, missing };
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
