// Markdown/MDX page → sections split at top-level headings, each with its heading path, anchor and
// line range. Code fences and tables are never split (markdown-it sees no heading inside them);
// large tables are also cut into one row-section each, so a question about one row returns that row.
import { createHash } from 'node:crypto';
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import type { Section } from '../model.js';
import { readFrontmatter } from './frontmatter.js';
import { normalizeNewlines } from './newlines.js';
import { createSlugger } from './slugify.js';

/** Tables with at least this many body rows are indexed row by row. */
export const LARGE_TABLE_ROWS = 8;
/**
 * Headings a page is split at, at most: a page with 200k headings would otherwise cost seconds on
 * every read. Past it, the deepest levels stay inside their parent's section.
 */
export const MAX_HEADINGS = 2000;
/** Rows of a large table kept inline in its section's text; the rest are reachable as row hits. */
const ROWS_KEPT_INLINE = 3;

export interface ParsedPage {
  title: string;
  description?: string;
  sections: Section[];
  warnings: string[];
}

export interface ParseOptions {
  /** Trimmed lines that repeat across a doc set's pages (banners); left out of section text. */
  boilerplate?: ReadonlySet<string>;
}

interface Heading {
  line: number;
  depth: number;
  text: string;
}

interface Table {
  start: number;
  end: number;
  headerLines: [number, number];
  rows: Array<{ line: number; firstCell: string }>;
}

const markdown = new MarkdownIt({ html: true });
const mdx = new MarkdownIt({ html: true }).disable('code');
// Links are never rendered here: their URLs need no normalising (mdurl's parse and encode of every
// link cost a large doc set 5 % of its parse).
for (const parser of [markdown, mdx]) parser.normalizeLink = (url) => url;

export function parseMarkdown(path: string, source: string, options: ParseOptions = {}): ParsedPage {
  const text = normalizeNewlines(source);
  const warnings: string[] = [];
  const frontmatter = readFrontmatter(text);
  if (frontmatter.error) warnings.push(`${path}: frontmatter ignored (${frontmatter.error})`);
  const lines = text.split('\n');
  const offset = frontmatter.lineCount;
  const body = lines.slice(offset).join('\n');
  const isMdx = path.endsWith('.mdx');
  const tokens = (isMdx ? mdx : markdown).parse(body, {});

  const allHeadings: Heading[] = [];
  const tables: Table[] = [];
  const codeByLine: Array<{ line: number; code: string }> = [];
  collectBlocks(tokens, offset, allHeadings, tables, codeByLine);
  const headings = capHeadings(allHeadings, MAX_HEADINGS);
  if (headings.length < allHeadings.length) warnings.push(`${path}: ${allHeadings.length} headings; split at ${headings.length} of them (the rest stay inside their sections)`);
  const largeTables = tables.filter((t) => t.rows.length >= LARGE_TABLE_ROWS);

  const fmTitle = typeof frontmatter.data.title === 'string' ? frontmatter.data.title.trim() : '';
  const firstH1 = headings.find((h) => h.depth === 1)?.text ?? '';
  const title = fmTitle || firstH1 || fileTitle(path);
  const description = typeof frontmatter.data.description === 'string' ? frontmatter.data.description : undefined;

  const slug = createSlugger();
  const sections: Section[] = [];
  const stack: Heading[] = [];
  const boundaries = headings.map((h) => h.line);
  const boilerplate = options.boilerplate;
  // MDX's ESM statements are not prose; inside a code fence they are the example's imports.
  const esm = isMdx ? esmStatementLines(lines, fencedLines(tokens, offset, lines.length), offset) : undefined;
  const keepLine = (line: string, index: number) => !esm?.[index] && !(boilerplate && boilerplate.has(line.trim()));

  const firstLine = offset;
  const preambleEnd = boundaries.length > 0 ? boundaries[0] : lines.length;
  const descriptionLine = description ? [`> ${description}`] : [];
  const preamble = [...descriptionLine, ...lines.slice(firstLine, preambleEnd).filter((line, i) => keepLine(line, firstLine + i))];
  if (preamble.join('').trim().length > 0) {
    sections.push(makeSection(path, sections.length, '', [title], 0, firstLine, preambleEnd, preamble.join('\n').trim(), collectCode(codeByLine, firstLine, preambleEnd)));
  }

  headings.forEach((heading, index) => {
    const end = index + 1 < headings.length ? headings[index + 1].line : lines.length;
    while (stack.length > 0 && stack[stack.length - 1].depth >= heading.depth) stack.pop();
    stack.push(heading);
    const headingPath = [title, ...stack.filter((h) => !(h.depth === 1 && h.text === title)).map((h) => h.text)];
    const anchor = slug(heading.text);
    const ownTables = within(largeTables, (t) => t.start, heading.line, end).filter((t) => t.end <= end);
    const sectionLines = renderLines(lines, heading.line, end, ownTables, keepLine);
    const code = collectCode(codeByLine, heading.line, end);
    const section = makeSection(path, sections.length, anchor, headingPath, heading.depth, heading.line, end, sectionLines.join('\n').trim(), code);
    sections.push(section);
    for (const table of ownTables) {
      const header = lines.slice(table.headerLines[0], table.headerLines[1]);
      for (const row of table.rows) {
        const rowText = [...header, lines[row.line]].join('\n');
        sections.push(
          makeSection(path, sections.length, anchor, [...headingPath, row.firstCell], heading.depth, row.line, row.line + 1, rowText, row.firstCell, 'row'),
        );
      }
    }
  });

  return { title, description, sections, warnings };
}

function makeSection(
  path: string,
  ord: number,
  anchor: string,
  headingPath: string[],
  level: number,
  start: number,
  end: number,
  text: string,
  code: string,
  kind: Section['kind'] = 'section',
): Section {
  const contentHash = createHash('sha1').update(headingPath.slice(1).join('\u0000')).update('\u0001').update(text.replace(/\s+/g, ' ')).digest('hex').slice(0, 16);
  return { path, ord, kind, anchor, headingPath, level, startLine: start + 1, endLine: Math.max(start + 1, end), text, code, contentHash, primaryCopy: true };
}

/** Section lines with large tables shortened to their header and first rows. */
function renderLines(lines: string[], start: number, end: number, tables: Table[], keepLine: (line: string, index: number) => boolean): string[] {
  const out: string[] = [];
  // Loops rather than push(...slice): a section may span hundreds of thousands of lines.
  const copy = (from: number, to: number, filter = true) => {
    for (let i = from; i < to; i++) if (!filter || keepLine(lines[i], i)) out.push(lines[i]);
  };
  let line = start;
  for (const table of tables) {
    copy(line, table.start);
    copy(table.start, table.headerLines[1], false);
    const kept = table.rows.slice(0, ROWS_KEPT_INLINE);
    for (const row of kept) out.push(lines[row.line]);
    out.push(`\n(${table.rows.length - kept.length} more rows in this table; each row is searchable on its own)`);
    line = table.end;
  }
  copy(line, end);
  return out;
}

/** Lines inside code fences, at any depth (a fence in a list item too). */
function fencedLines(tokens: Token[], offset: number, count: number): Uint8Array {
  const fenced = new Uint8Array(count);
  const visit = (list: Token[]) => {
    for (const token of list) {
      if ((token.type === 'fence' || token.type === 'code_block') && token.map) fenced.fill(1, token.map[0] + offset, Math.min(count, token.map[1] + offset));
      if (token.children) visit(token.children);
    }
  };
  visit(tokens);
  return fenced;
}

/**
 * MDX `import`/`export` statements outside code fences: a statement over several lines
 * (`import {\n  a,\n} from 'x'`) runs until its brackets close, or a blank line.
 */
function esmStatementLines(lines: string[], fenced: Uint8Array, offset: number): Uint8Array {
  const drop = new Uint8Array(lines.length);
  for (let i = offset; i < lines.length; i++) {
    if (fenced[i] || !/^(import|export)\s/.test(lines[i])) continue;
    let depth = 0;
    for (let j = i; j < lines.length && !fenced[j] && (j === i || lines[j].trim() !== ''); j++) {
      drop[j] = 1;
      depth += (lines[j].match(/[{[(]/g)?.length ?? 0) - (lines[j].match(/[}\])]/g)?.length ?? 0);
      i = j;
      if (depth <= 0 && !/[,=]\s*$/.test(lines[j])) break;
    }
  }
  return drop;
}

function collectBlocks(tokens: Token[], offset: number, headings: Heading[], tables: Table[], code: Array<{ line: number; code: string }>): void {
  let table: Table | undefined;
  let inHead = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const line = token.map ? token.map[0] + offset : -1;
    switch (token.type) {
      case 'heading_open':
        if (token.level === 0 && token.map) headings.push({ line, depth: Number(token.tag.slice(1)), text: inlineText(tokens[i + 1]) });
        break;
      case 'table_open':
        if (token.level === 0 && token.map) table = { start: line, end: token.map[1] + offset, headerLines: [line, line + 2], rows: [] };
        break;
      case 'thead_open':
        inHead = true;
        if (table && token.map) table.headerLines = [line, token.map[1] + offset + 1];
        break;
      case 'thead_close':
        inHead = false;
        break;
      case 'tr_open':
        if (table && !inHead && token.map && token.level === 2) table.rows.push({ line, firstCell: firstCellText(tokens, i) });
        break;
      case 'table_close':
        if (table && token.level === 0) tables.push(table);
        table = undefined;
        break;
      case 'fence':
        if (token.map) code.push({ line, code: fenceIdentifiers(token.content) });
        break;
      case 'inline':
        if (token.map && token.children) {
          const spans = token.children.filter((c) => c.type === 'code_inline').map((c) => c.content);
          if (spans.length > 0) code.push({ line, code: spans.join(' ') });
        }
        break;
    }
  }
}

/** The plain text of a heading's inline token, as section anchors are made from it. */
export function inlineText(token: Token | undefined): string {
  if (!token || token.type !== 'inline') return '';
  const children = token.children ?? [];
  const text = children
    .filter((c) => c.type === 'text' || c.type === 'code_inline')
    .map((c) => c.content)
    .join('');
  return (text || token.content).replace(/\s*\{#[^}]*\}\s*$/, '').trim();
}

function firstCellText(tokens: Token[], trIndex: number): string {
  for (let j = trIndex + 1; j < tokens.length && tokens[j].type !== 'tr_close'; j++) {
    if (tokens[j].type === 'inline') return inlineText(tokens[j]);
  }
  return '';
}

/** Identifier-looking words of a code block (camelCase, dotted, snake), not every word of the code. */
function fenceIdentifiers(content: string): string {
  const found = new Set<string>();
  for (const match of content.matchAll(/[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*/g)) {
    const word = match[0];
    if (/[a-z][A-Z]|_|\./.test(word) && word.length <= 64) found.add(word);
    if (found.size >= 200) break;
  }
  return [...found].join(' ');
}

function collectCode(code: Array<{ line: number; code: string }>, start: number, end: number): string {
  return within(code, (c) => c.line, start, end)
    .map((c) => c.code)
    .join(' ');
}

/** The items (sorted by line) whose line is in [start, end), found by binary search. */
function within<T>(items: T[], lineOf: (item: T) => number, start: number, end: number): T[] {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (lineOf(items[mid]) < start) low = mid + 1;
    else high = mid;
  }
  const out: T[] = [];
  for (let i = low; i < items.length && lineOf(items[i]) < end; i++) out.push(items[i]);
  return out;
}

/** At most `max` headings: the deepest levels are dropped first, then the page is cut by count. */
function capHeadings(headings: Heading[], max: number): Heading[] {
  let kept = headings;
  for (let depth = 6; depth >= 2 && kept.length > max; depth--) {
    const shallower = kept.filter((h) => h.depth < depth);
    // Dropping a whole level that leaves almost nothing is worse than cutting by count.
    if (shallower.length < max / 10) break;
    kept = shallower;
  }
  return kept.length > max ? kept.slice(0, max) : kept;
}

function fileTitle(path: string): string {
  const base = path.split('/').pop() ?? path;
  const name = base.replace(/\.(md|mdx|markdown)$/i, '');
  return name === 'index' || name === 'README' ? (path.split('/').slice(-2, -1)[0] ?? name) : name;
}
