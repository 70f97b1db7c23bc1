// Where a repository keeps its docs at a ref: a monorepo package's own folder first (`directory`
// of its package.json `repository`), then the layouts real repositories use, in order of how
// specific they are: `docs/content` (npm), `docs/docs` (Docusaurus sites beside the code),
// `docs/src`, `docs`, `website/docs`, `apps/docs/content`, `apps/docs`, `documentation/docs`,
// `documentation`, `doc`. A folder counts only when it holds Markdown or MDX pages.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { realPathInside, safeRelativePath } from '../../confine-path.js';

export const REPOSITORY_DOCS_FOLDERS = ['docs/content', 'docs/docs', 'docs/src', 'docs', 'website/docs', 'apps/docs/content', 'apps/docs', 'documentation/docs', 'documentation', 'doc'];

/** The folders looked for, in order, for a package at `directory` of its repository (for messages too). */
export function docsFolderCandidates(directory?: string): string[] {
  const own = directory && safeRelativePath(directory.replace(/^\.\/|\/+$/g, ''));
  return [...(own ? [`${own}/docs`, own] : []), ...REPOSITORY_DOCS_FOLDERS];
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
