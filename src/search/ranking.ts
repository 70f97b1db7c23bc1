// The ranking's constants, tuned on the public bench sets (docs/ranking-log.md) and frozen: a
// search takes them as they are, or a whole other set (SearchOptions.ranking) to measure a change.
import type { FieldWeights } from '../store/store.js';

export const FIELD_WEIGHTS: Readonly<FieldWeights> = Object.freeze({ title: 5, headings: 5, path: 3, body: 1, code: 2 });

/** Tuned on the public bench sets (see the closing notes); constants, not settings. */
export const RANKING = Object.freeze({
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
  passageDepth: 25,
  /** Among several libraries, share of the top score added to the one most about the question's words (topicality). */
  topicWeight: 0.8,
  /** Added to every term's rate in a library (one occurrence per 100,000 terms indexed), so a missing word costs a bounded amount. */
  topicSmoothing: 0.00001,
  /** With more libraries asked than this, only the named ones and this many most about the question are ranked (choose-libraries.ts). */
  libraries: 10,
});

/** A set of ranking constants: RANKING, or another to measure a change. */
export type Ranking = { readonly [K in keyof typeof RANKING]: number };
