// Which stored doc sets a request means: by name (and exact version or semver range), or the
// default version of every doc set. Unknown names and versions fail with the nearest choices.
import semver from 'semver';
import { DocsError } from '../errors.js';
import type { Store, StoredDocSet } from '../store/store.js';

/** The version a doc set should be served at when a request names none, and why. */
export interface VersionPreference {
  version: string;
  reason: 'installed' | 'pinned';
  /** Shown with the answer, e.g. other installed versions in a monorepo. */
  note?: string;
  /** The whole reason when `reason` alone says too little (a release chosen for an installed library). */
  why?: string;
}

export type VersionPolicy = ReadonlyMap<string, VersionPreference>;

export interface DocSetSelector {
  docset?: string;
  version?: string;
  policy?: VersionPolicy;
}

/** `name@version` → its parts; a scoped name (`@scope/pkg`) keeps its leading `@`. */
export function splitDocSetName(text: string): { name: string; version?: string } {
  const at = text.lastIndexOf('@');
  if (at > 0) return { name: text.slice(0, at), version: text.slice(at + 1) || undefined };
  return { name: text };
}

/** Newest first: highest semver, then non-semver versions by indexing time. */
export function compareVersionsDesc(a: StoredDocSet, b: StoredDocSet): number {
  const va = semver.valid(a.version);
  const vb = semver.valid(b.version);
  if (va && vb) return semver.rcompare(va, vb);
  if (va) return -1;
  if (vb) return 1;
  return b.indexedAt.localeCompare(a.indexedAt);
}

export async function resolveDocSets(store: Store, selector: DocSetSelector): Promise<StoredDocSet[]> {
  const all = await store.listDocSets();
  let name = selector.docset?.trim();
  let version = selector.version?.trim();
  if (name && !version) ({ name, version } = splitDocSetName(name));
  if (!name) {
    if (all.length === 0) throw new DocsError('DOC_SET_NOT_FOUND', 'No doc set is indexed yet. Add one with `vdocs add <folder | npm:package@version | llms.txt>`.');
    const byName = groupByName(inScope(all, selector.policy));
    if (!version) return [...byName.values()].map((versions) => defaultVersion(versions, selector.policy));
    const picked = [...byName.values()].map((versions) => pickVersion(versions, version!)).filter((d): d is StoredDocSet => d !== undefined);
    if (picked.length === 0) throw versionError(all, version);
    return picked.map((d) => ({ ...d, reason: 'requested' }));
  }
  const versions = groupByName(all).get(name);
  if (!versions) {
    const names = [...new Set(all.map((d) => d.name))];
    const near = nearest(name, names);
    throw new DocsError('DOC_SET_NOT_FOUND', `No doc set named "${name}".${near.length ? ` Did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : ''} Available: ${names.join(', ') || 'none'}.`, {
      details: { available: names },
    });
  }
  if (!version) return [defaultVersion(versions, selector.policy)];
  const picked = pickVersion(versions, version);
  if (!picked) throw versionError(versions, version);
  return [{ ...picked, reason: 'requested' }];
}

/**
 * What a search naming no doc set covers: everything, except docs indexed from another project's
 * node_modules for a package this project does not have (they are served only when named).
 */
function inScope(all: StoredDocSet[], policy: VersionPolicy | undefined): StoredDocSet[] {
  const projectBound = new Set(all.filter((d) => d.source.startsWith('installed:')).map((d) => d.name));
  for (const d of all) if (!d.source.startsWith('installed:')) projectBound.delete(d.name);
  const out = all.filter((d) => !projectBound.has(d.name) || policy?.has(d.name));
  return out.length > 0 ? out : all;
}

/**
 * The version served when none is asked for: the installed or pinned one when indexed; when it is
 * not, the nearest indexed version, saying so (never a silent substitute); else the newest.
 */
function defaultVersion(versions: StoredDocSet[], policy: VersionPolicy | undefined): StoredDocSet {
  const preference = policy?.get(versions[0].name);
  if (!preference) return { ...versions[0], reason: 'latest' };
  const note = preference.note ? `; ${preference.note}` : '';
  const exact = versions.find((d) => d.version === preference.version);
  if (exact) return { ...exact, reason: `${preference.why ?? preference.reason}${note}` };
  const nearestVersion = closestVersion(versions, preference.version);
  return { ...nearestVersion, reason: `${preference.reason} version ${preference.version} is not indexed; nearest available${note}` };
}

function closestVersion(versions: StoredDocSet[], wanted: string): StoredDocSet {
  const target = semver.valid(wanted);
  if (!target) return versions[0];
  const distance = (v: string) => {
    const parsed = semver.parse(v);
    const t = semver.parse(target)!;
    if (!parsed) return Number.MAX_SAFE_INTEGER;
    return Math.abs(parsed.major - t.major) * 1e8 + Math.abs(parsed.minor - t.minor) * 1e4 + Math.abs(parsed.patch - t.patch);
  };
  return [...versions].sort((a, b) => distance(a.version) - distance(b.version))[0];
}

function groupByName(all: StoredDocSet[]): Map<string, StoredDocSet[]> {
  const map = new Map<string, StoredDocSet[]>();
  for (const d of all) map.set(d.name, [...(map.get(d.name) ?? []), d]);
  for (const list of map.values()) list.sort(compareVersionsDesc);
  return map;
}

function pickVersion(versions: StoredDocSet[], wanted: string): StoredDocSet | undefined {
  const exact = versions.find((d) => d.version === wanted);
  if (exact) return exact;
  if (wanted === 'latest') return versions[0];
  const range = semver.validRange(wanted);
  if (!range) return undefined;
  return versions.find((d) => semver.valid(d.version) && semver.satisfies(d.version, range));
}

function versionError(versions: StoredDocSet[], wanted: string): DocsError {
  const available = versions.map((d) => `${d.name}@${d.version}`);
  return new DocsError('VERSION_NOT_FOUND', `No indexed version matches "${wanted}". Available: ${available.join(', ')}.`, { details: { available } });
}

/** Up to three candidates closest to `wanted` by edit distance (or containing it). */
export function nearest(wanted: string, candidates: string[], count = 3): string[] {
  const w = wanted.toLowerCase();
  return candidates
    .map((c) => ({ c, d: c.toLowerCase().includes(w) || w.includes(c.toLowerCase()) ? 0 : editDistance(w, c.toLowerCase()) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(w.length / 3)))
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, count)
    .map((x) => x.c);
}

export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
