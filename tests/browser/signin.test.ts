// Signing in as a person would, in headless Chromium against the real service with authentication on:
// the pages send an anonymous visitor to the sign-in page and back after signing in; every page runs
// under the Content-Security-Policy without a single violation; signing out ends the session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, saveScreenshot, smallDatasetCsv, startTestServer, type TestServer } from './harness.js';

const PASSWORD = 'a long enough password';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ la1: smallDatasetCsv() });
  await server.app.accounts.add('ana', 'analyst', PASSWORD);
  await server.app.accounts.add('vic', 'viewer', PASSWORD);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A page that records every CSP violation and page error. */
async function watchedPage(context: BrowserContext): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`);
    });
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/401 \(Unauthorized\)/.test(message.text())) problems.push(message.text());
  });
  return { page, problems };
}

async function signIn(page: Page, name: string, password: string): Promise<void> {
  await page.fill('#name', name);
  await page.fill('#password', password);
  await page.click('#signin-submit');
}

describe('signing in', () => {
  it('sends an anonymous visitor to the sign-in page, refuses a wrong password, and returns to the page after', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const { page, problems } = await watchedPage(context);
    await page.goto(`${server.url}/views.html#view=rereferrals&dataset=la1`);
    await page.waitForURL(/\/signin\.html\?next=%2Fviews\.html/);
    await saveScreenshot(page, 'signin-1440');
    await signIn(page, 'vic', 'not the password');
    await page.waitForSelector('#signin-error:not([hidden])');
    expect(await page.textContent('#signin-error')).toMatch(/do not match/);
    await saveScreenshot(page, 'signin-error-1440');
    await signIn(page, 'vic', PASSWORD);
    await page.waitForURL(/\/views\.html/);
    await page.waitForSelector('.session-control');
    expect(await page.textContent('.session-control')).toMatch(/vic \(viewer\)/);
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('lays the sign-in page out on a phone', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    const { page, problems } = await watchedPage(context);
    await page.goto(`${server.url}/signin.html`);
    await page.waitForSelector('#signin-form');
    const box = (await page.locator('.signin').boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(390);
    expect(box.x).toBeGreaterThanOrEqual(0);
    await saveScreenshot(page, 'signin-390');
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('runs the map and the views under the CSP with no violation, then signs out', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const { page, problems } = await watchedPage(context);
    await page.goto(`${server.url}/`);
    await page.waitForURL(/signin/);
    await signIn(page, 'ana', PASSWORD);
    await page.waitForURL((url) => url.pathname === '/');
    await page.waitForFunction(() => 'journeyMap' in window || 'journeyMapError' in window, null, { timeout: 60_000 });
    expect(await page.evaluate(() => (window as unknown as { journeyMapError?: string }).journeyMapError ?? null)).toBeNull();
    await saveScreenshot(page, 'map-signed-in');
    const csp = (await page.request.get(`${server.url}/`)).headers()['content-security-policy'];
    expect(csp).toMatch(/script-src 'self'/);
    await page.goto(`${server.url}/views.html#view=pathways&dataset=la1`);
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#panel-pathways')?.dataset.loadedUrl, null, { timeout: 60_000 });
    expect(await page.$$eval('#panel-pathways .chart svg', (svgs) => svgs.length)).toBeGreaterThan(0);
    await saveScreenshot(page, 'views-signed-in');
    expect(problems).toEqual([]);

    await page.click('.session-control button');
    await page.waitForURL(/signin\.html/);
    expect((await page.request.get(`${server.url}/api/datasets`)).status()).toBe(401);
    await context.close();
  }, 180_000);
});

describe('the map for a viewer', () => {
  it('draws the stations with the counts a viewer may see and no dots, and says why', async () => {
    for (const [width, height, name] of [[1440, 900, 'map-viewer-1440'], [390, 844, 'map-viewer-390']] as const) {
      const context = await browser.newContext({ viewport: { width, height } });
      const { page, problems } = await watchedPage(context);
      await page.goto(`${server.url}/?dataset=la1`);
      await page.waitForURL(/signin/);
      await signIn(page, 'vic', PASSWORD);
      await page.waitForURL((url) => url.pathname === '/');
      await page.waitForFunction(() => 'journeyMap' in window || 'journeyMapError' in window, null, { timeout: 60_000 });
      expect(await page.evaluate(() => (window as unknown as { journeyMapError?: string }).journeyMapError ?? null)).toBeNull();
      expect(await page.evaluate(() => (window as unknown as { journeyMap: { stationsOnly?: boolean } }).journeyMap.stationsOnly)).toBe(true);
      expect(await page.textContent('#viewer-note')).toMatch(/Dots \(one per child\) need the analyst role/);
      expect(await page.isVisible('#viewer-note')).toBe(true);
      for (const hidden of ['#play', '#scrub', '#colour-mode', '#export-png', '#marker-form']) expect(await page.isVisible(hidden), hidden).toBe(false);
      // No import button: the server refuses a viewer's import (review v12d finding 9).
      await page.waitForSelector('.session-control', { state: 'attached' });
      expect(await page.$('#import-open')).toBeNull();
      // The table says what the stations endpoint tells a viewer: [c] or a multiple of 5, never 1-4.
      await page.click('#table-toggle');
      const cells = await page.$$eval('#station-table tbody tr', (rows) => rows.map((r) => [r.getAttribute('data-station'), r.children[1]!.textContent]));
      const at = await page.inputValue('#jump-date');
      const api = await page.evaluate(async (url) => (await fetch(url)).json(), `/api/datasets/la1/stations?map=front-door&at=${at}`);
      expect(api.disclosure.exactCounts).toBe(false);
      for (const [id, text] of cells) {
        const s = (api.stations as { id: string; waiting: number | string }[]).find((x) => x.id === id)!;
        if (text === '—') continue;
        expect(text, id!).toBe(typeof s.waiting === 'number' ? s.waiting.toLocaleString('en-GB') : s.waiting);
        expect(text === '[c]' || Number(text!.replace(/,/g, '')) % 5 === 0, `${id} ${text}`).toBe(true);
      }
      await page.click('#table-toggle');
      await saveScreenshot(page, name);
      // The one refusal is the moves' (403): it is what turns the dots off.
      expect(problems.filter((p) => !/403 \(Forbidden\)/.test(p))).toEqual([]);
      await context.close();
    }
  }, 180_000);

  it('counts the cohort of a link from the views (?cohort=), names it on the chip and hands it back to the views', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const { page, problems } = await watchedPage(context);
    await page.goto(`${server.url}/?dataset=la1&cohort=${encodeURIComponent('sex:F')}`);
    await page.waitForURL(/signin/);
    await signIn(page, 'vic', PASSWORD);
    await page.waitForURL((url) => url.pathname === '/');
    await page.waitForFunction(() => 'journeyMap' in window || 'journeyMapError' in window, null, { timeout: 60_000 });
    await page.evaluate(() => (window as unknown as { journeyMap: { whenSettled(): Promise<void> } }).journeyMap.whenSettled());
    expect(await page.isVisible('#filter-chip')).toBe(true);
    expect(await page.textContent('#filter-chip')).toContain('Filter on: Sex: female');
    await page.click('#table-toggle');
    const cells = await page.$$eval('#station-table tbody tr', (rows) => rows.map((r) => [r.getAttribute('data-station'), r.children[1]!.textContent]));
    const at = await page.inputValue('#jump-date');
    type Answer = { stations: { id: string; waiting: number | string }[] };
    const api = (await page.evaluate(async (url) => (await fetch(url)).json(), `/api/datasets/la1/stations?map=front-door&at=${at}&cohort=sex%3AF`)) as Answer;
    const everyone = (await page.evaluate(async (url) => (await fetch(url)).json(), `/api/datasets/la1/stations?map=front-door&at=${at}`)) as Answer;
    expect(api.stations.map((s) => s.waiting), 'the cohort differs from everyone: the test can fail').not.toEqual(everyone.stations.map((s) => s.waiting));
    for (const [id, text] of cells) {
      const s = api.stations.find((x) => x.id === id)!;
      if (text === '—') continue;
      expect(text, id!).toBe(typeof s.waiting === 'number' ? s.waiting.toLocaleString('en-GB') : s.waiting);
    }
    const views = new URLSearchParams(new URL((await page.getAttribute('#views-link', 'href'))!, `${server.url}/`).hash.slice(1));
    expect(views.get('cohort')).toBe('sex:F');
    await saveScreenshot(page, 'map-viewer-cohort-1440');
    // Cleared: everyone again, in the URL and the views link too.
    await page.click('#filter-clear');
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('cohort'), null, { timeout: 30_000 });
    expect(new URLSearchParams(new URL((await page.getAttribute('#views-link', 'href'))!, `${server.url}/`).hash.slice(1)).get('cohort')).toBeNull();
    expect(await page.isVisible('#filter-chip')).toBe(false);
    expect(problems.filter((p) => !/403 \(Forbidden\)/.test(p))).toEqual([]);
    await context.close();
  }, 180_000);

  it("lets a viewer narrow one group at a time in the views' cohort picker, says why, and gets answers (two groups are refused)", async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const { page, problems } = await watchedPage(context);
    await page.goto(`${server.url}/views.html#view=flow&dataset=la1`);
    await page.waitForURL(/signin/);
    await signIn(page, 'vic', PASSWORD);
    await page.waitForURL(/\/views\.html/);
    await page.waitForSelector('.session-control');
    // back on the view the link named: the sign-in's way back keeps the #hash (it kept only the path before)
    await page.waitForSelector('#panel-flow:not([hidden])');
    expect(new URLSearchParams(new URL(page.url()).hash.slice(1)).get('view')).toBe('flow');
    await page.click('#cohort-host summary');
    await page.waitForSelector('#cohort-host .cohort-note:not([hidden])');
    expect(await page.textContent('#cohort-host .cohort-note')).toMatch(/one group at a time/);
    const box = (group: string, value: string) => page.locator(`#cohort-host fieldset:has(legend:text-is("${group}")) label:has-text("${value}") input`);
    await box('Sex', 'Female').check();
    await box('Age band', '1 to 4').check();
    expect(await box('Sex', 'Female').isChecked(), 'ticking an age band clears sex').toBe(false);
    expect(await box('Age band', '1 to 4').isChecked()).toBe(true);
    expect(await page.textContent('#cohort-host summary')).toBe('Cohort: aged 1–4');
    await saveScreenshot(page, 'views-viewer-one-group-1440');
    // the page asks for what the picker shows (its hash says so), and the server answers that; two groups get 403
    await page.click('#global-controls button[type=submit]');
    await page.waitForFunction(() => decodeURIComponent(location.hash).includes('cohort=age:1_4'), null, { timeout: 30_000 });
    const asked = (await page.evaluate(async () => (await fetch('/api/datasets/la1/views/flow?cohort=age%3A1_4')).status)) as number;
    expect(asked).toBe(200);
    const refused = (await page.evaluate(async () => (await fetch('/api/datasets/la1/views/flow?cohort=sex%3AF%3Bage%3A1_4')).status)) as number;
    expect(refused).toBe(403);
    expect(problems.filter((p) => !/403 \(Forbidden\)/.test(p))).toEqual([]);
    await context.close();
  }, 180_000);

  it('asks only for days of the data: a ?date= past its last day opens at the last day, no refusal (review v8f finding 1)', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const { page, problems } = await watchedPage(context);
    await page.goto(`${server.url}/?dataset=la1&date=2199-12-31`);
    await page.waitForURL(/signin/);
    await signIn(page, 'vic', PASSWORD);
    await page.waitForURL((url) => url.pathname === '/');
    await page.waitForFunction(() => 'journeyMap' in window || 'journeyMapError' in window, null, { timeout: 60_000 });
    await page.evaluate(() => (window as unknown as { journeyMap: { whenSettled(): Promise<void> } }).journeyMap.whenSettled());
    const datasets = (await page.evaluate(async () => (await fetch('/api/datasets')).json())) as { name: string; to: string }[];
    expect(await page.inputValue('#jump-date')).toBe(datasets.find((d) => d.name === 'la1')!.to);
    expect(problems.filter((p) => !/403 \(Forbidden\)/.test(p))).toEqual([]);
    await context.close();
  }, 180_000);
});


describe('the What next page for a viewer', () => {
  it('says forecasts need the analyst role and why, asks for none, and keeps the page for an analyst', async () => {
    for (const [width, height, name] of [[1440, 900, 'forecast-viewer-1440'], [390, 844, 'forecast-viewer-390']] as const) {
      const context = await browser.newContext({ viewport: { width, height } });
      const { page, problems } = await watchedPage(context);
      const asked: string[] = [];
      page.on('request', (r) => { if (/\/(forecast|scenarios)/.test(new URL(r.url()).pathname) && r.url().includes('/api/')) asked.push(r.url()); });
      await page.goto(`${server.url}/forecast.html?dataset=la1`);
      await page.waitForURL(/signin/);
      await signIn(page, 'vic', PASSWORD);
      await page.waitForURL(/forecast\.html/);
      await page.waitForSelector('#role-note');
      const note = (await page.textContent('#role-note'))!;
      expect(note).toMatch(/Forecasts need the analyst role/);
      expect(note).toMatch(/signed in as a viewer/);
      expect(note).toMatch(/1 to 4 is shown as \[c\]/);
      expect(await page.isVisible('#forecast-controls')).toBe(false);
      expect(await page.isVisible('#levers')).toBe(false);
      expect(await page.textContent('#status').catch(() => '')).toBe('');
      expect(await page.getAttribute('#role-note a >> nth=0', 'href')).toBe('/?dataset=la1');
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      expect(asked).toEqual([]);
      await saveScreenshot(page, name);
      expect(problems).toEqual([]);
      await context.close();
    }
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const { page, problems } = await watchedPage(context);
    await page.goto(`${server.url}/forecast.html?dataset=la1&months=3&runs=40`);
    await page.waitForURL(/signin/);
    await signIn(page, 'ana', PASSWORD);
    await page.waitForURL(/forecast\.html/);
    await page.waitForFunction(() => document.querySelectorAll('#charts figure').length > 0, null, { timeout: 120_000 });
    expect(await page.locator('#role-note').count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  }, 240_000);
});
