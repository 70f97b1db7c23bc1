// "Did you mean": an API name in the question that no candidate section contains is likely a typo
// (`createAgnet`). The nearest identifiers are drawn from the doc sets' page titles and the headings
// and code of this search's candidates: the names a reference documents.
import type { StoredSection } from '../model.js';
import type { Store, StoredDocSet } from '../store/store.js';
import { identifierWords } from '../text/analyze.js';

const MAX_SUGGESTIONS = 3;
const IDENTIFIER = /[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*/g;

/** Identifiers of the question that appear in none of the candidates, each with its nearest known names. */
export async function suggestIdentifiers(store: Store, docSets: StoredDocSet[], query: string, candidates: StoredSection[]): Promise<Array<{ word: string; nearest: string[] }>> {
  const asked = [...new Set(identifierWords(query))];
  if (asked.length === 0) return [];
  const seen = candidates.map((c) => `${c.headingPath.join('\n')}\n${c.text}`.toLowerCase());
  const missing = asked.filter((w) => !seen.some((text) => text.includes(w.toLowerCase())));
  if (missing.length === 0) return [];
  const names = new Set<string>();
  const collect = (text: string) => {
    for (const name of identifiersIn(text)) names.add(name);
  };
  for (const d of docSets) for (const name of await titleNames(store, d)) names.add(name);
  for (const c of candidates) {
    for (const heading of c.headingPath) collect(heading);
    collect(c.code);
  }
  return missing
    .map((word) => ({ word, nearest: nearestNames(word, [...names]) }))
    .filter((s) => s.nearest.length > 0);
}

/** Per store, the names in each doc set's page titles, for the last few doc sets asked about. */
const titleCache = new WeakMap<Store, Map<string, Promise<string[]>>>();
const TITLE_CACHE_SIZE = 32;

/** The identifiers in a doc set's page titles: read once per stored version (its id and indexing time). */
function titleNames(store: Store, docSet: StoredDocSet): Promise<string[]> {
  let cache = titleCache.get(store);
  if (!cache) titleCache.set(store, (cache = new Map()));
  const key = `${docSet.id}\u0000${docSet.indexedAt}`;
  let names = cache.get(key);
  if (!names) {
    names = store.listPages(docSet.id).then((pages) => [...new Set(pages.flatMap((p) => identifiersIn(p.title)))]);
    names.catch(() => cache.delete(key));
    if (cache.size >= TITLE_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(key, names);
  }
  return names;
}

function identifiersIn(text: string): string[] {
  return [...text.matchAll(IDENTIFIER)].map((m) => m[0]).filter((name) => name.length >= 3);
}

/** Names within a quarter of the word's length in edits (at least 1, at most 3), nearest first. */
function nearestNames(word: string, names: string[]): string[] {
  const target = word.toLowerCase();
  const limit = Math.min(3, Math.max(1, Math.floor(target.length / 4)));
  return names
    .map((name) => ({ name, distance: editDistance(target, name.toLowerCase(), limit) }))
    .filter((n) => n.distance > 0 && n.distance <= limit)
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, MAX_SUGGESTIONS)
    .map((n) => n.name);
}

/** Optimal string alignment distance (a swap of two neighbours is one edit), cut off above `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = Array.from({ length: b.length + 1 }, (_, j) => j);
  let previous = before.slice();
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = row;
  }
  return previous[b.length];
}
