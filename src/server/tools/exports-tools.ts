// list_exports and get_export: a package's API from its type definitions, with the doc sections
// that mention a symbol.
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { ExportCatalog } from '../../exports/export-catalog.js';
import type { ExportDetail } from '../../exports/package-api.js';
import { clampMaxTokens, tokensToChars } from '../../text/budget.js';
import { searchDocs } from '../../search/search-docs.js';
import { paginateBlocks } from '../../read/paginate-blocks.js';
import type { ServerContext } from '../context.js';
import { resolveProjectPath } from '../project-path.js';
import { READ_ONLY } from './annotations.js';
import { runTool, toolInput } from './tool-result.js';

export interface ExportHandlers {
  list(args: { package: string; filter?: string; projectPath?: string; cursor?: string }): Promise<string>;
  get(args: { package: string; name: string; projectPath?: string; includeSource?: boolean; cursor?: string; maxTokens?: number }): Promise<string>;
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
      for (const e of shown) {
        const names = byEntry.get(e.entry) ?? byEntry.set(e.entry, []).get(e.entry)!;
        names.push(`${e.name} (${e.kind})`);
      }
      const blocks = [...byEntry].map(([entry, names]) => `${entry}: ${names.join(', ')}`);
      for (const [entry, packages] of Object.entries(listing.reexports ?? {})) blocks.push(`${entry} also re-exports everything from ${packages.join(', ')} (list_exports of that package).`);
      const head = `${listing.name}@${listing.version}: ${shown.length} exports${filter ? ` matching "${args.filter}"` : ''} (get_export for one).${listing.missing.length ? ` Entry points without types: ${listing.missing.length}.` : ''}`;
      return `${head}\n${paginateBlocks(blocks, tokensToChars(clampMaxTokens(undefined)) - head.length - 200, 'exports', args.cursor).text}`;
    },
    async get(args) {
      const { version, detail: d } = (await getCatalog()).get(args.package, args.name, project(args.projectPath), args.includeSource);
      const mentions = await docsMentioning(context, args.name);
      const head = `${args.package}@${version}`;
      const budget = tokensToChars(clampMaxTokens(args.maxTokens)) - 200;
      return paginateBlocks(exportBlocks(d, head, mentions, args.includeSource), budget, 'export', args.cursor).text;
    },
  };
}

const LIST_EXPORTS_INPUT = toolInput({ package: z.string(), filter: z.string().optional(), projectPath: z.string().optional(), cursor: z.string().optional() });
const GET_EXPORT_INPUT = toolInput({
  package: z.string(),
  name: z.string().max(200),
  projectPath: z.string().optional(),
  includeSource: z.boolean().optional(),
  cursor: z.string().optional(),
  maxTokens: z.number().int().optional(),
});

export function registerExportTools(server: McpServer, context: ServerContext): RegisteredTool[] {
  const handlers = exportHandlers(context);

  const list = server.registerTool(
    'list_exports',
    {
      description: "An installed package's exports from its type definitions, by entry point, with their kinds.",
      inputSchema: LIST_EXPORTS_INPUT,
      annotations: READ_ONLY,
    },
    // Exports come from node_modules: no need to wait for doc sets being indexed.
    async (args) => runTool(context, 2000, () => handlers.list(args), false),
  );

  const get = server.registerTool(
    'get_export',
    {
      description: 'One export of an installed package, or one member (`Agent.generate`): declaration, JSDoc, members, file and line, the doc sections that mention it; includeSource adds the implementation.',
      inputSchema: GET_EXPORT_INPUT,
      annotations: READ_ONLY,
    },
    async (args) => runTool(context, clampMaxTokens(args.maxTokens), () => handlers.get(args), false),
  );
  return [list, get];
}

const CODE_LINES_PER_PART = 60;

/** The answer as blocks the cursor pages through: long declarations and sources in line chunks. */
function exportBlocks(d: ExportDetail, head: string, mentions: string[], includeSource?: boolean): string[] {
  if (d.external) return [`${d.name} is re-exported from ${d.external}: ask get_export about that package.`];
  const where = `${d.kind}${d.inheritedFrom ? ` inherited from ${d.inheritedFrom}` : ''}`;
  const blocks = [`${d.name} — ${where}, exported by ${d.entries.join(', ')} (${head}), declared in ${d.file}:${d.line}`];
  blocks.push(...codeParts(d.signature, 'ts'));
  if (d.doc) blocks.push(d.doc);
  if (d.tags.length) blocks.push(d.tags.join('\n'));
  if (d.members.length) blocks.push(`Members (${d.members.length}; ask for ${d.name}.<member> for one):`, ...d.members.map((m) => `- ${m}`));
  if (d.uses.length) blocks.push(`Types it uses: ${d.uses.join(', ')}`);
  if (includeSource) {
    if (d.source) blocks.push(`Implementation (${d.source.file}:${d.source.line}):`, ...codeParts(d.source.text, 'js'));
    else blocks.push('Implementation: not found in the JavaScript this package ships (no ES module entry leads to it).');
  }
  if (mentions.length) blocks.push(`Docs: ${mentions.join(', ')}`);
  return blocks;
}

function codeParts(text: string, lang: string): string[] {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i += CODE_LINES_PER_PART) out.push('```' + lang + '\n' + lines.slice(i, i + CODE_LINES_PER_PART).join('\n') + '\n```');
  return out;
}

/** Doc sections naming the export, from what is indexed now (an extra: never waits for indexing). */
async function docsMentioning(context: ServerContext, name: string): Promise<string[]> {
  try {
    const result = await searchDocs(context.store, { query: name.replace(/\./g, ' '), limit: 8, maxTokens: 2000, policy: context.policy });
    const last = name.split('.').at(-1)!;
    return result.hits.filter((h) => h.text.includes(last)).slice(0, 4).map((h) => `${h.docset}@${h.version}/${h.path}#${h.anchor}`);
  } catch {
    return [];
  }
}
