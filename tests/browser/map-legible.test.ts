// The map as a director reads it (issue 8, reviews v8c finding 4 and v8d findings 1 and 4): with a filter
// on, the chip and the caption cover no station's name, number or mark; a key says what each line's
// colour means, on the page and in the exported PNG; and a tap on a dot opens that child's journey even
// where the dot sits under a station's button, the station staying a tap away on its name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { COHORT_VALUES } from '../../core/analysis/cohort.js';
import { dayFromCivil } from '../../core/dates.js';
import { awkwardCsv, awkwardLog } from '../core/awkward-log.js';
import { callMap, drawnCanvasTexts, launchChromium, openMapPage, recordCanvasTexts, saveScreenshot, startTestServer, type TestServer } from './harness.js';
import { decodeMoves } from '../../core/wire.js';
import { ENTRY } from '../../core/journeys.js';
import { computeTracks, distanceToPolyline } from '../../core/tracks.js';
import type { MapDefinition } from '../../core/map-schema.js';
import { pairKey, TRACK_STYLE, travelledPairs } from '../../client/src/map/line-key.js';

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

const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
  { width: 844, height: 390 },
] as const;

async function openMap(query: string, viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const opened = await openMapPage(browser, server.url, query, viewport);
  await frames(opened.page);
  return opened;
}

const call = callMap;

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
      await expect(page.locator('#journey-title').textContent(), where).resolves.toMatch(new RegExp(`^Child ${dot.child}: `));
      await expect(page.locator('#station-list').isHidden(), `${where}: the tap opened the child, not the station`).resolves.toBe(true);
      await page.click('#journey-panel button:has-text("Close")');
      // Read the names' boxes once the panel is gone and two frames are drawn (a fresh-clone CI run under load once
      // tapped where the name had been and waited 10 s for the station's list; it passes alone).
      await page.waitForSelector('#journey-panel', { state: 'hidden' });
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

      // The station stays a tap away: on its name (and number).
      const labels = (await call(page, 'labelBoxes')) as (Box & { id: string; text: string })[];
      const label = labels.find((l) => l.id === dot.under)!;
      const centre = { x: (label.x0 + label.x1) / 2, y: (label.y0 + label.y1) / 2 };
      expect(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.tagName, { x: canvas.x + centre.x, y: canvas.y + centre.y }), where).toBe('CANVAS');
      await tap(centre.x, centre.y);
      const name = (await page.getAttribute(`.station-hit[data-station="${label.id}"]`, 'aria-label'))!;
      await page.waitForSelector('#station-list:not([hidden]) h2', { timeout: 10_000 });
      await expect(page.locator('#station-list h2').textContent(), where).resolves.toMatch(new RegExp(`^${name}: \\d+ (waiting|open)`));
      await saveScreenshot(page, `map-legible-tap-${viewport.width}x${viewport.height}`);
      expect(errors, where).toEqual([]);
      await page.context().close();
    });
  }

  it('says what each line colour means beside the map and in the exported PNG, and draws the tracks no child took thin and pale', async () => {
    // Every text the page draws on a 2D canvas (the export's frame), recorded as it draws.
    const { page, errors } = await openMap('?dataset=awk&date=2024-03-31', { width: 1440, height: 900 });
    await recordCanvasTexts(page);
    const served = (await (await fetch(`${server.url}/api/maps/front-door`)).json()) as { map: { lines: { name: string; colour: string; meaning?: string }[] } };
    const colours = [...new Set(served.map.lines.map((l) => l.colour.toLowerCase()))];
    const meaningOf = (colour: string) => served.map.lines.find((l) => l.colour.toLowerCase() === colour && l.meaning)?.meaning;
    // Every colour the map draws has words in the map file, and the key beside the map says them.
    expect(colours.filter((c) => !meaningOf(c))).toEqual([]);
    const key = await page.$$eval('#line-key li', (lis) => lis.map((li) => ({ colour: li.getAttribute('data-colour'), text: li.textContent!, swatch: getComputedStyle(li.querySelector('.line-swatch')!).backgroundColor })));
    const rgb = (hex: string) => `rgb(${parseInt(hex.slice(1, 3), 16)}, ${parseInt(hex.slice(3, 5), 16)}, ${parseInt(hex.slice(5, 7), 16)})`;
    for (const colour of colours) {
      const entry = key.find((k) => k.colour === colour);
      expect(entry, colour).toBeDefined();
      expect(entry!.text, colour).toContain(meaningOf(colour)!);
      expect(entry!.swatch, colour).toBe(rgb(colour));
    }

    // Tracks no child in this dataset travelled: the key says how they are drawn, and they are (thin, pale).
    expect(key.at(-1)!.text).toMatch(/^Thin pale line: .*no child in this dataset/);
    const { header, moves } = decodeMoves(await (await fetch(`${server.url}/api/datasets/awk/moves?map=front-door`)).arrayBuffer());
    const travelled = travelledPairs(moves.from, moves.to, moves.count, header.stationIds, ENTRY);
    const tracks = (await (await fetch(`${server.url}/api/maps/front-door`)).json()) as { tracks: { stationIds: string[]; points: number[]; offsets: number[] } };
    const S = tracks.tracks.stationIds.length;
    const lineColour = new Map(computeTracks(served.map as unknown as MapDefinition).segmentList.map((g) => [pairKey(tracks.tracks.stationIds[g.a]!, tracks.tracks.stationIds[g.b]!), served.map.lines[g.line]!.colour]));
    const polylineOf = (a: number, b: number) => {
      const k = a * S + b;
      const flat = tracks.tracks.points.slice(tracks.tracks.offsets[k], tracks.tracks.offsets[k + 1]);
      return Array.from({ length: flat.length / 2 }, (_, i) => [flat[2 * i]!, flat[2 * i + 1]!] as [number, number]);
    };
    /**
     * Of 15 points along a track, from 20% to 80% of the way, those clear of every track in `others`
     * (some tracks run on top of one another), and how many of them show its line's colour at full strength.
     */
    const fullPoints = async (a: number, b: number, others: [number, number][][] = []) => {
      const polyline = polylineOf(a, b);
      const lengths = polyline.slice(1).map((p, i) => Math.hypot(p[0] - polyline[i]![0], p[1] - polyline[i]![1]));
      const total = lengths.reduce((x, y) => x + y, 0);
      const points = Array.from({ length: 15 }, (_, n) => {
        let d = total * (0.2 + (0.6 * n) / 14);
        let i = 0;
        while (i < lengths.length - 1 && d > lengths[i]!) d -= lengths[i++]!;
        const f = lengths[i]! > 0 ? d / lengths[i]! : 0;
        return { x: polyline[i]![0] + (polyline[i + 1]![0] - polyline[i]![0]) * f, y: polyline[i]![1] + (polyline[i + 1]![1] - polyline[i]![1]) * f };
      }).filter((p) => others.every((o) => distanceToPolyline([p.x, p.y], o) > TRACK_STYLE.full.width));
      const hex = lineColour.get(pairKey(tracks.tracks.stationIds[a]!, tracks.tracks.stationIds[b]!))!;
      const full = [1, 3, 5].map((i) => 0.9 * parseInt(hex.slice(i, i + 2), 16) + 0.1 * [246, 245, 240][(i - 1) / 2]!);
      const pixels = (await page.evaluate((points) => {
        const map = (window as unknown as { journeyMap: { render(): void; toScreen(x: number, y: number): { x: number; y: number }; readPixel(x: number, y: number): number[] } }).journeyMap;
        map.render();
        return points.map((p) => map.toScreen(p.x, p.y)).map((p) => map.readPixel(p.x, p.y));
      }, points)) as number[][];
      return { points: points.length, full: pixels.filter((px) => full.every((v, c) => Math.abs(px[c]! - v) <= 16)).length };
    };
    const pairs = [...lineColour.keys()].map((key) => key.split('|').map((id) => tracks.tracks.stationIds.indexOf(id)) as [number, number]);
    const taken = pairs.filter(([a, b]) => travelled.has(pairKey(tracks.tracks.stationIds[a]!, tracks.tracks.stationIds[b]!)));
    const untaken = pairs.filter(([a, b]) => !travelled.has(pairKey(tracks.tracks.stationIds[a]!, tracks.tracks.stationIds[b]!)));
    expect(untaken.length, 'the awkward council leaves some allowed moves untaken').toBeGreaterThan(0);
    const takenLines = taken.map(([a, b]) => polylineOf(a, b));
    const ofUntaken = await Promise.all(untaken.map(([a, b]) => fullPoints(a, b, takenLines)));
    const ofTaken = await Promise.all(taken.map(([a, b]) => fullPoints(a, b)));
    // A crossing line or a dot may sit on a point or two; a full-width track shows its colour on most.
    const name = ([a, b]: [number, number]) => `${tracks.tracks.stationIds[a]}-${tracks.tracks.stationIds[b]}`;
    expect(ofUntaken.filter((n) => n.points >= 5).length, 'untaken tracks checked').toBeGreaterThan(untaken.length / 2);
    expect(untaken.filter((_, i) => ofUntaken[i]!.points >= 5 && ofUntaken[i]!.full > 2).map(name), 'untaken tracks drawn at full strength').toEqual([]);
    expect(ofTaken.filter((n) => n.full >= 8).length, 'taken tracks drawn at full strength').toBeGreaterThan(taken.length / 2);

    const [png] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
    const texts = await drawnCanvasTexts(page);
    for (const colour of colours) expect(texts.some((t) => t.includes(meaningOf(colour)!)), `PNG says ${meaningOf(colour)}`).toBe(true);
    expect(texts.some((t) => /^Thin pale line: /.test(t))).toBe(true);
    // And the PNG has a stroke of each line colour in its legend band (below the map).
    const bytes = (await import('node:fs')).readFileSync((await png.path())!);
    // The PNG keeps the canvas rows the map is drawn on; the legend comes after them and the 84 px header.
    const mapRows = ((await call(page, 'exportRows')) as { height: number }).height;
    const found = await page.evaluate(
      async ({ data, from, colours }) => {
        const image = await createImageBitmap(new Blob([new Uint8Array(data)], { type: 'image/png' }));
        const c = new OffscreenCanvas(image.width, image.height);
        const g = c.getContext('2d')!;
        g.drawImage(image, 0, 0);
        const px = g.getImageData(0, from, image.width, image.height - from).data;
        const seen = new Set<string>();
        for (let i = 0; i < px.length; i += 4) seen.add(`#${[px[i]!, px[i + 1]!, px[i + 2]!].map((v) => v.toString(16).padStart(2, '0')).join('')}`);
        return colours.filter((colour) => seen.has(colour));
      },
      { data: [...bytes], from: mapRows + 84, colours },
    );
    expect(found.sort()).toEqual([...colours].sort());
    expect(errors).toEqual([]);
    await page.context().close();
  }, 400_000); // 35 s alone; it took over 150 s beside the other browser files at load 8
});
