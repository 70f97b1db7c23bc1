// The postings worker as the built CLI runs it: the same postings as counting in this thread.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PageRows } from '../../src/store/new-segment-postings.js';
import { NewSegmentPostingsBuilder } from '../../src/store/new-segment-postings.js';
import { analyzeText } from '../../src/text/analyze.js';
import { ROOT } from '../helpers.js';

function pages(n: number): PageRows[] {
  return Array.from({ length: n }, (_, i) => {
    const title = analyzeText(`Page ${i}`);
    const path = analyzeText(`guide/page-${i}`);
    const section = (key: string, body: string) => ({ kind: 'section' as const, key, fields: { title, headings: '', path, body: analyzeText(body), code: analyzeText(`widget${i % 5}`) } });
    // Every page shares one body (counted once) and has one of its own.
    return { fields: { title, path }, sections: [section('shared', 'Every widget spins.'), section(`own-${i}`, `Widget ${i} spins ${i % 7} times, then rests for ${i} seconds.`)] };
  });
}

describe('counting a new segment\'s postings in a worker thread (built code)', () => {
  it('runs in a worker for a large add and counts exactly what this thread counts', async () => {
    const built = await import(pathToFileURL(join(ROOT, 'dist', 'ingest', 'segment-postings.js')).href);
    const all = pages(250);
    const postings = built.startSegmentPostings(all.length);
    expect(postings.thread).toBe('worker');
    for (const page of all) postings.add(page);
    const here = new NewSegmentPostingsBuilder();
    for (const page of all) here.add(page);
    const fromWorker = await postings.finish();
    const counted = here.finish();
    expect({ ...fromWorker, pages: { ...fromWorker.pages, bytes: [...fromWorker.pages.bytes] }, sections: { ...fromWorker.sections, bytes: [...fromWorker.sections.bytes] } }).toEqual({
      ...counted,
      pages: { ...counted.pages, bytes: [...counted.pages.bytes] },
      sections: { ...counted.sections, bytes: [...counted.sections.bytes] },
    });
    expect(counted.bodyLengths.length).toBe(251);
    // A small add is counted in this thread.
    expect(built.startSegmentPostings(10).thread).toBe('this');
  });

  it('stops the worker of an add that failed (it would keep the process alive), and still counts if asked', async () => {
    const built = await import(pathToFileURL(join(ROOT, 'dist', 'ingest', 'segment-postings.js')).href);
    const some = pages(250).slice(0, 40);
    const postings = built.startSegmentPostings(250);
    for (const page of some) postings.add(page);
    postings.abort();
    // Resolves once the worker has exited; the pages it had are counted here.
    const here = new NewSegmentPostingsBuilder();
    for (const page of some) here.add(page);
    expect((await postings.finish()).bodyLengths).toEqual(here.finish().bodyLengths);
  });
});
