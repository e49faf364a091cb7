// Review v8f finding 5: with "Step numbers" on, a slow step's warning sign and hazard dashes were drawn
// over station names ("Assessment · 289 open" lost its "Ass"), also in the exported PNG. The stations'
// names and marks are placed first: no sign or step label may cover them, and the dashes lie under the
// names as the track does. Checked on a map whose slow steps leave Assessment and Section 47 for
// stations whose tracks pass beside those names, at the desktop and the phone sizes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { callMap, drawnCanvasTexts, launchChromium, openMapPage, recordCanvasTexts, saveScreenshot, startTestServer, stepLabelsOnScreen, type TestServer } from './harness.js';

let server: TestServer;
let browser: Browser;

/**
 * Per week for six weeks: assessments of 98 days (over the 45 working-day target) that end in a new
 * contact or a closure, section 47 enquiries of 77 days (over 15) that end in care, a new contact, early
 * help, no further action or a closure, and four quick assessments ending in a CIN plan (busy labels).
 */
function slowNextToStationsCsv(): string {
  const rows = ['child_id,event,date,outcome'];
  const iso = (day: number) => new Date(Date.UTC(2024, 0, 8) + day * 86_400_000).toISOString().slice(0, 10);
  let n = 0;
  const child = (events: [string, number, string?][]) => {
    const id = `N${n++}`;
    for (const [event, day, outcome = ''] of events) rows.push(`${id},${event},${iso(day)},${outcome}`);
  };
  const front = (d: number): [string, number, string?][] => [['contact', d, 'referral'], ['referral', d + 1]];
  const s47 = (d: number): [string, number, string?][] => [...front(d), ['strategy_discussion', d + 2], ['s47_start', d + 3]];
  for (let week = 0; week < 6; week++) {
    const d = 200 + 7 * week;
    child([...front(d), ['assessment_start', d + 2], ['assessment_end', d + 100, 'nfa'], ['contact', d + 100, 'advice']]);
    child([...front(d), ['assessment_start', d + 2], ['assessment_end', d + 100, 'cin'], ['case_closed', d + 100, 'RC8']]);
    child([...s47(d), ['s47_end', d + 80, 'cin'], ['cla_start', d + 80]]);
    child([...s47(d), ['s47_end', d + 80, 'nfa'], ['contact', d + 80, 'advice']]);
    child([...s47(d), ['s47_end', d + 80, 'nfa'], ['early_help_start', d + 80]]);
    child([...s47(d), ['s47_end', d + 80, 'nfa']]);
    child([...s47(d), ['s47_end', d + 80, 'cin'], ['case_closed', d + 80, 'RC8']]);
    for (let k = 0; k < 4; k++) child([...front(d + k), ['assessment_start', d + k + 2], ['assessment_end', d + k + 20, 'cin'], ['cin_plan_start', d + k + 20]]);
  }
  return rows.join('\n') + '\n';
}

beforeAll(async () => {
  server = await startTestServer({ slownames: slowNextToStationsCsv() });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

type Box = { x0: number; y0: number; x1: number; y1: number };
interface Drawn {
  /** signs and step labels, CSS pixels of the canvas */
  marks: { what: string; box: Box }[];
  /** station names (text on its back) and station marks, CSS pixels of the canvas */
  names: { id: string; box: Box; text: Box }[];
  stations: { id: string; box: Box }[];
  /** hazard-yellow pixels inside each name's text */
  yellowInNames: Record<string, number>;
}

/** What the page has drawn, in canvas CSS pixels, from its test hooks. */
async function drawnObjects(page: Page): Promise<Drawn & { stations: ({ id: string } & Box)[] }> {
  const labels = await stepLabelsOnScreen(page);
  const drawn = await page.evaluate(() => {
    type B = { x0: number; y0: number; x1: number; y1: number };
    const map = (window as unknown as { journeyMap: Record<string, (...a: number[]) => unknown> }).journeyMap;
    const names = (map.labelBoxes!() as { id: string; x0: number; y0: number; x1: number; y1: number; back: B | null }[]).map((l) => ({
      id: l.id,
      text: { x0: l.x0, y0: l.y0, x1: l.x1, y1: l.y1 },
      box: l.back ?? { x0: l.x0, y0: l.y0, x1: l.x1, y1: l.y1 },
    }));
    // One copy of the canvas as drawn (it keeps its drawing buffer), read in 2D.
    map.render!();
    const canvas = document.querySelector<HTMLCanvasElement>('#canvas-host canvas')!;
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const ctx = copy.getContext('2d')!;
    ctx.drawImage(canvas, 0, 0);
    const k = canvas.width / canvas.getBoundingClientRect().width;
    const yellowInNames: Record<string, number> = {};
    for (const n of names) {
      const x0 = Math.ceil(n.text.x0 * k);
      const y0 = Math.ceil(n.text.y0 * k);
      const w = Math.max(1, Math.floor(n.text.x1 * k) - x0);
      const h = Math.max(1, Math.floor(n.text.y1 * k) - y0);
      const data = ctx.getImageData(x0, y0, w, h).data;
      let count = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! > 200 && data[i + 1]! > 170 && data[i + 2]! < 90) count++;
      yellowInNames[n.id] = count;
    }
    return {
      names,
      stations: map.markBoxes!() as { id: string; x0: number; y0: number; x1: number; y1: number }[],
      yellowInNames,
    };
  });
  const marks = [...labels.slow.map((s) => ({ what: `sign ${s.from}>${s.to}`, box: s.box })), ...labels.shown.map((s) => ({ what: `label ${s.from}>${s.to}`, box: s.box }))];
  return { marks, ...drawn } as Drawn & { stations: ({ id: string } & Box)[] };
}

const intersects = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

describe('an export with the step numbers on', { timeout: 300_000 }, () => {
  it('says their window in the PNG header, and in a video frame the window up to that frame\'s date (review v8f finding 5)', async () => {
    // The data's last day (the last assessment's end).
    const { page, errors } = await openMapPage(browser, server.url, '?dataset=slownames&date=2024-12-08', { width: 1440, height: 900 });
    const overlay = (date?: string) => callMap(page, 'exportOverlay', ...(date ? [date] : [])) as Promise<{ steps?: string }>;
    expect((await overlay()).steps).toBeUndefined();
    await callMap(page, 'setSegmentLabels', true);
    // The default window, 13 weeks (91 days) to the date shown.
    expect((await overlay()).steps).toMatch(/^Step numbers: last 13 weeks \(9 Sept 2024 to 8 Dec 2024\): /);
    await page.evaluate(() => {
      const select = document.querySelector<HTMLSelectElement>('#segments-window')!;
      select.value = '365';
      select.dispatchEvent(new Event('change'));
    });
    expect((await overlay()).steps).toMatch(/^Step numbers: last 12 months \(10 Dec 2023 to 8 Dec 2024\): /);
    // A video's frame on 30 Sep 2024 counts the 12 months to that day.
    expect((await overlay('2024-09-30')).steps).toMatch(/^Step numbers: last 12 months \(2 Oct 2023 to 30 Sept 2024\): /);
    // The PNG draws it in its header.
    await recordCanvasTexts(page);
    await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
    const texts = await drawnCanvasTexts(page);
    expect(texts.filter((t) => t.startsWith('Step numbers: last 12 months (10 Dec 2023 to 8 Dec 2024)'))).toHaveLength(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('warning signs and step labels never over a station', { timeout: 300_000 }, () => {
  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`keeps every ⚠ and step label off every station's name and mark, and the dashes under the names, at ${viewport.width}×${viewport.height}`, async () => {
      const { page, errors } = await openMapPage(browser, server.url, '?dataset=slownames&date=2024-12-08', viewport);
      await page.evaluate(() => {
        const select = document.querySelector<HTMLSelectElement>('#segments-window')!;
        select.value = '365';
        select.dispatchEvent(new Event('change'));
      });
      await callMap(page, 'setSegmentLabels', true);
      const flows = (await callMap(page, 'segmentFlows')) as { from: string; to: string; slow: boolean }[];
      // The fixture does what it says: seven steps over target, from Assessment and Section 47.
      expect(flows.filter((f) => f.slow).map((f) => `${f.from}>${f.to}`).sort()).toEqual(['assessment>closed', 'assessment>contact', 's47>closed', 's47>contact', 's47>early_help', 's47>looked_after', 's47>nfa']);
      const drawn = await drawnObjects(page);
      expect(drawn.marks.filter((m) => m.what.startsWith('sign'))).toHaveLength(7);
      const clashes: string[] = [];
      for (const m of drawn.marks) {
        for (const n of drawn.names) if (intersects(m.box, n.box)) clashes.push(`${m.what} on the name of ${n.id}`);
        for (const s of drawn.stations) if (intersects(m.box, s)) clashes.push(`${m.what} on the mark of ${s.id}`);
      }
      expect(clashes).toEqual([]);
      // The hazard dashes run under the names, as the tracks do: no yellow inside any name's text.
      expect(Object.entries(drawn.yellowInNames).filter(([, n]) => n > 0)).toEqual([]);
      await saveScreenshot(page, `map-slow-names-${viewport.width}x${viewport.height}`);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
});
