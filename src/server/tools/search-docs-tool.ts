// search_docs: ranked sections for a question, within a token budget.
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { clampMaxTokens } from '../../text/budget.js';
import { searchDocs } from '../../search/search-docs.js';
import type { ServerContext } from '../context.js';
import { formatSearch } from '../format.js';
import { READ_ONLY } from './annotations.js';
import { runTool, toolInput } from './tool-result.js';

const SEARCH_DOCS_INPUT = toolInput({
  query: z.string().describe('Question or keywords'),
  docset: z.string().optional().describe('Doc set name (list_docsets); default: all'),
  version: z.string().optional().describe('Exact version or semver range'),
  limit: z.number().optional().describe('Max results (default 5)'),
  maxTokens: z.number().optional().describe('Answer budget (default 2000)'),
  kind: z.enum(['docs', 'code']).optional().describe('code: code examples first'),
});

export function registerSearchDocs(server: McpServer, context: ServerContext): RegisteredTool[] {
  const tool = server.registerTool(
    'search_docs',
    {
      description: 'Search the indexed documentation and get the best-matching sections, ranked, with excerpts. Ask in plain words or with exact API names.',
      inputSchema: SEARCH_DOCS_INPUT,
      annotations: READ_ONLY,
    },
    async (args, request) => {
      const maxTokens = clampMaxTokens(args.maxTokens);
      return runTool(context, maxTokens, async () => {
        const cache = context.searchCache;
        const key = cache ? JSON.stringify([args, maxTokens, (await context.store.listDocSets()).map((d) => d.id)]) : '';
        const cached = cache?.get(key);
        if (cached) return cached;
        const text = formatSearch(args.query, await searchDocs(context.store, { ...args, maxTokens, policy: context.policy }));
        cache?.set(key, text);
        return text;
      }, { docset: args.docset }, request);
    },
  );
  return [tool];
}
