import { describe, expect, it } from 'vitest';
import { entriesBetween, parseChangelog } from './parse-changelog.js';

const CHANGESETS = `# @acme/widgets

## 2.1.0

### Minor Changes

- Add \`palette\` presets.

### Patch Changes

- Fix a crash on detach.

## 2.0.0

### Major Changes

- Rename \`color\` to \`palette\`.

### Patch Changes

- Updated dependencies

## 1.9.1

### Patch Changes

- BREAKING: drop Node 16 support (shipped by mistake in a patch).
- Faster renders.
`;

const KEEP_A_CHANGELOG = `# Changelog

## [Unreleased]

## [1.1.0] - 2024-03-01
### Added
- Retries.

## [1.0.0] - 2024-01-15
### Added
- First release.
`;

describe('parseChangelog', () => {
  it('reads Changesets entries and finds their breaking changes', () => {
    const entries = parseChangelog(CHANGESETS);
    expect(entries.map((e) => e.version)).toEqual(['2.1.0', '2.0.0', '1.9.1']);
    expect(entries[1].breaking).toEqual(['- Rename `color` to `palette`.']);
    expect(entries[2].breaking).toEqual(['- BREAKING: drop Node 16 support (shipped by mistake in a patch).']);
    expect(entries[0].breaking).toEqual([]);
    expect(entries[0].body).toContain('Fix a crash on detach.');
  });

  it('reads Keep a Changelog entries with dates', () => {
    const entries = parseChangelog(KEEP_A_CHANGELOG);
    expect(entries.map((e) => [e.version, e.date])).toEqual([
      ['1.1.0', '2024-03-01'],
      ['1.0.0', '2024-01-15'],
    ]);
  });

  it('selects the entries after a version, newest first', () => {
    const entries = parseChangelog(CHANGESETS);
    expect(entriesBetween(entries, '1.9.1').map((e) => e.version)).toEqual(['2.1.0', '2.0.0']);
    expect(entriesBetween(entries, '1.0.0', '2.0.0').map((e) => e.version)).toEqual(['2.0.0', '1.9.1']);
  });

  it('folds prerelease entries into their release without repeating lines', () => {
    const entries = parseChangelog(`# @acme/core

## 1.2.0

### Minor Changes

- Add supervisors.
- Faster streams.

## 1.2.0-alpha.1

### Minor Changes

- Add supervisors.
- Alpha-only note.

## 1.3.0-alpha.0

- Preview of 1.3.
`);
    expect(entries.map((e) => e.version)).toEqual(['1.2.0', '1.3.0-alpha.0']);
    expect(entries[0].body.match(/Add supervisors/g)).toHaveLength(1);
    expect(entries[0].body).toContain('Alpha-only note.');
  });

  it('tells breaking changes by structure, not by the word in prose', () => {
    const entries = parseChangelog(`## 3.0.1

- Fixed a bug breaking the supervisor turn when a tool threw.
- feat(api)!: remove \`legacyMode\`.
- **Breaking:** the default timeout is now 10 s.
- Docs: explain why nothing is breaking here.

## 3.0.0

- New engine.

## 2.9.0

- Older.
`);
    expect(entries[0].breaking).toEqual(['- feat(api)!: remove `legacyMode`.', '- **Breaking:** the default timeout is now 10 s.']);
    // A new major with no label still says so, with what it lists.
    expect(entries[1].breaking[0]).toMatch(/^\(new major version; its first items:\)\n- New engine\./);
    expect(entries[2].breaking).toEqual([]);
  });

  // Heading styles of widely used packages (shapes copied from their changelogs, text shortened).
  const STYLES: Array<[string, string, Array<[string, string | undefined]>]> = [
    ['changesets with package name', '## @mastra/core@1.2.3\n\n- a\n\n## @mastra/core@1.2.2\n\n- b\n', [['1.2.3', undefined], ['1.2.2', undefined]]],
    ['keep a changelog', '## [Unreleased]\n\n## [2.0.0] - 2024-05-01\n\n- a\n\n## [1.9.0] - 2024-04-01\n', [['2.0.0', '2024-05-01'], ['1.9.0', '2024-04-01']]],
    ['conventional-changelog', '<a name="4.1.0"></a>\n# [4.1.0](https://github.com/x/y/compare/v4.0.0...v4.1.0) (2024-02-03)\n\n### Features\n\n* a\n\n## [4.0.1](https://github.com/x/y/compare/v4.0.0...v4.0.1) (2024-01-09)\n', [['4.1.0', '2024-02-03'], ['4.0.1', '2024-01-09']]],
    ['History.md with underlines (express)', '4.21.2 / 2024-11-06\n==========\n\n  * deps: bump\n\n4.21.1 / 2024-10-08\n==========\n\n  * fix\n', [['4.21.2', '2024-11-06'], ['4.21.1', '2024-10-08']]],
    ['bold lines (fast-xml-parser)', '**5.12.1 / 2025-06-04**\n- fix entity parsing\n\n**5.12.0 / 2025-05-20**\n- add option\n', [['5.12.1', '2025-06-04'], ['5.12.0', '2025-05-20']]],
    ['v-prefixed headings', '# v3.4.0\n\n- a\n\n# v3.3.9\n\n- b\n', [['3.4.0', undefined], ['3.3.9', undefined]]],
    ['"Version" headings with word dates', '## Version 2.1.0 (March 5, 2024)\n\n- a\n\n## Version 2.0.0 (January 9, 2024)\n', [['2.1.0', 'March 5, 2024'], ['2.0.0', 'January 9, 2024']]],
    ['dash dates', '### 7.0.0 - 2023-12-01\n\n- a\n\n### 6.5.2 - 2023-11-15\n', [['7.0.0', '2023-12-01'], ['6.5.2', '2023-11-15']]],
    ['bracketed v with link refs', '## [v1.0.1]\n\n- a\n\n## [v1.0.0]\n\n[v1.0.1]: https://x\n', [['1.0.1', undefined], ['1.0.0', undefined]]],
    ['setext with dashes', '1.1.0\n-----\n\n- a\n\n1.0.0\n-----\n', [['1.1.0', undefined], ['1.0.0', undefined]]],
    ['prerelease headings', '## 2.0.0-beta.2\n\n- b2\n\n## 2.0.0-beta.1\n\n- b1\n', [['2.0.0-beta.2', undefined], ['2.0.0-beta.1', undefined]]],
    ['nested dependency versions stay inside their entry', '## 1.5.0\n\n### Patch Changes\n\n- Updated dependencies\n  - @acme/dep@2.3.4\n\n#### 9.9.9\n\n- not an entry of its own\n\n## 1.4.0\n', [['1.5.0', undefined], ['1.4.0', undefined]]],
  ];
  for (const [name, text, expected] of STYLES) {
    it(`reads ${name}`, () => {
      expect(parseChangelog(text).map((e) => [e.version, e.date])).toEqual(expected);
    });
  }
});
