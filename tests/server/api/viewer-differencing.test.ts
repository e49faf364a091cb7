// A viewer must not be able to work a count of 1 to 4 back out of the figures beside the rounded counts
// (review v12d findings 1 and 2). The data: 60 contacts in 2022, of which 58 became referrals and 2 did
// not. Rounded to 5, both counts are 60; an exact rate (58/60 = 0.9667, "96.7%") or an exact count of
// referrals (58) next to the rounded contacts gives the 2 away. Every viewer answer, JSON and CSV, is
// scanned for those giveaways; the analyst's answers do hold them, so the scan can fail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayFromCivil, formatDay } from '../../../core/dates.js';
import { CHANCE_SHIFTS } from '../../../synth/privacy.js';
import { savedMarker, startTestServer, uploadCsv, type TestServer, userHeaders } from './harness.js';

const CONTACTS = 60;
const NOT_CONVERTED = 2;

/** 60 children, one front-door episode each in 2022; the last two contacts end in no further action. */
function twoDidNotConvert(): string {
  const lines = ['child_id,event,date,outcome,dob,sex'];
  for (let c = 0; c < CONTACTS; c++) {
    const id = `K${String(c).padStart(3, '0')}`;
    const day = dayFromCivil(2022, 1, 10) + c * 5;
    const dob = formatDay(dayFromCivil(2010 + (c % 8), 1 + (c % 12), 1 + (c % 27)));
    const sex = c % 2 === 0 ? 'F' : 'M';
    if (c >= CONTACTS - NOT_CONVERTED) {
      lines.push(`${id},contact,${formatDay(day)},nfa,${dob},${sex}`);
      continue;
    }
    lines.push(`${id},contact,${formatDay(day)},referral,${dob},${sex}`);
    lines.push(`${id},referral,${formatDay(day + 1)},,,`);
    lines.push(`${id},assessment_start,${formatDay(day + 3)},,,`);
    lines.push(`${id},assessment_end,${formatDay(day + 20 + (c % 9))},${c % 3 === 0 ? 'cin' : 'nfa'},,`);
    lines.push(`${id},case_closed,${formatDay(day + 21 + (c % 9))},RC8,,`);
  }
  return `${lines.join('\n')}\n`;
}

const EXACT_RATE = (CONTACTS - NOT_CONVERTED) / CONTACTS;

/** The giveaways in one answer's text: the exact rate at any precision from 3 places, or the exact referral count. */
function giveaways(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/-?\d[\d,]*(?:\.\d+)?%?/g)) {
    const raw = m[0];
    const value = Number(raw.replace(/[,%]/g, '')) / (raw.endsWith('%') ? 100 : 1);
    const decimals = (raw.replace('%', '').split('.')[1] ?? '').length + (raw.endsWith('%') ? 2 : 0);
    if (decimals >= 3 && Math.abs(value - EXACT_RATE) < 10 ** -decimals) found.push(raw);
    if (value === CONTACTS - NOT_CONVERTED) found.push(raw);
  }
  return found;
}

/**
 * A funnel's answer less its limit curve (the `curve` rows and the `limits` table that holds them): the curve is
 * the target's binomial limits at every n (the target is scanned), so a limit can equal 0.967 by chance (in the
 * viewer's financial year, upper 95% at n = 38 does).
 */
function withoutCurve(url: string, body: string): string {
  if (!url.startsWith('/api/compare/funnel') || url.includes('format=csv')) return body;
  const { curve, tables, ...rest } = JSON.parse(body) as { curve: unknown; tables: Array<{ id: string }> };
  expect(Array.isArray(curve)).toBe(true);
  expect(tables.some((t) => t.id === 'limits')).toBe(true);
  return JSON.stringify({ ...rest, tables: tables.filter((t) => t.id !== 'limits') });
}

// the impact view's marker is saved before the tests (a viewer's impact is of a saved marker): the first, id 1
const VIEWS = ['flow', 'pathways', 'rereferrals', 'cohorts?a=sex:F&b=sex:M', 'time-in-care?kind=cp_plan', 'impact?marker=1'];

describe('what a viewer can work out from rates and the synthetic report', () => {
  let server: TestServer;
  let viewer: Record<string, string>;
  let analyst: Record<string, string>;
  beforeAll(async () => {
    server = await startTestServer();
    expect((await uploadCsv(server.app, 'front', twoDidNotConvert())).statusCode).toBe(201);
    viewer = await userHeaders(server.app, 'vic', 'viewer');
    analyst = await userHeaders(server.app, 'ana', 'analyst');
    expect(await savedMarker(server, 'front', '2022-06-02', analyst)).toBe(1);
  });
  afterAll(async () => server.close());

  const get = (url: string, headers: Record<string, string>) => server.app.inject({ method: 'GET', url, headers });

  it("gives the metrics' rates from the rounded counts, never 58 of 60", async () => {
    const exact = (await get('/api/datasets/front/metrics', analyst)).json();
    expect([exact.counts.contact, exact.counts.referral, exact.rates.contact_to_referral]).toEqual([60, 58, EXACT_RATE]);
    const seen = (await get('/api/datasets/front/metrics', viewer)).json();
    // the sums of each month's counts rounded once to 5 (core/disclosure/month-cells.ts): within 4 a month of the truth
    const months = 12;
    for (const [shown, truth] of [[seen.counts.contact, 60], [seen.counts.referral, 58]] as const) {
      expect(shown % 5).toBe(0);
      expect(Math.abs(shown - truth)).toBeLessThanOrEqual(4 * months);
    }
    // the rate is one multiple of 5 over another, the denominator the contacts a viewer is shown
    const rate = seen.rates.contact_to_referral as number;
    expect(rate).not.toBe(EXACT_RATE);
    const converted = rate * seen.counts.contact;
    expect(Math.abs(converted - 5 * Math.round(converted / 5))).toBeLessThan(0.0005 * seen.counts.contact + 1e-9);
    // every share to 0.1 of a percentage point at most
    for (const value of [...Object.values(seen.rates), ...Object.values(seen.durations.cp_plan_bands)]) {
      if (typeof value === 'number') expect(Math.round(value * 1000) / 1000).toBe(value);
    }
  });

  it('lets no viewer answer (metrics, views, funnel, stations; JSON and CSV) give the 2 away', async () => {
    const urls = [
      '/api/datasets/front/metrics',
      '/api/compare/funnel?rate=contact_to_referral',
      '/api/compare/funnel?rate=contact_to_referral&format=csv&table=councils',
      '/api/datasets/front/stations?at=2022-06-30',
      ...VIEWS.map((v) => `/api/datasets/front/views/${v}`),
    ];
    // every table of every view as CSV too
    for (const view of VIEWS) {
      const answer = await get(`/api/datasets/front/views/${view}`, viewer);
      expect(answer.statusCode, `${view}: ${answer.body.slice(0, 200)}`).toBe(200);
      const json = answer.json();
      for (const t of json.tables as { id: string }[]) urls.push(`/api/datasets/front/views/${view}${view.includes('?') ? '&' : '?'}format=csv&table=${t.id}`);
    }
    let analystGiveaways = 0;
    for (const url of urls) {
      const seen = await get(url, viewer);
      expect(seen.statusCode, url).toBe(200);
      expect(giveaways(withoutCurve(url, seen.body)), url).toEqual([]);
      analystGiveaways += giveaways((await get(url, analyst)).body).length;
    }
    expect(analystGiveaways).toBeGreaterThan(0); // the scan finds them where they are: it can fail
  }, 120_000);

  it('gives a viewer the synthetic report (API and its table) with published counts and shares only', async () => {
    const url = '/api/datasets/front/synthetic-report?seed=1';
    const exact = await get(url, analyst);
    expect(exact.statusCode).toBe(200);
    expect(giveaways(JSON.stringify(exact.json().table)).length).toBeGreaterThan(0);
    const seen = await get(url, viewer);
    expect(seen.statusCode).toBe(200);
    const body = seen.json();
    expect(giveaways(JSON.stringify({ table: body.table, model: body.model })), 'synthetic report').toEqual([]);
    // every real count it gives is a multiple of 5 or [c], the copy's children (as many as the real) too
    const { children, events } = body.table;
    for (const n of [children.real, children.synthetic, events.real, body.model.fittedOn.children, body.model.fittedOn.events]) expect(n === '[c]' || n % 5 === 0, String(n)).toBe(true);
    for (const row of body.table.rows.filter((r: { section: string }) => r.section === 'Volumes per year')) {
      expect(row.real === '[c]' || Number(row.real.replace(/,/g, '')) % 5 === 0, row.measure).toBe(true);
    }
    expect(body.disclosure.note).toMatch(/rounded/);
  }, 120_000);
});

describe("a 1-4-child dataset's first and last dates (review v12d finding 3)", () => {
  // Three children: the first contact (15 April 2022) and the last event (22 February 2023, a Wednesday mid-month: no week or month starts or ends on it) are a child's own dates.
  const csv = [
    'child_id,event,date,outcome,dob,sex',
    'T1,contact,2022-04-15,referral,2012-03-01,F',
    'T1,referral,2022-04-16,,,',
    'T2,contact,2022-07-01,nfa,2014-05-02,M',
    'T3,contact,2022-10-03,referral,2011-08-09,F',
    'T3,referral,2022-10-04,,,',
    'T3,assessment_start,2022-10-06,,,',
    'T3,assessment_end,2023-02-22,cin,,',
  ].join('\n');
  const SECRETS = ['2022-04-15', '2023-02-22', '15 April 2022', '22 February 2023', '15 Apr 2022', '22 Feb 2023'];
  let server: TestServer;
  let viewer: Record<string, string>;
  let analyst: Record<string, string>;
  beforeAll(async () => {
    server = await startTestServer();
    expect((await uploadCsv(server.app, 'tiny', `${csv}\n`)).statusCode).toBe(201);
    expect((await uploadCsv(server.app, 'front', twoDidNotConvert())).statusCode).toBe(201);
    viewer = await userHeaders(server.app, 'vic', 'viewer');
    analyst = await userHeaders(server.app, 'ana', 'analyst');
  });
  afterAll(async () => server.close());

  it('shows a viewer calendar years in every window, note, caption and CSV, where an analyst sees the dates', async () => {
    const get = (url: string, headers: Record<string, string>) => server.app.inject({ method: 'GET', url, headers });
    // impact is refused a viewer on a 1-4-child dataset (its weeks would date the events: viewer-small-dates.test.ts)
    const views = [...VIEWS.filter((v) => !v.startsWith('impact')), 'two-point'];
    const urls = ['/api/datasets', '/api/datasets/tiny/metrics', '/api/compare/funnel?rate=contact_to_referral'];
    // Comparing with another loaded dataset shows it exactly: refused a viewer (audit a12h F1), answered an analyst.
    expect((await get('/api/datasets/tiny/synthetic-report?synthetic=front', viewer)).statusCode).toBe(403);
    expect((await get('/api/datasets/tiny/synthetic-report?synthetic=front', analyst)).statusCode).toBe(200);
    for (const view of views) {
      const url = `/api/datasets/tiny/views/${view}`;
      urls.push(url);
      const answer = await get(url, viewer);
      expect(answer.statusCode, `${url}: ${answer.body.slice(0, 200)}`).toBe(200);
      for (const t of answer.json().tables as { id: string }[]) urls.push(`${url}${url.includes('?') ? '&' : '?'}format=csv&table=${t.id}`);
    }
    let analystSees = 0;
    for (const url of urls) {
      const seen = await get(url, viewer);
      expect(seen.statusCode, url).toBe(200);
      expect(SECRETS.filter((s) => seen.body.includes(s)), `${url} ${seen.body.slice(Math.max(0, seen.body.indexOf('2023-02-22') - 300), seen.body.indexOf('2023-02-22') + 50)}`).toEqual([]);
      const exact = await get(url, analyst);
      analystSees += SECRETS.filter((s) => exact.body.includes(s)).length;
    }
    expect(analystSees).toBeGreaterThan(0);
    const metrics = (await get('/api/datasets/tiny/metrics', viewer)).json();
    expect(metrics.window).toEqual({ from: '2022-01-01', to: '2023-12-31' });
  }, 120_000);
});

describe("the synthetic report's chance matches and distances for a viewer (issue 12)", () => {
  // 60 one-episode children (all girls but 2 boys) and two pairs of children whose 7-event journeys are the same
  // a week apart. The report's "expected by chance" is (matches between the real halves, one moved by each of the
  // CHANCE_SHIFTS, summed) / shifts / half × real / half × synthetic (synth/privacy.ts: siblings on the same days
  // no longer count as chance): with 64 children and 64 or 60 synthetic ones, 2.0 or 1.9 says the halves share
  // exactly 2 journeys a week apart. The total variation distance of sex against `allgirls` (60 girls, a dataset whose boys a
  // viewer sees as 0) is 2/64 = 0.031: the 2 boys, which every other viewer answer shows as [c].
  const BOYS = 2;
  const SIBLING_PAIRS = 2;
  function children(boys: number, siblingPairs: number): string {
    const lines = ['child_id,event,date,outcome,dob,sex'];
    for (let c = 0; c < 60; c++) {
      const id = `K${String(c).padStart(3, '0')}`;
      const day = dayFromCivil(2022, 1, 10) + c * 5;
      const dob = formatDay(dayFromCivil(2010 + (c % 8), 1 + (c % 12), 1 + (c % 27)));
      lines.push(`${id},contact,${formatDay(day)},referral,${dob},${c < boys ? 'M' : 'F'}`);
      lines.push(`${id},referral,${formatDay(day + 1)},,,`);
      lines.push(`${id},assessment_start,${formatDay(day + 3)},,,`);
      lines.push(`${id},assessment_end,${formatDay(day + 20 + (c % 9))},nfa,,`);
      lines.push(`${id},case_closed,${formatDay(day + 21 + (c % 9))},RC8,,`);
    }
    for (let p = 0; p < siblingPairs; p++) {
      for (const twin of ['A', 'B']) {
        const day = dayFromCivil(2022, 3, 1) + p * 40 + (twin === 'B' ? 7 : 0);
        const id = `S${p}${twin}`;
        lines.push(`${id},contact,${formatDay(day)},referral,2015-06-0${p + 1},F`);
        lines.push(`${id},referral,${formatDay(day + 1)},,,`);
        lines.push(`${id},assessment_start,${formatDay(day + 2)},,,`);
        lines.push(`${id},assessment_end,${formatDay(day + 30)},cin,,`);
        lines.push(`${id},cin_plan_start,${formatDay(day + 31)},,,`);
        lines.push(`${id},cin_plan_end,${formatDay(day + 200)},,,`);
        lines.push(`${id},case_closed,${formatDay(day + 201)},RC1,,`);
      }
    }
    return `${lines.join('\n')}\n`;
  }
  const REAL = 60 + 2 * SIBLING_PAIRS;
  const HALF = REAL / 2;

  type Row = { section: string; measure: string; real: string; synthetic: string; allowed: string };
  const chanceRow = (rows: Row[]) => rows.find((r) => r.measure.startsWith('synthetic journeys of'))!;
  const sexRow = (rows: Row[]) => rows.find((r) => r.measure === 'sex: total variation distance')!;
  /** the count of 1 to 4 a figure gives away, if any: matches between halves, from "7.5 by chance" */
  const halvesShared = (text: string, synthetic: number): number | null => {
    const m = /^([\d.]+) by chance$/.exec(text);
    if (!m) return null;
    const shared = (Number(m[1]) * CHANCE_SHIFTS.length * HALF * HALF) / (REAL * synthetic);
    // (the figure is shown to 0.1, so the count it gives is within 0.06 of a whole one here)
    return Math.abs(shared - Math.round(shared)) < 0.06 && Math.round(shared) >= 1 && Math.round(shared) <= 4 ? Math.round(shared) : null;
  };
  /** k of 1 to 4 with k/n = a distance to its 3 decimals, for any n the rounded count 65 allows (63 to 67 children) */
  const boysFrom = (text: string): number | null => {
    if (!/^\d\.\d{3}$/.test(text)) return null;
    for (let n = 63; n <= 67; n++) for (let k = 1; k <= 4; k++) if ((k / n).toFixed(3) === text) return k;
    return null;
  };

  let server: TestServer;
  let viewer: Record<string, string>;
  let analyst: Record<string, string>;
  beforeAll(async () => {
    server = await startTestServer();
    expect((await uploadCsv(server.app, 'sibs', children(BOYS, SIBLING_PAIRS))).statusCode).toBe(201);
    expect((await uploadCsv(server.app, 'allgirls', children(0, 0))).statusCode).toBe(201);
    viewer = await userHeaders(server.app, 'vic', 'viewer');
    analyst = await userHeaders(server.app, 'ana', 'analyst');
  });
  afterAll(async () => server.close());
  const get = (url: string, headers: Record<string, string>) => server.app.inject({ method: 'GET', url, headers });

  it('computes "expected by chance", its allowance and the distances from the counts a viewer may see', async () => {
    for (const [url, synthetic] of [['/api/datasets/sibs/synthetic-report?seed=1', REAL], ['/api/datasets/sibs/synthetic-report?synthetic=allgirls', 60]] as const) {
      const exact = await get(url, analyst);
      expect(exact.statusCode, exact.body.slice(0, 200)).toBe(200);
      const exactRows: Row[] = exact.json().table.rows;
      // the exact figure gives the 2 shared journeys away: the check can fail
      expect(halvesShared(chanceRow(exactRows).real, synthetic), url).toBe(SIBLING_PAIRS);
      const seen = await get(url, viewer);
      // (a comparison with a loaded dataset is an analyst's: refused a viewer, audit a12h F1)
      if (url.includes('synthetic=')) {
        expect(seen.statusCode, url).toBe(403);
        continue;
      }
      expect(seen.statusCode).toBe(200);
      const rows: Row[] = seen.json().table.rows;
      const chance = chanceRow(rows);
      expect(halvesShared(chance.real, synthetic), `${url}: ${chance.real}`).toBeNull();
      expect(chance.real === '[c]' || /^\d+\.\d by chance$/.test(chance.real), chance.real).toBe(true);
      // the allowance is the expected figure plus 3 standard errors: it must not give the same count away
      const allowed = /^≤ ([\d.]+)$/.exec(chance.allowed);
      if (allowed && chance.real !== '[c]') {
        const expected = Number(chance.real.split(' ')[0]);
        expect(Number(allowed[1])).toBeCloseTo(expected + Math.max(3, 3 * Math.sqrt(expected)), 1);
      } else expect(chance.allowed, url).toMatch(/\[c\]/);
      // a viewer's distance is half a sum of differences of counts rounded to 5 over the rounded totals (65
      // real, 65 or 60 synthetic): a multiple of 1/312 (5/65 − 5/60 = 1/156), which no exact count of 1–4 is
      for (const row of rows.filter((r) => r.measure.endsWith('total variation distance'))) {
        if (row.synthetic === '[c]') continue;
        const units = Number(row.synthetic) * 312;
        expect(Math.abs(units - Math.round(units)), `${url} ${row.measure} ${row.synthetic}`).toBeLessThan(0.16);
      }
      // the same figures in the body anywhere else (model, notes)
      expect(JSON.stringify(seen.json())).not.toContain(chanceRow(exactRows).real);
    }
    const exact = (await get('/api/datasets/sibs/synthetic-report?synthetic=allgirls', analyst)).json();
    expect(boysFrom(sexRow(exact.table.rows).synthetic)).toBe(BOYS);
    // a viewer gets no comparison with a loaded dataset at all (audit a12h F1), so none of its figures either
    expect((await get('/api/datasets/sibs/synthetic-report?synthetic=allgirls', viewer)).statusCode).toBe(403);
  }, 180_000);
});
