// list_docsets: what is indexed, with versions, sizes and sources.
import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { ServerContext } from '../context.js';
import { formatDocSets } from '../format.js';
import { showSource } from '../project-path.js';
import { READ_ONLY } from './annotations.js';
import { runTool } from './tool-result.js';

export function registerListDocSets(server: McpServer, context: ServerContext): void {
  server.registerTool(
    'list_docsets',
    {
      title: 'List doc sets',
      description: 'List the indexed doc sets with their versions, page counts and sources.',
      inputSchema: z.object({}),
      annotations: READ_ONLY,
    },
    async () => runTool(context, 2000, async () => formatDocSets(await context.store.listDocSets(), (s) => showSource(context, s))),
  );
}
