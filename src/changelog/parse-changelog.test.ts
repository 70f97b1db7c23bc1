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
});
