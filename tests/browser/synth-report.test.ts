// The synthetic-copy check page in headless Chromium: it shows exactly the rows the API answers (the
// CLI's table), both verdicts in words, and reads at desktop and phone widths (screenshots saved).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { dayFromCivil } from '../../core/dates.js';
import type { ReportTable } from '../../synth/report-table.js';
import { countyLog } from '../synth/generators/county.js';
import { toEventsCsv } from '../synth/generators/log.js';
import { launchChromium, saveScreenshot, startTestServer, type TestServer } from './harness.js';

describe('synthetic copy check page', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    const log = countyLog({ children: 3000, from: dayFromCivil(2018, 4, 1), to: dayFromCivil(2025, 3, 31), seed: 8 });
    server = await startTestServer({ council: toEventsCsv(log) });
    browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [name, viewport] of [['desktop', { width: 1440, height: 900 }], ['phone', { width: 390, height: 844 }]] as const) {
    it(`shows the API's table and both verdicts (${name})`, async () => {
      const page = await browser.newPage({ viewport });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${server.url}/synth.html#dataset=council&synthetic=&seed=1`);
      const handle = await page.waitForFunction(() => document.querySelector<HTMLElement>('#report')?.dataset.loadedUrl ?? false, undefined, { timeout: 90_000 });
      const url = (await handle.jsonValue()) as string;
      const api = (await server.app.inject({ method: 'GET', url })).json() as { table: ReportTable };
      const shown = await page.$$eval('table.report tbody tr:not(.section)', (rows) =>
        rows.map((tr) => [...tr.querySelectorAll('td')].slice(0, 5).map((td) => td.textContent ?? '')));
      expect(shown).toEqual(api.table.rows.map((r) => [r.measure, r.real, r.synthetic, r.difference, r.allowed]));
      const verdicts = await page.$$eval('.verdict strong', (els) => els.map((e) => e.textContent));
      expect(verdicts).toEqual([
        `${api.table.fidelityPass ? '✓ ' : '✗ '}Fidelity: ${api.table.fidelityPass ? 'passes' : 'fails'}`,
        `${api.table.privacyPass ? '✓ ' : '✗ '}Privacy: ${api.table.privacyPass ? 'passes' : 'fails'}`,
      ]);
      expect(await page.isVisible('#model-link')).toBe(true);
      // Nothing wider than the screen but the table, which scrolls in its own box.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await saveScreenshot(page, `synth-report-${name}`);
      await page.screenshot({ path: `tests/output/synth-report-${name}-full.png`, fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    }, 120_000);
  }
});
