// Ranked, section-level search: BM25 candidates from the store, folded duplicates, table rows
// merged per table, then excerpts sized to the caller's token budget.
import { normalizeNewlines } from '../ingest/markdown/newlines.js';
import type { Hit, Page, StoredSection } from '../model.js';
import type { FieldWeights, ScoredPage, ScoredSection, Store, StoredDocSet } from '../store/store.js';
import { clampMaxTokens, tokensToChars } from './budget.js';
import { makeExcerpt, wordMatchers, type WordMatcher } from './excerpt.js';
import { normalizePhrase, parseQuery, type ParsedQuery } from './parse-query.js';
import { passageShares } from './passage-share.js';
import { resolveDocSets, type DocSetSelector, type VersionPolicy } from './resolve-doc-sets.js';
import { suggestIdentifiers } from './suggest-identifiers.js';

export const DEFAULT_LIMIT = 5;
export const MAX_LIMIT = 50;
const CANDIDATES = 120;
const PAGE_CANDIDATES = 50;
const ROWS_PER_TABLE_HIT = 4;
/** A section shorter than this share of its hit's budget reads on into the lines after it (readOn). */
const READS_ON_BELOW = 0.8;
/** Characters each hit's header line costs in a formatted answer, reserved from the budget. */
export const HIT_OVERHEAD_CHARS = 160;

export const FIELD_WEIGHTS: FieldWeights = { title: 5, headings: 5, path: 3, body: 1, code: 2 };

export interface SearchOptions extends DocSetSelector {
  query: string;
  limit?: number;
  maxTokens?: number;
  /** 'code': sections with code examples first, shown as their code blocks. */
  kind?: 'docs' | 'code';
}

export interface SearchResult {
  hits: Hit[];
  docSets: StoredDocSet[];
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

interface Group {
  best: ScoredSection;
  rows: StoredSection[];
  alsoIn: Set<string>;
}

export async function searchDocs(store: Store, options: SearchOptions): Promise<SearchResult> {
  const query = parseQuery(options.query);
  const docSets = await resolveDocSets(store, options);
  let limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(options.limit ?? DEFAULT_LIMIT)));
  const sectionQuery = {
    docSetIds: docSets.map((d) => d.id),
    terms: query.terms,
    weights: FIELD_WEIGHTS,
    limit: CANDIDATES,
    maxTermShare: RANKING.maxTermShare,
  };
  const named = namedDocSets(query.words, docSets);
  // Among several libraries, what the question is about; a library it names is stronger evidence.
  const weighsTopics = docSets.length > 1 && named.size === 0 && RANKING.topicWeight > 0;
  const [candidates, pages, shares] = await Promise.all([
    store.searchSections(sectionQuery),
    store.searchPages({ ...sectionQuery, limit: PAGE_CANDIDATES }),
    weighsTopics ? store.termShares(sectionQuery.docSetIds, query.terms) : undefined,
  ]);
  const matchers = wordMatchers(query.words);
  const byId = new Map(docSets.map((d) => [d.id, d]));
  let groups = groupCandidates(rerank(candidates, pages, named, query.phrases, query.literals, query.words, shares && topicality(shares)), byId, options.policy);
  if (options.kind === 'code') groups = [...groups.filter((g) => hasFence(g.best.section.text)), ...groups.filter((g) => !hasFence(g.best.section.text))];
  const weak = weakMatch(groups[0], query, matchers);
  if (weak) limit = Math.min(limit, WEAK_LIMIT);
  const budget = tokensToChars(clampMaxTokens(options.maxTokens));
  const pageLines = pageLinesOf(store);

  prefetchPages(groups, limit, budget, pageLines);

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
    const slots = Math.max(1, Math.min(limit, RANKING.fullHits) - hits.length);
    const weights = shareWeights(hits.length, slots);
    const share = (remaining * weights[0]) / weights.reduce((a, b) => a + b, 0) - HIT_OVERHEAD_CHARS;
    if (share < 120) break;
    const docSet = byId.get(section.docSetId)!;
    const codeOnly = options.kind === 'code' && hasFence(section.text);
    // A section shown as written (not a table's rows, not only its code) reads on and merges with its neighbours.
    const prose = group.rows.length === 0 && !codeOnly;
    let text = group.rows.length > 0 ? tableText(group.rows, await tableSize(store, section)) : codeOnly ? codeBlocks(section.text) : section.text;
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
    const excerpt = makeExcerpt(text, matchers, Math.floor(share));
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
  return { hits, docSets, omitted: groups.length - used, ...(weak ? { weak } : {}), ...(suggestions.length > 0 ? { suggestions } : {}) };
}

/** Tuned on the public bench sets (see the closing notes); constants, not settings. */
export const RANKING = {
  /** Share of the page-level score added to each of its sections. */
  pageWeight: 0.3,
  /** Hit k gets a budget share proportional to 1 / k^shareDecay. */
  shareDecay: 0.7,
  /** Hits the budget is planned for; more are shown only with what these leave. */
  fullHits: 5,
  /** Terms in more than this share of sections do not select candidates. */
  maxTermShare: 0.2,
  /** Among several doc sets, share of a doc set's overall match (its best candidates) added to each of its sections. */
  docSetWeight: 0.3,
  /** How many of a doc set's best candidates measure its overall match. */
  docSetDepth: 5,
  /** Share of the top score added to a section that holds the question's quoted phrases word for word. */
  phraseWeight: 0.5,
  /** Share of the top score added to a section that holds the question's identifiers as written (`engines.node`)... */
  literalWeight: 0.1,
  /** ...when at most this share of the candidates hold them. */
  literalShare: 0.1,
  /** A doc set the question names ("with undici") gets this share of the top score added. */
  namedWeight: 0.5,
  /** Share of the top score added in proportion to the best passage's share of the question (passage-share.ts). */
  passageWeight: 0.15,
  /** How many of the best candidates are measured for their best passage. */
  passageDepth: 20,
  /** Among several libraries, share of the top score added to the one most about the question's words (topicality). */
  topicWeight: 0.8,
  /** Added to every term's rate in a library (one occurrence per 100,000 terms indexed), so a missing word costs a bounded amount. */
  topicSmoothing: 0.00001,
};

/** A hit shown from a page: its lines (read-on and read-back included) and its budget (characters). */
interface Shown {
  index: number;
  docSetId: number;
  path: string;
  first: number;
  last: number;
  share: number;
}

/**
 * The hit `into` grown to cover lines first..last of its page too: the page's lines over both,
 * cut to both budgets. It keeps its heading and anchor: the best match. Undefined when the page
 * cannot be read.
 */
async function mergeInto(into: Shown, first: number, last: number, extra: number, pageLines: PageLines, matchers: WordMatcher[]): Promise<Pick<Hit, 'lines' | 'text' | 'truncated'> | undefined> {
  const lines = await pageLines(into.docSetId, into.path);
  if (!lines) return undefined;
  into.first = Math.min(into.first, first);
  into.last = Math.min(lines.length, Math.max(into.last, last));
  into.share += extra;
  const excerpt = makeExcerpt(lines.slice(into.first - 1, into.last).join('\n').trim(), matchers, Math.floor(into.share));
  return { lines: [into.first, into.last], text: excerpt.text, truncated: excerpt.truncated };
}

interface PageLines {
  (docSetId: number, path: string): Promise<string[] | undefined>;
  /** Reads these pages together (one store call), for the hits that will ask for them. */
  prefetch(refs: Array<{ docSetId: number; path: string }>): void;
}

/** A page's lines, read once per search however many of its sections are shown. */
function pageLinesOf(store: Store): PageLines {
  const pages = new Map<string, Promise<string[] | undefined>>();
  const keyOf = (docSetId: number, path: string) => `${docSetId}\u0000${path}`;
  const linesOf = (page: Page | undefined) => (page ? normalizeNewlines(page.content).split('\n') : undefined);
  const lines: PageLines = (docSetId, path) => {
    const key = keyOf(docSetId, path);
    let read = pages.get(key);
    if (!read) {
      read = store.getPage(docSetId, path).then(linesOf);
      pages.set(key, read);
    }
    return read;
  };
  lines.prefetch = (refs) => {
    const wanted = new Map<string, { docSetId: number; path: string }>();
    for (const r of refs) if (!pages.has(keyOf(r.docSetId, r.path))) wanted.set(keyOf(r.docSetId, r.path), r);
    if (wanted.size === 0) return;
    const read = store.getPages([...wanted.values()]);
    [...wanted.keys()].forEach((key, i) => {
      const page = read.then((all) => linesOf(all[i]));
      // Caught here only so that a page no hit waits for fails quietly; a hit that reads it still sees the error.
      page.catch(() => undefined);
      pages.set(key, page);
    });
  };
  return lines;
}

/** Budget weights of `count` hits from hit `first` (0-based) on: hit k weighs 1 / k^shareDecay. */
function shareWeights(first: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => 1 / Math.pow(first + i + 1, RANKING.shareDecay));
}

/**
 * The pages the first hits will likely read on from (readOn), requested at once: on a database
 * server, one round trip instead of one per page. Each hit is assumed to take its planned share of
 * the budget; a page missed here is read when its hit needs it.
 */
function prefetchPages(groups: Group[], limit: number, budget: number, pageLines: PageLines): void {
  const slots = Math.min(limit, RANKING.fullHits, groups.length);
  const weights = shareWeights(0, slots);
  const total = weights.reduce((a, b) => a + b, 0);
  const refs: Array<{ docSetId: number; path: string }> = [];
  weights.forEach((weight, i) => {
    const section = groups[i].best.section;
    const share = (budget * weight) / total - HIT_OVERHEAD_CHARS;
    if (groups[i].rows.length === 0 && section.text.length < share * READS_ON_BELOW) refs.push({ docSetId: section.docSetId, path: section.path });
  });
  pageLines.prefetch(refs);
}

/**
 * A short section gets the lines that follow it on its page, up to its share of the budget: the
 * answer often sits in the next paragraph or subsection. It stops at the end of its parent unless
 * the next heading names a word of the question (a last subsection "Publishing private packages"
 * followed by "Associating a scope with a registry"), and always at a page's title.
 */
async function readOn(pageLines: PageLines, section: StoredSection, text: string, maxChars: number, matchers: WordMatcher[]): Promise<{ text: string; lastLine: number }> {
  const lines = await pageLines(section.docSetId, section.path);
  if (!lines) return { text, lastLine: section.endLine };
  const levels = headingLevels(lines);
  const extra: string[] = [];
  let size = text.length;
  for (let i = section.endLine; i < lines.length; i++) {
    const level = levels[i];
    if (level > 0 && level < Math.max(2, section.level) && (level === 1 || !matchers.some((m) => m.test(lines[i])))) break;
    if (size + lines[i].length + 1 > maxChars) break;
    extra.push(lines[i]);
    size += lines[i].length + 1;
  }
  while (extra.length > 0 && extra[extra.length - 1].trim() === '') extra.pop();
  const lastLine = section.endLine + extra.length;
  return { text: extra.length > 0 ? `${text}\n\n${extra.join('\n').trim()}` : text, lastLine };
}

/**
 * A short first subsection still under its share after reading on gets its parent's own lines
 * before it (heading included) when all of them fit: an options list or a short note under a
 * heading is often the detail of the example or sentence just above it that answers.
 */
async function readBack(pageLines: PageLines, section: StoredSection, text: string, maxChars: number): Promise<{ text: string; firstLine: number }> {
  const lines = await pageLines(section.docSetId, section.path);
  const none = { text, firstLine: section.startLine };
  if (!lines || section.level < 2) return none;
  const levels = headingLevels(lines);
  let size = text.length;
  for (let i = section.startLine - 2; i >= 0; i--) {
    size += lines[i].length + 1;
    if (size > maxChars) return none;
    if (levels[i] === 0) continue;
    if (levels[i] >= section.level) return none;
    return { text: `${lines.slice(i, section.startLine - 1).join('\n').trim()}\n\n${text}`, firstLine: i + 1 };
  }
  return none;
}

/** Per page (its lines as pageLines reads them), the level of each line's heading. */
const levelsOfPage = new WeakMap<string[], Uint8Array>();

/**
 * The level (1–6) of each line that is an ATX heading, else 0. Lines in code fences are never
 * headings: a shell or YAML comment ("# install") would otherwise end a read-on or start a read-back.
 */
function headingLevels(lines: string[]): Uint8Array {
  let levels = levelsOfPage.get(lines);
  if (levels) return levels;
  levels = new Uint8Array(lines.length);
  let open: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const fence = fenceOf(lines[i]);
    if (open) {
      if (closes(open, lines[i], fence)) open = undefined;
    } else if (fence) open = fence;
    else levels[i] = /^(#{1,6})\s/.exec(lines[i])?.[1].length ?? 0;
  }
  levelsOfPage.set(lines, levels);
  return levels;
}

/**
 * A section of a page that matches the question as a whole is likelier to answer it than a
 * section that matches alone on an unrelated page: add a share of the page's own BM25 score,
 * scaled to the section scores of this query. Among several doc sets, the same holds one level
 * up: the library whose best sections match the question most strongly, or that the question
 * names, is likelier to hold the answer than one with a single lucky section.
 */
function rerank(candidates: ScoredSection[], pages: ScoredPage[], named: ReadonlySet<number>, phrases: string[], literals: string[], words: string[], topics?: Map<number, number>): ScoredSection[] {
  if (candidates.length === 0) return candidates;
  const topSection = candidates[0].score;
  const topPage = pages[0]?.score ?? 1;
  const pageScore = new Map(pages.map((p) => [`${p.docSetId}\u0000${p.path}`, p.score / topPage]));
  const head = candidates.slice(0, RANKING.passageDepth);
  const passages = RANKING.passageWeight > 0 ? passageShares(head.map((c) => c.section.text), words) : [];
  const texts = phrases.length > 0 ? candidates.map((c) => normalizePhrase(c.section.text)) : [];
  const held = literalsIn(candidates, literals);
  // An identifier as written counts where few candidates hold it: one that many hold says little.
  const rare = new Set(literals.filter((l) => held.filter((h) => h.has(l)).length <= Math.max(1, candidates.length * RANKING.literalShare)));
  const withPages = candidates.map((c, i) => {
    const page = RANKING.pageWeight * (pageScore.get(`${c.section.docSetId}\u0000${c.section.path}`) ?? 0);
    const passage = RANKING.passageWeight * (passages[i] ?? 0);
    const phrase = RANKING.phraseWeight * shareIn(texts[i], phrases);
    const literal = rare.size > 0 ? (RANKING.literalWeight * [...held[i]].filter((l) => rare.has(l)).length) / rare.size : 0;
    return { ...c, score: c.score + topSection * (page + passage + phrase + literal) };
  });
  const strength = docSetStrength(withPages);
  if (strength.size < 2 && named.size === 0) return withPages.sort((a, b) => b.score - a.score);
  const strongest = Math.max(...strength.values());
  return withPages
    .map((c) => {
      const id = c.section.docSetId;
      const overall = strength.size > 1 ? RANKING.docSetWeight * ((strength.get(id) ?? 0) / strongest) : 0;
      const topic = RANKING.topicWeight * (topics?.get(id) ?? 0);
      return { ...c, score: c.score + topSection * (overall + topic + (named.has(id) ? RANKING.namedWeight : 0)) };
    })
    .sort((a, b) => b.score - a.score);
}

/**
 * How much each doc set is about the question's words, relative to the best one (1): a library's
 * likelihood of producing the words, from each word's rate there (Store.termShares, smoothed), as
 * e^(L - max L). Rates per term indexed, not per section: with shares of sections, a library of
 * long sections looked about every common word.
 */
function topicality(shares: Map<number, number[]>): Map<number, number> {
  const likelihood = new Map([...shares].map(([id, rates]) => [id, rates.reduce((sum, rate) => sum + Math.log(rate + RANKING.topicSmoothing), 0)]));
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
function docSetStrength(candidates: ScoredSection[]): Map<number, number> {
  const best = new Map<number, number[]>();
  for (const c of candidates) {
    const scores = best.get(c.section.docSetId) ?? [];
    if (scores.length < RANKING.docSetDepth) scores.push(c.score);
    best.set(c.section.docSetId, scores);
  }
  return new Map([...best].map(([id, scores]) => [id, scores.reduce((a, b) => a + b, 0)]));
}

/**
 * Doc sets the question names among several searched: a word equal to the package name
 * (`undici`), or to a scoped package's name when the scope is named too (`mastra memory`).
 */
function namedDocSets(words: string[], docSets: StoredDocSet[]): Set<number> {
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

/**
 * One group per distinct section and per table. Duplicates on other pages, or in other doc sets (two
 * installed packages shipping the same guide), fold into `alsoIn`; so does the same section of
 * another doc set of the same family (same heading path) whose text is nearly the same, and a table
 * whose matching row another doc set's table has too: one guide at two versions. Near copies are
 * never folded across families: an installed package's near-copy of another library's section
 * (the same words, opposite advice) must not stand in for it.
 * The copy shown is the one from the doc set installed at its exact version, then the reference page.
 */
function groupCandidates(candidates: ScoredSection[], docSets: ReadonlyMap<number, StoredDocSet>, policy: VersionPolicy | undefined): Group[] {
  // The installed package's own docs (2) over a release chosen for it (`why`: nearest docs release, 1).
  const installed = (id: number) => {
    const docSet = docSets.get(id);
    const preference = docSet && policy?.get(docSet.name);
    if (preference?.reason !== 'installed' || preference.version !== docSet!.version) return 0;
    return preference.why ? 1 : 2;
  };
  const where = (section: StoredSection, other: StoredSection) => {
    if (section.docSetId === other.docSetId) return section.path;
    const d = docSets.get(section.docSetId);
    return d ? `${d.name}@${d.version}:${section.path}` : section.path;
  };
  const fold = (group: Group, s: StoredSection) => {
    // The group keeps its rank; the better copy is the one shown.
    const shown = group.best.section;
    const better = installed(s.docSetId) - installed(shown.docSetId) || (s.docSetId === shown.docSetId ? Number(s.primaryCopy) - Number(shown.primaryCopy) : 0);
    if (better > 0) {
      group.alsoIn.add(where(shown, s));
      group.alsoIn.delete(where(s, shown));
      group.best = { section: s, score: group.best.score };
    } else if (shown.path !== s.path || shown.docSetId !== s.docSetId) group.alsoIn.add(where(s, shown));
  };
  const groups: Group[] = [];
  const byHash = new Map<string, Group>();
  const byTable = new Map<string, Group>();
  const byRowHash = new Map<string, Group>();
  const byHeading = new Map<string, Array<{ group: Group; section: StoredSection; words?: Set<string> }>>();
  for (const candidate of candidates) {
    const s = candidate.section;
    if (s.kind === 'row') {
      const key = `${s.docSetId}\u0000${s.path}\u0000${s.anchor}\u0000${s.ord}`;
      const tableKey = `${s.docSetId}\u0000${s.path}\u0000${s.headingPath.slice(0, -1).join('\u0000')}`;
      const table = byTable.get(tableKey);
      if (table) {
        if (table.rows.length < ROWS_PER_TABLE_HIT && table.best.section.docSetId === s.docSetId) table.rows.push(s);
        continue;
      }
      // The same row in another doc set's table (one page at two versions): that table stands for both.
      const twin = byRowHash.get(s.contentHash);
      if (twin && twin.best.section.docSetId !== s.docSetId) {
        twin.alsoIn.add(where(s, twin.best.section));
        byTable.set(tableKey, twin);
        continue;
      }
      const group: Group = { best: candidate, rows: [s], alsoIn: new Set() };
      byTable.set(tableKey, group);
      byHash.set(key, group);
      byRowHash.set(s.contentHash, group);
      groups.push(group);
      continue;
    }
    const twin = byHash.get(s.contentHash);
    if (twin) {
      fold(twin, s);
      continue;
    }
    const headingKey = s.headingPath.join('\u0000').toLowerCase();
    // Word sets only for sections that share a heading path across doc sets: rare, and not free.
    const others = byHeading.get(headingKey)?.filter((g) => g.section.docSetId !== s.docSetId && sameFamily(docSets, g.section.docSetId, s.docSetId)) ?? [];
    const words = others.length > 0 ? wordSet(s.text) : undefined;
    const same = words && others.find((g) => nearlySame((g.words ??= wordSet(g.section.text)), words));
    if (same) {
      fold(same.group, s);
      continue;
    }
    const group: Group = { best: candidate, rows: [], alsoIn: new Set() };
    byHash.set(s.contentHash, group);
    byHeading.set(headingKey, [...(byHeading.get(headingKey) ?? []), { group, section: s, words }]);
    groups.push(group);
  }
  return groups;
}

/** `mastra` and `@mastra/core` are one family (the scope, else the name); `legit` and `legit-fork` are not. */
function sameFamily(docSets: ReadonlyMap<number, StoredDocSet>, a: number, b: number): boolean {
  const family = (id: number) => {
    const name = docSets.get(id)?.name ?? '';
    return /^@([^/]+)\//.exec(name)?.[1] ?? name;
  };
  return family(a) === family(b);
}

/** Sections this short are folded only when identical: a few shared words say little. */
const NEAR_MIN_WORDS = 12;
const NEAR_SIMILARITY = 0.8;

function wordSet(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}_$]{2,}/gu) ?? []);
}

/** Jaccard similarity of the two sections' word sets at or above NEAR_SIMILARITY. */
function nearlySame(a: Set<string>, b: Set<string>): boolean {
  if (a.size < NEAR_MIN_WORDS || b.size < NEAR_MIN_WORDS) return false;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared) >= NEAR_SIMILARITY;
}

/** The question's words the best section has and lacks, when it has too few of them (or only stop words were asked). */
function weakMatch(best: Group | undefined, query: ParsedQuery, matchers: WordMatcher[]): SearchResult['weak'] {
  if (!best || query.words.length === 0) return undefined;
  const section = best.best.section;
  const text = `${section.headingPath.join('\n')}\n${section.text}`.toLowerCase();
  const found = query.words.filter((_, i) => matchers[i].indexIn(text) >= 0);
  if (!query.onlyStopWords && found.length >= query.words.length * WEAK_COVERAGE) return undefined;
  return { found, missing: query.words.filter((w) => !found.includes(w)), onlyStopWords: query.onlyStopWords };
}

const FENCE = /^\s*(```|~~~)/m;

function hasFence(text: string): boolean {
  return FENCE.test(text);
}

/** The fence (three or more backticks or tildes) a line opens or closes, if it is a fence line. */
function fenceOf(line: string): string | undefined {
  return /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
}

/** Whether a line (its fence, fenceOf) closes the fence `open`: the same character, at least as many, nothing after. */
function closes(open: string, line: string, fence: string | undefined): boolean {
  return fence !== undefined && fence.startsWith(open[0]) && fence.length >= open.length && line.trim() === fence;
}

/** The fenced code blocks of a section, each with the line of prose just before it (what it shows). */
function codeBlocks(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let open: string | undefined;
  let lead = '';
  for (const line of lines) {
    const fence = fenceOf(line);
    if (!open && fence) {
      open = fence;
      if (lead) out.push(lead);
      out.push(line);
      continue;
    }
    if (open) {
      out.push(line);
      if (closes(open, line, fence)) {
        open = undefined;
        out.push('');
      }
      continue;
    }
    if (line.trim() && !line.startsWith('#')) lead = line.trim();
  }
  return out.join('\n').trim();
}

/** A table hit: the header lines once, the matching rows in rank order, then how much more there is. */
function tableText(rows: StoredSection[], total: number): string {
  const lines = rows[0].text.split('\n');
  const header = lines.slice(0, -1);
  const shown = [...header, ...rows.map((r) => r.text.split('\n').at(-1) ?? '')];
  if (total > rows.length) {
    const where = `${rows[0].path}${rows[0].anchor ? `#${rows[0].anchor}` : ''}`;
    shown.push('', `(${rows.length} of the table's ${total} rows match best; read ${where} for all of them, or ask about one row by name.)`);
  }
  return shown.join('\n');
}

/** How many rows the table of a row hit has (its rows share the page, anchor and heading path). */
async function tableSize(store: Store, row: StoredSection): Promise<number> {
  const table = row.headingPath.slice(0, -1).join('\u0000');
  const sections = await store.getSections(row.docSetId, row.path);
  return sections.filter((s) => s.kind === 'row' && s.anchor === row.anchor && s.headingPath.slice(0, -1).join('\u0000') === table).length;
}
