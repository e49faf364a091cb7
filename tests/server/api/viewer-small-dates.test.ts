// A dataset of 1 to 4 children shows a viewer calendar years, as its dates are a child's own (issue 12
// audit, fix12 item 1). The attacker: 3 contacts all on 2023-06-05; dates one day apart around that day
// must give a viewer identical answers or identical refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { longDate } from '../../../core/analysis/date-text.js';
import { parseDay } from '../../../core/dates.js';
import { startTestServer, uploadCsv, type TestServer, userHeaders } from './harness.js';

describe('a viewer learns no date of a 1-4-child dataset finer than its years', () => {
  let server: TestServer;
  let viewer: Record<string, string>;
  beforeAll(async () => {
    server = await startTestServer();
    const csv = 'child_id,event,date\nK1,contact,2023-06-05\nK2,contact,2023-06-05\nK3,contact,2023-06-05\n';
    expect((await uploadCsv(server.app, 'tiny', csv)).statusCode).toBe(201);
    viewer = await userHeaders(server.app, 'vic', 'viewer');
  });
  afterAll(async () => server.close());
  const get = async (url: string, day = '') => {
    const r = await server.app.inject({ method: 'GET', url, headers: viewer });
    // the date asked is echoed (the map's `at`, the two-point view's a and b): read as DAY
    return `${r.statusCode} ${day === '' ? r.body : r.body.replaceAll(day, 'DAY').replaceAll(longDate(parseDay(day)!), 'DAY')}`;
  };

  it('answers the same for days one apart around the contacts', async () => {
    const allDays = ['2023-01-01', '2023-06-04', '2023-06-05', '2023-06-06', '2023-12-31'];
    const probes = [
      (d: string) => `/api/datasets/tiny/stations?map=front-door&at=${d}`,
      (d: string) => `/api/datasets/tiny/metrics?from=${d}&to=2023-12-31`,
      (d: string) => `/api/datasets/tiny/metrics?from=2023-01-01&to=${d}`,
      (d: string) => `/api/datasets/tiny/views/flow?from=${d}`,
      (d: string) => `/api/datasets/tiny/views/flow?to=${d}`,
      (d: string) => `/api/datasets/tiny/views/pathways?from=${d}`,
      (d: string) => `/api/datasets/tiny/views/rereferrals?to=${d}`,
      (d: string) => `/api/datasets/tiny/views/cohorts?from=${d}`,
      (d: string) => `/api/datasets/tiny/views/time-in-care?from=${d}`,
      (d: string) => `/api/datasets/tiny/views/two-point?a=${d}`,
      (d: string) => `/api/datasets/tiny/views/two-point?b=${d}`,
      (d: string) => `/api/datasets/tiny/views/impact?date=${d}`,
      (d: string) => `/api/compare/funnel?rate=contact_to_referral&from=${d}`,
    ];
    const differing: string[] = [];
    for (const probe of probes) {
      // a date the answer echoes (the map's at, the two-point view's a and b, impact's date) is compared
      // on the days either side of the contacts' (the year's first day is the data's, and says so)
      const echoed = /[?&](at|a|b|date)=/.test(probe(''));
      const days = echoed ? ['2023-06-04', '2023-06-05', '2023-06-06'] : allDays;
      const answers = await Promise.all(days.map((d) => get(probe(d), echoed ? d : '')));
      for (let i = 1; i < days.length; i++) {
        if (answers[i] !== answers[0]) differing.push(`${probe(days[i]!)}: ${answers[i]!.slice(0, 300)}\n   vs ${probe(days[0]!)}: ${answers[0]!.slice(0, 300)}`);
      }
    }
    expect(differing).toEqual([]);
  }, 120_000);

  // Audit a12c finding 4: the README says a 1-4-child dataset's counts under 10, 0 too, are [c] for a viewer;
  // the metrics gave 19 exact zeros (counts and open_at_end) and the flow view 424 (past-target counts of
  // stations with no target, which are now null: no count at all).
  it('shows a viewer no count under 10, 0 included, in the metrics and the views', async () => {
    const zeros: string[] = [];
    const walk = (v: unknown, path: string): void => {
      if (typeof v === 'number' && Number.isInteger(v) && v < 10 && !/\.disclosure\.|\.window\.|targetWorkingDays|\.rank|\.weeks/.test(path)) zeros.push(`${path}: ${v}`);
      else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
    };
    for (const url of ['/api/datasets/tiny/metrics', '/api/datasets/tiny/views/flow']) {
      const r = await server.app.inject({ method: 'GET', url, headers: viewer });
      expect(r.statusCode).toBe(200);
      walk(r.json(), url);
    }
    expect(zeros.slice(0, 10)).toEqual([]);
    const metrics = (await server.app.inject({ method: 'GET', url: '/api/datasets/tiny/metrics', headers: viewer })).json();
    expect(Object.values(metrics.counts).every((c) => c === '[c]')).toBe(true);
    expect(metrics.open_at_end).toEqual({ assessment: '[c]', cp_plan: '[c]', cla: '[c]' });
  });

  it("answers the map page's date, the published last day, with the stations", async () => {
    expect((await get('/api/datasets/tiny/stations?map=front-door&at=2023-12-31')).slice(0, 3)).toBe('200');
  });
});
