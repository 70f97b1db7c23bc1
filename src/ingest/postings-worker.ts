// A worker thread that builds a new segment's postings (store/new-segment-postings.ts) from the
// pages an add parses, so stemming and encoding run on a second core beside parsing. The parent is
// segment-postings.ts: pages come in batches, then `null`; the postings go back.
import { parentPort } from 'node:worker_threads';
import { NewSegmentPostingsBuilder, type PageRows } from '../store/new-segment-postings.js';

const builder = new NewSegmentPostingsBuilder();
parentPort?.on('message', (pages: PageRows[] | null) => {
  if (pages) for (const page of pages) builder.add(page);
  else parentPort!.postMessage(builder.finish());
});
