import { describe, expect, it } from 'vitest';
import { analyzeText } from '../text/analyze.js';
import { rowTerms } from '../text/stem-terms.js';
import { pageTerms, sectionTerms } from './fields.js';

describe('pageTerms', () => {
  it('is the row of the page title, path and its sections\' bodies joined, counted from the sections\' rows', () => {
    const title = analyzeText('Running agents');
    const path = analyzeText('docs/agents/running-agents');
    const section = (kind: 'section' | 'row', heading: string, body: string, code = '') => ({
      kind,
      fields: { title, headings: analyzeText(heading), path, body: analyzeText(body), code: analyzeText(code) },
    });
    const sections = [
      section('section', '', 'Agents run tools. An agent runs until it stops.'),
      section('section', 'Stopping agents', 'Call `agent.stop()` to stop a running agent.', 'agent.stop'),
      section('row', 'Options', '| maxSteps | how many steps an agent runs |'),
      section('section', 'Empty', ''),
      section('section', 'Tools', 'Tools agents call: registerTool, the tools registry.'),
    ];
    const rows = sections.map((s) => ({ kind: s.kind, terms: sectionTerms(s) }));
    const body = sections.filter((s) => s.kind === 'section' && s.fields.body).map((s) => s.fields.body).join(' ');
    const direct = rowTerms([title, path, body]);
    const merged = pageTerms({ title, path }, rows);
    expect(merged.length).toBe(direct.length);
    expect(merged.lengths).toEqual(direct.lengths);
    expect(Object.fromEntries([...merged.counts].sort())).toEqual(Object.fromEntries([...direct.counts].sort()));
  });
});
