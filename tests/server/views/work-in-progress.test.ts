// Work in progress on the flow view is the map's "who is where": on every week's last day each station's
// waiting and past-target counts equal GET /stations for that day, exact and as a viewer sees them;
// stations where children wait, never an exit, the front door first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths, formatDay } from '../../../core/dates.js';
import { publishCount } from '../../../core/disclosure/policy.js';
import { today } from '../../../server/import/events-csv.js';
import { randomRecords } from '../../core/analysis/fixtures.js';
import { startTestServer, uploadCsv, type TestServer, userHeaders } from '../api/harness.js';

describe('work in progress against the map', () => {
  const csv = ['child_id,event,date,outcome', ...randomRecords(900, 11).filter((r) => r.day <= addMonths(today(), 12)).map((r) => `${r.child},${r.type},${formatDay(r.day)},${r.outcome ?? ''}`)].join('\n') + '\n';
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
      for (const waitsHere of ['referral', 'assessment', 's47', 'icpc', 'cp_plan', 'cin_plan', 'looked_after', 'early_help']) expect(ids).toContain(waitsHere);
      let compared = 0;
      for (const w of [0, 9, 30, wip.days.length - 1]) {
        const day = wip.days[w];
        // the map's exact answer, published as a viewer would see it
        const map = (await servers.exact!.app.inject({ url: `/api/datasets/la/stations?map=front-door&at=${day}` })).json();
        const shown = (v: number) => (mode === 'exact' ? v : publishCount(v));
        for (const s of wip.stations) {
          const station = map.stations.find((x: { id: string }) => x.id === s.station);
          expect(s.waiting[w], `${s.station} on ${day}`).toEqual(shown(station.waiting));
          if (s.targetWorkingDays !== null) expect(s.overTarget[w], `${s.station} past target on ${day}`).toEqual(shown(station.overTarget));
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(30);
    }, 60_000);
  }
});
