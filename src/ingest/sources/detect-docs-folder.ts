// Where a package keeps its docs: `.docs/`, `docs/`, `dist/docs/`, else only its root files. A
// docs folder must really lie inside the package: a symlink to a folder elsewhere is not its docs.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { realPathInside } from '../../confine-path.js';

export const DOCS_FOLDERS = ['.docs', 'docs', 'dist/docs'];

/** The package's docs folder (its real path, and its name in the package), if it has one. */
export function findDocsFolder(root: string): { folder: string; name: string } | undefined {
  for (const name of DOCS_FOLDERS) {
    const folder = realPathInside(root, join(root, name));
    if (folder && statSync(folder).isDirectory()) return { folder, name };
  }
  return undefined;
}

export function detectDocsFolder(root: string): { folder: string; rootFilesOnly: boolean } {
  const found = findDocsFolder(root);
  return found ? { folder: found.folder, rootFilesOnly: false } : { folder: root, rootFilesOnly: true };
}
