// The map's dots coloured by earlier referrals (the default colour mode) count those referrals from the data's
// first date only: on a day less than 36 months after it, children referred before the data are drawn as "no
// earlier referral". The legend says so (palette.ts colourLookBackNote, the views' and the filter's rule): `*` on
// its title and the note under its colours; another colour mode, or a day 36 months on, says nothing.
// The log starts on 1 April 2022 (tests/server/cohort-lookback-log.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { cohortLookBackCsv } from '../server/cohort-lookback-log.js';
import { callMap, launchChromium, openMapPage, saveScreenshot, startTestServer, type TestServer } from './harness.js';

const CUT = /^\* Incomplete: the data start on 1 April 2022, less than 36 months before 1 April 2023, so referrals before then are not counted as previous ones in the dot colours\.$/;

describe('the legend of the dots coloured by earlier referrals', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => void ([server, browser] = await Promise.all([startTestServer({ la: cohortLookBackCsv() }), launchChromium()])), 240_000);
  afterAll(async () => void (await Promise.all([browser?.close(), server?.close()])));

  const shown = (page: Page, selector: string) => page.$eval(selector, (e) => ((e as HTMLElement).hidden ? null : e.textContent));
  const legend = async (page: Page) => ({ title: await page.textContent('#legend-title'), note: await shown(page, '#legend-note') });

  it('is marked on 1 April 2023, not in another colour mode, and not 36 months on', async () => {
    const { page, errors } = await openMapPage(browser, server.url, '?dataset=la&date=2023-04-01', { width: 1440, height: 900 });
    expect(await page.evaluate(() => (window as unknown as { journeyMap: { state: { colour: string } } }).journeyMap.state.colour)).toBe('previous');
    expect(await legend(page)).toEqual({ title: 'Legend *', note: expect.stringMatching(CUT) });
    // an exported frame says it too
    const overlay = (await callMap(page, 'exportOverlay')) as { legendTitle: string; legendNote?: string };
    expect(overlay.legendTitle).toBe('Earlier referrals *');
    expect(overlay.legendNote).toMatch(CUT);
    await saveScreenshot(page, 'map-colour-lookback-1440');

    await callMap(page, 'setColourMode', 'age');
    expect(await legend(page)).toEqual({ title: 'Legend', note: null });
    expect(((await callMap(page, 'exportOverlay')) as { legendNote?: string }).legendNote).toBeUndefined();

    await callMap(page, 'setColourMode', 'previous');
    expect((await legend(page)).note).toMatch(CUT);
    await callMap(page, 'setTime', '2025-04-01');
    expect(await legend(page)).toEqual({ title: 'Legend', note: null });
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('fits a phone: the note under the legend, nothing wider than the screen', async () => {
    const { page, errors } = await openMapPage(browser, server.url, '?dataset=la&date=2023-04-01', { width: 390, height: 844 });
    expect((await legend(page)).note).toMatch(CUT);
    const fit = await page.evaluate(() => {
      const box = document.querySelector('#legend-note')!.getBoundingClientRect();
      const list = document.querySelector('#legend')!.getBoundingClientRect();
      return { left: box.left, right: box.right, below: box.top >= list.bottom, scroll: document.documentElement.scrollWidth };
    });
    expect(fit.left).toBeGreaterThanOrEqual(0);
    expect(fit.right).toBeLessThanOrEqual(390);
    expect(fit.below).toBe(true);
    expect(fit.scroll).toBeLessThanOrEqual(390);
    await page.locator('#legend-note').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'map-colour-lookback-390');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);
});
