// Section 47 split into enquiries open and awaiting ICPC (issue 9 item 4), on screen: the map's S47
// tooltip and table row say the split with the stations endpoint's numbers, and the flow view's work in
// progress draws "Section 47: enquiry open" then "Awaiting ICPC". Screenshots at 1440×900 and 390×844
// (tests/output/awaiting-icpc-*.png).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { dayFromCivil, formatDay } from '../../core/dates.js';
import { awkwardCsv, awkwardLog } from '../core/awkward-log.js';
import { callMap, launchChromium, openMapPage, saveScreenshot, startTestServer, type TestServer } from './harness.js';

const awkward = awkwardLog({ children: 400, firstDay: dayFromCivil(2021, 4, 1), lastDay: dayFromCivil(2024, 3, 31), seed: 8 });
const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
] as const;

describe('Section 47: enquiries open and awaiting ICPC on screen', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer({ awk: awkwardCsv(awkward) });
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** a date whose Section 47 has children in both parts */
  const pickDate = async (): Promise<{ date: string; s47: { waiting: number; parts: { waiting: number }[] } }> => {
    for (let d = dayFromCivil(2023, 6, 30); d > dayFromCivil(2021, 6, 1); d -= 7) {
      const body = (await (await fetch(`${server.url}/api/datasets/awk/stations?map=front-door&at=${formatDay(d)}`)).json()) as { stations: { id: string; waiting: number; parts?: { waiting: number }[] }[] };
      const s47 = body.stations.find((s) => s.id === 's47')!;
      if (s47.parts && s47.parts[0]!.waiting > 0 && s47.parts[1]!.waiting > 0) return { date: formatDay(d), s47: s47 as { waiting: number; parts: { waiting: number }[] } };
    }
    throw new Error('no date with children in both parts');
  };

  it.each(VIEWPORTS)('map tooltip and table at $width×$height', async (viewport) => {
    const { date, s47 } = await pickDate();
    const { page, errors } = await openMapPage(browser, server.url, `?dataset=awk&date=${date}`, viewport);
    const [open, awaiting] = s47.parts.map((p) => p.waiting);
    const split = `${open} ${open === 1 ? 'enquiry' : 'enquiries'} open, ${awaiting} awaiting ICPC`;
    await page.focus('.station-hit[data-station="s47"]');
    const tip = await page.locator('#tooltip').textContent();
    expect(tip).toContain(`${s47.waiting} waiting at the end of`);
    expect(tip).toContain(split);
    const tipShot = await saveScreenshot(page, `awaiting-icpc-tooltip-${viewport.width}`);
    await page.click('#table-toggle');
    await callMap(page, 'settled');
    const row = await page.locator('#station-table tbody tr[data-station="s47"] th').textContent();
    expect(row).toContain(split);
    await page.locator('#station-table').scrollIntoViewIfNeeded();
    const tableShot = await saveScreenshot(page, `awaiting-icpc-table-${viewport.width}`);
    console.log(`SHOTS ${date}: ${tipShot} ${tableShot}`);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 180_000);

  it.each(VIEWPORTS)('flow view work in progress at $width×$height', async (viewport) => {
    const context = await browser.newContext({ viewport, reducedMotion: 'reduce', hasTouch: viewport.width < 900, isMobile: viewport.width < 900 });
    const page = await context.newPage();
    await page.goto(`${server.url}/views.html?dataset=awk&from=2022-04-01&to=2023-03-31#view=flow`);
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#panel-flow')?.dataset.loadedUrl, null, { timeout: 60_000 });
    const titles = await page.$$eval('#panel-flow .small-multiples > *', (els) => els.map((e) => e.querySelector('strong, svg > text')?.textContent ?? ''));
    const open = titles.findIndex((t) => t.startsWith('Section 47: enquiry open'));
    expect(open, titles.join(' | ')).toBeGreaterThanOrEqual(0);
    expect(titles[open + 1], titles.join(' | ')).toMatch(/^Awaiting ICPC/);
    await page.locator('#panel-flow .small-multiples').first().scrollIntoViewIfNeeded();
    const shot = await saveScreenshot(page, `awaiting-icpc-flow-${viewport.width}`);
    console.log(`SHOTS flow: ${shot}`);
    await context.close();
  }, 180_000);
});
