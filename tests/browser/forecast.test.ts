// Opens the "What next" page on a small dataset in headless Chromium: the fan charts are drawn from the
// API's own numbers (the median line ends where the API's p50 ends), a scenario draws baseline and
// scenario together with a difference chart, a saved scenario comes back into the form, the back-test
// states its coverage, CSV downloads hold the API's quantiles, and the map links here keeping the
// dataset. Screenshots at 1440×900 and 390×844 go to tests/output/.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, saveScreenshot, smallDatasetCsv, startTestServer, type TestServer } from './harness.js';

const STOCKS_AND_ARRIVALS = ['referral', 'contact', 'open_cp_plan', 'open_looked_after', 'open_cin_plan', 'open_assessment'];

describe('what next page', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ small: smallDatasetCsv({ children: 400, seed: 5 }), other: smallDatasetCsv({ children: 200, seed: 9 }) });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true, locale: 'en-GB' });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const idle = () => page.waitForFunction(() => document.body.dataset.busy === undefined && document.querySelectorAll('#charts figure').length > 0, undefined, { timeout: 120_000 });

  it('draws a fan chart per measure from the API numbers, with titles and a readout on hover', async () => {
    await page.goto(`${server.url}/forecast.html#dataset=small&asOf=2023-06-30&months=12&runs=100`);
    await idle();
    const api = await server.app.inject({ method: 'GET', url: '/api/datasets/small/forecast?asOf=2023-06-30&months=12&runs=100' });
    const result = api.json() as { months: string[]; series: Record<string, { p50: number[] }> };
    for (const key of STOCKS_AND_ARRIVALS.filter((k) => result.series[k])) {
      const figure = page.locator(`#charts figure[data-measure="${key}"]`);
      // the 95%, 80% and 50% bands
      await expect(figure.locator('path.band').count()).resolves.toBe(3);
      await expect(figure.locator('path.median').count()).resolves.toBe(1);
      expect(await figure.locator('h3').textContent()).toMatch(/each month|at month end/);
    }
    expect(await page.locator('#charts figure').count()).toBeGreaterThanOrEqual(4);
    // dates in words on hover, and the value is the API's median for that month
    const chart = page.locator('#charts figure[data-measure="referral"] svg rect[tabindex]');
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2);
    const readout = await page.locator('#charts figure[data-measure="referral"] .hover-readout').textContent();
    const [year, month] = result.months.at(-1)!.split('-');
    const monthWord = new Date(Date.UTC(Number(year), Number(month) - 1, 1)).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' });
    expect(readout).toContain(`${monthWord} ${year}`);
    expect(readout).toContain(`median ${Math.round(result.series.referral!.p50.at(-1)!).toLocaleString('en-GB')}`);
    // CSV holds the API's quantiles
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#charts figure[data-measure="referral"] button', { hasText: 'CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('month,forecast_p2_5,forecast_p10,forecast_p25,forecast_p50,forecast_p75,forecast_p90,forecast_p97_5');
    expect(csv).toHaveLength(13);
    expect(Number(csv[12]!.split(',')[csv[0]!.split(',').indexOf('forecast_p50')])).toBe(result.series.referral!.p50.at(-1));
    const [png] = await Promise.all([page.waitForEvent('download'), page.locator('#charts figure[data-measure="referral"] button', { hasText: 'PNG' }).click()]);
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    console.log(await saveScreenshot(page, 'forecast-1440'));
  }, 180_000);

  it('runs a scenario: baseline and scenario together and a difference chart; saves and loads it by name', async () => {
    await page.fill('input[name="contact_to_referral"]', '-25');
    await page.locator('#levers button[type="submit"]').click();
    await page.waitForFunction(() => document.querySelector('#charts figure[data-measure="referral-difference"]') !== null, undefined, { timeout: 120_000 });
    const referral = page.locator('#charts figure[data-measure="referral"]');
    expect(await referral.locator('g.fan').count()).toBe(2);
    expect(await page.locator('#scenario-summary').textContent()).toContain('contact → referral conversion −25%');
    await page.fill('#scenario-name', 'front door tighter');
    await page.locator('#save-scenario').click();
    await page.waitForFunction(() => [...document.querySelectorAll('#saved-scenarios option')].some((o) => (o as HTMLOptionElement).value === 'front door tighter'));
    await page.fill('input[name="contact_to_referral"]', '');
    await page.selectOption('#saved-scenarios', 'front door tighter');
    await page.waitForFunction(() => (document.querySelector('input[name="contact_to_referral"]') as HTMLInputElement).value === '-25');
    await page.locator('#charts').scrollIntoViewIfNeeded();
    console.log(await saveScreenshot(page, 'forecast-scenario-1440'));
  }, 180_000);

  it('costs a scenario per quarter from weekly unit costs, and takes a population projection as a table', async () => {
    // A table with a mistake is refused with its line, and nothing is run.
    await page.fill('input[name="contact_to_referral"]', '');
    await page.fill('textarea[name="population"]', 'age band, year, children\n0_4, 2023, 12000\n0_4, 2026');
    await page.locator('#levers button[type="submit"]').click();
    await page.waitForFunction(() => /Population table, line 3/.test(document.querySelector('#status')?.textContent ?? ''));
    await page.fill('textarea[name="population"]', 'age band, year, children\n0_4, 2023, 12000\n0_4, 2026, 15000\n5_9, 2023, 11000\n5_9, 2026, 13000');
    await page.fill('input[name="cost.looked_after"]', '1200');
    await page.fill('input[name="cost.cp_plan"]', '250');
    await page.fill('input[name="inflation"]', '3');
    await page.locator('#levers button[type="submit"]').click();
    await page.waitForFunction(() => document.querySelector('#charts figure[data-measure="cost_total-difference"]') !== null, undefined, { timeout: 120_000 });
    expect(await page.locator('#scenario-summary').textContent()).toContain('demand following the population table');
    for (const key of ['cost_total', 'cost_total-difference', 'cost_looked_after', 'cost_cp_plan']) {
      expect(await page.locator(`#charts figure[data-measure="${key}"] path.median`).count(), key).toBeGreaterThan(0);
    }
    expect(await page.locator('#charts figure[data-measure="cost_cin_plan"]').count()).toBe(0);

    // The numbers drawn are the API's for the same body.
    const body = {
      levers: [{ lever: 'demand_growth', population: { '0_4': { '2023': 12000, '2026': 15000 }, '5_9': { '2023': 11000, '2026': 13000 } }, from: '2023-07-01', phaseInMonths: 0 }],
      costs: { weekly: { looked_after: 1200, cp_plan: 250 }, inflationPerYear: 3 },
    };
    const api = await server.app.inject({ method: 'POST', url: '/api/datasets/small/forecast?asOf=2023-06-30&months=12&runs=100', payload: body });
    expect(api.statusCode).toBe(200);
    const result = api.json() as { costs: { scenario: { quarters: string[]; series: Record<string, { p50: number[] }> } } };
    const quarters = result.costs.scenario.quarters;
    expect(quarters[0]).toBe('2023-Q3');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#charts figure[data-measure="cost_total"] button', { hasText: 'CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\n');
    expect(csv[0]!.startsWith('quarter,baseline_p2_5')).toBe(true);
    expect(csv.slice(1).map((r) => r.split(',')[0])).toEqual(quarters);
    const p50 = csv[0]!.split(',').indexOf('scenario_p50');
    expect(csv.slice(1).map((r) => Number(r.split(',')[p50]))).toEqual(result.costs.scenario.series.cost_total!.p50);
    // Quarters and money in words on hover.
    const chart = page.locator('#charts figure[data-measure="cost_total"] svg rect[tabindex]');
    await chart.scrollIntoViewIfNeeded();
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + 2, box.y + box.height / 2);
    const readout = await page.locator('#charts figure[data-measure="cost_total"] .hover-readout').textContent();
    expect(readout).toMatch(/^July to September 2023, £ in the quarter: baseline median £[\d.]+[mk]?/);

    // Saved with its costs and population, it comes back into the form.
    await page.fill('#scenario-name', 'costed growth');
    await page.locator('#save-scenario').click();
    await page.waitForFunction(() => [...document.querySelectorAll('#saved-scenarios option')].some((o) => (o as HTMLOptionElement).value === 'costed growth'));
    await page.fill('input[name="cost.looked_after"]', '');
    await page.fill('textarea[name="population"]', '');
    await page.selectOption('#saved-scenarios', 'costed growth');
    await page.waitForFunction(() => (document.querySelector('input[name="cost.looked_after"]') as HTMLInputElement).value === '1200');
    expect(await page.inputValue('textarea[name="population"]')).toContain('5_9, 2026, 13000');
    expect(await page.locator('#status').textContent()).not.toMatch(/cannot show/);
    await page.locator('#charts figure[data-measure="cost_total"]').scrollIntoViewIfNeeded();
    console.log(await saveScreenshot(page, 'forecast-costs-1440'));
    // Back to no costs and no population for the tests after.
    for (const name of ['cost.looked_after', 'cost.cp_plan', 'inflation']) await page.fill(`input[name="${name}"]`, '');
    await page.fill('textarea[name="population"]', '');
  }, 240_000);

  it('back-tests and says the share of months inside the bands', async () => {
    await page.fill('#backtest-controls input[name="months"]', '6');
    await page.locator('#backtest-controls button').click();
    await page.waitForFunction(() => document.querySelectorAll('#backtest-summary li').length > 0, undefined, { timeout: 120_000 });
    const line = await page.locator('#backtest-summary li[data-measure="referral"]').textContent();
    expect(line).toMatch(/\d of 6 months inside the 80% band \(\d+%\), \d inside the 95% band/);
    expect(await page.locator('#backtest-charts figure path.actual').count()).toBeGreaterThan(0);
    await page.locator('#backtest-title').scrollIntoViewIfNeeded();
    console.log(await saveScreenshot(page, 'forecast-backtest-1440'));
  }, 180_000);

  it('shows the runs done while it computes, as the worker threads report them, and then the plain GET\'s numbers', async () => {
    await page.goto(`${server.url}/forecast.html#dataset=small&asOf=2023-06-30&months=12&runs=100`);
    await page.reload();
    await idle();
    // Each forecast below is new to the server's cache (a date not asked before), so it computes.
    for (const [width, height, asOf] of [[1440, 900, '2023-05-31'], [390, 844, '2023-04-30']] as const) {
      await page.setViewportSize({ width, height });
      await page.fill('#as-of', asOf);
      await page.fill('#months', '60');
      await page.fill('#runs', '2000');
      await page.locator('#clear-scenario').click(); // the baseline alone, with the form's values
      // A value strictly between none and all, shown as a number of runs.
      await page.waitForFunction(() => {
        const bar = document.querySelector<HTMLProgressElement>('#progress-bar')!;
        return bar.hasAttribute('value') && bar.value > 0 && bar.value < bar.max && !document.querySelector<HTMLElement>('#progress')!.hidden;
      }, undefined, { timeout: 120_000, polling: 20 });
      const text = (await page.textContent('#progress-text'))!;
      const [, done, total] = /([\d,]+) of ([\d,]+) runs done/.exec(text)!;
      expect(Number(total!.replace(/,/g, ''))).toBe(2000);
      expect(Number(done!.replace(/,/g, ''))).toBeGreaterThan(0);
      await page.evaluate(() => window.scrollTo(0, 0));
      console.log(await saveScreenshot(page, `forecast-progress-${width}`));
      await idle();
      expect(await page.isVisible('#progress')).toBe(false);
      // The numbers drawn are the plain GET's (no progress id) for the same forecast.
      const plain = await server.app.inject({ method: 'GET', url: `/api/datasets/small/forecast?asOf=${asOf}&months=60&runs=2000` });
      expect(plain.headers['x-cache']).toBe('hit');
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#charts figure[data-measure="open_looked_after"] button', { hasText: 'CSV' }).click()]);
      const csv = readFileSync((await download.path())!, 'utf8').trim().split('\n');
      const p50 = csv[0]!.split(',').indexOf('forecast_p50');
      expect(csv.slice(1).map((r) => Number(r.split(',')[p50]))).toEqual(plain.json().series.open_looked_after.p50);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    for (const [selector, value] of [['#as-of', '2023-06-30'], ['#months', '12'], ['#runs', '100']]) await page.fill(selector!, value!);
  }, 300_000);

  it('works on a phone and is reached from the map keeping the dataset', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/forecast.html#dataset=small&asOf=2023-06-30&months=12&runs=100`);
    await page.reload();
    await idle();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.evaluate(() => window.scrollTo(0, 0));
    console.log(await saveScreenshot(page, 'forecast-390'));
    await page.locator('textarea[name="population"]').scrollIntoViewIfNeeded();
    const form = await page.locator('#levers').boundingBox();
    expect(form!.width).toBeLessThanOrEqual(390);
    console.log(await saveScreenshot(page, 'forecast-levers-390'));
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${server.url}/?dataset=other`);
    await page.locator('#forecast-link').click();
    await page.waitForURL(/forecast\.html/);
    await idle();
    expect(await page.locator('#dataset').inputValue()).toBe('other');
    expect(errors).toEqual([]);
  }, 180_000);
});
