// A package's changelog from the registry when its newest release ships none (some packages stop
// shipping CHANGELOG.md; their older tarballs still carry every entry up to then). The registry's
// version list comes first; tarballs are downloaded only to look, newest first, then by halving
// the range, and what each one holds is remembered (a published version never changes).
import semver from 'semver';
import { DocsError } from '../errors.js';
import { readJsonCache, writeJsonCache } from '../json-cache-file.js';

export interface FoundChangelog {
  text: string;
  from: string;
  /** The release whose tarball the text came from. */
  version: string;
}

export const CHANGELOG_NAMES = ['CHANGELOG.md', 'changelog.md', 'CHANGELOG.MD', 'History.md', 'HISTORY.md'];

/** Reads the changelog file of an unpacked package, or undefined. */
export type ReadChangelog = (root: string, name: string) => Promise<string | undefined>;

const PROBES = 'changelog-probes.json';

/** The newest release's changelog, which covers every older version it lists. */
export async function registryChangelog(name: string, home: string, read: ReadChangelog): Promise<FoundChangelog> {
  const [{ default: pacote }, { registryOptions }, { fetchNpmPackage }] = await Promise.all([
    import('pacote'),
    import('../ingest/sources/npm-config.js'),
    import('../ingest/sources/fetch-npm-package.js'),
  ]);
  let versions: string[];
  try {
    const packument = await pacote.packument(name, await registryOptions());
    versions = Object.keys(packument.versions).filter((v) => semver.valid(v) === v && !semver.prerelease(v)).sort(semver.compare);
    const latest = packument['dist-tags']?.latest;
    if (latest && semver.valid(latest)) versions = versions.filter((v) => semver.lte(v, latest));
  } catch (error) {
    throw new DocsError('REGISTRY_UNREACHABLE', `The registry could not list the versions of ${name}: ${(error as Error).message}`, { cause: error });
  }
  if (versions.length === 0) throw new DocsError('SOURCE_INVALID', `The registry lists no released version of ${name}.`);
  const probes = readJsonCache<boolean>(home, PROBES);
  const found = new Map<string, FoundChangelog>();
  const look = async (version: string): Promise<boolean> => {
    const key = `${name}@${version}`;
    if (probes[key] === false) return false;
    const pkg = await fetchNpmPackage(key, home);
    for (const file of CHANGELOG_NAMES) {
      const text = await read(pkg.root, file);
      if (text !== undefined) {
        found.set(version, { text, from: `${pkg.name}@${pkg.version}/${file}`, version });
        probes[key] = true;
        writeJsonCache(home, PROBES, probes, 5000);
        return true;
      }
    }
    probes[key] = false;
    writeJsonCache(home, PROBES, probes, 5000);
    return false;
  };
  const top = versions.length - 1;
  if (await look(versions[top])) return found.get(versions[top])!;
  // Releases with a changelog come before those without: halve the range to the last that has one.
  let low = 0;
  let high = top - 1;
  let best: string | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (await look(versions[middle])) {
      best = versions[middle];
      low = middle + 1;
    } else high = middle - 1;
  }
  if (!best) throw new DocsError('SOURCE_INVALID', `No release of ${name} ships a CHANGELOG.md (looked at ${versions[top]} and older releases).`);
  const changelog = found.get(best)!;
  return { ...changelog, from: `${changelog.from} (the newest release that ships a changelog; ${versions[top]} ships none)` };
}
