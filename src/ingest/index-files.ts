// Source files → pages and analysed sections, ready for any store backend. Each page gets a key
// (its path, its text and how it was parsed): versions of a library that share a key share the
// stored page, and only pages the store does not have yet are parsed at all.
import { createHash } from 'node:crypto';
import type { SectionKind, SourceFile } from '../model.js';
import { analyzeText } from '../text/analyze.js';
import { NewSegmentPostingsBuilder, type PageRows } from '../store/new-segment-postings.js';
import { bodyKey } from '../store/rows.js';
import type { IndexedSection, KnownPage, NewSegmentPostings, PageWrite } from '../store/store.js';
import { startSegmentPostings } from './segment-postings.js';
import { parseMarkdown } from '../markdown/parse-markdown.js';

/** Bump when parsing or analysis changes what a page's stored sections would be. */
const PARSER_VERSION = 6;

export interface IndexedFiles {
  pages: PageWrite[];
  /** Sections that are not the copy shown first among identical ones: page key and position. */
  secondary: Array<{ key: string; ord: number }>;
  sectionCount: number;
  warnings: string[];
  /** Hash over every page's path and content: equal hashes mean nothing to re-index. */
  sourceHash: string;
  /** When every page was parsed (for a new segment): its postings. */
  postings?: NewSegmentPostings;
}

export function hashFiles(files: SourceFile[]): string {
  // How pages are parsed counts too: a vdocs that parses differently indexes the same files again.
  const hash = createHash('sha256').update(String(PARSER_VERSION)).update('\u0000');
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    hash.update(file.path).update('\u0000').update(file.content).update('\u0000');
  }
  return hash.digest('hex');
}

/** Each file's key: equal keys mean equal stored pages and sections. */
export function pageKeys(files: SourceFile[]): { keys: string[]; boilerplate: Set<string> } {
  const boilerplate = findBoilerplate(files);
  const context = createHash('sha256').update(String(PARSER_VERSION));
  for (const line of [...boilerplate].sort()) context.update(line).update('\u0000');
  const prefix = context.digest('hex');
  const keys = files.map((f) => createHash('sha256').update(prefix).update(f.path).update('\u0000').update(f.content).digest('hex').slice(0, 32));
  return { keys, boilerplate };
}

/**
 * Parses and analyses the files whose key is not in `known` (all of them by default); pages the
 * store already has are passed by key, with their sections' identities for the primary copies.
 * `prepared`: the files' pageKeys, when the caller has them already.
 */
export function indexFiles(
  files: SourceFile[],
  known: ReadonlyMap<string, KnownPage> = new Map(),
  onProgress?: (done: number, total: number) => void,
  prepared: ReturnType<typeof pageKeys> = pageKeys(files),
): IndexedFiles {
  // Every page parsed (a new segment): its postings are counted as the pages come.
  const postings = known.size === 0 ? new NewSegmentPostingsBuilder() : undefined;
  const steps = indexSteps(files, known, onProgress, prepared, postings);
  for (;;) {
    const step = steps.next();
    if (step.done) return { ...step.value, postings: postings?.finish() };
  }
}

/**
 * indexFiles for a server and the CLI: the event loop gets a turn every `every` pages, so requests
 * are answered while a large doc set is parsed in the background, and a new segment's postings are
 * counted in a worker thread meanwhile (segment-postings.ts).
 */
export async function indexFilesYielding(
  files: SourceFile[],
  known: ReadonlyMap<string, KnownPage>,
  onProgress: ((done: number, total: number) => void) | undefined,
  prepared: ReturnType<typeof pageKeys>,
  countPostings = true,
  every = 20,
): Promise<IndexedFiles> {
  const postings = countPostings && known.size === 0 ? startSegmentPostings(files.length) : undefined;
  try {
    const steps = indexSteps(files, known, onProgress, prepared, postings);
    for (let n = 1; ; n++) {
      const step = steps.next();
      if (step.done) return { ...step.value, postings: await postings?.finish() };
      if (n % every === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  } catch (error) {
    postings?.abort();
    throw error;
  }
}

/** The work of indexFiles, one page a step. */
function* indexSteps(
  files: SourceFile[],
  known: ReadonlyMap<string, KnownPage>,
  onProgress: ((done: number, total: number) => void) | undefined,
  prepared: ReturnType<typeof pageKeys>,
  postings: { add(page: PageRows): void } | undefined,
): Generator<void, Omit<IndexedFiles, 'postings'>> {
  const warnings: string[] = [];
  const pages: PageWrite[] = [];
  const identities: Array<{ key: string; path: string; ord: number; kind: SectionKind; contentHash: string }> = [];
  const { keys, boilerplate } = prepared;
  for (const [i, file] of files.entries()) {
    yield;
    const key = keys[i];
    const hash = createHash('sha1').update(file.content).digest('hex');
    const have = known.get(key);
    if (have) {
      pages.push({ path: file.path, key, title: have.title, hash });
      for (const s of have.sections) identities.push({ key, path: file.path, ...s });
      onProgress?.(i + 1, files.length);
      continue;
    }
    const parsed = parseMarkdown(file.path, file.content, { boilerplate });
    warnings.push(...parsed.warnings);
    const title = analyzeText(parsed.title);
    const path = analyzeText(file.path.replace(/\.(md|mdx|markdown)$/i, ''));
    const sections: IndexedSection[] = parsed.sections.map((section) => {
      const fields = {
        title,
        headings: analyzeText(section.headingPath.slice(1).join('\n')),
        path,
        body: analyzeText(section.text),
        code: analyzeText(section.code),
      };
      return { ...section, fields, key: bodyKey(section, fields) };
    });
    postings?.add({ fields: { title, path }, sections: sections.map(({ kind, key, fields }) => ({ kind, key, fields })) });
    for (const s of sections) identities.push({ key, path: file.path, ord: s.ord, kind: s.kind, contentHash: s.contentHash });
    // Pages keep their exact bytes (as decoded text) so version diffs match `diff` on the files.
    pages.push({ path: file.path, key, title: parsed.title, hash, indexed: { content: file.content, fields: { title, path }, sections } });
    onProgress?.(i + 1, files.length);
  }
  return { pages, secondary: secondaryCopies(identities), sectionCount: identities.length, warnings, sourceHash: hashFiles(files) };
}

/**
 * Of each set of identical sections, the copy on the page with the most sections is shown first;
 * the others are listed. Computed per version: it depends on every page of that version.
 */
function secondaryCopies(sections: Array<{ key: string; path: string; ord: number; kind: SectionKind; contentHash: string }>): Array<{ key: string; ord: number }> {
  const perPage = new Map<string, number>();
  for (const s of sections) perPage.set(s.path, (perPage.get(s.path) ?? 0) + 1);
  const best = new Map<string, (typeof sections)[number]>();
  for (const s of sections) {
    if (s.kind !== 'section') continue;
    const current = best.get(s.contentHash);
    if (!current || perPage.get(s.path)! > perPage.get(current.path)!) best.set(s.contentHash, s);
  }
  return sections.filter((s) => s.kind === 'section' && best.get(s.contentHash) !== s).map((s) => ({ key: s.key, ord: s.ord }));
}

/**
 * Prose lines repeated on a large share of a doc set's pages (banners, "edit this page" notes).
 * They carry no meaning for search and cost tokens in every excerpt. Tables and code never count.
 */
export function findBoilerplate(files: SourceFile[]): Set<string> {
  const result = new Set<string>();
  if (files.length < 10) return result;
  const counts = new Map<string, number>();
  for (const file of files) {
    const seen = new Set<string>();
    let inFence = false;
    for (const raw of file.content.split('\n')) {
      const line = raw.trim();
      if (/^(```|~~~)/.test(line)) inFence = !inFence;
      if (inFence || line.length < 30 || line.startsWith('|') || line.startsWith('#')) continue;
      seen.add(line);
    }
    for (const line of seen) counts.set(line, (counts.get(line) ?? 0) + 1);
  }
  const threshold = Math.max(5, files.length * 0.3);
  for (const [line, count] of counts) if (count >= threshold) result.add(line);
  return result;
}
