// Source files → pages and analysed sections, ready for any store backend.
import { createHash } from 'node:crypto';
import type { Page, SourceFile } from '../model.js';
import { analyzeText } from '../search/analyze.js';
import type { IndexedSection, PageFields } from '../store/store.js';
import { parseMarkdown } from './markdown/parse-markdown.js';

export interface IndexedFiles {
  pages: Array<Page & { fields: PageFields }>;
  sections: IndexedSection[];
  warnings: string[];
  /** Hash over every page's path and content: equal hashes mean nothing to re-index. */
  sourceHash: string;
}

export function hashFiles(files: SourceFile[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    hash.update(file.path).update('\u0000').update(file.content).update('\u0000');
  }
  return hash.digest('hex');
}

export function indexFiles(files: SourceFile[], onProgress?: (done: number, total: number) => void): IndexedFiles {
  const warnings: string[] = [];
  const pages: Array<Page & { fields: PageFields }> = [];
  const sections: IndexedSection[] = [];
  const boilerplate = findBoilerplate(files);
  files.forEach((file, i) => {
    const parsed = parseMarkdown(file.path, file.content, { boilerplate });
    warnings.push(...parsed.warnings);
    // Pages keep their exact bytes (as decoded text) so version diffs match `diff` on the files.
    const content = file.content;
    const title = analyzeText(parsed.title);
    const path = analyzeText(file.path.replace(/\.(md|mdx|markdown)$/i, ''));
    const body = analyzeText(parsed.sections.filter((s) => s.kind === 'section').map((s) => s.text).join('\n'));
    pages.push({ path: file.path, title: parsed.title, content, hash: createHash('sha1').update(content).digest('hex'), fields: { title, path, body } });
    for (const section of parsed.sections) {
      sections.push({
        ...section,
        fields: {
          title,
          headings: analyzeText(section.headingPath.slice(1).join('\n')),
          path,
          body: analyzeText(section.text),
          code: analyzeText(section.code),
        },
      });
    }
    onProgress?.(i + 1, files.length);
  });
  markPrimaryCopies(sections);
  return { pages, sections, warnings, sourceHash: hashFiles(files) };
}

/** Of each set of identical sections, the copy on the page with the most sections is the primary. */
function markPrimaryCopies(sections: IndexedSection[]): void {
  const perPage = new Map<string, number>();
  for (const s of sections) perPage.set(s.path, (perPage.get(s.path) ?? 0) + 1);
  const best = new Map<string, IndexedSection>();
  for (const s of sections) {
    if (s.kind !== 'section') continue;
    const current = best.get(s.contentHash);
    if (!current || perPage.get(s.path)! > perPage.get(current.path)!) best.set(s.contentHash, s);
  }
  for (const s of sections) s.primaryCopy = s.kind !== 'section' || best.get(s.contentHash) === s;
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
