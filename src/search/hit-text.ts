// The text of a hit that is not its section as written: a table's matching rows under its
// header, only the code blocks of a section (kind: 'code'), and tables without their padding.
import { fencedLines } from '../markdown/fences.js';
import type { StoredSection } from '../model.js';
import type { Store } from '../store/store.js';

/** The fenced code blocks of a section, each with the line of prose just before it (what it shows). */
export function codeBlocks(text: string): string {
  const lines = text.split('\n');
  const { inside } = fencedLines(lines);
  const out: string[] = [];
  let lead = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (inside[i]) {
      if (lead && (i === 0 || !inside[i - 1])) out.push(lead);
      out.push(line);
    } else if (i > 0 && inside[i - 1]) {
      // The line after a fence's content is its closing line.
      out.push(line, '');
    } else if (line.trim() && !line.startsWith('#')) lead = line.trim();
  }
  return out.join('\n').trim();
}

/** A table hit: the header lines once, the matching rows in rank order, then how much more there is. */
export function tableText(rows: StoredSection[], total: number): string {
  const lines = rows[0].text.split('\n');
  const header = lines.slice(0, -1);
  const shown = [...header, ...rows.map((r) => r.text.split('\n').at(-1) ?? '')];
  if (total > rows.length) {
    const where = `${rows[0].path}${rows[0].anchor ? `#${rows[0].anchor}` : ''}`;
    shown.push('', `(${rows.length} of the table's ${total} rows match best; read ${where} for all of them, or ask about one row by name.)`);
  }
  return shown.join('\n');
}

/** How many rows the table of a row hit has (its rows share the page, anchor and heading path). */
export async function tableSize(store: Store, row: StoredSection): Promise<number> {
  const table = row.headingPath.slice(0, -1).join('\u0000');
  const sections = await store.getSections(row.docSetId, row.path);
  return sections.filter((s) => s.kind === 'row' && s.anchor === row.anchor && s.headingPath.slice(0, -1).join('\u0000') === table).length;
}

/**
 * Table lines (outside code) without the spaces that align their columns in the source: a
 * formatter pads every cell to its column's widest, so one long cell can make each row hundreds
 * of characters of blanks that cost the budget and say nothing. The table renders the same.
 */
export function compactTables(text: string): string {
  if (!text.includes('|')) return text;
  const lines = text.split('\n');
  const { inside } = fencedLines(lines);
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (inside[i] || !TABLE_LINE.test(line) || !/ {2}|-{4}/.test(line)) continue;
    const cells = SEPARATOR_LINE.test(line) ? line.replace(/(:?)-{3,}(:?)/g, '$1---$2') : line;
    const compact = cells.replace(/(?<=\S) {2,}/g, ' ');
    if (compact !== line) [lines[i], changed] = [compact, true];
  }
  return changed ? lines.join('\n') : text;
}

/** A GFM table row with leading pipe: `| a | b |`, indentation kept. */
const TABLE_LINE = /^\s*\|.*\|\s*$/;
/** The delimiter row under a table's header: `| --- | :---: |`. */
const SEPARATOR_LINE = /^\s*\|(\s*:?-+:?\s*\|)+\s*$/;
