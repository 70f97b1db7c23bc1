// Which release of a docs package describes an installed library best. A docs package such as
// @mastra/mcp-docs-server pins the library version its docs were written against; the release to
// serve is the one whose pin is the newest not above the installed version (else the lowest above).
// The registry's answer is remembered in the cache home so the choice holds offline.
import semver from 'semver';
import { readJsonCache, writeJsonCache } from '../json-cache-file.js';

export interface TrackedRelease {
  /** The docs package's release to serve. */
  version: string;
  /** The version of the tracked library that release depends on. */
  pins: string;
}

const CACHE = 'tracked-releases.json';

type Dependencies = Record<string, string | undefined>;

export interface ReleaseManifest {
  dependencies?: Dependencies;
  peerDependencies?: Dependencies;
  devDependencies?: Dependencies;
}

/** Pure choice over the registry's version list (prereleases and unparseable pins ignored). */
export function pickRelease(versions: Record<string, ReleaseManifest>, tracked: string, installed: string): TrackedRelease | undefined {
  const target = semver.valid(installed);
  if (!target) return undefined;
  const candidates: TrackedRelease[] = [];
  for (const [version, manifest] of Object.entries(versions)) {
    if (!semver.valid(version) || semver.prerelease(version)) continue;
    const spec = manifest.dependencies?.[tracked] ?? manifest.peerDependencies?.[tracked] ?? manifest.devDependencies?.[tracked];
    const pins = spec && semver.validRange(spec) ? semver.minVersion(spec)?.version : undefined;
    if (pins) candidates.push({ version, pins });
  }
  // Newest pin first; among releases pinning the same version, the newest release.
  candidates.sort((a, b) => semver.rcompare(a.pins, b.pins) || semver.rcompare(a.version, b.version));
  return candidates.find((c) => semver.lte(c.pins, target)) ?? candidates.at(-1);
}

/** Asks the registry (one packument request); when it cannot be reached, the last answer cached for this question. */
export async function nearestRelease(home: string, docsPackage: string, tracked: string, installed: string): Promise<TrackedRelease | undefined> {
  const key = `${docsPackage} ${tracked}@${installed}`;
  try {
    const [{ default: pacote }, { registryOptions }] = await Promise.all([import('pacote'), import('../npm/npm-config.js')]);
    const packument = await pacote.packument(docsPackage, await registryOptions('metadata'));
    const picked = pickRelease(packument.versions as Record<string, ReleaseManifest>, tracked, installed);
    const cache = readJsonCache<TrackedRelease>(home, CACHE);
    if (picked && cache[key]?.version !== picked.version) writeJsonCache(home, CACHE, { ...cache, [key]: picked }, 200);
    return picked;
  } catch {
    return cachedRelease(home, docsPackage, tracked, installed);
  }
}

/** The last registry answer for this question, without asking (start-up must not wait on the network). */
export function cachedRelease(home: string, docsPackage: string, tracked: string, installed: string): TrackedRelease | undefined {
  const entry = readJsonCache<TrackedRelease>(home, CACHE)[`${docsPackage} ${tracked}@${installed}`];
  return entry && semver.valid(entry.version) && semver.valid(entry.pins) ? entry : undefined;
}
