// The JSON API behind the web page: the same core calls the MCP tools make, for people to see
// what agents see (search results, a page, a version diff).
import type { ServerResponse } from 'node:http';
import { diffDocSets } from '../../diff/diff-doc-sets.js';
import { unifiedDiff } from '../../diff/diff-pages.js';
import { DocsError, isDocsError } from '../../errors.js';
import { readDoc } from '../../read/read-doc.js';
import { searchDocs } from '../../search/search-docs.js';
import type { ServerContext } from '../context.js';
import { showMessage, showSource } from '../project-path.js';
import { SECURITY_HEADERS } from '../transports/http-guards.js';

const MAX_DIFF_FILES = 200;

export async function handleWebApi(context: ServerContext, url: URL, res: ServerResponse): Promise<void> {
  const q = (name: string) => url.searchParams.get(name) || undefined;
  try {
    await context.ready();
    switch (url.pathname) {
      case '/api/docsets':
        return send(res, 200, { docsets: (await context.store.listDocSets()).map(({ id: _id, ...d }) => ({ ...d, source: showSource(context, d.source) })) });
      case '/api/search': {
        const result = await searchDocs(context.store, { query: q('q') ?? '', docset: q('docset'), version: q('version'), limit: Number(q('limit') ?? 10), policy: context.policy });
        return send(res, 200, { docsets: result.docSets.map((d) => `${d.name}@${d.version}`), hits: result.hits, ...(result.skipped ? { skipped: result.skipped } : {}), ...(result.weak ? { weak: result.weak } : {}) });
      }
      case '/api/read': {
        const result = await readDoc(context.store, { path: q('path') ?? '', docset: q('docset'), version: q('version'), section: q('section'), maxTokens: 50_000, policy: context.policy });
        const { docSet, ...rest } = result;
        const sections = result.kind === 'page' ? (await context.store.getSections(docSet.id, result.path)).filter((s) => s.kind === 'section' && s.anchor) : [];
        return send(res, 200, { docset: docSet.name, version: docSet.version, ...rest, sections: sections.map((s) => ({ anchor: s.anchor, heading: s.headingPath.at(-1), level: s.level })) });
      }
      case '/api/diff': {
        const diff = await diffDocSets(context.store, { docset: q('docset') ?? '', from: q('from') ?? '', to: q('to') ?? '', path: q('path'), query: q('q') });
        const files = [];
        for (const f of diff.files.slice(0, MAX_DIFF_FILES)) files.push({ ...f, patch: unifiedDiff(f.path, await diff.contentOf(f.path, 'from'), await diff.contentOf(f.path, 'to')) });
        return send(res, 200, { from: diff.from.version, to: diff.to.version, reversed: diff.reversed, added: diff.added, removed: diff.removed, total: diff.files.length, files });
      }
      default:
        throw new DocsError('PATH_NOT_FOUND', `No such API: ${url.pathname.slice(1)}.`);
    }
  } catch (error) {
    const status = isDocsError(error) ? (error.code.endsWith('NOT_FOUND') ? 404 : 400) : 500;
    send(res, status, { error: { code: isDocsError(error) ? error.code : 'INTERNAL', message: showMessage(context, (error as Error).message) } });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...SECURITY_HEADERS });
  res.end(JSON.stringify(body));
}
