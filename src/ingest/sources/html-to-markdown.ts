// One page of a documentation website as Markdown: the page's links (for the crawler, taken before
// anything is removed: a site's sidebar is how its pages are found), then its main content without
// the site's chrome (navigation, sidebars, cookie banners, footers, "edit this page"), converted
// with turndown (headings, fenced code with its language, GitHub tables, links kept).
// The main content is the page's own <main>/<article> when it has one, else what Readability finds.
import { Readability } from '@mozilla/readability';
import { gfm } from '@joplin/turndown-plugin-gfm';
import { parseHTML } from 'linkedom';
import TurndownService from 'turndown';

export interface HtmlPage {
  title: string;
  /** Undefined when the page has no main content worth indexing. */
  markdown?: string;
  /** Absolute URLs of every link on the page (chrome included), without fragments. */
  links: URL[];
}

/** Elements that are never content. */
const CHROME_TAGS = 'script, style, noscript, template, svg, iframe, form, button, nav, header, footer, aside, dialog';
const CHROME_ROLES = '[role="navigation"], [role="banner"], [role="contentinfo"], [role="complementary"], [role="search"], [role="dialog"]';
/** Class or id words of chrome containers (never applied to code, tables or headings). */
const CHROME_NAMES = /(?:^|[-_\s])(cookies?|consent|gdpr|sidebar|side-bar|sidenav|toc|table-of-contents|breadcrumbs?|edit-?this-?page|edit-?page|edit-?link|page-?nav|pagination|prev-?next|footer|navbar|skip-?link|feedback|announcement-?bar|theme-?toggle)(?:[-_\s]|$)/i;
const CONTENT_CONTAINERS = ['main article', 'article', 'main', '[role="main"]', '#content', '.content'];
/** Less text than this in a container is no main content (a landing page of links, an empty shell). */
const MIN_CONTENT_CHARS = 40;

const turndown = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-', emDelimiter: '*' });
turndown.use(gfm);
// Code blocks keep their language, from the <pre> or the <code> (`language-js`, `lang-js`).
turndown.addRule('fencedCodeWithLanguage', {
  filter: (node) => node.nodeName === 'PRE',
  replacement: (_content, node) => {
    const element = node as unknown as Element;
    const code = element.querySelector('code') ?? element;
    const classes = `${element.getAttribute('class') ?? ''} ${code.getAttribute('class') ?? ''}`;
    const language = /(?:^|\s)(?:language|lang)-([\w+#.-]+)/.exec(classes)?.[1] ?? '';
    const text = (code.textContent ?? '').replace(/\n$/, '');
    const fence = text.includes('```') ? '~~~~' : '```';
    return `\n\n${fence}${language}\n${text}\n${fence}\n\n`;
  },
});

export function htmlToMarkdown(html: string, url: URL): HtmlPage {
  const { document } = parseHTML(html);
  const links: URL[] = [];
  for (const a of document.querySelectorAll('a[href]')) {
    try {
      const link = new URL(a.getAttribute('href') ?? '', url);
      link.hash = '';
      links.push(link);
    } catch {
      // not a URL: skipped
    }
  }
  const siteTitle = (document.querySelector('title')?.textContent ?? '').trim();
  removeChrome(document);
  let container: Element | undefined = CONTENT_CONTAINERS.map((s) => document.querySelector(s)).find((e): e is Element => e !== null && textLength(e) >= MIN_CONTENT_CHARS);
  if (!container) {
    const article = new Readability(parseHTML(html).document as unknown as Document, { charThreshold: MIN_CONTENT_CHARS }).parse();
    if (article?.content && textLength(parseHTML(article.content).document.documentElement) >= MIN_CONTENT_CHARS) {
      container = parseHTML(`<html><body>${article.content}</body></html>`).document.body;
      removeChrome(container);
    }
  }
  const h1 = container?.querySelector('h1')?.textContent?.trim();
  const title = h1 || siteTitle.split(/\s+[|–—-]\s+/)[0] || url.pathname;
  if (!container) return { title, links };
  // Heading permalinks (`#`, `¶`) and "Edit this page" links are chrome inside the content.
  for (const a of container.querySelectorAll('a')) {
    const text = (a.textContent ?? '').trim();
    if (/^[#¶🔗]?$/.test(text) && a.closest('h1, h2, h3, h4, h5, h6')) a.remove();
    else if (/^edit (this page|on github)/i.test(text)) a.remove();
  }
  const markdown = turndown.turndown(container.outerHTML).trim();
  return { title, markdown: markdown.startsWith('#') ? markdown : `# ${title}\n\n${markdown}`, links };
}

function removeChrome(root: Document | Element): void {
  for (const element of root.querySelectorAll(`${CHROME_TAGS}, ${CHROME_ROLES}`)) {
    // A <header> inside an article often holds its title: keep headings found there.
    if (element.tagName === 'HEADER' && element.querySelector('h1, h2')) continue;
    element.remove();
  }
  for (const element of root.querySelectorAll('[class], [id]')) {
    if (/^(PRE|CODE|TABLE|THEAD|TBODY|TR|TD|TH|H[1-6]|MAIN|ARTICLE|BODY|HTML)$/.test(element.tagName)) continue;
    if (CHROME_NAMES.test(`${element.getAttribute('class') ?? ''} ${element.getAttribute('id') ?? ''}`)) element.remove();
  }
}

function textLength(element: Element): number {
  return (element.textContent ?? '').replace(/\s+/g, ' ').trim().length;
}
