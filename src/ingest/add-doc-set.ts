// The indexing pipeline: load a source, skip it when unchanged, parse and analyse, write atomically.
import { safeRelativePath } from '../confine-path.js';
import { DocsError } from '../errors.js';
import type { FetchPolicy } from '../net/fetch-policy.js';
import { splitDocSetName } from '../search/resolve-doc-sets.js';
import type { Store, StoredDocSet } from '../store/store.js';
import { hashFiles, indexFilesYielding, pageKeys } from './index-files.js';
import { loadSource, parseSourceSpec } from './sources/load-source.js';

export interface AddOptions {
  /** `name` or `name@version`; defaults come from the source. */
  name?: string;
  home: string;
  /** 'load': resolving the source; 'fetch': reading or downloading it; then 'parse' and 'write'. */
  onProgress?: (phase: 'load' | 'fetch' | 'parse' | 'write', done: number, total: number) => void;
  onWarning?: (message: string) => void;
  /** How URLs (llms.txt pages) may be fetched; default: public addresses only, default limits. */
  fetchPolicy?: FetchPolicy;
}

export interface AddResult {
  docSet: StoredDocSet;
  /** False when the stored index already matched the source. */
  changed: boolean;
  warnings: string[];
  offline: boolean;
}

const NAME = /^[\w@./-]{1,100}$/;

export async function addDocSet(store: Store, sourceText: string, options: AddOptions): Promise<AddResult> {
  const spec = parseSourceSpec(sourceText);
  const requested = options.name ? splitDocSetName(options.name) : undefined;
  options.onProgress?.('load', 0, 1);
  if (spec.kind === 'npm') {
    // A published version never changes: when it is indexed already, nothing needs reading.
    const { resolveNpmPackage } = await import('../npm/fetch-npm-package.js');
    const pkg = await resolveNpmPackage(spec.spec, options.home);
    const canonical = `npm:${pkg.name}@${pkg.version}${spec.subfolder ? `#${spec.subfolder}` : ''}`;
    const name = requested?.name ?? pkg.name;
    const version = requested?.version ?? pkg.version;
    const existing = (await store.listDocSets()).find((d) => d.name === name && d.version === version && d.source === canonical);
    if (existing) return { docSet: existing, changed: false, warnings: [], offline: pkg.offline };
  }
  if (spec.kind === 'git') {
    // A version tag's (or a commit's) docs never change: indexed once from the same spec, nothing is fetched.
    const { gitCanonical, isFixedRef, refVersion } = await import('./sources/git-archive.js');
    const existing = (await store.listDocSets()).find((d) => d.name === (requested?.name ?? spec.repo) && d.version === (requested?.version ?? refVersion(spec.ref)) && d.source === gitCanonical(spec));
    if (existing && isFixedRef(spec.ref)) return { docSet: existing, changed: false, warnings: [], offline: false };
  }
  options.onProgress?.('fetch', 0, 1);
  const source = await loadSource(spec, options.home, options.fetchPolicy);
  const name = requested?.name ?? source.defaultName;
  const version = requested?.version ?? source.version ?? 'local';
  if (!NAME.test(name) || !NAME.test(version) || [name, version].some((part) => part.split('/').some((s) => s === '.' || s === '..'))) {
    throw new DocsError('INVALID_ARGUMENT', `"${name}@${version}" is not a valid doc set name: use letters, digits and . _ - / @.`);
  }
  // Every source's page paths are stored and later printed (diffs, patches): plain relative paths only.
  const unsafe = source.files.filter((f) => !safeRelativePath(f.path));
  if (unsafe.length > 0) {
    source.files = source.files.filter((f) => safeRelativePath(f.path));
    source.warnings.push(...unsafe.map((f) => `${JSON.stringify(f.path.slice(0, 200))}: skipped (not a plain relative page path)`));
  }
  // A page path is a key: a source naming one twice keeps the first (a raw UNIQUE error otherwise).
  const paths = new Set<string>();
  source.files = source.files.filter((f) => {
    if (!paths.has(f.path)) return paths.add(f.path);
    source.warnings.push(`${f.path}: skipped (the source names this page twice)`);
    return false;
  });
  if (source.files.length === 0) {
    throw new DocsError('SOURCE_INVALID', `${sourceText} has no Markdown pages (.md, .mdx).${source.warnings.length ? ` ${source.warnings.length} files were skipped.` : ''}`, {
      details: { warnings: source.warnings },
    });
  }
  for (const warning of source.warnings) options.onWarning?.(warning);

  const sourceHash = hashFiles(source.files);
  const existing = (await store.listDocSets()).find((d) => d.name === name && d.version === version);
  if (existing && existing.sourceHash === sourceHash) {
    return { docSet: existing, changed: false, warnings: source.warnings, offline: source.offline ?? false };
  }
  // Pages another version of this library already stored are reused, not parsed again.
  const keys = pageKeys(source.files);
  const known = await store.knownPages(name, keys.keys);
  const write = async (reuse: typeof known) => {
    const indexed = await indexFilesYielding(source.files, reuse.pages, (done, total) => options.onProgress?.('parse', done, total), keys, store.takesCountedPostings);
    options.onProgress?.('write', 0, 1);
    const outcome = await store.writeDocSet({
      name, version, source: source.canonical, sourceHash, pages: indexed.pages, secondary: indexed.secondary, sectionCount: indexed.sectionCount, segment: reuse.segment, postings: indexed.postings,
    });
    return { outcome, indexed };
  };
  let done = await write(known);
  // What the reuse counted on changed meanwhile (another process removed a version that stored a
  // page, or the segment would not stay compact): parse everything, for a new segment.
  if (done.outcome.reparse !== undefined) done = await write({ pages: new Map() });
  const { outcome, indexed } = done;
  if (!outcome.docSet) throw new DocsError('STORE_FAILED', `Indexing ${name}@${version} failed: ${outcome.reparse}.`);
  const docSet = outcome.docSet;
  for (const warning of indexed.warnings) options.onWarning?.(warning);
  options.onProgress?.('write', 1, 1);
  return { docSet, changed: true, warnings: [...source.warnings, ...indexed.warnings], offline: source.offline ?? false };
}
