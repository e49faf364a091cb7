// The map as a director reads it (issue 8, reviews v8c finding 4 and v8d findings 1 and 4): with a filter
// on, the chip and the caption cover no station's name, number or mark; a key says what each line's
// colour means, on the page and in the exported PNG; and a tap on a dot opens that child's journey even
// where the dot sits under a station's button, the station staying a tap away on its name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { COHORT_VALUES } from '../../core/analysis/cohort.js';
import { dayFromCivil } from '../../core/dates.js';
import { awkwardCsv, awkwardLog } from '../core/awkward-log.js';
import { launchChromium, saveScreenshot, startTestServer, type TestServer } from './harness.js';

let server: TestServer;
let browser: Browser;

/** An awkward council over three years: queues at every open step on its last day. */
const awkward = awkwardLog({ children: 400, firstDay: dayFromCivil(2021, 4, 1), lastDay: dayFromCivil(2024, 3, 31), seed: 8 });

beforeAll(async () => {
  server = await startTestServer({ awk: awkwardCsv(awkward) });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

type Box = { x0: number; y0: number; x1: number; y1: number };
type Hooks = Record<string, (...args: unknown[]) => unknown>;

const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
  { width: 844, height: 390 },
] as const;

async function openMap(query: string, viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const small = viewport.width < 900;
  const context = await browser.newContext({ viewport, reducedMotion: 'reduce', hasTouch: small, isMobile: small });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${server.url}/${query}`);
  await page.waitForFunction(() => 'journeyMap' in window || 'journeyMapError' in window, null, { timeout: 60_000 });
  const failure = await page.evaluate(() => (window as unknown as { journeyMapError?: string }).journeyMapError);
  if (failure) throw new Error(`the page failed: ${failure}`);
  await call(page, 'settled');
  await frames(page);
  return { page, errors };
}

const call = (page: Page, method: string, ...args: unknown[]) =>
  page.evaluate(({ method, args }) => (window as unknown as { journeyMap: Hooks }).journeyMap[method]!(...args), { method, args });

/** Two animation frames: layout, resize observers and the redraw they cause have run. */
const frames = (page: Page) => page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));

const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** An element's box in the canvas's CSS pixels, or null when it is not shown. */
async function boxInCanvas(page: Page, selector: string): Promise<Box | null> {
  const canvas = (await page.locator('canvas').boundingBox())!;
  const box = await page.locator(selector).boundingBox();
  if (!box || box.width === 0) return null;
  return { x0: box.x - canvas.x, y0: box.y - canvas.y, x1: box.x + box.width - canvas.x, y1: box.y + box.height - canvas.y };
}

describe('the map as a director reads it', { timeout: 150_000 }, () => {
  for (const viewport of VIEWPORTS) {
    it(`with a filter on at ${viewport.width}×${viewport.height}, the chip and the caption cover no station's name, number or mark, and all are on the canvas`, async () => {
      const { page, errors } = await openMap('?dataset=awk&date=2024-03-31', viewport);
      const where = `${viewport.width}×${viewport.height}`;
      // The review's filter: Show › Sex, "female" unticked (the longest description a single untick gives).
      await call(page, 'setFilter', 'sex', COHORT_VALUES.sex.indexOf('F'), false);
      await call(page, 'settled');
      await frames(page);
      const chip = await boxInCanvas(page, '#filter-chip');
      const caption = await boxInCanvas(page, '#map-caption');
      expect(chip, where).not.toBeNull();
      expect(caption, where).not.toBeNull();
      const canvas = (await page.locator('canvas').boundingBox())!;
      const labels = (await call(page, 'labelBoxes')) as (Box & { text: string; back: Box | null })[];
      const marks = (await call(page, 'markBoxes')) as (Box & { id: string })[];
      const drawn = [
        ...labels.map((l) => ({ what: `label "${l.text}"`, box: l as Box })),
        ...labels.filter((l) => l.back).map((l) => ({ what: `number back of "${l.text}"`, box: l.back! })),
        ...marks.map((m) => ({ what: `mark of ${m.id}`, box: m as Box })),
      ];
      const covered = drawn.flatMap(({ what, box }) => [
        ...(overlaps(box, chip!) ? [`${what} under the chip`] : []),
        ...(overlaps(box, caption!) ? [`${what} under the caption`] : []),
      ]);
      const inside = (b: Box) => b.x0 >= 0 && b.y0 >= 0 && b.x1 <= canvas.width && b.y1 <= canvas.height;
      await saveScreenshot(page, `map-legible-filter-${viewport.width}x${viewport.height}`);
      expect(covered, where).toEqual([]);
      expect(drawn.filter(({ box }) => !inside(box)).map(({ what }) => what), where).toEqual([]);

      expect(errors, where).toEqual([]);
      await page.context().close();
    });
  }
  for (const viewport of VIEWPORTS.slice(0, 2)) {
    it(`at ${viewport.width}×${viewport.height} a tap on a waiting dot under a station's button opens that child's journey, and a tap on a station's name lists its children`, async () => {
      const { page, errors } = await openMap('?dataset=awk&date=2024-03-31', viewport);
      const where = `${viewport.width}×${viewport.height}`;
      const touch = viewport.width < 900;
      const canvas = (await page.locator('canvas').boundingBox())!;
      const tap = (x: number, y: number) => (touch ? page.touchscreen.tap(canvas.x + x, canvas.y + y) : page.mouse.click(canvas.x + x, canvas.y + y));
      // Every waiting dot on screen, with the element a tap at its centre lands on.
      const dots = await page.evaluate(
        ({ cx, cy }) => {
          const map = (window as unknown as { journeyMap: { dotPositions(): { child: number; x: number; y: number; station: number }[]; toScreen(x: number, y: number): { x: number; y: number } } }).journeyMap;
          const all = map.dotPositions().map((d) => ({ ...d, ...map.toScreen(d.x, d.y) }));
          return all
            .filter((d) => d.station >= 0)
            .map((d) => ({
              ...d,
              under: document.elementFromPoint(cx + d.x, cy + d.y)?.getAttribute('data-station') ?? null,
              // the nearest other dot: a tap at this one's centre picks this one
              gap: Math.min(...all.filter((e) => e !== d && e.child !== d.child).map((e) => Math.hypot(e.x - d.x, e.y - d.y))),
            }));
        },
        { cx: canvas.x, cy: canvas.y },
      );
      // A name is drawn over the dots (on an opaque back where they crowd it): a dot under one is not seen.
      const names = (await call(page, 'labelBoxes')) as Box[];
      const seen = (d: { x: number; y: number }) => !names.some((b) => d.x >= b.x0 && d.x <= b.x1 && d.y >= b.y0 && d.y <= b.y1);
      const covered = dots.filter((d) => d.under !== null && d.gap > 1.5 && seen(d));
      expect(covered.length, `${where}: waiting dots under a station's button`).toBeGreaterThan(0);
      const dot = covered[Math.floor(covered.length / 2)]!;
      await tap(dot.x, dot.y);
      await page.waitForSelector('#journey-panel:not([hidden])', { timeout: 10_000 });
      await call(page, 'journeySettled');
      await expect(page.locator('#journey-title').textContent(), where).resolves.toMatch(new RegExp(`^Child ${dot.child + 1}: `));
      await expect(page.locator('#station-list').isHidden(), `${where}: the tap opened the child, not the station`).resolves.toBe(true);
      await page.click('#journey-panel button:has-text("Close")');

      // The station stays a tap away: on its name (and number).
      const labels = (await call(page, 'labelBoxes')) as (Box & { id: string; text: string })[];
      const label = labels.find((l) => l.id === dot.under)!;
      const centre = { x: (label.x0 + label.x1) / 2, y: (label.y0 + label.y1) / 2 };
      expect(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.tagName, { x: canvas.x + centre.x, y: canvas.y + centre.y }), where).toBe('CANVAS');
      await tap(centre.x, centre.y);
      const name = (await page.getAttribute(`.station-hit[data-station="${label.id}"]`, 'aria-label'))!;
      await page.waitForSelector('#station-list:not([hidden]) h2', { timeout: 10_000 });
      await expect(page.locator('#station-list h2').textContent(), where).resolves.toMatch(new RegExp(`^${name}: \\d+ waiting`));
      await saveScreenshot(page, `map-legible-tap-${viewport.width}x${viewport.height}`);
      expect(errors, where).toEqual([]);
      await page.context().close();
    });
  }
});
