import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './render-markdown.js';

const link = (path: string, anchor?: string) => `?path=${encodeURIComponent(path)}${anchor ? `#${anchor}` : ''}`;

describe('renderMarkdown', () => {
  it('keeps links between pages in the page, from the page folder or the root', () => {
    const html = renderMarkdown('# T\n\n[a](other.md) [b](../up.md#x) [c](/root/page.md) [d](#here) [e](../../outside.md)', 'guides/deep/page.md', 'T', link);
    expect(html).toContain('href="?path=guides%2Fdeep%2Fother.md"');
    expect(html).toContain('href="?path=guides%2Fup.md#x"');
    expect(html).toContain('href="?path=root%2Fpage.md"');
    expect(html).toContain('href="#here"');
    expect(html).toContain('href="?path=outside.md"');
  });

  it('gives headings the anchors of their sections and a page without a heading its title', () => {
    const html = renderMarkdown('---\ntitle: From front matter\n---\n\n## Install `pkg`\n\n## Install `pkg`\n', 'a.md', 'From front matter', link);
    expect(html).toMatch(/^<h1>From front matter<\/h1>/);
    expect(html).toContain('<h2 id="install-pkg">');
    expect(html).toContain('<h2 id="install-pkg-1">');
    expect(html).not.toContain('title:');
  });

  it('shows raw HTML as text and refuses unsafe links', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](https://example.com)', 'a.md', 'A', link);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('<a href="https://example.com" rel="noopener noreferrer" target="_blank">');
  });

  it('highlights code of a known language, and leaves other code as text', () => {
    const html = renderMarkdown('```ts\nconst a = 1;\n```\n\n```nosuchlang\n<b>x</b>\n```', 'a.md', 'A', link);
    expect(html).toContain('<code class="hljs language-ts"><span class="hljs-keyword">const</span>');
    expect(html).toContain('<code class="hljs">&lt;b&gt;x&lt;/b&gt;');
  });
});
