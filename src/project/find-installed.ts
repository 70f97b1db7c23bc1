// The version of a package a project has installed: node_modules first (what actually runs), then
// the lockfiles (npm, pnpm, yarn). Other copies in the tree (a monorepo's workspaces) are reported too.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { exactVersion, isPackageName } from '../npm/package-spec.js';

export interface InstalledVersion {
  version: string;
  /** Where it was read: node_modules, package-lock.json, pnpm-lock.yaml or yarn.lock. */
  from: string;
  /** Other versions of the same package elsewhere in the project, with where they are. */
  others: Array<{ version: string; where: string }>;
}

/**
 * Only exact semver versions count: a lockfile or package.json is outside data, and a version such
 * as `http://host/x.tgz` or `file:../x` must never become something vdocs fetches.
 */
export function findInstalled(projectDir: string, name: string, onIgnored?: (message: string) => void): InstalledVersion | undefined {
  if (!isPackageName(name)) return undefined;
  const all: Array<{ version: string; where: string; root: boolean; from: string }> = [
    ...fromNodeModules(projectDir, name),
    ...fromPackageLock(projectDir, name),
    ...fromPnpmLock(projectDir, name),
    ...fromYarnLock(projectDir, name),
  ];
  const found = all.filter((f) => exactVersion(f.version));
  for (const f of all) if (!exactVersion(f.version)) onIgnored?.(`${name}: ${f.where}: "${f.version.slice(0, 80)}" is not an exact version; ignored`);
  if (found.length === 0) return undefined;
  const root = found.find((f) => f.root) ?? found[0];
  const others = new Map<string, string>();
  for (const f of found) if (f.version !== root.version && !others.has(f.version)) others.set(f.version, f.where);
  return { version: root.version, from: root.from, others: [...others].map(([version, where]) => ({ version, where })) };
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function fromNodeModules(dir: string, name: string) {
  const pkg = readJson(join(dir, 'node_modules', name, 'package.json'));
  return typeof pkg?.version === 'string' ? [{ version: pkg.version, where: `node_modules/${name}`, root: true, from: 'node_modules' }] : [];
}

function fromPackageLock(dir: string, name: string) {
  const lock = readJson(join(dir, 'package-lock.json')) ?? readJson(join(dir, 'npm-shrinkwrap.json'));
  const packages = (lock?.packages ?? {}) as Record<string, { version?: string }>;
  const out = [];
  for (const [key, value] of Object.entries(packages)) {
    if (!key.endsWith(`node_modules/${name}`) || !value.version) continue;
    out.push({ version: value.version, where: key, root: key === `node_modules/${name}`, from: 'package-lock.json' });
  }
  return out;
}

function fromPnpmLock(dir: string, name: string) {
  const file = join(dir, 'pnpm-lock.yaml');
  if (!existsSync(file)) return [];
  let lock: { importers?: Record<string, Record<string, Record<string, { version?: string } | string>>> };
  try {
    // The YAML parser is loaded only for projects that use pnpm.
    const { parse } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
    lock = parse(readFileSync(file, 'utf8')) as typeof lock;
  } catch {
    return [];
  }
  const out = [];
  for (const [importer, groups] of Object.entries(lock.importers ?? {})) {
    for (const group of ['dependencies', 'devDependencies', 'optionalDependencies']) {
      const entry = groups?.[group]?.[name];
      const raw = typeof entry === 'string' ? entry : entry?.version;
      // pnpm writes "1.2.3(peer@4.5.6)"; the version is before the parenthesis.
      const version = raw?.replace(/\(.*$/, '');
      if (version && /^\d/.test(version)) out.push({ version, where: `pnpm importer ${importer}`, root: importer === '.', from: 'pnpm-lock.yaml' });
    }
  }
  return out;
}

function fromYarnLock(dir: string, name: string) {
  const file = join(dir, 'yarn.lock');
  if (!existsSync(file)) return [];
  const out = [];
  const blocks = readFileSync(file, 'utf8').split(/\n(?=\S)/);
  for (const block of blocks) {
    const [header, ...body] = block.split('\n');
    const specs = header.replace(/:$/, '').split(',').map((s) => s.trim().replace(/^"|"$/g, ''));
    if (!specs.some((s) => s.startsWith(`${name}@`))) continue;
    const line = body.find((l) => /^\s+version:?\s/.test(l));
    const version = line?.replace(/^\s+version:?\s+"?([^"\s]+)"?.*$/, '$1');
    if (version) out.push({ version, where: `yarn.lock ${header.replace(/:$/, '')}`, root: out.length === 0, from: 'yarn.lock' });
  }
  return out;
}
