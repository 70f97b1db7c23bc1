// A repository's docs at a ref (`github:owner/repo@v1.2.3#docs`, also gitlab: and bitbucket:),
// from the forge's archive of that ref: fetched through the fetch policy (https, size, time,
// redirects re-checked, private addresses refused), its Markdown and MDX unpacked into the cache
// home. A tag or commit never changes and is kept; a branch is fetched again on each add. Tokens
// for private repositories come from the environment and go only to the archive host.
import { existsSync } from 'node:fs';
import semver from 'semver';
import { confinePath } from '../../confine-path.js';
import { DocsError } from '../../errors.js';
import type { Forge, SourceSpec } from '../../model.js';
import { DEFAULT_FETCH_POLICY, type FetchPolicy } from '../../net/fetch-policy.js';

type GitSpec = Extract<SourceSpec, { kind: 'git' }>;

interface ForgeInfo {
  /** The forge's name in config `forges` and in reasons (`github.com`). */
  host: string;
  /** Where its archives are served unless config `forges` names a stand-in. */
  archiveBase: string;
  archivePath(owner: string, repo: string, ref: string): string;
  token(env: NodeJS.ProcessEnv): Record<string, string>;
}

export const FORGES: Record<Forge, ForgeInfo> = {
  github: {
    host: 'github.com',
    archiveBase: 'https://codeload.github.com',
    archivePath: (owner, repo, ref) => `/${owner}/${repo}/tar.gz/${ref}`,
    token: (env): Record<string, string> => (env.GITHUB_TOKEN ? { authorization: `Bearer ${env.GITHUB_TOKEN}` } : {}),
  },
  gitlab: {
    host: 'gitlab.com',
    archiveBase: 'https://gitlab.com',
    archivePath: (owner, repo, ref) => `/${owner}/${repo}/-/archive/${ref}/${repo}-${ref.replace(/\//g, '-')}.tar.gz`,
    token: (env): Record<string, string> => (env.GITLAB_TOKEN ? { 'private-token': env.GITLAB_TOKEN } : {}),
  },
  bitbucket: {
    host: 'bitbucket.org',
    archiveBase: 'https://bitbucket.org',
    archivePath: (owner, repo, ref) => `/${owner}/${repo}/get/${ref}.tar.gz`,
    token: (env): Record<string, string> => (env.BITBUCKET_TOKEN ? { authorization: `Bearer ${env.BITBUCKET_TOKEN}` } : {}),
  },
};

const NAME = /^[A-Za-z0-9_.-]{1,100}$/;
const REF = /^[A-Za-z0-9_.@+/-]{1,200}$/;

/** `github:owner/repo@ref#folder` → a git source spec; undefined when the text names no forge. */
export function parseGitSpec(text: string): GitSpec | undefined {
  const match = /^(github|gitlab|bitbucket):(.*)$/.exec(text);
  if (!match) return undefined;
  const forge = match[1] as Forge;
  const [body, folder] = splitOnce(match[2], '#');
  const [path, ref] = splitOnce(body, '@');
  const [owner, repo, ...rest] = path.split('/');
  const plain = (part: string | undefined) => part !== undefined && NAME.test(part) && part !== '.' && part !== '..';
  if (!plain(owner) || !plain(repo) || rest.length > 0) {
    throw new DocsError('INVALID_ARGUMENT', `"${text.slice(0, 200)}" is not a repository: write ${forge}:<owner>/<repo>@<tag or branch>[#folder].`);
  }
  if (!ref || !REF.test(ref) || ref.split('/').some((s) => s === '' || s === '.' || s === '..')) {
    throw new DocsError('INVALID_ARGUMENT', `"${text.slice(0, 200)}" names no ref: write ${forge}:${owner}/${repo}@<tag, branch or commit> (for example @v1.2.3).`);
  }
  const subfolder = folder?.replace(/^\/+|\/+$/g, '') || undefined;
  if (subfolder && !/^[\w.@+-]+(\/[\w.@+-]+)*$/.test(subfolder) || subfolder?.split('/').includes('..')) {
    throw new DocsError('INVALID_ARGUMENT', `The folder "${subfolder}" is not a plain relative path inside the repository.`);
  }
  return { kind: 'git', forge, owner, repo: repo.replace(/\.git$/, ''), ref, subfolder };
}

/** The spec as stored with a doc set (no token, ever). */
export function gitCanonical(spec: GitSpec): string {
  return `${spec.forge}:${spec.owner}/${spec.repo}@${spec.ref}${spec.subfolder ? `#${spec.subfolder}` : ''}`;
}

/** A ref's version: `v1.2.3` and `pino@1.2.3` are 1.2.3; a branch or commit is itself. */
export function refVersion(ref: string): string {
  const bare = ref.replace(/^.*@(?=\d)/, '').replace(/^v(?=\d)/, '');
  return semver.valid(bare) === bare ? bare : ref.replace(/\//g, '-');
}

/** The archive URL of a ref, on the forge's host or the stand-in config `forges` names. */
export function archiveUrl(spec: Pick<GitSpec, 'forge' | 'owner' | 'repo' | 'ref'>, policy: FetchPolicy): string {
  const forge = FORGES[spec.forge];
  const base = (policy.forges?.[forge.host] ?? forge.archiveBase).replace(/\/+$/, '');
  const ref = spec.ref.split('/').map(encodeURIComponent).join('/');
  return `${base}${forge.archivePath(encodeURIComponent(spec.owner), encodeURIComponent(spec.repo), ref)}`;
}

export interface RepositorySnapshot {
  /** The unpacked docs of the repository at the ref (Markdown and MDX only). */
  root: string;
  /** `github.com/pinojs/pino at v10.4.0`. */
  where: string;
  skipped: string[];
}

/** A ref that never moves (a version tag or a full commit): kept once fetched; others are fetched again. */
export function isFixedRef(ref: string): boolean {
  return semver.valid(refVersion(ref)) !== null || /^[0-9a-f]{40}$/.test(ref);
}

/** `github.com/pinojs/pino at v10.4.0`: a repository at a ref, as answers and messages name it. */
export function repositoryWhere(spec: Pick<GitSpec, 'forge' | 'owner' | 'repo' | 'ref'>): string {
  return `${FORGES[spec.forge].host}/${spec.owner}/${spec.repo} at ${spec.ref}`;
}

function snapshotRoot(spec: Pick<GitSpec, 'forge' | 'owner' | 'repo' | 'ref'>, home: string): string {
  return confinePath(confinePath(home, 'packages'), `${spec.forge}+${spec.owner}+${spec.repo}@${spec.ref.replace(/\//g, '+')}`);
}

/** Whether the ref's docs are unpacked already and will not be fetched again: callers trying tag spellings try these first. */
export function isSnapshotKept(spec: Pick<GitSpec, 'forge' | 'owner' | 'repo' | 'ref'>, home: string): boolean {
  return isFixedRef(spec.ref) && existsSync(confinePath(snapshotRoot(spec, home), '.vdocs-complete'));
}

/**
 * The repository's docs at `ref`, unpacked under `<home>/packages/`. A ref the forge does not have
 * answers VERSION_NOT_FOUND (callers trying tag spellings catch it); other failures are typed too.
 */
export async function fetchRepository(spec: Pick<GitSpec, 'forge' | 'owner' | 'repo' | 'ref'>, home: string, policy: FetchPolicy = DEFAULT_FETCH_POLICY): Promise<RepositorySnapshot> {
  const forge = FORGES[spec.forge];
  const where = repositoryWhere(spec);
  const root = snapshotRoot(spec, home);
  if (isSnapshotKept(spec, home)) return { root, where, skipped: [] };
  // Loaded here: spec parsing and `where` are needed at start-up (installed packages), the tar reader is not.
  const [{ fetchUrl }, { ARCHIVE_LIMITS, unpackDocs }] = await Promise.all([import('../../net/fetch-url.js'), import('./unpack-docs.js')]);
  // An archive holds the repository's code too: its own size and time bounds, not a page's.
  const archivePolicy: FetchPolicy = { ...policy, maxBytes: Math.max(policy.maxBytes, 256 * 1024 * 1024), timeoutMs: Math.max(policy.timeoutMs, 120_000) };
  let data: Buffer;
  try {
    data = (await fetchUrl(archiveUrl(spec, policy), archivePolicy, 'application/gzip, application/x-gzip, */*', forge.token(process.env))).body;
  } catch (error) {
    const status = error instanceof DocsError ? error.details.status : undefined;
    if (status === 404) throw new DocsError('VERSION_NOT_FOUND', `${forge.host}/${spec.owner}/${spec.repo} has no ref "${spec.ref}" (or is private: set ${spec.forge.toUpperCase()}_TOKEN).`, { cause: error, details: { status } });
    throw error;
  }
  const unpacked = await unpackDocs(data, root, where, ARCHIVE_LIMITS);
  return { root, where, skipped: unpacked.skipped };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
