// The forecast API: the JSON shape, month 0 equal to the stations endpoint, workers giving the
// same answer as one thread, scenarios validated and saved by name, answers cached per dataset version.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayFromCivil, formatDay } from '../../../core/dates.js';
import { fitForecast } from '../../../core/forecast/fit.js';
import { forecast, ForecastHistorySchema } from '../../../core/forecast/forecast.js';
import { incompleteStockText } from '../../../core/forecast/incomplete-text.js';
import { parseMapDefinition } from '../../../core/map-schema.js';
import { trendLog, trendLogRows } from '../../core/forecast/trend-log.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { forecastCommand } from '../../../server/cli-forecast.js';
import { startTestServer, uploadCsv, watchEventLoop, type TestServer } from './harness.js';

const TO = dayFromCivil(2023, 12, 31);
const { table } = trendLog({ seed: 51, perDay: 3, to: TO });
const map = parseMapDefinition(JSON.parse(readFileSync(new URL('../../../maps/front-door.json', import.meta.url), 'utf8')));

function csv(): string {
  const lines = ['child_id,event,date,outcome'];
  lines.push(...trendLogRows(table));
  return lines.join('\n') + '\n';
}

describe('forecast API', { timeout: 120_000 }, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    const upload = await uploadCsv(server.app, 'trend', csv());
    expect(upload.statusCode, upload.body.slice(0, 300)).toBe(201);
  });
  afterAll(async () => server.close());

  it('GET answers { asOf, months, series } with the five quantiles, month 0 as the stations endpoint shows it', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/datasets/trend/forecast?months=12&runs=100&seed=4' });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const body = res.json();
    expect(body.asOf).toBe(formatDay(TO));
    expect(body.months[0]).toBe('2024-01');
    expect(body.months).toHaveLength(12);
    for (const name of ['contact', 'referral', 'assessment_start', 's47_start', 'icpc', 'cp_plan_start', 'cla_start', 'open_cp_plan', 'open_looked_after']) {
      expect(Object.keys(body.series[name]).sort()).toEqual(['p10', 'p25', 'p2_5', 'p50', 'p75', 'p90', 'p97_5']);
      expect(body.series[name].p50).toHaveLength(12);
    }
    const stations = (await server.app.inject({ method: 'GET', url: `/api/datasets/trend/stations?at=${formatDay(TO)}` })).json();
    for (const id of ['assessment', 'cin_plan', 'cp_plan', 'looked_after']) {
      const at = stations.stations.find((s: { id: string }) => s.id === id);
      expect(body.start[`open_${id}`] + body.pastHorizon[`open_${id}`]).toBe(at.waiting);
      expect(body.pastHorizon[`open_${id}`]).toBe(at.pastHorizon);
    }
    // Worker threads give exactly the single-thread answer on the same seed.
    const direct = forecast(fitForecast(table, map, TO), { months: 12, runs: 100, seed: 4 });
    expect(body.series).toEqual(JSON.parse(JSON.stringify(direct.series)));
    const again = await server.app.inject({ method: 'GET', url: '/api/datasets/trend/forecast?months=12&runs=100&seed=4' });
    expect(again.headers['x-cache']).toBe('hit');
  });

  it('past the horizon: on one dataset and date the forecast\'s pastHorizon per station is the stations endpoint\'s, at the horizon\'s edge too', async () => {
    // Assessments never closed, begun 364 to 367 days and two years before the date (the horizon is 365 days).
    const on = dayFromCivil(2023, 6, 30);
    const lines = [csv().trimEnd()];
    [364, 365, 366, 367, 730, 731].forEach((back, k) => {
      lines.push(`STALE-${k},referral,${formatDay(on - back - 3)},`);
      lines.push(`STALE-${k},assessment_start,${formatDay(on - back)},`);
    });
    const upload = await uploadCsv(server.app, 'stale', lines.join('\n') + '\n');
    expect(upload.statusCode, upload.body.slice(0, 300)).toBe(201);
    const fc = (await server.app.inject({ method: 'GET', url: `/api/datasets/stale/forecast?asOf=${formatDay(on)}&months=2&runs=20` })).json();
    const at = (await server.app.inject({ method: 'GET', url: `/api/datasets/stale/stations?at=${formatDay(on)}` })).json();
    for (const id of ['assessment', 'cin_plan', 'cp_plan', 'looked_after']) {
      const w = at.stations.find((s: { id: string }) => s.id === id);
      expect(fc.pastHorizon[`open_${id}`], id).toBe(w.pastHorizon);
      expect(fc.start[`open_${id}`] + fc.pastHorizon[`open_${id}`], id).toBe(w.waiting);
    }
    // 366, 367, 730 and 731 days are past a 365-day horizon; 364 and 365 are not (and the log's own may add some).
    expect(fc.pastHorizon.open_assessment).toBeGreaterThanOrEqual(4);
    const plain = (await server.app.inject({ method: 'GET', url: `/api/datasets/trend/stations?at=${formatDay(on)}` })).json();
    expect(fc.pastHorizon.open_assessment - plain.stations.find((s: { id: string }) => s.id === 'assessment').pastHorizon).toBe(4);
  });

  it('serves the recorded months before asOf: arrivals counted per month and stocks as the stations endpoint shows each month end, whole months only, none before the data', async () => {
    // The log from 10 March 2022 only: its first whole month is April 2022, within the 24 months before June 2023.
    const lines = csv().trimEnd().split('\n');
    const late = [lines[0]!, ...lines.slice(1).filter((l) => l.split(',')[2]! >= '2022-03-10')];
    const upload = await uploadCsv(server.app, 'late', late.join('\n') + '\n');
    expect(upload.statusCode, upload.body.slice(0, 300)).toBe(201);
    for (const [dataset, rows, first] of [['trend', lines.slice(1), '2021-06'], ['late', late.slice(1), '2022-04']] as const) {
      // asOf inside June 2023: the history is the whole months before it, up to May 2023
      const res = await server.app.inject({ method: 'GET', url: `/api/datasets/${dataset}/forecast?asOf=2023-06-15&months=3&runs=20` });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      const body = res.json();
      const history = ForecastHistorySchema.parse(body.history);
      expect(history.months[0], dataset).toBe(first);
      expect(history.months.at(-1)).toBe('2023-05');
      expect(body.months[0]).toBe('2023-06');
      expect(Object.keys(history.series).sort()).toEqual(Object.keys(body.series).sort());
      // Arrivals: the CSV's rows of each type whose date falls in the month, counted here from the text.
      for (const type of ['contact', 'referral', 'assessment_start', 's47_start', 'icpc', 'cp_plan_start', 'cin_plan_start', 'cla_start']) {
        const counted = history.months.map((month) => rows.filter((r) => { const c = r.split(','); return c[1] === type && c[2]!.startsWith(month); }).length);
        expect(history.series[type], `${dataset} ${type}`).toEqual(counted);
      }
      expect(history.series.referral!.reduce((a, b) => a + b)).toBeGreaterThan(0);
      // Stocks: what the stations endpoint shows at each month's end, less those past the horizon.
      for (const [m, month] of history.months.entries()) {
        const [y, mo] = month.split('-').map(Number) as [number, number];
        const end = formatDay(dayFromCivil(mo === 12 ? y + 1 : y, mo === 12 ? 1 : mo + 1, 1) - 1);
        const at = (await server.app.inject({ method: 'GET', url: `/api/datasets/${dataset}/stations?at=${end}` })).json();
        for (const id of ['assessment', 'cin_plan', 'cp_plan', 'looked_after']) {
          const w = at.stations.find((s: { id: string }) => s.id === id);
          expect(history.series[`open_${id}`]![m], `${dataset} ${id} ${end}`).toBe(w.waiting - w.pastHorizon);
          expect(history.pastHorizon[`open_${id}`]![m]).toBe(w.pastHorizon);
        }
      }
    }
  });

  it('POST runs a scenario beside its baseline with the difference; a bad lever is a 400 naming it', async () => {
    const res = await server.app.inject({
      method: 'POST', url: '/api/datasets/trend/forecast?months=6&runs=60',
      payload: { levers: [{ lever: 'contact_to_referral', multiplier: 0.75, from: '2024-01-01' }], costs: { weekly: { looked_after: 1000 } } },
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const body = res.json();
    expect(body.series.referral.p50[3]).toBeLessThan(body.baseline.referral.p50[3]);
    expect(body.difference.referral.p50[3]).toBeLessThan(0);
    expect(body.costs.scenario.quarters).toEqual(['2024-Q1', '2024-Q2']);
    const bad = await server.app.inject({ method: 'POST', url: '/api/datasets/trend/forecast', payload: { levers: [{ lever: 's47_rate', multiplier: -2, from: '2024-01-01' }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/levers/);
    const late = await server.app.inject({ method: 'GET', url: '/api/datasets/trend/forecast?asOf=2030-01-01' });
    expect(late.statusCode).toBe(400);
    expect((await server.app.inject({ method: 'GET', url: '/api/datasets/nope/forecast' })).statusCode).toBe(404);
  });

  it('reports progress in runs while it computes; an identical request joins the running one; a cached answer is done at once', async () => {
    const url = '/api/datasets/trend/forecast?months=24&runs=300&seed=77';
    const progress = (id: string) => server.app.inject({ method: 'GET', url: `/api/datasets/trend/forecast/progress?id=${id}` });
    const first = server.app.inject({ method: 'GET', url: `${url}&progress=first-0001` });
    const second = server.app.inject({ method: 'GET', url: `${url}&progress=second-0002` });
    let settled = false;
    void first.finally(() => (settled = true));
    const seen: { done: number; total: number }[] = [];
    while (!settled) {
      const res = await progress('first-0001');
      expect(res.statusCode).toBe(200);
      const p = res.json();
      if (p.total === null) expect(p.done).toBe(0); // asked before the request reached the route
      else seen.push(p);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const [a, b] = await Promise.all([first, second]);
    expect(a.statusCode, a.body.slice(0, 300)).toBe(200);
    expect(a.headers['x-cache']).toBe('miss');
    expect(b.headers['x-cache']).toBe('joined');
    expect(b.body).toBe(a.body);
    // At least one value strictly between none and all, never going back, all of the same total.
    expect(seen.some((p) => p.done > 0 && p.done < p.total), JSON.stringify(seen)).toBe(true);
    expect(seen.every((p) => p.total === 300)).toBe(true);
    expect(seen.map((p) => p.done)).toEqual([...seen.map((p) => p.done)].sort((x, y) => x - y));
    expect((await progress('first-0001')).json()).toEqual({ done: 300, total: 300 });
    expect((await progress('second-0002')).json()).toEqual({ done: 300, total: 300 });
    // The plain GET (no progress id) answers the same JSON.
    const plain = await server.app.inject({ method: 'GET', url });
    expect(plain.headers['x-cache']).toBe('hit');
    expect(plain.json()).toEqual(a.json());
    // Cached: done at once; a scenario counts its baseline's runs too.
    await server.app.inject({ method: 'GET', url: `${url}&progress=cached-0003` });
    expect((await progress('cached-0003')).json()).toEqual({ done: 300, total: 300 });
    const post = await server.app.inject({ method: 'POST', url: '/api/datasets/trend/forecast?months=3&runs=40&progress=scenario-04', payload: { levers: [{ lever: 's47_rate', multiplier: 0.9, from: '2024-01-01' }] } });
    expect(post.statusCode).toBe(200);
    expect(Object.keys(post.json())).not.toContain('progress');
    expect((await progress('scenario-04')).json()).toEqual({ done: 80, total: 80 });
    // An id is followed only under its own dataset (elsewhere: not started); a malformed id is a 400.
    expect((await server.app.inject({ method: 'GET', url: '/api/datasets/other/forecast/progress?id=first-0001' })).json()).toEqual({ done: 0, total: null });
    expect((await server.app.inject({ method: 'GET', url: `${url}&progress=no` })).statusCode).toBe(400);
  });

  it('refuses before running: an empty population table, an unknown cost station (also when saved), unknown fields (review v13 findings 1, 11, 15)', async () => {
    const post = (payload: unknown) => server.app.inject({ method: 'POST', url: '/api/datasets/trend/forecast?months=3&runs=40', payload: payload as object });
    const empty = await Promise.race([post({ levers: [{ lever: 'demand_growth', population: {}, from: '2024-04-01' }] }), new Promise<null>((resolve) => setTimeout(() => resolve(null), 30_000))]);
    expect(empty, 'no answer in 30 s').not.toBeNull();
    expect(empty!.statusCode).toBe(400);
    expect(empty!.json().error).toMatch(/body\.levers\.0\.population/);
    const cost = await post({ levers: [], costs: { weekly: { foo: 100 } } });
    expect(cost.statusCode, cost.body.slice(0, 300)).toBe(400);
    expect(cost.json().error).toMatch(/body\.costs\.weekly\.foo: .*looked_after/);
    const saved = await server.app.inject({ method: 'PUT', url: '/api/datasets/trend/scenarios/badcost', payload: { levers: [], costs: { weekly: { foo: 100 } } } });
    expect(saved.statusCode).toBe(400);
    expect((await server.app.inject({ method: 'GET', url: '/api/datasets/trend/scenarios/badcost' })).statusCode).toBe(404);
    const extra = await post({ levers: [], extra: 1 });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error).toMatch(/"extra"/);
    // The service still answers at once.
    expect((await server.app.inject({ method: 'GET', url: '/api/datasets' })).statusCode).toBe(200);
  });

  it('saves, lists, reads and deletes scenarios by name per dataset', async () => {
    const scenario = { levers: [{ lever: 'demand_growth', percentPerYear: 5, from: '2024-04-01' }] };
    const put = await server.app.inject({ method: 'PUT', url: '/api/datasets/trend/scenarios/Growth%205', payload: scenario });
    expect(put.statusCode, put.body).toBe(200);
    const list = (await server.app.inject({ method: 'GET', url: '/api/datasets/trend/scenarios' })).json();
    expect(list.scenarios.map((s: { name: string }) => s.name)).toEqual(['Growth 5']);
    const one = (await server.app.inject({ method: 'GET', url: '/api/datasets/trend/scenarios/Growth%205' })).json();
    expect(one.scenario.levers[0].percentPerYear).toBe(5);
    expect((await server.app.inject({ method: 'DELETE', url: '/api/datasets/trend/scenarios/Growth%205' })).statusCode).toBe(204);
    expect((await server.app.inject({ method: 'GET', url: '/api/datasets/trend/scenarios/Growth%205' })).statusCode).toBe(404);
  });

  it('back-test endpoint: actuals beside the forecast with coverage shares', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/datasets/trend/forecast/backtest?months=6&runs=60' });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const body = res.json();
    expect(body.forecast.months).toEqual(['2023-07', '2023-08', '2023-09', '2023-10', '2023-11', '2023-12']);
    expect(body.measures.referral.actual).toHaveLength(6);
    expect(body.measures.referral.inside80).toBeGreaterThanOrEqual(0);
  });

  it('a back-test runs off the request thread: another request meanwhile answers in well under a second; progress is followed, the answer cached (review v13 finding 10)', async () => {
    const url = '/api/datasets/trend/forecast/backtest?months=12&runs=400&seed=11';
    const loop = watchEventLoop();
    const started = performance.now();
    const backtest = server.app.inject({ method: 'GET', url: `${url}&progress=backtest-01` });
    let settled = false;
    void backtest.finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const asked = performance.now();
    const other = await server.app.inject({ method: 'GET', url: '/api/datasets' });
    const otherMs = performance.now() - asked;
    const otherBeforeBacktest = !settled;
    const seen: number[] = [];
    while (!settled) {
      const p = (await server.app.inject({ method: 'GET', url: '/api/datasets/trend/forecast/progress?id=backtest-01' })).json();
      if (p.total !== null) seen.push(p.done);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const res = await backtest;
    const took = performance.now() - started;
    const longest = loop.stop();
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(other.statusCode).toBe(200);
    expect(otherBeforeBacktest, `the other request ended after the back-test (${otherMs.toFixed(0)} ms of ${took.toFixed(0)} ms)`).toBe(true);
    expect(otherMs, `GET /api/datasets took ${otherMs.toFixed(0)} ms during a ${took.toFixed(0)} ms back-test`).toBeLessThan(500);
    expect(longest, `longest event-loop stall ${longest.toFixed(0)} ms of ${took.toFixed(0)} ms`).toBeLessThan(Math.max(500, took / 4));
    expect(seen.some((d) => d > 0 && d < 400), seen.join(' ')).toBe(true);
    expect(res.json().measures.referral.actual).toHaveLength(12);
    expect((await server.app.inject({ method: 'GET', url })).headers['x-cache']).toBe('hit');
  });

  it('a lever with nothing to act on is refused by name, not run to the baseline: conversion on data without contacts (review v13 finding 14)', async () => {
    const noContacts = csv().split('\n').filter((line) => !line.includes(',contact,')).join('\n');
    const upload = await uploadCsv(server.app, 'nocontact', noContacts);
    expect(upload.statusCode, upload.body.slice(0, 300)).toBe(201);
    const cut = { levers: [{ lever: 'contact_to_referral', multiplier: 0.75, from: '2024-01-01' }] };
    const res = await server.app.inject({ method: 'POST', url: '/api/datasets/nocontact/forecast?months=3&runs=20', payload: cut });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(400);
    expect(res.json().error).toMatch(/^body\.levers\.0: contact_to_referral: .*no contacts.*would change nothing/);
    // The CLI stops with the same words, naming the scenario file.
    const file = join(server.dir, 'cut.json');
    writeFileSync(file, JSON.stringify(cut));
    await expect(forecastCommand(server.store, { dataset: 'nocontact', months: 3, runs: 20, seed: 1, map: 'front-door', json: true, scenarioFile: file })).rejects.toThrow(/cut\.json: levers\.0: contact_to_referral: .*no contacts/);
    // Other levers on the same data still run; the same lever where contacts exist still runs.
    const other = await server.app.inject({ method: 'POST', url: '/api/datasets/nocontact/forecast?months=3&runs=20', payload: { levers: [{ lever: 's47_rate', multiplier: 0.75, from: '2024-01-01' }] } });
    expect(other.statusCode, other.body.slice(0, 300)).toBe(200);
    const withContacts = await server.app.inject({ method: 'POST', url: '/api/datasets/trend/forecast?months=3&runs=20', payload: cut });
    expect(withContacts.statusCode, withContacts.body.slice(0, 300)).toBe(200);
  });

  it('a cap with no phase-in is answered with a warning that it empties the stock at once, by the API and the CLI; none with a phase-in', async () => {
    const post = (lever: object) => server.app.inject({ method: 'POST', url: '/api/datasets/trend/forecast?months=3&runs=20', payload: { levers: [lever] } });
    const cap = { lever: 'time_in_care', capDays: 365, from: '2024-01-01' };
    const res = await post(cap);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const body = res.json();
    expect(body.warnings).toHaveLength(1);
    expect(body.warnings[0]).toMatch(/^Time in care capped at 365 days from 1 January 2024 with no phase-in: \d+ of the \d+ periods of care open on 31 December 2023 are then 365 days long or more and end that day, so the number of children looked after falls within the first month/);
    expect((await post({ ...cap, phaseInMonths: 6 })).json().warnings).toEqual([]);
    const file = join(server.dir, 'cap.json');
    writeFileSync(file, JSON.stringify({ levers: [cap] }));
    const args = { dataset: 'trend', months: 3, runs: 20, seed: 1, map: 'front-door', scenarioFile: file };
    expect(JSON.parse(await forecastCommand(server.store, { ...args, json: true })).warnings).toEqual(body.warnings);
    expect((await forecastCommand(server.store, { ...args, json: false })).split('\n')[1]).toBe(`warning: ${body.warnings[0]}`);
  });

  it('CLI forecast: --json gives the API\'s answer; a scenario file with a bad lever names its path', async () => {
    const args = { dataset: 'trend', months: 12, runs: 100, seed: 4, map: 'front-door', json: true };
    const json = JSON.parse(await forecastCommand(server.store, args));
    const api = (await server.app.inject({ method: 'GET', url: '/api/datasets/trend/forecast?months=12&runs=100&seed=4' })).json();
    expect(json).toEqual(api);
    const text = await forecastCommand(server.store, { ...args, json: false });
    expect(text.split('\n')[2]).toMatch(/^2024-01\t/);
    const file = join(server.dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ levers: [{ lever: 'cp_plan_rate', multiplier: 'x', from: '2024-01-01' }] }));
    await expect(forecastCommand(server.store, { ...args, scenarioFile: file })).rejects.toThrow(/bad\.json: levers\.0/);
    await expect(forecastCommand(server.store, { ...args, months: 61 })).rejects.toThrow(/--months/);
    // --as-of outside the data, or on its first day (nothing to fit), is refused as the API refuses it (review v13 finding 12).
    const first = formatDay(table.day.reduce((a, b) => Math.min(a, b), Infinity));
    for (const asOf of ['1999-01-01', '2030-01-01', first]) {
      const api = await server.app.inject({ method: 'GET', url: `/api/datasets/trend/forecast?asOf=${asOf}&runs=20&months=1` });
      expect(api.statusCode, asOf).toBe(400);
      const message = api.json().error.replace(/^query\.asOf: /, '');
      expect(message).toMatch(asOf === first ? /whole months? of data before it/ : /the data's (first|last) date/);
      await expect(forecastCommand(server.store, { ...args, asOf })).rejects.toThrow(`--as-of: ${message}`);
    }
  });

  it('a forecast from a date in the data\'s first months says which stocks start short, as the stations endpoint says of that day; the API, the CLI and the page\'s words agree; from the last date none (audit a13b)', async () => {
    const early = '2019-09-30';
    const fc = (await server.app.inject({ method: 'GET', url: `/api/datasets/trend/forecast?asOf=${early}&months=3&runs=20` })).json();
    const at = (await server.app.inject({ method: 'GET', url: `/api/datasets/trend/stations?at=${early}` })).json();
    const short: string[] = [];
    for (const id of ['assessment', 'cin_plan', 'cp_plan', 'looked_after']) {
      const w = at.stations.find((s: { id: string }) => s.id === id);
      const entry = fc.incomplete[`open_${id}`];
      // the same verdict and the same sentence as the stations endpoint for the forecast's first day
      expect(entry?.atStart ?? false, id).toBe(w.incomplete);
      if (w.incomplete) {
        expect(entry.note, id).toBe(w.note);
        short.push(id);
      }
    }
    // children already on a plan or in care when the data begins (1 January 2019) are missing nine months on
    expect(short).toEqual(expect.arrayContaining(['cp_plan', 'looked_after']));
    expect(fc.incomplete.open_cp_plan.note).toMatch(/^Incomplete: CP plan on 30 September 2019 misses children who arrived before the data's first day, 1 January 2019/);
    expect(incompleteStockText(fc.incomplete.open_cp_plan)).toMatch(/The forecast starts from that count, so this stock starts too low/);
    const text = await forecastCommand(server.store, { dataset: 'trend', months: 3, runs: 20, seed: 1, map: 'front-door', json: false, asOf: early });
    expect(text).toContain(`warning: open_cp_plan: ${incompleteStockText(fc.incomplete.open_cp_plan)}`);
    // From the data's last date every count is whole, and nothing is said.
    const last = (await server.app.inject({ method: 'GET', url: '/api/datasets/trend/forecast?months=3&runs=20' })).json();
    expect(last.incomplete).toEqual({});
  });
});
