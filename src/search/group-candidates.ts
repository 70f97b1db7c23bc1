// Folding duplicate candidates into one hit each: the same section on several pages or in several
// doc sets, near copies within a family of doc sets, and the rows of one table; then the hits'
// order where the question names a library (namedEarly).
import type { StoredSection } from '../model.js';
import type { ScoredSection, StoredDocSet } from '../store/store.js';
import type { VersionPolicy } from './resolve-doc-sets.js';

const ROWS_PER_TABLE_HIT = 4;

export interface Group {
  best: ScoredSection;
  rows: StoredSection[];
  alsoIn: Set<string>;
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
export function groupCandidates(candidates: ScoredSection[], docSets: ReadonlyMap<number, StoredDocSet>, policy: VersionPolicy | undefined): Group[] {
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

/**
 * A library the question names ("in my npm workspaces") shows its best hit first or second: another
 * library that discusses the same words (a framework's monorepo guide) can outscore every section
 * of it, but the question said which library it is about. Second, not first: a library's name is
 * also a word ("install it with npm") in questions about another.
 */
export function namedEarly(groups: Group[], named: ReadonlySet<number>): Group[] {
  if (named.size === 0 || groups.length < 3 || named.has(groups[0].best.section.docSetId)) return groups;
  const i = groups.findIndex((g) => named.has(g.best.section.docSetId));
  return i > 1 ? [groups[0], groups[i], ...groups.slice(1, i), ...groups.slice(i + 1)] : groups;
}
