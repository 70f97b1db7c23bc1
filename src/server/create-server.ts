// Builds one MCP server instance with vdocs' tools and resources over a shared context.
import { McpServer } from '@modelcontextprotocol/server';
import type { ServerContext } from './context.js';
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

export const TOOL_NAMES = ['search_docs', 'read_doc', 'list_docs', 'list_docsets', 'diff_docs', 'changes_since', 'migration_guides', 'installed_packages', 'exports', 'course', 'news'] as const;

const REGISTER: Record<(typeof TOOL_NAMES)[number], (server: McpServer, context: ServerContext) => void> = {
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
  // The five course_* tools, offered together.
  course: registerCourseTools,
  news: registerNews,
};

/** `tools` limits the tools offered (every tool costs context tokens in each conversation). */
export function createServer(context: ServerContext, tools: readonly string[] = TOOL_NAMES): McpServer {
  const server = new McpServer(
    { name: 'vdocs', version: SERVER_VERSION },
    { capabilities: { tools: {}, resources: {}, prompts: {} }, instructions: INSTRUCTIONS },
  );
  for (const name of TOOL_NAMES) if (tools.includes(name)) REGISTER[name](server, context);
  if (context.compat === 'mastra') registerMastraCompat(server, context);
  registerResources(server, context);
  registerPrompts(server);
  return server;
}
