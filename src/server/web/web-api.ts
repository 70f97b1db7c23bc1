// The JSON API behind the web page: the same core calls the MCP tools make, for people to see
// what agents see (search results, a page, a version diff), with what an agent would get as
// Markdown beside each. Everything long is paged: a page by parts, a diff by files and by hunks.
import type { ServerResponse } from 'node:http';
import { diffDocSets } from '../../diff/diff-doc-sets.js';
import { unifiedDiff } from '../../diff/diff-pages.js';
import { DocsError, isDocsError } from '../../errors.js';
import { readDoc } from '../../read/read-doc.js';
import { compareVersionsDesc } from '../../search/resolve-doc-sets.js';
import { searchDocs } from '../../search/search-docs.js';
import type { ServerContext } from '../context.js';
import { formatRead, formatSearch } from '../format.js';
import { showMessage, showSource } from '../project-path.js';
import { SECURITY_HEADERS } from '../transports/http-guards.js';
import { renderMarkdown } from './render-markdown.js';

/** Files of a diff listed per request. */
const DIFF_FILES_PER_PAGE = 200;
/** Hunks of one file's diff shown per request. */
const HUNKS_PER_PAGE = 40;

export async function handleWebApi(context: ServerContext, url: URL, res: ServerResponse): Promise<void> {
  const q = (name: string) => url.searchParams.get(name) || undefined;
  const position = (name: string) => Math.max(0, Math.floor(Number(q(name) ?? 0)) || 0);
  try {
    await context.ready();
    switch (url.pathname) {
      case '/api/docsets':
        // By name, newest version first (the page offers a diff from the oldest to the newest).
        const docSets = (await context.store.listDocSets()).sort((a, b) => a.name.localeCompare(b.name) || compareVersionsDesc(a, b));
        return send(res, 200, { docsets: docSets.map(({ id: _id, ...d }) => ({ ...d, source: showSource(context, d.source) })) });
      case '/api/search': {
        const query = q('q') ?? '';
        const result = await searchDocs(context.store, { query, docset: q('docset'), version: q('version'), limit: Math.min(50, Number(q('limit') ?? 10) || 10), policy: context.policy });
        return send(res, 200, {
          docsets: result.docSets.map((d) => ({ name: d.name, version: d.version, reason: d.reason ?? 'latest' })),
          hits: result.hits,
          markdown: formatSearch(query, result),
          ...(result.skipped ? { skipped: result.skipped } : {}),
          ...(result.weak ? { weak: result.weak } : {}),
        });
      }
      case '/api/read': {
        const result = await readDoc(context.store, { path: q('path') ?? '', docset: q('docset'), version: q('version'), cursor: q('cursor'), maxTokens: 50_000, policy: context.policy });
        const { docSet, ...rest } = result;
        if (result.kind === 'directory') return send(res, 200, { docset: docSet.name, version: docSet.version, ...rest });
        const sections = (await context.store.getSections(docSet.id, result.path)).filter((s) => s.kind === 'section' && s.anchor);
        const link = (path: string, anchor?: string) => `?${new URLSearchParams({ docset: docSet.name, version: docSet.version, path })}${anchor ? `#${encodeURIComponent(anchor)}` : ''}`;
        return send(res, 200, {
          docset: docSet.name,
          version: docSet.version,
          kind: result.kind,
          path: result.path,
          title: result.title,
          lines: result.lines,
          totalLines: result.totalLines,
          nextCursor: result.nextCursor,
          html: renderMarkdown(result.text, result.path, result.title, link),
          markdown: formatRead(result),
          sections: sections.map((s) => ({ anchor: s.anchor, heading: s.headingPath.at(-1), level: s.level })),
        });
      }
      case '/api/diff': {
        const diff = await diffDocSets(context.store, { docset: q('docset') ?? '', from: q('from') ?? '', to: q('to') ?? '' });
        const offset = position('offset');
        return send(res, 200, {
          from: diff.from.version,
          to: diff.to.version,
          reversed: diff.reversed,
          added: diff.added,
          removed: diff.removed,
          total: diff.files.length,
          offset,
          files: diff.files.slice(offset, offset + DIFF_FILES_PER_PAGE).map((f) => ({ path: f.path, status: f.status, added: f.added, removed: f.removed })),
        });
      }
      case '/api/diff/file': {
        const path = q('path') ?? '';
        const diff = await diffDocSets(context.store, { docset: q('docset') ?? '', from: q('from') ?? '', to: q('to') ?? '', path });
        const file = diff.files.find((f) => f.path === path);
        if (!file) throw new DocsError('PATH_NOT_FOUND', `${path} did not change between ${diff.from.version} and ${diff.to.version}.`);
        const hunks = splitHunks(unifiedDiff(path, await diff.contentOf(path, 'from'), await diff.contentOf(path, 'to')));
        const page = position('page');
        return send(res, 200, { path, status: file.status, added: file.added, removed: file.removed, total: hunks.length, page, pages: Math.max(1, Math.ceil(hunks.length / HUNKS_PER_PAGE)), hunks: hunks.slice(page * HUNKS_PER_PAGE, (page + 1) * HUNKS_PER_PAGE) });
      }
      default:
        throw new DocsError('PATH_NOT_FOUND', `No such API: ${url.pathname.slice(1)}.`);
    }
  } catch (error) {
    const status = isDocsError(error) ? (error.code.endsWith('NOT_FOUND') ? 404 : 400) : 500;
    send(res, status, { error: { code: isDocsError(error) ? error.code : 'INTERNAL', message: showMessage(context, (error as Error).message) } });
  }
}

/** A unified diff's hunks, each from its `@@` line (the file header lines left out). */
function splitHunks(patch: string): string[] {
  const hunks: string[] = [];
  for (const line of patch.split('\n')) {
    if (line.startsWith('@@')) hunks.push(line);
    else if (hunks.length > 0) hunks[hunks.length - 1] += `\n${line}`;
  }
  return hunks.map((h) => h.replace(/\n+$/, ''));
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...SECURITY_HEADERS });
  res.end(JSON.stringify(body));
}
