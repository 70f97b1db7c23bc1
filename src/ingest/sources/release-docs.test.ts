import { describe, expect, it } from 'vitest';
import { parseRepositoryField, releaseTags, releaseWhere } from './release-docs.js';

describe('parseRepositoryField', () => {
  it.each([
    ['git+https://github.com/pinojs/pino.git', { forge: 'github', owner: 'pinojs', repo: 'pino' }],
    ['https://github.com/fastify/fastify', { forge: 'github', owner: 'fastify', repo: 'fastify' }],
    ['git://github.com/expressjs/express.git', { forge: 'github', owner: 'expressjs', repo: 'express' }],
    ['git+ssh://git@github.com/nodejs/undici.git', { forge: 'github', owner: 'nodejs', repo: 'undici' }],
    ['git@gitlab.com:group/project.git', { forge: 'gitlab', owner: 'group', repo: 'project' }],
    ['github:tj/commander.js', { forge: 'github', owner: 'tj', repo: 'commander.js' }],
    ['bitbucket:team/lib', { forge: 'bitbucket', owner: 'team', repo: 'lib' }],
    ['sindresorhus/got', { forge: 'github', owner: 'sindresorhus', repo: 'got' }],
    ['https://www.github.com/a/b/tree/main/packages/x', { forge: 'github', owner: 'a', repo: 'b' }],
  ])('reads %s', (field, expected) => {
    expect(parseRepositoryField(field)).toEqual(expected);
  });

  it('keeps a monorepo directory', () => {
    expect(parseRepositoryField({ type: 'git', url: 'https://github.com/mastra-ai/mastra.git', directory: 'packages/core' })).toEqual({ forge: 'github', owner: 'mastra-ai', repo: 'mastra', directory: 'packages/core' });
    expect(parseRepositoryField({ url: 'https://github.com/a/b', directory: '../../etc' })).toEqual({ forge: 'github', owner: 'a', repo: 'b' });
  });

  it.each(['https://git.example.internal/x/y.git', 'file:../local', 'http://127.0.0.1/a/b', 'https://github.com/only-owner', '', 42, null, { url: 'ftp://github.com/a/b' }])('names no forge for %j', (field) => {
    expect(parseRepositoryField(field)).toBeUndefined();
  });
});

describe('releaseTags', () => {
  it('tries v-prefixed, bare and name@version tags, scoped names both ways', () => {
    expect(releaseTags('pino', '10.4.0')).toEqual(['v10.4.0', '10.4.0', 'pino@10.4.0']);
    expect(releaseTags('@mastra/core', '1.71.0')).toEqual(['v1.71.0', '1.71.0', '@mastra/core@1.71.0', 'core@1.71.0']);
    expect(releaseWhere('github:pinojs/pino@v10.4.0#docs')).toBe('github.com/pinojs/pino at v10.4.0');
  });
});
