import { describe, expect, it } from 'vitest';
import { sourceForVersion } from './version-on-demand.js';

describe('sourceForVersion', () => {
  it('spells another version of a package or a repository tag as the known one is spelled', () => {
    expect(sourceForVersion('npm:@mastra/mcp-docs-server@1.2.27#.docs', '1.3.0')).toBe('npm:@mastra/mcp-docs-server@1.3.0#.docs');
    expect(sourceForVersion('npm:npm@11.21.2', '11.0.0')).toBe('npm:npm@11.0.0');
    expect(sourceForVersion('github:pinojs/pino@v10.4.0#docs', '10.3.0')).toBe('github:pinojs/pino@v10.3.0#docs');
    expect(sourceForVersion('github:sveltejs/svelte@svelte@5.1.0#documentation/docs', '5.2.0')).toBe('github:sveltejs/svelte@svelte@5.2.0#documentation/docs');
  });

  it('has none for folders, llms.txt, branches and anything but an exact version', () => {
    expect(sourceForVersion('/home/me/docs', '1.0.0')).toBeUndefined();
    expect(sourceForVersion('https://example.com/llms.txt', '1.0.0')).toBeUndefined();
    expect(sourceForVersion('github:o/r@main', '1.0.0')).toBeUndefined();
    expect(sourceForVersion('npm:x@1.0.0', '^2')).toBeUndefined();
    expect(sourceForVersion('npm:x@1.0.0', 'http://evil/x.tgz')).toBeUndefined();
  });
});
