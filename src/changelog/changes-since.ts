// What changed in a package after a version: its CHANGELOG.md from an indexed doc set, else from
// the package's newest tarball on the registry (or, when that ships none, its repository at that
// release's tag, else an older tarball's), else from the copy installed in the project.
import { realpath } from 'node:fs/promises';
import semver from 'semver';
import { confinePath } from '../confine-path.js';
import { DocsError } from '../errors.js';
import { checkPackageName } from '../npm/package-spec.js';
import { readConfinedFile } from '../ingest/sources/read-folder.js';
import { paginateBlocks } from '../read/paginate-blocks.js';
import { clampMaxTokens, tokensToChars } from '../text/budget.js';
import type { FetchPolicy } from '../net/fetch-policy.js';
import type { Store } from '../store/store.js';
import { entriesBetween, parseChangelog, type ChangelogEntry } from './parse-changelog.js';
import { registryChangelog } from './registry-changelog.js';

export interface ChangesOptions {
  package: string;
  since: string;
  to?: string;
  home: string;
  /** How a repository's changelog may be fetched (forges, private network). */
  fetchPolicy?: FetchPolicy;
  projectDir?: string;
  maxTokens?: number;
  cursor?: string;
}

export interface ChangesResult {
  text: string;
  entries: ChangelogEntry[];
  from: string;
  nextCursor?: string;
}

const CHANGELOG = /(^|\/)CHANGELOG\.md$/i;
const MAX_CHANGELOG_BYTES = 16 * 1024 * 1024;

export async function changesSince(store: Store, options: ChangesOptions): Promise<ChangesResult> {
  // A name only: anything else (x@http://…, file:…, git specs) is refused before any lookup.
  checkPackageName(options.package);
  if (!semver.valid(options.since)) throw new DocsError('INVALID_ARGUMENT', `"${options.since}" is not a version like 1.2.3.`);
  if (options.to && !semver.valid(options.to)) throw new DocsError('INVALID_ARGUMENT', `"${options.to}" is not a version like 1.2.3.`);
  const found = await findChangelog(store, options);
  const all = parseChangelog(found.text);
  if (all.length === 0) throw new DocsError('SOURCE_INVALID', `The changelog in ${found.from} has no version headings vdocs can read.`);
  const entries = entriesBetween(all, options.since, options.to);
  const newest = all.map((e) => e.version).sort(semver.rcompare)[0];
  const head = `Changes in ${options.package} after ${options.since}${options.to ? ` up to ${options.to}` : ''}: ${entries.length} versions (from ${found.from}; newest listed ${newest}).`;
  const beyond = semver.gte(options.since, newest) ? ` The changelog ends at ${newest}: versions after it are not described in it.` : '';
  if (entries.length === 0) return { text: `${head}\nNothing newer is listed.${beyond}`, entries, from: found.from };

  const blocks: string[] = [];
  const breaking = entries.filter((e) => e.breaking.length > 0);
  if (breaking.length > 0) blocks.push(`## Breaking changes\n${breaking.map((e) => `### ${e.version}\n${e.breaking.join('\n')}`).join('\n')}`);
  for (const e of entries) blocks.push(`## ${e.version}${e.date ? ` (${e.date})` : ''}\n${e.body}`);

  const page = paginateBlocks(blocks, tokensToChars(clampMaxTokens(options.maxTokens)) - head.length - 200, 'changes', options.cursor, '\n\n');
  return { text: `${head}\n\n${page.text}`, entries, from: found.from, nextCursor: page.nextCursor };
}

async function findChangelog(store: Store, options: ChangesOptions): Promise<{ text: string; from: string }> {
  const docSets = (await store.listDocSets()).filter((d) => d.name === options.package || d.source.startsWith(`npm:${options.package}@`));
  docSets.sort((a, b) => (semver.valid(a.version) && semver.valid(b.version) ? semver.rcompare(a.version, b.version) : 0));
  for (const docSet of docSets) {
    const page = (await store.listPages(docSet.id)).find((p) => CHANGELOG.test(p.path));
    if (page) return { text: (await store.getPage(docSet.id, page.path))!.content, from: `${docSet.name}@${docSet.version}/${page.path}` };
  }
  const registryError = await registryChangelog(options.package, options.home, options.fetchPolicy).catch((error: unknown) => error as Error);
  if (!(registryError instanceof Error)) return registryError;
  if (options.projectDir) {
    const text = await readChangelog(confinePath(options.projectDir, 'node_modules', options.package), 'CHANGELOG.md');
    if (text !== undefined) return { text, from: `the installed copy (node_modules/${options.package}/CHANGELOG.md)` };
  }
  throw new DocsError('SOURCE_UNREADABLE', `No changelog found for ${options.package}: no doc set has a CHANGELOG.md, and the registry answered: ${registryError.message}`, {
    cause: registryError,
  });
}

/** A package's changelog file: a regular file inside the package, within the size limit, else undefined. */
async function readChangelog(root: string, name: string): Promise<string | undefined> {
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    return undefined;
  }
  const bytes = await readConfinedFile(realRoot, confinePath(realRoot, name), MAX_CHANGELOG_BYTES);
  return typeof bytes === 'string' ? undefined : bytes.toString('utf8');
}
