// Scores ranked results against a question set as ../shared/bench/CORPORA.md defines it.
import { readFileSync } from 'node:fs';

export const norm = (s) => s
  .replace(/\\([\\`*_{}\[\]()#+\-.!<>|~"'$&])/g, '$1')
  .replace(/[`*]/g, '')
  .replace(/\s+/g, ' ').trim();

export function loadQuestions(file) {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

export function scoreQuestion(q, results) {
  const anchor = norm(q.anchor);
  let rank = 0;
  let tokens = 0;
  for (let i = 0; i < Math.min(10, results.length); i++) {
    const r = results[i];
    tokens += Math.ceil((r.text ?? '').length / 4);
    // Corpus D: a right page from another library is a miss.
    if (q.docset && r.docset !== q.docset) continue;
    if (q.gold.includes(r.path) && (!r.text || norm(r.text).includes(anchor))) { rank = i + 1; break; }
  }
  const wrongLibrary = Boolean(q.docset && results.length > 0 && results[0].docset !== q.docset);
  return { rank, tokens: rank ? tokens : undefined, wrongLibrary };
}

export function summarize(scored) {
  const n = scored.length;
  const hit1 = scored.filter((s) => s.rank === 1).length / n;
  const hit5 = scored.filter((s) => s.rank >= 1 && s.rank <= 5).length / n;
  const mrr = scored.reduce((a, s) => a + (s.rank ? 1 / s.rank : 0), 0) / n;
  const answered = scored.filter((s) => s.tokens !== undefined).map((s) => s.tokens).sort((a, b) => a - b);
  const median = answered.length ? answered[Math.floor((answered.length - 1) / 2)] : NaN;
  const wrongLibrary = scored.filter((s) => s.wrongLibrary).length / n;
  return { n, hit1, hit5, mrr, median, answered: answered.length, wrongLibrary };
}

export function formatRow(label, s, multi = false) {
  const pct = (x) => `${(x * 100).toFixed(1)}%`.padStart(6);
  const wrong = multi ? `  wrong library top1 ${pct(s.wrongLibrary)}` : '';
  return `${label.padEnd(16)} n=${String(s.n).padStart(3)}  hit@1 ${pct(s.hit1)}  hit@5 ${pct(s.hit5)}  MRR@10 ${s.mrr.toFixed(3)}  tokens ${Number.isNaN(s.median) ? '-' : s.median} (${s.answered}/${s.n})${wrong}`;
}
