// Issue 12 (audit a12g F3): a viewer's views count within a window rounded once per window, so two windows
// that overlap (January to March, January to February) differ by a month the two roundings narrow, and runs
// of months pinned months of 1 to 4 (the last test here shows it on the flow view). A viewer's view windows
// therefore never overlap: the flow, pathways and cohorts views and the funnel answer for the one financial
// year (1 April to 31 March, clipped to the data) holding the window's end, whatever was asked, so two answers
// are for the same year (and say the same) or for years that share no day; time in care and re-referrals,
// whose figures need every period followed, answer for the data's whole span. Analysts keep the window they
// ask for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths, formatDay, parseDay } from '../../../core/dates.js';
import { startSafeAndExact, type TestServer } from '../api/harness.js';
import { publishCount } from '../../../core/disclosure/policy.js';
import { council } from './council.js';
import { pinned, propagate, rangeOf, type Answer, type Cell, type Range } from './cohort-attacker.js';

const YEAR_VIEWS = ['flow', 'pathways', 'cohorts'] as const;
const SPAN_VIEWS = ['rereferrals', 'time-in-care'] as const;

/** Every run of 1 to 6 whole months starting in 2020 (the council's data run from 2019 to 2024). */
function monthRuns(): Array<{ from: string; to: string }> {
  const runs: Array<{ from: string; to: string }> = [];
  for (let m = 0; m < 12; m++) {
    const from = addMonths(parseDay('2020-01-01')!, m);
    for (let len = 1; len <= 6; len++) runs.push({ from: formatDay(from), to: formatDay(addMonths(from, len) - 1) });
  }
  return runs;
}

describe("a viewer's views answer for one financial year", () => {
  let safe: TestServer;
  let exact: TestServer;
  let viewer: Record<string, string> = {};
  let close = async () => {};
  let span = { from: '', to: '' };
  beforeAll(async () => {
    ({ safe, exact, viewer, close } = await startSafeAndExact([['c1', council(600, 4)], ['c2', council(900, 6)]]));
    const list = (await exact.app.inject({ method: 'GET', url: '/api/datasets' })).json() as Array<{ name: string; from: string; to: string }>;
    const info = list.find((d) => d.name === 'c1')!;
    span = { from: info.from, to: info.to };
  }, 120_000);
  afterAll(() => close());

  const yearOf = (day: string) => {
    const [y, m] = day.split('-').map(Number) as [number, number];
    const start = m >= 4 ? y : y - 1;
    return { from: `${start}-04-01`, to: `${start + 1}-03-31` };
  };
  const clipped = (w: { from: string; to: string }) => ({ from: w.from < span.from ? span.from : w.from, to: w.to > span.to ? span.to : w.to });

  it.each(YEAR_VIEWS)('%s: every window asked for is answered with the financial year holding its end, and overlapping answers are identical', async (view) => {
    const answers = new Map<string, string>();
    for (const w of monthRuns()) {
      const res = await safe.app.inject({ method: 'GET', url: `/api/datasets/c1/views/${view}?from=${w.from}&to=${w.to}`, headers: viewer });
      expect(res.statusCode, `${view} ${w.from}..${w.to}`).toBe(200);
      const body = res.json() as { window: { from: string; to: string }; tables: unknown };
      expect(body.window, `${view} asked ${w.from}..${w.to}`).toEqual(clipped(yearOf(w.to)));
      const key = `${body.window.from}..${body.window.to}`;
      const seen = answers.get(key);
      const tables = JSON.stringify(body.tables);
      if (seen !== undefined) expect(tables, `${view} ${key} asked as ${w.from}..${w.to}`).toBe(seen);
      answers.set(key, tables);
    }
    // the windows answered share no day: no answer is another's part, so none can be taken from another
    const windows = [...answers.keys()].map((k) => k.split('..') as [string, string]).sort((a, b) => a[0].localeCompare(b[0]));
    for (let i = 1; i < windows.length; i++) expect(windows[i]![0] > windows[i - 1]![1], `${windows[i - 1]} then ${windows[i]}`).toBe(true);
    // a window past the data's end is the data's last year, not a year of no data (nor its last day alone)
    const past = (await safe.app.inject({ method: 'GET', url: `/api/datasets/c1/views/${view}?from=2019-06-01&to=2031-12-31`, headers: viewer })).json() as { window: { from: string; to: string } };
    expect(past.window).toEqual(clipped(yearOf(span.to)));
    // the default window is a financial year too: the one holding the data's last day
    const byDefault = (await safe.app.inject({ method: 'GET', url: `/api/datasets/c1/views/${view}`, headers: viewer })).json() as { window: { from: string; to: string } };
    expect(byDefault.window).toEqual(clipped(yearOf(span.to)));
  }, 120_000);

  it.each(SPAN_VIEWS)("%s: every window asked for is answered with the data's whole span", async (view) => {
    let tables: string | null = null;
    for (const w of [...monthRuns().slice(0, 8), { from: '2019-01-01', to: '2030-01-01' }]) {
      const body = (await safe.app.inject({ method: 'GET', url: `/api/datasets/c1/views/${view}?from=${w.from}&to=${w.to}`, headers: viewer })).json() as { window: { from: string; to: string }; tables: unknown };
      expect(body.window, `${view} asked ${w.from}..${w.to}`).toEqual(span);
      tables ??= JSON.stringify(body.tables);
      expect(JSON.stringify(body.tables)).toBe(tables);
    }
  }, 120_000);

  it('the funnel gives a viewer one financial year too, and an analyst the window asked for', async () => {
    const ask = (headers: Record<string, string>, query: string) => safe.app.inject({ method: 'GET', url: `/api/compare/funnel?rate=contact_to_referral${query}`, headers });
    const a = (await ask(viewer, '&from=2020-01-01&to=2020-02-29')).json() as { window: { from: string; to: string }; tables: unknown };
    const b = (await ask(viewer, '&from=2019-06-01&to=2020-03-31')).json() as { window: { from: string; to: string }; tables: unknown };
    expect(a.window).toEqual({ from: '2019-04-01', to: '2020-03-31' });
    expect(JSON.stringify(b.tables)).toBe(JSON.stringify(a.tables));
    const byDefault = (await ask(viewer, '')).json() as { window: { from: string; to: string } };
    expect(byDefault.window.from.slice(5)).toBe('04-01');
    // past the data's end: the last year of data, not a window of its last day alone
    const past = (await ask(viewer, '&to=2031-12-31')).json() as { window: { from: string; to: string } };
    expect(past.window.from).toBe(yearOf(past.window.to).from);
    const analyst = (await exact.app.inject({ method: 'GET', url: '/api/compare/funnel?rate=contact_to_referral&from=2020-01-01&to=2020-02-29' })).json() as { window: { from: string; to: string } };
    expect(analyst.window).toEqual({ from: '2020-01-01', to: '2020-02-29' });
  });

  it('an analyst (exact counts) keeps the window asked for', async () => {
    const body = (await exact.app.inject({ method: 'GET', url: '/api/datasets/c1/views/flow?from=2020-01-01&to=2020-02-29' })).json() as { window: { from: string; to: string } };
    expect(body.window).toEqual({ from: '2020-01-01', to: '2020-02-29' });
  });

  it("the flow view's stays begun, moved on and still there: every run of months, each rounded on its own, pins months of 1 to 4; a viewer's answers pin none", async () => {
    // the months of two financial years, April 2020 to March 2022, and every run of them
    const MONTHS = 24;
    const months = Array.from({ length: MONTHS }, (_, i) => addMonths(parseDay('2020-04-01')!, i));
    const end = (m: number) => formatDay(addMonths(months[m]!, 1) - 1);
    const COUNTS = ['arrivals', 'moved_on', 'still_there'];
    /** station × count → its value, from the flow view's time-spent table */
    const cellsOf = (answer: Answer): Map<string, Cell> => {
      const table = answer.tables.find((t) => t.id === 'time-spent')!;
      const col = (key: string) => table.columns.findIndex((c) => c.key === key);
      const out = new Map<string, Cell>();
      for (const row of table.rows) for (const c of COUNTS) out.set(`${row[col('station_id')]}:${c}`, row[col(c)]!);
      return out;
    };
    const flow = async (server: TestServer, from: string, to: string, headers: Record<string, string> = {}) =>
      cellsOf((await server.app.inject({ method: 'GET', url: `/api/datasets/c1/views/flow?from=${from}&to=${to}`, headers })).json() as Answer);
    const truth = new Map<string, number>();
    for (let m = 0; m < MONTHS; m++) for (const [k, v] of await flow(exact, formatDay(months[m]!), end(m))) truth.set(`${k}@${m}`, v as number);
    const keys = [...(await flow(exact, formatDay(months[0]!), end(0))).keys()];
    const run = (i: number, j: number) => Array.from({ length: j - i + 1 }, (_, d) => i + d);
    /** Interval propagation over each asked window's published cells, the months unknown: the counts of 1 to 4 pinned. */
    const attack = async (publish: (i: number, j: number) => Promise<{ cells: Map<string, Cell>; months: number[] }>) => {
      const ranges = new Map<string, Range>();
      const sums: Array<{ total: string; parts: string[] }> = [];
      for (const k of keys) for (let m = 0; m < MONTHS; m++) ranges.set(`${k}@${m}`, [0, 1e9]);
      for (let i = 0; i < MONTHS; i++) {
        for (let j = i; j < MONTHS; j++) {
          const { cells, months: covered } = await publish(i, j);
          for (const k of keys) {
            const total = `${k}@${covered[0]}-${covered[covered.length - 1]}`;
            ranges.set(total, rangeOf(cells.get(k)!, false));
            sums.push({ total, parts: covered.map((m) => `${k}@${m}`) });
          }
        }
      }
      propagate(ranges, sums);
      const monthsOnly = new Map([...ranges].filter(([k]) => !k.includes('-')));
      return pinned(monthsOnly, truth);
    };
    // each window's exact counts rounded on its own, as a viewer's views were published over whole months
    const naive = await attack(async (i, j) => {
      const cells = await flow(exact, formatDay(months[i]!), end(j));
      return { cells: new Map([...cells].map(([k, v]) => [k, publishCount(v as number)])), months: run(i, j) };
    });
    expect(naive.violations).toEqual([]);
    expect(naive.pins.length, 'the attack works on windows of months rounded on their own').toBeGreaterThan(0);
    // what a viewer is given: the financial year holding the window's end, whatever run of months is asked
    const shown = await attack(async (i, j) => {
      const res = await safe.app.inject({ method: 'GET', url: `/api/datasets/c1/views/flow?from=${formatDay(months[i]!)}&to=${end(j)}`, headers: viewer });
      const body = res.json() as Answer & { window: { from: string; to: string } };
      const year = j < 12 ? 0 : 12;
      expect(body.window).toEqual({ from: formatDay(months[year]!), to: end(year + 11) });
      return { cells: cellsOf(body), months: run(year, year + 11) };
    });
    expect(shown.violations).toEqual([]);
    expect(shown.pins).toEqual([]);
  }, 120_000);
});
