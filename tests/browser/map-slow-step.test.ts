// Review v8e finding 1: with "Step numbers" on, a step slower than its station's target was marked only
// by its label's colour, and that label was the one left off for space on an almost empty map, so
// nothing on the map said the step was slow. Now the track itself is marked (yellow-on-black dashes
// and a warning sign that is never left off), at the desktop and the phone sizes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { callMap, launchChromium, openMapPage, saveScreenshot, startTestServer, type TestServer } from './harness.js';

let server: TestServer;
let browser: Browser;

/**
 * Eight children, each contacted, referred the next day and assessed from two days later; the
 * assessment ends (CIN) 13 weeks on, about 63 working days against the 45-day target, and the CIN plan
 * starts that day. One travelled step over target: Assessment → CIN plan.
 */
function slowStepCsv(): string {
  const rows = ['child_id,event,date,outcome'];
  const iso = (day: number) => new Date(Date.UTC(2024, 0, 8) + day * 86_400_000).toISOString().slice(0, 10);
  for (let c = 0; c < 8; c++) {
    const d = 7 * c;
    rows.push(`S${c},contact,${iso(d)},referral`, `S${c},referral,${iso(d + 1)},`, `S${c},assessment_start,${iso(d + 3)},`, `S${c},assessment_end,${iso(d + 94)},cin`, `S${c},cin_plan_start,${iso(d + 94)},`);
  }
  return rows.join('\n') + '\n';
}

beforeAll(async () => {
  server = await startTestServer({ slow: slowStepCsv() });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

type Box = { x0: number; y0: number; x1: number; y1: number };
type SlowMark = { from: string; to: string; x: number; y: number; box: Box; size: number; dashes: number };

/** The colour drawn at a map point (design units), read back from the canvas. */
const pixelAt = (page: Page, x: number, y: number) =>
  page.evaluate(({ x, y }) => {
    const map = (window as unknown as { journeyMap: { render(): void; toScreen(x: number, y: number): { x: number; y: number }; readPixel(x: number, y: number): number[] } }).journeyMap;
    map.render();
    const p = map.toScreen(x, y);
    return map.readPixel(p.x, p.y);
  }, { x, y }) as Promise<number[]>;

const isYellow = ([r, g, b]: number[]) => r! > 200 && g! > 170 && b! < 90;

describe('a step over target, marked on its track', { timeout: 300_000 }, () => {
  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`draws the warning sign and dashes on the slow step's track at ${viewport.width}×${viewport.height}, whether its label fits or not`, async () => {
      const { page, errors } = await openMapPage(browser, server.url, '?dataset=slow&date=2024-12-31', viewport);
      await page.evaluate(() => {
        const select = document.querySelector<HTMLSelectElement>('#segments-window')!;
        select.value = '365';
        select.dispatchEvent(new Event('change'));
      });
      await callMap(page, 'setSegmentLabels', true);
      const flows = (await callMap(page, 'segmentFlows')) as { from: string; to: string; slow: boolean; children: number }[];
      expect(flows.filter((f) => f.slow).map((f) => `${f.from}>${f.to} ${f.children}`)).toEqual(['assessment>cin_plan 8']);
      const { slow } = (await callMap(page, 'segmentLabels')) as { slow: SlowMark[] };
      expect(slow.map((m) => `${m.from}>${m.to}`)).toEqual(['assessment>cin_plan']);
      expect(slow[0]!.dashes).toBeGreaterThan(3);
      // Inside the sign's yellow triangle, left of its "!", a little below its centre.
      const { x, y, size } = slow[0]!;
      expect(isYellow(await pixelAt(page, x - 0.45 * size, y + 0.5 * size))).toBe(true);
      await saveScreenshot(page, `map-slow-step-${viewport.width}x${viewport.height}`);
      // With the step numbers off, neither sign nor dashes are drawn: the mark is the step numbers'.
      await callMap(page, 'setSegmentLabels', false);
      expect(isYellow(await pixelAt(page, x - 0.45 * size, y + 0.5 * size))).toBe(false);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
});
