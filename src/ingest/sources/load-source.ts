// Turns a source spec (folder, npm:pkg@range#sub, llms.txt file or URL) into the files of a doc set.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { confinePath, safeRelativePath } from '../../confine-path.js';
import { DocsError } from '../../errors.js';
import type { SourceFiles, SourceSpec } from '../../model.js';
import { gitCanonical, parseGitSpec, refVersion } from './git-archive.js';
import { findPackageDocs } from './package-docs.js';
import { findRepositoryDocs } from './repository-docs.js';
import { readFolder, readPage } from './read-folder.js';
import type { FetchPolicy } from '../../net/fetch-policy.js';
import { readLlmsTxt } from './read-llms-txt.js';
import { parseRegistrySpec } from '../../npm/package-spec.js';

export interface LoadedSource extends SourceFiles {
  /** Name to use when the user gives none. */
  defaultName: string;
  /** Canonical spec stored with the doc set (npm ranges resolved to the exact version). */
  canonical: string;
  offline?: boolean;
}

export function parseSourceSpec(raw: string): SourceSpec {
  const text = raw.trim();
  if (!text) throw new DocsError('SOURCE_INVALID', 'The source is empty. Give a folder, npm:<package>@<version>[#subfolder], or an llms.txt file or URL.');
  if (text.startsWith('npm:')) {
    const body = text.slice(4);
    const hash = body.indexOf('#');
    const spec = hash === -1 ? body : body.slice(0, hash);
    const subfolder = hash === -1 ? undefined : body.slice(hash + 1).replace(/^\/+|\/+$/g, '');
    // Only registry specs: npm:x@http://… or npm:x@file:… never reach the network or the disk.
    parseRegistrySpec(spec);
    if (subfolder && !safeRelativePath(subfolder)) throw new DocsError('INVALID_ARGUMENT', `The subfolder "${subfolder}" is not a plain relative path inside the package.`);
    return { kind: 'npm', spec, subfolder: subfolder || undefined };
  }
  const git = parseGitSpec(text);
  if (git) return git;
  if (text.startsWith('installed:')) return { kind: 'installed', path: resolve(text.slice('installed:'.length)) };
  if (/llms(-full)?\.txt$/i.test(text.split(/[?#]/)[0])) return { kind: 'llms', location: text };
  if (/^https?:\/\//i.test(text)) return { kind: 'site', url: text };
  return { kind: 'folder', path: resolve(text) };
}

export async function loadSource(spec: SourceSpec, home: string, fetchPolicy?: FetchPolicy): Promise<LoadedSource> {
  switch (spec.kind) {
    case 'folder': {
      const files = await readFolder(spec.path);
      return { ...files, version: packageVersion(spec.path), defaultName: basename(spec.path), canonical: spec.path };
    }
    case 'llms': {
      const files = await readLlmsTxt(spec.location, fetchPolicy);
      const url = /^https?:/i.test(spec.location) ? new URL(spec.location) : undefined;
      return { ...files, defaultName: url ? url.hostname : basename(resolve(spec.location, '..')), canonical: url ? url.href : resolve(spec.location) };
    }
    case 'site': {
      const { readSite } = await import('./read-site.js');
      const site = await readSite(spec.url, fetchPolicy, undefined, home);
      const url = new URL(spec.url);
      return { files: site.files, warnings: site.warnings, defaultName: url.hostname, canonical: url.href };
    }
    case 'installed': {
      const read = await readPackageDocs(spec.path);
      const manifest = readPackageJson(spec.path);
      return {
        files: read.files,
        warnings: read.warnings,
        version: manifest?.version,
        packageName: manifest?.name,
        defaultName: manifest?.name ?? basename(spec.path),
        canonical: `installed:${spec.path}`,
      };
    }
    case 'git': {
      const { fetchRepository } = await import('./git-archive.js');
      const snapshot = await fetchRepository(spec, home, fetchPolicy);
      const folder = spec.subfolder ?? findRepositoryDocs(snapshot.root);
      if (folder && !existsSync(confinePath(snapshot.root, folder))) {
        throw new DocsError('SOURCE_INVALID', `${snapshot.where} has no Markdown under "${folder}".${listFolders(snapshot.root)}`);
      }
      const read = await readFolder(folder ? confinePath(snapshot.root, folder) : snapshot.root);
      return {
        files: read.files,
        warnings: [...snapshot.skipped.map((s) => `${s}: skipped`), ...read.warnings],
        version: refVersion(spec.ref),
        defaultName: spec.repo,
        canonical: gitCanonical(spec),
      };
    }
    case 'npm': {
      // Loaded on demand: npm's client libraries are heavy and most runs never need them.
      const { fetchNpmPackage } = await import('../../npm/fetch-npm-package.js');
      const pkg = await fetchNpmPackage(spec.spec, home);
      let read: SourceFiles;
      if (spec.subfolder) {
        const folder = confinePath(pkg.root, spec.subfolder);
        if (!existsSync(folder)) throw new DocsError('SOURCE_INVALID', `${pkg.name}@${pkg.version} has no folder "${spec.subfolder}".`);
        read = await readFolder(folder);
      } else {
        read = await readPackageDocs(pkg.root);
      }
      return {
        files: read.files,
        warnings: read.warnings,
        version: pkg.version,
        packageName: pkg.name,
        defaultName: pkg.name,
        canonical: `npm:${pkg.name}@${pkg.version}${spec.subfolder ? `#${spec.subfolder}` : ''}`,
        offline: pkg.offline,
      };
    }
  }
}

/** A package's docs where it keeps them (package-docs.ts): a folder, an llms file, else README and CHANGELOG. */
async function readPackageDocs(root: string): Promise<SourceFiles> {
  const docs = findPackageDocs(root);
  if (docs.kind === 'folder') return readFolder(docs.path);
  if (docs.kind === 'llms') {
    if (docs.name === 'llms.txt') {
      // An index of the package's own pages; one that links only elsewhere is read as a page itself.
      const pages = await readLlmsTxt(docs.path).catch(() => undefined);
      if (pages && pages.files.length > 0) return pages;
    }
    const page = await readPage(dirname(docs.path), docs.path, docs.name.replace(/\.txt$/, '.md'), []);
    if (page) return { files: [page], warnings: [] };
  }
  const read = await readFolder(root);
  return { files: read.files.filter((f) => /^(readme|changelog|history)[^/]*$/i.test(f.path)), warnings: read.warnings };
}

/** ` Folders with pages: a, b.` for an error that names a folder the snapshot lacks. */
function listFolders(root: string): string {
  const folders = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).slice(0, 12);
  return folders.length ? ` Folders with pages: ${folders.join(', ')}.` : ' It has no Markdown pages at all.';
}

function readPackageJson(dir: string): { name?: string; version?: string } | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
  } catch {
    return undefined;
  }
}

function packageVersion(folder: string): string | undefined {
  for (const dir of [folder, join(folder, '..')]) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    try {
      const version = (JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown }).version;
      if (typeof version === 'string' && version) return version;
    } catch {
      // An unreadable package.json only means no version is known.
    }
  }
  return undefined;
}
