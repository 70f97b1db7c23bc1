// Which tools a server offers right now: each costs context tokens in every conversation, so a tool
// is offered only when it can do something here — the course when a doc set has one, news when a
// feed is configured, the project tools when there is a node_modules to read. The set is checked
// again when the index or the project changes, and clients are told (tools/list_changed).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isCourseStep } from '../course/course.js';
import { resolveDocSets } from '../search/resolve-doc-sets.js';
import { TOOL_GROUPS, type ServerContext, type ToolGroup, type ToolOffer } from './context.js';

export { TOOL_GROUPS, type ToolGroup } from './context.js';

/** `--tools` fixes the set; otherwise it follows what is indexed and installed. */
export function createToolOffer(context: ServerContext, fixed?: readonly ToolGroup[]): ToolOffer {
  let groups: ReadonlySet<ToolGroup> = new Set(fixed ?? TOOL_GROUPS);
  const listeners = new Set<(groups: ReadonlySet<ToolGroup>) => void>();
  let courseKey = '';
  let course = false;
  /** The last look asked for: each starts after the one before, so none misses a change made meanwhile. */
  let looking: Promise<void> = Promise.resolve();

  async function hasCourse(): Promise<boolean> {
    const docSets = await resolveDocSets(context.store, { policy: context.policy }).catch(() => []);
    const key = docSets.map((d) => d.id).join(',');
    if (key === courseKey) return course;
    course = false;
    for (const d of docSets) {
      if ((await context.store.listPages(d.id, 'course/')).some((p) => isCourseStep(p.path))) {
        course = true;
        break;
      }
    }
    courseKey = key;
    return course;
  }

  async function look(): Promise<void> {
    if (fixed) return;
    const next = new Set<ToolGroup>(TOOL_GROUPS.filter((g) => !['course', 'news', 'installed_packages', 'exports'].includes(g)));
    if ((context.feeds?.size ?? 0) > 0) next.add('news');
    const projects = context.remote ? (context.projectRoots ?? [context.projectDir]) : [context.projectDir];
    if (projects.some((dir) => existsSync(join(dir, 'node_modules')))) {
      next.add('installed_packages');
      next.add('exports');
    }
    if (await hasCourse()) next.add('course');
    const changed = next.size !== groups.size || [...next].some((g) => !groups.has(g));
    groups = next;
    if (changed) for (const listener of listeners) listener(groups);
  }

  return {
    get groups() {
      return groups;
    },
    refresh() {
      looking = looking.catch(() => undefined).then(look);
      return looking;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
