// The "What next" page shows the forecast's warnings above its charts (audit a13d B1: a start stock holding CP
// plans whose end was recorded under another episode), and its month axes tick every 6 or 12 months,
// "April 2024", labels apart (audit a13d M4), at 1440×900 and 390×844. Screenshots go to tests/output/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { dayFromCivil } from '../../core/dates.js';
import { trendLog, trendLogRows } from '../core/forecast/trend-log.js';
import { launchChromium, saveScreenshot, startTestServer, type TestServer } from './harness.js';

const TO = dayFromCivil(2023, 12, 31);

/** A trend log with no episode ids, and 9 children whose referral and CP plan end carry none while the plan's start does. */
function csv(): string {
  const { table } = trendLog({ seed: 53, perDay: 3, to: TO });
  const lines = ['child_id,event,date,outcome,episode_id'];
  lines.push(...trendLogRows(table, 1));
  for (let k = 0; k < 9; k++) {
    const c = `MIX${k}`;
    lines.push(`${c},contact,2023-03-01,,`, `${c},referral,2023-03-01,,`, `${c},s47_start,2023-03-10,,${c}-1`, `${c},icpc,2023-04-01,cp_plan,${c}-1`, `${c},cp_plan_start,2023-04-01,,${c}-1`, `${c},cp_plan_end,2023-08-20,,`);
  }
  return lines.join('\n') + '\n';
}

describe('what next page: warnings and month axes', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer({ mixed: csv() });
    browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
    it(`at ${viewport.width}×${viewport.height}: the API's warnings above the charts; ticks every 6 or 12 months, labels apart and inside the chart`, async () => {
      const page = await browser.newPage({ viewport, locale: 'en-GB' });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${server.url}/forecast.html#dataset=mixed&months=36&runs=100`);
      await page.waitForFunction(() => document.body.dataset.busy === undefined && document.querySelectorAll('#charts figure').length > 0, undefined, { timeout: 120_000 });
      const api = (await server.app.inject({ method: 'GET', url: '/api/datasets/mixed/forecast?months=36&runs=100' })).json() as { warnings: string[] };
      expect(api.warnings.some((w) => w.startsWith('9 of the '))).toBe(true);
      const shown = await page.locator('#scenario-warnings li').allTextContents();
      expect(shown).toEqual(api.warnings);
      const list = (await page.locator('#scenario-warnings').boundingBox())!;
      const charts = (await page.locator('#charts').boundingBox())!;
      expect(list.y + list.height).toBeLessThanOrEqual(charts.y + 1);
      // the referral chart's month axis: 48+ months (24 recorded, 36 forecast)
      const figure = page.locator('#charts figure[data-measure="referral"]');
      await figure.scrollIntoViewIfNeeded();
      const svg = (await figure.locator('svg').first().boundingBox())!;
      const ticks = await figure.locator('svg .x-axis .tick text').evaluateAll((nodes) =>
        nodes.map((n) => {
          const r = n.getBoundingClientRect();
          return { text: n.textContent ?? '', x0: r.left, x1: r.right };
        }),
      );
      expect(ticks.length).toBeGreaterThan(2);
      const labelled = ticks.filter((t) => t.text !== '');
      expect(labelled.length).toBeGreaterThanOrEqual(2);
      for (const t of labelled) {
        expect(t.text).toMatch(/^(April|October) \d{4}$/);
        expect(t.x0).toBeGreaterThanOrEqual(svg.x - 0.5);
        expect(t.x1).toBeLessThanOrEqual(svg.x + svg.width + 0.5);
      }
      for (let k = 1; k < labelled.length; k++) expect(labelled[k]!.x0, `${labelled[k - 1]!.text} / ${labelled[k]!.text}`).toBeGreaterThan(labelled[k - 1]!.x1 + 4);
      await page.locator('#charts-title').scrollIntoViewIfNeeded();
      await saveScreenshot(page, `forecast-warnings-${viewport.width}x${viewport.height}`);
      await figure.scrollIntoViewIfNeeded();
      await saveScreenshot(page, `forecast-axis-${viewport.width}x${viewport.height}`);
      expect(errors).toEqual([]);
      await page.close();
    }, 240_000);
  }
});
