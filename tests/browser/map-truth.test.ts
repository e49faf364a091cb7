// The map against what the data says on its last day and at its stations (independent review v8): the
// timeline runs to the data's last event, "Go to" lands on the date asked and shows the map's date, a
// station's list holds every child its number counts with the endpoint's waits, the video defaults to a
// period inside the data, exports say what the numbers count, and the filter chip stays clickable with
// the table open.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, saveScreenshot, startTestServer, type TestServer } from './harness.js';

/**
 * The review's 15-row log: the data ends on 2024-03-31 with an assessment_end for a child whose dot is
 * at CP plan (an end that moves nobody), so the last move is two days earlier (D4's CP plan ends on 29 Mar).
 */
const LASTDAY = `child_id,event,date,episode_id,outcome
A1,referral,2024-01-02,,
A1,assessment_start,2024-01-03,,
A1,strategy_discussion,2024-01-05,,
A1,s47_start,2024-01-05,,
A1,s47_end,2024-01-20,,icpc
A1,icpc,2024-01-25,,cp_plan
A1,cp_plan_start,2024-01-25,,
A1,assessment_end,2024-03-31,,nfa
B2,cla_start,2024-02-01,,
C3,contact,2024-03-10,,
D4,referral,2024-02-10,,
D4,assessment_start,2024-02-12,,
D4,cla_start,2024-02-20,,
D4,cp_plan_start,2024-03-01,,
D4,cp_plan_end,2024-03-29,,
`;

/**
 * Written by hand, rows in no order (review v8d finding 2): K7 has a care period ended twice, then two
 * care starts with no end (one without an episode id); M2 one care start; P3 a CIN plan, no
 * cin_plan_end, its case closed on 15 Sep 2023; Z8 a contact on the last day.
 */
const TWO_STARTS = readFileSync(new URL('../fixtures/events/two-open-starts.csv', import.meta.url), 'utf8');

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ lastday: LASTDAY, twostarts: TWO_STARTS });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

type Hooks = Record<string, (...args: unknown[]) => unknown> & { state: { date: string; filters: Record<string, number> } };

async function openMap(query: string, viewport = { width: 1440, height: 900 }): Promise<Page> {
  const small = viewport.width < 600;
  const context = await browser.newContext({ viewport, reducedMotion: 'reduce', hasTouch: small, isMobile: small });
  const page = await context.newPage();
  await page.goto(`${server.url}/${query}`);
  await page.waitForFunction(() => 'journeyMap' in window || 'journeyMapError' in window, null, { timeout: 60_000 });
  const failure = await page.evaluate(() => (window as unknown as { journeyMapError?: string }).journeyMapError);
  if (failure) throw new Error(`the page failed: ${failure}`);
  await settled(page);
  return page;
}

const settled = (page: Page) => page.evaluate(() => (window as unknown as { journeyMap: { settled(): Promise<void> } }).journeyMap.settled());
const mapState = (page: Page) => page.evaluate(() => (window as unknown as { journeyMap: Hooks }).journeyMap.state);
const call = (page: Page, method: string, ...args: unknown[]) =>
  page.evaluate(({ method, args }) => (window as unknown as { journeyMap: Hooks }).journeyMap[method]!(...args), { method, args });

interface Station {
  id: string;
  waiting: number;
  children: number;
  medianWaitDays: number | null;
  longestWaitDays: number | null;
}
const stationsIn = async (dataset: string, at: string): Promise<Station[]> => ((await (await fetch(`${server.url}/api/datasets/${dataset}/stations?map=front-door&at=${at}`)).json()) as { stations: Station[] }).stations;
const stationsAt = (at: string) => stationsIn('lastday', at);

/** The date the page shows, three ways: its clock, the big date, the "Go to" box. */
async function shownDates(page: Page): Promise<string[]> {
  return [(await mapState(page)).date, (await page.getAttribute('#current-date', 'data-date'))!, await page.inputValue('#jump-date')];
}

/** A station's list as [text of each child's button]. */
async function stationList(page: Page, station: string): Promise<{ heading: string; items: string[] }> {
  const name = (await page.getAttribute(`.station-hit[data-station="${station}"]`, 'aria-label'))!;
  await page.focus(`.station-hit[data-station="${station}"]`);
  await page.keyboard.press('Enter');
  await page.waitForFunction((name) => !document.querySelector<HTMLElement>('#station-list')!.hidden && (document.querySelector('#station-list h2')?.textContent ?? '').startsWith(`${name}:`), name, { timeout: 20_000 });
  const heading = (await page.textContent('#station-list h2'))!;
  const items = await page.$$eval('#station-list li button', (buttons) => buttons.map((b) => b.textContent ?? ''));
  return { heading, items };
}

const median = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? null : n % 2 ? s[n >> 1]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
};

describe('the map on the last day of the data', { timeout: 120_000 }, () => {
  it('runs to the last event date: ?date= and "Go to" land on the date asked, and the "Go to" box shows the map\'s date', async () => {
    const page = await openMap('?dataset=lastday&date=2024-03-31');
    expect(await shownDates(page)).toEqual(['2024-03-31', '2024-03-31', '2024-03-31']);
    const assessment = (await stationsAt('2024-03-31')).find((s) => s.id === 'assessment')!;
    expect(assessment.waiting).toBe(1);
    await page.click('#table-toggle');
    const row = await page.$$eval('#station-table tbody tr[data-station="assessment"] td', (tds) => tds.map((td) => td.textContent));
    expect(row[0]).toBe('1');

    // "Go to" another day and back to the last one.
    for (const date of ['2024-03-30', '2024-03-31']) {
      await page.fill('#jump-date', date);
      await page.locator('#jump-date').dispatchEvent('change');
      await page.locator('#jump-date').blur();
      await settled(page);
      expect(await shownDates(page)).toEqual([date, date, date]);
    }
    // Moving the map by other means moves the box with it.
    await call(page, 'setTime', '2024-02-15');
    await page.keyboard.press('ArrowRight');
    await settled(page);
    const [clockDate, bigDate, box] = await shownDates(page);
    expect([bigDate, box]).toEqual([clockDate, clockDate]);
    await page.context().close();
  });

  it("lists at a station every child its number counts, with the endpoint's waits, saying where a dot on another step is", async () => {
    const page = await openMap('?dataset=lastday&date=2024-03-29');
    const numbers = await stationsAt('2024-03-29');
    for (const s of numbers.filter((x) => x.waiting > 0)) {
      const { heading, items } = await stationList(page, s.id);
      // No child here has two open starts at one station: one row per step, so the waits give the median too.
      expect([s.children, items.length], `${s.id}: ${heading}`).toEqual([s.waiting, s.waiting]);
      const waits = items.map((text) => Number(/waiting (\d+) days/.exec(text)![1]));
      expect([median(waits), Math.max(...waits)], s.id).toEqual([s.medianWaitDays, s.longestWaitDays]);
      await page.click('#station-list button.close');
    }
    // Assessment counts A1 (dot at CP plan) and D4 (dot back at Looked after): neither dot is at Assessment.
    const { heading, items } = await stationList(page, 'assessment');
    expect(heading).toBe('Assessment: 2 waiting, 0 shown here');
    expect(items.map((t) => t.replace(/^Child \d+: /, '')).sort()).toEqual(['waiting 46 days (dot at Looked after)', 'waiting 86 days (dot at CP plan)']);
    // The table says it too.
    await page.click('#station-list button.close');
    await page.click('#table-toggle');
    const row = await page.$$eval('#station-table tbody tr[data-station="assessment"] td', (tds) => tds.map((td) => td.textContent));
    expect(row.at(-1)).toBe('0 shown here, 2 shown at another open step');

    // B2, in care since 1 Feb with no move since: 57 days, in the list, the endpoint and the journey panel.
    const care = await stationList(page, 'looked_after');
    const b2 = care.items.find((t) => / waiting 57 days$/.test(t));
    expect(b2, care.items.join(' | ')).toBeDefined();
    await page.click(`#station-list li button:has-text("${b2}")`);
    await call(page, 'journeySettled');
    await expect(page.locator('#journey-panel').textContent()).resolves.toContain('57 so far');
    await saveScreenshot(page, 'map-truth-lists-1440');
    await page.context().close();
  });

  // Issue 8 fix 2, item 4: D4 is back in care after its CP plan ended on 29 Mar; the panel counted its
  // wait from the dot's return (2 days on 31 Mar), the list from the start of care (40 days).
  it("gives a child back at a station the same wait in its journey as in the station's list, on several dates", async () => {
    const page = await openMap('?dataset=lastday&date=2024-03-29');
    for (const [date, listed] of [['2024-03-29', 38], ['2024-03-30', 39], ['2024-03-31', 40]] as const) {
      await call(page, 'setTime', date);
      await settled(page);
      // Looked after counts B2 (since 1 Feb) and D4 (since 20 Feb), longest wait first.
      const care = await stationList(page, 'looked_after');
      const d4 = care.items.at(-1)!;
      expect(d4, care.items.join(' | ')).toMatch(new RegExp(`: waiting ${listed} days$`));
      await page.click(`#station-list li button:has-text("${d4}")`);
      await call(page, 'journeySettled');
      // Rows in the order steps began: care (20 Feb, open) comes before the CP plan (1 Mar, ended 29 Mar).
      const rows = await page.$$eval('#journey-panel tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
      expect(rows.filter((r) => r[0] === 'Looked after'), date).toEqual([['Looked after', '20 Feb 2024', 'open', `${listed} so far`]]);
      await expect(page.locator('#journey-waits').textContent()).resolves.toContain(`Looked after, ${listed} days (since 20 Feb 2024)`);
      await page.click('#station-list button.close');
    }
    await page.context().close();
  });

  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`shows a station's list and the journey chosen from it side by side, neither over the other, at ${viewport.width}×${viewport.height}`, async () => {
      const page = await openMap('?dataset=lastday&date=2024-03-31', viewport);
      const care = await stationList(page, 'looked_after');
      await page.click(`#station-list li button:has-text("${care.items[0]}")`);
      await call(page, 'journeySettled');
      const list = (await page.locator('#station-list').boundingBox())!;
      const journey = (await page.locator('#journey-panel').boundingBox())!;
      expect(list.height).toBeGreaterThan(60);
      expect(journey.height).toBeGreaterThan(60);
      const overlap = list.x < journey.x + journey.width && journey.x < list.x + list.width && list.y < journey.y + journey.height && journey.y < list.y + list.height;
      expect(overlap, JSON.stringify({ list, journey })).toBe(false);
      // Both readable: their headings and their close buttons are the topmost element where they are.
      for (const selector of ['#station-list h2', '#journey-title', '#station-list button.close', '#journey-panel .actions button:last-child']) {
        await page.locator(selector).scrollIntoViewIfNeeded();
        const box = (await page.locator(selector).boundingBox())!;
        const hit = await page.evaluate(({ x, y, selector }) => document.elementFromPoint(x, y)?.closest(selector) !== null, { x: box.x + box.width / 2, y: box.y + box.height / 2, selector });
        expect(hit, selector).toBe(true);
      }
      await saveScreenshot(page, `map-truth-list-and-journey-${viewport.width}`);
      await page.context().close();
    });
  }

  it('defaults the video to the 90 days up to the last date, inside the data, and an export says what the numbers count', async () => {
    const page = await openMap('?dataset=lastday&date=2024-03-31');
    await page.click('#export-webm');
    // 90 days before 31 Mar 2024 is 1 Jan; the data begins on 2 Jan.
    expect([await page.inputValue('#webm-form input[name="from"]'), await page.inputValue('#webm-form input[name="to"]')]).toEqual(['2024-01-02', '2024-03-31']);
    await page.keyboard.press('Escape');
    const overlay = (await call(page, 'exportOverlay')) as { caption: string; subtitle: string };
    expect(overlay.caption).toMatch(/children waiting at each station at the end of the day/);
    expect(overlay.subtitle).toContain('31 Mar 2024');
    await page.context().close();
  });

  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`says where a station's children are fewer than its open steps: table, note, tooltip, label and list at ${viewport.width}×${viewport.height}`, async () => {
      const page = await openMap('?dataset=twostarts&date=2023-07-01', viewport);
      await page.click('#table-toggle');
      const row = await page.$$eval('#station-table tbody tr[data-station="looked_after"] td', (tds) => tds.map((td) => td.textContent));
      // Waiting 3 (K7's two open starts and M2's one, as the metrics count open periods), Children 2.
      expect(row.slice(0, 2)).toEqual(['3', '2']);
      const cin = await page.$$eval('#station-table tbody tr[data-station="cin_plan"] td', (tds) => tds.map((td) => td.textContent));
      expect(cin.slice(0, 2)).toEqual(['1', '1']);
      await expect(page.locator('#table-note').isVisible()).resolves.toBe(true);
      await expect(page.locator('#table-note').textContent()).resolves.toContain('Looked after 3 open · 2 children');
      await expect(page.locator('#map-caption').textContent()).resolves.toContain('Open steps at each station at the end of 1 Jul 2023 (some children count twice)');
      await page.evaluate(() => window.scrollTo(0, 0));
      await saveScreenshot(page, `map-truth-two-starts-table-${viewport.width}x${viewport.height}`);
      await page.click('#table-toggle');
      await expect(page.locator('#table-note').isVisible()).resolves.toBe(false);
      const label = ((await call(page, 'labelBoxes')) as { id: string; text: string }[]).find((l) => l.id === 'looked_after')!;
      expect(label.text.split(/ · |\n/).slice(1)).toEqual(['3 open', '2 children']);
      await page.focus('.station-hit[data-station="looked_after"]');
      await expect(page.locator('#tooltip').textContent()).resolves.toContain('3 open · 2 children at the end of 1 Jul 2023');
      await page.locator('.station-hit[data-station="looked_after"]').blur();
      const { heading, items } = await stationList(page, 'looked_after');
      expect(heading.startsWith('Looked after: 3 open · 2 children'), heading).toBe(true);
      expect(items.map((t) => t.replace(/^Child \d+: /, ''))).toEqual(['waiting 89 days, 2 starts with no end since 3 Apr 2023', 'waiting 42 days']);
      await page.context().close();
    });
  }

  it('no longer draws or counts a child at CIN plan once its case closed: dots, stations and journey agree', async () => {
    const page = await openMap('?dataset=twostarts&date=2023-09-14');
    const cinDots = () => call(page, 'dotsAt', 'cin_plan') as Promise<{ child: number }[]>;
    expect((await stationsIn('twostarts', '2023-09-14')).find((s) => s.id === 'cin_plan')!.waiting).toBe(1);
    expect(await cinDots()).toHaveLength(1);
    for (const date of ['2023-09-15', '2023-12-31']) {
      await call(page, 'setTime', date);
      await settled(page);
      expect((await stationsIn('twostarts', date)).find((s) => s.id === 'cin_plan')!.waiting, date).toBe(0);
      expect(await cinDots(), date).toEqual([]);
    }
    // P3's journey, chosen from CIN plan's list the day before the closure, then on the last date: the
    // CIN plan ended on the day the case closed.
    await call(page, 'setTime', '2023-09-14');
    await settled(page);
    const { items } = await stationList(page, 'cin_plan');
    expect(items).toHaveLength(1);
    await page.click('#station-list li button');
    await call(page, 'journeySettled');
    await expect(page.locator('#journey-waits').textContent()).resolves.toContain('CIN plan, 157 days (since 10 Apr 2023)');
    await call(page, 'setTime', '2023-12-31');
    await settled(page);
    await call(page, 'journeySettled');
    const rows = await page.$$eval('#journey-panel tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
    // (Chromium's en-GB writes September "Sept".)
    expect(rows.find((r) => r[0] === 'CIN plan')).toEqual(['CIN plan', '10 Apr 2023', expect.stringMatching(/^15 Sept? 2023$/), '158']);
    await expect(page.locator('#journey-waits').textContent()).resolves.not.toContain('CIN plan');
    await page.context().close();
  });

  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`keeps the filter chip clickable with the table open at ${viewport.width}×${viewport.height}`, async () => {
      const page = await openMap('?dataset=lastday&date=2024-03-29', viewport);
      await page.click('#table-toggle');
      await call(page, 'setFilter', 'sex', 1, false);
      await settled(page);
      await expect(page.locator('#filter-chip').isVisible()).resolves.toBe(true);
      await page.locator('#filter-clear').scrollIntoViewIfNeeded();
      const box = (await page.locator('#filter-clear').boundingBox())!;
      const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.id, { x: box.x + box.width / 2, y: box.y + box.height / 2 });
      expect(hit).toBe('filter-clear');
      await saveScreenshot(page, `map-truth-chip-table-${viewport.width}`);
      await page.click('#filter-clear', { timeout: 5_000 });
      await expect(page.locator('#filter-chip').isHidden()).resolves.toBe(true);
      await page.context().close();
    });
  }
});
