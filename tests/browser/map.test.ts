// The animated map in real headless Chromium (SwiftShader WebGL) against the real service: renderer,
// dot positions read back from the canvas, play/pause/scrub, filters, colours, station numbers,
// markers, keyboard, reduced motion, exports, a second map, benchmark mode.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { decodeMoves } from '../../core/wire.js';
import { ENTRY, type MoveColumns } from '../../core/journeys.js';
import { parseDay } from '../../core/dates.js';
import type { TrackGeometry } from '../../core/tracks.js';
import { packTracks, pointAlong } from '../../client/src/dots/track-texture.js';
import { launchChromium, saveScreenshot, singleJourneyCsv, smallDatasetCsv, startTestServer, type TestServer } from './harness.js';

const DAY = 86400;
type RGBA = [number, number, number, number];

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ small: smallDatasetCsv(), one: singleJourneyCsv() });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openMap(query: string, options: { reducedMotion?: 'reduce' | 'no-preference' } = {}): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, reducedMotion: options.reducedMotion ?? 'no-preference' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(`${server.url}/${query}`);
  await page.waitForFunction(() => 'journeyMap' in window || 'journeyMapError' in window, null, { timeout: 60_000 });
  const failure = await page.evaluate(() => (window as unknown as { journeyMapError?: string }).journeyMapError);
  if (failure) throw new Error(`the page failed: ${failure}`);
  return { page, errors };
}

async function fetchMoves(dataset: string, map = 'front-door'): Promise<{ moves: MoveColumns; stationIds: string[] }> {
  const response = await fetch(`${server.url}/api/datasets/${dataset}/moves?map=${map}`);
  const { header, moves } = decodeMoves(await response.arrayBuffer());
  return { moves, stationIds: header.stationIds };
}

async function fetchTracks(map = 'front-door'): Promise<TrackGeometry> {
  const body = (await (await fetch(`${server.url}/api/maps/${map}`)).json()) as { tracks: { stationIds: string[]; points: number[]; offsets: number[]; lengths: number[] } };
  const { stationIds, points, offsets, lengths } = body.tracks;
  return { stationIds, points: Float32Array.from(points), offsets: Uint32Array.from(offsets), lengths: Float32Array.from(lengths) };
}

/** Renders now and reads the canvas pixel at a map design point (plus a screen offset). */
function pixelAt(page: Page, x: number, y: number, dx = 0, dy = 0): Promise<RGBA> {
  return page.evaluate(
    ({ x, y, dx, dy }) => {
      const map = (window as unknown as { journeyMap: { render(): void; toScreen(x: number, y: number): { x: number; y: number }; readPixel(x: number, y: number): RGBA } }).journeyMap;
      map.render();
      const p = map.toScreen(x, y);
      return map.readPixel(p.x + dx, p.y + dy);
    },
    { x, y, dx, dy },
  );
}

const state = (page: Page) =>
  page.evaluate(() => (window as unknown as { journeyMap: { state: { time: number; date: string; playing: boolean; colour: string } } }).journeyMap.state);

const call = (page: Page, method: string, ...args: unknown[]) =>
  page.evaluate(({ method, args }) => (window as unknown as { journeyMap: Record<string, (...a: unknown[]) => unknown> }).journeyMap[method]!(...args), { method, args });

const isWhite = ([r, g, b]: RGBA) => r > 225 && g > 225 && b > 225;
const isRedLine = ([r, g, b]: RGBA) => r > 170 && g < 120 && b < 120;
const isBackground = ([r, g, b]: RGBA) => Math.abs(r - 246) < 8 && Math.abs(g - 245) < 8 && Math.abs(b - 240) < 8;

// Software WebGL on a shared machine is slow: each case gets a minute and a half.
describe('the map page', { timeout: 90_000 }, () => {
  it('is served at / and draws with WebGL, fitting 1280×720 without errors', async () => {
    const { page, errors } = await openMap('?dataset=small&date=2023-01-15');
    const info = await page.evaluate(() => {
      const map = (window as unknown as { journeyMap: { renderer: string; dots: number; buckets: number } }).journeyMap;
      const canvas = document.querySelector('canvas')!.getBoundingClientRect();
      return { renderer: map.renderer, dots: map.dots, buckets: map.buckets, canvas: { w: canvas.width, h: canvas.height }, scroll: document.documentElement.scrollHeight };
    });
    expect(info.renderer).toBe('webgl');
    expect(info.dots).toBe((await fetchMoves('small')).moves.count);
    expect(info.buckets).toBeGreaterThan(10);
    expect(info.canvas.w).toBeGreaterThan(900);
    expect(info.canvas.h).toBeGreaterThan(500);
    expect(info.scroll).toBeLessThanOrEqual(720);
    expect(await state(page)).toMatchObject({ date: '2023-01-15', playing: false });
    await saveScreenshot(page, 'map-small-2023-01-15');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('puts a dot where the data says it is at a given time, and nowhere else', async () => {
    const { page } = await openMap('?dataset=one&date=2023-01-02');
    const { moves, stationIds } = await fetchMoves('one');
    const S = stationIds.length;
    const referral = stationIds.indexOf('referral');
    const assessment = stationIds.indexOf('assessment');
    const m = Array.from({ length: moves.count }, (_, i) => i).find((i) => moves.from[i] === referral && moves.to[i] === assessment)!;
    const midTime = (moves.depart[m]! + moves.arrive[m]!) / 2;
    expect(midTime).toBe((parseDay('2023-01-15')! - moves.originDay) * DAY);
    const mid = pointAlong(packTracks(await fetchTracks()), referral * S + assessment, 0.5);

    await call(page, 'setTime', midTime);
    expect(isWhite(await pixelAt(page, mid.x, mid.y))).toBe(true);
    expect(isBackground(await pixelAt(page, mid.x, mid.y - 40))).toBe(true);
    await saveScreenshot(page, 'map-one-dot-at-midpoint');

    // Earlier the child was still on its way from contact to referral: the midpoint shows the line.
    await call(page, 'setTime', '2023-01-05');
    expect(isRedLine(await pixelAt(page, mid.x, mid.y))).toBe(true);
    // After the move it is on the way to NFA: gone from this track too.
    await call(page, 'setTime', '2023-02-10');
    expect(isRedLine(await pixelAt(page, mid.x, mid.y))).toBe(true);
    await page.context().close();
  });

  it('filters and recolours dots on the GPU without reloading', async () => {
    const { page } = await openMap('?dataset=one&date=2023-01-15');
    const tracks = await fetchTracks();
    const S = tracks.stationIds.length;
    const mid = pointAlong(packTracks(tracks), tracks.stationIds.indexOf('referral') * S + tracks.stationIds.indexOf('assessment'), 0.5);
    expect(isWhite(await pixelAt(page, mid.x, mid.y))).toBe(true);

    // Hide children on their first episode, through the panel's checkbox.
    await page.locator('#filters summary', { hasText: 'Previous episodes' }).click();
    await page.getByLabel('none (first episode)').uncheck();
    expect(isRedLine(await pixelAt(page, mid.x, mid.y))).toBe(true);
    await page.getByLabel('none (first episode)').check();
    expect(isWhite(await pixelAt(page, mid.x, mid.y))).toBe(true);

    // Colour by sex: this child is female, sky blue in the Okabe–Ito palette, named in the legend.
    await page.selectOption('#colour-mode', 'sex');
    const [r, g, b] = await pixelAt(page, mid.x, mid.y);
    expect(b).toBeGreaterThan(200);
    expect(r).toBeLessThan(130);
    expect(g).toBeGreaterThan(150);
    await expect(page.locator('#legend').textContent()).resolves.toContain('female');
    await call(page, 'setFilter', 'sex', 2, false);
    expect(isRedLine(await pixelAt(page, mid.x, mid.y))).toBe(true);
    const navigations = await page.evaluate(() => performance.getEntriesByType('navigation').length);
    expect(navigations).toBe(1);
    await page.context().close();
  });

  it('plays, pauses with the space bar, and scrubs to a date', async () => {
    const { page } = await openMap('?dataset=small&date=2022-06-01');
    expect((await state(page)).playing).toBe(false);
    const before = (await state(page)).time;
    await page.keyboard.press('Space');
    expect((await state(page)).playing).toBe(true);
    await page.waitForTimeout(1500);
    await page.keyboard.press('Space');
    const paused = await state(page);
    expect(paused.playing).toBe(false);
    // one day per second of data time
    expect(paused.time - before).toBeGreaterThan(0.5 * DAY);
    expect(paused.time - before).toBeLessThan(4 * DAY);
    await page.waitForTimeout(400);
    expect((await state(page)).time).toBe(paused.time);

    await page.click('#play');
    expect((await state(page)).playing).toBe(true);
    await page.click('#play');
    expect((await state(page)).playing).toBe(false);

    const { moves } = await fetchMoves('small');
    const target = parseDay('2023-03-01')! - moves.originDay;
    await page.locator('#scrub').fill(String(target));
    expect((await state(page)).date).toBe('2023-03-01');
    await page.fill('#jump-date', '2022-11-30');
    await page.dispatchEvent('#jump-date', 'change');
    expect((await state(page)).date).toBe('2022-11-30');
    await expect(page.locator('#current-date').textContent()).resolves.toBe('30 Nov 2022');
    await page.context().close();
  });

  it('shows station numbers in tooltips and the table that match the moves', async () => {
    const { page } = await openMap('?dataset=small&date=2023-02-01');
    const { moves, stationIds } = await fetchMoves('small');
    const time = (parseDay('2023-02-01')! - moves.originDay) * DAY;
    const expected = stationIds.map((_, s) => {
      let towards = 0;
      let queue = 0;
      let arrived = 0;
      for (let i = 0; i < moves.count; i++) {
        const d = moves.depart[i]!;
        const a = moves.arrive[i]!;
        if (moves.to[i] === s && d <= time && time < a) towards++;
        if (moves.from[i] === s && moves.from[i] !== ENTRY && d <= time && time < a) queue++;
        if (moves.to[i] === s && a <= time && a > time - 7 * DAY) arrived++;
      }
      return [towards, arrived, queue];
    });
    await page.click('#table-toggle');
    await expect(page.locator('#table-toggle').getAttribute('aria-pressed')).resolves.toBe('true');
    const rows = await page.$$eval('#station-table tbody tr', (trs) =>
      trs.map((tr) => [tr.getAttribute('data-station'), ...Array.from(tr.querySelectorAll('td'), (td) => td.textContent)]),
    );
    expect(rows.map((r) => r[0])).toEqual(stationIds);
    expect(rows.map((r) => [Number(r[1]), Number(r[2]), Number(r[4])])).toEqual(expected);
    expect(expected.some(([towards]) => towards! > 0)).toBe(true);
    await saveScreenshot(page, 'map-station-table');
    await page.click('#table-toggle');

    // Keyboard focus on a station shows the same numbers.
    const s = stationIds.indexOf('assessment');
    await page.focus('.station-hit[data-station="assessment"]');
    const tip = await page.locator('#tooltip').textContent();
    expect(tip).toContain(`${expected[s]![0]} in transit towards it`);
    expect(tip).toContain(`${expected[s]![2]} in transit from it`);
    await saveScreenshot(page, 'map-station-tooltip');
    await page.context().close();
  });

  it('adds markers through the API, draws them on the timeline, announces passing one, deletes them', async () => {
    const { page } = await openMap('?dataset=small&date=2022-03-01');
    await page.fill('#marker-form input[name="date"]', '2022-03-03');
    await page.fill('#marker-form input[name="label"]', 'Ofsted inspection');
    await page.selectOption('#marker-form select[name="kind"]', 'inspection');
    await page.click('#marker-form button[type="submit"]');
    await page.waitForSelector('#marker-list li');
    const listed = (await (await fetch(`${server.url}/api/datasets/small/markers`)).json()) as { id: number; date: string; label: string }[];
    expect(listed).toMatchObject([{ date: '2022-03-03', label: 'Ofsted inspection', kind: 'inspection' }]);
    expect(await page.locator('.marker-tick').count()).toBe(1);

    await page.selectOption('#speed', { label: '1 year per minute' });
    await call(page, 'play');
    await page.waitForFunction(() => !(document.getElementById('pulse-banner') as HTMLElement).hidden, null, { timeout: 10_000 });
    await expect(page.locator('#pulse-banner').textContent()).resolves.toContain('Ofsted inspection');
    await saveScreenshot(page, 'map-marker-pulse');
    await call(page, 'pause');

    await page.getByRole('button', { name: /Delete marker Ofsted inspection/ }).click();
    await page.waitForFunction(() => document.querySelectorAll('#marker-list li').length === 0);
    expect(await (await fetch(`${server.url}/api/datasets/small/markers`)).json()).toEqual([]);
    await page.context().close();
  });

  it('zooms with the buttons and the keyboard, pans by dragging, and the station buttons follow', async () => {
    const { page } = await openMap('?dataset=one&date=2023-01-15');
    const button = page.locator('.station-hit[data-station="assessment"]');
    const before = (await button.boundingBox())!;
    const zoom0 = (await page.evaluate(() => (window as unknown as { journeyMap: { state: { zoom: number } } }).journeyMap.state.zoom));
    await page.click('#zoom-in');
    const zoom1 = (await page.evaluate(() => (window as unknown as { journeyMap: { state: { zoom: number } } }).journeyMap.state.zoom));
    expect(zoom1).toBeCloseTo(zoom0 * 1.25, 5);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('+');
    const zoom2 = (await page.evaluate(() => (window as unknown as { journeyMap: { state: { zoom: number } } }).journeyMap.state.zoom));
    expect(zoom2).toBeCloseTo(zoom1 * 1.25, 5);
    const zoomed = (await button.boundingBox())!;
    expect(Math.hypot(zoomed.x - before.x, zoomed.y - before.y)).toBeGreaterThan(5);

    const canvas = (await page.locator('canvas').boundingBox())!;
    await page.mouse.move(canvas.x + 100, canvas.y + 100);
    await page.mouse.down();
    await page.mouse.move(canvas.x + 160, canvas.y + 130, { steps: 4 });
    await page.mouse.up();
    const panned = (await button.boundingBox())!;
    expect(panned.x - zoomed.x).toBeCloseTo(60, 0);
    expect(panned.y - zoomed.y).toBeCloseTo(30, 0);

    await page.click('#zoom-reset');
    const reset = (await button.boundingBox())!;
    expect(reset.x).toBeCloseTo(before.x, 0);
    await page.context().close();
  });

  it('honours reduced motion: starts paused; otherwise it starts playing', async () => {
    const still = await openMap('?dataset=small', { reducedMotion: 'reduce' });
    await still.page.waitForTimeout(300);
    const s = await state(still.page);
    expect(s.playing).toBe(false);
    await still.page.context().close();
    const moving = await openMap('?dataset=small');
    expect((await state(moving.page)).playing).toBe(true);
    await moving.page.context().close();
  });

  it('exports the frame as PNG and a period as WebM', async () => {
    const { page } = await openMap('?dataset=one&date=2023-01-15');
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
    expect(png.suggestedFilename()).toBe('journeys-one-front-door-2023-01-15.png');
    const pngBytes = readFileSync((await png.path())!);
    expect(pngBytes.subarray(1, 4).toString('latin1')).toBe('PNG');

    await page.selectOption('#speed', { label: '1 year per minute' });
    await page.click('#export-webm');
    await page.fill('#webm-form input[name="from"]', '2023-01-02');
    await page.fill('#webm-form input[name="to"]', '2023-01-14');
    const [webm] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.click('#webm-record')]);
    expect(webm.suggestedFilename()).toMatch(/\.webm$/);
    const webmBytes = readFileSync((await webm.path())!);
    expect(webmBytes.readUInt32BE(0)).toBe(0x1a45dfa3); // EBML magic
    expect(webmBytes.length).toBeGreaterThan(1000);
    expect((await state(page)).date >= '2023-01-14').toBe(true);
    await page.context().close();
  });

  it('draws any map from its definition: the small-council map', async () => {
    const { page, errors } = await openMap('?dataset=small&map=small-council&date=2023-01-15');
    const maps = (await (await fetch(`${server.url}/api/maps/small-council`)).json()) as { map: { stations: { id: string }[] } };
    const ids = await page.$$eval('.station-hit', (buttons) => buttons.map((b) => b.getAttribute('data-station')));
    expect(ids.sort()).toEqual(maps.map.stations.map((s) => s.id).sort());
    expect(await page.locator('#map-picker').inputValue()).toBe('small-council');
    await saveScreenshot(page, 'map-small-council');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('benchmark mode reports frame figures for N dots in flight', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${server.url}/?dataset=small&bench=3000`);
    await page.waitForFunction(() => 'journeyMapBench' in window || 'journeyMapError' in window, null, { timeout: 80_000 });
    const figures = await page.evaluate(() => (window as unknown as { journeyMapBench: Record<string, number | string> }).journeyMapBench);
    expect(figures).toMatchObject({ renderer: 'pixi-webgl', dots: 3000 });
    expect(figures.frames).toBeGreaterThan(2);
    expect(figures.medianFrameMs).toBeGreaterThan(0);
    expect(figures.jsMsPerFrame).toBeLessThan(figures.medianFrameMs as number);
    await saveScreenshot(page, 'map-bench-3000');
    await page.close();
  });
});
