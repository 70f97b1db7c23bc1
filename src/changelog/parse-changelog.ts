// CHANGELOG.md → entries by version, for the heading styles of widely used packages: Changesets
// (`## 1.2.3`, `## @scope/pkg@1.2.3`), Keep a Changelog (`## [1.2.3] - 2024-01-15`),
// conventional-changelog (`## [1.2.3](compare-link) (2024-01-15)`), History.md (`1.2.3 / 2024-01-15`
// underlined with `===`), bold lines (`**5.12.1 / 2025-01-02**`), `# v1.2.3`, `## Version 1.2.3`.
// Breaking changes are picked out by structure (headings, labels, `!:` markers, a new major), not
// by the word "breaking" in prose.
import semver from 'semver';

export interface ChangelogEntry {
  version: string;
  date?: string;
  /** The entry's Markdown, without its version heading. */
  body: string;
  /** Lines or groups that announce breaking changes (Major Changes, BREAKING CHANGE, ...). */
  breaking: string[];
}

interface Heading {
  version: string;
  date?: string;
  /** 1–6 for ATX and setext headings; 7 for a bold line (below any real heading). */
  level: number;
  /** Lines the heading takes (2 for setext). */
  span: number;
}

/** What may stand before the version: `[`, `v`, "Version", "Release", a package name with `@`. */
const VERSION_AT_START = /^(?:\[|\*\*|(?:version|release|v(?=\d))\s*|(?:@[\w.-]+\/)?[\w.-]+@(?=v?\d))*v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)(?![\w.])/i;
const ISO_DATE = /\b(\d{4}-\d{2}-\d{2})\b/;
const MONTHS = 'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec';
const WORD_DATE = new RegExp(`\\b((?:${MONTHS})\\.?\\s+\\d{1,2},?\\s+\\d{4}|\\d{1,2}\\s+(?:${MONTHS})\\.?\\s+\\d{4})\\b`, 'i');

function readVersion(text: string): { version: string; date?: string } | undefined {
  const match = VERSION_AT_START.exec(text.trim());
  if (!match || !semver.valid(match[1])) return undefined;
  const rest = text.trim().slice(match[0].length);
  const date = ISO_DATE.exec(rest)?.[1] ?? WORD_DATE.exec(rest)?.[1];
  return { version: semver.valid(match[1])!, date };
}

function headingAt(lines: string[], i: number): Heading | undefined {
  const line = lines[i];
  const atx = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
  if (atx) {
    const found = readVersion(atx[2]);
    return found && { ...found, level: atx[1].length, span: 1 };
  }
  const bold = /^\*\*(.+?)\*\*\s*$/.exec(line);
  if (bold) {
    const found = readVersion(bold[1]);
    return found && { ...found, level: 7, span: 1 };
  }
  const underline = lines[i + 1];
  if (line.trim() && underline && /^(=+|-+)\s*$/.test(underline) && underline.trim().length >= 3) {
    const found = readVersion(line);
    return found && { ...found, level: underline.startsWith('=') ? 1 : 2, span: 2 };
  }
  return undefined;
}

export function parseChangelog(text: string): ChangelogEntry[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const raw: Array<{ version: string; date?: string; body: string }> = [];
  let current: { version: string; date?: string; level: number; lines: string[] } | undefined;
  let inFence = false;
  const flush = () => {
    if (current) raw.push({ version: current.version, date: current.date, body: current.lines.join('\n').trim() });
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const heading = inFence ? undefined : headingAt(lines, i);
    // A deeper version heading starts an entry when it is older (conventional-changelog puts patches
    // one level below minors); a newer one is part of the entry (a dependency's version listed inside).
    if (heading && (!current || heading.level <= current.level || semver.lt(heading.version, current.version))) {
      flush();
      current = { version: heading.version, date: heading.date, level: heading.level, lines: [] };
      i += heading.span - 1;
      continue;
    }
    current?.lines.push(line);
  }
  flush();
  return withBreaking(foldPrereleases(raw));
}

/**
 * A prerelease whose release is listed too folds into it: the release entry keeps its text and
 * gains only the prerelease lines it does not already repeat.
 */
function foldPrereleases(raw: Array<{ version: string; date?: string; body: string }>): Array<{ version: string; date?: string; body: string }> {
  const releases = new Map(raw.filter((e) => !semver.prerelease(e.version)).map((e) => [e.version, { ...e }]));
  const out: Array<{ version: string; date?: string; body: string }> = [];
  for (const entry of raw) {
    const pre = semver.prerelease(entry.version);
    const release = pre ? releases.get(`${semver.major(entry.version)}.${semver.minor(entry.version)}.${semver.patch(entry.version)}`) : undefined;
    if (!release) {
      out.push(pre ? entry : releases.get(entry.version)!);
      continue;
    }
    const seen = new Set(release.body.split('\n').map((l) => l.trim()).filter(Boolean));
    const extra = entry.body.split('\n').filter((l) => l.trim() && !/^#{1,6}\s/.test(l) && !seen.has(l.trim()));
    if (extra.length > 0) release.body = `${release.body}\n\n_From ${entry.version}:_\n${extra.join('\n')}`;
  }
  return out;
}

const BREAKING_HEADING = /^#{2,6}\s+(?:[^\w\s]\s*)?(major changes|breaking changes?|breaking)\b/i;

function withBreaking(entries: Array<{ version: string; date?: string; body: string }>): ChangelogEntry[] {
  const sorted = entries.map((e) => e.version).filter((v) => !semver.prerelease(v)).sort(semver.compare);
  return entries.map((e) => {
    const breaking = breakingParts(e.body);
    // A new major says it breaks something even when its entry has no label: show what it lists.
    const previous = sorted.filter((v) => semver.lt(v, e.version)).at(-1);
    if (breaking.length === 0 && previous && !semver.prerelease(e.version) && semver.major(e.version) > semver.major(previous) && semver.major(e.version) > 0) {
      const items = e.body.split('\n').filter((l) => /^[-*]\s/.test(l)).slice(0, 5);
      breaking.push(`(new major version${items.length ? '; its first items:' : ''})${items.length ? `\n${items.join('\n')}` : ''}`);
    }
    return { ...e, breaking };
  });
}

function breakingParts(body: string): string[] {
  const parts: string[] = [];
  const groups = body.split(/^(?=#{2,6}\s)/m);
  for (const group of groups) {
    if (BREAKING_HEADING.test(group)) {
      parts.push(group.replace(/^#{2,6}.*\n?/, '').trim());
      continue;
    }
    for (const item of group.split(/^(?=[-*]\s)/m)) {
      if (/^#{2,6}\s/.test(item)) continue;
      if (labelled(item)) parts.push(item.trim());
    }
  }
  return parts.filter(Boolean);
}

/**
 * True when the item carries a breaking label — `BREAKING CHANGE`, `BREAKING:`, `**Breaking**`,
 * `[breaking]`, `⚠ breaking`, a conventional-commit `feat!:` — not just the word in a sentence.
 */
function labelled(item: string): boolean {
  return /\bBREAKING\b/.test(item) || /\*\*breaking(?: changes?)?:?\*\*|\[breaking\]|⚠️?\s*breaking/i.test(item) || /^[-*]\s+(?:\*\*)?\w+(?:\([^)]*\))?!:/m.test(item);
}

/** Entries after `since` up to and including `to` (default: all newer), newest first. */
export function entriesBetween(entries: ChangelogEntry[], since: string, to?: string): ChangelogEntry[] {
  return entries
    .filter((e) => semver.gt(e.version, since) && (!to || semver.lte(e.version, to)))
    .sort((a, b) => semver.rcompare(a.version, b.version));
}
