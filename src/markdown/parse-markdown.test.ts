import { describe, expect, it } from 'vitest';
import { LARGE_TABLE_ROWS, MAX_HEADINGS, parseMarkdown } from './parse-markdown.js';

describe('parseMarkdown', () => {
  it('splits a page at its headings with heading paths, anchors and line ranges', () => {
    const page = parseMarkdown('a.md', '# Title\n\nIntro.\n\n## Install\n\nRun it.\n\n### On Linux\n\napt\n\n## Use\n\nCall it.\n');
    expect(page.title).toBe('Title');
    expect(page.sections.map((s) => [s.anchor, s.headingPath.join(' > '), s.startLine, s.endLine])).toEqual([
      ['title', 'Title', 1, 4],
      ['install', 'Title > Install', 5, 8],
      ['on-linux', 'Title > Install > On Linux', 9, 12],
      ['use', 'Title > Use', 13, 16],
    ]);
  });

  it('never splits inside a code fence', () => {
    const page = parseMarkdown('a.md', '# T\n\n```md\n# not a heading\n## nor this\n```\n\n## Real\n\ntext\n');
    expect(page.sections.map((s) => s.anchor)).toEqual(['t', 'real']);
    expect(page.sections[0].text).toContain('# not a heading');
  });

  it('takes the title from frontmatter and keeps line numbers of the file', () => {
    const page = parseMarkdown('cmd.md', '---\ntitle: npm-ci\ndescription: Clean install\n---\n\n### Synopsis\n\nnpm ci\n');
    expect(page.title).toBe('npm-ci');
    const synopsis = page.sections.find((s) => s.anchor === 'synopsis')!;
    expect(synopsis.startLine).toBe(6);
    expect(synopsis.headingPath).toEqual(['npm-ci', 'Synopsis']);
  });

  it('reports malformed frontmatter and still parses the page', () => {
    const page = parseMarkdown('bad.md', '---\ntitle: [unclosed\n---\n# Heading\n\nBody\n');
    expect(page.warnings[0]).toMatch(/frontmatter ignored/);
    expect(page.title).toBe('Heading');
  });

  it('indexes each row of a large table with its header row', () => {
    const rows = Array.from({ length: LARGE_TABLE_ROWS + 2 }, (_, i) => `| model-${i} | ${i}K |`).join('\n');
    const page = parseMarkdown('p.md', `# Provider\n\n## Models\n\n| Model | Context |\n| --- | --- |\n${rows}\n`);
    const rowSections = page.sections.filter((s) => s.kind === 'row');
    expect(rowSections).toHaveLength(LARGE_TABLE_ROWS + 2);
    expect(rowSections[5].text).toBe('| Model | Context |\n| --- | --- |\n| model-5 | 5K |');
    expect(rowSections[5].headingPath).toEqual(['Provider', 'Models', 'model-5']);
    const table = page.sections.find((s) => s.anchor === 'models' && s.kind === 'section')!;
    expect(table.text).toContain('more rows in this table');
    expect(table.text).not.toContain('model-9');
  });

  it('gives duplicate headings distinct anchors and equal text equal hashes', () => {
    const page = parseMarkdown('a.md', '# T\n\n## Options\n\nSame.\n\n## Options\n\nSame.\n');
    expect(page.sections.map((s) => s.anchor)).toEqual(['t', 'options', 'options-1']);
    expect(page.sections[1].contentHash).toBe(page.sections[2].contentHash);
  });

  it('drops boilerplate lines and MDX import lines from section text', () => {
    const page = parseMarkdown('a.mdx', "import X from './x'\n\n> Banner line repeated everywhere\n\n# T\n\nBody\n", {
      boilerplate: new Set(['> Banner line repeated everywhere']),
    });
    expect(page.sections.map((s) => s.text).join('\n')).not.toMatch(/import X|Banner/);
  });

  it('keeps MDX import and export lines inside code fences (the example\'s imports) and drops multi-line statements outside them', () => {
    const source = [
      "import { Tabs, Tab } from '@theme/Tabs';",
      'import {',
      '  Note,',
      '  PropertiesTable,',
      "} from '@/components';",
      "export const meta = { title: 'Agents' };",
      '',
      '# Agents',
      '',
      '<Note>Agents remember the thread they run in.</Note>',
      '',
      '```ts',
      "import { Agent } from '@mastra/core/agent';",
      "export const agent = new Agent({ name: 'a' });",
      '```',
      '',
      '- In a list:',
      '',
      '  ```js',
      "  import x from 'y';",
      '  ```',
    ].join('\n');
    const text = parseMarkdown('agents.mdx', source).sections.map((s) => s.text).join('\n');
    expect(text).toContain("import { Agent } from '@mastra/core/agent';");
    expect(text).toContain("export const agent = new Agent({ name: 'a' });");
    expect(text).toContain("  import x from 'y';");
    expect(text).toContain('<Note>Agents remember the thread they run in.</Note>');
    expect(text).not.toMatch(/@theme\/Tabs|PropertiesTable,|@\/components|export const meta/);
  });

  it('handles CRLF line endings and a byte order mark', () => {
    const page = parseMarkdown('a.md', '\uFEFF# T\r\n\r\n## A\r\n\r\ntext\r\n');
    expect(page.sections.map((s) => s.anchor)).toEqual(['t', 'a']);
  });
});

describe('parseMarkdown: huge outlines', () => {
  it('splits a page of 200,000 headings at no more than MAX_HEADINGS, keeping every line', () => {
    const source = `# Big\n\n${Array.from({ length: 200_000 }, (_, i) => `## H${i}\nline ${i}\n`).join('\n')}`;
    const page = parseMarkdown('big.md', source);
    expect(page.sections.length).toBeLessThanOrEqual(MAX_HEADINGS);
    expect(page.warnings).toEqual([`big.md: 200001 headings; split at ${MAX_HEADINGS} of them (the rest stay inside their sections)`]);
    expect(page.sections.at(-1)!.text).toContain('line 199999');
  });

  it('drops the deepest levels first', () => {
    const source = `# T\n${Array.from({ length: 250 }, (_, i) => `## Part ${i}\n${Array.from({ length: 10 }, (_, j) => `### Item ${i}.${j}\ntext\n`).join('')}`).join('')}`;
    const page = parseMarkdown('deep.md', source);
    expect(page.sections.map((s) => s.level)).toEqual([1, ...Array(250).fill(2)]);
    expect(page.sections[1].text).toContain('### Item 0.9');
  });
});
