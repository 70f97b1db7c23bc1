import { describe, expect, it } from 'vitest';
import { checkPackageName, exactVersion, parseRegistrySpec } from './package-spec.js';

describe('parseRegistrySpec', () => {
  it('accepts names with an exact version, a range or a dist-tag', () => {
    expect(parseRegistrySpec('@mastra/core@1.71.0')).toEqual({ name: '@mastra/core', range: '1.71.0', type: 'version' });
    expect(parseRegistrySpec('npm@^11')).toEqual({ name: 'npm', range: '^11', type: 'range' });
    expect(parseRegistrySpec('zod@next')).toEqual({ name: 'zod', range: 'next', type: 'tag' });
    expect(parseRegistrySpec('left-pad')).toEqual({ name: 'left-pad', range: 'latest', type: 'range' });
  });

  it.each([
    'x@http://127.0.0.1:8080/e.tgz?a=1',
    'x@https://evil.example/x.tgz',
    'x@file:../../tmp/evil',
    'x@git+ssh://git@github.com/a/b.git',
    'github:a/b',
    'a/b',
    '../../etc',
    '/etc/passwd',
    'x@npm:other@1',
    '..@1.0.0',
    '',
    'x'.repeat(400),
  ])('refuses %s with INVALID_ARGUMENT', (spec) => {
    expect(() => parseRegistrySpec(spec)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('checkPackageName', () => {
  it('takes a name alone and refuses a name with a spec', () => {
    expect(checkPackageName('@mastra/core')).toBe('@mastra/core');
    expect(() => checkPackageName('@mastra/core@1.0.0')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => checkPackageName('x@http://h/e.tgz')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('exactVersion', () => {
  it('keeps exact semver only', () => {
    expect(exactVersion('1.2.3')).toBe('1.2.3');
    expect(exactVersion('1.2.3-alpha.1')).toBe('1.2.3-alpha.1');
    for (const bad of ['http://h/e.tgz', 'file:../x', '^1.2.3', 'v1.2.3', '1.2', 42, undefined]) expect(exactVersion(bad)).toBeUndefined();
  });
});
