// news: recent entries of a doc set's configured feed. Clients name a doc set, never a URL or a
// file: the server reads only what its configuration lists.
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { DocsError } from '../../errors.js';
import type { ServerContext } from '../context.js';
import { runTool, toolInput } from './tool-result.js';

const NEWS_INPUT = toolInput({ source: z.string().max(200).optional().describe('Doc set name (default: the first with a feed)'), limit: z.number().int().min(1).max(50).optional() });

export function registerNews(server: McpServer, context: ServerContext): RegisteredTool[] {
  const tool = server.registerTool(
    'news',
    {
      description: "Recent posts from a doc set's news feed (RSS or Atom): titles, dates, links, summaries.",
      inputSchema: NEWS_INPUT,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async (args) =>
      runTool(context, 2000, async () => {
        const feeds = context.feeds ?? new Map<string, string>();
        if (feeds.size === 0) throw new DocsError('INVALID_ARGUMENT', 'No feed is configured. Set "feed" on a doc set in vdocs.config.json.');
        const location = args.source ? feeds.get(args.source) : [...feeds.values()][0];
        if (!location) {
          throw new DocsError('INVALID_ARGUMENT', `"${args.source}" is not a doc set with a configured feed. Doc sets with feeds: ${[...feeds.keys()].join(', ')}. Feeds are set in vdocs.config.json; clients cannot name URLs or files.`);
        }
        // The feed reader and its HTTP client are loaded when a feed is read, not at start-up.
        const { readFeed } = await import('../../news/read-feed.js');
        const feed = await readFeed(location, context.fetchPolicy);
        const items = feed.items.slice(0, args.limit ?? 10);
        if (items.length === 0) return `${feed.title || location} has no entries.`;
        return `${feed.title || location} (${location}), ${items.length} of ${feed.items.length} entries:\n\n${items
          .map((i) => `- ${i.date ? `${i.date} ` : ''}${i.title}${i.link ? ` <${i.link}>` : ''}${i.summary ? `\n  ${i.summary}` : ''}`)
          .join('\n')}`;
      }),
  );
  return [tool];
}
