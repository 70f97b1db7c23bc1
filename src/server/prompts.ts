// MCP prompts: an upgrade walk-through and a migration checklist, built on vdocs' own tools.
import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';

/** A prompt is one user message: lines of instructions. */
function userPrompt(lines: string[]) {
  return { messages: [{ role: 'user' as const, content: { type: 'text' as const, text: lines.join('\n') } }] };
}

const UPGRADE_ARGS = z.object({ docset: z.string().describe('Doc set of the library'), to: z.string().optional().describe('Target version (default: newest indexed)') });
const MIGRATION_CHECKLIST_ARGS = z.object({ docset: z.string().optional().describe('Doc set of the library (default: every doc set with migration guides)') });
const UPGRADE_TO_V1_ARGS = z.object({ area: z.string().optional().describe('One area, e.g. agent, memory, workflows, tools') });

/** `compat`: also the prompt of @mastra/mcp-docs-server (`upgrade-to-v1`, optional `area`). */
export function registerPrompts(server: McpServer, compat?: 'mastra'): void {
  server.registerPrompt(
    'upgrade',
    {
      title: 'Upgrade a library',
      description: 'Walk an upgrade from the installed version to a target using the migration guides and the version diff.',
      argsSchema: UPGRADE_ARGS,
    },
    ({ docset, to }) =>
      userPrompt([
        `Help me upgrade ${docset}${to ? ` to ${to}` : ' to its newest indexed version'}.`,
        `1. Call list_docsets to see the versions of ${docset}; search_docs answers name the version installed in this project.`,
        `2. Call migration_guides with docset "${docset}" and read the guides that cover the versions between.`,
        `3. Call changes_since for the package with the installed version to list breaking changes.`,
        `4. Call diff_docs for ${docset} from the installed version to ${to ?? 'the newest'} with a query for each API this project uses, to see what changed in its docs.`,
        '5. Then list the code changes this project needs, file by file, and the order to make them in.',
      ]),
  );
  server.registerPrompt(
    'migration-checklist',
    {
      title: 'Migration checklist',
      description: 'A checklist of the breaking changes in a doc set\'s migration guides.',
      argsSchema: MIGRATION_CHECKLIST_ARGS,
    },
    ({ docset }) =>
      userPrompt([
        `Call migration_guides${docset ? ` for "${docset}"` : ' (every doc set with migration guides)'}, list each guide's sections, fetch the ones about breaking or changed behaviour, and turn them into a checklist: one line per change, with the guide section it comes from (path#anchor).`,
      ]),
  );
  if (compat !== 'mastra') return;
  server.registerPrompt(
    'upgrade-to-v1',
    {
      title: 'Upgrade Mastra to v1',
      description: 'Walk a Mastra upgrade to v1 with the upgrade-to-v1 migration guides (one area or all).',
      argsSchema: UPGRADE_TO_V1_ARGS,
    },
    ({ area }) =>
      userPrompt([
        `Help me upgrade this project to Mastra v1${area ? `, for ${area}` : ''}.`,
        `1. Call migration_guides with docset "mastra" and path "reference/migrations/upgrade-to-v1${area ? `/${area}` : ''}" to list ${area ? 'that guide\'s sections' : 'the guides by area'}.`,
        '2. Fetch the sections about what changed, and call changes_since for @mastra/core with the installed version for breaking changes since.',
        '3. Search this project for each API they name, then list the code changes file by file, in the order to make them.',
      ]),
  );
}
