// list_exports and get_export: a package's API from its type definitions, with the doc sections
// that mention a symbol.
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { ExportCatalog } from '../../exports/export-catalog.js';
import { clampMaxTokens, tokensToChars } from '../../search/budget.js';
import { searchDocs } from '../../search/search-docs.js';
import { paginateBlocks } from '../../read/paginate-blocks.js';
import type { ServerContext } from '../context.js';
import { resolveProjectPath } from '../project-path.js';
import { READ_ONLY } from './annotations.js';
import { runTool, toolInput } from './tool-result.js';

export interface ExportHandlers {
  list(args: { package: string; filter?: string; projectPath?: string; cursor?: string }): Promise<string>;
  get(args: { package: string; name: string; projectPath?: string; includeSource?: boolean }): Promise<string>;
}

export function exportHandlers(context: ServerContext): ExportHandlers {
  let catalog: ExportCatalog | undefined;
  // The TypeScript compiler is loaded on first use only: it would double the server's start-up.
  const getCatalog = async () => (catalog ??= (await import('../../exports/export-catalog.js')).createExportCatalog(context.home));
  const project = (path?: string) => resolveProjectPath(context, path);
  return {
    async list(args) {
      const listing = (await getCatalog()).list(args.package, project(args.projectPath));
      const filter = args.filter?.toLowerCase();
      const shown = listing.exports.filter((e) => !filter || e.name.toLowerCase().includes(filter));
      const byEntry = new Map<string, string[]>();
      for (const e of shown) byEntry.set(e.entry, [...(byEntry.get(e.entry) ?? []), `${e.name} (${e.kind})`]);
      const blocks = [...byEntry].map(([entry, names]) => `${entry}: ${names.join(', ')}`);
      const head = `${listing.name}@${listing.version}: ${shown.length} exports${filter ? ` matching "${args.filter}"` : ''} (get_export for one).${listing.missing.length ? ` Entry points without types: ${listing.missing.length}.` : ''}`;
      return `${head}\n${paginateBlocks(blocks, tokensToChars(clampMaxTokens(undefined)) - head.length - 200, 'exports', args.cursor).text}`;
    },
    async get(args) {
      const { version, details } = (await getCatalog()).get(args.package, args.name, project(args.projectPath), args.includeSource);
      const d = details[0];
      const parts = [
        `${args.name} — ${d.kind} exported by ${details.map((x) => x.entry).join(', ')} (${args.package}@${version}), declared in ${d.file}:${d.line}`,
        '```ts\n' + d.signature + '\n```',
      ];
      if (d.doc) parts.push(d.doc);
      if (d.tags.length) parts.push(d.tags.join('\n'));
      if (d.members.length) parts.push(`Members:\n${d.members.map((m) => `- ${m}`).join('\n')}`);
      if (d.source) parts.push('Implementation:\n```js\n' + d.source + '\n```');
      const mentions = await docsMentioning(context, args.name);
      if (mentions.length) parts.push(`Docs: ${mentions.join(', ')}`);
      return parts.join('\n\n');
    },
  };
}

export function registerExportTools(server: McpServer, context: ServerContext): RegisteredTool[] {
  const handlers = exportHandlers(context);

  const list = server.registerTool(
    'list_exports',
    {
      description: "An installed package's exports from its type definitions, by entry point, with their kinds.",
      inputSchema: toolInput({ package: z.string(), filter: z.string().optional(), projectPath: z.string().optional(), cursor: z.string().optional() }),
      annotations: READ_ONLY,
    },
    async (args) => runTool(context, 2000, () => handlers.list(args)),
  );

  const get = server.registerTool(
    'get_export',
    {
      description: 'One export of an installed package: kind, full signature, JSDoc, members, declaration file and line, and the doc sections that mention it.',
      inputSchema: toolInput({ package: z.string(), name: z.string(), projectPath: z.string().optional(), includeSource: z.boolean().optional() }),
      annotations: READ_ONLY,
    },
    async (args) => runTool(context, 2000, () => handlers.get(args)),
  );
  return [list, get];
}

async function docsMentioning(context: ServerContext, name: string): Promise<string[]> {
  try {
    const result = await searchDocs(context.store, { query: name, limit: 8, maxTokens: 2000, policy: context.policy });
    return result.hits.filter((h) => h.text.includes(name)).slice(0, 4).map((h) => `${h.docset}@${h.version}/${h.path}#${h.anchor}`);
  } catch {
    return [];
  }
}
