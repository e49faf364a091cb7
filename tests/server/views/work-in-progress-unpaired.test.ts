// The flow view's work in progress says what the map says of periods counted open though they probably ended
// (core/whereabouts.ts unpairedOpenAt): on a log built here, children whose referral and CP plan end carry no
// episode id while the plan's start does (the end joins another episode, events-csv.md, and the metrics leave
// the plan open), one more such end each week. At every week's last day the CP plan's count of them and its
// sentence are the stations endpoint's `unpairedEnds` and `unpairedNote` on that day, for an analyst (exact)
// and a viewer (through the same policy). The same log with every id given has no such column and no note.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayFromCivil, formatDay, parseDay } from '../../../core/dates.js';
import { SUPPRESSED } from '../../../core/disclosure/policy.js';
import { trendLog, trendLogRows } from '../../core/forecast/trend-log.js';
import { startViewerServer, type ViewerTestServer } from '../api/harness.js';

const TO = dayFromCivil(2023, 12, 31);
const { table } = trendLog({ seed: 52, perDay: 3, to: TO });
/** children whose CP plan's end is filed under another episode, one a week from 20 August 2023 */
const MIXED = 12;
const FIRST_END = dayFromCivil(2023, 8, 20);

function csv(mixed: boolean): string {
  const lines = ['child_id,event,date,outcome,episode_id,sex'];
  lines.push(...trendLogRows(table, 2));
  for (let k = 0; k < MIXED; k++) {
    const c = `MIX${k}`;
    const ep = `${c}-1`;
    // the referral and the end without the id (mixed), or every row with it
    // girls, so a cohort of boys has none of them (a cohort's 0 is [c], below)
    lines.push(`${c},contact,2023-03-01,,,F`, `${c},referral,2023-03-01,,${mixed ? '' : ep},F`, `${c},s47_start,2023-03-10,,${ep},F`);
    lines.push(`${c},icpc,2023-04-01,cp_plan,${ep},F`, `${c},cp_plan_start,2023-04-01,,${ep},F`);
    lines.push(`${c},cp_plan_end,${formatDay(FIRST_END + 7 * k)},,${mixed ? '' : ep},F`);
  }
  return lines.join('\n') + '\n';
}

type Station = { station: string; waiting: (number | string | null)[]; unpairedEnds?: (number | string | null)[]; unpairedNote?: string | null };
type MapStation = { id: string; waiting: number | string; unpairedEnds: number | string; unpairedNote: string | null };

const WINDOW = 'from=2023-07-03&to=2023-12-31';

describe('work in progress: periods whose end was recorded under another episode', { timeout: 120_000 }, () => {
  let server: ViewerTestServer;
  beforeAll(async () => {
    server = await startViewerServer({ mixed: csv(true), clean: csv(false) });
  }, 120_000);
  afterAll(async () => server.close());

  for (const who of ['analyst', 'viewer'] as const) {
    it(`gives the CP plan's count each week as the stations endpoint's unpairedEnds, and its sentence (${who})`, async () => {
      const headers = server[who];
      const res = await server.app.inject({ url: `/api/datasets/mixed/views/flow?${WINDOW}`, headers });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      const body = res.json();
      const wip = body.workInProgress as { days: string[]; stations: Station[] };
      const cp = wip.stations.find((s) => s.station === 'cp_plan')!;
      expect(cp.unpairedEnds, 'a CP plan column').toBeDefined();
      // only the CP plan has such periods here: no other station gains a column or a note
      for (const s of wip.stations) if (s.station !== 'cp_plan') expect([s.station, 'unpairedEnds' in s, 'unpairedNote' in s]).toEqual([s.station, false, false]);
      let lastNote: string | null = null;
      let nonZero = 0;
      for (let w = 0; w < wip.days.length; w++) {
        const day = wip.days[w]!;
        const map = (await server.app.inject({ url: `/api/datasets/mixed/stations?map=front-door&at=${day}`, headers })).json();
        const station = (map.stations as MapStation[]).find((s) => s.id === 'cp_plan')!;
        expect([cp.unpairedEnds![w], cp.waiting[w]], day).toEqual([station.unpairedEnds, station.waiting]);
        if (station.unpairedNote !== null) lastNote = station.unpairedNote;
        if (station.unpairedEnds !== 0) nonZero++;
        // the table's column (and so the CSV) holds the same cell
        expect((body.wip as Record<string, unknown>[])[w]!.cp_plan_unpaired, day).toEqual(cp.unpairedEnds![w]);
      }
      expect(nonZero).toBeGreaterThan(5);
      // the note is the map's sentence on the last week with any, word for word
      expect(cp.unpairedNote).toBe(lastNote);
      const last = cp.unpairedEnds![wip.days.length - 1];
      if (who === 'analyst') {
        expect(last).toBe(MIXED);
        expect(cp.unpairedNote).toMatch(new RegExp(`^${MIXED} of the ${cp.waiting[wip.days.length - 1]} CP plans open on 31 December 2023 have an end recorded under another episode`));
      } else {
        // 12 published as a viewer's counts are: to the nearest 5; the first weeks' 1 to 4 as [c]
        expect(last).toBe(10);
        expect(cp.unpairedEnds).toContain(SUPPRESSED);
        expect(cp.unpairedNote).toMatch(/^10 of the \d+ CP plans open on 31 December 2023 have an end/);
      }
      // weeks before the first such end: 0, as on the map
      expect(cp.unpairedEnds![wip.days.indexOf('2023-08-13')]).toBe(0);
      expect(parseDay(wip.days[0]!)).toBeLessThan(FIRST_END);
      const table = (body.tables as { id: string; columns: { key: string; label: string }[] }[]).find((t) => t.id === 'wip')!;
      expect(table.columns.filter((c) => c.key.endsWith('_unpaired')).map((c) => c.label)).toEqual(['CP plan: may have ended (end recorded under another episode)']);
    });

    it(`says nothing of it on the same log with every episode id given (${who})`, async () => {
      const headers = server[who];
      const body = (await server.app.inject({ url: `/api/datasets/clean/views/flow?${WINDOW}`, headers })).json();
      for (const s of body.workInProgress.stations as Station[]) expect([s.station, 'unpairedEnds' in s, 'unpairedNote' in s]).toEqual([s.station, false, false]);
      const table = (body.tables as { id: string; columns: { key: string }[] }[]).find((t) => t.id === 'wip')!;
      expect(table.columns.filter((c) => c.key.endsWith('_unpaired'))).toEqual([]);
      for (const row of body.wip as Record<string, unknown>[]) expect(Object.keys(row).filter((k) => k.endsWith('_unpaired'))).toEqual([]);
      // and the map agrees: none at the last week's end
      const map = (await server.app.inject({ url: '/api/datasets/clean/stations?map=front-door&at=2023-12-31', headers })).json();
      expect((map.stations as MapStation[]).find((s) => s.id === 'cp_plan')!.unpairedEnds).toBe(0);
    });
  }

  // A viewer's cohort: every count under 10, 0 included, is [c] (COHORT_NOTE), on the map as in the flow view; the
  // stations endpoint gave a cohort's 0 as 0, so boys' CP plans read "none may have ended" there and [c] here.
  it("gives a viewer's cohort the map's cells, a 0 as [c] in both, and no sentence on a log with none", async () => {
    const headers = server.viewer;
    for (const [cohort, last] of [['sex:M', SUPPRESSED], ['sex:F', 10]] as const) {
      const q = `cohort=${encodeURIComponent(cohort)}`;
      const body = (await server.app.inject({ url: `/api/datasets/mixed/views/flow?${WINDOW}&${q}`, headers })).json();
      const wip = body.workInProgress as { days: string[]; stations: Station[] };
      const cp = wip.stations.find((s) => s.station === 'cp_plan')!;
      expect(cp.unpairedEnds, cohort).toBeDefined();
      for (let w = 0; w < wip.days.length; w++) {
        const map = (await server.app.inject({ url: `/api/datasets/mixed/stations?map=front-door&at=${wip.days[w]}&${q}`, headers })).json();
        const station = (map.stations as MapStation[]).find((s) => s.id === 'cp_plan')!;
        expect([cp.unpairedEnds![w], cp.waiting[w]], `${cohort} ${wip.days[w]}`).toEqual([station.unpairedEnds, station.waiting]);
        expect(station.unpairedEnds, `${cohort} ${wip.days[w]}`).not.toBe(0);
      }
      expect(cp.unpairedEnds![wip.days.length - 1], cohort).toBe(last);
      const clean = (await server.app.inject({ url: `/api/datasets/clean/stations?map=front-door&at=2023-12-31&${q}`, headers })).json();
      for (const s of clean.stations as MapStation[]) expect([s.id, s.unpairedEnds, s.unpairedNote], cohort).toEqual([s.id, SUPPRESSED, null]);
    }
  });
});
