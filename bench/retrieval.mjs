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

/**
 * A change judged library by library (issue protocol): per question set, the questions whose hit@5
 * it gained and lost and the change in MRR@10; then, leaving each library out in turn, whether the
 * change still helps on average over the others, and whether it costs any library more than one
 * question. `before`, `after`: saved runs (run-bench --save).
 */
export function compareRuns(before, after) {
  const lines = ['\n== change against the saved run (hit@5 gained/lost, MRR@10 change)'];
  const libraries = new Map();
  for (const [set, questions] of Object.entries(after)) {
    const old = before[set];
    if (!old) continue;
    let gained = 0;
    let lost = 0;
    let mrr = 0;
    const moved = [];
    let changed = 0;
    for (const [id, q] of Object.entries(questions)) {
      const o = old[id];
      if (!o) continue;
      const hit = (r) => r.rank >= 1 && r.rank <= 5;
      if (hit(q) && !hit(o)) gained++;
      if (!hit(q) && hit(o)) lost++;
      mrr += (q.rank ? 1 / q.rank : 0) - (o.rank ? 1 / o.rank : 0);
      if (q.digest !== o.digest) changed++;
      if (q.rank !== o.rank) moved.push(`${id} ${o.rank || '-'}→${q.rank || '-'}`);
    }
    const n = Object.keys(questions).length;
    lines.push(`${set.padEnd(10)} +${gained} −${lost}  MRR ${mrr >= 0 ? '+' : ''}${(mrr / n).toFixed(3)}${moved.length ? `  (${moved.slice(0, 8).join(', ')}${moved.length > 8 ? ', …' : ''})` : ''}${changed ? `  ${changed} result lists differ` : '  identical results'}`);
    const library = set.split(' ')[0];
    const l = libraries.get(library) ?? { net: 0, mrr: 0, sets: 0 };
    l.net += gained - lost;
    l.mrr += mrr / n;
    l.sets++;
    libraries.set(library, l);
  }
  if (libraries.size > 1) {
    lines.push('leave one library out (net hit@5 questions and mean MRR@10 change over the other libraries\' sets; a change is kept only if it helps with each library left out and no library loses more than one question):');
    for (const [left] of libraries) {
      const others = [...libraries].filter(([name]) => name !== left).map(([, l]) => l);
      const mrr = others.reduce((a, l) => a + l.mrr, 0) / Math.max(1, others.reduce((a, l) => a + l.sets, 0));
      lines.push(`  without ${left}: net ${others.reduce((a, l) => a + l.net, 0)}, MRR ${mrr >= 0 ? '+' : ''}${mrr.toFixed(3)}`);
    }
    const worst = Math.min(0, ...[...libraries.values()].map((l) => l.net));
    lines.push(`  worst library: ${worst === 0 ? 'loses nothing' : `${worst} question(s) (plain and agent together)`}${worst < -1 ? ' — fails the protocol' : ''}`);
  }
  return lines;
}
