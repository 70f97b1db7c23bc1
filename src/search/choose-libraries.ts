// Among many libraries, the few a question is about: ranking every library costs a few ms each
// (with 100 indexed, a third of a second), so with more than a handful asked, only the libraries
// the question names and those most about its words (topicality, from the rates of its words in
// each library, Store.termShares) are ranked in full. The answer says how many were left out.
import type { StoredDocSet } from '../store/store.js';
import type { Ranking } from './ranking.js';

export interface LibraryChoice {
  /** The doc sets to rank, in the order they were asked. */
  searched: StoredDocSet[];
  /** How many asked doc sets were left out. */
  skipped: number;
}

/**
 * The doc sets ranked in full: all of them when at most `ranking.libraries` are asked; else every
 * named one (the most topical `ranking.libraries` of them, if the question names more) and the
 * `ranking.libraries` most topical others. Ties keep the order asked.
 */
export function chooseLibraries(docSets: StoredDocSet[], topics: ReadonlyMap<number, number>, named: ReadonlySet<number>, ranking: Ranking): LibraryChoice {
  if (docSets.length <= ranking.libraries) return { searched: docSets, skipped: 0 };
  const order = docSets.map((d, i) => ({ d, i, topic: topics.get(d.id) ?? 0 })).sort((a, b) => b.topic - a.topic || a.i - b.i);
  const kept = new Set([
    ...order.filter((o) => named.has(o.d.id)).slice(0, ranking.libraries),
    ...order.filter((o) => !named.has(o.d.id)).slice(0, ranking.libraries),
  ].map((o) => o.d.id));
  const searched = docSets.filter((d) => kept.has(d.id));
  return { searched, skipped: docSets.length - searched.length };
}
