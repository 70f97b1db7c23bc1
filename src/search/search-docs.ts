// Ranked, section-level search: BM25 candidates from the store (store/segment-ranking.ts),
// reranked (rerank.ts), duplicates folded and table rows merged (group-candidates.ts), then each
// hit read around on its page (read-around.ts) and cut to its share of the caller's token budget.
import { hasFence } from '../markdown/fences.js';
import type { Hit } from '../model.js';
import type { Store, StoredDocSet } from '../store/store.js';
import { clampMaxTokens, tokensToChars } from '../text/budget.js';
import { makeExcerpt, wordMatchers, type WordMatcher } from './excerpt.js';
import { groupCandidates, namedEarly, type Group } from './group-candidates.js';
import { codeBlocks, compactTables, tableSize, tableText } from './hit-text.js';
import { parseQuery, type ParsedQuery } from './parse-query.js';
import { FIELD_WEIGHTS, RANKING, type Ranking } from './ranking.js';
import { HIT_OVERHEAD_CHARS, mergeInto, pageLinesOf, prefetchPages, READS_ON_BELOW, readBack, readOn, shareWeights, type Shown } from './read-around.js';
import { chooseLibraries } from './choose-libraries.js';
import { namedDocSets, rerank, topicalTerms, topicality } from './rerank.js';
import { resolveDocSets, type DocSetSelector } from './resolve-doc-sets.js';
import { suggestIdentifiers } from './suggest-identifiers.js';

export { FIELD_WEIGHTS, RANKING, type Ranking } from './ranking.js';
export { HIT_OVERHEAD_CHARS } from './read-around.js';

export const DEFAULT_LIMIT = 5;
export const MAX_LIMIT = 50;
const CANDIDATES = 120;
const PAGE_CANDIDATES = 50;

export interface SearchOptions extends DocSetSelector {
  query: string;
  limit?: number;
  maxTokens?: number;
  /** 'code': sections with code examples first, shown as their code blocks. */
  kind?: 'docs' | 'code';
  /** Another set of ranking constants (the bench measures a change with it); default ranking. */
  ranking?: Ranking;
}

export interface SearchResult {
  hits: Hit[];
  /** The doc sets searched. */
  docSets: StoredDocSet[];
  /** Doc sets asked for but not searched: among many libraries, those least about the question (choose-libraries.ts). */
  skipped?: number;
  /** Results that matched but did not fit the limit or the token budget. */
  omitted: number;
  /**
   * Nothing matches the question well: the best section holds under a quarter of its words, or
   * the question had only stop words. The hits are the closest few, not answers; say so.
   */
  weak?: { found: string[]; missing: string[]; onlyStopWords: boolean };
  /** API names of the question that no candidate contains, with the nearest documented names (a typo). */
  suggestions?: Array<{ word: string; nearest: string[] }>;
}

/** Below this share of the question's words in the best section, the match is weak. */
const WEAK_COVERAGE = 0.25;
/** Hits shown for a weak match: the closest few, not ten guesses. */
const WEAK_LIMIT = 5;

export async function searchDocs(store: Store, options: SearchOptions): Promise<SearchResult> {
  const query = parseQuery(options.query);
  const ranking = options.ranking ?? RANKING;
  const asked = await resolveDocSets(store, options);
  let limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(options.limit ?? DEFAULT_LIMIT)));
  const named = namedDocSets(query.words, asked);
  // Among many libraries, only the few the question is about are ranked in full.
  const allTopics = asked.length > ranking.libraries ? topicality(await store.termShares(asked.map((d) => d.id), topicalTerms(query.terms)), ranking) : undefined;
  const { searched: docSets, skipped } = allTopics ? chooseLibraries(asked, allTopics, named, ranking) : { searched: asked, skipped: 0 };
  const sectionQuery = {
    docSetIds: docSets.map((d) => d.id),
    terms: query.terms,
    weights: FIELD_WEIGHTS,
    limit: CANDIDATES,
    maxTermShare: ranking.maxTermShare,
  };
  // Among several libraries, what the question is about; a library it names is stronger evidence.
  const weighsTopics = docSets.length > 1 && named.size === 0 && ranking.topicWeight > 0;
  const [candidates, pages, shares] = await Promise.all([
    store.searchSections(sectionQuery),
    store.searchPages({ ...sectionQuery, limit: PAGE_CANDIDATES }),
    weighsTopics && !allTopics ? store.termShares(sectionQuery.docSetIds, topicalTerms(query.terms)) : undefined,
  ]);
  const matchers = wordMatchers(query.words);
  const byId = new Map(docSets.map((d) => [d.id, d]));
  // With no library named, the most topical of all is among those chosen: topicality relative to it
  // is the same over all of them as over the chosen.
  const topics = weighsTopics ? (allTopics ?? topicality(shares!, ranking)) : undefined;
  const evidence = { candidates, pages, named, phrases: query.phrases, literals: query.literals, words: query.words, topics };
  let groups = namedEarly(groupCandidates(rerank(evidence, ranking), byId, options.policy), named);
  if (options.kind === 'code') groups = [...groups.filter((g) => hasFence(g.best.section.text)), ...groups.filter((g) => !hasFence(g.best.section.text))];
  const weak = weakMatch(groups[0], query, matchers);
  if (weak) limit = Math.min(limit, WEAK_LIMIT);
  const budget = tokensToChars(clampMaxTokens(options.maxTokens));
  const pageLines = pageLinesOf(store);

  prefetchPages(groups, limit, budget, pageLines, ranking);

  const hits: Hit[] = [];
  const covered = new Map<string, Array<[number, number]>>();
  /** Per page, the hits shown from it: their lines (read-on and read-back included) and budget, to merge neighbours into. */
  const shown = new Map<string, Shown[]>();
  let remaining = budget;
  let used = 0;
  for (const group of groups) {
    if (hits.length === limit) break;
    const section = group.best.section;
    const pageKey = `${section.docSetId}\u0000${section.path}`;
    const ranges = covered.get(pageKey) ?? [];
    if (group.rows.length === 0 && ranges.some(([a, b]) => section.startLine >= a && section.endLine <= b)) {
      used++;
      continue;
    }
    // The budget is shared among the first few hits so that each shows its answering lines;
    // later hits get what those left over, and the rest are counted as omitted.
    const slots = Math.max(1, Math.min(limit, ranking.fullHits) - hits.length);
    const weights = shareWeights(hits.length, slots, ranking);
    const share = (remaining * weights[0]) / weights.reduce((a, b) => a + b, 0) - HIT_OVERHEAD_CHARS;
    if (share < 120) break;
    const docSet = byId.get(section.docSetId)!;
    const codeOnly = options.kind === 'code' && hasFence(section.text);
    // A section shown as written (not a table's rows, not only its code) reads on and merges with its neighbours.
    const prose = group.rows.length === 0 && !codeOnly;
    let text = compactTables(group.rows.length > 0 ? tableText(group.rows, await tableSize(store, section)) : codeOnly ? codeBlocks(section.text) : section.text);
    let [firstLine, lastLine] = [section.startLine, section.endLine];
    if (prose && text.length < share * READS_ON_BELOW) ({ text, lastLine } = await readOn(pageLines, section, text, Math.floor(share), matchers));
    if (prose && text.length < share * READS_ON_BELOW) ({ text, firstLine } = await readBack(pageLines, section, text, Math.floor(share)));
    const neighbour = prose ? shown.get(pageKey)?.find((h) => firstLine <= h.last + 1 && lastLine >= h.first - 1) : undefined;
    if (neighbour) {
      // A section next to or overlapping a hit already shown from its page joins that hit, with
      // both budgets: one fuller excerpt of the passage instead of two slivers repeating lines.
      const merged = await mergeInto(neighbour, firstLine, lastLine, share + HIT_OVERHEAD_CHARS, pageLines, matchers);
      if (merged) {
        remaining += hits[neighbour.index].text.length - merged.text.length;
        hits[neighbour.index] = { ...hits[neighbour.index], ...merged };
        used++;
        continue;
      }
    }
    const excerpt = makeExcerpt(compactTables(text), matchers, Math.floor(share));
    if (!excerpt.truncated) ranges.push([firstLine, lastLine]);
    covered.set(pageKey, ranges);
    remaining -= excerpt.text.length + HIT_OVERHEAD_CHARS;
    used++;
    if (prose) shown.set(pageKey, [...(shown.get(pageKey) ?? []), { index: hits.length, docSetId: section.docSetId, path: section.path, first: firstLine, last: lastLine, share }]);
    hits.push({
      docset: docSet.name,
      version: docSet.version,
      path: section.path,
      heading: (group.rows.length > 0 ? section.headingPath.slice(0, -1) : section.headingPath).join(' > '),
      anchor: section.anchor,
      lines: [excerpt.truncated ? section.startLine : firstLine, excerpt.truncated ? section.endLine : lastLine],
      text: excerpt.text,
      score: Math.round(group.best.score * 1000) / 1000,
      alsoIn: [...group.alsoIn].slice(0, 5),
      truncated: excerpt.truncated,
    });
  }
  const suggestions = await suggestIdentifiers(store, docSets, options.query, candidates.map((c) => c.section));
  return { hits, docSets, omitted: groups.length - used, ...(skipped > 0 ? { skipped } : {}), ...(weak ? { weak } : {}), ...(suggestions.length > 0 ? { suggestions } : {}) };
}

/** The question's words the best section has and lacks, when it has too few of them (or only stop words were asked). */
function weakMatch(best: Group | undefined, query: ParsedQuery, matchers: WordMatcher[]): SearchResult['weak'] {
  if (query.words.length === 0 && !query.onlyStopWords) return undefined;
  if (!best) return { found: [], missing: query.words, onlyStopWords: query.onlyStopWords };
  const section = best.best.section;
  const text = `${section.headingPath.join('\n')}\n${section.text}`.toLowerCase();
  const found = query.words.filter((_, i) => matchers[i].indexIn(text) >= 0);
  if (!query.onlyStopWords && found.length >= query.words.length * WEAK_COVERAGE) return undefined;
  return { found, missing: query.words.filter((w) => !found.includes(w)), onlyStopWords: query.onlyStopWords };
}
