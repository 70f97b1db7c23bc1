// What a server needs before it answers: the configured doc sets matched to the project's installed
// versions (or their pins), indexed in the background when missing, and the docs the project's
// installed packages ship, read from node_modules on first use. Tool calls wait for that work
// only while it makes progress: when the registry cannot be reached they get a clear answer within
// seconds, and indexing keeps being retried in the background.
import semver from 'semver';
import type { Config, ConfiguredDocSet } from '../config.js';
import { DocsError } from '../errors.js';
import { findInstalled } from '../project/find-installed.js';
import { indexInstalled, installedDocSets, installSignature, type InstalledDocSet } from '../project/installed-doc-sets.js';
import { cachedRelease, nearestRelease, type TrackedRelease } from '../project/nearest-release.js';
import { splitDocSetName, type VersionPreference } from '../search/resolve-doc-sets.js';
import type { Store } from '../store/store.js';
import type { IndexingProgress, ServerContext } from './context.js';

interface Plan {
  docSet: ConfiguredDocSet;
  /** The source to index: the configured one, or the installed version of its package. */
  source: string;
  preference?: VersionPreference;
  /** The installed library this source's releases follow (`tracks`), when the project has it. */
  track?: { docsPackage: string; subfolder: string; library: string; version: string };
}

export interface StartTimings {
  /** How long a call waits for a source that has not even been resolved yet (registry silent). */
  resolveWaitMs: number;
  /** How long a call waits while a source it needs (nothing else is indexed, or it names it) is downloaded and indexed. */
  indexWaitMs: number;
  /** First retry after a failed round; doubled each time up to `retryMaxMs`. */
  retryMs: number;
  retryMaxMs: number;
}

// A call waits for indexing at most 40 s: common MCP clients give up on a call after 60 s.
export const START_TIMINGS: StartTimings = { resolveWaitMs: 4500, indexWaitMs: 40_000, retryMs: 30_000, retryMaxMs: 10 * 60_000 };

const NPM_SOURCE = /^npm:((?:@[^/@]+\/)?[^@#]+)(?:@([^#]*))?(#.*)?$/;

/** Matches each configured doc set to the project's installed version of its package, or its pin. */
function planDocSets(configured: ConfiguredDocSet[], projectDir: string, home: string, log: (m: string) => void): Plan[] {
  return configured.map((docSet) => {
    const npm = NPM_SOURCE.exec(docSet.source);
    const tracked = npm && docSet.name && docSet.tracks ? findInstalled(projectDir, docSet.tracks, (m) => log(`warning: ${m}`)) : undefined;
    if (tracked && npm) {
      const track = { docsPackage: npm[1], subfolder: npm[3] ?? '', library: docSet.tracks!, version: tracked.version };
      // The registry's last answer, when there is one, so the right release is served from the first call.
      const release = cachedRelease(home, track.docsPackage, track.library, track.version);
      return release ? { docSet, track, ...trackedSource(track, release) } : { docSet, track, source: docSet.source };
    }
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

function trackedSource(track: NonNullable<Plan['track']>, release: TrackedRelease): { source: string; preference: VersionPreference } {
  return {
    source: `npm:${track.docsPackage}@${release.version}${track.subfolder}`,
    preference: {
      version: release.version,
      reason: 'installed',
      why: `installed ${track.library} ${track.version}: the nearest ${track.docsPackage} release (written for ${track.library} ${release.pins})`,
    },
  };
}

/** How a command line differs from a server: it indexes what it needs before answering, once. */
export interface StartMode {
  /** Index in the foreground only what this request needs (the doc set it names, defaults on a fresh index or in a project that uses them); no retries. */
  foreground?: { docset?: string; onProgress?: IndexingProgress };
  /**
   * The first background round (registry checks, downloads, indexing) waits for
   * `context.startBackground()` or the first call, so loading the indexer does not hold up the
   * client's handshake.
   */
  deferBackground?: boolean;
}

/**
 * Doc sets already indexed are served at once; configured ones still missing are indexed in the
 * background. Updates (a newer `latest`) never block a call. The project's installed docs are
 * indexed on the first call and again whenever its installs change.
 */
export async function startContext(
  store: Store,
  config: Config,
  projectDir: string,
  log: (m: string) => void,
  timings = START_TIMINGS,
  mode: StartMode = {},
): Promise<ServerContext> {
  const { home } = config;
  const listed = await store.listDocSets();
  const indexed = new Set(listed.map((d) => `${d.name}@${d.version}`));
  const names = new Set(listed.map((d) => d.name));
  /** The version this plan prefers (installed or pinned) is indexed already. */
  const preferredIndexed = (p: Plan) => p.docSet.name !== undefined && p.preference !== undefined && indexed.has(`${p.docSet.name}@${p.preference.version}`);
  const allPlans = planDocSets(config.docsets, projectDir, home, log);
  // A command line asks the registry only for what is missing: a version already indexed is served as it is.
  const plans = mode.foreground ? allPlans.filter((p) => neededNow(p, mode.foreground!.docset, listed.length === 0) && !preferredIndexed(p)) : allPlans;
  const policy = new Map<string, VersionPreference>();
  for (const plan of allPlans) if (plan.docSet.name && plan.preference) policy.set(plan.docSet.name, plan.preference);
  const pending = (): string[] => [
    ...(installed && installed.coming.size > 0 ? [`indexing ${[...installed.coming.keys()].join(', ')} (installed)`] : []),
    ...(waitingFor.size === 0 ? [] : [doing && !doing.startsWith('could not') ? doing : `indexing ${[...waitingFor].join(', ')}`]),
  ];
  const context: ServerContext = { store, home, projectDir, policy, ready, log, pending };

  let waitAtStart = plans.some((p) => !p.docSet.name || !names.has(p.docSet.name) || (p.preference !== undefined && !preferredIndexed(p)));
  /** What the background work is doing: nothing, waiting on the registry, or downloading and indexing. */
  let phase: 'idle' | 'resolving' | 'indexing' = 'idle';
  const failures = new Map<string, string>();
  let retryIn = timings.retryMs;
  /** Doc sets (names, else sources) the running round has still to index, and what it is doing now. */
  const waitingFor = new Set<string>();
  let doing: string | undefined;
  /** Calls waiting for the round, told of its progress. */
  const listeners = new Set<IndexingProgress>();
  const tell = (message: string, done?: number, total?: number) => {
    doing = message;
    for (const listener of listeners) listener(message, done, total);
    // A command line shows the counted steps (pages parsed) as a bar; its one line per doc set is told below.
    if (done !== undefined) mode.foreground?.onProgress?.(message, done, total);
  };

  const configuredNames = new Set(allPlans.map((p) => p.docSet.name).filter(Boolean));
  let installed:
    | {
        signature: string;
        docSets: InstalledDocSet[];
        readmeOnly: ReadonlySet<string>;
        /** Every installed doc set served (or failed). */
        indexing: Promise<void>;
        /** The first one served: what a call that names none waits for. */
        first: Promise<void>;
        /** Names still being indexed, each with the promise of its end. */
        coming: Map<string, Promise<void>>;
      }
    | undefined;
  /** README-only packages a request named: served from then on, like the ones with a docs folder. */
  const named = new Set<string>();

  async function runRound(targets: Plan[]): Promise<Plan[]> {
    // Pending from the moment the round is scheduled: a call naming one of them waits for it.
    for (const plan of targets) waitingFor.add(plan.docSet.name ?? plan.source);
    // The project's own docs go first: they are local, and the first answers come from them.
    if (!mode.foreground) await refreshInstalled().catch(() => undefined);
    const { addDocSet } = await import('../ingest/add-doc-set.js');
    const failed: Plan[] = [];
    for (const plan of targets) {
      phase = 'resolving';
      const label = plan.docSet.name ?? plan.source;
      try {
        if (plan.track) {
          // The registry says which release pins the nearest version of the installed library.
          const release = await nearestRelease(home, plan.track.docsPackage, plan.track.library, plan.track.version);
          if (release) Object.assign(plan, trackedSource(plan.track, release));
          if (plan.docSet.name && plan.preference) policy.set(plan.docSet.name, plan.preference);
        }
        mode.foreground?.onProgress?.(`indexing ${plan.docSet.name ?? plan.source} (${plan.source})`);
        const result = await addDocSet(store, plan.source, {
          name: plan.docSet.name,
          home,
          fetchPolicy: config.fetchPolicy,
          onProgress: (step, done, total) => {
            if (step !== 'load') phase = 'indexing';
            const what = { load: 'resolving', fetch: 'downloading', parse: 'parsing pages', write: 'writing the index' }[step];
            tell(`indexing ${label}: ${what}${step === 'parse' && total > 1 ? ` ${done} of ${total}` : ''}`, step === 'parse' ? done : undefined, step === 'parse' ? total : undefined);
          },
        });
        failures.delete(plan.source);
        if (result.changed) {
          log(`indexed ${result.docSet.name}@${result.docSet.version} (${result.docSet.pageCount} pages)`);
          context.onIndexed?.();
        }
      } catch (error) {
        const message = (error as Error).message;
        failures.set(plan.source, message);
        tell(`could not index ${label}: ${message}`);
        log(`could not index ${plan.source}: ${message}${indexed.size > 0 ? ' (serving the cached index)' : ''}`);
        if (error instanceof DocsError && (error.code === 'REGISTRY_UNREACHABLE' || error.code === 'SOURCE_UNREADABLE')) failed.push(plan);
      }
      waitingFor.delete(label);
    }
    phase = 'idle';
    waitingFor.clear();
    doing = undefined;
    return failed;
  }

  function schedule(targets: Plan[]): Promise<void> {
    return runRound(targets).then((failed) => {
      if (failed.length === 0) return;
      // Offline now does not mean offline for good: try again later without blocking anything.
      setTimeout(() => void schedule(failed), retryIn).unref();
      retryIn = Math.min(retryIn * 2, timings.retryMaxMs);
    });
  }
  // Every configured source is checked once (a newer `latest`); only missing ones make calls wait.
  // A command line does it before answering, for what this request needs, and does not retry.
  let firstDone = plans.length === 0;
  if (mode.foreground && plans.length > 0) {
    await runRound(plans);
    firstDone = true;
    waitAtStart = true;
  }
  let firstRound: Promise<void> | undefined;
  const startBackground = () => (firstRound ??= firstDone ? Promise.resolve() : schedule(plans).finally(() => (firstDone = true)));
  context.startBackground = () => void startBackground();
  if (!mode.deferBackground) startBackground();

  /** The project's installed docs, found again when its installs change; indexing them needs no network. */
  function refreshInstalled(): Promise<void> {
    const signature = `${installSignature(projectDir)}\u0000${[...named].join(',')}`;
    if (installed?.signature === signature) return installed.indexing;
    const found = installedDocSets(projectDir, log, named);
    const docSets = found.docSets.filter((d) => !configuredNames.has(d.name));
    for (const old of installed?.docSets ?? []) if (!docSets.some((d) => d.name === old.name)) policy.delete(old.name);
    for (const d of docSets) policy.set(d.name, { version: d.version, reason: 'installed' });
    const ends = new Map<string, () => void>();
    const coming = new Map(docSets.map((d) => [d.name, new Promise<void>((resolve) => ends.set(d.name, resolve))]));
    const onDone = (name: string) => {
      coming.delete(name);
      ends.get(name)?.();
    };
    const first = docSets.length === 0 ? Promise.resolve() : Promise.race(coming.values());
    const indexing = indexInstalled(store, docSets, home, log, context.fetchPolicy ?? config.fetchPolicy, onDone)
      .then((reasons) => {
        // Doc sets taken from a repository say so in every answer: the version, and which tag.
        for (const [name, why] of reasons) {
          const preference = policy.get(name);
          if (preference) policy.set(name, { ...preference, why });
        }
      })
      .finally(() => {
        for (const name of ends.keys()) onDone(name);
        context.onIndexed?.();
      });
    installed = { signature, docSets, readmeOnly: new Set(found.readmeOnly), indexing, first, coming };
    return installed.indexing;
  }

  /**
   * The project's installed docs a call waits for. A command line answers once: all of them. A
   * server waits for the one the call names, and for new versions of doc sets it has indexed
   * (they reuse the old version's pages, so are quick, and an answer from the old version would
   * mislead); of doc sets new to the index, only for the first ready: the answer says what is
   * still coming.
   */
  async function installedReady(name: string | undefined): Promise<void> {
    const all = refreshInstalled();
    if (mode.foreground || !installed) return all;
    const { coming, first } = installed;
    if (coming.size === 0) return;
    const named = name === undefined ? undefined : coming.get(name);
    if (named) return named;
    const known = new Set((await store.listDocSets()).map((d) => d.name));
    await Promise.all([first, ...[...coming].filter(([n]) => known.has(n)).map(([, end]) => end)]);
  }

  async function ready(docset?: string, onProgress?: IndexingProgress): Promise<void> {
    const round = startBackground();
    // A README-only dependency the request names becomes a doc set (the last listing says which are).
    const name = docset ? splitDocSetName(docset).name : undefined;
    await installedReady(name);
    if (name && installed?.readmeOnly.has(name) && !configuredNames.has(name)) {
      named.add(name);
      await installedReady(name);
    }
    if (!waitAtStart) return;
    // Answer from what is ready: when something is indexed and the call does not name a doc set
    // still coming, it does not wait (the answer says what is still being indexed).
    const wanted = name && waitingFor.has(name);
    if (!firstDone && !wanted && (await store.listDocSets()).length > 0) return;
    if (onProgress) listeners.add(onProgress);
    let done: boolean;
    try {
      if (onProgress) onProgress(doing ?? `indexing ${wanted ? name : [...waitingFor].join(', ')}`);
      done = firstDone || (await waitForRound(round, () => phase, timings));
    } finally {
      if (onProgress) listeners.delete(onProgress);
    }
    const docSets = await store.listDocSets();
    // Something is indexed: serve it (every answer names the version it came from).
    if (docSets.length > 0 && !(wanted && waitingFor.has(name))) return;
    if (wanted && !done) throw new DocsError('NOT_READY', `Still ${doing ?? `indexing ${name}`}; call again in a minute (other doc sets answer now).`);
    const what = plans.map((p) => `${p.docSet.name ?? p.source} (${p.source})`).join(', ');
    if (!done && phase === 'indexing') throw new DocsError('NOT_READY', `Still indexing ${what}; nothing else is indexed yet. Call again in a few seconds.`);
    const reasons = [...failures.values()].join('; ');
    throw new DocsError(
      'NOT_READY',
      `Indexing ${what} needs the npm registry, which ${reasons ? `could not be reached (${reasons})` : 'has not answered yet'}. Cached doc sets: none. Add a local folder with \`vdocs add <folder>\`, or check the network and npm's registry setting; vdocs keeps trying in the background.`,
    );
  }

  return context;
}

/**
 * What a command line indexes before answering: the doc set it names; the defaults on a fresh
 * index; a doc set that follows (or is) a package this project has installed. A question asked of
 * other doc sets never waits for a download it does not need.
 */
function neededNow(plan: Plan, named: string | undefined, empty: boolean): boolean {
  if (named) return splitDocSetName(named).name === plan.docSet.name;
  return empty || plan.track !== undefined || plan.preference?.reason === 'installed';
}

/** True when the round finished; false when it is still waiting on the registry or has run out of time. */
async function waitForRound(round: Promise<void>, phase: () => string, timings: StartTimings): Promise<boolean> {
  let finished = false;
  void round.then(() => (finished = true));
  const started = Date.now();
  for (;;) {
    const limit = phase() === 'indexing' ? timings.indexWaitMs : timings.resolveWaitMs;
    const left = started + limit - Date.now();
    if (finished) return true;
    if (left <= 0) return false;
    // Wake when the round ends, or look at the phase again shortly (it decides the limit).
    await Promise.race([round, new Promise((resolve) => setTimeout(resolve, Math.min(left, 250)).unref())]);
    if (finished) return true;
  }
}
