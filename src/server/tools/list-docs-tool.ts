// list_docs: a compact tree of a doc set's pages.
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { clampMaxTokens } from '../../text/budget.js';
import { listDocs } from '../../read/list-docs.js';
import type { ServerContext } from '../context.js';
import { formatList } from '../format.js';
import { READ_ONLY } from './annotations.js';
import { runTool, toolInput } from './tool-result.js';

const LIST_DOCS_INPUT = toolInput({
  path: z.string().optional().describe('Folder (default: root)'),
  docset: z.string().optional(),
  version: z.string().optional(),
  cursor: z.string().optional(),
});

export function registerListDocs(server: McpServer, context: ServerContext): RegisteredTool[] {
  const tool = server.registerTool(
    'list_docs',
    {
      description: 'List the pages and folders of a doc set, two levels below the given folder, one line each.',
      inputSchema: LIST_DOCS_INPUT,
      annotations: READ_ONLY,
    },
    async (args, request) => {
      const maxTokens = clampMaxTokens(undefined);
      return runTool(context, maxTokens, async () => formatList(await listDocs(context.store, { ...args, maxTokens, policy: context.policy })), { docset: args.docset }, request);
    },
  );
  return [tool];
}
