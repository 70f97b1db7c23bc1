// Reranking the store's BM25 candidates with evidence beyond their own text: their page's match,
// the best passage, quoted phrases and identifiers held as written, and among several libraries,
// each library's overall match, how much it is about the question's words, and being named.
import type { StoredDocSet, ScoredPage, ScoredSection } from '../store/store.js';
import { normalizePhrase } from './parse-query.js';
import { passageShares } from './passage-share.js';
import type { Ranking } from './ranking.js';

/** What a question's candidates are reranked on. */
export interface Evidence {
  /** The store's best sections, best first. */
  candidates: ScoredSection[];
  /** The store's best pages for the same terms. */
  pages: ScoredPage[];
  /** Doc sets the question names (namedDocSets). */
  named: ReadonlySet<number>;
  /** Quoted phrases, normalized (parse-query.ts). */
  phrases: string[];
  /** Identifiers as written, lowercase. */
  literals: string[];
  /** The question's words. */
  words: string[];
  /** Among several libraries: how much each is about the question's words (topicality). */
  topics?: Map<number, number>;
}

/**
 * A section of a page that matches the question as a whole is likelier to answer it than a
 * section that matches alone on an unrelated page: add a share of the page's own BM25 score,
 * scaled to the section scores of this query. Among several doc sets, the same holds one level
 * up: the library whose best sections match the question most strongly, or that the question
 * names, is likelier to hold the answer than one with a single lucky section.
 */
export function rerank(evidence: Evidence, ranking: Ranking): ScoredSection[] {
  const { candidates, pages, named, phrases, literals, words, topics } = evidence;
  if (candidates.length === 0) return candidates;
  const topSection = candidates[0].score;
  const topPage = pages[0]?.score ?? 1;
  const pageScore = new Map(pages.map((p) => [`${p.docSetId}\u0000${p.path}`, p.score / topPage]));
  const head = candidates.slice(0, ranking.passageDepth);
  const passages = ranking.passageWeight > 0 ? passageShares(head.map((c) => c.section.text), words) : [];
  const texts = phrases.length > 0 ? candidates.map((c) => normalizePhrase(c.section.text)) : [];
  const held = literalsIn(candidates, literals);
  // An identifier as written counts where few candidates hold it: one that many hold says little.
  const rare = new Set(literals.filter((l) => held.filter((h) => h.has(l)).length <= Math.max(1, candidates.length * ranking.literalShare)));
  const withPages = candidates.map((c, i) => {
    const page = ranking.pageWeight * (pageScore.get(`${c.section.docSetId}\u0000${c.section.path}`) ?? 0);
    const passage = ranking.passageWeight * (passages[i] ?? 0);
    const phrase = ranking.phraseWeight * shareIn(texts[i], phrases);
    const literal = rare.size > 0 ? (ranking.literalWeight * [...held[i]].filter((l) => rare.has(l)).length) / rare.size : 0;
    return { ...c, score: c.score + topSection * (page + passage + phrase + literal) };
  });
  const strength = docSetStrength(withPages, ranking);
  if (strength.size < 2 && named.size === 0) return withPages.sort((a, b) => b.score - a.score);
  const strongest = Math.max(...strength.values());
  return withPages
    .map((c) => {
      const id = c.section.docSetId;
      const overall = strength.size > 1 ? ranking.docSetWeight * ((strength.get(id) ?? 0) / strongest) : 0;
      const topic = ranking.topicWeight * (topics?.get(id) ?? 0);
      return { ...c, score: c.score + topSection * (overall + topic + (named.has(id) ? ranking.namedWeight : 0)) };
    })
    .sort((a, b) => b.score - a.score);
}

/**
 * The question's terms that can say which library it is about: not bare numbers (the "1" of
 * "1 MB", the "2" of `/v2/`), which every library's docs hold alike, so that their rates only add
 * noise to topicality. All of them when the question has nothing else.
 */
export function topicalTerms(terms: string[]): string[] {
  const words = terms.filter((t) => !/^\d+$/.test(t));
  return words.length > 0 ? words : terms;
}

/**
 * How much each doc set is about the question's words, relative to the best one (1): a library's
 * likelihood of producing the words, from each word's rate there (Store.termShares, smoothed), as
 * e^(L - max L). Rates per term indexed, not per section: with shares of sections, a library of
 * long sections looked about every common word.
 */
export function topicality(shares: Map<number, number[]>, ranking: Ranking): Map<number, number> {
  const likelihood = new Map([...shares].map(([id, rates]) => [id, rates.reduce((sum, rate) => sum + Math.log(rate + ranking.topicSmoothing), 0)]));
  const max = Math.max(...likelihood.values());
  return new Map([...likelihood].map(([id, l]) => [id, Math.exp(l - max)]));
}

/**
 * Per candidate, which of the question's identifiers (lowercase) its text holds as written: one
 * scan per text. Longest first, so that `agent.generate` does not hide `agent.generatevnext`.
 */
function literalsIn(candidates: ScoredSection[], literals: string[]): Array<Set<string>> {
  if (literals.length === 0) return candidates.map(() => new Set());
  const longestFirst = [...literals].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(longestFirst.map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
  return candidates.map((c) => new Set(Array.from(c.section.text.matchAll(pattern), (m) => m[0].toLowerCase())));
}

/** Share of the question's quoted phrases (an error message) that a section's normalized text contains word for word. */
function shareIn(normalized: string | undefined, phrases: string[]): number {
  if (phrases.length === 0 || normalized === undefined) return 0;
  return phrases.filter((p) => normalized.includes(p)).length / phrases.length;
}

/** Sum of each doc set's best candidate scores: how well the library as a whole matches. */
function docSetStrength(candidates: ScoredSection[], ranking: Ranking): Map<number, number> {
  const best = new Map<number, number[]>();
  for (const c of candidates) {
    const scores = best.get(c.section.docSetId) ?? [];
    if (scores.length < ranking.docSetDepth) scores.push(c.score);
    best.set(c.section.docSetId, scores);
  }
  return new Map([...best].map(([id, scores]) => [id, scores.reduce((a, b) => a + b, 0)]));
}

/**
 * Doc sets the question names among several searched: a word equal to the package name
 * (`undici`), or to a scoped package's name when the scope is named too (`mastra memory`).
 */
export function namedDocSets(words: string[], docSets: StoredDocSet[]): Set<number> {
  if (docSets.length < 2) return new Set();
  const said = new Set(words);
  const named = new Set<number>();
  for (const d of docSets) {
    const scoped = /^@([^/]+)\/(.+)$/.exec(d.name);
    const hit = scoped ? said.has(scoped[2].toLowerCase()) && said.has(scoped[1].toLowerCase()) : said.has(d.name.toLowerCase());
    if (hit) named.add(d.id);
  }
  return named.size === docSets.length ? new Set() : named;
}

