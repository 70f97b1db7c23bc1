import { describe, expect, it } from 'vitest';
import { pickRelease } from './nearest-release.js';

const VERSIONS = {
  '1.1.19': { dependencies: { '@mastra/core': '1.8.0' } },
  '1.2.22': { dependencies: { '@mastra/core': '1.63.2' } },
  '1.2.26': { dependencies: { '@mastra/core': '1.67.0' } },
  '1.2.27': { dependencies: { '@mastra/core': '1.68.0' } },
  '1.2.28': { dependencies: { '@mastra/core': '1.68.0' } },
  '1.3.0-alpha.1': { dependencies: { '@mastra/core': '1.70.0' } },
  '1.0.0': { peerDependencies: { '@mastra/core': '>=0.20.0 <2' } },
  '0.9.0': {},
};

describe('pickRelease', () => {
  it('takes the newest release whose pin is not above the installed version', () => {
    expect(pickRelease(VERSIONS, '@mastra/core', '1.71.0')).toEqual({ version: '1.2.28', pins: '1.68.0' });
    expect(pickRelease(VERSIONS, '@mastra/core', '1.67.5')).toEqual({ version: '1.2.26', pins: '1.67.0' });
    expect(pickRelease(VERSIONS, '@mastra/core', '1.63.2')).toEqual({ version: '1.2.22', pins: '1.63.2' });
  });

  it('reads ranges by their lowest version, ignores prereleases, and falls back to the lowest pin above', () => {
    expect(pickRelease(VERSIONS, '@mastra/core', '0.25.0')).toEqual({ version: '1.0.0', pins: '0.20.0' });
    expect(pickRelease(VERSIONS, '@mastra/core', '0.1.0')).toEqual({ version: '1.0.0', pins: '0.20.0' });
    expect(pickRelease(VERSIONS, '@mastra/core', 'not-a-version')).toBeUndefined();
    expect(pickRelease(VERSIONS, 'other', '1.0.0')).toBeUndefined();
  });
});
