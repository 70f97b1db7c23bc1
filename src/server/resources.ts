// MCP resources: every page as docs://<docset>@<version>/<path>, listed in pages of 200 and readable whole.
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/server';
import { DocsError } from '../errors.js';
import { decodeCursor, encodeCursor } from '../read/cursor.js';
import { cleanDocPath } from '../read/doc-path.js';
import type { ServerContext } from './context.js';

const PAGE_SIZE = 200;

export function pageUri(docset: string, version: string, path: string): string {
  return `docs://${encodeURIComponent(`${docset}@${version}`)}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

export function parsePageUri(uri: string): { docset: string; version: string; path: string } {
  const match = /^docs:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match) throw new DocsError('INVALID_ARGUMENT', `"${uri}" is not a docs:// resource URI.`);
  const id = decodeURIComponent(match[1]);
  const at = id.lastIndexOf('@');
  if (at <= 0) throw new DocsError('INVALID_ARGUMENT', `"${uri}" does not name a doc set as name@version.`);
  const path = cleanDocPath(match[2].split('/').map(decodeURIComponent).join('/'));
  return { docset: id.slice(0, at), version: id.slice(at + 1), path };
}

export function registerResources(server: McpServer, context: ServerContext): void {
  server.registerResource(
    'doc-page',
    new ResourceTemplate('docs://{docset}/{+path}', { list: undefined }),
    { title: 'Documentation page', mimeType: 'text/markdown' },
    async (uri) => {
      await context.ready();
      const { docset, version, path } = parsePageUri(uri.href);
      const docSet = (await context.store.listDocSets()).find((d) => d.name === docset && d.version === version);
      if (!docSet) throw new DocsError('DOC_SET_NOT_FOUND', `No doc set ${docset}@${version}.`);
      const page = await context.store.getPage(docSet.id, path);
      if (!page) throw new DocsError('PATH_NOT_FOUND', `No page ${path} in ${docset}@${version}.`);
      return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text: page.content }] };
    },
  );
  // The SDK's template listing has no cursor; this handler pages through every doc set's pages.
  server.server.setRequestHandler('resources/list', async (request) => {
    await context.ready();
    const offset = request.params?.cursor ? decodeCursor('resources', request.params.cursor, { o: 'position' }).o : 0;
    const resources: Array<{ uri: string; name: string; title: string; mimeType: string }> = [];
    let index = 0;
    let more = false;
    for (const docSet of await context.store.listDocSets()) {
      const pages = await context.store.listPages(docSet.id);
      if (index + pages.length <= offset) {
        index += pages.length;
        continue;
      }
      for (const page of pages) {
        if (index++ < offset) continue;
        if (resources.length === PAGE_SIZE) {
          more = true;
          break;
        }
        resources.push({ uri: pageUri(docSet.name, docSet.version, page.path), name: `${docSet.name}@${docSet.version}/${page.path}`, title: page.title, mimeType: 'text/markdown' });
      }
      if (more) break;
    }
    return more ? { resources, nextCursor: encodeCursor('resources', { o: offset + PAGE_SIZE }) } : { resources };
  });
}
