// The packages a project depends on, as installed, and the docs each ships: README, CHANGELOG,
// a docs folder (.docs, docs, dist/docs) and TypeScript types.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { confinePath } from '../confine-path.js';
import { DocsError } from '../errors.js';
import { findPackageDocs } from '../ingest/sources/package-docs.js';
import { countPages, listFolder } from '../ingest/sources/read-folder.js';
import { parseRepositoryField, type PackageRepository } from '../ingest/sources/release-docs.js';
import { exactVersion, isPackageName } from '../npm/package-spec.js';

export interface InstalledPackage {
  name: string;
  version: string;
  dir: string;
  dev: boolean;
  readme?: string;
  changelog?: string;
  docsFolder?: string;
  docsPages: number;
  types?: string;
  /** The forge repository its package.json names, if any (where docs it does not ship may be found). */
  repository?: PackageRepository;
}

export function listInstalled(projectDir: string): InstalledPackage[] {
  const root = resolve(projectDir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new DocsError('INVALID_ARGUMENT', `${projectDir} is not a folder.`);
  const manifest = readJson(join(root, 'package.json'));
  if (!manifest) throw new DocsError('SOURCE_INVALID', `${root} has no readable package.json.`);
  const deps = { ...(manifest.dependencies as Record<string, string> | undefined) };
  const devDeps = { ...(manifest.devDependencies as Record<string, string> | undefined) };
  const out: InstalledPackage[] = [];
  for (const [name, dev] of [...Object.keys(deps).map((n) => [n, false] as const), ...Object.keys(devDeps).map((n) => [n, true] as const)]) {
    if (out.some((p) => p.name === name) || !isPackageName(name)) continue;
    const dir = confinePath(root, 'node_modules', name);
    const pkg = readJson(join(dir, 'package.json'));
    // A version that is not exact semver (a URL, a path) is outside data vdocs will not act on.
    const version = exactVersion(pkg?.version);
    if (!pkg || !version) continue;
    const files = listFolder(dir);
    const docs = findPackageDocs(dir);
    out.push({
      name,
      version,
      dir,
      dev,
      readme: files.find((f) => /^readme(\.md|\.markdown)?$/i.test(f)),
      changelog: files.find((f) => /^(changelog|history)\.md$/i.test(f)),
      docsFolder: docs.kind === 'root' ? undefined : docs.name,
      docsPages: docs.kind === 'folder' ? countPages(docs.path) : docs.kind === 'llms' ? 1 : 0,
      types: typesEntry(pkg),
      repository: parseRepositoryField(pkg.repository),
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function typesEntry(pkg: Record<string, unknown>): string | undefined {
  for (const key of ['types', 'typings']) if (typeof pkg[key] === 'string') return pkg[key] as string;
  const exports = pkg.exports as Record<string, unknown> | undefined;
  const dot = exports && typeof exports === 'object' ? (exports['.'] as Record<string, unknown> | undefined) : undefined;
  if (dot && typeof dot === 'object') {
    for (const cond of ['types', 'import', 'default']) {
      const value = dot[cond];
      if (typeof value === 'string' && value.endsWith('.d.ts')) return value;
      if (value && typeof value === 'object' && typeof (value as Record<string, unknown>).types === 'string') return (value as Record<string, string>).types;
    }
  }
  return undefined;
}



function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
