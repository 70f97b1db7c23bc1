// vdocs serve: MCP over stdio. Stdout carries only the protocol; everything else goes to stderr.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { createSearchCache } from '../search/search-cache.js';
import { DocsError } from '../errors.js';
import { createToolOffer, TOOL_GROUPS, type ToolGroup } from '../server/offered-tools.js';
import { startContext } from '../server/start-context.js';
import { serveOverStdio } from '../server/transports/stdio.js';
import { openStore } from '../store/open-store.js';
import { reportError } from './output.js';
import { toInt } from './search.js';

interface ServeOptions {
  tools?: string;
  compat?: string;
  config?: string;
  store?: string;
  docs?: string[];
  default?: boolean;
  project: string[];
  allowHost: string[];
  idleTimeout: number;
  maxConnections: number;
  http?: boolean;
  host: string;
  port: number;
  token: string[];
  allowOrigin: string[];
  rateLimit: number;
  maxBody: number;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the docs over MCP on stdio (default doc set: the Mastra docs)')
    .option('--docs <source>', 'add or pin a doc set: <source> or <name>=<source> (repeatable)', collect, [])
    .option('--no-default', 'do not add the default Mastra doc set')
    .option('--project <dir>', 'project whose installed versions are served (default: the working directory); over HTTP, repeat it to let clients name other project folders', collect, [])
    .option('--config <file>', 'your own config file (default: $VDOCS_CONFIG, else ~/.config/vdocs/config.json)')
    .option('--store <url>', 'postgres:// URL of a shared index (default: the SQLite file)')
    .option('--tools <names>', `offer only these tools, comma-separated (default: all: ${TOOL_GROUPS.join(', ')})`)
    .option('--compat <server>', 'also offer the tool names of another docs server (mastra)')
    .option('--http', 'serve Streamable HTTP at /mcp instead of stdio')
    .option('--host <host>', 'HTTP address to bind', '127.0.0.1')
    .option('--port <port>', 'HTTP port (0: any free port)', toInt, 3333)
    .option('--token <token>', 'accept this bearer token (repeatable; also VDOCS_TOKENS=a,b)', collect, [])
    .option('--allow-origin <origin>', 'allow browser requests from this origin (repeatable)', collect, [])
    .option('--allow-host <name>', 'accept requests addressed to this host name (repeatable; loopback names, the bound host and IP addresses always are)', collect, [])
    .option('--idle-timeout <ms>', 'close HTTP connections idle this long', toInt, 30_000)
    .option('--max-connections <n>', 'open HTTP connections at most (the longest idle is closed to make room)', toInt, 512)
    .option('--rate-limit <n>', 'requests a minute per client (0: none)', toInt, 1200)
    .option('--max-body <bytes>', 'largest request body', toInt, 1_048_576)
    .action(async (options: ServeOptions) => {
      try {
        const config = loadConfig({ configFile: options.config, docs: options.docs, useDefault: options.default, store: options.store });
        const store = await openStore(config, { verify: true });
        const log = (message: string) => process.stderr.write(`vdocs: ${message}\n`);
        for (const message of config.warnings) log(`warning: ${message}`);
        const projectDir = resolve(options.project[0] ?? process.cwd());
        const context = await startContext(store, config, projectDir, log, undefined, { deferBackground: !options.http });
        if (config.searchCacheSize > 0) context.searchCache = createSearchCache<string>(config.searchCacheSize);
        context.feeds = new Map(config.docsets.filter((d) => d.name && d.feed).map((d) => [d.name!, d.feed!]));
        if (options.compat) {
          if (options.compat !== 'mastra') throw new DocsError('INVALID_ARGUMENT', `--compat knows only "mastra", not "${options.compat}".`);
          context.compat = 'mastra';
        }
        context.fetchPolicy = config.fetchPolicy;
        if (options.http) {
          context.remote = true;
          context.projectRoots = options.project.length > 0 ? options.project.map((p) => resolve(p)) : [projectDir];
        }
        // Offered: what can do something here (or exactly --tools), looked at again after indexing.
        const offer = createToolOffer(context, options.tools ? parseTools(options.tools) : undefined);
        context.offer = offer;
        context.onIndexed = () => void offer.refresh();
        await offer.refresh();
        if (!options.http) {
          // A person who ran this in a terminal (`npm start`) learns what it is; a client's pipe hears nothing.
          if (process.stdin.isTTY) log(stdioGreeting());
          return serveOverStdio(context, async () => store.close());
        }
        const tokens = [...options.token, ...(process.env.VDOCS_TOKENS ?? '').split(',').map((t) => t.trim()).filter(Boolean)];
        if (tokens.length === 0 && !['127.0.0.1', 'localhost', '::1'].includes(options.host)) {
          log(`warning: serving ${options.host} without --token; anyone who can reach it can read the docs`);
        }
        const { serveOverHttp } = await import('../server/transports/http.js');
        const handle = await serveOverHttp(context, {
          host: options.host,
          port: options.port,
          tokens,
          origins: options.allowOrigin,
          hosts: options.allowHost,
          idleTimeoutMs: options.idleTimeout,
          maxConnections: options.maxConnections,
          maxBodyBytes: options.maxBody,
          ratePerMinute: options.rateLimit,
        });
        log(`listening on ${handle.url}`);
        const stop = async () => {
          log('shutting down: finishing requests in flight');
          await handle.close();
          await store.close();
          process.exit(0);
        };
        process.once('SIGINT', () => void stop());
        process.once('SIGTERM', () => void stop());
      } catch (error) {
        reportError(error, false);
      }
    });
}

/** What a stdio server started by hand says on stderr: what it is and how a client starts it instead. */
function stdioGreeting(): string {
  const main = process.argv[1] ?? 'dist/main.js';
  return [
    'MCP server over stdio: it answers an MCP client on stdin/stdout and prints nothing else there.',
    'Connect a client instead of running it by hand, for example:',
    `  claude mcp add vdocs -- node ${main} serve`,
    `  Cursor / VS Code: { "mcpServers": { "vdocs": { "command": "node", "args": ["${main}", "serve"] } } }`,
    'Or serve a team over HTTP: serve --http --port 3333. Ctrl-C stops it.',
  ].join('\n');
}

function parseTools(list: string): ToolGroup[] {
  const names = list.split(',').map((t) => t.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(TOOL_GROUPS as readonly string[]).includes(n));
  if (unknown.length > 0) throw new DocsError('INVALID_ARGUMENT', `Unknown tools: ${unknown.join(', ')}. Known: ${TOOL_GROUPS.join(', ')}.`);
  return names as ToolGroup[];
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
