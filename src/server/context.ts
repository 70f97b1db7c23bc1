// What every tool needs: the store, a way to wait for start-up indexing, and a stderr logger.
import type { FetchPolicy } from '../net/fetch-policy.js';
import type { VersionPolicy } from '../search/resolve-doc-sets.js';
import type { SearchCache } from '../search/search-cache.js';
import type { Store } from '../store/store.js';

/** The tool groups a server can offer (offered-tools.ts decides which it offers now). */
export const TOOL_GROUPS = ['search_docs', 'read_doc', 'list_docs', 'list_docsets', 'diff_docs', 'changes_since', 'migration_guides', 'installed_packages', 'exports', 'course', 'news'] as const;

export type ToolGroup = (typeof TOOL_GROUPS)[number];

/** The groups offered now, and how clients hear of a change. */
export interface ToolOffer {
  /** The groups offered now. */
  readonly groups: ReadonlySet<ToolGroup>;
  /** Looks again; listeners hear of it only when the set changed. */
  refresh(): Promise<void>;
  subscribe(listener: (groups: ReadonlySet<ToolGroup>) => void): () => void;
}

/** Told what background indexing does while a call waits for it: a message, and a count when known. */
export type IndexingProgress = (message: string, done?: number, total?: number) => void;

export interface ServerContext {
  store: Store;
  /** Cache home (npm tarballs) and the project whose installed versions are served. */
  home: string;
  projectDir: string;
  /** Versions to serve when a request names none (installed or pinned). */
  policy: VersionPolicy;
  /**
   * Resolves once doc sets configured for this server are indexed (at once when nothing is pending);
   * a named doc set that is an installed package of the project is indexed from node_modules first.
   */
  ready(docset?: string, onProgress?: IndexingProgress): Promise<void>;
  /** What is still being indexed in the background (empty: nothing), for answers to say so. */
  pending?(): string[];
  log(message: string): void;
  /** How configured URLs (feeds) may be fetched. */
  fetchPolicy?: FetchPolicy;
  /** News feeds by doc set name. */
  feeds?: ReadonlyMap<string, string>;
  /** Also offer another docs server's tool names, mapped onto vdocs ('mastra'). */
  compat?: 'mastra';
  /** The tools offered now (default: all, fixed). */
  offer?: ToolOffer;
  /** Starts the background round now if it was deferred (see StartMode.deferBackground). */
  startBackground?: () => void;
  /** Called when indexing changed what is stored (background rounds, the project's installed docs). */
  onIndexed?: () => void;
  /** Answers go to remote clients (HTTP): no server paths in them, projectPath within projectRoots. */
  remote?: boolean;
  /** Folders remote clients may name as projectPath (default: projectDir). */
  projectRoots?: string[];
  /** Formatted search answers, shared by the requests of this process. */
  searchCache?: SearchCache<string>;
}
