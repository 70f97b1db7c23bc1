// Token budgets. Answers are sized with a conservative estimate (≈3.5 characters a token; real
// tokenizers give ≈4.2 on docs), so an answer never exceeds the caller's maxTokens in practice.

export const DEFAULT_MAX_TOKENS = 2000;
export const MIN_MAX_TOKENS = 200;
export const MAX_MAX_TOKENS = 50_000;
export const CHARS_PER_TOKEN = 3.5;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export function tokensToChars(tokens: number): number {
  return Math.floor(tokens * CHARS_PER_TOKEN);
}

export function clampMaxTokens(value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value)) return DEFAULT_MAX_TOKENS;
  return Math.min(MAX_MAX_TOKENS, Math.max(MIN_MAX_TOKENS, Math.floor(value)));
}
