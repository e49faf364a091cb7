// The map with dense queues (issue 8, fix 2): names and numbers stay readable over a queue, step
// numbers keep off queues and names and the page says which it left out, the stations' dots are
// placed once per day and filter, and a phone held sideways keeps the map, the date and the timeline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { callMap, launchChromium, openMapPage, saveScreenshot, smallDatasetCsv, startTestServer, type TestServer } from './harness.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  // 5,000 children over two years: queues of hundreds at CIN plan and CP plan on the last day.
  server = await startTestServer({ dense: smallDatasetCsv({ children: 5000, seed: 21 }) });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

type Box = { x0: number; y0: number; x1: number; y1: number };

const openMap = (query: string, viewport = { width: 1440, height: 900 }) => openMapPage(browser, server.url, query, viewport);

const call = callMap;

/** Every waiting dot as a disc in canvas CSS pixels (the shader's radius, 4.2 px at full zoom, counted as 4.2). */
const waitingDots = (page: Page) =>
  page.evaluate(() => {
    const map = (window as unknown as { journeyMap: { dotPositions(): { x: number; y: number; station: number }[]; toScreen(x: number, y: number): { x: number; y: number } } }).journeyMap;
    return map.dotPositions().filter((d) => d.station >= 0).map((d) => ({ ...map.toScreen(d.x, d.y), r: 4.2 }));
  });

const discTouches = (b: Box, d: { x: number; y: number; r: number }) => {
  const dx = d.x - Math.max(b.x0, Math.min(d.x, b.x1));
  const dy = d.y - Math.max(b.y0, Math.min(d.y, b.y1));
  return dx * dx + dy * dy < d.r * d.r;
};
const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

describe('the map with dense queues', { timeout: 150_000 }, () => {
  it('keeps every station name and number readable: clear of the dots, or above them on an opaque back', async () => {
    // Queues keep off other stations' tracks (queue-areas.ts), where names are often placed: at 1440×900
    // no queue of this log may reach a name, so the phone's fit, where names are larger beside the map, is checked too.
    let coveredAnywhere = 0;
    for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
      const { page, errors } = await openMap('?dataset=dense', viewport);
      const labels = (await call(page, 'labelBoxes')) as (Box & { id: string; text: string; back: Box | null; backAlpha: number; aboveDots: boolean })[];
      const dots = await waitingDots(page);
      expect(dots.length).toBeGreaterThan(500);
      const covered = labels.filter((l) => dots.some((d) => discTouches(l, d)));
      coveredAnywhere += covered.length;
      for (const l of covered) {
        expect(l.aboveDots, l.text).toBe(true);
        expect(l.backAlpha, l.text).toBe(1);
        expect(l.back && l.back.x0 <= l.x0 + 0.5 && l.back.y0 <= l.y0 + 0.5 && l.back.x1 >= l.x1 - 0.5 && l.back.y1 >= l.y1 - 0.5, `${l.text}: back ${JSON.stringify(l.back)} text ${JSON.stringify(l)}`).toBe(true);
      }
      await saveScreenshot(page, `map-dense-labels-${viewport.width}`);
      expect(errors).toEqual([]);
      await page.context().close();
    }
    // Dense enough that some queue reaches a name (else the checks above say nothing).
    expect(coveredAnywhere).toBeGreaterThan(0);
  });

  it('keeps step numbers off the queues and the names, says how many it left off, and lists every step in the table', async () => {
    const { page, errors } = await openMap('?dataset=dense');
    await call(page, 'setSegmentLabels', true);
    const { shown, hidden } = (await call(page, 'segmentLabels')) as { shown: { from: string; to: string; box: Box; overQueue: boolean; slow: boolean; children: number }[]; hidden: { from: string; to: string; text: string }[] };
    const flows = (await call(page, 'segmentFlows')) as { children: number }[];
    expect(shown.length + hidden.length).toBe(flows.length);
    expect(shown.length).toBeGreaterThan(0);
    const onScreen = (await page.evaluate((boxes) => {
      const map = (window as unknown as { journeyMap: { toScreen(x: number, y: number): { x: number; y: number } } }).journeyMap;
      return boxes.map((b) => {
        const a = map.toScreen(b.x0, b.y0);
        const z = map.toScreen(b.x1, b.y1);
        return { x0: a.x, y0: a.y, x1: z.x, y1: z.y };
      });
    }, shown.map((s) => s.box))) as Box[];
    const dots = await waitingDots(page);
    const names = (await call(page, 'labelBoxes')) as (Box & { text: string; back: Box | null })[];
    // Only a step over target or one of the five busiest may sit over a queue, when nothing else on its segment is clear.
    const onDots = onScreen.flatMap((b, i) => (dots.some((d) => discTouches(b, d)) ? [shown[i]!] : []));
    const fifth = flows.map((f) => f.children).sort((a, b) => b - a)[4] ?? 0;
    expect(onDots.filter((l) => !l.overQueue || !(l.slow || l.children >= fifth)).map((l) => `${l.from}>${l.to}`)).toEqual([]);
    const onNames = onScreen.flatMap((b, i) => names.filter((n) => overlaps(b, n.back ?? n)).map((n) => `${shown[i]!.from}>${shown[i]!.to} on ${n.text}`));
    expect(onNames).toEqual([]);
    // What was left off is said on the map, and the table lists every step, saying which are off it.
    if (hidden.length > 0) {
      await expect(page.locator('#segments-note').textContent()).resolves.toMatch(new RegExp(`^${hidden.length} of ${flows.length} step numbers left off the map for space \\(the table lists every step\\)`));
    } else {
      await expect(page.locator('#segments-note').isHidden()).resolves.toBe(true);
    }
    await page.click('#table-toggle');
    const rows = await page.$$eval('#segments-table tbody tr', (trs) => trs.map((tr) => `${tr.getAttribute('data-from')}>${tr.getAttribute('data-to')} ${tr.lastElementChild!.textContent}`));
    expect(rows.length).toBe(flows.length);
    expect(rows.filter((r) => r.endsWith('left off for space')).map((r) => r.split(' ')[0]).sort()).toEqual(hidden.map((h) => `${h.from}>${h.to}`).sort());
    await saveScreenshot(page, 'map-dense-step-numbers-table-1440');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('draws step numbers on a phone (390×844) at 12 px or more, whole on the screen, and overlapping nothing', async () => {
    const viewport = { width: 390, height: 844 };
    const { page, errors } = await openMap('?dataset=dense', viewport);
    await call(page, 'setSegmentLabels', true);
    const { shown, hidden, fontPx } = (await call(page, 'segmentLabels')) as { shown: { from: string; to: string; box: Box }[]; hidden: unknown[]; fontPx: number };
    // At the phone's fit the map is drawn at about a third of its size: 11-unit labels were 4 px.
    expect(fontPx).toBeGreaterThanOrEqual(12);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length + hidden.length).toBe(((await call(page, 'segmentFlows')) as unknown[]).length);
    const canvas = await page.evaluate(() => {
      const r = document.querySelector('canvas')!.getBoundingClientRect();
      return { width: r.width, height: r.height };
    });
    const onScreen = (await page.evaluate((boxes) => {
      const map = (window as unknown as { journeyMap: { toScreen(x: number, y: number): { x: number; y: number } } }).journeyMap;
      return boxes.map((b) => {
        const a = map.toScreen(b.x0, b.y0);
        const z = map.toScreen(b.x1, b.y1);
        return { x0: Math.min(a.x, z.x), y0: Math.min(a.y, z.y), x1: Math.max(a.x, z.x), y1: Math.max(a.y, z.y) };
      });
    }, shown.map((s) => s.box))) as Box[];
    for (const [i, b] of onScreen.entries()) {
      expect(b.x0 >= 0 && b.y0 >= 0 && b.x1 <= canvas.width && b.y1 <= canvas.height, `${shown[i]!.from}>${shown[i]!.to} ${JSON.stringify(b)}`).toBe(true);
      for (let j = i + 1; j < onScreen.length; j++) expect(overlaps(b, onScreen[j]!), `${shown[i]!.from}>${shown[i]!.to} and ${shown[j]!.from}>${shown[j]!.to}`).toBe(false);
    }
    const names = (await call(page, 'labelBoxes')) as (Box & { text: string; back: Box | null })[];
    expect(onScreen.flatMap((b, i) => names.filter((n) => overlaps(b, n.back ?? n)).map((n) => `${shown[i]!.from}>${shown[i]!.to} on ${n.text}`))).toEqual([]);
    await saveScreenshot(page, 'map-dense-step-numbers-390x844');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("places the stations' dots once per day and filter, not on every tooltip, table refresh or zoom", async () => {
    const { page } = await openMap('?dataset=dense');
    await page.click('#table-toggle');
    const before = ((await call(page, 'stationDots')) as { computed: number }).computed;
    for (const station of ['assessment', 'cin_plan', 'cp_plan']) {
      await page.focus(`.station-hit[data-station="${station}"]`);
      await page.waitForSelector('#tooltip:not([hidden])');
    }
    await page.click('#table-toggle');
    await page.click('#zoom-in');
    await page.click('#zoom-out');
    await page.click('#table-toggle');
    expect(((await call(page, 'stationDots')) as { computed: number }).computed).toBe(before);
    const here = ((await call(page, 'stationDots')) as { here: number[] }).here;
    const rows = await page.$$eval('#station-table tbody tr td.dots-here', (tds) => tds.map((td) => td.textContent));
    expect(rows.length).toBe(here.length);
    await call(page, 'setTime', '2022-06-01');
    await call(page, 'settled');
    expect(((await call(page, 'stationDots')) as { computed: number }).computed).toBe(before + 1);
    await page.context().close();
  });

  it('fits a phone held sideways (844×390): the map, the date and the timeline in view, no horizontal scroll, every control reachable', async () => {
    const viewport = { width: 844, height: 390 };
    const { page, errors } = await openMap('?dataset=dense', viewport);
    const layout = await page.evaluate(() => {
      const box = (selector: string) => {
        const r = document.querySelector(selector)!.getBoundingClientRect();
        return { x0: r.left, y0: r.top, x1: r.right, y1: r.bottom };
      };
      return {
        scrollWidth: document.documentElement.scrollWidth,
        canvas: box('canvas'),
        date: box('#current-date'),
        play: box('#play'),
        scrub: box('#scrub'),
        jump: box('#jump-date'),
        bar: box('#page-bar'),
      };
    });
    expect(layout.scrollWidth).toBeLessThanOrEqual(viewport.width);
    for (const key of ['date', 'play', 'scrub', 'jump'] as const) {
      const b = layout[key];
      expect(b.y0 >= 0 && b.y1 <= viewport.height && b.x0 >= 0 && b.x1 <= viewport.width, `${key} ${JSON.stringify(b)}`).toBe(true);
    }
    // The map keeps most of the screen: at least 250 of its 390 px, between the header and the timeline.
    expect(layout.canvas.y1 - layout.canvas.y0).toBeGreaterThanOrEqual(250);
    expect(layout.canvas.y0).toBeGreaterThanOrEqual(layout.bar.y1 - 1);
    expect(layout.canvas.y1).toBeLessThanOrEqual(layout.play.y0 + 1);
    // The map is drawn across most of that height (a row of zoom buttons at its foot took 40 px of
    // it: the stations' names spanned 119 of the canvas's 300 px), and no name is under a button.
    const names = (await call(page, 'labelBoxes')) as (Box & { text: string })[];
    const span = Math.max(...names.map((n) => n.y1)) - Math.min(...names.map((n) => n.y0));
    expect(span).toBeGreaterThanOrEqual(0.5 * (layout.canvas.y1 - layout.canvas.y0));
    const buttons = await page.$$eval('#zoom-controls button', (bs) => bs.map((b) => b.getBoundingClientRect()).map((r) => ({ x0: r.left, y0: r.top, x1: r.right, y1: r.bottom })));
    const canvasAt = (b: Box): Box => ({ x0: b.x0 + layout.canvas.x0, y0: b.y0 + layout.canvas.y0, x1: b.x1 + layout.canvas.x0, y1: b.y1 + layout.canvas.y0 });
    expect(names.filter((n) => buttons.some((b) => overlaps(canvasAt(n), b))).map((n) => n.text)).toEqual([]);
    // The speed's whole wording shows (at 120 px it read "1 day per seco").
    const speed = await page.evaluate(() => {
      const select = document.querySelector<HTMLSelectElement>('#speed')!;
      const drawn = select.getBoundingClientRect().width;
      select.style.maxWidth = 'none';
      const natural = select.getBoundingClientRect().width;
      select.style.maxWidth = '';
      return { drawn, natural };
    });
    expect(speed.drawn).toBeGreaterThanOrEqual(speed.natural - 1);
    const shot = await saveScreenshot(page, 'map-dense-844x390');
    // Every control a tap away: Menu unfolds the header's controls, each then in view and on top.
    await page.click('#menu-toggle');
    for (const selector of ['#dataset-picker', '#map-picker', '#colour-mode', '#segments-toggle', '#export-png', '#export-webm', '#views-link', '#table-toggle', '#speed']) {
      const element = page.locator(selector);
      await element.scrollIntoViewIfNeeded();
      const b = (await element.boundingBox())!;
      expect(b.x >= 0 && b.x + b.width <= viewport.width, `${selector} ${JSON.stringify(b)}`).toBe(true);
      const hit = await page.evaluate(({ x, y, selector }) => document.elementFromPoint(x, y)?.closest(selector) !== null, { x: b.x + b.width / 2, y: b.y + b.height / 2, selector });
      expect(hit, selector).toBe(true);
    }
    await saveScreenshot(page, 'map-dense-844x390-menu');
    expect(shot).toContain('map-dense-844x390');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
