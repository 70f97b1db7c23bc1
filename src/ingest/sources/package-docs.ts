// Where an installed or downloaded package keeps its docs, in the order a package's own word
// counts: a folder its AGENTS.md or CLAUDE.md names, an `ai-docs/` folder written for agents,
// `.docs/`, `docs/`, `dist/docs/`, then an `llms-full.txt` or `llms.txt` at its root; else only its
// README and CHANGELOG. Every folder and file must really lie inside the package.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { realPathInside } from '../../confine-path.js';
import { countPages } from './read-folder.js';

export type PackageDocs =
  /** A docs folder: its real path and its name in the package. */
  | { kind: 'folder'; path: string; name: string }
  /** An llms-full.txt (the docs in one file) or an llms.txt (an index of pages) at the root. */
  | { kind: 'llms'; path: string; name: string }
  /** No docs of their own: the README and CHANGELOG. */
  | { kind: 'root' };

const FOLDERS = ['ai-docs', '.docs', 'docs', 'dist/docs'];
const AGENT_FILES = ['AGENTS.md', 'CLAUDE.md'];
const LLMS_FILES = ['llms-full.txt', 'llms.txt'];
const MAX_AGENT_FILE_BYTES = 256 * 1024;

export function findPackageDocs(root: string): PackageDocs {
  const named = folderNamedByAgentFile(root);
  if (named) return named;
  for (const name of FOLDERS) {
    const path = directoryInside(root, name);
    if (path) return { kind: 'folder', path, name };
  }
  for (const name of LLMS_FILES) {
    const path = realPathInside(root, join(root, name));
    if (path && statSync(path).isFile()) return { kind: 'llms', path, name };
  }
  return { kind: 'root' };
}

function directoryInside(root: string, name: string): string | undefined {
  const path = realPathInside(root, join(root, name));
  return path && statSync(path).isDirectory() ? path : undefined;
}

/**
 * A folder of Markdown pages an agent file points to (`node_modules/next/dist/docs/`,
 * `./docs/guides`): paths are taken relative to the package, whatever install prefix they carry.
 */
function folderNamedByAgentFile(root: string): PackageDocs | undefined {
  for (const file of AGENT_FILES) {
    const path = realPathInside(root, join(root, file));
    const info = path ? statSync(path) : undefined;
    if (!path || !info?.isFile() || info.size > MAX_AGENT_FILE_BYTES) continue;
    const text = readFileSync(path, 'utf8');
    for (const match of text.matchAll(/(?:^|[\s`'"(\[])((?:\.\/)?[\w.@-]+(?:\/[\w.@-]+)*\/?)(?=[\s`'")\],.;:]|$)/gm)) {
      const token = match[1];
      // Only what is written as a path: the bare word "docs" in prose names nothing.
      if (!token.includes('/')) continue;
      const relative = token.replace(/^\.\//, '').replace(/^node_modules\/(?:@[\w.-]+\/)?[\w.-]+\//, '').replace(/\/$/, '');
      if (!relative || relative.split('/').includes('..')) continue;
      const path = directoryInside(root, relative);
      if (path && path !== realPathInside(root, root) && countPages(path, 3, 1) > 0) return { kind: 'folder', path, name: relative };
    }
  }
  return undefined;
}
