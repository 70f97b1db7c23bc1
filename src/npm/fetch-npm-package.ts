// Fetches one version of an npm package (tarball only, no dependencies) from the registry in the
// user's npm configuration, unpacked once into the cache home and reused offline. Only registry
// specs get this far (package-spec.ts), and the manifest must name what was asked for.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import pacote, { type Manifest } from 'pacote';
import semver from 'semver';
import { confinePath } from '../confine-path.js';
import { DocsError } from '../errors.js';
import { registryOptions } from './npm-config.js';
import { unpackTarball } from './npm-tarball.js';
import { parseRegistrySpec } from './package-spec.js';

export interface FetchedPackage {
  name: string;
  version: string;
  /** The unpacked package folder (the tarball's `package/`). */
  root: string;
  /** True when the registry could not be asked and a cached copy was used. */
  offline: boolean;
}

const NETWORK_CODES = new Set(['ENOTFOUND', 'ECONNREFUSED', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'FETCH_ERROR', 'ERR_SOCKET_TIMEOUT']);

/** `<home>/packages/<name with + for />@<version>`, confined to the packages folder. */
export function packageCacheDir(home: string, name: string, version: string): string {
  return confinePath(confinePath(home, 'packages'), `${name.replace('/', '+')}@${version}`);
}

/** The exact version a spec means: asked of the registry, or the newest cached copy when it cannot be reached. */
export async function resolveNpmPackage(spec: string, home: string): Promise<FetchedPackage> {
  const { name, range } = parseRegistrySpec(spec);
  let manifest: Manifest;
  try {
    manifest = await pacote.manifest(`${name}@${range}`, await registryOptions('metadata'));
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (NETWORK_CODES.has(code) || /fetch|network|socket|timeout/i.test(String((error as Error).message))) {
      const cached = await findCachedVersion(home, name, range);
      if (cached) return { name, version: cached, root: packageCacheDir(home, name, cached), offline: true };
      throw new DocsError('REGISTRY_UNREACHABLE', `The npm registry could not be reached for ${name}@${range} (${code || (error as Error).message}) and no copy is cached. Check the network or your npm registry setting.`, { cause: error });
    }
    if (code === 'ETARGET' || code === 'E404') {
      throw new DocsError(code === 'E404' ? 'SOURCE_INVALID' : 'VERSION_NOT_FOUND', code === 'E404' ? `The registry has no package named ${name}.` : `No version of ${name} matches "${range}".`, { cause: error });
    }
    throw new DocsError('SOURCE_INVALID', `Cannot resolve ${name}@${range}: ${(error as Error).message}`, { cause: error });
  }
  // The registry's answer is outside data too: it must be the package asked for, at a real version.
  if (manifest.name !== name || typeof manifest.version !== 'string' || semver.valid(manifest.version) !== manifest.version) {
    throw new DocsError('SOURCE_REFUSED', `The registry answered ${JSON.stringify(String(manifest.name).slice(0, 80))}@${JSON.stringify(String(manifest.version).slice(0, 40))} for ${name}@${range}; refused (the name must match and the version be exact semver).`);
  }
  return { name, version: manifest.version, root: packageCacheDir(home, name, manifest.version), offline: false };
}

/** Resolves the spec and makes sure that version is unpacked in the cache home. */
export async function fetchNpmPackage(spec: string, home: string): Promise<FetchedPackage> {
  const pkg = await resolveNpmPackage(spec, home);
  if (!existsSync(confinePath(pkg.root, '.vdocs-complete'))) {
    const id = `${pkg.name}@${pkg.version}`;
    let data: Buffer;
    try {
      data = await pacote.tarball(id, await registryOptions('tarball'));
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
  const folder = confinePath(home, 'packages');
  let entries: string[] = [];
  try {
    entries = await readdir(folder);
  } catch {
    return undefined;
  }
  const versions = entries
    .filter((e) => e.startsWith(prefix) && existsSync(confinePath(folder, e, '.vdocs-complete')))
    .map((e) => e.slice(prefix.length))
    .filter((v) => semver.valid(v) === v && (range === 'latest' || semver.satisfies(v, range)));
  return semver.rsort(versions)[0];
}
