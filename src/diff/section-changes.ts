// Which sections of a page changed between two versions, named by heading: added, removed or changed.
import { parseMarkdown } from '../markdown/parse-markdown.js';

export type SectionStatus = 'added' | 'removed' | 'changed';

export interface SectionChange {
  path: string;
  heading: string;
  anchor: string;
  status: SectionStatus;
  before?: string;
  after?: string;
}

export function sectionChanges(path: string, before: string | undefined, after: string | undefined): SectionChange[] {
  const old = sectionsByHeading(path, before);
  const now = sectionsByHeading(path, after);
  const changes: SectionChange[] = [];
  for (const [heading, section] of now) {
    const previous = old.get(heading);
    if (!previous) changes.push({ path, heading, anchor: section.anchor, status: 'added', after: section.text });
    else if (previous.text !== section.text) changes.push({ path, heading, anchor: section.anchor, status: 'changed', before: previous.text, after: section.text });
  }
  for (const [heading, section] of old) {
    if (!now.has(heading)) changes.push({ path, heading, anchor: section.anchor, status: 'removed', before: section.text });
  }
  return changes;
}

function sectionsByHeading(path: string, content: string | undefined): Map<string, { anchor: string; text: string }> {
  const map = new Map<string, { anchor: string; text: string }>();
  if (content === undefined) return map;
  for (const s of parseMarkdown(path, content).sections) {
    if (s.kind !== 'section') continue;
    const heading = s.headingPath.join(' > ');
    if (!map.has(heading)) map.set(heading, { anchor: s.anchor, text: s.text });
  }
  return map;
}
