// The map as a director shows it (review v8h): a short video's frames carry the numbers of the date
// each is captioned with; the followed dot stands out; the map uses a landscape phone's stage; and a
// station's list does not hide stations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { callMap, launchChromium, openMapPage, smallDatasetCsv, startTestServer, type TestServer } from './harness.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ small: smallDatasetCsv({ children: 300 }) });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** One recorded video frame: the date its header says ("now …") and the station labels drawn in it. */
interface FrameLog {
  now: string;
  labels: string[];
}

/**
 * Logs, for every frame the video encoder is given, the running date drawn in the frame's header and
 * the station labels (name · number waiting) drawn on the map at that moment.
 */
async function logVideoFrames(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { frameLog: FrameLog[]; lastNow: string; VideoFrame: typeof VideoFrame; journeyMap: { labelBoxes(): { text: string }[] } };
    w.frameLog = [];
    w.lastNow = '';
    const fillText = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (this: CanvasRenderingContext2D, text: string, x: number, y: number, maxWidth?: number) {
      const now = / · now (\d{1,2} \w{3} \d{4})/.exec(text);
      if (now) w.lastNow = now[1]!;
      return maxWidth === undefined ? fillText.call(this, text, x, y) : fillText.call(this, text, x, y, maxWidth);
    };
    const Original = w.VideoFrame;
    w.VideoFrame = class extends Original {
      constructor(source: CanvasImageSource, init?: VideoFrameInit) {
        super(source, init);
        w.frameLog.push({ now: w.lastNow, labels: w.journeyMap.labelBoxes().map((l) => l.text) });
      }
    } as typeof VideoFrame;
  });
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** "27 Aug 2022" → "2022-08-27" */
function isoOf(long: string): string {
  const [d, m, y] = long.split(' ');
  return `${y}-${String(MONTHS.indexOf(m!) + 1).padStart(2, '0')}-${d!.padStart(2, '0')}`;
}

describe('a short video', { timeout: 240_000 }, () => {
  it("draws on every frame the stations' numbers of the date that frame is captioned with (3 s for 90 days)", async () => {
    const { page, errors } = await openMapPage(browser, server.url, '?dataset=small&map=front-door&date=2022-06-01', { width: 1280, height: 720 });
    await logVideoFrames(page);
    await page.click('#export-webm');
    await page.fill('#webm-form input[name="from"]', '2022-06-01');
    await page.fill('#webm-form input[name="to"]', '2022-08-30');
    await page.fill('#webm-form input[name="seconds"]', '3');
    await Promise.all([page.waitForEvent('download', { timeout: 180_000 }), page.click('#webm-record')]);
    const frames = (await page.evaluate(() => (window as unknown as { frameLog: FrameLog[] }).frameLog)) as FrameLog[];
    expect(frames.length, 'frames encoded').toBeGreaterThanOrEqual(80);
    // Each captioned date's numbers from the endpoint, as the labels write them ("Assessment · 12").
    const names = (await callMap(page, 'labelBoxes')) as { id: string; text: string }[];
    const ids = names.map((n) => n.id);
    const expected = new Map<string, string[]>();
    let mismatches = 0;
    const first: string[] = [];
    for (const frame of frames) {
      const day = isoOf(frame.now);
      if (!expected.has(day)) {
        const answer = (await (await fetch(`${server.url}/api/datasets/small/stations?map=front-door&at=${day}`)).json()) as { stations: { id: string; waiting: number }[] };
        expected.set(day, ids.map((id) => String(answer.stations.find((s) => s.id === id)!.waiting)));
      }
      const want = expected.get(day)!;
      // The number after the name, for the stations that show one (exits show only their name).
      const drawn = frame.labels.map((text) => /(\d+)$/.exec(text.replace(/\s+/g, ' '))?.[1] ?? null);
      const wrong = drawn.some((n, s) => n !== null && n !== want[s]);
      if (wrong) {
        mismatches++;
        if (first.length < 3) first.push(`${day}: drawn ${drawn.join('/')} want ${want.join('/')}`);
      }
    }
    console.log(`video frames checked: ${frames.length}, dates: ${expected.size}, mismatches: ${mismatches}`);
    expect(expected.size, 'dates captioned').toBeGreaterThanOrEqual(80);
    expect(mismatches, first.join('; ')).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
