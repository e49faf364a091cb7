// GET /api/datasets/:name/stations: the same answer as core/whereabouts.ts on the same events, equal
// to the metrics endpoint's open periods of care and CP plans, and to the flow view's work in progress.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths, dayFromCivil, formatDay, parseDay } from '../../../core/dates.js';
import { buildEventTable } from '../../../core/event-table.js';
import { AWAITING_ICPC, buildWhereabouts, placeOf, S47_OPEN, stationsAt, unpairedOpenAt, type StationWaiting } from '../../../core/whereabouts.js';
import { awkwardCsv, awkwardLog } from '../../core/awkward-log.js';
import { frontDoor } from '../../core/analysis/map.js';
import { publishCount, SUPPRESSED } from '../../../core/disclosure/policy.js';
import { startTestServer, uploadCsv, type TestServer } from './harness.js';

const log = awkwardLog({ children: 500, firstDay: dayFromCivil(2020, 4, 1), lastDay: dayFromCivil(2024, 3, 31), seed: 42 });
const table = buildEventTable(log.records);
const where = buildWhereabouts(table, frontDoor);

const csvOf = () => awkwardCsv(log);

let first = Infinity;
let last = -Infinity;
for (const r of log.records) {
  first = Math.min(first, r.day);
  last = Math.max(last, r.day);
}
const DATES = [first, Math.floor((first + last) / 2), last].map(formatDay);

describe('GET /api/datasets/:name/stations', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    const upload = await uploadCsv(server.app, 'awk', csvOf());
    expect(upload.statusCode, upload.body.slice(0, 300)).toBe(201);
  });
  afterAll(async () => server.close());
  const get = (url: string) => server.app.inject({ method: 'GET', url });

  it('answers each station\'s waiting children, waits and over-target count for a date, as core/whereabouts does', async () => {
    for (const at of DATES) {
      const res = await get(`/api/datasets/awk/stations?map=front-door&at=${at}`);
      expect(res.statusCode).toBe(200);
      // exact: with authentication off the loopback caller reads the moves anyway (README: exact without sign-in)
      // (the 5th longest wait is a viewer's longest: not sent beside the exact one)
      const exactOf = ({ fifthLongestWaitDays: _, parts, ...s }: StationWaiting): object => ({ ...s, ...(parts ? { parts: parts.map(exactOf) } : {}) });
      const expected = stationsAt(where, parseDay(at)!).stations.map(exactOf);
      // each station also says whether its count may be short (core/analysis/run-in.ts: tests/server/views/run-in.test.ts)
      const body = res.json();
      for (const s of body.stations) expect([typeof s.incomplete, typeof s.endsMissing, s.note === null || typeof s.note === 'string']).toEqual(['boolean', 'boolean', true]);
      // and how many of its open periods have an end recorded under another episode (unpairedOpenAt: the forecast's warning's number)
      const unpaired = unpairedOpenAt(where, parseDay(at)!);
      expect(body.stations.map((s: { unpairedEnds: number }) => s.unpairedEnds)).toEqual(unpaired.map((u) => u.waiting));
      const counts = body.stations.map(({ incomplete: _i, endsMissing: _e, note: _n, unpairedEnds: _u, unpairedNote: _un, ...s }: Record<string, unknown>) => s);
      expect({ ...body, stations: counts }).toEqual({ at, stations: JSON.parse(JSON.stringify(expected)), disclosure: { exactCounts: true, note: null }, cohortNote: null });
    }
  });

  it('counts Looked after and CP plan as the metrics endpoint\'s open_at_end for a window ending that day, with and without a cohort', async () => {
    let seen = 0;
    for (const cohort of ['', 'sex:F', 'age:10_15|16_plus;prev:0']) {
      for (const at of DATES) {
        const q = cohort ? `&cohort=${encodeURIComponent(cohort)}` : '';
        const stations = (await get(`/api/datasets/awk/stations?at=${at}${q}`)).json().stations as { id: string; waiting: number }[];
        const byId = Object.fromEntries(stations.map((s) => [s.id, s.waiting]));
        if (!cohort) {
          const metrics = (await get(`/api/datasets/awk/metrics?from=${formatDay(first)}&to=${at}`)).json();
          expect([byId.looked_after, byId.cp_plan, byId.assessment], at).toEqual([metrics.open_at_end.cla, metrics.open_at_end.cp_plan, metrics.open_at_end.assessment]);
          seen += metrics.open_at_end.cla + metrics.open_at_end.cp_plan;
        } else {
          const all = (await get(`/api/datasets/awk/stations?at=${at}`)).json().stations as { id: string; waiting: number }[];
          // A cohort is a subset, station by station.
          all.forEach((s, k) => expect(stations[k]!.waiting).toBeLessThanOrEqual(s.waiting));
        }
      }
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('gives the flow view\'s work in progress the same numbers at the end of each week (exact counts)', async () => {
    const exact = await startTestServer({ exactCounts: true });
    try {
      expect((await uploadCsv(exact.app, 'awk', csvOf())).statusCode).toBe(201);
      const body = (await exact.app.inject({ method: 'GET', url: '/api/datasets/awk/views/flow?from=2023-01-02&to=2023-03-26' })).json();
      const wip = body.workInProgress as { days: string[]; stations: { station: string; waiting: number[]; overTarget: number[] }[] };
      expect(wip.days).toHaveLength(12);
      for (const w of [0, 5, 11]) {
        const stations = (await get(`/api/datasets/awk/stations?at=${wip.days[w]}`)).json().stations as { id: string; waiting: number; overTarget: number; parts?: { id: string; waiting: number; overTarget: number }[] }[];
        for (const s of wip.stations) {
          const answer = placeOf(stations, s.station)!;
          expect([s.waiting[w], s.overTarget[w]], `${s.station} ${wip.days[w]}`).toEqual([answer.waiting, answer.overTarget]);
        }
      }
      expect(wip.stations.map((s) => s.station)).not.toContain('closed');
    } finally {
      await exact.close();
    }
  });

  it('serves a repeated question from its cache', async () => {
    const url = `/api/datasets/awk/stations?at=${DATES[1]}&cohort=sex%3AM`;
    const a = await get(url);
    const b = await get(url);
    expect([a.headers['x-cache'], b.headers['x-cache']]).toEqual(['miss', 'hit']);
    expect(b.json()).toEqual(a.json());
  });

  it('refuses a missing or impossible date, an unknown cohort value, map or dataset, saying which', async () => {
    expect((await get('/api/datasets/awk/stations')).json().error).toMatch(/query.*at/);
    const bad = await get('/api/datasets/awk/stations?at=2024-02-30');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/2024-02-30/);
    const cohort = await get('/api/datasets/awk/stations?at=2024-01-01&cohort=sex%3AX');
    expect(cohort.statusCode).toBe(400);
    expect(cohort.json().error).toMatch(/cohort sex has no value "X"/);
    expect((await get('/api/datasets/awk/stations?at=2024-01-01&map=tube')).statusCode).toBe(404);
    expect((await get('/api/datasets/nope/stations?at=2024-01-01')).statusCode).toBe(404);
  });
});

/**
 * Written by hand, rows in no order: K7 has a care period ended twice, then two care starts with no end
 * (one without an episode id); M2 one care start; P3 a CIN plan whose case closed on 15 Sep 2023; Z8 a
 * contact on 31 Dec 2023.
 */
const TWO_STARTS = readFileSync(new URL('../../fixtures/events/two-open-starts.csv', import.meta.url), 'utf8');

describe('children waiting on a hand-written log with two open care starts for one child', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    const upload = await uploadCsv(server.app, 'two', TWO_STARTS);
    expect(upload.statusCode, upload.body.slice(0, 300)).toBe(201);
  });
  afterAll(async () => server.close());
  const json = async (url: string) => (await server.app.inject({ method: 'GET', url })).json();

  it('answers 3 open and 2 children at Looked after, as the metrics count 3 open periods, and lists K7 once with 2 starts', async () => {
    const stations = (await json('/api/datasets/two/stations?at=2023-07-01')).stations as { id: string; waiting: number; children: number }[];
    expect(stations.find((s) => s.id === 'looked_after')).toMatchObject({ waiting: 3, children: 2 });
    expect((await json('/api/datasets/two/metrics?from=2023-01-01&to=2023-07-01')).open_at_end.cla).toBe(3);
    const listed = (await json('/api/datasets/two/stations/looked_after/children?at=2023-07-01')).children as { child: number; waitedDays: number; starts: number }[];
    expect(listed.map((c) => [c.waitedDays, c.starts])).toEqual([[89, 2], [42, 1]]);
  });

  it('no longer counts a CIN plan at CIN plan from the day its case closed', async () => {
    const cin = async (at: string) => ((await json(`/api/datasets/two/stations?at=${at}`)).stations as { id: string; waiting: number; children: number }[]).find((s) => s.id === 'cin_plan');
    expect(await cin('2023-09-14')).toMatchObject({ waiting: 1, children: 1 });
    expect(await cin('2023-09-15')).toMatchObject({ waiting: 0, children: 0 });
    // to the data's last day (Z8's contact): a date past it is refused
    expect(await cin('2023-12-31')).toMatchObject({ waiting: 0, children: 0 });
  });
});

describe('GET /api/datasets/:name/stations/:station/children', () => {
  const PASSWORD = 'correct horse battery staple';
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    expect((await uploadCsv(server.app, 'awk', csvOf())).statusCode).toBe(201);
    await server.app.accounts.add('vic', 'viewer', PASSWORD);
    await server.app.accounts.add('ana', 'analyst', PASSWORD);
  });
  afterAll(async () => server.close());
  const as = (user: string) => ({ authorization: `Bearer ${server.app.accounts.issueToken(user)}` });

  it('refuses a date after the data\'s last day or before its first on every route taking a map date, naming both days (review v8f finding 1)', async () => {
    const { from, to } = server.store.getDataset('awk')!;
    const first = parseDay(from!)!;
    const last = parseDay(to!)!;
    const routes = (at: string) => [`/api/datasets/awk/stations?at=${at}`, `/api/datasets/awk/stations?at=${at}&cohort=sex%3AF`, `/api/datasets/awk/stations/assessment/children?at=${at}`, `/api/datasets/awk/children/0/waits?at=${at}`];
    for (const day of [last + 1, last + 90, first - 1]) {
      for (const url of routes(formatDay(day))) {
        const res = await server.app.inject({ method: 'GET', url, headers: as('ana') });
        expect(res.statusCode, url).toBe(400);
        expect(res.json().error, url).toContain(`${formatDay(day)} is ${day > last ? 'after' : 'before'} the data, which runs from ${from} (its first day) to ${to} (its last)`);
      }
    }
    // The first and the last day themselves are answered.
    for (const day of [first, last]) for (const url of routes(formatDay(day))) expect((await server.app.inject({ method: 'GET', url, headers: as('ana') })).statusCode, url).toBe(200);
  });

  it("lists, for an analyst, every child in a station's number by index, each once, its open starts adding up to the number", async () => {
    let listed = 0;
    let twice = 0;
    for (const at of DATES) {
      for (const cohort of ['', '&cohort=sex%3AF']) {
        const numbers = (await server.app.inject({ method: 'GET', url: `/api/datasets/awk/stations?at=${at}${cohort}`, headers: as('ana') })).json().stations as { id: string; waiting: number; children: number; longestWaitDays: number | null }[];
        for (const station of numbers) {
          const res = await server.app.inject({ method: 'GET', url: `/api/datasets/awk/stations/${station.id}/children?at=${at}${cohort}`, headers: as('ana') });
          expect(res.statusCode).toBe(200);
          const children = res.json().children as { child: number; waitedDays: number; starts: number }[];
          expect(children.length, `${station.id} ${at}${cohort}`).toBe(station.children);
          expect(new Set(children.map((c) => c.child)).size).toBe(children.length);
          expect(children.reduce((sum, c) => sum + c.starts, 0), `${station.id} ${at}${cohort}`).toBe(station.waiting);
          expect(children[0]?.waitedDays ?? null).toBe(station.longestWaitDays);
          listed += children.length;
          twice += station.waiting - station.children;
        }
      }
    }
    expect(listed).toBeGreaterThan(0);
    expect(twice, 'the awkward log has children with two open starts at one station').toBeGreaterThan(0);
  });

  it("gives a viewer, for the longest wait, the 5th longest of the analyst's list: never one child's own", async () => {
    let compared = 0;
    for (const at of DATES) {
      const seen = (await server.app.inject({ method: 'GET', url: `/api/datasets/awk/stations?at=${at}`, headers: as('vic') })).json().stations as { id: string; children: number | string; longestWaitDays: number | string | null }[];
      for (const station of seen) {
        const list = (await server.app.inject({ method: 'GET', url: `/api/datasets/awk/stations/${station.id}/children?at=${at}`, headers: as('ana') })).json().children as { waitedDays: number; starts: number }[];
        // one open step per child here, so the children's waits are the steps' waits
        if (list.some((c) => c.starts > 1) || list.length < 5 || typeof station.longestWaitDays !== 'number') continue;
        const longestFirst = list.map((c) => c.waitedDays).sort((x, y) => y - x);
        expect(station.longestWaitDays, `${station.id} ${at}`).toBe(longestFirst[4]);
        compared++;
      }
    }
    expect(compared, 'stations compared: the test can fail').toBeGreaterThan(3);
  });

  it('refuses a viewer (child-level, like the moves) and names no unknown station', async () => {
    const url = `/api/datasets/awk/stations/assessment/children?at=${DATES[1]}`;
    expect((await server.app.inject({ method: 'GET', url, headers: as('vic') })).statusCode).toBe(403);
    expect((await server.app.inject({ method: 'GET', url: `/api/datasets/awk/stations/tube/children?at=${DATES[1]}`, headers: as('ana') })).statusCode).toBe(404);
  });

  it("gives one child's steps (the journey panel's) to a date, the open ones exactly as the stations' lists give them, station by station", async () => {
    const at = DATES[1]!;
    // A child with two starts open at one station (two care periods) is listed once there, with 2 starts
    // and its longest wait; its journey gives both steps.
    const lists = new Map<string, string[]>();
    const numbers = (await server.app.inject({ method: 'GET', url: `/api/datasets/awk/stations?at=${at}`, headers: as('ana') })).json().stations as { id: string }[];
    for (const { id } of numbers) {
      const children = (await server.app.inject({ method: 'GET', url: `/api/datasets/awk/stations/${id}/children?at=${at}`, headers: as('ana') })).json().children as { child: number; waitedDays: number; starts: number }[];
      for (const c of children) {
        if (!lists.has(String(c.child))) lists.set(String(c.child), []);
        lists.get(String(c.child))!.push(`${id} ${c.starts} ${c.waitedDays}`);
      }
    }
    const sample = [...lists.keys()].slice(0, 40);
    expect(sample.length).toBeGreaterThan(10);
    for (const child of sample) {
      const res = await server.app.inject({ method: 'GET', url: `/api/datasets/awk/children/${child}/waits?at=${at}`, headers: as('ana') });
      expect(res.statusCode).toBe(200);
      const steps = res.json().steps as { station: string; since: string; until: string | null; days: number }[];
      const expected = lists.get(child)!.sort();
      const open = new Map<string, number[]>();
      for (const w of steps.filter((w) => w.until === null)) open.set(w.station, [...(open.get(w.station) ?? []), w.days]);
      expect([...open].map(([station, days]) => `${station} ${days.length} ${Math.max(...days)}`).sort(), `child ${child}`).toEqual(expected);
      // Every step began by the date and, when over, ended by it.
      for (const w of steps) expect(w.since <= at && (w.until === null || w.until <= at), JSON.stringify(w)).toBe(true);
    }
  });

  it("refuses a viewer a child's waits, and a child index past the dataset's", async () => {
    expect((await server.app.inject({ method: 'GET', url: `/api/datasets/awk/children/0/waits?at=${DATES[1]}`, headers: as('vic') })).statusCode).toBe(403);
    expect((await server.app.inject({ method: 'GET', url: `/api/datasets/awk/children/999999/waits?at=${DATES[1]}`, headers: as('ana') })).statusCode).toBe(404);
    expect((await server.app.inject({ method: 'GET', url: `/api/datasets/awk/children/-1/waits?at=${DATES[1]}`, headers: as('ana') })).statusCode).toBe(400);
  });
});

/**
 * One disclosure decision per caller: the map's stations, the flow view's work in progress and the
 * metrics' open_at_end give the same published number for the same station and day, whoever asks.
 * With no users (authentication off, loopback) the caller reads the moves anyway, so all three are
 * exact; a signed-in viewer gets all three under the disclosure policy; an analyst all three exact.
 */
describe('the same number for the same caller on the map, the flow view and the metrics', () => {
  const PASSWORD = 'correct horse battery staple';
  let open: TestServer;
  let signed: TestServer;
  const callers: { name: string; exact: boolean; get: (url: string) => Promise<{ statusCode: number; json(): any }> }[] = [];
  beforeAll(async () => {
    open = await startTestServer();
    signed = await startTestServer();
    for (const s of [open, signed]) expect((await uploadCsv(s.app, 'awk', csvOf())).statusCode).toBe(201);
    await signed.app.accounts.add('vic', 'viewer', PASSWORD);
    await signed.app.accounts.add('ana', 'analyst', PASSWORD);
    const as = (user: string) => ({ authorization: `Bearer ${signed.app.accounts.issueToken(user)}` });
    const viewer = as('vic');
    const analyst = as('ana');
    callers.push(
      { name: 'no users configured', exact: true, get: (url) => open.app.inject({ method: 'GET', url }) },
      { name: 'viewer', exact: false, get: (url) => signed.app.inject({ method: 'GET', url, headers: viewer }) },
      { name: 'analyst', exact: true, get: (url) => signed.app.inject({ method: 'GET', url, headers: analyst }) },
    );
  });
  afterAll(async () => {
    await open.close();
    await signed.close();
  });

  it('gives each caller one published value per station and day on all three', async () => {
    const metricsKey: Record<string, string> = { looked_after: 'cla', cp_plan: 'cp_plan', assessment: 'assessment' };
    for (const caller of callers) {
      const flow = await caller.get('/api/datasets/awk/views/flow?from=2023-01-02&to=2023-03-26');
      expect(flow.statusCode, caller.name).toBe(200);
      const wip = flow.json().workInProgress as { days: string[]; stations: { station: string; waiting: (number | string)[]; overTarget: (number | string)[] }[] };
      let small = 0;
      let compared = 0;
      for (const w of [0, 5, 11]) {
        const day = wip.days[w]!;
        const stations = (await caller.get(`/api/datasets/awk/stations?at=${day}`)).json();
        const metrics = (await caller.get(`/api/datasets/awk/metrics?from=${formatDay(first)}&to=${day}`)).json();
        expect([stations.disclosure.exactCounts, metrics.disclosure?.exactCounts ?? true, flow.json().disclosure.exactCounts], `${caller.name} ${day}`).toEqual([caller.exact, caller.exact, caller.exact]);
        expect(metrics.window.to, caller.name).toBe(caller.exact ? day : formatDay(addMonths(parseDay(`${day.slice(0, 7)}-01`)!, 1) - 1));
        const truth = stationsAt(where, parseDay(day)!).stations;
        for (const s of wip.stations) {
          type Shown = { id: string; waiting: number | string; overTarget: number | string; parts?: Shown[] };
          const shown = placeOf(stations.stations as Shown[], s.station)!;
          const exact = placeOf(truth, s.station)!;
          const expected = caller.exact ? [exact.waiting, exact.overTarget] : [publishCount(exact.waiting), publishCount(exact.overTarget)];
          const where_ = `${caller.name}: ${s.station} on ${day}`;
          // a part of Section 47 may be [c] beside its total too (secondary suppression, aggregates.ts splitSuppressStations)
          const isPart = s.station === S47_OPEN || s.station === AWAITING_ICPC;
          if (isPart && !caller.exact) [shown.waiting, shown.overTarget].forEach((v, j) => expect(v === SUPPRESSED || v === expected[j], `${where_} (stations)`).toBe(true));
          else expect([shown.waiting, shown.overTarget], `${where_} (stations)`).toEqual(expected);
          expect([s.waiting[w], s.overTarget[w]], `${where_} (flow view)`).toEqual([shown.waiting, shown.overTarget]);
          // a viewer's metrics window is whole months (audit a12g F3): its open_at_end is that of the month's last day
          if (metricsKey[s.station]) {
            const end = placeOf(stationsAt(where, parseDay(metrics.window.to)!).stations, s.station)!.waiting;
            expect(metrics.open_at_end[metricsKey[s.station]!], `${where_} (metrics to ${metrics.window.to})`).toEqual(caller.exact ? end : publishCount(end));
            if (caller.exact) expect(end).toBe(exact.waiting);
          }
          if (exact.waiting >= 1 && exact.waiting <= 4) small++;
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(20);
      expect(small, 'the data has counts of 1 to 4, so suppression shows').toBeGreaterThan(0);
    }
  }, 60_000);
});
