// User text → analysed search terms. Never throws on odd syntax: FTS operators, quotes and
// punctuation are plain text here; only empty, punctuation-only and oversized queries are refused.
import { DocsError } from '../errors.js';
import { analyzeQueryTerms } from '../text/analyze.js';
import { STOP_WORDS } from '../text/stop-words.js';

export const MAX_QUERY_BYTES = 4096;
const MAX_TERMS = 32;

export interface ParsedQuery {
  /** Terms for the index, identifiers' joined forms first. */
  terms: string[];
  /** Meaningful lowercase words, to find the matching part of a section. */
  words: string[];
  /** The query had nothing but stop words ("how to"), so those are searched for. */
  onlyStopWords: boolean;
  /** Quoted text of two words or more (an error message, a phrase), lowercase with single spaces. */
  phrases: string[];
  /** Identifiers, paths and flags as written (`node_modules/.package-lock.json`, `body.dump`, `--workspaces`), lowercase; at most 4. */
  literals: string[];
}

export function parseQuery(raw: string): ParsedQuery {
  if (typeof raw !== 'string' || raw.trim().length === 0) {
    throw new DocsError('INVALID_QUERY', 'The query is empty. Describe what you are looking for, e.g. "configure semantic recall".');
  }
  const bytes = Buffer.byteLength(raw, 'utf8');
  if (bytes > MAX_QUERY_BYTES) {
    throw new DocsError('INVALID_QUERY', `The query is ${bytes} bytes; the limit is ${MAX_QUERY_BYTES}. Ask about one topic in a sentence or two.`);
  }
  const all = analyzeQueryTerms(raw);
  if (all.length === 0) {
    throw new DocsError('INVALID_QUERY', 'The query has no words to search for (only punctuation or symbols). Use words or API names.');
  }
  const meaningful = all.filter((t) => !STOP_WORDS.has(t));
  const chosen = unique(meaningful.length > 0 ? meaningful : all).slice(0, MAX_TERMS);
  return { terms: chosen, words: chosen.filter((t) => t.length > 1 || /\d/.test(t)), onlyStopWords: meaningful.length === 0, phrases: quotedPhrases(raw), literals: literalWords(raw) };
}

/** Text between matching quotes or backticks, when it is at least two words. */
function quotedPhrases(raw: string): string[] {
  const out: string[] = [];
  // A quote inside a word is an apostrophe ("user's"), not an opening or closing quote.
  for (const match of raw.matchAll(/(?<![\p{L}\p{N}])(["'`\u2018\u201c])([^"'`\u2018\u2019\u201c\u201d]{3,200}?)(["'`\u2019\u201d])(?![\p{L}\p{N}])/gu)) {
    const phrase = normalizePhrase(match[2]);
    if (/\S\s+\S/.test(phrase)) out.push(phrase);
  }
  return unique(out).slice(0, 4);
}

/** Lowercase, Markdown code ticks and emphasis dropped, whitespace runs as one space: how text and phrases are compared. */
export function normalizePhrase(text: string): string {
  return text.toLowerCase().replace(/[`*]/g, '').replace(/\s+/g, ' ').trim();
}

/**
 * Identifiers as written (`node_modules/.package-lock.json`, `body.dump`, `setErrorHandler`,
 * `--workspaces`), lowercase: a token with `.`, `/`, `_`, `=`, `:` or `$` between word characters,
 * a camelCase word starting in lowercase, or a long flag. Hyphenated words ("in-flight") and
 * version numbers are prose.
 */
function literalWords(raw: string): string[] {
  const out: string[] = [];
  for (const token of raw.split(/\s+/)) {
    const core = token.split('(')[0].replace(/^[^\p{L}\p{N}_.$@{-]+/u, '').replace(/[^\p{L}\p{N}_}]+$/u, '');
    if (core.length < 4 || core.length > 200 || /^[\d.x]+$/.test(core)) continue;
    if (/[\p{L}\p{N}_}][._/=:$]+[\p{L}\p{N}_{]/u.test(core) || /^\p{Ll}+\p{Lu}/u.test(core) || /^--\p{L}/u.test(core)) out.push(core.toLowerCase().replace(/[`*]/g, ''));
  }
  return unique(out).slice(0, 4);
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
