// The import panel on the map page, in headless Chromium against the real service: an Annex A
// workbook dropped on the panel is imported, its report shows, and "Open on the map" reaches the map.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, saveScreenshot, startTestServer, type TestServer } from './harness.js';

const WORKBOOK = join(import.meta.dirname, '../fixtures/formats/annex-a/Annex_A_sample.xlsx');
/** The reviewer's workbook: 24 rows, 3 that cannot be read, a cover sheet of 2 */
const UNREADABLE = join(import.meta.dirname, '../fixtures/formats/review/annex/annex.xlsx');

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({});
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Drops `bytes` as a file named `name` on the element, as a person dragging it from their desktop would. */
async function dropFile(page: Page, selector: string, name: string, bytes: Buffer): Promise<void> {
  await page.evaluate(
    ({ selector, name, base64 }) => {
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], name, { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
      const target = document.querySelector(selector)!;
      for (const type of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
    },
    { selector, name, base64: bytes.toString('base64') },
  );
}

describe('the import panel', () => {
  it('imports a dropped Annex A workbook, shows the report, and opens the new dataset on the map', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/`);
    // No dataset yet: the map says so, and the panel is there to fix it.
    await page.waitForFunction(() => 'journeyMapError' in window, null, { timeout: 60_000 });
    await page.click('#import-open');
    expect(await page.isVisible('#import-panel')).toBe(true);
    await dropFile(page, '#import-drop', 'Annex_A_sample.xlsx', readFileSync(WORKBOOK));
    await page.waitForSelector('#import-files li');
    expect(await page.inputValue('#import-files select')).toBe('annex-a');
    expect(await page.inputValue('#import-name')).toBe('Annex_A_sample');
    await page.fill('#import-name', 'council-x');
    await saveScreenshot(page, 'import-panel-1440');
    await page.click('#import-go');
    await page.waitForSelector('.import-open-map', { timeout: 60_000 });
    const progress = await page.textContent('#import-progress');
    expect(progress).toBe('Imported into dataset “council-x”.');
    const facts = await page.$$eval('.import-facts dt, .import-facts dd', (cells) => cells.map((c) => c.textContent));
    expect(facts).toEqual(['Rows read', '59', 'Rows imported', '54', 'Rows not imported', '5 (5 not read on purpose)', 'Children', '48', 'Events', '67', 'Periods of care', '5 (4 open)', 'Data-quality problems', '26']);
    const problemRows = await page.$$eval('.import-table', (tables) => tables.map((t) => t.querySelector('caption')!.textContent));
    expect(problemRows).toContain('Data-quality problems by kind');
    expect(await page.getAttribute('.import-csv', 'href')).toBe('/api/datasets/council-x/quality.csv');
    await saveScreenshot(page, 'import-report-1440');

    await page.click('.import-open-map');
    await page.waitForFunction(() => 'journeyMap' in window || 'journeyMapError' in window, null, { timeout: 60_000 });
    expect(await page.evaluate(() => (window as unknown as { journeyMapError?: string }).journeyMapError)).toBeUndefined();
    expect(await page.inputValue('#dataset-picker')).toBe('council-x');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('fits a phone screen (390×844) and marks problems new on a second import', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/?dataset=council-x`);
    await page.waitForFunction(() => 'journeyMap' in window || 'journeyMapError' in window, null, { timeout: 60_000 });
    // On a phone the header's controls, Import files among them, are behind Menu.
    await page.click('#menu-toggle');
    await page.click('#import-open');
    await dropFile(page, '#import-drop', 'Annex_A_sample.xlsx', readFileSync(WORKBOOK));
    await page.waitForSelector('#import-files li');
    await page.fill('#import-name', 'council-x');
    await saveScreenshot(page, 'import-panel-390');
    const box = await page.$eval('#import-panel', (d) => d.getBoundingClientRect().toJSON() as DOMRect);
    expect(box.left).toBeGreaterThanOrEqual(0);
    expect(box.right).toBeLessThanOrEqual(390);
    await page.click('#import-go');
    await page.waitForSelector('.import-open-map', { timeout: 60_000 });
    // the same file again: every problem was there before
    const facts = await page.$$eval('.import-facts dd', (cells) => cells.map((c) => c.textContent));
    expect(facts.at(-1)).toBe('26 (0 new)');
    await saveScreenshot(page, 'import-report-390');
    await context.close();
  });

  it('says, on a refused strict import, that nothing was imported and which rows stopped it (no events shown)', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/?dataset=council-x`);
    await page.waitForFunction(() => 'journeyMap' in window || 'journeyMapError' in window, null, { timeout: 60_000 });
    await page.click('#import-open');
    await dropFile(page, '#import-drop', 'annex.xlsx', readFileSync(UNREADABLE));
    await page.waitForSelector('#import-files li');
    await page.fill('#import-name', 'refused');
    await page.click('#import-go');
    await page.waitForFunction(() => document.querySelector('#import-progress')?.textContent?.startsWith('Not imported'), null, { timeout: 60_000 });
    const facts = await page.$$eval('.import-facts dt, .import-facts dd', (cells) => cells.map((c) => c.textContent));
    expect(facts.slice(0, 6)).toEqual(['Rows read', '24', 'Rows imported', '0', 'Rows not imported', '24 (3 cannot be read, 2 not read on purpose, 19 held back by the failed import)']);
    expect(facts).not.toContain('Events');
    const captions = await page.$$eval('.import-table caption', (c) => c.map((x) => x.textContent));
    expect(captions).not.toContain('Events imported');
    expect(captions).toContain('Rows that stopped the import, and rows not read');
    await saveScreenshot(page, 'import-refused-1440');
    await context.close();
  });
});
