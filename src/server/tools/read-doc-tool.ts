// read_doc: a page, one section, or a folder listing; long pages continue with a cursor.
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { ensureVersion } from '../../ingest/version-on-demand.js';
import { clampMaxTokens } from '../../text/budget.js';
import { splitDocSetName } from '../../search/resolve-doc-sets.js';
import { readDoc } from '../../read/read-doc.js';
import type { ServerContext } from '../context.js';
import { formatRead } from '../format.js';
import { READ_ONLY } from './annotations.js';
import { runTool, toolInput } from './tool-result.js';

const READ_DOC_INPUT = toolInput({
  path: z.string().describe('Page path, e.g. docs/agents/overview.md; "page.md#anchor" selects a section'),
  docset: z.string().optional(),
  version: z.string().optional(),
  section: z.string().optional().describe('Section anchor or heading'),
  maxTokens: z.number().optional(),
  cursor: z.string().optional(),
});

export function registerReadDoc(server: McpServer, context: ServerContext): RegisteredTool[] {
  const tool = server.registerTool(
    'read_doc',
    {
      description: 'Read a page (or one section of it) by its path, as search_docs and list_docs show it. A folder path lists its entries; long pages continue with the returned cursor.',
      inputSchema: READ_DOC_INPUT,
      annotations: READ_ONLY,
    },
    async (args, request) => {
      const maxTokens = clampMaxTokens(args.maxTokens);
      return runTool(
        context,
        maxTokens,
        async (progress) => {
          if (args.docset && args.version) await ensureVersion(context.store, splitDocSetName(args.docset).name, args.version, { home: context.home, fetchPolicy: context.fetchPolicy, onProgress: progress });
          return formatRead(await readDoc(context.store, { ...args, maxTokens, policy: context.policy }));
        },
        { docset: args.docset },
        request,
      );
    },
  );
  return [tool];
}
