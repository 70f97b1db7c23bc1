// What a server needs before it answers: the configured doc sets matched to the project's installed
// versions (or their pins), indexed in the background when missing. Tool calls wait for that work
// only while it makes progress: when the registry cannot be reached they get a clear answer within
// seconds, and indexing keeps being retried in the background.
import semver from 'semver';
import type { Config, ConfiguredDocSet } from '../config.js';
import { DocsError } from '../errors.js';
import { findInstalled } from '../project/find-installed.js';
import type { VersionPreference } from '../search/resolve-doc-sets.js';
import type { Store } from '../store/store.js';
import type { ServerContext } from './context.js';

interface Plan {
  docSet: ConfiguredDocSet;
  /** The source to index: the configured one, or the installed version of its package. */
  source: string;
  preference?: VersionPreference;
}

export interface StartTimings {
  /** How long a call waits for a source that has not even been resolved yet (registry silent). */
  resolveWaitMs: number;
  /** How long a call waits while a source is being downloaded and indexed. */
  indexWaitMs: number;
  /** First retry after a failed round; doubled each time up to `retryMaxMs`. */
  retryMs: number;
  retryMaxMs: number;
}

export const START_TIMINGS: StartTimings = { resolveWaitMs: 4500, indexWaitMs: 90_000, retryMs: 30_000, retryMaxMs: 10 * 60_000 };

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
 * background. Updates (a newer `latest`) never block a call.
 */
export async function startContext(store: Store, config: Config, projectDir: string, log: (m: string) => void, timings = START_TIMINGS): Promise<ServerContext> {
  const { home } = config;
  const indexed = new Set((await store.listDocSets()).map((d) => `${d.name}@${d.version}`));
  const plans = planDocSets(config.docsets, projectDir, log);
  const policy = new Map<string, VersionPreference>();
  for (const plan of plans) if (plan.docSet.name && plan.preference) policy.set(plan.docSet.name, plan.preference);

  const names = new Set([...indexed].map((id) => id.slice(0, id.lastIndexOf('@'))));
  const waitAtStart = plans.some((p) => !p.docSet.name || !names.has(p.docSet.name) || (p.preference !== undefined && !indexed.has(`${p.docSet.name}@${p.preference.version}`)));
  /** What the background work is doing: nothing, waiting on the registry, or downloading and indexing. */
  let phase: 'idle' | 'resolving' | 'indexing' = 'idle';
  const failures = new Map<string, string>();
  let retryIn = timings.retryMs;

  async function runRound(targets: Plan[]): Promise<Plan[]> {
    const { addDocSet } = await import('../ingest/add-doc-set.js');
    const failed: Plan[] = [];
    for (const plan of targets) {
      phase = 'resolving';
      try {
        const result = await addDocSet(store, plan.source, {
          name: plan.docSet.name,
          home,
          fetchPolicy: config.fetchPolicy,
          onProgress: (step) => {
            if (step !== 'load') phase = 'indexing';
          },
        });
        failures.delete(plan.source);
        if (result.changed) log(`indexed ${result.docSet.name}@${result.docSet.version} (${result.docSet.pageCount} pages)`);
      } catch (error) {
        const message = (error as Error).message;
        failures.set(plan.source, message);
        log(`could not index ${plan.source}: ${message}${indexed.size > 0 ? ' (serving the cached index)' : ''}`);
        if (error instanceof DocsError && (error.code === 'REGISTRY_UNREACHABLE' || error.code === 'SOURCE_UNREADABLE')) failed.push(plan);
      }
    }
    phase = 'idle';
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
  let firstDone = plans.length === 0;
  const firstRound = plans.length === 0 ? Promise.resolve() : schedule(plans).finally(() => (firstDone = true));

  async function ready(): Promise<void> {
    if (!waitAtStart) return;
    const done = firstDone || (await waitForRound(firstRound, () => phase, timings));
    const docSets = await store.listDocSets();
    // Something is indexed: serve it (every answer names the version it came from).
    if (docSets.length > 0) return;
    const what = plans.map((p) => `${p.docSet.name ?? p.source} (${p.source})`).join(', ');
    if (!done && phase === 'indexing') throw new DocsError('NOT_READY', `Still indexing ${what}; nothing else is indexed yet. Call again in a few seconds.`);
    const reasons = [...failures.values()].join('; ');
    throw new DocsError(
      'NOT_READY',
      `Indexing ${what} needs the npm registry, which ${reasons ? `could not be reached (${reasons})` : 'has not answered yet'}. Cached doc sets: none. Add a local folder with \`vdocs add <folder>\`, or check the network and npm's registry setting; vdocs keeps trying in the background.`,
    );
  }

  return { store, home, projectDir, policy, ready, log };
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
