// Where a repository keeps its docs at a ref: a monorepo package's own docs folder first
// (`<directory>/docs`, from its package.json `repository`), then the layouts real repositories
// use, most specific first: `docs/content` (npm), `docs/docs` (undici), `docs/src` (eslint), `docs`
// (commander, vite, prettier, next.js), `website/docs`, `apps/docs/content`, `apps/docs`,
// `packages/docs/content` (zod), `packages/docs`, `documentation/docs` (svelte), `documentation`,
// `doc` (ws). A folder counts only when it holds Markdown or MDX pages. The package's own folder is
// not one: its README is what the installed package already has.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { realPathInside, safeRelativePath } from '../../confine-path.js';
import { countPages } from './read-folder.js';

export const REPOSITORY_DOCS_FOLDERS = [
  'docs/content',
  'docs/docs',
  'docs/src',
  'docs',
  'website/docs',
  'apps/docs/content',
  'apps/docs',
  'packages/docs/content',
  'packages/docs',
  'documentation/docs',
  'documentation',
  'doc',
];

/** The folders looked for, in order, for a package at `directory` of its repository (for messages too). */
export function docsFolderCandidates(directory?: string): string[] {
  const own = directory && safeRelativePath(directory.replace(/^\.\/|\/+$/g, ''));
  return [...(own ? [`${own}/docs`] : []), ...REPOSITORY_DOCS_FOLDERS];
}

/** The first candidate folder of the unpacked repository at `root` that holds pages. */
export function findRepositoryDocs(root: string, directory?: string): string | undefined {
  return docsFolderCandidates(directory).find((folder) => {
    const path = realPathInside(root, join(root, folder));
    return path !== undefined && statSync(path).isDirectory() && countPages(path, 6, 1) > 0;
  });
}
