// diff_docs: what changed between two versions of a doc set, whole or for one path or topic.
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { diffDocSets, renderDiff } from '../../diff/diff-doc-sets.js';
import { ensureVersion } from '../../ingest/version-on-demand.js';
import { clampMaxTokens } from '../../text/budget.js';
import { splitDocSetName } from '../../search/resolve-doc-sets.js';
import type { ServerContext } from '../context.js';
import { READ_ONLY } from './annotations.js';
import { runTool, toolInput } from './tool-result.js';

const DIFF_DOCS_INPUT = toolInput({
  docset: z.string(),
  from: z.string().describe('Older version (exact or range)'),
  to: z.string().describe('Newer version'),
  path: z.string().optional().describe('Limit to a file or folder'),
  query: z.string().optional().describe('Limit to sections about this topic'),
  maxTokens: z.number().optional(),
  cursor: z.string().optional(),
});

export function registerDiffDocs(server: McpServer, context: ServerContext): RegisteredTool[] {
  const tool = server.registerTool(
    'diff_docs',
    {
      description: 'What changed between two versions of a doc set (a version not indexed yet is fetched first when the doc set comes from a package or repository): changed files with line counts, then unified hunks; with query, only the changed sections about that topic.',
      inputSchema: DIFF_DOCS_INPUT,
      annotations: READ_ONLY,
    },
    async (args, request) => {
      const maxTokens = clampMaxTokens(args.maxTokens);
      return runTool(
        context,
        maxTokens,
        async (progress) => {
          // A version not indexed yet, of a doc set from a registry package or a repository, is indexed first.
          const name = splitDocSetName(args.docset).name;
          for (const version of [args.from, args.to]) await ensureVersion(context.store, name, version, { home: context.home, fetchPolicy: context.fetchPolicy, onProgress: progress });
          return (await renderDiff(await diffDocSets(context.store, args), maxTokens, args.cursor)).text;
        },
        { docset: args.docset },
        request,
      );
    },
  );
  return [tool];
}
