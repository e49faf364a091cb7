// The flow view's work in progress in headless Chromium, at 1440×900 and 390×844: on a log whose children give
// episode ids on some rows and not others (the awkward log), a station whose count holds periods whose end was
// recorded under another episode draws them as the top of its queue (purple band) and says under its chart
// "N of the M may have ended", N and M the published JSON's (the stations endpoint's unpairedEnds and waiting on
// the chart's last week with any), with the map's sentence in the figure's notes; nothing of it leaves the
// screen or sits on the next chart. A log with no such period (every row linked alike) shows none of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { dayFromCivil } from '../../core/dates.js';
import { awkwardCsv, awkwardLog } from '../core/awkward-log.js';
import { launchChromium, smallDatasetCsv, startTestServer, type TestServer } from './harness.js';

const awkward = awkwardLog({ children: 500, firstDay: dayFromCivil(2020, 4, 1), lastDay: dayFromCivil(2024, 3, 31), seed: 42 });

type Cell = number | string | null;
type Station = { station: string; name: string; waiting: Cell[]; unpairedEnds?: Cell[]; unpairedNote?: string | null };

describe('flow view: work in progress that may have ended', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer({ awk: awkwardCsv(awkward), small: smallDatasetCsv({ children: 300, seed: 3 }) });
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(dataset: string, viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
    const small = viewport.width < 900;
    const context = await browser.newContext({ viewport, reducedMotion: 'reduce', hasTouch: small, isMobile: small });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.url}/views.html#view=flow&dataset=${dataset}`);
    await page.waitForFunction((d) => document.querySelector<HTMLElement>('#panel-flow')?.dataset.loadedUrl?.includes(`/datasets/${d}/`), dataset, { timeout: 120_000 });
    return { page, errors, close: () => context.close() };
  }

  for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
    it(`says under each such station's chart how many may have ended, as the JSON gives them (${viewport.width}×${viewport.height})`, async () => {
      const { page, errors, close } = await open('awk', viewport);
      try {
        const url = await page.$eval('#panel-flow', (p) => (p as HTMLElement).dataset.loadedUrl!);
        const view = (await server.app.inject({ url: url.replace(/^https?:\/\/[^/]+/, '') })).json();
        const wip = view.workInProgress as { days: string[]; stations: Station[] };
        const flagged = wip.stations.filter((s) => s.unpairedEnds);
        expect(flagged.map((s) => s.station)).toEqual(expect.arrayContaining(['cp_plan', 'looked_after']));
        const shown = await page.$$eval('#panel-flow figure.chart-figure:first-of-type .wip-cell, #panel-flow figure.chart-figure:first-of-type .wip-empty', (cells) =>
          cells.map((c) => ({
            name: c.querySelector('svg > text, strong')?.textContent ?? '',
            line: c.querySelector('.wip-unpaired')?.textContent ?? null,
            band: c.querySelector('path.may-have-ended') !== null,
          })),
        );
        for (const s of wip.stations) {
          const cell = shown.find((c) => c.name === s.name)!;
          expect(cell, s.name).toBeDefined();
          if (!s.unpairedEnds) {
            expect([s.name, cell.line, cell.band]).toEqual([s.name, null, false]);
            continue;
          }
          const w = s.unpairedEnds.findLastIndex((c) => c !== null && c !== 0);
          expect(cell.line, s.name).toMatch(new RegExp(`^${s.unpairedEnds[w]} of the ${s.waiting[w]} .*may have ended`));
          expect(cell.band, s.name).toBe(true);
        }
        // the map's sentence, word for word, in the figure's notes
        const notes = await page.$$eval('#panel-flow figure.chart-figure:first-of-type .chart-note', (ps) => ps.map((p) => p.textContent));
        for (const s of flagged) if (s.unpairedNote) expect(notes).toContain(`${s.name}: ${s.unpairedNote}`);
        // nothing cut off, nothing on another chart
        const boxes = await page.$$eval('#panel-flow figure.chart-figure:first-of-type .wip-cell', (cells) =>
          cells.map((c) => {
            const line = c.querySelector('.wip-unpaired');
            const box = (e: Element | null) => (e ? (({ left, right, top, bottom }) => ({ left, right, top, bottom }))(e.getBoundingClientRect()) : null);
            return { cell: box(c)!, svg: box(c.querySelector('svg')), line: box(line) };
          }),
        );
        for (const b of boxes) {
          expect(b.cell.right).toBeLessThanOrEqual(viewport.width + 0.5);
          if (!b.line) continue;
          expect(b.line.right).toBeLessThanOrEqual(viewport.width + 0.5);
          expect(b.line.top).toBeGreaterThanOrEqual(b.svg!.bottom - 0.5);
          for (const other of boxes) {
            if (other === b) continue;
            const overlaps = b.line.left < other.svg!.right && other.svg!.left < b.line.right && b.line.top < other.svg!.bottom && other.svg!.top < b.line.bottom;
            expect(overlaps).toBe(false);
          }
        }
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
        // the styles come from views.css: a grid of charts, and the line's swatch the band's purple
        const styles = await page.$eval('#panel-flow figure.chart-figure:first-of-type', (f) => ({
          grid: getComputedStyle(f.querySelector('.small-multiples')!).display,
          swatch: getComputedStyle(f.querySelector('.wip-unpaired-swatch')!).backgroundColor,
          band: f.querySelector('path.may-have-ended')!.getAttribute('fill'),
        }));
        expect(styles).toEqual({ grid: 'grid', swatch: 'rgb(106, 61, 154)', band: '#6a3d9a' });
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    }, 180_000);
  }

  it('shows none of it on a log with no such period', async () => {
    const { page, errors, close } = await open('small', { width: 1440, height: 900 });
    try {
      expect(await page.$$eval('#panel-flow .wip-unpaired, #panel-flow path.may-have-ended', (e) => e.length)).toBe(0);
      expect(await page.$eval('#panel-flow figure.chart-figure:first-of-type .chart-subtitle', (p) => p.textContent)).not.toContain('Purple');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 180_000);
});
