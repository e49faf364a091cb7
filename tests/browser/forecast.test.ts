// Opens the "What next" page on a small dataset in headless Chromium: the fan charts are drawn from the
// API's own numbers (the median line ends where the API's p50 ends), a scenario draws baseline and
// scenario together with a difference chart, a saved scenario comes back into the form, the back-test
// states its coverage, CSV downloads hold the API's quantiles, and the map links here keeping the
// dataset. Screenshots at 1440×900 and 390×844 go to tests/output/.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { LEVER_NAMES } from '../../core/forecast/levers.js';
import { incompleteStockText, type IncompleteStock } from '../../core/forecast/incomplete-text.js';
import { launchChromium, saveScreenshot, smallDatasetCsv, startTestServer, type TestServer } from './harness.js';

const STOCKS_AND_ARRIVALS = ['referral', 'contact', 'open_cp_plan', 'open_looked_after', 'open_cin_plan', 'open_assessment'];

/** A CSV's forecast rows (the recorded months before them are marked "recorded" in `status`). */
const forecastRows = (csv: string[]) => csv.slice(1).filter((r) => r.split(',')[csv[0]!.split(',').indexOf('status')] === 'forecast');

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
    // The care-only model (cs-demand-model) from the same date: its table holds the API's numbers, beside our median.
    await page.waitForSelector('#care-only table', { timeout: 60_000 });
    const careOnly = (await server.app.inject({ method: 'GET', url: '/api/datasets/small/forecast/care-only?asOf=2023-06-30&months=12' })).json() as { series: Record<string, number[]> };
    const firstMonth = await page.locator('#care-only tbody tr').nth(1).locator('td').allTextContents();
    expect(firstMonth[1]).toBe(careOnly.series.looked_after![0]!.toFixed(1));
    expect(firstMonth.at(-1)).toMatch(new RegExp(`^${result.series.open_looked_after!.p50[0]} \\[`));
    // dates in words on hover, and the value is the API's median for that month
    const chart = page.locator('#charts figure[data-measure="referral"] svg rect[tabindex]');
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2);
    const readout = await page.locator('#charts figure[data-measure="referral"] .hover-readout').textContent();
    const [year, month] = result.months.at(-1)!.split('-');
    const monthWord = new Date(Date.UTC(Number(year), Number(month) - 1, 1)).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' });
    expect(readout).toContain(`${monthWord} ${year}`);
    expect(readout).toContain(`median ${Math.round(result.series.referral!.p50.at(-1)!).toLocaleString('en-GB')}`);
    // CSV holds the recorded months, marked so, then the API's quantiles
    const history = (api.json() as { history: { months: string[]; series: Record<string, number[]> } }).history;
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#charts figure[data-measure="referral"] button', { hasText: 'CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('month,status,forecast_p2_5,forecast_p10,forecast_p25,forecast_p50,forecast_p75,forecast_p90,forecast_p97_5,recorded');
    expect(csv).toHaveLength(1 + history.months.length + 12);
    expect(csv.slice(1, 1 + history.months.length)).toEqual(history.months.map((m, k) => `${m},recorded,,,,,,,,${history.series.referral![k]}`));
    expect(forecastRows(csv)).toHaveLength(12);
    expect(Number(csv[csv.length - 1]!.split(',')[csv[0]!.split(',').indexOf('forecast_p50')])).toBe(result.series.referral!.p50.at(-1));
    const [png] = await Promise.all([page.waitForEvent('download'), page.locator('#charts figure[data-measure="referral"] button', { hasText: 'PNG' }).click()]);
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    // The SVG says what the chart is: exact figures for analysts, not the viewers' [c] and rounding, no England
    // source, the window once (audit a13f F1: "[c] = a count of 1 to 4 … rounded to the nearest 5" under exact counts).
    const [svgFile] = await Promise.all([page.waitForEvent('download'), page.locator('#charts figure[data-measure="referral"] button', { hasText: 'SVG' }).click()]);
    const svgText = readFileSync((await svgFile.path())!, 'utf8').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(svgText).toContain('Exact counts (not for publication).');
    expect(svgText).not.toContain('[c]');
    expect(svgText).not.toContain('England');
    expect(svgText.match(/forecast from/gi)).toHaveLength(1);
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

  it('a cap with no phase-in shows the API\'s warning that it ends every stay over it at once; gone when the cap is taken off', async () => {
    expect(await page.locator('#scenario-warnings').isHidden()).toBe(true);
    const warned = () => page.waitForFunction(() => !(document.querySelector('#scenario-warnings') as HTMLElement).hidden, undefined, { timeout: 60_000 });
    await page.fill('input[name="time_on_cin_plan.cap"]', '1');
    const answered = page.waitForResponse((r) => r.request().method() === 'POST' && /\/forecast\?/.test(r.url()), { timeout: 120_000 });
    await page.locator('#levers button[type="submit"]').click();
    const api = (await (await answered).json()) as { difference: Record<string, Record<string, number[]>> };
    await warned();
    expect(await page.locator('#scenario-warnings li').count()).toBe(1);
    // plain words with dates as people write them, not the API's field names
    expect(await page.locator('#scenario-warnings li').textContent()).toMatch(/^Time on a CIN plan capped at 1 day from \d{1,2} [A-Z][a-z]+ \d{4} with no phase-in: \d+ of the \d+ CIN plans open on \d{1,2} [A-Z][a-z]+ \d{4} are then 1 day long or more/);
    expect(await page.locator('#scenario-summary').textContent()).toMatch(/time on a CIN plan capped at 1 day from \d{1,2} [A-Z][a-z]+ \d{4}/);
    // a measure the scenario does not reach (every run's difference 0 in every month) gets a sentence, not an empty
    // chart; every other measure its difference chart: the page agrees with the API measure by measure
    const zero = Object.keys(api.difference).filter((k) => Object.values(api.difference[k]!).every((v) => v.every((x) => x === 0))).sort();
    const sentences = (await page.locator('figure.no-difference').evaluateAll((fs) => fs.map((f) => (f as HTMLElement).dataset.measure!.replace(/-difference$/, '')))).sort();
    expect(sentences).toEqual(zero);
    const charts = await page.locator('#charts figure[data-measure$="-difference"]:not(.no-difference)').count();
    expect(charts + sentences.length).toBe(Object.keys(api.difference).length);
    expect(charts).toBeGreaterThan(0);
    await page.fill('input[name="time_on_cin_plan.cap"]', '');
    await page.locator('#levers button[type="submit"]').click();
    await page.waitForFunction(() => (document.querySelector('#scenario-warnings') as HTMLElement).hidden, undefined, { timeout: 120_000 });
    await idle();
  }, 240_000);

  it('draws every series the API returns, grouped, each with its recorded months before the date leading into the fan', async () => {
    await page.goto(`${server.url}/forecast.html#dataset=small&asOf=2023-06-30&months=12&runs=100`);
    await page.reload();
    await idle();
    const api = (await server.app.inject({ method: 'GET', url: '/api/datasets/small/forecast?asOf=2023-06-30&months=12&runs=100' })).json() as {
      series: Record<string, unknown>; history: { months: string[]; series: Record<string, number[]> }; incomplete: Record<string, IncompleteStock>;
    };
    // A stock the data cannot hold whole (it begins 18 months before the date) says so under its chart, in the API's words.
    for (const [key, entry] of Object.entries(api.incomplete)) {
      expect(await page.locator(`#charts figure[data-measure="${key}"]`).textContent(), key).toContain(incompleteStockText(entry));
    }
    const drawn = await page.locator('#charts figure[data-measure]').evaluateAll((figures) => figures.map((f) => (f as HTMLElement).dataset.measure!));
    expect([...drawn].sort()).toEqual(Object.keys(api.series).sort());
    expect(drawn.length).toBeGreaterThanOrEqual(12);
    // arrivals under one heading, stocks under the other
    const groups = await page.locator('#charts .chart-grid[data-group]').evaluateAll((grids) => grids.map((g) => [(g as HTMLElement).dataset.group, [...g.querySelectorAll('figure')].map((f) => (f as HTMLElement).dataset.measure)]));
    expect(groups.map(([g]) => g)).toEqual(['arrivals', 'stocks']);
    expect((groups[1]![1] as string[]).every((k) => k.startsWith('open_'))).toBe(true);
    expect((groups[0]![1] as string[]).some((k) => k.startsWith('open_'))).toBe(false);
    expect(api.history.months.length).toBeGreaterThan(6);
    expect(api.history.months.at(-1)).toBe('2023-06');
    for (const key of drawn) {
      const figure = page.locator(`#charts figure[data-measure="${key}"]`);
      // one point a recorded month, all left of the forecast's date line, and the fan starts right of it
      const points = await figure.locator('circle.history-point').evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('cx'))));
      expect(points, key).toHaveLength(api.history.months.length);
      const asOf = Number(await figure.locator('line.as-of').getAttribute('x1'));
      expect(Math.max(...points), key).toBeLessThanOrEqual(asOf);
      const median = (await figure.locator('path.median').getAttribute('d'))!;
      expect(Number(/^M([\d.]+)/.exec(median)![1]), key).toBeGreaterThan(Math.max(...points));
      // the points are the recorded values: the hover readout on the first says so
      expect(await figure.locator('h3').textContent()).toMatch(/each month|at month end/);
    }
    const chart = page.locator('#charts figure[data-measure="cp_plan_start"] svg rect[tabindex]');
    await chart.scrollIntoViewIfNeeded();
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + 1, box.y + box.height / 2);
    const [year, month] = api.history.months[0]!.split('-');
    const monthWord = new Date(Date.UTC(Number(year), Number(month) - 1, 1)).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' });
    expect(await page.locator('#charts figure[data-measure="cp_plan_start"] .hover-readout').textContent()).toBe(`${monthWord} ${year}, CP plans started in the month: recorded ${api.history.series.cp_plan_start![0]}`);
    // axis dates in words (a tick with no room for its label has none: fan-chart.ts tickIndices)
    const ticks = (await page.locator('#charts figure[data-measure="referral"] .x-axis .tick text').allTextContents()).filter((t) => t !== '');
    expect(ticks.length).toBeGreaterThan(1);
    for (const tick of ticks) expect(tick).toMatch(/^(January|February|March|April|May|June|July|August|September|October|November|December) \d{4}$/);
    console.log(await saveScreenshot(page, 'forecast-all-series-1440'));
  }, 180_000);

  it('offers every lever the API accepts, each with its own from date and phase-in, sent as such', async () => {
    const offered = await page.locator('#levers .lever[data-lever]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.lever));
    expect([...offered].sort()).toEqual([...LEVER_NAMES].sort());
    for (const lever of LEVER_NAMES) {
      expect(await page.locator(`#levers input[name="${lever}.from"]`).count(), lever).toBe(1);
      expect(await page.locator(`#levers input[name="${lever}.phaseInMonths"]`).count(), lever).toBe(1);
    }
    const sent: unknown[] = [];
    const forecastUrl = (url: URL) => url.pathname === '/api/datasets/small/forecast';
    await page.route(forecastUrl, async (route) => {
      if (route.request().method() === 'POST') sent.push(route.request().postDataJSON());
      await route.continue();
    });
    await page.fill('input[name="contact_to_referral"]', '-25');
    await page.fill('input[name="contact_to_referral.from"]', '2023-09-01');
    await page.fill('input[name="contact_to_referral.phaseInMonths"]', '3');
    await page.fill('input[name="time_on_cin_plan.pct"]', '-10');
    await page.fill('input[name="time_on_cin_plan.from"]', '2024-01-01');
    await page.fill('input[name="s47_rate"]', '10');
    await page.locator('#levers button[type="submit"]').click();
    await page.waitForFunction(() => document.querySelector('#charts figure[data-measure="referral-difference"]') !== null, undefined, { timeout: 120_000 });
    await page.unroute(forecastUrl);
    expect(sent).toEqual([{
      levers: [
        { lever: 'contact_to_referral', multiplier: 0.75, from: '2023-09-01', phaseInMonths: 3 },
        // no date given: the day after the forecast's date
        { lever: 's47_rate', multiplier: 1.1, from: '2023-07-01', phaseInMonths: 0 },
        { lever: 'time_on_cin_plan', multiplier: 0.9, from: '2024-01-01', phaseInMonths: 0 },
      ],
    }]);
    expect(await page.locator('#scenario-summary').textContent()).toContain('time on a CIN plan −10% from 1 January 2024');
    // saved and loaded, each lever keeps its own date
    await page.fill('#scenario-name', 'per lever dates');
    await page.locator('#save-scenario').click();
    await page.waitForFunction(() => [...document.querySelectorAll('#saved-scenarios option')].some((o) => (o as HTMLOptionElement).value === 'per lever dates'));
    for (const name of ['contact_to_referral', 'contact_to_referral.from', 'contact_to_referral.phaseInMonths', 'time_on_cin_plan.pct', 'time_on_cin_plan.from', 's47_rate']) await page.fill(`input[name="${name}"]`, '');
    await page.selectOption('#saved-scenarios', 'per lever dates');
    await page.waitForFunction(() => (document.querySelector('input[name="time_on_cin_plan.from"]') as HTMLInputElement).value === '2024-01-01');
    expect(await page.inputValue('input[name="contact_to_referral.from"]')).toBe('2023-09-01');
    expect(await page.inputValue('input[name="contact_to_referral.phaseInMonths"]')).toBe('3');
    expect(await page.inputValue('input[name="time_on_cin_plan.pct"]')).toBe('-10');
    await page.locator('#levers').scrollIntoViewIfNeeded();
    console.log(await saveScreenshot(page, 'forecast-levers-1440'));
    for (const name of ['contact_to_referral', 'contact_to_referral.from', 'contact_to_referral.phaseInMonths', 'time_on_cin_plan.pct', 'time_on_cin_plan.from', 's47_rate']) await page.fill(`input[name="${name}"]`, '');
    await page.locator('#clear-scenario').click();
    await idle();
  }, 240_000);

  it('on a phone (390×844): charts one per row, axis and label text at least 12 px on screen', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
    try {
      await phone.goto(`${server.url}/forecast.html#dataset=small&asOf=2023-06-30&months=12&runs=100`);
      await phone.waitForFunction(() => document.body.dataset.busy === undefined && document.querySelectorAll('#charts figure').length > 0, undefined, { timeout: 120_000 });
      const sizes = await phone.locator('#charts svg text').evaluateAll((texts) => texts.map((t) => {
        const svg = (t as SVGTextElement).ownerSVGElement!;
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return { text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale };
      }));
      expect(sizes.length).toBeGreaterThan(50);
      const small = sizes.filter((s) => s.px < 12);
      expect(small, JSON.stringify(small.slice(0, 5))).toEqual([]);
      const lefts = await phone.locator('#charts figure').evaluateAll((fs) => fs.map((f) => Math.round(f.getBoundingClientRect().left)));
      expect(new Set(lefts).size).toBe(1);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      console.log(await saveScreenshot(phone, 'forecast-charts-390'));
      await phone.locator('#charts figure[data-measure="open_looked_after"]').scrollIntoViewIfNeeded();
      console.log(await saveScreenshot(phone, 'forecast-stocks-390'));
    } finally {
      await phone.close();
    }
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
      expect(forecastRows(csv).map((r) => Number(r.split(',')[p50]))).toEqual(plain.json().series.open_looked_after.p50);
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
