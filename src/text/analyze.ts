// Identifier-aware text analysis shared by indexing and querying, and by every store backend.
// Compound identifiers (activateAfterIdle, snake_case, a.b.c, --save-dev) are emitted whole
// (separators dropped) and as their parts, so both `registerApiRoute` and "register api route" match.

const WORD = /[\p{L}\p{N}_]+(?:(?:[.\-/:]|::)[\p{L}\p{N}_]+)*/gu;
const CAMEL = /[\p{Lu}]?[\p{Ll}]+|[\p{Lu}]+(?![\p{Ll}])|[\p{N}]+|[\p{Lu}]/gu;
const MAX_TERM_LENGTH = 64;
const PLAIN_WORD = /^(?:[a-z]+|[0-9]+)$/;
/** The separators between the pieces of a qualified name (`a.b`, `a/b`, `a-b`, `a:b`, `a::b`). */
const QUALIFIED = /[.\-/:]+/;

/** Splits one raw word into its lowercase parts: camelCase humps, snake/kebab/dot/slash pieces. */
export function splitIdentifier(word: string): string[] {
  // Most words are plain: lowercase letters only, or digits only, are their own single part.
  if (PLAIN_WORD.test(word)) return [word];
  const parts: string[] = [];
  for (const piece of word.split(/[._\-/:]+/)) {
    if (!piece) continue;
    const humps = piece.match(CAMEL);
    if (!humps) {
      parts.push(piece.toLowerCase());
      continue;
    }
    for (const hump of humps) parts.push(hump.toLowerCase());
  }
  return parts;
}

/** Terms of a text in order; a compound contributes its joined form first, then its parts. */
export function analyzeTerms(text: string): string[] {
  return terms(text, false);
}

/**
 * A question's terms: as analyzeTerms, and a qualified name's compound pieces joined too
 * (`process.env.IS_LOCAL` also asks for `islocal`), for docs that write the name bare. Only the
 * question gets them: docs indexed with their pieces gave bare-name questions the qualified
 * sections' long lists, and lost as much as they gained (docs/ranking-log.md).
 */
export function analyzeQueryTerms(text: string): string[] {
  return terms(text, true);
}

function terms(text: string, pieces: boolean): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    const parts = splitIdentifier(word);
    if (parts.length === 0) continue;
    if (parts.length === 1) {
      pushTerm(out, parts[0]);
      continue;
    }
    pushTerm(out, parts.join(''));
    if (pieces && QUALIFIED.test(word)) {
      for (const piece of word.split(QUALIFIED)) {
        const pieceParts = splitIdentifier(piece);
        if (pieceParts.length > 1) pushTerm(out, pieceParts.join(''));
      }
    }
    for (const part of parts) pushTerm(out, part);
  }
  return out;
}

function pushTerm(out: string[], term: string): void {
  if (term.length === 0) return;
  out.push(term.length > MAX_TERM_LENGTH ? term.slice(0, MAX_TERM_LENGTH) : term);
}

/** Text ready for a full-text column: analysed terms joined by spaces (backends tokenize on spaces). */
export function analyzeText(text: string): string {
  return analyzeTerms(text).join(' ');
}

/** Raw words of a query that look like identifiers (mixed case, separators inside, leading --). */
export function identifierWords(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(WORD)) {
    if (splitIdentifier(match[0]).length > 1) out.push(match[0]);
  }
  return out;
}
