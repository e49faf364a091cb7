// The care-only forecast reached from the API and the CLI: GET /api/datasets/:name/forecast/care-only
// and `cli forecast --care-only`, on SSDA903 episodes with placement types.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayFromCivil, formatDay, parseDay } from '../../../core/dates.js';
import { careOnlyForecast, type CareSpell } from '../../../core/forecast/care-only-fit.js';
import { careOnlyCommand } from '../../../server/cli-forecast.js';
import { multipart, startTestServer, type TestServer } from './harness.js';

const EPISODES = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN';
const dmy = (day: number) => formatDay(day).split('-').reverse().join('/');
const CODES = ['U1', 'K2', 'U4', 'H5', 'Z1', 'U6'];

/** 36 children entering care from April 2021, some moving placement, some leaving. */
function episodes() {
  const rows: { child: string; start: number; end: number | null; place: string; rec: string }[] = [];
  const dob: Record<string, number> = {};
  for (let i = 0; i < 36; i++) {
    const child = `C${i}`;
    dob[child] = dayFromCivil(2004 + (i % 17), 1 + (i % 12), 1 + (i % 27));
    const start = dayFromCivil(2021, 4, 1) + 17 * i;
    const move = i % 2 === 0 ? start + 60 + i : null;
    const leave = i % 3 === 0 ? start + 200 + 3 * i : null;
    const first = CODES[i % CODES.length]!;
    if (move !== null) {
      rows.push({ child, start, end: move, place: first, rec: 'X1' });
      rows.push({ child, start: move, end: leave, place: CODES[(i + 1) % CODES.length]!, rec: leave === null ? '' : 'E11' });
    } else rows.push({ child, start, end: leave, place: first, rec: leave === null ? '' : 'E11' });
  }
  return { rows, dob };
}

describe('care-only forecast API and CLI', { timeout: 120_000 }, () => {
  let server: TestServer;
  const { rows, dob } = episodes();
  beforeAll(async () => {
    server = await startTestServer();
    const csv = [EPISODES, ...rows.map((r) => `${r.child},${dmy(r.start)},S,C2,N1,${r.place},PR1,${r.end === null ? '' : dmy(r.end)},${r.rec},,,,`)].join('\n');
    const header = ['CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB', ...Object.entries(dob).map(([c, d]) => `${c},1,${dmy(d)},WBRI,,,`)].join('\n');
    const { body, contentType } = multipart([['ssda903', '2023-episodes.csv', Buffer.from(csv)], ['ssda903', '2023-header.csv', Buffer.from(header)]]);
    const res = await server.app.inject({ method: 'POST', url: '/api/datasets/care?lenient=1', headers: { 'content-type': contentType }, payload: body });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(201);
  });
  afterAll(async () => server.close());

  it('answers month-end children looked after per placement, from the episodes as the core computes them', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/datasets/care/forecast/care-only?asOf=2022-09-30&months=12&reference=2022-03-31' });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const body = res.json();
    expect(body.asOf).toBe('2022-09-30');
    expect(body.reference).toEqual({ from: '2022-03-31', to: '2022-09-30', days: 183 });
    expect(body.months).toHaveLength(12);
    expect(body.months[0]).toBe('2022-10');
    expect(body.placements).toEqual(['fostering', 'residential', 'supported', 'other']);
    // The same computation on the episodes as written (child index = order of first appearance).
    const index = new Map<string, number>();
    const spells: CareSpell[] = rows.map((r) => {
      if (!index.has(r.child)) index.set(r.child, index.size);
      return { child: index.get(r.child)!, start: r.start, end: r.end, placement: r.place };
    });
    const dobs = [...index.keys()].map((c) => dob[c]!);
    const direct = careOnlyForecast(spells, dobs, { asOf: parseDay('2022-09-30')!, months: 12, referenceFrom: parseDay('2022-03-31')! });
    expect(body).toEqual(JSON.parse(JSON.stringify(direct)));
    // children in care on asOf: those started by then and not ended
    const open = rows.filter((r) => r.start <= parseDay('2022-09-30')! && (r.end === null || r.end > parseDay('2022-09-30')!)).length;
    expect(body.start.looked_after).toBe(open);
    expect((await server.app.inject({ method: 'GET', url: '/api/datasets/care/forecast/care-only?asOf=2022-09-30&months=12&reference=2022-03-31' })).headers['x-cache']).toBe('hit');
  });

  it('refuses what it cannot answer, naming the field', async () => {
    const get = (q: string) => server.app.inject({ method: 'GET', url: `/api/datasets/care/forecast/care-only?${q}` });
    expect((await get('months=61')).json().error).toMatch(/months/);
    expect((await get('asOf=2030-01-01')).json().error).toMatch(/query\.asOf: .*after the data's last date/);
    expect((await get('asOf=2022-09-30&reference=2022-09-20')).json().error).toMatch(/query\.reference: .*at least 28/);
    expect((await get('reference=2019-01-01')).json().error).toMatch(/query\.reference: .*before the data's first date/);
    expect((await get('asOf=2022-02-30')).statusCode).toBe(400);
    expect((await server.app.inject({ method: 'GET', url: '/api/datasets/none/forecast/care-only' })).statusCode).toBe(404);
  });

  it('CLI forecast --care-only: --json gives the API\'s answer, the table its numbers, bad dates the API\'s words', async () => {
    const args = { dataset: 'care', asOf: '2022-09-30', months: 6, reference: '2022-03-31', json: true };
    const api = (await server.app.inject({ method: 'GET', url: '/api/datasets/care/forecast/care-only?asOf=2022-09-30&months=6&reference=2022-03-31' })).json();
    expect(JSON.parse(careOnlyCommand(server.store, args))).toEqual(api);
    const text = careOnlyCommand(server.store, { ...args, json: false }).split('\n');
    expect(text[1]).toBe('month\tlooked_after\tfostering\tresidential\tsupported\tother');
    expect(text[2]).toBe(['2022-09-30', api.start.looked_after, api.start.fostering, api.start.residential, api.start.supported, api.start.other].join('\t'));
    expect(text[3]).toBe(['2022-10', ...['looked_after', 'fostering', 'residential', 'supported', 'other'].map((k) => api.series[k][0].toFixed(1))].join('\t'));
    expect(() => careOnlyCommand(server.store, { ...args, reference: '2022-09-20' })).toThrow(/--reference: .*at least 28/);
    expect(() => careOnlyCommand(server.store, { ...args, asOf: '2030-01-01' })).toThrow(/--as-of: .*after the data's last date/);
    expect(() => careOnlyCommand(server.store, { ...args, months: 0 })).toThrow(/--months/);
  });

  it('costs per placement type: the children looked after shared out as the placement types on asOf, each type costed, unknown codes refused', async () => {
    const asOf = parseDay('2022-09-30')!;
    const open = rows.filter((r) => r.start <= asOf && (r.end === null || r.end > asOf));
    const share = (code: string) => open.filter((r) => r.place === code).length / open.length;
    const post = (costs: object) => server.app.inject({ method: 'POST', url: '/api/datasets/care/forecast?asOf=2022-09-30&months=6&runs=40&seed=3', payload: { levers: [], costs } });
    const unit = (await post({ weekly: { looked_after: 1 } })).json().costs.baseline.series.cost_looked_after;
    const res = await post({ weekly: { looked_after: 1000 }, weeklyPerPlacement: { U1: 700, K2: 5000 } });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const { series, placementMix } = res.json().costs.baseline;
    expect(placementMix.at).toBe('2022-09-30');
    expect(placementMix.children).toBe(open.length);
    for (const code of ['U1', 'K2', 'U4', 'H5', 'Z1', 'U6']) expect(placementMix.shares[code] ?? 0).toBeCloseTo(share(code), 12);
    // Every cost is a fixed multiple of the same children-weeks in each run, so each quantile is that multiple of the unit cost's.
    const near = (got: number[], weekly: number) => got.forEach((v, q) => expect(Math.abs(v - weekly * unit.p50[q]) <= 0.01 + 0.005 * weekly + 1e-9 * v, // both rounded to pennies
       `${v} vs ${weekly} x ${unit.p50[q]}`).toBe(true));
    near(series.cost_placement_U1.p50, 700 * share('U1'));
    near(series.cost_placement_K2.p50, 5000 * share('K2'));
    near(series.cost_looked_after.p50, 1000 * (1 - share('U1') - share('K2')));
    near(series.cost_total.p50, 700 * share('U1') + 5000 * share('K2') + 1000 * (1 - share('U1') - share('K2')));
    expect(share('K2')).toBeGreaterThan(0);
    const bad = await post({ weekly: {}, weeklyPerPlacement: { U1: 700, U9: 10 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/costs\.weeklyPerPlacement\.U9: "U9" is not an SSDA903 placement type/);
  });
});
