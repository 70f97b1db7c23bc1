// A doc page as HTML for the web page, rendered on the server: raw HTML in the Markdown is shown as
// text (never run), links only of safe kinds (markdown-it refuses javascript:, vbscript:, file: and
// most data:), external ones opened without a window reference, links between pages kept in the
// page, code highlighted by highlight.js (classes only: the page's style sheet colours them), and
// headings given the anchors the index gives their sections.
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import ini from 'highlight.js/lib/languages/ini';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdown from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import MarkdownIt from 'markdown-it';
import { posix } from 'node:path';
import { stripFrontmatter } from '../../markdown/frontmatter.js';
import { inlineText } from '../../markdown/parse-markdown.js';
import { createSlugger } from '../../markdown/slugify.js';

for (const [name, language] of Object.entries({ bash, css, diff, go, ini, java, javascript, json, markdown, python, rust, shell, sql, typescript, xml, yaml })) hljs.registerLanguage(name, language);
hljs.registerAliases(['sh', 'zsh', 'console'], { languageName: 'bash' });
hljs.registerAliases(['js', 'jsx', 'mjs', 'cjs'], { languageName: 'javascript' });
hljs.registerAliases(['ts', 'tsx', 'mts'], { languageName: 'typescript' });
hljs.registerAliases(['html', 'svg', 'vue'], { languageName: 'xml' });
hljs.registerAliases(['yml'], { languageName: 'yaml' });
hljs.registerAliases(['toml', 'env', 'dotenv'], { languageName: 'ini' });
hljs.registerAliases(['py'], { languageName: 'python' });
hljs.registerAliases(['md', 'mdx'], { languageName: 'markdown' });

/** Pages longer than this are shown as text: highlighting every block of a huge page costs seconds. */
const HIGHLIGHT_MAX_CHARS = 400_000;

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

const escapeHtml = md.utils.escapeHtml;

md.renderer.rules.fence = (tokens, idx, _options, rawEnv) => {
  const env = rawEnv as unknown as RenderEnv;
  const token = tokens[idx];
  const lang = token.info.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  const known = lang && hljs.getLanguage(lang);
  const body = known && env.highlight ? hljs.highlight(token.content, { language: lang, ignoreIllegals: true }).value : escapeHtml(token.content);
  // Focusable: a block wider than the screen scrolls, and a keyboard must reach it.
  return `<pre tabindex="0"><code class="hljs${known ? ` language-${escapeHtml(lang)}` : ''}">${body}</code></pre>\n`;
};

md.renderer.rules.table_open = () => '<table tabindex="0">\n';

md.renderer.rules.link_open = (tokens, idx, options, rawEnv, self) => {
  const env = rawEnv as unknown as RenderEnv;
  const token = tokens[idx];
  const href = String(token.attrGet('href') ?? '');
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) {
    token.attrSet('rel', 'noopener noreferrer');
    token.attrSet('target', '_blank');
  } else if (!href.startsWith('#')) {
    token.attrSet('href', env.pageLink(href));
  }
  return self.renderToken(tokens, idx, options);
};

md.core.ruler.push('section_anchors', (state) => {
  const slug = createSlugger();
  for (let i = 0; i < state.tokens.length; i++) {
    const token = state.tokens[i];
    if (token.type === 'heading_open' && token.level === 0) token.attrSet('id', slug(inlineText(state.tokens[i + 1])));
  }
});

interface RenderEnv {
  highlight: boolean;
  pageLink(href: string): string;
}

/**
 * `markdown` of the page at `path` as HTML, its front matter left out and its title (from the front
 * matter, for pages without a `#` heading) as the first heading; a relative link to another page
 * becomes a link to it in the web page (`link(path, anchor)` makes that URL).
 */
export function renderMarkdown(markdown: string, path: string, title: string, link: (path: string, anchor?: string) => string): string {
  const env: RenderEnv = {
    highlight: markdown.length <= HIGHLIGHT_MAX_CHARS,
    pageLink(href) {
      const [target, anchor] = href.split('#', 2);
      if (!target) return `#${anchor ?? ''}`;
      // `/guide/x.md` is from the doc set's root; `x.md` and `../x.md` from the page's folder.
      const resolved = posix.normalize(target.startsWith('/') ? target.slice(1) : posix.join(posix.dirname(path), target));
      return resolved.startsWith('..') ? '#' : link(resolved.replace(/^\.\//, ''), anchor);
    },
  };
  const html = md.render(stripFrontmatter(markdown), env as unknown as Record<string, unknown>);
  return /^<h1[ >]/m.test(html) ? html : `<h1>${escapeHtml(title)}</h1>\n${html}`;
}
