// Ranked, section-level search: BM25 candidates from the store, folded duplicates, table rows
// merged per table, then excerpts sized to the caller's token budget.
import type { Hit, StoredSection } from '../model.js';
import type { FieldWeights, ScoredSection, Store, StoredDocSet } from '../store/store.js';
import { clampMaxTokens, tokensToChars } from './budget.js';
import { makeExcerpt, wordMatchers } from './excerpt.js';
import { parseQuery } from './parse-query.js';
import { resolveDocSets, type DocSetSelector } from './resolve-doc-sets.js';

export const DEFAULT_LIMIT = 5;
export const MAX_LIMIT = 50;
const CANDIDATES = 120;
const ROWS_PER_TABLE_HIT = 4;
/** Characters each hit's header line costs in a formatted answer, reserved from the budget. */
export const HIT_OVERHEAD_CHARS = 160;

export const FIELD_WEIGHTS: FieldWeights = { title: 3, headings: 4, path: 2, body: 1, code: 2 };

export interface SearchOptions extends DocSetSelector {
  query: string;
  limit?: number;
  maxTokens?: number;
}

export interface SearchResult {
  hits: Hit[];
  docSets: StoredDocSet[];
  /** Results that matched but did not fit the limit or the token budget. */
  omitted: number;
}

interface Group {
  best: ScoredSection;
  rows: StoredSection[];
  alsoIn: Set<string>;
}

export async function searchDocs(store: Store, options: SearchOptions): Promise<SearchResult> {
  const query = parseQuery(options.query);
  const docSets = await resolveDocSets(store, options);
  const limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(options.limit ?? DEFAULT_LIMIT)));
  const candidates = await store.searchSections({
    docSetIds: docSets.map((d) => d.id),
    terms: query.terms,
    weights: FIELD_WEIGHTS,
    limit: CANDIDATES,
  });
  const groups = groupCandidates(candidates);
  const budget = tokensToChars(clampMaxTokens(options.maxTokens));
  const matchers = wordMatchers(query.words);
  const byId = new Map(docSets.map((d) => [d.id, d]));

  const hits: Hit[] = [];
  const chosen = groups.slice(0, limit);
  const weights = chosen.map((_, i) => 1 / Math.sqrt(i + 1));
  let remaining = budget;
  let weightLeft = weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < chosen.length; i++) {
    const share = (remaining * weights[i]) / weightLeft - HIT_OVERHEAD_CHARS;
    weightLeft -= weights[i];
    if (share < 120) break;
    const group = chosen[i];
    const section = group.best.section;
    const docSet = byId.get(section.docSetId)!;
    const text = group.rows.length > 0 ? tableText(group.rows) : section.text;
    const excerpt = makeExcerpt(text, matchers, Math.floor(share));
    remaining -= excerpt.text.length + HIT_OVERHEAD_CHARS;
    hits.push({
      docset: docSet.name,
      version: docSet.version,
      path: section.path,
      heading: (group.rows.length > 0 ? section.headingPath.slice(0, -1) : section.headingPath).join(' > '),
      anchor: section.anchor,
      lines: [section.startLine, section.endLine],
      text: excerpt.text,
      score: Math.round(group.best.score * 1000) / 1000,
      alsoIn: [...group.alsoIn].slice(0, 5),
      truncated: excerpt.truncated,
    });
  }
  return { hits, docSets, omitted: groups.length - hits.length };
}

/** One group per distinct text (duplicates on other pages fold into `alsoIn`) and per table. */
function groupCandidates(candidates: ScoredSection[]): Group[] {
  const groups: Group[] = [];
  const byHash = new Map<string, Group>();
  const byTable = new Map<string, Group>();
  for (const candidate of candidates) {
    const s = candidate.section;
    if (s.kind === 'row') {
      const key = `${s.docSetId}\u0000${s.path}\u0000${s.anchor}\u0000${s.ord}`;
      const tableKey = `${s.docSetId}\u0000${s.path}\u0000${s.headingPath.slice(0, -1).join('\u0000')}`;
      const table = byTable.get(tableKey);
      if (table) {
        if (table.rows.length < ROWS_PER_TABLE_HIT) table.rows.push(s);
        continue;
      }
      const group: Group = { best: candidate, rows: [s], alsoIn: new Set() };
      byTable.set(tableKey, group);
      byHash.set(key, group);
      groups.push(group);
      continue;
    }
    const hashKey = `${s.docSetId}\u0000${s.contentHash}`;
    const twin = byHash.get(hashKey);
    if (twin) {
      if (twin.best.section.path !== s.path) twin.alsoIn.add(s.path);
      continue;
    }
    const group: Group = { best: candidate, rows: [], alsoIn: new Set() };
    byHash.set(hashKey, group);
    groups.push(group);
  }
  return groups;
}

/** A table hit: the header lines once, then the matching rows in rank order. */
function tableText(rows: StoredSection[]): string {
  const lines = rows[0].text.split('\n');
  const header = lines.slice(0, -1);
  return [...header, ...rows.map((r) => r.text.split('\n').at(-1) ?? '')].join('\n');
}
