// Which project folder a tool may look at, and how server paths are shown. Local clients (stdio)
// may name any folder; remote clients (HTTP) only folders inside the roots given with --project,
// and they never see the server's absolute paths.
import { basename, relative, resolve } from 'node:path';
import { isInside, realPathInside } from '../confine-path.js';
import { DocsError } from '../errors.js';
import type { ServerContext } from './context.js';

export function resolveProjectPath(context: ServerContext, projectPath: string | undefined): string {
  const dir = resolve(context.projectDir, projectPath ?? '.');
  if (!context.remote || projectPath === undefined) return dir;
  const roots = context.projectRoots ?? [context.projectDir];
  // Checked on real paths: a symlink inside a root (an `npm link`ed package) may point anywhere.
  for (const root of roots) {
    const real = realPathInside(resolve(root), dir);
    if (real) return real;
  }
  throw new DocsError('INVALID_ARGUMENT', `projectPath is limited to the server's project folders over HTTP (${roots.length} allowed; start the server with --project <dir> to allow more). Omit projectPath to use the server's project.`);
}

/** A server path as a client may see it: as is for local clients, relative to a project root (or its last segment) for remote ones. */
export function showPath(context: ServerContext, path: string): string {
  if (!context.remote) return path;
  for (const root of context.projectRoots ?? [context.projectDir]) {
    if (isInside(resolve(root), path)) return relative(resolve(root), path) || '.';
  }
  return basename(path);
}

/**
 * An error text as a client may see it: remote clients get no server paths (each shown as by
 * showPath) and no URLs (registry, feeds, sources: the server's configuration, not theirs).
 */
export function showMessage(context: ServerContext, text: string): string {
  if (!context.remote) return text;
  return text
    .replace(/\b[a-z][a-z+.-]*:\/\/[^\s'"`<>)\]]*[^\s'"`<>)\].,;:]/gi, '[url]')
    .replace(/(^|[\s'"`(=])(\/[^\s'"`,;()]*[^\s'"`,;().:])/g, (_, before: string, path: string) => `${before}${showPath(context, path)}`);
}

/** A doc set's source without server paths for remote clients: npm specs and URLs as they are, folders by name. */
export function showSource(context: Pick<ServerContext, 'remote'>, source: string): string {
  if (!context.remote || /^(npm:|https?:)/.test(source)) return source;
  if (source.startsWith('installed:')) {
    const dir = source.slice('installed:'.length);
    const at = dir.lastIndexOf('node_modules/');
    return `installed:${at === -1 ? basename(dir) : dir.slice(at + 'node_modules/'.length)}`;
  }
  return `folder:${basename(source)}`;
}
