// The one reader of environment and config files: where the cache lives, which index file to
// use, and which doc sets a server keeps indexed.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { DocsError } from './errors.js';
import { checkPackageName, parseRegistrySpec } from './ingest/sources/package-spec.js';
import { DEFAULT_FETCH_POLICY, type FetchPolicy } from './net/fetch-policy.js';

export const CONFIG_FILE_NAME = 'vdocs.config.json';

/**
 * With no configuration, vdocs serves the Mastra docs shipped in @mastra/mcp-docs-server: in a
 * project with @mastra/core installed, the release whose pinned @mastra/core is nearest to it.
 */
export const DEFAULT_DOC_SET: ConfiguredDocSet = { name: 'mastra', source: 'npm:@mastra/mcp-docs-server@latest#.docs', tracks: '@mastra/core' };

const configFileSchema = z
  .object({
    home: z.string().optional(),
    index: z.string().optional(),
    store: z.string().optional(),
    docsets: z
      .array(
        z
          .object({
            source: z.string().min(1),
            name: z.string().min(1).optional(),
            package: z.string().min(1).optional(),
            tracks: z.string().min(1).optional(),
            feed: z.string().min(1).optional(),
          })
          .strict(),
      )
      .optional(),
    default: z.boolean().optional(),
    allowPrivateNetwork: z.boolean().optional(),
    maxFetchBytes: z.number().int().min(1024).max(1024 * 1024 * 1024).optional(),
  })
  .strict();

export interface ConfiguredDocSet {
  source: string;
  name?: string;
  /** The installed package whose version picks this doc set's version (default: an npm source's package). */
  package?: string;
  /**
   * An installed package this npm source's releases follow: the release served is the one whose own
   * dependency on it is nearest to the installed version (a docs package pinning the library).
   */
  tracks?: string;
  /** RSS or Atom feed (URL or file) the `news` tool reads for this doc set. */
  feed?: string;
}

export interface Config {
  home: string;
  indexFile: string;
  /** A postgres:// URL to share one index between instances; else the SQLite file `indexFile`. */
  storeUrl?: string;
  /** Search answers a server keeps in memory (0: none). */
  searchCacheSize: number;
  docsets: ConfiguredDocSet[];
  configFile?: string;
  /** How URLs named by sources and feeds may be fetched (a server never reaches private addresses unless allowed). */
  fetchPolicy: FetchPolicy;
}

export interface ConfigInput {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  configFile?: string;
  /** `--docs` values: `source` or `name=source`. */
  docs?: string[];
  /** False drops the default Mastra doc set. */
  useDefault?: boolean;
  /** `--store`: a postgres:// URL. */
  store?: string;
}

export function cacheHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.VDOCS_HOME) return resolve(env.VDOCS_HOME);
  const xdg = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(xdg, 'vdocs');
}

export function loadConfig(input: ConfigInput = {}): Config {
  const cwd = input.cwd ?? process.cwd();
  const env = input.env ?? process.env;
  const file = input.configFile ? resolve(cwd, input.configFile) : join(cwd, CONFIG_FILE_NAME);
  let fromFile: z.infer<typeof configFileSchema> = {};
  if (existsSync(file)) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new DocsError('CONFIG_INVALID', `${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
    const parsed = configFileSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new DocsError('CONFIG_INVALID', `${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    fromFile = parsed.data;
  } else if (input.configFile) {
    throw new DocsError('CONFIG_INVALID', `The config file ${file} does not exist.`);
  }
  const home = fromFile.home ? resolve(cwd, fromFile.home) : cacheHome(env);
  const indexFile = env.VDOCS_INDEX ? resolve(env.VDOCS_INDEX) : fromFile.index ? resolve(cwd, fromFile.index) : join(home, 'index.sqlite');
  const docsets: ConfiguredDocSet[] = (fromFile.docsets ?? []).map((d) => ({
    ...d,
    source: /^(npm:|https?:)/.test(d.source) ? d.source : resolve(cwd, d.source),
    ...(d.feed ? { feed: /^https?:/.test(d.feed) ? d.feed : resolve(cwd, d.feed) } : {}),
  }));
  for (const value of input.docs ?? []) docsets.push(parseDocsFlag(value));
  const useDefault = input.useDefault !== false && fromFile.default !== false;
  if (useDefault && !docsets.some((d) => d.name === DEFAULT_DOC_SET.name)) docsets.unshift(DEFAULT_DOC_SET);
  const cacheSize = Number(env.VDOCS_SEARCH_CACHE ?? 500);
  const searchCacheSize = Number.isInteger(cacheSize) && cacheSize >= 0 ? cacheSize : 500;
  for (const docSet of docsets) if (docSet !== DEFAULT_DOC_SET) checkConfiguredDocSet(docSet, file);
  const fetchPolicy: FetchPolicy = {
    ...DEFAULT_FETCH_POLICY,
    allowPrivateNetwork: fromFile.allowPrivateNetwork === true,
    maxBytes: fromFile.maxFetchBytes ?? DEFAULT_FETCH_POLICY.maxBytes,
  };
  const storeUrl = input.store ?? env.VDOCS_STORE ?? fromFile.store;
  if (storeUrl && !/^postgres(ql)?:\/\//.test(storeUrl)) throw new DocsError('CONFIG_INVALID', `The store "${storeUrl}" is not a postgres:// URL.`);
  return { home, indexFile, storeUrl, searchCacheSize, docsets, configFile: existsSync(file) ? file : undefined, fetchPolicy };
}

/** npm sources and `package` must be registry names and specs: refused at load, not when fetched. */
function checkConfiguredDocSet(docSet: ConfiguredDocSet, file: string): void {
  try {
    if (docSet.source.startsWith('npm:')) parseRegistrySpec(docSet.source.slice(4).split('#')[0]);
    if (docSet.package) checkPackageName(docSet.package);
    if (docSet.tracks) checkPackageName(docSet.tracks);
  } catch (error) {
    throw new DocsError('CONFIG_INVALID', `${existsSync(file) ? `${file}: ` : ''}doc set ${docSet.name ?? docSet.source}: ${(error as Error).message}`, { cause: error });
  }
}

/** `name=source`, where the name may be scoped (`@scope/pkg=./docs`); a bare source otherwise. */
function parseDocsFlag(value: string): ConfiguredDocSet {
  const eq = value.indexOf('=');
  const name = value.slice(0, eq);
  if (eq > 0 && !name.includes(':') && (!name.includes('/') || /^@[\w.-]+\/[\w.-]+$/.test(name))) {
    return { name: value.slice(0, eq), source: value.slice(eq + 1) };
  }
  return { source: value };
}
