// `serve --compat mastra`: the tool names of @mastra/mcp-docs-server, mapped onto vdocs, so agent
// prompts written for that server keep working. Off by default: every tool costs context tokens.
import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { listInstalled } from '../../project/list-installed.js';
import { migrationGuides } from '../../read/migration-guides.js';
import { listDocs } from '../../read/list-docs.js';
import { readDoc } from '../../read/read-doc.js';
import { resolveDocSets } from '../../search/resolve-doc-sets.js';
import { searchDocs } from '../../search/search-docs.js';
import type { ServerContext } from '../context.js';
import { resolveProjectPath } from '../project-path.js';
import { describeDocSet, formatList, formatRead, formatSearch } from '../format.js';
import { READ_ONLY } from './annotations.js';
import { courseHandlers } from './course-tools.js';
import { exportHandlers } from './exports-tools.js';
import { formatMigration } from './migration-guides-tool.js';
import { runTool, toolInput } from './tool-result.js';

const DOCSET = 'mastra';
const project = z.string().optional();

const MASTRA_DOCS_INPUT = toolInput({ paths: z.array(z.string()).min(1), queryKeywords: z.array(z.string()).optional() });
const MASTRA_MIGRATION_INPUT = toolInput({ path: z.string().optional(), sections: z.array(z.string()).optional(), listSections: z.boolean().optional(), queryKeywords: z.array(z.string()).optional() });
const SEARCH_MASTRA_DOCS_INPUT = toolInput({ query: z.string(), package: z.string().optional(), maxResults: z.number().int().min(1).max(20).optional(), projectPath: project });
const READ_MASTRA_DOCS_INPUT = toolInput({ package: z.string(), topic: z.string().optional(), file: z.string().optional(), projectPath: project });
const GET_MASTRA_HELP_INPUT = toolInput({ projectPath: project });
const GET_MASTRA_EXPORTS_INPUT = toolInput({ package: z.string(), filter: z.string().optional(), projectPath: project });
const GET_MASTRA_EXPORT_DETAILS_INPUT = toolInput({ package: z.string(), exportName: z.string(), includeImplementation: z.boolean().optional(), projectPath: project });
const LIST_MASTRA_PACKAGES_INPUT = toolInput({ projectPath: project });
const START_MASTRA_COURSE_INPUT = toolInput({ email: z.string().optional() });
const START_MASTRA_COURSE_LESSON_INPUT = toolInput({ lessonName: z.string() });
const NEXT_MASTRA_COURSE_STEP_INPUT = toolInput({});
const GET_MASTRA_COURSE_STATUS_INPUT = toolInput({});
const CLEAR_MASTRA_COURSE_HISTORY_INPUT = toolInput({ confirm: z.boolean().optional() });

export function registerMastraCompat(server: McpServer, context: ServerContext): void {
  const exports = exportHandlers(context);
  const course = courseHandlers(context);
  const selector = { docset: DOCSET, policy: context.policy };
  const installedMastra = (projectPath: string | undefined) => listInstalled(resolveProjectPath(context, projectPath)).filter((p) => p.name.startsWith('@mastra/'));

  server.registerTool(
    'mastraDocs',
    { description: 'Mastra docs by path (pages, sections or folders), plus search by keywords. Same as vdocs read_doc and search_docs.', inputSchema: MASTRA_DOCS_INPUT, annotations: READ_ONLY },
    async (args) =>
      runTool(context, 2000, async () => {
        const parts: string[] = [];
        for (const path of args.paths) {
          try {
            parts.push(formatRead(await readDoc(context.store, { ...selector, path: path.replace(/^\/+/, '') || '.', maxTokens: Math.floor(1500 / args.paths.length) })));
          } catch (error) {
            parts.push((error as Error).message);
          }
        }
        if (args.queryKeywords?.length) {
          const query = args.queryKeywords.join(' ');
          parts.push(formatSearch(query, await searchDocs(context.store, { ...selector, query, limit: 3, maxTokens: 600 })));
        }
        return parts.join('\n\n---\n\n');
      }, { docset: DOCSET }),
  );
  server.registerTool(
    'mastraMigration',
    { description: 'Mastra migration guides: browse, list sections, fetch sections, search. Same as vdocs migration_guides.', inputSchema: MASTRA_MIGRATION_INPUT, annotations: READ_ONLY },
    async (args) =>
      runTool(context, 2000, async () =>
        formatMigration(await migrationGuides(context.store, { ...selector, path: args.path, sections: args.sections, listSections: args.listSections, query: args.queryKeywords?.join(' ') })),
      { docset: DOCSET }),
  );
  server.registerTool(
    'searchMastraDocs',
    { description: 'Search the Mastra docs. Same as vdocs search_docs.', inputSchema: SEARCH_MASTRA_DOCS_INPUT, annotations: READ_ONLY },
    async (args) =>
      runTool(context, 2000, async () => {
        // A package whose own docs are indexed (installed, or added) is searched alone; else the Mastra docs.
        const named = args.package && (await context.store.listDocSets()).some((d) => d.name === args.package) ? args.package : undefined;
        return formatSearch(args.query, await searchDocs(context.store, { docset: named ?? DOCSET, policy: context.policy, query: args.query, limit: args.maxResults ?? 5 }));
      }, { docset: args.package ?? DOCSET }),
  );
  server.registerTool(
    'readMastraDocs',
    {
      description: "An installed @mastra package's own docs (dist/docs): its topics, a topic's files, or one file. Same as vdocs list_docs and read_doc with the package as doc set.",
      inputSchema: READ_MASTRA_DOCS_INPUT,
      annotations: READ_ONLY,
    },
    async (args) =>
      runTool(context, 2000, async () => {
        // Pages are looked up in the index, never on disk: a topic or file name cannot leave the package's docs.
        const path = [args.topic, args.file].filter(Boolean).join('/').replace(/^\/+/, '');
        const docs = { docset: args.package, policy: context.policy };
        if (!args.file) return formatList(await listDocs(context.store, { ...docs, path }));
        return formatRead(await readDoc(context.store, { ...docs, path: /\.mdx?$/.test(path) ? path : `${path}.md`, maxTokens: 2000 }));
      }),
  );
  server.registerTool(
    'getMastraHelp',
    { description: 'Where to start: the Mastra docs and packages this project has, and which tool answers what.', inputSchema: GET_MASTRA_HELP_INPUT, annotations: READ_ONLY },
    async (args) =>
      runTool(context, 1500, async () => {
        const packages = installedMastra(args.projectPath);
        const served = await resolveDocSets(context.store, { policy: context.policy }).catch(() => []);
        return [
          `Mastra docs served: ${served.filter((d) => d.name === DOCSET || d.name.startsWith('@mastra/')).map(describeDocSet).join(', ') || 'none yet'}.`,
          `Installed @mastra packages: ${packages.map((p) => `${p.name}@${p.version}${p.docsFolder ? ' (own docs)' : ''}`).join(', ') || 'none'}.`,
          '',
          '- searchMastraDocs(query, package?): ranked sections that answer a question (also search_docs).',
          '- mastraDocs(paths, queryKeywords?): read pages, sections (page.md#anchor) or folders of the Mastra docs.',
          '- readMastraDocs(package, topic?, file?): an installed package\'s own docs, at its installed version.',
          '- mastraMigration(path?, sections?, listSections?, queryKeywords?): migration guides, e.g. path "upgrade-to-v1/agent".',
          '- getMastraExports(package) / getMastraExportDetails(package, exportName): the API of an installed package.',
          '- startMastraCourse and the course tools: the interactive course, progress kept locally.',
        ].join('\n');
      }),
  );
  server.registerTool(
    'getMastraExports',
    { description: "An installed @mastra package's exports. Same as vdocs list_exports.", inputSchema: GET_MASTRA_EXPORTS_INPUT, annotations: READ_ONLY },
    // As list_exports and get_export: exports come from node_modules, not from indexed doc sets.
    async (args) => runTool(context, 2000, () => exports.list(args), false),
  );
  server.registerTool(
    'getMastraExportDetails',
    { description: 'One export of an installed @mastra package. Same as vdocs get_export.', inputSchema: GET_MASTRA_EXPORT_DETAILS_INPUT, annotations: READ_ONLY },
    async (args) => runTool(context, 2000, () => exports.get({ package: args.package, name: args.exportName, includeSource: args.includeImplementation, projectPath: args.projectPath }), false),
  );
  server.registerTool(
    'listMastraPackages',
    { description: 'The @mastra packages installed in the project, with their versions and docs.', inputSchema: LIST_MASTRA_PACKAGES_INPUT, annotations: READ_ONLY },
    async (args) =>
      runTool(context, 2000, async () => {
        const packages = installedMastra(args.projectPath);
        return packages.length ? packages.map((p) => `${p.name}@${p.version}${p.docsFolder ? ` (docs: ${p.docsFolder}/, ${p.docsPages} pages)` : ''}`).join('\n') : 'No @mastra packages are installed in this project.';
      }),
  );
  const writes = { readOnlyHint: false, destructiveHint: false, openWorldHint: false } as const;
  server.registerTool('startMastraCourse', { description: 'Start or resume the Mastra course (local progress; no e-mail needed).', inputSchema: START_MASTRA_COURSE_INPUT, annotations: writes }, async () => runTool(context, 3000, () => course.start(DOCSET)));
  server.registerTool('startMastraCourseLesson', { description: 'Jump to a Mastra course lesson.', inputSchema: START_MASTRA_COURSE_LESSON_INPUT, annotations: writes }, async (args) => runTool(context, 3000, () => course.lesson(args.lessonName, DOCSET)));
  server.registerTool('nextMastraCourseStep', { description: 'Next Mastra course step.', inputSchema: NEXT_MASTRA_COURSE_STEP_INPUT, annotations: writes }, async () => runTool(context, 3000, () => course.next(DOCSET)));
  server.registerTool('getMastraCourseStatus', { description: 'Mastra course progress.', inputSchema: GET_MASTRA_COURSE_STATUS_INPUT, annotations: READ_ONLY }, async () => runTool(context, 2000, () => course.status(DOCSET)));
  server.registerTool('clearMastraCourseHistory', { description: 'Delete Mastra course progress (confirm: true).', inputSchema: CLEAR_MASTRA_COURSE_HISTORY_INPUT, annotations: { readOnlyHint: false, destructiveHint: true, openWorldHint: false } }, async (args) =>
    runTool(context, 500, () => course.reset(args.confirm, DOCSET)),
  );
}
