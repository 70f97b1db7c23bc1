// changes_since: a package's changelog entries after a version, breaking changes first.
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { changesSince } from '../../changelog/changes-since.js';
import { clampMaxTokens } from '../../text/budget.js';
import type { ServerContext } from '../context.js';
import { READ_ONLY } from './annotations.js';
import { runTool, toolInput } from './tool-result.js';

const CHANGES_SINCE_INPUT = toolInput({
  package: z.string().describe('npm package name'),
  version: z.string().describe('The version you have, e.g. 1.2.3'),
  to: z.string().optional(),
  maxTokens: z.number().optional(),
  cursor: z.string().optional(),
});

export function registerChangesSince(server: McpServer, context: ServerContext): RegisteredTool[] {
  const tool = server.registerTool(
    'changes_since',
    {
      description: "A package's changelog entries after a version (up to `to`), newest first, breaking changes first.",
      inputSchema: CHANGES_SINCE_INPUT,
      annotations: { ...READ_ONLY, openWorldHint: true },
    },
    async (args, request) => {
      const maxTokens = clampMaxTokens(args.maxTokens);
      return runTool(context, maxTokens, async () =>
        (await changesSince(context.store, { package: args.package, since: args.version, to: args.to, maxTokens, cursor: args.cursor, home: context.home, projectDir: context.projectDir, fetchPolicy: context.fetchPolicy })).text,
        true,
        request,
      );
    },
  );
  return [tool];
}
