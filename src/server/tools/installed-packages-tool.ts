// installed_packages: a project's dependencies as installed, and the docs each ships.
import { statSync } from 'node:fs';
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { DocsError } from '../../errors.js';
import { listInstalled } from '../../project/list-installed.js';
import type { ServerContext } from '../context.js';
import { resolveProjectPath, showPath } from '../project-path.js';
import { READ_ONLY } from './annotations.js';
import { runTool, toolInput } from './tool-result.js';

const INSTALLED_PACKAGES_INPUT = toolInput({ projectPath: z.string().optional().describe('Project folder (default: the server\'s)') });

export function registerInstalledPackages(server: McpServer, context: ServerContext): RegisteredTool[] {
  const tool = server.registerTool(
    'installed_packages',
    {
      description: "The project's dependencies with their installed versions and the docs each ships (README, CHANGELOG, docs folder, types).",
      inputSchema: INSTALLED_PACKAGES_INPUT,
      annotations: READ_ONLY,
    },
    async (args) =>
      runTool(context, 2000, async () => {
        const dir = resolveProjectPath(context, args.projectPath);
        if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new DocsError('INVALID_ARGUMENT', `projectPath ${showPath(context, dir)} is not an existing folder.`);
        const packages = listInstalled(dir);
        if (packages.length === 0) return `No installed dependencies found in ${showPath(context, dir)} (run npm install first).`;
        const lines = packages.map((p) => {
          const docs = [p.docsFolder && `${p.docsFolder}${p.docsFolder.endsWith('.txt') ? '' : '/'} (${p.docsPages} pages)`, p.readme, p.changelog, p.types && `types ${p.types}`].filter(Boolean).join(', ');
          return `${p.name}@${p.version}${p.dev ? ' (dev)' : ''}: ${docs || 'no docs'}`;
        });
        return `${packages.length} packages installed in ${showPath(context, dir)}. Index their docs, version-matched: vdocs add project:${showPath(context, dir)}\n${lines.join('\n')}`;
      }),
  );
  return [tool];
}
