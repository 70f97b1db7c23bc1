// A package's changelog from the registry when its newest release ships none (some packages stop
// shipping CHANGELOG.md; their older tarballs still carry every entry up to then). The registry's
// version list comes first; tarballs are downloaded only to look, newest first, then by halving
// the range, and what each one holds is remembered (a published version never changes). A tarball
// looked into is read as it streams (its changelog and manifest only; nothing is unpacked), and
// only a changelog found is kept.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { confinePath } from '../confine-path.js';
import { DocsError } from '../errors.js';
import { listFolder } from '../ingest/sources/read-folder.js';
import { fetchRelease, parseRepositoryField, type PackageRepository } from '../ingest/sources/release-docs.js';
import { readJsonCache, writeJsonCache } from '../json-cache-file.js';
import { DEFAULT_FETCH_POLICY, withDeadline, type FetchPolicy } from '../net/fetch-policy.js';

export interface FoundChangelog {
  text: string;
  from: string;
}

const CHANGELOG_NAMES = ['CHANGELOG.md', 'changelog.md', 'CHANGELOG.MD', 'History.md', 'HISTORY.md'];

const PROBES = 'changelog-probes.json';
const MAX_CHANGELOG_BYTES = 16 * 1024 * 1024;
const REPOSITORIES = 'changelog-repositories.json';

/** The forge repository a package's package.json names, if any. */
function repositoryOf(manifest: Buffer | undefined): PackageRepository | undefined {
  try {
    return manifest && parseRepositoryField((JSON.parse(manifest.toString('utf8')) as { repository?: unknown }).repository);
  } catch {
    return undefined;
  }
}

/** CHANGELOG.md in the repository at the release's tag: the package's own folder's, else the root's. */
async function repositoryChangelog(name: string, version: string, repository: PackageRepository, home: string, policy?: FetchPolicy): Promise<FoundChangelog | undefined> {
  const release = await fetchRelease(name, version, repository, home, policy);
  if (!release) return undefined;
  for (const file of [...(repository.directory ? [`${repository.directory}/CHANGELOG.md`] : []), 'CHANGELOG.md']) {
    const path = confinePath(release.snapshot.root, file);
    if (existsSync(path)) return { text: readFileSync(path, 'utf8'), from: `${release.snapshot.where}/${file} (${name}@${version} ships no changelog)` };
  }
  return undefined;
}

/** The newest release's changelog, which covers every older version it lists. */
export async function registryChangelog(name: string, home: string, policy?: FetchPolicy): Promise<FoundChangelog> {
  // Loaded on first use: npm's client and the tar reader are heavy, and a server's start-up never needs them.
  const [{ default: pacote }, { registryOptions }, { readTarFiles }, { TARBALL_LIMITS }] = await Promise.all([
    import('pacote'),
    import('../npm/npm-config.js'),
    import('../npm/tar-entries.js'),
    import('../npm/npm-tarball.js'),
  ]);
  let versions: string[];
  try {
    const packument = await pacote.packument(name, await registryOptions('metadata'));
    versions = Object.keys(packument.versions).filter((v) => semver.valid(v) === v && !semver.prerelease(v)).sort(semver.compare);
    const latest = packument['dist-tags']?.latest;
    if (latest && semver.valid(latest)) versions = versions.filter((v) => semver.lte(v, latest));
  } catch (error) {
    throw new DocsError('REGISTRY_UNREACHABLE', `The registry could not list the versions of ${name}: ${(error as Error).message}`, { cause: error });
  }
  if (versions.length === 0) throw new DocsError('SOURCE_INVALID', `The registry lists no released version of ${name}.`);
  const probes = readJsonCache<boolean>(home, PROBES);
  // The repository the newest release names, remembered with the probes (a release never changes).
  const repositories = readJsonCache<PackageRepository | null>(home, REPOSITORIES);
  let newestRepository: PackageRepository | undefined = repositories[`${name}@${versions[versions.length - 1]}`] ?? undefined;
  /** The changelog a release ships, or undefined; a release known to ship none is not downloaded again. */
  const look = async (version: string): Promise<FoundChangelog | undefined> => {
    const key = `${name}@${version}`;
    if (probes[key] === false) return undefined;
    // `<home>/changelogs/<name with + for />@<version>/<file>`: the one file kept of a release.
    const kept = confinePath(confinePath(home, 'changelogs'), `${name.replace('/', '+')}@${version}`);
    const keptFile = probes[key] ? listFolder(kept)[0] : undefined;
    if (keptFile) return { text: readFileSync(join(kept, keptFile), 'utf8'), from: `${key}/${keptFile}` };
    // Only the changelog and the manifest are read, from the tarball as it streams: nothing is unpacked.
    let data: Buffer;
    try {
      data = await pacote.tarball(key, await registryOptions('tarball'));
    } catch (error) {
      throw new DocsError('REGISTRY_UNREACHABLE', `Downloading ${key} failed: ${(error as Error).message}`, { cause: error });
    }
    const files = await readTarFiles(data, (path) => path === 'package.json' || CHANGELOG_NAMES.includes(path), MAX_CHANGELOG_BYTES, TARBALL_LIMITS.inflatedBytes);
    if (!files) throw new DocsError('TARBALL_REJECTED', `Refused the tarball of ${key}: it is not a readable gzip tarball within vdocs' bounds.`);
    if (version === versions[versions.length - 1]) {
      newestRepository = repositoryOf(files.get('package.json'));
      repositories[key] = newestRepository ?? null;
      writeJsonCache(home, REPOSITORIES, repositories, 5000);
    }
    const file = CHANGELOG_NAMES.find((n) => files.has(n));
    const found = file ? { text: files.get(file)!.toString('utf8'), file, from: `${key}/${file}` } : undefined;
    if (found) {
      mkdirSync(kept, { recursive: true });
      writeFileSync(join(kept, found.file), found.text);
    }
    if (probes[key] !== (found !== undefined)) {
      probes[key] = found !== undefined;
      writeJsonCache(home, PROBES, probes, 5000);
    }
    return found && { text: found.text, from: found.from };
  };
  const top = versions.length - 1;
  const newest = await look(versions[top]);
  if (newest) return newest;
  // The newest release ships none: its repository's changelog at that release's tag is current,
  // where an older tarball's ends at that release.
  if (newestRepository) {
    // Bounded: a forge that cannot be reached costs this call 20 s at most, then the tarballs answer.
    const fromRepository = await repositoryChangelog(name, versions[top], newestRepository, home, withDeadline(policy ?? DEFAULT_FETCH_POLICY, 20_000)).catch(() => undefined);
    if (fromRepository) return fromRepository;
  }
  // Releases with a changelog come before those without: halve the range to the last that has one.
  let low = 0;
  let high = top - 1;
  let best: FoundChangelog | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const found = await look(versions[middle]);
    if (found) {
      best = found;
      low = middle + 1;
    } else high = middle - 1;
  }
  if (!best) throw new DocsError('SOURCE_INVALID', `No release of ${name} ships a CHANGELOG.md (looked at ${versions[top]} and older releases).`);
  return { ...best, from: `${best.from} (the newest release that ships a changelog; ${versions[top]} ships none)` };
}
