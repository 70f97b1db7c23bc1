// The web page, driven end to end in Debian's Chromium (playwright-core, no browser download).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME_1, ACME_2, MAIN, tempDir, writeFiles } from '../helpers.js';

const require = createRequire(import.meta.url);

const CHROMIUM = process.env.VDOCS_CHROMIUM ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.CI) throw new Error(`CI must provide Chromium at ${CHROMIUM}: .ci/run installs it`);

describe.skipIf(!available)('web page', () => {
  const home = tempDir();
  const env = { ...process.env, VDOCS_HOME: home.path, VDOCS_INDEX: join(home.path, 'index.sqlite') };
  let server: ChildProcess;
  let url = '';
  let browser: Browser;
  /** Screenshots for people to look at (VDOCS_SCREENSHOTS keeps them). */
  const shots = process.env.VDOCS_SCREENSHOTS ?? join(home.path, 'screenshots');
  mkdirSync(shots, { recursive: true });

  beforeAll(async () => {
    execFileSync(process.execPath, [MAIN, 'add', ACME_1, '--name', 'acme'], { env });
    execFileSync(process.execPath, [MAIN, 'add', ACME_2, '--name', 'acme'], { env });
    writeFiles(join(home.path, 'hostile'), {
      'evil.md': [
        '# Evil <script>window.pwned = true</script>',
        '',
        'Raw HTML: <script>alert(1)</script> <img src=x onerror="window.pwned = true"> <iframe src="https://example.com"></iframe>',
        '',
        '<svg onload="window.pwned = true"><circle r="5"/></svg>',
        '',
        '[click](javascript:window.pwned=true) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [vb](vbscript:msgbox) [site](https://example.com)',
        '',
        '<a href="javascript:alert(1)" onclick="window.pwned = true">raw link</a>',
        '',
        '## Section',
        '',
        'Body.',
      ].join('\n'),
    });
    execFileSync(process.execPath, [MAIN, 'add', join(home.path, 'hostile'), '--name', 'hostile@1.0.0'], { env });
    // 1,000 small pages that change between two versions, and a 5 MB page.
    const files = (version: string) => Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`pages/p${String(i).padStart(4, '0')}.md`, `# Page ${i}\n\nVersion ${version} of page ${i}.\n`]));
    writeFiles(join(home.path, 'big1'), files('one'));
    const paragraph = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore. ';
    const huge = Array.from({ length: 2500 }, (_, i) => `## Part ${i}\n\n${paragraph.repeat(20)}\n`).join('\n');
    writeFiles(join(home.path, 'big2'), { ...files('two'), 'huge.md': `# Huge\n\n${huge}` });
    execFileSync(process.execPath, [MAIN, 'add', join(home.path, 'big1'), '--name', 'big@1.0.0'], { env });
    execFileSync(process.execPath, [MAIN, 'add', join(home.path, 'big2'), '--name', 'big@2.0.0'], { env });
    server = spawn(process.execPath, [MAIN, 'serve', '--http', '--port', '0', '--no-default', '--token', 'web-token'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    url = await new Promise<string>((resolve) => {
      let err = '';
      server.stderr!.on('data', (d) => {
        err += d;
        const m = /listening on (\S+)\/mcp/.exec(err);
        if (m) resolve(m[1]);
      });
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
    home.remove();
  });

  /** A page with the token set before it loads, at `width` pixels. */
  async function open(path: string, width = 1280) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.addInitScript(() => localStorage.setItem('vdocs-token', 'web-token'));
    await page.goto(`${url}/${path}`);
    await page.waitForSelector('body[data-ready="true"]');
    return page;
  }
  const noSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  async function seriousViolations(page: Page): Promise<string[]> {
    await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
    const result = await page.evaluate(() => (window as unknown as { axe: { run: () => Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe.run());
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`);
  }

  it('keeps a search in its URL: results are links, a reload keeps them, and the first opens from the keyboard', async () => {
    const page = await open('?q=how+many+retries+by+default&docset=acme');
    await page.waitForSelector('a.hit');
    expect(await page.getAttribute('a.hit', 'href')).toMatch(/path=guides%2Fgetting-started\.md/);
    expect(await page.textContent('#results')).toContain('acme@2.0.0');
    await page.reload();
    await page.waitForSelector('a.hit');
    expect(await page.locator('a.hit').count()).toBeGreaterThan(0);
    // Tab from the top of the page to the first result, then Enter.
    for (let i = 0; i < 20 && !(await page.evaluate(() => document.activeElement?.classList.contains('hit'))); i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('hit'))).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#view .doc h1');
    expect(page.url()).toContain('path=guides%2Fgetting-started.md');
    expect(await page.locator('#view .doc h2, #view .doc h3').count()).toBeGreaterThan(0);
    expect(await page.locator('#view .doc pre code').count()).toBeGreaterThan(0);
    expect(await page.locator('#view .doc pre code .hljs-string, #view .doc pre code .hljs-number, #view .doc pre code .hljs-keyword, #view .doc pre code .hljs-attr').count()).toBeGreaterThan(0);
    expect(await page.textContent('#view .doc')).not.toMatch(/^#{1,6} /m);
    expect(await page.locator('#outline a').count()).toBeGreaterThan(0);
    // The outline marks the section being read.
    expect(await page.getAttribute('#outline a.current', 'data-anchor')).toBe('install');
    await page.click('#outline a[data-anchor="configure-retries"]');
    await page.waitForSelector('#outline a.current[data-anchor="configure-retries"]');
    expect(page.url()).toMatch(/#configure-retries$/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'page-1280.png') });
    // "/" focuses the search; arrows walk the results.
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('hit'))).toBe(true);
    await page.close();
  });

  it('searches every library by default, naming each hit\'s library and version', async () => {
    const page = await open('?q=retries');
    await page.waitForSelector('a.hit');
    expect(await page.inputValue('#docset')).toBe('');
    expect(await page.textContent('a.hit .lib')).toMatch(/^acme@2\.0\.0$/);
    await page.close();
  });

  it('says when nothing matches, and why when the question has only stop words', async () => {
    const page = await open('?q=ourselves+whom+shall&docset=acme');
    await page.waitForSelector('#results .weak');
    expect(await page.textContent('#results')).toContain('0 sections in acme@2.0.0');
    expect(await page.textContent('#results .weak')).toBe('No section holds these words: the question has only stop words. Try other words or an API name.');
    expect(await page.locator('a.hit').count()).toBe(0);
    await page.close();
  });

  it('fits a phone: nothing overflows sideways at 400 px, and the page passes an accessibility check', async () => {
    const page = await open('?q=how+many+retries+by+default&docset=acme&path=guides%2Fgetting-started.md', 400);
    await page.waitForSelector('#view .doc h1');
    expect(await noSideways(page)).toBe(true);
    // The results fold away while a page is read; a button shows them again.
    expect(await page.isVisible('ol.hits')).toBe(false);
    await page.screenshot({ path: join(shots, 'page-400.png'), fullPage: true });
    await page.click('button.toggle-hits');
    expect(await page.isVisible('ol.hits')).toBe(true);
    expect(await noSideways(page)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('shows a diff as a file list with counts and one file\'s hunks at a time, in the URL', async () => {
    const page = await open('?docset=acme&from=1.0.0&to=2.0.0');
    await page.waitForSelector('ul.files a');
    expect(await page.textContent('#view h1')).toBe('acme 1.0.0 → 2.0.0');
    expect(await page.textContent('ul.files')).toMatch(/\+\d+ −\d+/);
    await page.click('ul.files li.status-modified a');
    await page.waitForSelector('.diff .add');
    expect(page.url()).toContain('file=');
    expect(await page.locator('.diff .del').count()).toBeGreaterThan(0);
    expect(await page.locator('.diff .add').first().evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(230, 246, 234)');
    await page.reload();
    await page.waitForSelector('.diff .add');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'diff-1280.png') });
    await page.close();
  });

  it('renders hostile Markdown inert', async () => {
    const page = await open('?docset=hostile&path=evil.md');
    await page.waitForSelector('#view .doc h1');
    expect(await page.locator('#view script, #view iframe, #view svg, #view img[onerror], #view [onclick]').count()).toBe(0);
    expect(await page.locator('#view a[href^="javascript:"], #view a[href^="data:"], #view a[href^="vbscript:"]').count()).toBe(0);
    expect(await page.textContent('#view .doc')).toContain('<script>alert(1)</script>');
    expect(await page.getAttribute('#view a[href^="https://"]', 'rel')).toBe('noopener noreferrer');
    expect(await page.evaluate(() => (window as unknown as { pwned?: boolean }).pwned)).toBeUndefined();
    await page.close();
  });

  it('pages a 5 MB page and a 1,000-file diff', async () => {
    const page = await open('?docset=big&version=2.0.0&path=huge.md');
    await page.waitForSelector('#view .doc');
    expect(await page.locator('a.next').count()).toBe(1);
    expect((await page.textContent('#view .doc'))!.length).toBeLessThan(400_000);
    await page.click('a.next');
    await page.waitForFunction(() => /lines \d+/.test(document.querySelector('#view .meta')?.textContent ?? '') && !/lines 1–/.test(document.querySelector('#view .meta')?.textContent ?? ''));
    await page.goto(`${url}/?docset=big&from=1.0.0&to=2.0.0`);
    await page.waitForSelector('ul.files a');
    expect(await page.locator('ul.files li').count()).toBe(200);
    expect(await page.textContent('#view')).toMatch(/1001 files changed/);
    expect(await page.locator('#view a', { hasText: 'Next 200 files' }).count()).toBe(1);
    await page.close();
  });

  it('shows the API refusing a request without the token', async () => {
    const page = await browser.newPage();
    await page.goto(`${url}/?q=retries`);
    await page.fill('#token', '');
    await page.dispatchEvent('#token', 'change');
    await page.waitForSelector('#results .error');
    expect(await page.textContent('#results .error')).toContain('Authentication required');
    await page.close();
  });
});
