// A cohort of previous referrals (prev:0) over a window starting less than 36 months after the data's first date
// counts children referred before the data as having none: the views page says so under the cohort (the view's
// cohortNote), the cohorts view under its A and B, and the map beside its filter; a cohort without prev says nothing.
// The log starts on 1 April 2022 (tests/server/cohort-lookback-log.ts).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { cohortLookBackCsv } from '../server/cohort-lookback-log.js';
import { launchChromium, startTestServer, type TestServer } from './harness.js';

const CUT = /^\*? ?Incomplete: the data start on 1 April 2022, less than 36 months before 1 April 2023, so referrals before then are not counted as previous ones in the cohort 'no earlier referral'\.$/;

describe('the note of a cohort of previous referrals', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => void ([server, browser] = await Promise.all([startTestServer({ la: cohortLookBackCsv() }), launchChromium()])), 240_000);
  afterAll(async () => void (await Promise.all([browser?.close(), server?.close()])));

  async function open(path: string, ready: (page: Page) => Promise<unknown>): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.url}${path}`);
    await ready(page);
    return { page, errors, close: () => page.close() };
  }
  const viewLoaded = (view: string, includes: string) => (page: Page) =>
    page.waitForFunction(([v, i]) => document.querySelector<HTMLElement>(`#panel-${v}`)?.dataset.loadedUrl?.includes(i!), [view, includes], { timeout: 60_000 });
  const shown = (page: Page, selector: string) => page.$eval(selector, (e) => ((e as HTMLElement).hidden ? null : e.textContent));

  it('is shown under the views page cohort for prev:0, and not for sex:F', async () => {
    const cut = await open('/views.html?dataset=la&from=2023-04-01&to=2024-03-31&cohort=prev:0#view=flow', viewLoaded('flow', 'cohort=prev%3A0'));
    expect(await shown(cut.page, '#cohort-note')).toMatch(CUT);
    expect(cut.errors).toEqual([]);
    await cut.close();
    const whole = await open('/views.html?dataset=la&from=2023-04-01&to=2024-03-31&cohort=sex:F#view=flow', viewLoaded('flow', 'cohort=sex%3AF'));
    expect(await shown(whole.page, '#cohort-note')).toBeNull();
    await whole.close();
  }, 120_000);

  it('is shown under the cohorts view A and B when A is prev:0', async () => {
    const { page, errors, close } = await open('/views.html?dataset=la&from=2023-04-01&to=2024-03-31#view=cohorts', viewLoaded('cohorts', 'a=sex%3AF'));
    await page.click('#panel-cohorts .cohort-a summary');
    await page.locator('#panel-cohorts .cohort-a').getByLabel('Female', { exact: true }).uncheck();
    await page.locator('#panel-cohorts .cohort-a').getByLabel('None', { exact: true }).check();
    await page.click('#panel-cohorts button[type=submit]');
    await viewLoaded('cohorts', 'a=prev%3A0')(page);
    expect(await shown(page, '#panel-cohorts .cohort-lookback')).toMatch(CUT);
    expect(await shown(page, '#cohort-note')).toBeNull();
    expect(errors).toEqual([]);
    await close();
  }, 120_000);

  /** The words of a figure's SVG download, its lines joined (a long sentence is wrapped over several). */
  async function svgWords(page: Page, figure: string): Promise<string> {
    const [file] = await Promise.all([page.waitForEvent('download'), page.locator(figure).first().getByRole('button', { name: /as SVG$/ }).click()]);
    const svg = readFileSync((await file.path())!, 'utf8');
    return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join(' ').replace(/\s+/g, ' ');
  }

  it('goes with the chart downloaded (SVG, in its source line) for prev:0, and not for sex:F', async () => {
    const cut = await open('/views.html?dataset=la&from=2023-04-01&to=2024-03-31&cohort=prev:0#view=flow', viewLoaded('flow', 'cohort=prev%3A0'));
    expect(await svgWords(cut.page, '#panel-flow figure.chart-figure')).toMatch(/Source: child-journey tube map, la, downloaded [-0-9]+\. Incomplete: the data start on 1 April 2022, less than 36 months before 1 April 2023, so referrals before then are not counted as previous ones in the cohort 'no earlier referral'\./);
    await cut.close();
    const whole = await open('/views.html?dataset=la&from=2023-04-01&to=2024-03-31&cohort=sex:F#view=flow', viewLoaded('flow', 'cohort=sex%3AF'));
    expect(await svgWords(whole.page, '#panel-flow figure.chart-figure')).not.toContain('Incomplete: the data start');
    await whole.close();
  }, 120_000);

  it('marks time in care by previous referrals incomplete: the chart dotted with the note (and in its download), the table saying so', async () => {
    const { page, errors, close } = await open('/views.html?dataset=la#view=time-in-care', viewLoaded('time-in-care', 'time-in-care'));
    await page.selectOption('#panel-time-in-care select[name=by]', 'prev');
    await page.locator('#panel-time-in-care form button[type=submit]').first().click();
    await viewLoaded('time-in-care', 'by=prev')(page);
    const SPLIT = /Dotted: Incomplete: the data start on 1 April 2022, less than 36 months before 1 April 2022, so referrals before then are not counted as previous ones in the groups by previous referrals\./;
    expect(await page.locator('#panel-time-in-care .chart-note').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(SPLIT)]));
    expect(await page.locator('#panel-time-in-care .view-output').textContent()).toContain('Incomplete?');
    expect(await svgWords(page, '#panel-time-in-care figure.chart-figure')).toMatch(SPLIT);
    expect(errors).toEqual([]);
    await close();
  }, 120_000);

  it('draws a council whose cohort is cut hollow in the funnel, and says so', async () => {
    const { page, errors, close } = await open('/views.html?dataset=la&from=2023-04-01&to=2024-03-31&cohort=prev:0#view=funnel', viewLoaded('funnel', 'cohort=prev%3A0'));
    expect(await page.locator('#panel-funnel g.point path').first().getAttribute('fill')).toBe('#fff');
    expect(await page.locator('#panel-funnel .chart-note').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^Hollow, dashed: la: incomplete/)]));
    expect(errors).toEqual([]);
    await close();
  }, 120_000);

  it('is shown beside the map for prev:0 on 1 April 2023, and the caption marks the filter', async () => {
    const { page, errors, close } = await open('/?dataset=la&date=2023-04-01&cohort=prev:0', (p) => p.waitForFunction(() => !document.querySelector<HTMLElement>('#cohort-note')?.hidden, undefined, { timeout: 60_000 }));
    expect(await shown(page, '#cohort-note')).toMatch(CUT);
    expect(await page.textContent('#map-caption')).toMatch(/filter: .*no earlier referral \*/);
    expect(errors).toEqual([]);
    await close();
  }, 120_000);
});
