// CHANGELOG.md → entries by version (Changesets, Keep a Changelog and plain "## 1.2.3" styles),
// with the breaking changes of each entry picked out.
import semver from 'semver';

export interface ChangelogEntry {
  version: string;
  date?: string;
  /** The entry's Markdown, without its version heading. */
  body: string;
  /** Lines or groups that announce breaking changes (Major Changes, BREAKING, ...). */
  breaking: string[];
}

const VERSION_HEADING = /^(#{1,3})\s+(?:\[?v?(?:[@\w./-]+@)?)(\d+\.\d+\.\d+(?:-[\w.]+)?)\]?(?:\s*[-–(]\s*(\d{4}-\d{2}-\d{2})\)?)?.*$/;

export function parseChangelog(text: string): ChangelogEntry[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const entries: ChangelogEntry[] = [];
  let current: { version: string; date?: string; level: number; lines: string[] } | undefined;
  let inFence = false;
  const flush = () => {
    if (!current) return;
    const body = current.lines.join('\n').trim();
    entries.push({ version: current.version, date: current.date, body, breaking: breakingParts(body) });
  };
  for (const line of lines) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const match = inFence ? null : VERSION_HEADING.exec(line);
    if (match && semver.valid(match[2]) && (!current || match[1].length <= current.level)) {
      flush();
      current = { version: match[2], date: match[3], level: match[1].length, lines: [] };
      continue;
    }
    current?.lines.push(line);
  }
  flush();
  return entries;
}

function breakingParts(body: string): string[] {
  const parts: string[] = [];
  const groups = body.split(/^(?=#{2,4}\s)/m);
  for (const group of groups) {
    if (/^#{2,4}\s+(major changes|breaking)/i.test(group)) {
      parts.push(group.replace(/^#{2,4}.*\n/, '').trim());
      continue;
    }
    for (const item of group.split(/^(?=[-*]\s)/m)) {
      if (/\bBREAKING\b|breaking change/i.test(item) && !/^#{2,4}\s/.test(item)) parts.push(item.trim());
    }
  }
  return parts.filter(Boolean);
}

/** Entries after `since` up to and including `to` (default: all newer), newest first. */
export function entriesBetween(entries: ChangelogEntry[], since: string, to?: string): ChangelogEntry[] {
  return entries
    .filter((e) => semver.gt(e.version, since) && (!to || semver.lte(e.version, to)))
    .sort((a, b) => semver.rcompare(a.version, b.version));
}
