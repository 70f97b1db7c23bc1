// Where a package keeps its docs: `.docs/`, `docs/`, `dist/docs/`, else only its root files.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function detectDocsFolder(root: string): { folder: string; rootFilesOnly: boolean } {
  for (const candidate of ['.docs', 'docs', 'dist/docs']) {
    if (existsSync(join(root, candidate))) return { folder: join(root, candidate), rootFilesOnly: false };
  }
  return { folder: root, rootFilesOnly: true };
}
