// A project's own docs: every installed dependency that ships a docs folder (`dist/docs`, `docs/`,
// `.docs/`) is a doc set at its installed version, read from node_modules when first needed.
// Found again when the project's installs change, so the versions served follow `npm install`.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { listInstalled, type InstalledPackage } from './list-installed.js';
import type { Store } from '../store/store.js';

export interface InstalledDocSet {
  name: string;
  version: string;
  /** `installed:<package folder>`, the source vdocs indexes. */
  source: string;
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
    if (hasFolder || (p.readme && named.has(p.name))) docSets.push({ name: p.name, version: p.version, source: `installed:${p.dir}` });
    else if (p.readme) readmeOnly.push(p.name);
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
 * Indexes the installed doc sets not yet in the store. A published version's files are the same in
 * every project, so one indexed from another project's node_modules at that version is reused.
 */
export async function indexInstalled(store: Store, docSets: InstalledDocSet[], home: string, log: (message: string) => void): Promise<void> {
  const indexed = await store.listDocSets();
  const missing = docSets.filter((d) => !indexed.some((i) => i.name === d.name && i.version === d.version && i.source.startsWith('installed:')));
  if (missing.length === 0) return;
  const { addDocSet } = await import('../ingest/add-doc-set.js');
  for (const d of missing) {
    try {
      const result = await addDocSet(store, d.source, { name: `${d.name}@${d.version}`, home, onWarning: (m) => log(`${d.name}@${d.version}: ${m}`) });
      log(`indexed ${d.name}@${d.version} from node_modules (${result.docSet.pageCount} pages)`);
    } catch (error) {
      log(`could not index the installed docs of ${d.name}@${d.version}: ${(error as Error).message}`);
    }
  }
}
