// Builds one MCP server instance with vdocs' tools and resources over a shared context.
import { McpServer } from '@modelcontextprotocol/server';
import type { ServerContext } from './context.js';
import { registerResources } from './resources.js';
import { registerChangesSince } from './tools/changes-since-tool.js';
import { registerDiffDocs } from './tools/diff-docs-tool.js';
import { registerListDocs } from './tools/list-docs-tool.js';
import { registerMigrationGuides } from './tools/migration-guides-tool.js';
import { registerPrompts } from './prompts.js';
import { registerListDocSets } from './tools/list-docsets-tool.js';
import { registerReadDoc } from './tools/read-doc-tool.js';
import { registerSearchDocs } from './tools/search-docs-tool.js';

export const SERVER_VERSION = '0.1.0';

const INSTRUCTIONS =
  'Documentation for the libraries this project uses. search_docs finds the sections that answer a question; read_doc reads a page or section; every answer names the doc set and version it came from.';

export function createServer(context: ServerContext): McpServer {
  const server = new McpServer(
    { name: 'vdocs', version: SERVER_VERSION },
    { capabilities: { tools: {}, resources: {}, prompts: {} }, instructions: INSTRUCTIONS },
  );
  registerSearchDocs(server, context);
  registerReadDoc(server, context);
  registerListDocs(server, context);
  registerListDocSets(server, context);
  registerDiffDocs(server, context);
  registerChangesSince(server, context);
  registerMigrationGuides(server, context);
  registerPrompts(server);
  registerResources(server, context);
  return server;
}
