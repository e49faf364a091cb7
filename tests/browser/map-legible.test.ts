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
});
