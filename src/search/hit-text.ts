// The text of a hit that is not its section as written: a table's matching rows under its
// header, or only the code blocks of a section (kind: 'code').
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
