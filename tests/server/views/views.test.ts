import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJourneySteps } from '../../../core/analysis/journey-steps.js';
import { unrollPathways } from '../../../core/analysis/pathways.js';
import { rateIndicators, tallyRate, tallyWindows } from '../../../core/analysis/rate-indicators.js';
import { funnelPosition } from '../../../core/analysis/funnel.js';
import { ENGLAND } from '../../../core/analysis/england.js';
import { buildEventTable } from '../../../core/event-table.js';
import { addMonths, parseDay } from '../../../core/dates.js';
import { computeMetrics, prepareMetrics } from '../../../core/metrics.js';
import { frontDoor } from '../../core/analysis/map.js';
import { randomRecords } from '../../core/analysis/fixtures.js';
import { formatDay } from '../../../core/dates.js';
import { today } from '../../../server/import/events-csv.js';
import { makeDataset, savedMarker, startTestServer, toCsv, uploadCsv, type TestServer, userHeaders } from '../api/harness.js';

const data = makeDataset(120, 5);
const other = makeDataset(60, 9);
const table = buildEventTable(data.records);
const prepared = prepareMetrics(table);
const day = (s: string) => parseDay(s)!;
type Row = Record<string, string | number | null>;

/** The views on a server started to allow exact numbers: figures compared with the core functions. */
describe('the views API (exact counts)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ exactCounts: true });
    expect((await uploadCsv(server.app, 'la1', data.csv)).statusCode).toBe(201);
    expect((await uploadCsv(server.app, 'la2', other.csv)).statusCode).toBe(201);
  });
  afterAll(async () => server.close());
  const get = (url: string) => server.app.inject({ method: 'GET', url });

  it('pathways: the link counts of unrollPathways on the same events, with tables and headlines', async () => {
    const res = await get('/api/datasets/la1/views/pathways?from=2022-01-01&to=2023-12-31&episodes=2');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const expected = unrollPathways(buildJourneySteps(table, frontDoor), { from: day('2022-01-01'), to: day('2023-12-31'), maxEpisodes: 2 });
    expect(body.links.map((l: Row) => [l.source, l.target, l.count])).toEqual(expected.links.map((l) => [l.source, l.target, l.count]));
    // Headlines are the last 12 months of the window, beside the 12 months before.
    const lastYear = unrollPathways(buildJourneySteps(table, frontDoor), { from: day('2023-01-01'), to: day('2023-12-31'), maxEpisodes: 2 });
    const yearBefore = unrollPathways(buildJourneySteps(table, frontDoor), { from: day('2022-01-01'), to: day('2022-12-31'), maxEpisodes: 2 });
    expect(body.headlines[0]).toMatchObject({ key: 'trips', k: lastYear.trips, last_k: yearBefore.trips });
    expect(body.disclosure).toMatchObject({ exactCounts: true, suppressed: 0, rounded: 0 });
  });

  it('two-point: counts every child seen by date b', async () => {
    const body = (await get('/api/datasets/la1/views/two-point?a=2022-06-30&b=2023-06-30')).json();
    const seenByB = new Set(data.records.filter((r) => r.day <= day('2023-06-30')).map((r) => r.child));
    expect(body.headlines[0]).toMatchObject({ key: 'children', k: seenByB.size });
    expect(body.links.reduce((s: number, l: Row) => s + (l.count as number), 0)).toBe(seenByB.size);
    // at-b: the map's count at each station (a child at two counts at each), then every child once: those
    // waiting somewhere ('open') and those waiting nowhere (not yet seen, an exit, no open step)
    const once = body.atB.filter((r: Row) => r.id === 'open' || r.kind === 'at no station');
    expect(once.reduce((s: number, l: Row) => s + (l.children as number), 0)).toBe(seenByB.size);
  });

  it('rereferrals: each rolling point equals the metrics endpoint over its window, marked incomplete at the start', async () => {
    const body = (await get('/api/datasets/la1/views/rereferrals?from=2022-06-01&to=2023-09-30')).json();
    expect(body.rolling12).toHaveLength(16);
    // The data starts in 2022: a 12-month window ending in June 2022 starts before it and is not computed.
    expect(body.rolling12[0]).toMatchObject({ month: '2022-06', referrals: null, rate12m: null });
    expect(body.rolling12[0].incomplete12m).toMatch(/start before the data/);
    const last = body.rolling12[15];
    const m = computeMetrics(prepared, { from: day(last.from), to: day(last.to) });
    expect(last.rate12m).toBe(Math.round(m.rates.rereferral_12m! * 1e4) / 1e4);
    const metrics = (await get(`/api/datasets/la1/metrics?from=${last.from}&to=${last.to}`)).json();
    expect(last.share36m).toBe(Math.round(metrics.rates.prior_referral_36m * 1e4) / 1e4);
    expect(last.incomplete36m).toMatch(/look-back of 36 months/);
    expect(body.headlines.map((h: Row) => h.key)).toEqual(['rereferral_12m', 'prior_referral_36m', 'referral_nfa', 'referrals']);
    expect(body.headlines[0].england).toBe(0.226);
    expect(body.nfaByPrevious).toHaveLength(4);
  });

  it('flow: arrivals, stays (Kaplan–Meier), durations against 45 and 15 working days, conversion', async () => {
    const body = (await get('/api/datasets/la1/views/flow?from=2023-01-02&to=2023-03-26')).json();
    expect(body.weeks).toHaveLength(12);
    const referralsInWindow = data.records.filter((r) => r.type === 'referral' && r.day >= day('2023-01-02') && r.day <= day('2023-03-26')).length;
    expect(body.arrivals.reduce((s: number, w: Row) => s + (w.referral as number), 0)).toBe(referralsInWindow);
    const stay = body.stays.find((s: Row) => s.station_id === 'referral');
    expect(stay.arrivals).toBe(referralsInWindow);
    expect((stay.moved_on as number) + (stay.still_there as number)).toBe(referralsInWindow);
    const m = computeMetrics(prepared, { from: day('2023-01-02'), to: day('2023-03-26') });
    const total = body.assessments.bins.find((b: Row) => b.bin === 'All');
    const within = body.assessments.bins.find((b: Row) => b.bin === 'Within 45 working days');
    expect((within.count as number) / (total.count as number)).toBe(m.rates.assessment_within_45_wd);
    expect(body.headlines[0]).toMatchObject({ key: 'assessment_within_45_wd', k: within.count, n: total.count, england: 0.857 });
    const feb = computeMetrics(prepared, { from: day('2023-02-01'), to: day('2023-02-28') });
    const point = body.conversion.find((c: Row) => c.month === '2023-02');
    expect(point.contact_to_referral).toBe(Math.round(feb.rates.contact_to_referral! * 1e4) / 1e4);
    expect(point.referral_to_assessment_n).toBe(feb.counts.referral);
  });

  it('impact: findings for every measure, from a stored marker, with the sentence written from them', async () => {
    const marker = await server.app.inject({ method: 'POST', url: '/api/datasets/la1/markers', payload: { date: '2023-01-02', label: 'Inspection', kind: 'inspection' } });
    expect(marker.statusCode).toBe(201);
    const res = await get(`/api/datasets/la1/views/impact?marker=${marker.json().id}&weeks=12`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.marker).toBe('2023-01-02');
    expect(body.markerLabel).toBe('Inspection');
    expect(body.findings.map((f: Row) => f.measure)).toEqual([
      'contact_to_referral', 'referral_nfa', 'rereferral_12m', 'prior_referral_36m', 'referral_to_assessment',
      'assessment_within_45_wd', 's47_to_icpc', 'icpc_to_cp_plan', 'cp_plan_second_or_subsequent', 'referrals_per_week',
    ]);
    for (const f of body.findings) {
      expect(typeof f.changed).toBe('boolean');
      expect(['up', 'down', null]).toContain(f.direction);
      expect(Object.keys(f)).toEqual(expect.arrayContaining(['measure', 'changed', 'direction', 'estimate', 'lower', 'upper', 'p']));
    }
    expect(body.sentence).toMatch(/^No measure|changed by more than/);
    const before = computeMetrics(prepared, { from: day('2023-01-02') - 84, to: day('2023-01-01') });
    expect(body.raw.find((r: Row) => r.measure === 'referral_nfa').before_value).toBe(Math.round(before.rates.referral_nfa! * 1e4) / 1e4);
    expect(body.tables.map((t: { id: string }) => t.id)).toEqual(['headlines', 'findings', 'raw', 'weekly-referrals', 'weekly-rates', 'four-weekly-rates']);
    // every tested measure says what week-to-week echo its model allowed for (audit a9k: the column was empty in every row)
    const findingsTable = body.tables.find((t: { id: string }) => t.id === 'findings') as { columns: Array<{ key: string }>; rows: unknown[][] };
    const column = (key: string) => findingsTable.columns.findIndex((c) => c.key === key);
    const tested = findingsTable.rows.filter((r) => r[column('changed')] !== 'not tested');
    expect(tested.length).toBeGreaterThan(0);
    for (const r of tested) expect(r[column('rho')], String(r[column('measure')])).toEqual(expect.any(Number));
    expect((await get('/api/datasets/la1/views/impact?marker=999')).statusCode).toBe(404);
    expect((await get('/api/datasets/la1/views/impact')).json().error).toMatch(/marker/);
  });

  it('impact at the data\'s edges: a marker outside the data is a 400 naming both; a window the edge cuts says how much is left, and every headline on it is marked incomplete', async () => {
    const info = (await get('/api/datasets')).json().find((d: Row) => d.name === 'la1');
    const early = await get(`/api/datasets/la1/views/impact?date=${formatDay(day(info.from) - 400)}`);
    expect(early.statusCode).toBe(400);
    expect(early.json().error).toMatch(/is before the data, which runs from .+ to .+/);
    const late = await get(`/api/datasets/la1/views/impact?date=${formatDay(day(info.to) + 1)}`);
    expect(late.statusCode).toBe(400);
    expect(late.json().error).toMatch(/is after the data, which runs from .+ to .+/);
    // neither marker nor date: asked for one (it said "not both")
    const neither = (await get('/api/datasets/la1/views/impact')).json().error;
    expect(neither).toMatch(/give a marker \(an id\) or a date/);
    expect(neither).not.toMatch(/not both/);
    expect((await get('/api/datasets/la1/views/impact?date=2023-01-02&marker=1')).json().error).toMatch(/not both/);
    // the marker on the data's last day: 1 day of the 26 weeks asked
    const body = (await get(`/api/datasets/la1/views/impact?date=${info.to}`)).json();
    expect(body.windows.after).toMatchObject({ days: 1, requestedDays: 182, clipped: true });
    for (const h of body.headlines) {
      expect(h.note, String(h.key)).toMatch(/^Incomplete: the window after the marker is only 1 day of the 26 weeks \(182 days\) asked/);
      expect(h.note, String(h.key)).not.toMatch(/\. [a-z]/);
    }
    for (const r of body.raw) expect(r.after_note, String(r.measure)).toMatch(/^Incomplete: only 1 day of the 26 weeks/);
    expect(body.tables.find((t: { id: string }) => t.id === 'raw').title).toMatch(/after: only 1 day of the 26 weeks \(182 days\) asked/);
    // a whole window is not marked for its length
    const whole = (await get('/api/datasets/la1/views/impact?date=2023-01-02&weeks=12')).json();
    for (const h of whole.headlines) expect(String(h.note ?? '')).not.toMatch(/asked/);
  });

  it('impact: the default test is max-t (the jump against every week), its findings in the same shape and its sentence from them; series on request; an unknown model is refused', async () => {
    const res = await get('/api/datasets/la1/views/impact?date=2023-01-02&weeks=12');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.model).toBe('max-t');
    expect(body.findings).toHaveLength(10);
    for (const f of body.findings) {
      expect(Object.keys(f)).toEqual(expect.arrayContaining(['measure', 'changed', 'direction', 'estimate', 'lower', 'upper', 'p']));
      // What the sentence says is what the interval shows.
      if (f.changed) expect(f.lower > 0 || f.upper < 0).toBe(true);
      else if (f.estimate !== null) expect(f.lower <= 0 && f.upper >= 0).toBe(true);
    }
    expect(body.sentence).toMatch(/^No measure (changed|could be tested)|changed at the marker by more than/);
    if (body.calibration) expect(body.calibration.positions).toBeGreaterThanOrEqual(20);
    // The sentence gives each untested measure's reason as its finding does (it said "the data's edges" for all).
    const untested = body.findings.filter((f: Row) => f.untested !== null);
    const cut = untested.filter((f: Row) => /cut short/.test(String(f.untested))).length;
    expect(untested.length - cut).toBeGreaterThan(0);
    expect(body.sentence).toContain(`${untested.length} could not be tested: `);
    expect(body.sentence).toContain(`${untested.length - cut} had too little usable data, or did not vary`);
    if (cut > 0) expect(body.sentence).toContain(`for ${cut} the data's edges cut their look-back or follow-up short`);
    // Naming it gives the same answer; the segmented regression on request, and the two are cached apart.
    expect((await get('/api/datasets/la1/views/impact?date=2023-01-02&weeks=12&model=max-t')).json()).toEqual(body);
    const series = (await get('/api/datasets/la1/views/impact?date=2023-01-02&weeks=12&model=series')).json();
    expect(series.model).toBe('series');
    // exploratory estimates, never a verdict (audit 9c)
    expect(series.sentence).toMatch(/^(Exploratory estimates, no verdict|No measure could be estimated)/);
    expect(series.findings.filter((f: Row) => f.changed)).toEqual([]);
    const bad = await get('/api/datasets/la1/views/impact?date=2023-01-02&model=magic');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/model/);
  });

  it('impact: the weekly series run from the data\'s first week to its last, the weeks the verdict reads marked', async () => {
    const info = (await get('/api/datasets')).json().find((d: Row) => d.name === 'la1');
    for (const model of ['max-t', 'series']) {
      const body = (await get(`/api/datasets/la1/views/impact?date=2023-01-02&weeks=12&model=${model}`)).json();
      const weeks = body.weeks as Array<{ start: string; t: number; whole: boolean; read: boolean }>;
      // the first week holds the data's first day and the last its last day
      expect(weeks[0]!.start <= info.from && formatDay(day(weeks[0]!.start) + 6) >= info.from, model).toBe(true);
      expect(weeks.at(-1)!.start <= info.to && formatDay(day(weeks.at(-1)!.start) + 6) >= info.to, model).toBe(true);
      expect(weeks.map((w) => w.t)).toEqual(weeks.map((_, j) => weeks[0]!.t + j));
      // the verdict reads the 78 weeks before the marker to the 52 from it, within the data
      expect(weeks.filter((w) => w.read).map((w) => w.t)).toEqual(weeks.filter((w) => w.t >= -78 && w.t <= 51).map((w) => w.t));
      const referrals = body.tables.find((t: { id: string }) => t.id === 'weekly-referrals');
      expect(referrals.rows).toHaveLength(weeks.length);
      const used = (body.weeklyReferrals as Row[]).map((r) => r.used);
      // the series model leaves the weeks outside its fit out by name; max-t's season and comparison read every week
      weeks.forEach((w, j) => {
        if (!w.whole) expect(used[j]).toBe('part-week');
        else if (!w.read) expect(used[j]).toBe(model === 'series' ? 'outside-fit' : 'yes');
      });
      expect(used.includes('outside-fit')).toBe(model === 'series');
    }
  });

  it('cohorts: A and B each agree with computeMetrics under the cohort', async () => {
    const body = (await get('/api/datasets/la1/views/cohorts?from=2022-01-01&to=2024-12-31&a=sex:F&b=sex:M')).json();
    const girls = Uint8Array.from({ length: table.length }, (_, i) => (data.children.find((c) => c.id === table.childIds[table.child[i]!])!.sex === 'F' ? 1 : 0));
    const m = computeMetrics(prepared, { from: day('2022-01-01'), to: day('2024-12-31') }, girls);
    const nfa = body.rates.find((r: Row) => r.rate === 'referral_nfa');
    expect(nfa.a_rate).toBe(Math.round(m.rates.referral_nfa! * 1e4) / 1e4);
    expect(nfa.a_n).toBe(m.counts.referral);
    expect(body.cohortA).toBe('sex:F');
  });

  // issue 9 item 3: the cohorts view's time on a plan and in care were medians of the stays that ended
  // (160.5 days against the time-in-care view's 270 in the audit), marked incomplete for a look-back
  it('cohorts: time on a plan is the time-in-care view\'s Kaplan–Meier median, plans still running counted', async () => {
    // la1 with every other CP plan still running at the data's end (its end dropped)
    let plans = 0;
    const records = data.records.filter((r) => r.type !== 'cp_plan_end' || plans++ % 2 === 1);
    expect((await uploadCsv(server.app, 'la1open', toCsv(records, data.children))).statusCode).toBe(201);
    try {
      let open = 0;
      for (const [key, kind] of [['cp_plan_days_median', 'cp_plan'], ['cla_days_median', 'cla']] as const) {
        const range = 'from=2022-01-21&to=2025-09-17'; // the whole of the data
        const cohorts = (await get(`/api/datasets/la1open/views/cohorts?${range}&a=sex:F`)).json();
        const none = { median: null, ended: 0, open: 0 };
        const everyone = (await get(`/api/datasets/la1open/views/time-in-care?kind=${kind}&${range}`)).json().groups[0] ?? none;
        const girls = (await get(`/api/datasets/la1open/views/time-in-care?kind=${kind}&${range}&cohort=sex:F`)).json().groups[0] ?? none;
        const row = cohorts.medians.find((r: Row) => r.median === key);
        expect(row).toMatchObject({ a_median: girls.median, a_n: girls.ended, a_open: girls.open, b_median: everyone.median, b_n: everyone.ended, b_open: everyone.open });
        open += everyone.open;
        // no look-back (its stays begin in the window): incomplete only for stays still running
        expect(String(row.incomplete)).not.toMatch(/look-back/);
        if (everyone.open + girls.open === 0) expect(row.incomplete).toBeNull();
        else if (row.incomplete !== null) expect(row.incomplete).toMatch(/still running on 17 September 2025, the data's last date, and count until then/);
      }
      expect(open).toBeGreaterThan(0);
    } finally {
      // the funnel below compares the councils la1 and la2 only
      expect((await server.app.inject({ method: 'DELETE', url: '/api/datasets/la1open' })).statusCode).toBe(204);
    }
  });

  it('time in care: a Kaplan–Meier life table per group, numbers at risk chained', async () => {
    const body = (await get('/api/datasets/la1/views/time-in-care?kind=cp_plan&by=sex')).json();
    const starts = data.records.filter((r) => r.type === 'cp_plan_start').length;
    expect(body.groups.reduce((s: number, g: Row) => s + (g.spells as number), 0)).toBe(starts);
    for (const g of body.groups) {
      const rows = body.lifeTable.filter((r: Row) => r.group === g.group);
      expect(rows[0]).toMatchObject({ from: 0, at_risk: g.spells });
      for (let k = 0; k + 1 < rows.length; k++) expect(rows[k + 1].at_risk).toBe(rows[k].at_risk - rows[k].ended - rows[k].censored);
    }
  });

  it('time in care: the headline median and share a year on are marked incomplete wherever the count of starts beside them is (review v9c finding 6)', async () => {
    let checked = 0;
    for (const from of ['2022-01-01', '2022-06-01', '2023-01-01']) {
      const body = (await get(`/api/datasets/la1/views/time-in-care?kind=cp_plan&from=${from}&to=${formatDay(addMonths(day(from), 12) - 1)}`)).json();
      const [spells, median, stillIn] = body.headlines as Row[];
      for (const note of ['note', 'last_note'] as const) {
        if (!/outside the data/.test(String(spells![note]))) continue;
        checked++;
        expect(median![note], `${from} ${note}`).toMatch(/^Incomplete/);
        expect(stillIn![note], `${from} ${note}`).toMatch(/^Incomplete/);
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('funnel: exact tail positions against the pooled rate, or England’s figure', async () => {
    const res = await get('/api/compare/funnel?rate=referral_nfa&from=2022-01-01&to=2024-12-31');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const tallies = [data, other].map((d) => {
      const p = prepareMetrics(buildEventTable(d.records));
      return tallyRate(tallyWindows(p, rateIndicators(p), [{ from: day('2022-01-01'), to: day('2024-12-31') }])[0]!, 'referral_nfa');
    });
    // the target pools the councils whose figure is complete in the window (an incomplete one is not placed)
    const complete = [0, 1].filter((i) => body.points[i].incomplete === null);
    expect(complete.length).toBeGreaterThan(0);
    const target = complete.reduce((s, i) => s + tallies[i]!.k, 0) / complete.reduce((s, i) => s + tallies[i]!.n, 0);
    expect(body.target).toBeCloseTo(target, 4);
    expect(body.points.map((p: Row) => p.dataset)).toEqual(['la1', 'la2']);
    for (const i of [0, 1]) expect(body.points[i].position).toBe(complete.includes(i) ? funnelPosition(tallies[i]!.k, tallies[i]!.n, target) : 'incomplete');
    expect(body.england).toMatchObject({ value: 0.065, year: '2024-25' });
    const england = (await get('/api/compare/funnel?rate=referral_nfa&from=2022-01-01&to=2024-12-31&target=england')).json();
    expect(england).toMatchObject({ targetKind: 'england', target: 0.065 });
    for (const i of complete) expect(england.points[i].position).toBe(funnelPosition(tallies[i]!.k, tallies[i]!.n, 0.065));
    expect((await get('/api/compare/funnel?rate=prior_referral_36m&target=england')).json().error).toMatch(/England publishes no figure/);
    expect((await get('/api/compare/funnel?rate=nope')).statusCode).toBe(400);
  });

  it('opens every view with 3–5 headlines, each beside a year earlier and England’s figure wherever England publishes one', async () => {
    const urls = [
      '/api/datasets/la1/views/pathways?from=2022-07-01&to=2023-12-31',
      '/api/datasets/la1/views/two-point?a=2022-06-30&b=2023-06-30',
      '/api/datasets/la1/views/rereferrals',
      '/api/datasets/la1/views/flow?from=2023-01-01&to=2023-12-31',
      '/api/datasets/la1/views/impact?date=2023-03-06&weeks=12',
      '/api/datasets/la1/views/cohorts?from=2023-01-01&to=2023-12-31&a=sex:F&b=sex:M',
      '/api/datasets/la1/views/time-in-care?kind=cp_plan',
      '/api/compare/funnel?rate=rereferral_12m&from=2023-01-01&to=2023-12-31',
    ];
    for (const url of urls) {
      const body = (await get(url)).json();
      expect(body.headlines.length, url).toBeGreaterThanOrEqual(3);
      expect(body.headlines.length, url).toBeLessThanOrEqual(5);
      for (const h of body.headlines) {
        expect(Object.keys(h), url).toEqual(expect.arrayContaining(['value', 'last_value', 'england']));
        // Every window here has a year of data before it: the figure a year earlier is there.
        expect(h.last_note === 'No data a year earlier.', `${url} ${h.key}`).toBe(false);
        const englandKey = url.includes('/compare/funnel') && h.unit === 'share' ? 'rereferral_12m' : h.key;
        if (englandKey in ENGLAND) expect(h.england, `${url} ${h.key}`).toBe(ENGLAND[englandKey as keyof typeof ENGLAND]!.value);
      }
    }
  });

  it('two-point and funnel headlines: children new since a, still open, and the highest and lowest council', async () => {
    const two = (await get('/api/datasets/la1/views/two-point?a=2022-06-30&b=2023-06-30')).json();
    const byKey = new Map(two.headlines.map((h: Row) => [h.key, h]));
    const a = day('2022-06-30');
    const b = day('2023-06-30');
    const firstDay = new Map<string, number>();
    for (const r of data.records) firstDay.set(r.child, Math.min(firstDay.get(r.child) ?? Infinity, r.day));
    const newSinceA = [...firstDay.values()].filter((d) => d > a && d <= b).length;
    expect(byKey.get('new_since_a')).toMatchObject({ k: newSinceA });
    const exits = new Set(frontDoor.stations.filter((st) => st.kind === 'exit').map((st) => st.id));
    // waiting at a station of the map (a place naming one or more), not the view's own places
    const waiting = (id: unknown) => !['not_seen', 'no_open_step', 'other_cohort'].includes(String(id)) && !exits.has(String(id));
    const fromOpen = two.links.filter((l: Row) => waiting(l.from_id));
    const sum = (links: Row[]) => links.reduce((s: number, l: Row) => s + (l.count as number), 0);
    expect(byKey.get('still_open')).toMatchObject({ n: sum(fromOpen), k: sum(fromOpen.filter((l: Row) => waiting(l.to_id))) });
    expect(sum(fromOpen)).toBeGreaterThan(0);
    const funnel = (await get('/api/compare/funnel?rate=referral_nfa&from=2022-01-01&to=2024-12-31')).json();
    // ranked among the councils whose figure is complete, when any is (an incomplete one reads high or low for that alone)
    const withCases = funnel.points.filter((p: Row) => (p.n as number) > 0);
    const complete = withCases.filter((p: Row) => p.incomplete === null);
    const rates = (complete.length > 0 ? complete : withCases).map((p: Row) => p.rate as number);
    const h = new Map(funnel.headlines.map((r: Row) => [r.key, r]));
    expect((h.get('highest') as Row).value).toBeCloseTo(Math.max(...rates), 4);
    // one council to rank is named once, as the only one (not as both the highest and the lowest)
    if (rates.length === 1) {
      expect(h.has('lowest')).toBe(false);
      expect(String((h.get('highest') as Row).label)).toMatch(/the only council/);
    } else expect((h.get('lowest') as Row).value).toBeCloseTo(Math.min(...rates), 4);
    // the cases pooled are the target's: the complete councils' when any is complete
    expect((h.get('cases') as Row).k).toBe((complete.length > 0 ? complete : withCases).reduce((s: number, p: Row) => s + (p.n as number), 0));
  });

  it('serves the second identical request from the cache, and a new dataset version afresh', async () => {
    const url = '/api/datasets/la2/views/rereferrals?cohort=prev:0';
    expect((await get(url)).headers['x-cache']).toBe('miss');
    expect((await get(url)).headers['x-cache']).toBe('hit');
    expect((await get('/api/datasets/la2/views/rereferrals?cohort=prev%3A0%3B')).headers['x-cache']).toBe('hit'); // same canonical cohort
    expect((await uploadCsv(server.app, 'la2', other.csv)).statusCode).toBeLessThan(300);
    expect((await get(url)).headers['x-cache']).toBe('miss');
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

/**
 * A server that does not allow exact numbers: every count a viewer sees is [c] (1–4) or a multiple of 5,
 * in the JSON and the CSV alike, and the subtractions a reader would try never give a [c] back.
 */
describe('the views API (disclosure control, the default)', () => {
  let safe: TestServer;
  let exact: TestServer;
  // A viewer: without users the loopback caller reads the moves, so the views answer it exactly, as the
  // stations and metrics do (README: exact without sign-in); suppression is what a signed-in viewer gets.
  let viewer: Record<string, string> = {};
  const asViewer = (url: string) => safe.app.inject({ method: 'GET', url, headers: viewer });
  // A busier council with branching journeys, re-referrals and care (tests/core/analysis/fixtures.ts).
  // Its journeys run to 2027 and beyond; the importer refuses dates more than a year after today.
  const lastDay = addMonths(today(), 12);
  const busy = ['child_id,event,date,outcome', ...randomRecords(1500, 3).filter((r) => r.day <= lastDay).map((r) => `${r.child},${r.type},${formatDay(r.day)},${r.outcome ?? ''}`)].join('\n') + '\n';
  beforeAll(async () => {
    safe = await startTestServer();
    exact = await startTestServer({ exactCounts: true });
    for (const s of [safe, exact]) {
      expect((await uploadCsv(s.app, 'la1', data.csv)).statusCode).toBe(201);
      expect((await uploadCsv(s.app, 'la2', other.csv)).statusCode).toBe(201);
      expect((await uploadCsv(s.app, 'la3', busy)).statusCode).toBe(201);
    }
    // After the uploads: with a user, an upload needs an admin.
    viewer = await userHeaders(safe.app, 'vic', 'viewer');
    // A viewer's impact view is of a saved marker with 26 weeks (server/routes/views/impact.ts): one on each server.
    const analyst = await userHeaders(safe.app, 'ana', 'analyst');
    for (const [dataset, date] of [['la3', '2022-06-06'], ['la1', '2023-01-02']] as const) {
      markers.set(`${dataset}:${date}`, await savedMarker(safe, dataset, date, analyst));
      await savedMarker(exact, dataset, date);
    }
  });
  afterAll(async () => {
    await safe.close();
    await exact.close();
  });
  const markers = new Map<string, number>();
  /** `url` with an impact view's date written as its saved marker (the same id on both servers, made in the same order) */
  const asMarker = (url: string) => url.replace(/\/api\/datasets\/(\w+)\/views\/impact\?date=([\d-]+)/, (_, d: string, date: string) => `/api/datasets/${d}/views/impact?marker=${markers.get(`${d}:${date}`)}`);
  const both = async (url: string) => {
    const [a, b] = await Promise.all([asViewer(asMarker(url)), exact.app.inject({ method: 'GET', url: asMarker(url) })]);
    expect(a.statusCode, url).toBe(200);
    return { shown: a.json(), truth: b.json() };
  };
  const isPublished = (v: unknown) => v === '[c]' || v === null || (typeof v === 'number' && v % 5 === 0);

  it('impact: a viewer gets the fitted figures as the page says them (a share to 0.1 of a point, p to 2 figures), not the analyst\'s to 16 digits', async () => {
    for (const model of ['max-t', 'series']) {
      const { shown, truth } = await both(`/api/datasets/la3/views/impact?date=2022-06-06&model=${model}`);
      const estimated = truth.findings.filter((f: Row) => f.estimate !== null);
      expect(estimated.length, model).toBeGreaterThan(0);
      for (const t of estimated) {
        const v = shown.findings.find((f: Row) => f.measure === t.measure);
        const per = t.measure === 'referrals_per_week' ? 10 : 1000;
        for (const k of ['estimate', 'lower', 'upper', 'detectable'] as const) {
          expect(Math.abs((v[k] as number) * per - Math.round((v[k] as number) * per)), `${model} ${t.measure} ${k}`).toBeLessThan(1e-9);
          expect(Math.abs((v[k] as number) - (t[k] as number)), `${model} ${t.measure} ${k}`).toBeLessThanOrEqual(1 / per);
        }
        expect(v.p).toBe(Number((t.p as number).toPrecision(2)));
        expect(v.changed).toBe(t.changed);
        if (v.changed) expect((v.lower as number) > 0 || (v.upper as number) < 0).toBe(true);
      }
      const table = shown.tables.find((x: { id: string }) => x.id === 'weekly-rates');
      const fittedCol = table.columns.findIndex((c: { key: string }) => c.key === 'fitted');
      for (const row of table.rows) if (typeof row[fittedCol] === 'number') expect(Math.abs(row[fittedCol] * 1000 - Math.round(row[fittedCol] * 1000))).toBeLessThan(1e-9);
    }
  });

  const URLS = [
    '/api/datasets/la3/views/pathways?from=2019-01-01&to=2023-12-31',
    '/api/datasets/la3/views/two-point',
    '/api/datasets/la1/views/rereferrals?cohort=sex:F',
    '/api/datasets/la1/views/flow',
    '/api/datasets/la1/views/impact?date=2023-01-02',
    '/api/datasets/la1/views/cohorts?a=sex:F&b=sex:U',
    '/api/datasets/la3/views/time-in-care?kind=cla&by=prev',
    '/api/datasets/la3/views/cohorts?a=prev:3%2B&b=',
    '/api/compare/funnel?rate=icpc_to_cp_plan',
  ];

  it('shows every count as [c] or a multiple of 5 in every table of every view, and says so', async () => {
    for (const url of URLS) {
      const { shown } = await both(url);
      expect(shown.disclosure.exactCounts).toBe(false);
      expect(shown.disclosure.note).toMatch(/\[c\]/);
      for (const t of shown.tables) {
        t.columns.forEach((c: { kind: string }, j: number) => {
          if (c.kind === 'count') for (const row of t.rows) expect(isPublished(row[j]), `${url} ${t.id}`).toBe(true);
        });
      }
    }
  });

  it('puts the same published numbers in the JSON fields as in the tables (no 1–4 in either)', async () => {
    const { shown } = await both('/api/datasets/la3/views/pathways?from=2019-01-01&to=2023-12-31');
    const links = shown.tables.find((t: { id: string }) => t.id === 'links');
    const j = links.columns.findIndex((c: { key: string }) => c.key === 'count');
    expect(shown.links.map((l: Row) => l.count)).toEqual(links.rows.map((r: unknown[]) => r[j]));
    expect(shown.links.some((l: Row) => l.count === '[c]')).toBe(true);
    const life = (await both('/api/datasets/la3/views/time-in-care?kind=cla&by=prev')).shown.lifeTable;
    for (const r of life) for (const k of ['at_risk', 'ended', 'censored']) expect(isPublished(r[k])).toBe(true);
  });

  it('cannot rebuild an "ended" of 1 to 4 in time in care from consecutive at-risk rows: the published rows chain exactly, in multiples of 5', async () => {
    const { shown, truth } = await both('/api/datasets/la3/views/time-in-care?kind=cla&by=prev');
    let tried = 0;
    shown.lifeTable.forEach((r: Row, i: number) => {
      const next = shown.lifeTable[i + 1];
      const rebuilt = (r.at_risk as number) - (next && next.group === r.group ? (next.at_risk as number) : 0) - (r.censored as number);
      // the published table is consistent: what subtraction gives is the published ended, never the truth of 1 to 4
      expect(rebuilt).toBe(r.ended);
      const exact = truth.lifeTable[i].ended;
      if (exact < 1 || exact > 4) return;
      tried++;
      expect(rebuilt).not.toBe(exact);
    });
    expect(tried).toBeGreaterThan(0);
  });

  it('cannot rebuild a suppressed pathway link from its node’s total and the other links into it', async () => {
    const { shown, truth } = await both('/api/datasets/la3/views/pathways?from=2019-01-01&to=2023-12-31');
    let tried = 0;
    shown.nodes.forEach((node: Row) => {
      if (node.step === 1 || typeof node.trips !== 'number') return;
      const into = shown.links.map((l: Row, i: number) => ({ l, i })).filter(({ l }: { l: Row }) => l.target === node.id);
      const hidden = into.filter(({ l }: { l: Row }) => l.count === '[c]');
      if (hidden.length !== 1) return;
      tried++;
      const rebuilt = (node.trips as number) - into.filter(({ l }: { l: Row }) => l.count !== '[c]').reduce((s: number, { l }: { l: Row }) => s + (l.count as number), 0);
      expect(rebuilt).not.toBe(truth.links[hidden[0]!.i].count);
    });
    expect(tried).toBeGreaterThan(0);
  });

  it('cannot rebuild a suppressed cohort count from the two cohorts and everyone, or its rate from the difference', async () => {
    const { shown, truth } = await both('/api/datasets/la3/views/cohorts?a=prev:3%2B&b=&from=2023-01-01&to=2023-03-31');
    const f = (await both('/api/datasets/la3/views/cohorts?a=prev:0|1|2&b=&from=2023-01-01&to=2023-03-31')).shown;
    let tried = 0;
    shown.rates.forEach((r: Row, i: number) => {
      if (r.a_k !== '[c]') return;
      tried++;
      // everyone (b) − the rest (0, 1 or 2 previous referrals) = the children with 3 or more; read by the
      // stated policy (everyone's v ± 2, [c] 1 to 4; a cohort's v ± 2 and at least 10, [c] 0 to 9, since a
      // cohort's [c] may be 0 a subtraction giving 0 may be right by chance), more than one value is left
      const everyone = r.b_k === '[c]' ? [1, 4] : r.b_k === 0 ? [0, 0] : [(r.b_k as number) - 2, (r.b_k as number) + 2];
      const rest = f.rates[i].a_k === '[c]' ? [0, 9] : [Math.max(10, (f.rates[i].a_k as number) - 2), (f.rates[i].a_k as number) + 2];
      const [lo, hi] = [Math.max(0, everyone[0]! - rest[1]!), Math.min(9, everyone[1]! - rest[0]!)];
      expect(truth.rates[i].a_k).toBeGreaterThanOrEqual(lo);
      expect(truth.rates[i].a_k).toBeLessThanOrEqual(hi);
      if (everyone[1]! > 0) expect(hi).toBeGreaterThan(lo);
      expect([r.a_rate, r.a_ci_lower, r.a_ci_upper, r.diff, r.diff_ci_lower, r.differs]).toEqual(['[c]', '[c]', '[c]', '[c]', '[c]', '[c]']);
    });
    expect(tried).toBeGreaterThan(0);
  });

  it('exports CSV with the same cells as the JSON table, [c] and rounding included', async () => {
    const res = await asViewer('/api/datasets/la1/views/rereferrals?format=csv&table=nfa-by-previous');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    // the file name says the dataset, view, table, cohort and window (review v9d finding 7)
    const window = (await asViewer('/api/datasets/la1/views/rereferrals')).json().window;
    expect(res.headers['content-disposition']).toBe(`attachment; filename="la1-rereferrals-nfa-by-previous-everyone-${window.from}-to-${window.to}.csv"`);
    // a viewer's flow is for the financial year holding the window's end (dataset-window.ts), and the file says so
    const girls = await asViewer('/api/datasets/la1/views/flow?cohort=sex:F&from=2022-07-01&to=2023-01-31&format=csv&table=conversion');
    const year = (await asViewer('/api/datasets/la1/views/flow?cohort=sex:F&from=2022-07-01&to=2023-01-31')).json().window;
    expect(year.from).toBe('2022-04-01');
    expect(girls.headers['content-disposition']).toBe(`attachment; filename="la1-flow-conversion-sex-F-${year.from}-to-${year.to}.csv"`);
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toBe('Previous referrals,Assessments ended,Ended NFA,NFA rate,NFA rate 95% CI lower,NFA rate 95% CI upper,Incomplete?');
    const json = (await asViewer('/api/datasets/la1/views/rereferrals')).json();
    json.nfaByPrevious.forEach((g: Row, i: number) => {
      const cells = lines[i + 1]!.split(',');
      expect(cells[1]).toBe(String(g.assessments));
      expect(cells[2]).toBe(String(g.nfa));
    });
    expect(lines.some((l) => l.includes('[c]'))).toBe(true);
    expect((await asViewer('/api/datasets/la1/views/flow?format=csv&table=nope')).json().error).toMatch(/no table "nope"/);
  });
});
