// Work in progress on the flow view is the map's "who is where": on every week's last day each station's
// waiting and past-target counts equal GET /stations for that day, exact and as a viewer sees them;
// stations where children wait, never an exit, the front door first. Section 47 as its two parts
// (enquiries open, awaiting ICPC: the stations answer's `parts`), each equal to the map's part and the two
// adding up to the map's Section 47.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths, formatDay } from '../../../core/dates.js';
import { publishCount, SUPPRESSED } from '../../../core/disclosure/policy.js';
import { AWAITING_ICPC, placeOf, S47_OPEN } from '../../../core/whereabouts.js';
import { today } from '../../../server/import/events-csv.js';
import { randomRecords } from '../../core/analysis/fixtures.js';
import { startTestServer, uploadCsv, type TestServer, userHeaders } from '../api/harness.js';

type Place = { id: string; waiting: number | string; overTarget: number | string; parts?: Place[] };

describe('work in progress against the map', () => {
  // randomRecords' S47s have no end: two in three here end with a conference to come five days on (an
  // ICPC, if any, later), so children wait at Section 47 awaiting one
  const records = randomRecords(900, 11).flatMap((r, k) => (r.type === 's47_start' && k % 3 !== 0 ? [r, { ...r, type: 's47_end' as const, day: r.day + 5, outcome: 'icpc' }] : [r]));
  const csv = ['child_id,event,date,outcome', ...records.filter((r) => r.day <= addMonths(today(), 12)).map((r) => `${r.child},${r.type},${formatDay(r.day)},${r.outcome ?? ''}`)].join('\n') + '\n';
  const servers: Record<'exact' | 'viewer', TestServer | null> = { exact: null, viewer: null };
  const headers: Record<'exact' | 'viewer', Record<string, string>> = { exact: {}, viewer: {} };
  beforeAll(async () => {
    servers.exact = await startTestServer({ exactCounts: true });
    servers.viewer = await startTestServer();
    for (const s of Object.values(servers)) expect((await uploadCsv(s!.app, 'la', csv)).statusCode).toBe(201);
    // Suppression is what a signed-in viewer gets (without users the loopback caller is answered exactly).
    headers.viewer = await userHeaders(servers.viewer.app, 'vic', 'viewer');
  }, 60_000);
  afterAll(async () => {
    for (const s of Object.values(servers)) await s?.close();
  });

  for (const mode of ['exact', 'viewer'] as const) {
    it(`equals the map's stations on several dates (${mode})`, async () => {
      const app = servers[mode]!.app;
      const flow = (await app.inject({ url: '/api/datasets/la/views/flow?from=2021-01-04&to=2022-12-25', headers: headers[mode] })).json();
      const wip = flow.workInProgress;
      expect(wip.days.length).toBeGreaterThan(50);
      const ids = wip.stations.map((s: { station: string }) => s.station);
      expect(ids.slice(0, 2)).toEqual(['referral', 'assessment']);
      for (const exit of ['nfa', 'closed']) expect(ids).not.toContain(exit);
      for (const waitsHere of ['referral', 'assessment', 's47_open', 'awaiting_icpc', 'icpc', 'cp_plan', 'cin_plan', 'looked_after', 'early_help']) expect(ids).toContain(waitsHere);
      expect(ids.indexOf('awaiting_icpc')).toBe(ids.indexOf('s47_open') + 1);
      expect(ids).not.toContain('s47');
      let compared = 0;
      let awaiting = 0;
      for (const w of [0, 9, 30, wip.days.length - 1]) {
        const day = wip.days[w];
        // the map's exact answer, published as a viewer would see it
        const map = (await servers.exact!.app.inject({ url: `/api/datasets/la/stations?map=front-door&at=${day}` })).json();
        // and as this caller sees it (a part of Section 47 may be [c] beside its total: secondary suppression)
        const mine = (await app.inject({ url: `/api/datasets/la/stations?map=front-door&at=${day}`, headers: headers[mode] })).json();
        const shown = (v: number) => (mode === 'exact' ? v : publishCount(v));
        for (const s of wip.stations) {
          const station = placeOf(map.stations as Place[], s.station)!;
          const isPart = s.station === S47_OPEN || s.station === AWAITING_ICPC;
          const seen = placeOf(mine.stations as Place[], s.station)!;
          expect(s.waiting[w], `${s.station} on ${day}`).toEqual(seen.waiting);
          if (!isPart || seen.waiting !== SUPPRESSED) expect(s.waiting[w], `${s.station} on ${day}`).toEqual(shown(station.waiting as number));
          if (s.targetWorkingDays !== null) {
            expect(s.overTarget[w], `${s.station} past target on ${day}`).toEqual(seen.overTarget);
            if (!isPart || seen.overTarget !== SUPPRESSED) expect(s.overTarget[w], `${s.station} past target on ${day}`).toEqual(shown(station.overTarget as number));
          }
          if (s.station === AWAITING_ICPC) awaiting += station.waiting as number;
          compared++;
        }
        // the parts add up to the map's Section 47 (its dots)
        const s47 = map.stations.find((x: Place) => x.id === 's47') as Place;
        expect(s47.parts!.map((p) => p.id)).toEqual([S47_OPEN, AWAITING_ICPC]);
        expect((s47.parts![0]!.waiting as number) + (s47.parts![1]!.waiting as number), day).toBe(s47.waiting);
      }
      expect(compared).toBeGreaterThan(30);
      // the log has children awaiting a conference on these dates
      expect(awaiting).toBeGreaterThan(0);
    }, 60_000);
  }
});
