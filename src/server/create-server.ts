// Builds one MCP server instance with vdocs' tools and resources over a shared context.
import { McpServer, type RegisteredTool } from '@modelcontextprotocol/server';
import type { ServerContext } from './context.js';
import { TOOL_GROUPS, type ToolGroup } from './offered-tools.js';
import { registerResources } from './resources.js';
import { registerChangesSince } from './tools/changes-since-tool.js';
import { registerDiffDocs } from './tools/diff-docs-tool.js';
import { registerCourseTools } from './tools/course-tools.js';
import { registerExportTools } from './tools/exports-tools.js';
import { registerInstalledPackages } from './tools/installed-packages-tool.js';
import { registerListDocs } from './tools/list-docs-tool.js';
import { registerMastraCompat } from './tools/mastra-compat-tools.js';
import { registerNews } from './tools/news-tool.js';
import { registerMigrationGuides } from './tools/migration-guides-tool.js';
import { registerPrompts } from './prompts.js';
import { registerListDocSets } from './tools/list-docsets-tool.js';
import { registerReadDoc } from './tools/read-doc-tool.js';
import { registerSearchDocs } from './tools/search-docs-tool.js';

export const SERVER_VERSION = '0.1.0';

const INSTRUCTIONS =
  'Documentation for the libraries this project uses. search_docs finds the sections that answer a question; read_doc reads a page or section; every answer names the doc set and version it came from.';

const REGISTER: Record<ToolGroup, (server: McpServer, context: ServerContext) => RegisteredTool[]> = {
  search_docs: registerSearchDocs,
  read_doc: registerReadDoc,
  list_docs: registerListDocs,
  list_docsets: registerListDocSets,
  diff_docs: registerDiffDocs,
  changes_since: registerChangesSince,
  migration_guides: registerMigrationGuides,
  installed_packages: registerInstalledPackages,
  // list_exports and get_export, offered together.
  exports: registerExportTools,
  course: registerCourseTools,
  news: registerNews,
};

/**
 * Tools are offered as `context.offer` says (every tool costs context tokens in each conversation).
 * A server that lives as long as its connection (`live`: stdio) follows changes to that set; the
 * SDK then tells the client its tool list changed.
 */
export function createServer(context: ServerContext, live = false): McpServer {
  const server = new McpServer(
    { name: 'vdocs', version: SERVER_VERSION },
    { capabilities: { tools: { listChanged: true }, resources: {}, prompts: {} }, instructions: INSTRUCTIONS },
  );
  const registered = new Map<ToolGroup, RegisteredTool[]>();
  for (const name of TOOL_GROUPS) registered.set(name, REGISTER[name](server, context));
  const apply = (groups: ReadonlySet<ToolGroup>) => {
    for (const [name, tools] of registered) {
      for (const tool of tools) {
        if (groups.has(name) && !tool.enabled) tool.enable();
        if (!groups.has(name) && tool.enabled) tool.disable();
      }
    }
  };
  const offer = context.offer;
  if (offer) {
    apply(offer.groups);
    if (live) offer.subscribe(apply);
  }
  if (context.compat === 'mastra') registerMastraCompat(server, context);
  registerResources(server, context);
  registerPrompts(server, context.compat);
  return server;
}
