// The web page, driven end to end in Debian's Chromium (playwright-core, no browser download).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME_1, ACME_2, MAIN, tempDir } from '../helpers.js';

const CHROMIUM = process.env.VDOCS_CHROMIUM ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.CI) throw new Error(`CI must provide Chromium at ${CHROMIUM}: .ci/run installs it`);

describe.skipIf(!available)('web page', () => {
  const home = tempDir();
  const env = { ...process.env, VDOCS_HOME: home.path, VDOCS_INDEX: join(home.path, 'index.sqlite') };
  let server: ChildProcess;
  let url = '';
  let browser: Browser;

  beforeAll(async () => {
    execFileSync(process.execPath, [MAIN, 'add', ACME_1, '--name', 'acme'], { env });
    execFileSync(process.execPath, [MAIN, 'add', ACME_2, '--name', 'acme'], { env });
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

  it('searches, reads a page by its sections and shows a coloured diff', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${url}/`);
    await page.fill('#token', 'web-token');
    await page.dispatchEvent('#token', 'change');
    await page.waitForSelector('#docset option', { state: 'attached' });
    await page.fill('#q', 'how many retries by default');
    await page.click('#go');
    await page.waitForSelector('.hit');
    expect(await page.textContent('.hit .path')).toContain('guides/getting-started.md');
    await page.click('.hit');
    await page.waitForSelector('#view pre.doc');
    expect(await page.textContent('#view .meta')).toContain('acme@2.0.0');
    expect(await page.locator('.outline a').count()).toBeGreaterThan(1);

    await page.selectOption('#from', '1.0.0');
    await page.selectOption('#to', '2.0.0');
    await page.click('#compare');
    await page.waitForSelector('.diff .add');
    expect(await page.textContent('#view h2')).toBe('acme 1.0.0 → 2.0.0');
    expect(await page.locator('.diff .del').count()).toBeGreaterThan(0);
    // The style sheet is external (the CSP allows no inline style): added lines are green.
    expect(await page.locator('.diff .add').first().evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(230, 246, 234)');
    const shot = join(home.path, 'diff.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    await page.close();
  });

  it('shows the API refusing a request without the token', async () => {
    const page = await browser.newPage();
    await page.goto(`${url}/`);
    await page.fill('#token', '');
    await page.dispatchEvent('#token', 'change');
    await page.waitForSelector('#results .error');
    expect(await page.textContent('#results .error')).toContain('Authentication required');
    await page.close();
  });
});
