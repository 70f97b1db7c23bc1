// The docs of an installed package that ships none, from its repository at the installed
// version's tag: the package.json `repository` names the forge (only github.com, gitlab.com and
// bitbucket.org, or their configured stand-ins, are ever asked), the usual tag spellings are
// tried, and the docs folder is found at that tag (a monorepo package's `directory` first).
import { DocsError } from '../../errors.js';
import type { Forge } from '../../model.js';
import type { FetchPolicy } from '../../net/fetch-policy.js';
import { FORGES, fetchRepository, isSnapshotKept, parseGitSpec, repositoryWhere, type RepositorySnapshot } from './git-archive.js';
import { docsFolderCandidates, findRepositoryDocs } from './repository-docs.js';

export interface PackageRepository {
  forge: Forge;
  owner: string;
  repo: string;
  /** The package's folder in a monorepo (`packages/core`). */
  directory?: string;
}

const HOSTS: Record<string, Forge> = { 'github.com': 'github', 'gitlab.com': 'gitlab', 'bitbucket.org': 'bitbucket' };
const PART = /^[A-Za-z0-9_.-]{1,100}$/;

/**
 * A package.json `repository` (string or `{ url, directory }`) as a forge repository, or undefined
 * when it names anything else (another host, a path, a malformed URL): nothing is fetched then.
 */
export function parseRepositoryField(field: unknown): PackageRepository | undefined {
  const url = typeof field === 'string' ? field : field && typeof field === 'object' && typeof (field as { url?: unknown }).url === 'string' ? (field as { url: string }).url : undefined;
  if (!url || url.length > 500) return undefined;
  const rawDirectory = field && typeof field === 'object' ? (field as { directory?: unknown }).directory : undefined;
  const directory = typeof rawDirectory === 'string' && /^[\w.@/-]{1,200}$/.test(rawDirectory) && !rawDirectory.split('/').includes('..') ? rawDirectory.replace(/^\.\/|\/+$/g, '') || undefined : undefined;
  let forge: Forge | undefined;
  let path: string | undefined;
  const shorthand = /^(github|gitlab|bitbucket):([^#]+)$/.exec(url);
  if (shorthand) [forge, path] = [shorthand[1] as Forge, shorthand[2]];
  else if (/^[\w.-]+\/[\w.-]+$/.test(url)) [forge, path] = ['github', url];
  else {
    // git+https://github.com/o/r.git, git://…, git+ssh://git@github.com/o/r.git, git@github.com:o/r.git
    const match = /^(?:git\+)?(?:https?|git|ssh|git\+ssh):\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/(.+)$/.exec(url) ?? /^[^@\s]+@([^:\s]+):(.+)$/.exec(url);
    if (!match) return undefined;
    forge = HOSTS[match[1].toLowerCase().replace(/^www\./, '')];
    path = match[2];
  }
  if (!forge || !path) return undefined;
  const [owner, repo] = path.replace(/\.git$/, '').replace(/[#?].*$/, '').split('/');
  if (!owner || !repo || !PART.test(owner) || !PART.test(repo) || owner === '..' || repo === '..') return undefined;
  return { forge, owner, repo: repo.replace(/\.git$/, ''), ...(directory ? { directory } : {}) };
}

/**
 * Tag spellings of a release, most common first: `v1.2.3`, `1.2.3`, `name@1.2.3` (changesets
 * monorepos); with `kept` (a repository and home), one whose docs are unpacked already comes first,
 * so asking again costs no request.
 */
export function releaseTags(name: string, version: string, kept?: { repository: PackageRepository; home: string }): string[] {
  const unscoped = name.replace(/^@[^/]+\//, '');
  const tags = [...new Set([`v${version}`, version, `${name}@${version}`, `${unscoped}@${version}`])];
  if (!kept) return tags;
  const isKept = (tag: string) => isSnapshotKept({ ...kept.repository, ref: tag }, kept.home);
  return [...tags.filter(isKept), ...tags.filter((t) => !isKept(t))];
}

export interface ReleaseDocs {
  /** The source to index: `github:owner/repo@tag#folder`. */
  source: string;
  /** `github.com/pinojs/pino at v10.4.0`, for the reason each answer gives. */
  where: string;
}

/**
 * The repository at the tag of `version`, trying the tag spellings (kept ones first); undefined
 * when the forge has none of them. Network and host failures as they come.
 */
export async function fetchRelease(name: string, version: string, repository: PackageRepository, home: string, policy?: FetchPolicy): Promise<{ snapshot: RepositorySnapshot; tag: string } | undefined> {
  for (const tag of releaseTags(name, version, { repository, home })) {
    try {
      return { snapshot: await fetchRepository({ ...repository, ref: tag }, home, policy), tag };
    } catch (error) {
      if (!(error instanceof DocsError && error.code === 'VERSION_NOT_FOUND')) throw error;
    }
  }
  return undefined;
}

/**
 * The installed version's docs in its repository. Throws VERSION_NOT_FOUND naming the tags tried,
 * or SOURCE_INVALID naming the folders looked for; network and host failures as they come.
 */
export async function findReleaseDocs(pkg: { name: string; version: string; repository: PackageRepository }, home: string, policy?: FetchPolicy): Promise<ReleaseDocs> {
  const { forge, owner, repo, directory } = pkg.repository;
  const release = await fetchRelease(pkg.name, pkg.version, pkg.repository, home, policy);
  if (!release) throw new DocsError('VERSION_NOT_FOUND', `${FORGES[forge].host}/${owner}/${repo} has no tag for ${pkg.name}@${pkg.version} (tried ${releaseTags(pkg.name, pkg.version).join(', ')}).`);
  const { snapshot, tag } = release;
  const folder = findRepositoryDocs(snapshot.root, directory);
  if (!folder) throw new DocsError('SOURCE_INVALID', `${snapshot.where} has no docs folder (looked for ${docsFolderCandidates(directory).join(', ')}).`);
  return { source: `${forge}:${owner}/${repo}@${tag}#${folder}`, where: snapshot.where };
}

/** `github:o/r@tag#folder` → `github.com/o/r at tag`; undefined for other sources. */
export function releaseWhere(source: string): string | undefined {
  const spec = parseGitSpec(source);
  return spec && repositoryWhere(spec);
}
