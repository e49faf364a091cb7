import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJourneySteps } from '../../../core/analysis/journey-steps.js';
import { unrollPathways } from '../../../core/analysis/pathways.js';
import { rateIndicators, tallyRate, tallyWindows } from '../../../core/analysis/rate-indicators.js';
import { funnelLimits } from '../../../core/analysis/funnel.js';
import { buildEventTable } from '../../../core/event-table.js';
import { parseDay } from '../../../core/dates.js';
import { computeMetrics, prepareMetrics } from '../../../core/metrics.js';
import { frontDoor } from '../../core/analysis/map.js';
import { makeDataset, startTestServer, uploadCsv, type TestServer } from '../api/harness.js';

const data = makeDataset(120, 5);
const other = makeDataset(60, 9);
const table = buildEventTable(data.records);
const prepared = prepareMetrics(table);
const day = (s: string) => parseDay(s)!;

describe('the views API', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    expect((await uploadCsv(server.app, 'la1', data.csv)).statusCode).toBe(201);
    expect((await uploadCsv(server.app, 'la2', other.csv)).statusCode).toBe(201);
  });
  afterAll(async () => server.close());
  const get = (url: string) => server.app.inject({ method: 'GET', url });

  it('pathways: the link counts of unrollPathways on the same events, with tables', async () => {
    const res = await get('/api/datasets/la1/views/pathways?from=2022-01-01&to=2023-12-31&episodes=2');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const expected = unrollPathways(buildJourneySteps(table, frontDoor), { from: day('2022-01-01'), to: day('2023-12-31'), maxEpisodes: 2 });
    expect(body.links).toEqual(JSON.parse(JSON.stringify(expected.links)));
    expect(body.trips).toBeGreaterThan(0);
    const links = body.tables.find((t: { id: string }) => t.id === 'links');
    expect(links.rows.map((r: unknown[]) => r[2])).toEqual(expected.links.map((l) => l.count));
  });

  it('two-point: counts every child seen by date b', async () => {
    const res = await get('/api/datasets/la1/views/two-point?a=2022-06-30&b=2023-06-30');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const seenByB = new Set(data.records.filter((r) => r.day <= day('2023-06-30')).map((r) => r.child));
    expect(body.children).toBe(seenByB.size);
    expect(body.links.reduce((s: number, l: { count: number }) => s + l.count, 0)).toBe(seenByB.size);
  });

  it('rereferrals: each rolling point equals the metrics endpoint over its window', async () => {
    const body = (await get('/api/datasets/la1/views/rereferrals?from=2022-06-01&to=2023-09-30')).json();
    expect(body.series.monthly).toHaveLength(16);
    for (const point of body.series.rolling12.slice(0, 4)) {
      const m = computeMetrics(prepared, { from: point.from, to: point.to });
      expect(point.rate12m).toBe(m.rates.rereferral_12m);
      const metrics = (await get(`/api/datasets/la1/metrics?from=${m.window.from}&to=${m.window.to}`)).json();
      expect(point.share36m).toBe(metrics.rates.prior_referral_36m);
    }
    expect(body.nfaByPrevious.groups).toHaveLength(4);
  });

  it('flow: weekly WIP and arrivals per station, durations against 45 and 15 working days', async () => {
    const body = (await get('/api/datasets/la1/views/flow?from=2023-01-02&to=2023-03-26')).json();
    expect(body.weeks).toHaveLength(12);
    const referral = body.stations.find((s: { station: string }) => s.station === 'referral');
    const referralsInWindow = data.records.filter((r) => r.type === 'referral' && r.day >= day('2023-01-02') && r.day <= day('2023-03-26')).length;
    expect(referral.arrivals.reduce((a: number, b: number) => a + b, 0)).toBe(referralsInWindow);
    expect(body.assessments.target).toBe(45);
    expect(body.s47ToIcpc.target).toBe(15);
    const m = computeMetrics(prepared, { from: day('2023-01-02'), to: day('2023-03-26') });
    expect(body.assessments.share).toBe(m.rates.assessment_within_45_wd);
    const feb = computeMetrics(prepared, { from: day('2023-02-01'), to: day('2023-02-28') });
    const point = body.conversion.find((c: { month: string }) => c.month === '2023-02');
    expect(point.rates.contact_to_referral.rate).toBe(feb.rates.contact_to_referral);
    expect(point.rates.referral_to_assessment.n).toBe(feb.counts.referral);
  });

  it('impact: before/after from a stored marker, with a verdict per weekly series', async () => {
    const marker = await server.app.inject({ method: 'POST', url: '/api/datasets/la1/markers', payload: { date: '2023-01-02', label: 'Inspection', kind: 'inspection' } });
    expect(marker.statusCode).toBe(201);
    const res = await get(`/api/datasets/la1/views/impact?marker=${marker.json().id}&weeks=12`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.marker).toBe('2023-01-02');
    expect(body.markerLabel).toBe('Inspection');
    const before = computeMetrics(prepared, { from: day('2023-01-02') - 84, to: day('2023-01-01') });
    expect(body.before.rates.referral_nfa.rate).toBe(before.rates.referral_nfa);
    expect(body.tables.map((t: { id: string }) => t.id)).toEqual(['rates', 'medians', 'regression', 'weekly']);
    expect((await get('/api/datasets/la1/views/impact?marker=999')).statusCode).toBe(404);
    expect((await get('/api/datasets/la1/views/impact')).json().error).toMatch(/marker/);
  });

  it('cohorts: A and B each agree with computeMetrics under the cohort', async () => {
    const body = (await get('/api/datasets/la1/views/cohorts?from=2022-01-01&to=2024-12-31&a=sex:F&b=sex:M')).json();
    const girls = Uint8Array.from({ length: table.length }, (_, i) => (data.children.find((c) => c.id === table.childIds[table.child[i]!])!.sex === 'F' ? 1 : 0));
    const m = computeMetrics(prepared, { from: day('2022-01-01'), to: day('2024-12-31') }, girls);
    expect(body.a.rates.referral_nfa.rate).toBe(m.rates.referral_nfa);
    expect(body.a.rates.referral_nfa.n).toBe(m.counts.referral);
    expect(body.cohortA).toBe('sex:F');
  });

  it('time in care: a Kaplan–Meier curve per group with numbers at risk', async () => {
    const body = (await get('/api/datasets/la1/views/time-in-care?kind=cp_plan&by=sex')).json();
    const starts = data.records.filter((r) => r.type === 'cp_plan_start').length;
    expect(body.groups.reduce((s: number, g: { curve: { n: number } }) => s + g.curve.n, 0)).toBe(starts);
    expect(body.groups.every((g: { atRisk: Array<{ day: number }> }) => g.atRisk[0]!.day === 0)).toBe(true);
  });

  it('funnel: each dataset a point with exact limits around the pooled rate', async () => {
    const res = await get('/api/compare/funnel?rate=referral_nfa&from=2022-01-01&to=2024-12-31');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const tallies = [data, other].map((d) => {
      const p = prepareMetrics(buildEventTable(d.records));
      return tallyRate(tallyWindows(p, rateIndicators(p), [{ from: day('2022-01-01'), to: day('2024-12-31') }])[0]!, 'referral_nfa');
    });
    const target = (tallies[0]!.k + tallies[1]!.k) / (tallies[0]!.n + tallies[1]!.n);
    expect(body.target).toBeCloseTo(target, 12);
    expect(body.points.map((p: { dataset: string }) => p.dataset)).toEqual(['la1', 'la2']);
    expect(body.points[0].limits).toEqual(funnelLimits(target, tallies[0]!.n));
    expect((await get('/api/compare/funnel?rate=nope')).statusCode).toBe(400);
  });

  it('serves the second identical request from the cache, and a new dataset version afresh', async () => {
    const url = '/api/datasets/la2/views/rereferrals?cohort=prev:0';
    expect((await get(url)).headers['x-cache']).toBe('miss');
    expect((await get(url)).headers['x-cache']).toBe('hit');
    expect((await get('/api/datasets/la2/views/rereferrals?cohort=prev%3A0%3B')).headers['x-cache']).toBe('hit'); // same canonical cohort
    expect((await uploadCsv(server.app, 'la2', other.csv, '?replace=1')).statusCode).toBeLessThan(300);
    expect((await get(url)).headers['x-cache']).toBe('miss');
  });

  it('exports CSV with a download name and small numbers suppressed', async () => {
    const res = await get('/api/datasets/la1/views/rereferrals?format=csv&table=nfa-by-previous');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="la1-rereferrals-nfa-by-previous.csv"');
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toBe('Previous referrals,Assessments ended,Ended NFA,NFA rate,NFA rate 95% CI lower,NFA rate 95% CI upper');
    const json = (await get('/api/datasets/la1/views/rereferrals')).json();
    json.nfaByPrevious.groups.forEach((g: { assessments: number; nfa: number }, i: number) => {
      const cells = lines[i + 1]!.split(',');
      expect(cells[1]).toBe(g.assessments >= 1 && g.assessments <= 4 ? '<5' : String(g.assessments));
      expect(cells[2]).toBe(g.nfa >= 1 && g.nfa <= 4 ? '<5' : String(g.nfa));
    });
    expect(lines.some((l) => l.includes('<5'))).toBe(true);
    expect((await get('/api/datasets/la1/views/flow?format=csv&table=nope')).json().error).toMatch(/no table "nope"/);
  });

  it('rejects bad queries with a message naming the field, and unknown datasets with 404', async () => {
    const bad = await get('/api/datasets/la1/views/pathways?cohort=sex:X');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/query.cohort: cohort sex has no value "X"/);
    expect((await get('/api/datasets/la1/views/pathways?episodes=0')).json().error).toMatch(/query.episodes: at least 1/);
    expect((await get('/api/datasets/la1/views/rereferrals?from=2024-01-01&to=2023-01-01')).statusCode).toBe(400);
    expect((await get('/api/datasets/nope/views/flow')).statusCode).toBe(404);
    expect((await get('/api/datasets/la1/views/pathways?map=nomap')).statusCode).toBe(404);
  });
});
