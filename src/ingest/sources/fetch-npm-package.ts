// Fetches one version of an npm package (tarball only, no dependencies) from the registry in the
// user's npm configuration, unpacked once into the cache home and reused offline.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import pacote, { type Manifest } from 'pacote';
import semver from 'semver';
import { DocsError } from '../../errors.js';
import { loadNpmConfig } from './npm-config.js';
import { unpackTarball } from './npm-tarball.js';

export interface FetchedPackage {
  name: string;
  version: string;
  /** The unpacked package folder (the tarball's `package/`). */
  root: string;
  /** True when the registry could not be asked and a cached copy was used. */
  offline: boolean;
}

const NETWORK_CODES = new Set(['ENOTFOUND', 'ECONNREFUSED', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'FETCH_ERROR']);

export function packageCacheDir(home: string, name: string, version: string): string {
  return join(home, 'packages', `${name.replace('/', '+')}@${version}`);
}

export function splitPackageSpec(spec: string): { name: string; range: string } {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  return at === -1 ? { name: spec, range: 'latest' } : { name: spec.slice(0, at), range: spec.slice(at + 1) || 'latest' };
}

/** The exact version a spec means: asked of the registry, or the newest cached copy when it cannot be reached. */
export async function resolveNpmPackage(spec: string, home: string): Promise<FetchedPackage> {
  const { name, range } = splitPackageSpec(spec);
  const options = { ...(await loadNpmConfig()), fullMetadata: false };
  let manifest: Manifest;
  try {
    manifest = await pacote.manifest(`${name}@${range}`, options);
    return { name: manifest.name, version: manifest.version, root: packageCacheDir(home, manifest.name, manifest.version), offline: false };
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (NETWORK_CODES.has(code) || /fetch|network|socket/i.test(String((error as Error).message))) {
      const cached = await findCachedVersion(home, name, range);
      if (cached) return { name, version: cached, root: packageCacheDir(home, name, cached), offline: true };
      throw new DocsError('REGISTRY_UNREACHABLE', `The npm registry could not be reached for ${name}@${range} (${code || (error as Error).message}) and no copy is cached. Check the network or your npm registry setting.`, { cause: error });
    }
    if (code === 'ETARGET' || code === 'E404') {
      throw new DocsError(code === 'E404' ? 'SOURCE_INVALID' : 'VERSION_NOT_FOUND', code === 'E404' ? `The registry has no package named ${name}.` : `No version of ${name} matches "${range}".`, { cause: error });
    }
    throw new DocsError('SOURCE_INVALID', `Cannot resolve ${name}@${range}: ${(error as Error).message}`, { cause: error });
  }
}

/** Resolves the spec and makes sure that version is unpacked in the cache home. */
export async function fetchNpmPackage(spec: string, home: string): Promise<FetchedPackage> {
  const pkg = await resolveNpmPackage(spec, home);
  if (!existsSync(join(pkg.root, '.vdocs-complete'))) {
    const id = `${pkg.name}@${pkg.version}`;
    let data: Buffer;
    try {
      data = await pacote.tarball(id, { ...(await loadNpmConfig()), fullMetadata: false });
    } catch (error) {
      throw new DocsError('REGISTRY_UNREACHABLE', `Downloading ${id} failed: ${(error as Error).message}`, { cause: error });
    }
    await unpackTarball(data, pkg.root, id);
  }
  return pkg;
}

/** Newest cached version of `name` that satisfies `range` ('latest' takes the newest cached). */
async function findCachedVersion(home: string, name: string, range: string): Promise<string | undefined> {
  const prefix = `${name.replace('/', '+')}@`;
  let entries: string[] = [];
  try {
    entries = await readdir(join(home, 'packages'));
  } catch {
    return undefined;
  }
  const versions = entries
    .filter((e) => e.startsWith(prefix) && existsSync(join(home, 'packages', e, '.vdocs-complete')))
    .map((e) => e.slice(prefix.length))
    .filter((v) => semver.valid(v) && (range === 'latest' || semver.satisfies(v, range)));
  return semver.rsort(versions)[0];
}
