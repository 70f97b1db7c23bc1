// Versions on demand: a request for a version of a doc set that is not indexed, when the doc set
// comes from a registry package (`npm:pkg@1.2.3#docs`) or a repository tag, indexes that version
// from the same kind of source first. Only exact versions are fetched, and only through registry
// specs and configured forges: a request cannot name a source, only a version of one already known.
import semver from 'semver';
import { DocsError } from '../errors.js';
import type { FetchPolicy } from '../net/fetch-policy.js';
import { compareVersionsDesc } from '../search/resolve-doc-sets.js';
import type { Store } from '../store/store.js';
import { gitCanonical, parseGitSpec } from './sources/git-archive.js';

export interface OnDemandOptions {
  home: string;
  fetchPolicy?: FetchPolicy;
  onProgress?: (message: string, done?: number, total?: number) => void;
}

/** The source of `version` of a doc set, from the source of a version already indexed; undefined when it cannot be had. */
export function sourceForVersion(knownSource: string, version: string): string | undefined {
  if (semver.valid(version) !== version) return undefined;
  const npm = /^npm:((?:@[^/@]+\/)?[^@#]+)@[^#]+(#.*)?$/.exec(knownSource);
  if (npm) return `npm:${npm[1]}@${version}${npm[2] ?? ''}`;
  const git = parseGitSpec(knownSource);
  if (!git) return undefined;
  // The tag spelled as the known one is: `v1.2.3`, `1.2.3` or `name@1.2.3`.
  const prefix = /^(.*?)\d+\.\d+\.\d+.*$/.exec(git.ref)?.[1];
  return prefix === undefined ? undefined : gitCanonical({ ...git, ref: `${prefix}${version}` });
}

/**
 * Makes sure `name@version` is indexed when it can be: does nothing when it is (or the name is
 * unknown, or the version is a range); indexes it from its package or repository otherwise.
 * Throws VERSION_NOT_FOUND saying how to add it when the doc set's source has no versions.
 */
export async function ensureVersion(store: Store, name: string, version: string, options: OnDemandOptions): Promise<void> {
  const versions = (await store.listDocSets()).filter((d) => d.name === name).sort(compareVersionsDesc);
  if (versions.length === 0 || versions.some((d) => d.version === version) || semver.valid(version) !== version) return;
  const known = versions.find((d) => sourceForVersion(d.source, version));
  const source = known && sourceForVersion(known.source, version);
  if (!source) {
    throw new DocsError('VERSION_NOT_FOUND', `${name}@${version} is not indexed, and ${name} comes from ${versions[0].source.startsWith('installed:') ? 'a project\'s node_modules' : 'a source without versions'}. Add it with: vdocs add <source of ${version}> --name ${name}@${version}. Indexed: ${versions.map((d) => d.version).join(', ')}.`);
  }
  const { addDocSet } = await import('./add-doc-set.js');
  options.onProgress?.(`indexing ${name}@${version} from ${source}`);
  await addDocSet(store, source, {
    name: `${name}@${version}`,
    home: options.home,
    fetchPolicy: options.fetchPolicy,
    onProgress: (step, done, total) => options.onProgress?.(`indexing ${name}@${version}: ${step}${step === 'parse' && total > 1 ? ` ${done} of ${total}` : ''}`, step === 'parse' ? done : undefined, step === 'parse' ? total : undefined),
  });
}
