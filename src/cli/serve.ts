// vdocs serve: MCP over stdio. Stdout carries only the protocol; everything else goes to stderr.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import semver from 'semver';
import { loadConfig, type Config, type ConfiguredDocSet } from '../config.js';
import { findInstalled } from '../project/find-installed.js';
import type { VersionPreference } from '../search/resolve-doc-sets.js';
import { createSearchCache } from '../search/search-cache.js';
import { DocsError } from '../errors.js';
import type { ServerContext } from '../server/context.js';
import { TOOL_NAMES } from '../server/create-server.js';
import { serveOverStdio } from '../server/transports/stdio.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { reportError } from './output.js';
import { toInt } from './search.js';

interface ServeOptions {
  tools?: string;
  compat?: string;
  config?: string;
  store?: string;
  docs?: string[];
  default?: boolean;
  project?: string;
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
    .option('--project <dir>', 'project whose installed versions are served (default: the working directory)')
    .option('--config <file>', `config file (default: ./vdocs.config.json)`)
    .option('--store <url>', 'postgres:// URL of a shared index (default: the SQLite file)')
    .option('--tools <names>', `offer only these tools, comma-separated (default: all: ${TOOL_NAMES.join(', ')})`)
    .option('--compat <server>', 'also offer the tool names of another docs server (mastra)')
    .option('--http', 'serve Streamable HTTP at /mcp instead of stdio')
    .option('--host <host>', 'HTTP address to bind', '127.0.0.1')
    .option('--port <port>', 'HTTP port (0: any free port)', toInt, 3333)
    .option('--token <token>', 'accept this bearer token (repeatable; also VDOCS_TOKENS=a,b)', collect, [])
    .option('--allow-origin <origin>', 'allow browser requests from this origin (repeatable)', collect, [])
    .option('--rate-limit <n>', 'requests a minute per client (0: none)', toInt, 1200)
    .option('--max-body <bytes>', 'largest request body', toInt, 1_048_576)
    .action(async (options: ServeOptions) => {
      try {
        const config = loadConfig({ configFile: options.config, docs: options.docs, useDefault: options.default, store: options.store });
        const store = await openStore(config);
        const log = (message: string) => process.stderr.write(`vdocs: ${message}\n`);
        const projectDir = resolve(options.project ?? process.cwd());
        const context = await startContext(store, config, projectDir, log);
        if (config.searchCacheSize > 0) context.searchCache = createSearchCache<string>(config.searchCacheSize);
        if (options.tools) context.tools = parseTools(options.tools);
        if (options.compat) {
          if (options.compat !== 'mastra') throw new DocsError('INVALID_ARGUMENT', `--compat knows only "mastra", not "${options.compat}".`);
          context.compat = 'mastra';
        }
        context.fetchPolicy = config.fetchPolicy;
        context.feeds = new Map(config.docsets.filter((d) => d.name && d.feed).map((d) => [d.name!, d.feed!]));
        if (!options.http) return serveOverStdio(context, async () => store.close());
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

interface Plan {
  docSet: ConfiguredDocSet;
  /** The source to index: the configured one, or the installed version of its package. */
  source: string;
  preference?: VersionPreference;
}

/** Matches each configured doc set to the project's installed version of its package, or its pin. */
function planDocSets(configured: ConfiguredDocSet[], projectDir: string, log: (m: string) => void): Plan[] {
  return configured.map((docSet) => {
    const npm = /^npm:((?:@[^/@]+\/)?[^@#]+)(?:@([^#]*))?(#.*)?$/.exec(docSet.source);
    const pkg = docSet.package ?? npm?.[1];
    const installed = pkg ? findInstalled(projectDir, pkg, (m) => log(`warning: ${m}`)) : undefined;
    if (installed && npm && docSet.name) {
      const others = installed.others.map((o) => `${o.version} in ${o.where}`).join(', ');
      const note = others ? `also installed: ${others}; serving the root's` : undefined;
      return { docSet, source: `npm:${npm[1]}@${installed.version}${npm[3] ?? ''}`, preference: { version: installed.version, reason: 'installed', note } };
    }
    const pinned = npm?.[2] && semver.valid(npm[2]) ? npm[2] : undefined;
    return { docSet, source: docSet.source, preference: pinned ? { version: pinned, reason: 'pinned' } : undefined };
  });
}

/**
 * Doc sets already indexed are served at once; configured ones still missing are indexed in the
 * background and tool calls wait for them. Updates (a newer `latest`) never block a call.
 */
async function startContext(store: Store, config: Config, projectDir: string, log: (m: string) => void): Promise<ServerContext> {
  const { docsets: configured, home } = config;
  const indexed = new Set((await store.listDocSets()).map((d) => `${d.name}@${d.version}`));
  const plans = planDocSets(configured, projectDir, log);
  const policy = new Map<string, VersionPreference>();
  for (const plan of plans) if (plan.docSet.name && plan.preference) policy.set(plan.docSet.name, plan.preference);
  const work = (async () => {
    if (plans.length === 0) return;
    const { addDocSet } = await import('../ingest/add-doc-set.js');
    for (const plan of plans) {
      try {
        const result = await addDocSet(store, plan.source, { name: plan.docSet.name, home, fetchPolicy: config.fetchPolicy });
        if (result.changed) log(`indexed ${result.docSet.name}@${result.docSet.version} (${result.docSet.pageCount} pages)`);
      } catch (error) {
        log(`could not index ${plan.source}: ${(error as Error).message}${indexed.size > 0 ? ' (serving the cached index)' : ''}`);
      }
    }
  })();
  const names = new Set([...indexed].map((id) => id.slice(0, id.lastIndexOf('@'))));
  const missing = plans.some((p) => !p.docSet.name || !names.has(p.docSet.name) || (p.preference && !indexed.has(`${p.docSet.name}@${p.preference.version}`)));
  const ready = missing ? work : Promise.resolve();
  return { store, home, projectDir, policy, ready: () => ready, log };
}

function parseTools(list: string): string[] {
  const names = list.split(',').map((t) => t.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(TOOL_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0) throw new DocsError('INVALID_ARGUMENT', `Unknown tools: ${unknown.join(', ')}. Known: ${TOOL_NAMES.join(', ')}.`);
  return names;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
