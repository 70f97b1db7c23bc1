// news: recent entries of a doc set's configured feed (or any RSS/Atom URL or file).
import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { DocsError } from '../../errors.js';
import { readFeed } from '../../news/read-feed.js';
import type { ServerContext } from '../context.js';
import { runTool } from './tool-result.js';

export function registerNews(server: McpServer, context: ServerContext): void {
  server.registerTool(
    'news',
    {
      title: 'News',
      description: "Recent posts from a doc set's news feed (RSS or Atom): titles, dates, links, summaries.",
      inputSchema: z.object({ source: z.string().optional().describe('Doc set name, or a feed URL or file'), limit: z.number().int().min(1).max(50).optional() }),
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async (args) =>
      runTool(context, 2000, async () => {
        const feeds = context.feeds ?? new Map<string, string>();
        const location = args.source ? (feeds.get(args.source) ?? args.source) : [...feeds.values()][0];
        if (!location) throw new DocsError('INVALID_ARGUMENT', 'No feed is configured. Give source (a feed URL or file), or set "feed" on a doc set in vdocs.config.json.');
        if (args.source && !feeds.has(args.source) && !/^https?:\/\//i.test(args.source) && !/\.(xml|rss|atom)$/i.test(args.source)) {
          throw new DocsError('INVALID_ARGUMENT', `"${args.source}" is neither a doc set with a feed (${[...feeds.keys()].join(', ') || 'none configured'}) nor a feed URL or .xml file.`);
        }
        const feed = await readFeed(location);
        const items = feed.items.slice(0, args.limit ?? 10);
        if (items.length === 0) return `${feed.title || location} has no entries.`;
        return `${feed.title || location} (${location}), ${items.length} of ${feed.items.length} entries:\n\n${items
          .map((i) => `- ${i.date ? `${i.date} ` : ''}${i.title}${i.link ? ` <${i.link}>` : ''}${i.summary ? `\n  ${i.summary}` : ''}`)
          .join('\n')}`;
      }),
  );
}
