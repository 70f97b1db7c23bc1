// A package's changelog from the registry when its newest release ships none (some packages stop
// shipping CHANGELOG.md; their older tarballs still carry every entry up to then). The registry's
// version list comes first; tarballs are downloaded only to look, newest first, then by halving
// the range, and what each one holds is remembered (a published version never changes). Tarballs
// looked into are unpacked into a scratch folder and removed; only a found changelog is kept.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { confinePath } from '../confine-path.js';
import { DocsError } from '../errors.js';
import { readJsonCache, writeJsonCache } from '../json-cache-file.js';

export interface FoundChangelog {
  text: string;
  from: string;
}

const CHANGELOG_NAMES = ['CHANGELOG.md', 'changelog.md', 'CHANGELOG.MD', 'History.md', 'HISTORY.md'];

/** Reads the changelog file of an unpacked package, or undefined. */
export type ReadChangelog = (root: string, name: string) => Promise<string | undefined>;

const PROBES = 'changelog-probes.json';

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** The newest release's changelog, which covers every older version it lists. */
export async function registryChangelog(name: string, home: string, read: ReadChangelog): Promise<FoundChangelog> {
  const [{ default: pacote }, { registryOptions }, { fetchNpmPackage }] = await Promise.all([
    import('pacote'),
    import('../ingest/sources/npm-config.js'),
    import('../ingest/sources/fetch-npm-package.js'),
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
  /** The changelog a release ships, or undefined; a release known to ship none is not downloaded again. */
  const look = async (version: string): Promise<FoundChangelog | undefined> => {
    const key = `${name}@${version}`;
    if (probes[key] === false) return undefined;
    // `<home>/changelogs/<name with + for />@<version>/<file>`: the one file kept of a release.
    const kept = confinePath(confinePath(home, 'changelogs'), `${name.replace('/', '+')}@${version}`);
    const keptFile = probes[key] ? safeList(kept)[0] : undefined;
    if (keptFile) return { text: readFileSync(join(kept, keptFile), 'utf8'), from: `${key}/${keptFile}` };
    mkdirSync(home, { recursive: true });
    const scratch = mkdtempSync(join(home, 'changelog-probe-'));
    let found: (FoundChangelog & { file: string }) | undefined;
    try {
      const pkg = await fetchNpmPackage(key, scratch);
      for (const file of CHANGELOG_NAMES) {
        const text = await read(pkg.root, file);
        if (text !== undefined) {
          found = { text, file, from: `${pkg.name}@${pkg.version}/${file}` };
          break;
        }
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
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
