// Porter stems of analysed terms: this backend matches on stems it computes itself (PostgreSQL's
// 'simple' configuration then only splits on spaces), mirroring SQLite's porter tokenizer.
import { stemmer } from 'stemmer';

export function stemTerms(analysed: string): string[] {
  return analysed.split(' ').filter(Boolean).map(stemTerm);
}

export function stemTerm(term: string): string {
  return /^[a-z]+$/.test(term) ? stemmer(term) : term;
}
