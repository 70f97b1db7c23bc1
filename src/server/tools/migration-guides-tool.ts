// migration_guides: browse, outline, fetch sections of, or search a doc set's migration guides.
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { migrationGuides, type MigrationResult } from '../../read/migration-guides.js';
import { clampMaxTokens } from '../../text/budget.js';
import type { ServerContext } from '../context.js';
import { describeDocSet, formatRead } from '../format.js';
import { READ_ONLY } from './annotations.js';
import { runTool, toolInput } from './tool-result.js';

const MIGRATION_GUIDES_INPUT = toolInput({
  docset: z.string().optional(),
  version: z.string().optional(),
  path: z.string().optional().describe('A guide (or folder of guides)'),
  listSections: z.boolean().optional(),
  sections: z.array(z.string()).optional().describe('Anchors or headings to fetch'),
  query: z.string().optional(),
  maxTokens: z.number().optional(),
  cursor: z.string().optional(),
});

export function registerMigrationGuides(server: McpServer, context: ServerContext): RegisteredTool[] {
  const tool = server.registerTool(
    'migration_guides',
    {
      description: 'Migration and upgrade guides: list them, outline one, fetch chosen sections, or search them.',
      inputSchema: MIGRATION_GUIDES_INPUT,
      annotations: READ_ONLY,
    },
    async (args, request) => {
      const maxTokens = clampMaxTokens(args.maxTokens);
      return runTool(context, maxTokens, async () => formatMigration(await migrationGuides(context.store, { ...args, maxTokens, policy: context.policy })), true, request);
    },
  );
  return [tool];
}

export function formatMigration(result: MigrationResult): string {
  switch (result.kind) {
    case 'guides':
      return `Migration guides in ${describeDocSet(result.docSet)} (read one with path; listSections for its outline):\n${result.guides.map((g) => `${g.path} — ${g.title}`).join('\n')}`;
    case 'sections':
      return `${result.path} in ${describeDocSet(result.docSet)} — fetch with sections=[anchors]:\n${result.sections.map((s) => `${'  '.repeat(Math.max(0, s.level - 2))}#${s.anchor} — ${s.heading}`).join('\n')}`;
    case 'content': {
      const missing = result.missing.length ? `\n(no section ${result.missing.map((m) => `"${m}"`).join(', ')}; use listSections)` : '';
      return `${result.path} in ${describeDocSet(result.docSet)}:\n\n${result.parts.map((p) => p.text).join('\n\n')}${missing}`;
    }
    case 'page':
      return formatRead(result.read);
    case 'search':
      return result.hits.length === 0
        ? `No migration guide section of ${describeDocSet(result.docSet)} matches.`
        : `Migration guide sections in ${describeDocSet(result.docSet)}:\n\n${result.hits.map((h, i) => `### ${i + 1}. ${h.path}#${h.anchor}\n${h.heading}\n${h.text}`).join('\n\n')}`;
  }
}
