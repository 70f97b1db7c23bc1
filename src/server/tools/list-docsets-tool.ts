// list_docsets: what is indexed, with versions, sizes and sources.
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/server';
import type { ServerContext } from '../context.js';
import { formatDocSets } from '../format.js';
import { showSource } from '../project-path.js';
import { READ_ONLY } from './annotations.js';
import { runTool, toolInput } from './tool-result.js';

const LIST_DOCSETS_INPUT = toolInput({});

export function registerListDocSets(server: McpServer, context: ServerContext): RegisteredTool[] {
  const tool = server.registerTool(
    'list_docsets',
    {
      description: 'List the indexed doc sets with their versions, page counts and sources.',
      inputSchema: LIST_DOCSETS_INPUT,
      annotations: READ_ONLY,
    },
    async () => runTool(context, 2000, async () => formatDocSets(await context.store.listDocSets(), (s) => showSource(context, s))),
  );
  return [tool];
}
