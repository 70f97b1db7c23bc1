// One bound on the work an export request may do: wall time and steps (files parsed, members and
// bases expanded, names followed). Type definitions come from installed packages, so a hostile or
// pathological one (a ring of `export *`, an interface that extends itself ten times) stops with
// a typed error saying which bound it hit, instead of blocking the server.
import { DocsError } from '../errors.js';

export interface WorkLimits {
  timeMs: number;
  steps: number;
}

/** Export answers come within 5 s on any package: 4 s of work, the rest to format and send. */
export const EXPORT_WORK_LIMITS: WorkLimits = { timeMs: 4_000, steps: 2_000_000 };

export interface WorkBudget {
  /** Starts a request's budget: `what` names the work in the error. */
  begin(what: string): void;
  /** Counts one step; throws LIMIT_EXCEEDED past the time or the steps. */
  spend(): void;
}

export function createWorkBudget(limits: WorkLimits = EXPORT_WORK_LIMITS, now: () => number = Date.now): WorkBudget {
  let what = 'reading exports';
  let deadline = Number.POSITIVE_INFINITY;
  let steps = 0;
  return {
    begin(label) {
      what = label;
      deadline = now() + limits.timeMs;
      steps = 0;
    },
    spend() {
      steps++;
      if (steps > limits.steps) throw new DocsError('LIMIT_EXCEEDED', `${what} stopped after ${limits.steps} steps (files, members, names): the package's type definitions are too large or circular to read within vdocs' bounds.`);
      // The clock is read every 64 steps: cheap, and a step is far below a millisecond.
      if ((steps & 63) === 0 && now() > deadline) throw new DocsError('LIMIT_EXCEEDED', `${what} stopped after ${limits.timeMs / 1000} s (${steps} steps): the package's type definitions are too large or circular to read within vdocs' bounds.`);
    },
  };
}
