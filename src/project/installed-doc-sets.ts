// A project's own docs: every installed dependency that ships docs (package-docs.ts) is a doc set
// at its installed version, read from node_modules when first needed. One that ships none becomes
// a doc set once a request names it: its repository's docs at the installed version's tag when its
// package.json names a forge repository, else its README. Found again when the project's installs
// change, so the versions served follow `npm install`.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { findReleaseDocs, releaseWhere, type PackageRepository } from '../ingest/sources/release-docs.js';
import type { FetchPolicy } from '../net/fetch-policy.js';
import { listInstalled, type InstalledPackage } from './list-installed.js';
import type { Store } from '../store/store.js';

export interface InstalledDocSet {
  name: string;
  version: string;
  /** `installed:<package folder>`, the source vdocs indexes. */
  source: string;
  /** For a package that ships no docs: the repository whose tag of this version may have them. */
  repository?: PackageRepository;
  /** Pages its docs folder holds (0 for one that ships none): the smallest are indexed first. */
  pages: number;
}

export interface InstalledDocs {
  docSets: InstalledDocSet[];
  /** Installed packages that ship a README and no docs folder, and were not named: doc sets once named. */
  readmeOnly: string[];
}

/**
 * Packages whose own docs folder has pages, and the README-only packages in `named` (a request
 * asked for them by name); the other README-only ones stay out of searches of everything.
 */
export function installedDocSets(projectDir: string, log: (message: string) => void, named: ReadonlySet<string> = new Set()): InstalledDocs {
  let packages: InstalledPackage[];
  try {
    packages = listInstalled(projectDir);
  } catch {
    // Not a project (no package.json): nothing installed to serve.
    return { docSets: [], readmeOnly: [] };
  }
  const docSets: InstalledDocSet[] = [];
  const readmeOnly: string[] = [];
  for (const p of packages) {
    const hasFolder = p.docsFolder !== undefined && p.docsPages > 0;
    const shipsNone = !hasFolder && (p.readme !== undefined || p.repository !== undefined);
    if (hasFolder || (shipsNone && named.has(p.name))) {
      docSets.push({ name: p.name, version: p.version, source: `installed:${p.dir}`, pages: hasFolder ? p.docsPages : 0, ...(!hasFolder && p.repository ? { repository: p.repository } : {}) });
    } else if (shipsNone) readmeOnly.push(p.name);
  }
  if (docSets.length > 0) log(`project ${projectDir}: ${docSets.map((d) => `${d.name}@${d.version}`).join(', ')} ship docs`);
  return { docSets, readmeOnly };
}

/** Changes whenever an install changes what node_modules holds (npm, pnpm and yarn each touch one of these). */
export function installSignature(projectDir: string): string {
  const files = ['package.json', 'package-lock.json', 'pnpm-lock.yaml', 'yarn.lock', 'node_modules/.package-lock.json', 'node_modules/.modules.yaml', 'node_modules/.yarn-state.yml'];
  return files.map((f) => statSync(join(projectDir, f), { throwIfNoEntry: false })?.mtimeMs ?? 0).join(',');
}

/**
 * Indexes the installed doc sets not yet in the store, the smallest first: the first answers of a
 * new project come from what is indexed, and a small set is ready in a fraction of a second. A
 * published version's files are the same in every project, so one indexed from another project's
 * node_modules at that version is reused. `onDone` hears each doc set's name once it is served
 * (at once for those indexed already) or could not be indexed. Returns why each doc set taken
 * from a repository is served (`installed 10.4.0, from github.com/… at v10.4.0`), for the answers
 * to say.
 */
export async function indexInstalled(
  store: Store,
  docSets: InstalledDocSet[],
  home: string,
  log: (message: string) => void,
  policy?: FetchPolicy,
  onDone?: (name: string) => void,
): Promise<Map<string, string>> {
  const reasons = new Map<string, string>();
  const indexed = await store.listDocSets();
  const because = (d: InstalledDocSet, where: string) => reasons.set(d.name, `installed ${d.version}, from ${where}`);
  const missing = docSets.filter((d) => {
    const have = indexed.find((i) => i.name === d.name && i.version === d.version && (i.source.startsWith('installed:') || (d.repository && releaseWhere(i.source))));
    const where = have && releaseWhere(have.source);
    if (where) because(d, where);
    return !have;
  });
  for (const d of docSets) if (!missing.includes(d)) onDone?.(d.name);
  if (missing.length === 0) return reasons;
  const { addDocSet } = await import('../ingest/add-doc-set.js');
  // Ones that ship no docs (README, repository) last: they may need the network.
  const order = [...missing].sort((a, b) => (a.pages || Infinity) - (b.pages || Infinity));
  for (const d of order) {
    try {
      const { source, where } = await installedSource(d, home, policy, (error) => {
        log(`could not find the docs of ${d.name}@${d.version} (it ships none) in its repository: ${error.message} Its README is served instead.`);
      });
      const result = await addDocSet(store, source, { name: `${d.name}@${d.version}`, home, fetchPolicy: policy, onWarning: (m) => log(`${d.name}@${d.version}: ${m}`) });
      if (where) because(d, where);
      log(`indexed ${d.name}@${d.version} from ${where ?? 'node_modules'} (${result.docSet.pageCount} pages)`);
    } catch (error) {
      log(`could not index the installed docs of ${d.name}@${d.version}: ${(error as Error).message}`);
    }
    onDone?.(d.name);
  }
  return reasons;
}

/**
 * Where an installed package's doc set comes from: its repository's docs at the installed tag when
 * it ships none and names a forge repository (`where` says which), else node_modules. A repository
 * without them is told to `onMissing`, and node_modules is used.
 */
export async function installedSource(
  pkg: { name: string; version: string; source: string; repository?: PackageRepository },
  home: string,
  policy: FetchPolicy | undefined,
  onMissing: (error: Error) => void,
): Promise<{ source: string; where?: string }> {
  if (!pkg.repository) return { source: pkg.source };
  const release = await findReleaseDocs({ name: pkg.name, version: pkg.version, repository: pkg.repository }, home, policy).catch((error: Error) => void onMissing(error));
  return release ? { source: release.source, where: release.where } : { source: pkg.source };
}
