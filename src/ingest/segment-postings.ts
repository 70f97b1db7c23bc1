// A new segment's postings built beside parsing: in a worker thread (postings-worker.ts) for a large
// add, so the second core stems and encodes while this one parses (corpus A: the add's write phase
// ~0.5 s shorter), else in this thread. A worker that cannot start (its script is not beside this
// module, as when running from TypeScript sources) or that fails leaves the work to this thread.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { NewSegmentPostingsBuilder, type PageRows } from '../store/new-segment-postings.js';
import type { NewSegmentPostings } from '../store/store.js';

/** Pages handed to the worker at a time. */
const BATCH = 32;
/** Fewer pages than this are counted here: starting a worker costs about what it saves. */
export const MIN_PAGES_FOR_WORKER = 100;

export interface SegmentPostings {
  /** Where the postings are counted. */
  readonly thread: 'worker' | 'this';
  add(page: PageRows): void;
  finish(): Promise<NewSegmentPostings>;
  /** Stops counting (the add failed): a worker left waiting would keep the process alive. */
  abort(): void;
}

export function startSegmentPostings(pages: number): SegmentPostings {
  const script = pages >= MIN_PAGES_FOR_WORKER ? workerScript() : undefined;
  return script ? inWorker(script) : here();
}

function here(): SegmentPostings {
  const builder = new NewSegmentPostingsBuilder();
  return { thread: 'this', add: (page) => builder.add(page), finish: async () => builder.finish(), abort: () => undefined };
}

function inWorker(script: URL): SegmentPostings {
  // Every page is kept until the worker answers: if it fails, this thread counts them after all.
  const all: PageRows[] = [];
  let batch: PageRows[] = [];
  let worker: Worker | undefined;
  let failed = false;
  let answer: Promise<NewSegmentPostings | undefined>;
  try {
    worker = new Worker(script);
    const started = worker;
    answer = new Promise((resolve) => {
      started.once('message', resolve);
      started.once('error', () => resolve(undefined));
      started.once('exit', () => resolve(undefined));
    });
  } catch {
    failed = true;
    answer = Promise.resolve(undefined);
  }
  const send = () => {
    if (!failed && batch.length > 0) worker!.postMessage(batch);
    batch = [];
  };
  return {
    thread: 'worker',
    add(page) {
      all.push(page);
      batch.push(page);
      if (batch.length >= BATCH) send();
    },
    async finish() {
      send();
      if (!failed) worker!.postMessage(null);
      const postings = await answer;
      void worker?.terminate();
      if (postings) return postings;
      const builder = new NewSegmentPostingsBuilder();
      for (const page of all) builder.add(page);
      return builder.finish();
    },
    abort() {
      failed = true;
      void worker?.terminate();
    },
  };
}

/** postings-worker.js beside this module (tsc output), or one folder up from a bundle chunk. */
function workerScript(): URL | undefined {
  for (const relative of ['./postings-worker.js', '../postings-worker.js']) {
    const url = new URL(relative, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return undefined;
}
