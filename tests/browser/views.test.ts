// Opens every view of the views page in headless Chromium and checks that each table it shows holds
// exactly the numbers the API returns for the same request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, saveScreenshot, smallDatasetCsv, startTestServer, type TestServer } from './harness.js';

const VIEWS = ['pathways', 'two-point', 'rereferrals', 'flow', 'impact', 'cohorts', 'funnel', 'time-in-care'] as const;

interface ApiTable {
  id: string;
  rows: Array<Array<string | number | null>>;
}

describe('views page', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ la1: smallDatasetCsv({ children: 300, seed: 7 }), la2: smallDatasetCsv({ children: 150, seed: 3 }) });
    const marker = await server.app.inject({ method: 'POST', url: '/api/datasets/la1/markers', payload: { date: '2022-10-03', label: 'Inspection', kind: 'inspection' } });
    expect(marker.statusCode).toBe(201);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => errors.push(error.message));
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function tablesOnPage(view: string): Promise<Array<{ id: string; rows: string[][] }>> {
    return page.$$eval(`#panel-${view} .table-block`, (blocks) =>
      blocks.map((block) => ({
        id: (block as HTMLElement).dataset.table!,
        rows: [...block.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => (td as HTMLElement).dataset.value!)),
      })),
    );
  }

  async function expectTablesMatchApi(view: string, urlIncludes = '', requireData = true): Promise<void> {
    const handle = await page.waitForFunction(
      ({ view, urlIncludes }) => {
        const url = document.querySelector<HTMLElement>(`#panel-${view}`)?.dataset.loadedUrl;
        return url && url.includes(urlIncludes) ? url : false;
      },
      { view, urlIncludes },
      { timeout: 60_000 },
    );
    const url = (await handle.jsonValue()) as string;
    const api = await server.app.inject({ method: 'GET', url });
    expect(api.statusCode, url).toBe(200);
    const expected = (api.json() as { tables: ApiTable[] }).tables.map((t) => ({ id: t.id, rows: t.rows.map((r) => r.map((v) => (v === null ? '' : String(v)))) }));
    const shown = await tablesOnPage(view);
    expect(shown).toEqual(expected);
    if (requireData) expect(expected.some((t) => t.rows.length > 0), `${view} has data`).toBe(true);
    // Each table has its CSV link, and the chart area drew something.
    expect(await page.$$eval(`#panel-${view} .table-block a[download]`, (links) => links.length)).toBe(expected.length);
    expect(await page.$$eval(`#panel-${view} .chart svg`, (svgs) => svgs.length)).toBeGreaterThan(0);
  }

  for (const view of VIEWS) {
    it(`${view}: the table shows the API's numbers`, async () => {
      await page.goto(`${server.url}/views.html#view=${view}&dataset=la1`);
      if (view === 'time-in-care') {
        await expectTablesMatchApi(view, '', false); // the test data has no periods of care

        await page.selectOption('#panel-time-in-care select[name=kind]', 'cp_plan');
        await page.selectOption('#panel-time-in-care select[name=by]', 'sex');
        await page.click('#panel-time-in-care button[type=submit]');
        await expectTablesMatchApi(view, 'kind=cp_plan');
      } else if (view === 'impact') {
        await expectTablesMatchApi(view, 'marker=');
        expect(await page.textContent('#panel-impact .verdict')).toMatch(/noise/);
      } else {
        await expectTablesMatchApi(view);
      }
      await saveScreenshot(page, `views-${view}`);
      expect(errors).toEqual([]);
    }, 120_000);
  }

  it('applies a cohort from the shared controls and keeps tables reachable when hidden', async () => {
    await page.goto(`${server.url}/views.html#view=rereferrals&dataset=la1`);
    await expectTablesMatchApi('rereferrals');
    await page.fill('#cohort', 'sex:F');
    await page.click('#global-controls button[type=submit]');
    await expectTablesMatchApi('rereferrals', 'cohort=sex%3AF');
    // Visually hidden by default, but in the accessibility tree; the toggle shows them.
    const hidden = await page.$eval('#panel-rereferrals .table-scroll', (el) => el.classList.contains('visually-hidden'));
    expect(hidden).toBe(true);
    await page.click('#panel-rereferrals .table-toggle');
    expect(await page.$eval('#panel-rereferrals .table-scroll', (el) => el.classList.contains('visually-hidden'))).toBe(false);
    expect(await page.getAttribute('#map-link', 'href')).toBe('/');
  }, 120_000);
});
