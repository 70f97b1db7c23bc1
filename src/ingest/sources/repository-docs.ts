// Where a repository keeps its docs at a ref: a monorepo package's own docs folder first
// (`<directory>/docs`, from its package.json `repository`), then the layouts real repositories
// use, most specific first: `docs/content` (npm), `docs/docs` (undici), `docs/src` (eslint), `docs`
// (commander, vite, prettier, next.js), `website/docs`, `apps/docs/content`, `apps/docs`,
// `packages/docs/content` (zod), `packages/docs`, `documentation/docs` (svelte), `documentation`,
// `doc` (ws). A folder counts only when it holds Markdown or MDX pages. The package's own folder is
// not one: its README is what the installed package already has.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { realPathInside, safeRelativePath } from '../../confine-path.js';

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
    return path !== undefined && statSync(path).isDirectory() && pageCount(path) > 0;
  });
}

function pageCount(dir: string, depth = 0): number {
  if (depth > 6) return 0;
  let n = 0;
  for (const entry of safeList(dir)) {
    const full = join(dir, entry);
    const info = statSync(full, { throwIfNoEntry: false });
    if (info?.isDirectory()) n += pageCount(full, depth + 1);
    else if (/\.(md|mdx|markdown)$/i.test(entry)) n++;
    if (n > 0) return n;
  }
  return n;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
