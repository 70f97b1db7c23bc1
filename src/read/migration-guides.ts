// Migration guides of a doc set: pages whose path or title says migration or upgrade. Browse them,
// list a guide's sections, fetch chosen sections, or search only the guides.
import { DocsError } from '../errors.js';
import { normalizeNewlines } from '../markdown/newlines.js';
import { resolveDocSets, type DocSetSelector } from '../search/resolve-doc-sets.js';
import { searchDocs } from '../search/search-docs.js';
import type { Hit } from '../model.js';
import type { PageSummary, Store, StoredDocSet } from '../store/store.js';
import { cleanDocPath } from './doc-path.js';
import { readDoc, type ReadResult } from './read-doc.js';

const MIGRATION = /migrat|upgrad/i;

export interface MigrationOptions extends DocSetSelector {
  path?: string;
  listSections?: boolean;
  sections?: string[];
  query?: string;
  maxTokens?: number;
  cursor?: string;
}

export type MigrationResult =
  | { kind: 'guides'; docSet: StoredDocSet; guides: PageSummary[] }
  | { kind: 'sections'; docSet: StoredDocSet; path: string; sections: Array<{ anchor: string; heading: string; level: number }> }
  | { kind: 'content'; docSet: StoredDocSet; path: string; parts: Array<{ anchor: string; heading: string; text: string }>; missing: string[] }
  | { kind: 'page'; read: ReadResult }
  | { kind: 'search'; docSet: StoredDocSet; hits: Hit[] };

export function isMigrationPage(page: PageSummary): boolean {
  return MIGRATION.test(page.path) || MIGRATION.test(page.title);
}

export async function migrationGuides(store: Store, options: MigrationOptions): Promise<MigrationResult> {
  const [docSet] = await resolveDocSets(store, options);
  const guides = (await store.listPages(docSet.id)).filter(isMigrationPage);
  if (guides.length === 0) throw new DocsError('PATH_NOT_FOUND', `${docSet.name}@${docSet.version} has no migration or upgrade guides.`);
  const selector = { docset: docSet.name, version: docSet.version };

  if (options.query) {
    const result = await searchDocs(store, { ...selector, query: options.query, limit: 50, maxTokens: options.maxTokens });
    const paths = new Set(guides.map((g) => g.path));
    return { kind: 'search', docSet, hits: result.hits.filter((h) => paths.has(h.path)).slice(0, 8) };
  }
  if (!options.path) return { kind: 'guides', docSet, guides };

  let wanted = cleanDocPath(options.path).replace(/\.md$/, '');
  // Paths as other docs servers write them name the guide from the migrations folder down
  // (`upgrade-to-v1/agent`): when no guide starts with them, the guide or folder they end is meant.
  const stems = guides.map((g) => `/${g.path.replace(/\.md$/, '')}/`);
  const inner = stems.find((stem) => stem.includes(`/${wanted}/`));
  if (inner && !stems.some((stem) => stem.startsWith(`/${wanted}/`))) wanted = inner.slice(1, inner.indexOf(`/${wanted}/`) + wanted.length + 1);
  const guide = guides.find((g) => g.path === wanted || g.path === `${wanted}.md` || g.path.startsWith(`${wanted}/`));
  if (!guide) {
    throw new DocsError('PATH_NOT_FOUND', `"${wanted}" is not a migration guide of ${docSet.name}@${docSet.version}. Guides: ${guides.slice(0, 20).map((g) => g.path).join(', ')}.`);
  }
  if (guide.path !== wanted && guide.path !== `${wanted}.md`) {
    return { kind: 'guides', docSet, guides: guides.filter((g) => g.path.startsWith(`${wanted}/`)) };
  }
  const sections = (await store.getSections(docSet.id, guide.path)).filter((s) => s.kind === 'section' && s.anchor);
  if (options.listSections) {
    return { kind: 'sections', docSet, path: guide.path, sections: sections.map((s) => ({ anchor: s.anchor, heading: s.headingPath.slice(1).join(' > '), level: s.level })) };
  }
  if (options.sections?.length) {
    const page = await store.getPage(docSet.id, guide.path);
    const lines = normalizeNewlines(page!.content).split('\n');
    const parts: Array<{ anchor: string; heading: string; text: string }> = [];
    const missing: string[] = [];
    for (const name of options.sections) {
      const w = name.replace(/^#/, '').trim().toLowerCase();
      const heading = (x: (typeof sections)[number]) => (x.headingPath.at(-1) ?? '').toLowerCase();
      // Exact anchor or heading first; else the first heading that contains the words asked for.
      const s = sections.find((x) => x.anchor === w || heading(x) === w) ?? sections.find((x) => heading(x).includes(w) || x.anchor.includes(w.replace(/\s+/g, '-')));
      if (!s) {
        missing.push(name);
        continue;
      }
      const next = sections.find((x) => x.ord > s.ord && x.level <= s.level);
      parts.push({ anchor: s.anchor, heading: s.headingPath.slice(1).join(' > '), text: lines.slice(s.startLine - 1, next ? next.startLine - 1 : lines.length).join('\n').trim() });
    }
    return { kind: 'content', docSet, path: guide.path, parts, missing };
  }
  return { kind: 'page', read: await readDoc(store, { ...selector, path: guide.path, maxTokens: options.maxTokens, cursor: options.cursor }) };
}
