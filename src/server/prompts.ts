// MCP prompts: an upgrade walk-through and a migration checklist, built on vdocs' own tools.
import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';

export function registerPrompts(server: McpServer): void {
  server.registerPrompt(
    'upgrade',
    {
      title: 'Upgrade a library',
      description: 'Walk an upgrade from the installed version to a target using the migration guides and the version diff.',
      argsSchema: z.object({ docset: z.string().describe('Doc set of the library'), to: z.string().optional().describe('Target version (default: newest indexed)') }),
    },
    ({ docset, to }) => ({
      messages: [
        {
          role: 'user' as const,
          content: {
            type: 'text' as const,
            text: [
              `Help me upgrade ${docset}${to ? ` to ${to}` : ' to its newest indexed version'}.`,
              `1. Call list_docsets to see the versions of ${docset}; search_docs answers name the version installed in this project.`,
              `2. Call migration_guides with docset "${docset}" and read the guides that cover the versions between.`,
              `3. Call changes_since for the package with the installed version to list breaking changes.`,
              `4. Call diff_docs for ${docset} from the installed version to ${to ?? 'the newest'} with a query for each API this project uses, to see what changed in its docs.`,
              '5. Then list the code changes this project needs, file by file, and the order to make them in.',
            ].join('\n'),
          },
        },
      ],
    }),
  );
  server.registerPrompt(
    'migration-checklist',
    {
      title: 'Migration checklist',
      description: 'A checklist of the breaking changes in a doc set\'s migration guides.',
      argsSchema: z.object({ docset: z.string().describe('Doc set of the library') }),
    },
    ({ docset }) => ({
      messages: [
        {
          role: 'user' as const,
          content: {
            type: 'text' as const,
            text: `Call migration_guides for "${docset}", list each guide's sections, fetch the ones about breaking or changed behaviour, and turn them into a checklist: one line per change, with the guide section it comes from (path#anchor).`,
          },
        },
      ],
    }),
  );
}
