// The one reader of environment and config files: where the cache lives, which index file to
// use, and which doc sets a server keeps indexed. Two files, trusted differently: the user's own
// (`--config`, `VDOCS_CONFIG`, else `$XDG_CONFIG_HOME/vdocs/config.json`) may set anything; the
// working directory's `vdocs.config.json` comes with whatever project was cloned there, so it may
// only add doc sets from registry specs and from folders inside the project. What would widen
// vdocs' reach from it (homes, index files, stores, folders elsewhere, URLs, feeds, private
// network, fetch sizes) is ignored with a warning that says to move it to the user's config.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { isInside, realPathInside } from './confine-path.js';
import { DocsError } from './errors.js';
import { checkPackageName, parseRegistrySpec } from './npm/package-spec.js';
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
    /** Archive hosts standing in for forges: `{"github.com": "https://mirror.example/codeload"}`. */
    forges: z.partialRecord(z.enum(['github.com', 'gitlab.com', 'bitbucket.org']), z.string().regex(/^https?:\/\/[^\s]+$/)).optional(),
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
  /** The user's own config file, when one was read. */
  configFile?: string;
  /** The project's `vdocs.config.json`, when one was read (restricted: see the header). */
  projectConfigFile?: string;
  /** How URLs named by sources and feeds may be fetched (a server never reaches private addresses unless allowed). */
  fetchPolicy: FetchPolicy;
  /** What was ignored in the project's config, said once by whoever runs. */
  warnings: string[];
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

type ConfigFile = z.infer<typeof configFileSchema>;

/** The user's own config: `--config`, else `VDOCS_CONFIG`, else the XDG config folder's `vdocs/config.json`. */
export function userConfigFile(input: Pick<ConfigInput, 'configFile' | 'cwd' | 'env'>): { file: string; named: boolean } {
  const cwd = input.cwd ?? process.cwd();
  const env = input.env ?? process.env;
  const named = input.configFile ?? env.VDOCS_CONFIG;
  if (named) return { file: resolve(cwd, named), named: true };
  const xdg = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return { file: join(xdg, 'vdocs', 'config.json'), named: false };
}

function readConfigFile(file: string): ConfigFile {
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
  return parsed.data;
}

/** Doc sets as configured, paths resolved against the folder of the file that names them. */
function configuredDocSets(config: ConfigFile, base: string): ConfiguredDocSet[] {
  return (config.docsets ?? []).map((d) => ({
    ...d,
    source: /^(npm:|https?:|github:|gitlab:|bitbucket:)/.test(d.source) ? d.source : resolve(base, d.source),
    ...(d.feed ? { feed: /^https?:/.test(d.feed) ? d.feed : resolve(base, d.feed) } : {}),
  }));
}

/** What a project's config may say: doc sets from registry specs and from inside the project; nothing else. */
function restrictProjectConfig(config: ConfigFile, project: string, file: string, warnings: string[]): ConfigFile {
  const ignored = (what: string) => warnings.push(`${file}: ${what} ignored: a project's config cannot widen what vdocs reads or fetches; put it in your own config (${userConfigFile({}).file} or the file VDOCS_CONFIG names).`);
  for (const key of ['home', 'index', 'store', 'allowPrivateNetwork', 'maxFetchBytes', 'forges'] as const) if (config[key] !== undefined) ignored(`"${key}"`);
  const docsets = (config.docsets ?? []).filter((d) => {
    const name = d.name ?? d.source;
    if (d.feed !== undefined) {
      ignored(`the feed of doc set ${name}`);
      delete d.feed;
    }
    if (d.source.startsWith('npm:')) return true;
    const path = resolve(project, d.source);
    // A folder (or llms.txt file) of the project: inside it by name and, where it exists, in fact.
    if (!/^([a-z][a-z+.-]*:\/\/|github:|gitlab:|bitbucket:)/i.test(d.source) && isInside(project, path) && (!existsSync(path) || realPathInside(project, path))) return true;
    ignored(`doc set ${name} (${d.source.slice(0, 200)}: only registry specs and folders inside the project)`);
    return false;
  });
  return { docsets, ...(config.default !== undefined ? { default: config.default } : {}) };
}

export function loadConfig(input: ConfigInput = {}): Config {
  const cwd = input.cwd ?? process.cwd();
  const env = input.env ?? process.env;
  const warnings: string[] = [];
  const user = userConfigFile(input);
  let own: ConfigFile = {};
  if (existsSync(user.file)) own = readConfigFile(user.file);
  else if (user.named) throw new DocsError('CONFIG_INVALID', `The config file ${user.file} does not exist.`);
  const projectFile = join(cwd, CONFIG_FILE_NAME);
  const hasProject = existsSync(projectFile) && resolve(projectFile) !== user.file;
  const project = hasProject ? restrictProjectConfig(readConfigFile(projectFile), resolve(cwd), projectFile, warnings) : {};
  const home = own.home ? resolve(dirname(user.file), own.home) : cacheHome(env);
  const indexFile = env.VDOCS_INDEX ? resolve(env.VDOCS_INDEX) : own.index ? resolve(dirname(user.file), own.index) : join(home, 'index.sqlite');
  const docsets = configuredDocSets(own, dirname(user.file));
  // The project's doc sets join the user's; one the user configured under the same name wins.
  for (const d of configuredDocSets(project, cwd)) if (!docsets.some((o) => o.name !== undefined && o.name === d.name)) docsets.push(d);
  for (const value of input.docs ?? []) docsets.push(parseDocsFlag(value));
  const useDefault = input.useDefault !== false && (own.default ?? project.default) !== false;
  if (useDefault && !docsets.some((d) => d.name === DEFAULT_DOC_SET.name)) docsets.unshift(DEFAULT_DOC_SET);
  const cacheSize = Number(env.VDOCS_SEARCH_CACHE ?? 500);
  const searchCacheSize = Number.isInteger(cacheSize) && cacheSize >= 0 ? cacheSize : 500;
  for (const docSet of docsets) if (docSet !== DEFAULT_DOC_SET) checkConfiguredDocSet(docSet, hasProject ? `${user.file} or ${projectFile}` : user.file);
  const fetchPolicy: FetchPolicy = {
    ...DEFAULT_FETCH_POLICY,
    allowPrivateNetwork: own.allowPrivateNetwork === true,
    maxBytes: own.maxFetchBytes ?? DEFAULT_FETCH_POLICY.maxBytes,
    ...(own.forges ? { forges: own.forges } : {}),
  };
  const storeUrl = input.store ?? env.VDOCS_STORE ?? own.store;
  if (storeUrl && !/^postgres(ql)?:\/\//.test(storeUrl)) throw new DocsError('CONFIG_INVALID', `The store "${storeUrl}" is not a postgres:// URL.`);
  return {
    home,
    indexFile,
    storeUrl,
    searchCacheSize,
    docsets,
    configFile: existsSync(user.file) ? user.file : undefined,
    projectConfigFile: hasProject ? projectFile : undefined,
    fetchPolicy,
    warnings,
  };
}

/** npm sources and `package` must be registry names and specs: refused at load, not when fetched. */
function checkConfiguredDocSet(docSet: ConfiguredDocSet, file: string): void {
  try {
    if (docSet.source.startsWith('npm:')) parseRegistrySpec(docSet.source.slice(4).split('#')[0]);
    if (docSet.package) checkPackageName(docSet.package);
    if (docSet.tracks) checkPackageName(docSet.tracks);
  } catch (error) {
    throw new DocsError('CONFIG_INVALID', `${file}: doc set ${docSet.name ?? docSet.source}: ${(error as Error).message}`, { cause: error });
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
