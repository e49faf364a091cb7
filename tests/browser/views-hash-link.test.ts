// A link to the views page that changes only the hash (#…&date=…, #…&from=…) in a tab already open on it is
// followed whole: the impact view's date or marker and the page's window move with it and the view is asked
// again (audit a9m F3: the date input stayed at the old date and no request was sent).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addMarker, launchChromium, smallDatasetCsv, startTestServer, type TestServer } from './harness.js';

describe('views page follows a link that changes only the hash', { timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let markerId = '';
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ la1: smallDatasetCsv({ children: 1200, seed: 7 }) });
    markerId = await addMarker(server, 'la1', { date: '2023-04-03', label: 'Inspection', kind: 'inspection' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
    page.on('pageerror', (error) => errors.push(error.message));
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** the URL the view's panel last showed, once it includes `part` */
  const loaded = async (view: string, part: string) =>
    (await (await page.waitForFunction(({ view, part }) => {
      const url = document.querySelector<HTMLElement>(`#panel-${view}`)?.dataset.loadedUrl;
      return url && url.includes(part) ? url : false;
    }, { view, part }, { timeout: 60_000 })).jsonValue()) as string;

  it('moves the impact view to the date, then to the marker, the link names', async () => {
    await page.goto(`${server.url}/views.html#view=impact&dataset=la1&date=2023-06-05`);
    await loaded('impact', 'date=2023-06-05');
    await page.evaluate(() => { location.hash = 'view=impact&dataset=la1&date=2023-05-01'; });
    expect(await loaded('impact', 'date=2023-05-01')).not.toContain('2023-06-05');
    expect(await page.inputValue('#panel-impact input[name=date]')).toBe('2023-05-01');
    await page.evaluate((id) => { location.hash = `view=impact&dataset=la1&marker=${id}`; }, markerId);
    const url = await loaded('impact', `marker=${markerId}`);
    expect(url).not.toContain('date=');
    expect(await page.inputValue('#panel-impact input[name=date]')).toBe('');
  });

  it('moves the page\'s window to the dates the link names, and clears one it no longer names', async () => {
    await page.evaluate(() => { location.hash = 'view=rereferrals&dataset=la1&from=2023-04-01&to=2024-03-31'; });
    const url = await loaded('rereferrals', 'from=2023-04-01');
    expect(url).toContain('to=2024-03-31');
    expect(await page.inputValue('#from')).toBe('2023-04-01');
    await page.evaluate(() => { location.hash = 'view=rereferrals&dataset=la1&from=2022-04-01'; });
    expect(await loaded('rereferrals', 'from=2022-04-01')).not.toContain('to=2024-03-31');
    expect(await page.inputValue('#to')).toBe('');
    expect(errors).toEqual([]);
  });
});
