// The animated map in real headless Chromium (SwiftShader WebGL) against the real service: renderer,
// dot positions read back from the canvas, play/pause/scrub, filters, colours, station numbers,
// markers, keyboard, reduced motion, exports, a second map, benchmark mode.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { decodeMoves } from '../../core/wire.js';
import { placeOf } from '../../core/whereabouts.js';
import type { MoveColumns } from '../../core/journeys.js';
import { parseDay } from '../../core/dates.js';
import type { TrackGeometry } from '../../core/tracks.js';
import { packTracks, pointAlong } from '../../client/src/dots/track-texture.js';
import { awkwardCsv, awkwardLog } from '../core/awkward-log.js';
import { dayFromCivil, formatDay } from '../../core/dates.js';
import { launchChromium, saveScreenshot, singleJourneyCsv, smallDatasetCsv, startTestServer, type TestServer } from './harness.js';
import { FITTED_SCALE } from '../maps/fitted-scales.js';

const DAY = 86400;
type RGBA = [number, number, number, number];

let server: TestServer;
let browser: Browser;

/** An awkward council (care with CP plans, unpaired ends, missing episode ids) for the counts. */
const awkward = awkwardLog({ children: 400, firstDay: dayFromCivil(2021, 4, 1), lastDay: dayFromCivil(2024, 3, 31), seed: 8 });
/** Its first and last event days. */
const awkwardSpan = [Math.min(...awkward.records.map((r) => r.day)), Math.max(...awkward.records.map((r) => r.day))] as const;

beforeAll(async () => {
  server = await startTestServer({ small: smallDatasetCsv(), one: singleJourneyCsv(), awk: awkwardCsv(awkward) });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openMap(
  query: string,
  options: { reducedMotion?: 'reduce' | 'no-preference'; viewport?: { width: number; height: number }; beforeLoad?: () => void } = {},
): Promise<{ page: Page; errors: string[] }> {
  const small = (options.viewport?.width ?? 1280) < 600;
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 720 }, reducedMotion: options.reducedMotion ?? 'no-preference', hasTouch: small, isMobile: small });
  const page = await context.newPage();
  if (options.beforeLoad) await page.addInitScript(options.beforeLoad);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(`${server.url}/${query}`);
  await page.waitForFunction(() => 'journeyMap' in window || 'journeyMapError' in window, null, { timeout: 60_000 });
  const failure = await page.evaluate(() => (window as unknown as { journeyMapError?: string }).journeyMapError);
  if (failure) throw new Error(`the page failed: ${failure}`);
  await settled(page);
  return { page, errors };
}

/**
 * A WebM file's length in seconds from its Segment Info: Duration (0x4489, a float) times
 * TimecodeScale (0x2AD7B1, nanoseconds per tick, 1,000,000 unless given).
 */
function webmSeconds(bytes: Buffer): number {
  // Only in the file's head (Segment Info), and only a float: a file without Duration (MediaRecorder's) has no length here.
  const head = bytes.subarray(0, 2048);
  const find = (id: number[]) => head.findIndex((_, i) => id.every((b, k) => head[i + k] === b));
  const at = find([0x44, 0x89]);
  if (at < 0 || (bytes[at + 2] !== 0x84 && bytes[at + 2] !== 0x88)) return NaN;
  const size = bytes[at + 2]! & 0x7f;
  const ticks = size === 8 ? bytes.readDoubleBE(at + 3) : bytes.readFloatBE(at + 3);
  const scaleAt = find([0x2a, 0xd7, 0xb1]);
  let scale = 1_000_000;
  if (scaleAt >= 0) {
    const n = bytes[scaleAt + 3]! & 0x7f;
    scale = 0;
    for (let k = 0; k < n; k++) scale = scale * 256 + bytes[scaleAt + 4 + k]!;
  }
  return (ticks * scale) / 1e9;
}

/** Waits until the stations' numbers for the date and filter shown are on screen. */
const settled = (page: Page) => page.evaluate(() => (window as unknown as { journeyMap: { settled(): Promise<void> } }).journeyMap.settled());

/** A station label as drawn: text, box in canvas CSS pixels, font size on screen. */
interface LabelBox {
  id: string;
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  fontPx: number;
}

/** Each station label's box as drawn, in canvas CSS pixels. */
const labelBoxes = (page: Page) => page.evaluate(() => (window as unknown as { journeyMap: { labelBoxes(): LabelBox[] } }).journeyMap.labelBoxes());

/** Each station mark's box as drawn (ring, exit square or tick), in canvas CSS pixels. */
const markBoxes = (page: Page) =>
  page.evaluate(() => (window as unknown as { journeyMap: { markBoxes(): { id: string; x0: number; y0: number; x1: number; y1: number }[] } }).journeyMap.markBoxes());

interface Dot {
  child: number;
  x: number;
  y: number;
  station: number;
}

/** The dots on screen, where the page's CPU copy of the shader puts them. */
const dotPositions = (page: Page) => page.evaluate(() => (window as unknown as { journeyMap: { dotPositions(): Dot[] } }).journeyMap.dotPositions());

/** The station table's rows as [station id, waiting, median, longest, past target]. */
async function tableRows(page: Page): Promise<string[][]> {
  return page.$$eval('#station-table tbody tr', (trs) => trs.map((tr) => [tr.getAttribute('data-station')!, ...Array.from(tr.querySelectorAll('td'), (td) => td.textContent!)]));
}

const getJson = async (path: string) => (await fetch(`${server.url}${path}`)).json();

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

  it('puts a dot where the data says it is: waiting at its station, then travelling the direct segment', async () => {
    // The one child: contact 2 Jan, referral 10 Jan, assessment 20 Jan, ended NFA 1 Mar (2023). Coloured by
    // sex, she is sky blue, unlike any line or station mark.
    const { page } = await openMap('?dataset=one&date=2023-01-15&colour=sex');
    const tracks = await fetchTracks();
    const S = tracks.stationIds.length;
    const [referral, assessment] = ['referral', 'assessment'].map((id) => tracks.stationIds.indexOf(id));
    const isBlue = ([r, g, b]: RGBA) => b > 190 && r < 140 && g > 140;

    // 15 January: she waits in Referral's queue (place 0, just east of the station).
    let [dot] = await dotPositions(page);
    expect(dot).toMatchObject({ station: referral });
    expect(Math.hypot(dot!.x - 300, dot!.y - 290)).toBeLessThan(6);
    expect(isBlue(await pixelAt(page, dot!.x, dot!.y))).toBe(true);
    await saveScreenshot(page, 'map-one-waiting-at-referral');

    // The hop to Assessment runs on the day the data says she arrived there, from 00:00 (so that at the
    // end of each day she stands where that day's numbers count her): half a hop in, she is halfway
    // along, and she is one dot (her wait at Assessment appears when the hop ends, not before).
    const hop = await page.evaluate(() => (window as unknown as { journeyMap: { hop: number } }).journeyMap.hop);
    const arrival = (parseDay('2023-01-20')! - parseDay('2023-01-02')!) * DAY;
    await call(page, 'setTime', arrival - 1);
    expect(await dotPositions(page)).toMatchObject([{ station: referral }]);
    await call(page, 'setTime', arrival + hop / 2);
    const during = await dotPositions(page);
    expect(during).toHaveLength(1);
    [dot] = during;
    const mid = pointAlong(packTracks(tracks), referral! * S + assessment!, 0.5);
    expect(dot!.station).toBe(-1);
    expect(Math.hypot(dot!.x - mid.x, dot!.y - mid.y)).toBeLessThan(5);
    expect(isBlue(await pixelAt(page, dot!.x, dot!.y))).toBe(true);
    expect(isBackground(await pixelAt(page, mid.x, mid.y - 40))).toBe(true);

    // 10 February: waiting at Assessment; Referral's queue is empty.
    await call(page, 'setTime', '2023-02-10');
    [dot] = await dotPositions(page);
    expect(dot).toMatchObject({ station: assessment });
    expect(isBlue(await pixelAt(page, dot!.x, dot!.y))).toBe(true);
    expect(isBlue(await pixelAt(page, 300 + 3.5, 290))).toBe(false);
    await page.context().close();
  });
  it('filters and recolours dots on the GPU without reloading, and a chip says which filter is on and clears it', async () => {
    // Coloured by age band she is 5–9: Okabe–Ito bluish green, unlike any line or station mark.
    const { page } = await openMap('?dataset=one&date=2023-02-10&colour=age');
    const isGreen = ([r, g, b]: RGBA) => g > 120 && r < 60 && b > 80 && b < 160;
    const [dot] = await dotPositions(page);
    expect(isGreen(await pixelAt(page, dot!.x, dot!.y))).toBe(true);
    await expect(page.locator('#filter-chip').isHidden()).resolves.toBe(true);

    // Hide children with no earlier referral, through the panel's checkbox.
    await page.locator('#filters summary', { hasText: 'Earlier referrals' }).click();
    await page.getByLabel('no earlier referral').uncheck();
    expect(await dotPositions(page)).toEqual([]);
    expect(isGreen(await pixelAt(page, dot!.x, dot!.y))).toBe(false);
    // With the groups collapsed, the chip beside the map still says a filter is on.
    await page.locator('#filters summary', { hasText: 'Earlier referrals' }).click();
    await expect(page.locator('#filter-chip').textContent()).resolves.toContain('Filter on: Earlier referrals: all but no earlier referral');
    await settled(page);
    await expect(page.locator('#map-caption').textContent()).resolves.toContain('filter: Earlier referrals');
    await saveScreenshot(page, 'map-filter-chip');
    await page.click('#filter-clear');
    await expect(page.locator('#filter-chip').isHidden()).resolves.toBe(true);
    await page.locator('#filters summary', { hasText: 'Earlier referrals' }).click();
    await expect(page.getByLabel('no earlier referral').isChecked()).resolves.toBe(true);
    expect(isGreen(await pixelAt(page, dot!.x, dot!.y))).toBe(true);

    // Colour by sex: this child is female, sky blue in the Okabe–Ito palette, named in the legend.
    await page.selectOption('#colour-mode', 'sex');
    const [r, g, b] = await pixelAt(page, dot!.x, dot!.y);
    expect(b).toBeGreaterThan(200);
    expect(r).toBeLessThan(130);
    expect(g).toBeGreaterThan(150);
    await expect(page.locator('#legend').textContent()).resolves.toContain('female');
    await call(page, 'setFilter', 'sex', 1, false);
    expect(await dotPositions(page)).toEqual([]);
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

  it("shows in table and tooltips the stations endpoint's numbers, the flow view's work in progress and the open care and CP plans, on the first, a middle and the last date", async () => {
    const [first, last] = awkwardSpan;
    const dates = [first, Math.floor((first + last) / 2), last].map(formatDay);
    const { page } = await openMap(`?dataset=awk&date=${dates[0]}`);
    await page.click('#table-toggle');
    await expect(page.locator('#table-toggle').getAttribute('aria-pressed')).resolves.toBe('true');
    let nonZero = 0;
    for (const cohort of ['', 'sex:M|U|']) {
      if (cohort) await call(page, 'setFilter', 'sex', 1, false); // hide female: the cohort sex:M|U|(not recorded)
      for (const date of dates) {
        await call(page, 'setTime', date);
        await settled(page);
        const q = cohort ? `&cohort=${encodeURIComponent(cohort)}` : '';
        const api = (await getJson(`/api/datasets/awk/stations?map=front-door&at=${date}${q}`)) as { stations: { id: string; waiting: number; children: number; longestWaitDays: number | null; parts?: { id: string; waiting: number; children: number; longestWaitDays: number | null }[] }[] };
        const rows = await tableRows(page);
        expect(rows.map((r) => r[0])).toEqual(api.stations.map((s) => s.id));
        api.stations.forEach((s, k) => {
          if (s.id === 'nfa' || s.id === 'closed') return;
          expect(Number(rows[k]![1]!.replace(/,/g, '')), `${s.id} ${date} ${cohort}`).toBe(s.waiting);
          expect(Number(rows[k]![2]!.replace(/,/g, '')), `${s.id} ${date} ${cohort}`).toBe(s.children);
          expect(rows[k]![4], `${s.id} ${date}`).toBe(s.longestWaitDays === null ? '—' : String(s.longestWaitDays));
        });
        // The flow view's work in progress on that day (its last snapshot) gives the same numbers: one
        // disclosure decision per caller (here no users: exact everywhere, as the dots are).
        const flow = (await getJson(`/api/datasets/awk/views/flow?from=${date}&to=${date}${q}`)) as { workInProgress: { days: string[]; stations: { station: string; waiting: (number | string)[] }[] } };
        expect(flow.workInProgress.days.at(-1)).toBe(date);
        // (Section 47 by its parts: enquiries open, awaiting ICPC, as the stations answer gives them)
        for (const s of flow.workInProgress.stations) expect(s.waiting.at(-1), `${s.station} ${date}`).toBe(placeOf(api.stations, s.station)!.waiting);
        if (!cohort) {
          // Looked after and CP plan are the metrics' open periods of care and CP plans.
          const metrics = (await getJson(`/api/datasets/awk/metrics?from=${formatDay(first)}&to=${date}`)) as { open_at_end: { cla: number; cp_plan: number } };
          const byId = Object.fromEntries(rows.map((r) => [r[0], Number(r[1]!.replace(/,/g, ''))]));
          expect([byId.looked_after, byId.cp_plan], date).toEqual([metrics.open_at_end.cla, metrics.open_at_end.cp_plan]);
          nonZero += metrics.open_at_end.cla + metrics.open_at_end.cp_plan;
        }
      }
    }
    expect(nonZero).toBeGreaterThan(0);
    // female hidden, male / unknown / not recorded kept: the caption names what was removed (shorter)
    await expect(page.locator('#station-table caption').textContent()).resolves.toContain('Sex: all but female');
    await saveScreenshot(page, 'map-station-table');
    await page.click('#table-toggle');

    // Keyboard focus on a station shows the same numbers as the table.
    const answer = (await page.evaluate(() => (window as unknown as { journeyMap: { stationCounts(id: string): { waiting: number; children: number; overTarget: number } } }).journeyMap.stationCounts('assessment')))!;
    await page.focus('.station-hit[data-station="assessment"]');
    const tip = await page.locator('#tooltip').textContent();
    expect(tip).toContain(answer.children < answer.waiting ? `${answer.waiting} open · ${answer.children} children at the end of` : `${answer.waiting} waiting at the end of`);
    expect(tip).toContain(`${answer.overTarget} past the 45 working-day target`);
    await saveScreenshot(page, 'map-station-tooltip');
    await page.context().close();
  });

  it('shows at each station, on any date it is sent to, as many dots as its number says (review finding 4: 00:00 vs end of day)', async () => {
    const [first, last] = awkwardSpan;
    const dates = [0.1, 0.35, 0.5, 0.8, 1].map((f) => formatDay(first + Math.round((last - first) * f)));
    // Steps that hold a child as a period (and S47s) may count a child whose dot is at a later step: a
    // CP plan while looked after. Elsewhere each child counted is one dot, and each dot is counted.
    const periods = new Set(['assessment', 'cp_plan', 'looked_after', 'cin_plan', 'early_help', 's47']);
    const { page } = await openMap(`?dataset=awk&date=${dates[0]}`, { reducedMotion: 'reduce' });
    const compare = async (date: string, how: string) => {
      const rows = (await page.evaluate(() => {
        const m = (window as unknown as { journeyMap: { state: { date: string }; dotsAt(id: string): unknown[]; stationCounts(id: string): { waiting: number } | null } }).journeyMap;
        const ids = ['contact', 'early_help', 'referral', 'assessment', 'strategy', 's47', 'icpc', 'cp_plan', 'cin_plan', 'looked_after'];
        return { date: m.state.date, stations: ids.map((id) => ({ id, dots: m.dotsAt(id).length, waiting: m.stationCounts(id)!.waiting })) };
      }));
      expect(rows.date, how).toBe(date);
      let counted = 0;
      for (const s of rows.stations) {
        if (periods.has(s.id)) expect(s.dots, `${s.id} on ${date} (${how})`).toBeLessThanOrEqual(s.waiting);
        else expect(s.dots, `${s.id} on ${date} (${how})`).toBe(s.waiting);
        counted += s.waiting;
      }
      return counted;
    };
    let counted = await compare(dates[0]!, '?date=');
    for (const date of dates) {
      await call(page, 'setTime', date);
      await settled(page);
      counted += await compare(date, 'setTime');
    }
    // "Go to" a date sends the clock to the same instant.
    for (const date of [dates[1]!, dates[3]!]) {
      // The jump asks for that day's numbers at once: no frame or timer has to pass first (a 250 ms
      // timer did, and the table showed the day jumped from: contact 37 against 21 dots).
      await page.fill('#jump-date', date);
      await settled(page);
      counted += await compare(date, 'Go to');
    }
    expect(counted).toBeGreaterThan(0);
    await page.context().close();
  });

  it("opens a child's journey from a click on its dot, or from a station's list with the keyboard, and follows it", async () => {
    const { page } = await openMap('?dataset=one&date=2023-02-10');
    let [dot] = await dotPositions(page);
    const screenOf = (d: Dot) => page.evaluate(({ x, y }) => (window as unknown as { journeyMap: { toScreen(x: number, y: number): { x: number; y: number } } }).journeyMap.toScreen(x, y), d);
    const canvas = (await page.locator('canvas').boundingBox())!;
    // Near a station its button takes the click (it lists the waiting dots): zoom in on the dot first.
    let at = await screenOf(dot!);
    await page.mouse.move(canvas.x + at.x + 12, canvas.y + at.y + 12);
    for (let k = 0; k < 3; k++) await page.mouse.wheel(0, -800);
    [dot] = await dotPositions(page);
    at = await screenOf(dot!);
    expect(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.tagName, { x: canvas.x + at.x, y: canvas.y + at.y })).toBe('CANVAS');
    await page.mouse.click(canvas.x + at.x, canvas.y + at.y);
    await expect(page.locator('#journey-panel').isVisible()).resolves.toBe(true);
    await call(page, 'journeySettled');
    const steps = await page.$$eval('#journey-panel tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)));
    // On 10 Feb the assessment is open (it ends on 1 Mar): nothing dated after the date shown.
    expect(steps).toEqual([
      ['Contact', '2 Jan 2023', '10 Jan 2023', '8'],
      ['Referral', '10 Jan 2023', '20 Jan 2023', '10'],
      ['Assessment', '20 Jan 2023', 'open', '21 so far'],
    ]);
    await expect(page.locator('#journey-panel').textContent()).resolves.not.toContain('ONLY1');
    await page.click('#journey-follow');
    expect(((await state(page)) as unknown as { following: number }).following).toBe(dot!.child);
    await saveScreenshot(page, 'map-child-journey');
    await page.click('#journey-panel button:has-text("Close")');

    // Keyboard: a station's button lists the children waiting there; Enter opens one.
    await page.focus('.station-hit[data-station="assessment"]');
    await page.keyboard.press('Enter');
    await expect(page.locator('#station-list').isVisible()).resolves.toBe(true);
    await expect(page.locator('#station-list h2').textContent()).resolves.toBe('Assessment: 1 waiting');
    await page.keyboard.press('Enter');
    await call(page, 'journeySettled');
    await expect(page.locator('#journey-title').textContent()).resolves.toBe(`Child ${dot!.child}: 3 steps by 10 Feb 2023`);
    await page.context().close();
  });

  it('numbers each step on its segment for a window: children who took it and their median days', async () => {
    const { page } = await openMap('?dataset=one&date=2023-03-10');
    await page.click('#segments-toggle');
    await expect(page.locator('#segments-toggle').getAttribute('aria-pressed')).resolves.toBe('true');
    const flows = (await page.evaluate(() => (window as unknown as { journeyMap: { segmentFlows(): unknown[] } }).journeyMap.segmentFlows())) as { from: string; to: string; children: number; medianDays: number; slow: boolean }[];
    expect(flows.map((f) => `${f.from}>${f.to} ${f.children} ${f.medianDays}${f.slow ? ' slow' : ''}`).sort()).toEqual([
      'assessment>nfa 1 40', 'contact>referral 1 8', 'referral>assessment 1 10',
    ]);
    await saveScreenshot(page, 'map-step-numbers');
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

  // Each video frame waits for its date's station numbers (one request per day shown): slow under load.
  it('exports the framed map as PNG, and a period as WebM with progress, cancellable, under 30 s by default', { timeout: 180_000 }, async () => {
    const { page } = await openMap('?dataset=one&date=2023-01-15');
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
    expect(png.suggestedFilename()).toBe('journeys-one-front-door-2023-01-15.png');
    const pngBytes = readFileSync((await png.path())!);
    expect(pngBytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    // Framed: the canvas rows the map is drawn on, and the title band and the legend band round them.
    const canvasHeight = await page.evaluate(() => document.querySelector('canvas')!.height);
    const mapRows = (await call(page, 'exportRows')) as { top: number; height: number };
    expect(mapRows.height).toBeGreaterThan(0);
    expect(mapRows.top + mapRows.height).toBeLessThanOrEqual(canvasHeight);
    expect(pngBytes.readUInt32BE(20)).toBeGreaterThan(mapRows.height + 80);

    await page.click('#export-webm');
    expect(Number(await page.inputValue('#webm-form input[name="seconds"]'))).toBeLessThan(30);
    await page.fill('#webm-form input[name="from"]', '2023-01-02');
    await page.fill('#webm-form input[name="to"]', '2023-02-14');
    await page.fill('#webm-form input[name="seconds"]', '3');
    const [webm] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.click('#webm-record')]);
    expect(webm.suggestedFilename()).toBe('journeys-one-front-door-2023-01-02-to-2023-02-14.webm');
    const webmBytes = readFileSync((await webm.path())!);
    expect(webmBytes.readUInt32BE(0)).toBe(0x1a45dfa3); // EBML magic
    expect(webmBytes.length).toBeGreaterThan(1000);
    const length = webmSeconds(webmBytes);
    expect(length, 'asked for 3 s').toBeGreaterThanOrEqual(2.7);
    expect(length, 'asked for 3 s').toBeLessThanOrEqual(3.3);
    // The map is back at the date it showed before recording, and so is the views link (not a frame's date).
    expect((await state(page)).date).toBe('2023-01-15');
    expect(new URLSearchParams((await page.getAttribute('#views-link', 'href'))!.split('#')[1]).get('to')).toBe('2023-01-15');

    // A long recording shows its progress and stops, saving nothing, when cancelled.
    await page.click('#export-webm');
    await page.fill('#webm-form input[name="from"]', '2023-01-02');
    await page.fill('#webm-form input[name="to"]', '2023-03-01');
    await page.fill('#webm-form input[name="seconds"]', '60');
    let downloaded = false;
    page.on('download', () => (downloaded = true));
    await page.click('#webm-record');
    await page.waitForFunction(() => /^[1-9]\d?% of 2023-01-02 to 2023-03-01$/.test(document.getElementById('webm-progress-text')!.textContent ?? ''), null, { timeout: 20_000 });
    expect(await page.locator('#webm-progress').isVisible()).toBe(true);
    await page.click('#webm-cancel');
    await page.waitForFunction(() => !(document.getElementById('webm-progress') as HTMLDialogElement).open, null, { timeout: 20_000 });
    await expect(page.locator('#status').textContent()).resolves.toContain('cancelled');
    expect(downloaded).toBe(false);
    await page.context().close();
  });

  // The fallback for a browser without WebCodecs (Firefox before 130, or a page not served securely) is
  // MediaRecorder on the framed canvas. Headless Chromium on SwiftShader under load recorded nothing
  // with it (0 bytes), and the page saved that empty file as the video: now it says so and saves nothing.
  it('says a recording failed, and saves no file, when the browser records no frames (MediaRecorder fallback)', async () => {
    const { page } = await openMap('?dataset=one&date=2023-01-15', {
      beforeLoad: () => {
        Object.defineProperty(window, 'VideoEncoder', { value: undefined });
        // A recorder whose encoder never gives data, as headless Chromium's did.
        class SilentRecorder extends EventTarget {
          state = 'inactive';
          static isTypeSupported = () => true;
          start() {
            this.state = 'recording';
          }
          stop() {
            this.state = 'inactive';
            this.dispatchEvent(Object.assign(new Event('dataavailable'), { data: new Blob([]) }));
            setTimeout(() => this.dispatchEvent(new Event('stop')), 0);
          }
        }
        Object.defineProperty(window, 'MediaRecorder', { value: SilentRecorder });
      },
    });
    let downloaded = false;
    page.on('download', () => (downloaded = true));
    await page.click('#export-webm');
    await page.fill('#webm-form input[name="from"]', '2023-01-02');
    await page.fill('#webm-form input[name="to"]', '2023-02-14');
    await page.fill('#webm-form input[name="seconds"]', '2');
    await page.click('#webm-record');
    await page.waitForFunction(() => /recorded no frames/.test(document.getElementById('status')!.textContent ?? ''), null, { timeout: 60_000 });
    expect(downloaded).toBe(false);
    expect((await state(page)).date).toBe('2023-01-15');
    await page.context().close();
  });

  // Review v8b finding 3: the clock ran on wall time, so a 4 s video took 19.5 s when frames were slow;
  // finding 4: a cancelled recording left the map inside the video's range.
  it('records a video as long as asked when frames are slow (CPU slowed 6×), and a cancel puts back the date and play state', async () => {
    const { page } = await openMap('?dataset=awk&date=2023-06-30');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
    await page.click('#export-webm');
    await page.fill('#webm-form input[name="from"]', '2023-01-01');
    await page.fill('#webm-form input[name="to"]', '2023-06-30');
    await page.fill('#webm-form input[name="seconds"]', '4');
    const started = Date.now();
    const [webm] = await Promise.all([page.waitForEvent('download', { timeout: 170_000 }), page.click('#webm-record')]);
    const wall = (Date.now() - started) / 1000;
    const length = webmSeconds(readFileSync((await webm.path())!));
    expect(length, `asked for 4 s; recording took ${wall.toFixed(1)} s of wall time`).toBeGreaterThanOrEqual(3.6);
    expect(length).toBeLessThanOrEqual(4.4);
    expect((await state(page)).date).toBe('2023-06-30');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });

    // Playing at 1 Feb 2022, record and cancel: back at 1 Feb 2022, still playing.
    await call(page, 'setTime', '2022-02-01');
    await call(page, 'pause');
    const before = (await state(page)).time;
    await call(page, 'play');
    await page.click('#export-webm');
    await page.fill('#webm-form input[name="from"]', '2023-01-01');
    await page.fill('#webm-form input[name="to"]', '2023-06-30');
    await page.fill('#webm-form input[name="seconds"]', '60');
    await page.click('#webm-record');
    await page.waitForFunction(() => /^[1-9]\d?% of /.test(document.getElementById('webm-progress-text')!.textContent ?? ''), null, { timeout: 20_000 });
    await page.click('#webm-cancel');
    await page.waitForFunction(() => !(document.getElementById('webm-progress') as HTMLDialogElement).open, null, { timeout: 20_000 });
    const after = await state(page);
    expect(after.playing).toBe(true);
    // Restored to the time it left (then playing on from there for a moment).
    expect(after.time).toBeGreaterThanOrEqual(before);
    expect(after.date <= '2022-03-31', after.date).toBe(true);
    await call(page, 'pause');
    await page.context().close();
  }, 180_000);

  it('fits a 390×844 phone: no horizontal scroll, every control reachable, the date and timeline in view; the last date shows the open cases waiting', async () => {
    for (const viewport of [{ width: 390, height: 844 }, { width: 1440, height: 900 }]) {
      const { page, errors } = await openMap('?dataset=awk&date=2024-03-31', { viewport });
      const layout = await page.evaluate(() => {
        const offRight = Array.from(document.querySelectorAll<HTMLElement>('header button, header select, header a, #timeline button, #timeline select, #timeline input, #zoom-controls button'))
          .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
          .map((el) => el.id || el.textContent);
        const timeline = document.getElementById('timeline')!.getBoundingClientRect();
        return { scrollWidth: document.documentElement.scrollWidth, width: document.documentElement.clientWidth, offRight, timelineBottom: timeline.bottom, timelineTop: timeline.top };
      });
      expect(layout.scrollWidth).toBeLessThanOrEqual(layout.width);
      expect(layout.offRight).toEqual([]);
      // The first view holds the whole map: every station's mark inside the canvas (review finding 5).
      const { stations } = JSON.parse(readFileSync(new URL('../../maps/front-door.json', import.meta.url), 'utf8')) as { stations: { id: string; x: number; y: number }[] };
      expect(stations.length).toBeGreaterThan(10);
      const canvasBox = (await page.locator('canvas').boundingBox())!;
      const marks = await markBoxes(page);
      expect(marks.map((m) => m.id).sort()).toEqual(stations.map((s) => s.id).sort());
      expect(marks.filter((m) => m.x0 < 0 || m.y0 < 0 || m.x1 > canvasBox.width || m.y1 > canvasBox.height).map((m) => m.id)).toEqual([]);
      // Every station's name and number readable (≥ 12 px), inside the canvas, touching no other label.
      const labels = await labelBoxes(page);
      expect(labels).toHaveLength(stations.length);
      for (const label of labels) {
        expect(label.fontPx, label.text).toBeGreaterThanOrEqual(12);
        expect([label.x0 >= 0, label.y0 >= 0, label.x1 <= canvasBox.width, label.y1 <= canvasBox.height], `${label.text} inside the canvas`).toEqual([true, true, true, true]);
      }
      // Full names where they fit (the desktop, and the phone's map turned upright); the map file's
      // short names where they would touch. Either way every label in the same form, none clashing.
      const { form, clashes } = await page.evaluate(() => (window as unknown as { journeyMap: { labelForm: { form: string; clashes: number } } }).journeyMap.labelForm);
      expect(clashes).toBe(0);
      if (viewport.width > 600) expect(form).toBe('full');
      expect(labels.find((l) => l.id === 's47')!.text).toMatch(form === 'full' ? /^Section 47 · / : /^S47(\n| · )/);
      const touching = labels.flatMap((a, i) => labels.slice(i + 1).filter((b) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1).map((b) => `${a.text} / ${b.text}`));
      expect(touching).toEqual([]);
      // The number on each label is the station's count from the endpoint, and its children where fewer.
      const answer = await page.evaluate(() => (window as unknown as { journeyMap: { stationsAnswer: { stations: { id: string; waiting: number; children: number }[] } } }).journeyMap.stationsAnswer);
      let fewer = 0;
      for (const label of labels.filter((l) => l.id !== 'nfa' && l.id !== 'closed')) {
        const { waiting, children } = answer.stations.find((s) => s.id === label.id)!;
        const [w, c] = [waiting.toLocaleString('en-GB'), children.toLocaleString('en-GB')];
        expect(label.text.split(/ · |\n/).slice(1), label.id).toEqual(children < waiting ? [`${w} open`, `${c} children`] : [w]);
        if (children < waiting) fewer++;
      }
      expect(fewer, 'the awkward log has children with two open starts at a station').toBeGreaterThan(0);
      expect(layout.timelineBottom).toBeLessThanOrEqual(viewport.height + 1);
      expect(layout.timelineTop).toBeGreaterThanOrEqual(0);
      await expect(page.locator('#current-date').isVisible()).resolves.toBe(true);
      // The open cases are on the map: looked-after children wait in Looked after's queue.
      const lookedAfter = (await page.evaluate(() => (window as unknown as { journeyMap: { stationCounts(id: string): { waiting: number } } }).journeyMap.stationCounts('looked_after')))!;
      expect(lookedAfter.waiting).toBeGreaterThan(0);
      const waitingDots = (await dotPositions(page)).filter((d) => d.station === 9);
      expect(waitingDots.length).toBeGreaterThan(0);
      expect(waitingDots.length).toBeLessThanOrEqual(lookedAfter.waiting);
      await saveScreenshot(page, `map-last-date-${viewport.width}x${viewport.height}`);
      // The station table: every column and every station's row shown, no scroll inside it.
      await page.click('#table-toggle');
      const table = await page.evaluate(() => {
        const el = document.getElementById('station-table')!;
        return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, scrollHeight: el.scrollHeight, clientHeight: el.clientHeight, rows: el.querySelectorAll('tbody tr').length };
      });
      expect(table.rows).toBe(stations.length);
      expect(table.scrollWidth).toBeLessThanOrEqual(table.clientWidth);
      expect(table.scrollHeight).toBeLessThanOrEqual(table.clientHeight + 1);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: `tests/output/map-table-${viewport.width}x${viewport.height}.png`, fullPage: viewport.width < 600 });
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });

  it('pinches to zoom on a touch screen', async () => {
    const { page } = await openMap('?dataset=one&date=2023-01-15', { viewport: { width: 390, height: 844 } });
    const zoom = () => page.evaluate(() => (window as unknown as { journeyMap: { state: { zoom: number } } }).journeyMap.state.zoom);
    const before = await zoom();
    const box = (await page.locator('canvas').boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await page.evaluate(({ cx, cy }) => {
      const canvas = document.querySelector('canvas')!;
      const fire = (type: string, id: number, x: number, y: number) =>
        canvas.dispatchEvent(new PointerEvent(type, { pointerId: id, clientX: x, clientY: y, bubbles: true, pointerType: 'touch', isPrimary: id === 1 }));
      fire('pointerdown', 1, cx - 20, cy);
      fire('pointerdown', 2, cx + 20, cy);
      for (let k = 1; k <= 5; k++) {
        fire('pointermove', 1, cx - 20 - 10 * k, cy);
        fire('pointermove', 2, cx + 20 + 10 * k, cy);
      }
      fire('pointerup', 1, cx - 70, cy);
      fire('pointerup', 2, cx + 70, cy);
    }, { cx, cy });
    expect(await zoom()).toBeGreaterThan(before * 2);
    await page.context().close();
  });
  it('gives a 390×844 phone to the map: a one-row header, the map turned upright and drawn large, every control a tap away', async () => {
    const viewport = { width: 390, height: 844 };
    const { page, errors } = await openMap('?dataset=awk&date=2024-03-31', { viewport });
    const sizes = await page.evaluate(() => {
      const m = (window as unknown as { journeyMap: { drawnBox(): { x0: number; y0: number; x1: number; y1: number } } }).journeyMap;
      const canvas = document.querySelector('canvas')!.getBoundingClientRect();
      const drawn = m.drawnBox();
      const zoomIn = document.getElementById('zoom-in')!.getBoundingClientRect();
      const onTop = document.elementFromPoint(zoomIn.x + zoomIn.width / 2, zoomIn.y + zoomIn.height / 2);
      return {
        header: document.querySelector('header')!.getBoundingClientRect().height,
        canvas: { width: canvas.width, height: canvas.height, bottom: canvas.bottom },
        timelineTop: document.getElementById('timeline')!.getBoundingClientRect().top,
        drawn: { width: drawn.x1 - drawn.x0, height: drawn.y1 - drawn.y0 },
        turned: document.body.classList.contains('map-turned'),
        zoomButtonReachable: onTop?.id === 'zoom-in',
      };
    });
    // Before: a 177 px header over a 390×354 canvas, the front-door map drawn 351×188 px (22% of the
    // height). Now the header is one row, the canvas the rest of the screen above the timeline (718 px),
    // and the map, turned a quarter so the journey runs down the screen, is drawn 318×592.
    expect(sizes.header).toBeLessThanOrEqual(56);
    expect(sizes.canvas.width).toBe(viewport.width);
    expect(sizes.canvas.height).toBeGreaterThanOrEqual(0.75 * viewport.height);
    expect(sizes.canvas.bottom).toBeLessThanOrEqual(sizes.timelineTop + 1);
    expect(sizes.turned).toBe(true);
    expect(sizes.drawn.height).toBeGreaterThanOrEqual(0.6 * viewport.height);
    expect(sizes.drawn.width).toBeGreaterThanOrEqual(0.7 * viewport.width);
    expect(sizes.zoomButtonReachable).toBe(true);

    // The header's other controls fold into Menu: shown on a tap, every one inside the width.
    const headerControls = 'header select, header button:not(#menu-toggle), header a';
    const shown = () => page.$$eval(headerControls, (els) => els.filter((el) => (el as HTMLElement).offsetParent !== null).map((el) => el.id || el.textContent));
    const before = await shown();
    expect(before).toEqual(['table-toggle']);
    await page.click('#menu-toggle');
    expect(await page.getAttribute('#menu-toggle', 'aria-expanded')).toBe('true');
    const opened = await page.$$eval(headerControls, (els) =>
      els.filter((el) => (el as HTMLElement).offsetParent !== null).map((el) => ({ id: el.id || el.textContent, right: el.getBoundingClientRect().right })),
    );
    for (const id of ['dataset-picker', 'map-picker', 'colour-mode', 'segments-toggle', 'segments-window', 'export-png', 'export-webm', 'views-link', 'forecast-link']) {
      expect(opened.map((o) => o.id), id).toContain(id);
    }
    expect(opened.filter((o) => o.right > viewport.width + 1)).toEqual([]);
    await saveScreenshot(page, 'map-phone-menu-open');
    await page.click('#menu-toggle');
    expect(await shown()).toEqual(['table-toggle']);
    // The legend, filters and markers follow the map, reached by scrolling, the timeline still in view.
    await page.locator('#marker-form button[type="submit"]').scrollIntoViewIfNeeded();
    const below = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      submit: document.querySelector('#marker-form button[type="submit"]')!.getBoundingClientRect().bottom,
      timeline: document.getElementById('timeline')!.getBoundingClientRect(),
    }));
    expect(below.scrollWidth).toBeLessThanOrEqual(viewport.width);
    expect(below.submit).toBeLessThanOrEqual(below.timeline.top);
    expect(below.timeline.bottom).toBeLessThanOrEqual(viewport.height + 1);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  for (const mapId of ['front-door', 'small-council'] as const) {
    it(`${mapId} at 1440×900, 390×844 and 844×390: the whole map in view, no horizontal scroll, every label ≥ 12 px and clear of every other label and every station mark`, async () => {
      for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }, { width: 844, height: 390 }]) {
        const { page, errors } = await openMap(`?dataset=awk&map=${mapId}&date=2024-03-31`, { viewport });
        const canvas = (await page.locator('canvas').boundingBox())!;
        const labels = await labelBoxes(page);
        const marks = await markBoxes(page);
        const where = `${mapId} ${viewport.width}×${viewport.height}`;
        // The node tests turn pixels into map units with these fits (tests/maps/fitted-scales.ts): the
        // page must draw the map at least as large, or their "6 px" is less on screen.
        const scale = await page.evaluate(() => {
          const map = (window as unknown as { journeyMap: { toScreen(x: number, y: number): { x: number; y: number } } }).journeyMap;
          const [a, b] = [map.toScreen(0, 0), map.toScreen(100, 0)];
          return Math.hypot(b.x - a.x, b.y - a.y) / 100;
        });
        expect(scale, where).toBeGreaterThanOrEqual(FITTED_SCALE[mapId][`${viewport.width}x${viewport.height}` as keyof (typeof FITTED_SCALE)[typeof mapId]]);
        expect(labels.length, where).toBe(marks.length);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), where).toBeLessThanOrEqual(viewport.width);
        const inside = (b: { x0: number; y0: number; x1: number; y1: number }) => b.x0 >= 0 && b.y0 >= 0 && b.x1 <= canvas.width && b.y1 <= canvas.height;
        expect(marks.filter((m) => !inside(m)).map((m) => m.id), where).toEqual([]);
        expect(labels.filter((l) => !inside(l)).map((l) => l.text), where).toEqual([]);
        expect(labels.filter((l) => l.fontPx < 12).map((l) => `${l.text} ${l.fontPx} px`), where).toEqual([]);
        const overlaps = (a: { x0: number; y0: number; x1: number; y1: number }, b: typeof a) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
        const clashes = labels.flatMap((a, i) => [
          ...labels.slice(i + 1).filter((b) => overlaps(a, b)).map((b) => `${a.text} / ${b.text}`),
          ...marks.filter((m) => overlaps(a, m)).map((m) => `${a.text} on ${m.id}'s mark`),
        ]);
        expect(clashes, where).toEqual([]);
        await saveScreenshot(page, `map-${mapId}-labels-${viewport.width}x${viewport.height}`);
        expect(errors, where).toEqual([]);
        await page.context().close();
      }
    });
  }

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
