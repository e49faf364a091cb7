// Audit a12g F3: a viewer worked back every day's exact count of 1 to 4 (children entering care, ICPCs) by asking
// the metrics for one-day windows (which days have any) and for windows over consecutive event days, then pinning
// each day's count by interval propagation: 10 of 10 and 18 of 18 days, 0 wrong. A viewer's window is now whole
// calendar months on the metrics, each month's counts rounded once (core/disclosure/month-cells.ts), and one
// financial year on every view (server/routes/dataset-window.ts), so windows a day apart give the same answer. The test runs the audit's attack at day level and the same attack over every run of whole
// months of a year, against the exact counts of a second server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths, formatDay, parseDay } from '../../../core/dates.js';
import { publishCount } from '../../../core/disclosure/policy.js';
import { council } from '../views/council.js';
import { startSafeAndExact, type TestServer } from './harness.js';

type Shown = number | '[c]';
/** What a count rounded on its own to the nearest 5 says it can be: 0 exactly, [c] 1 to 4, 5 is 5 to 7 (1 to 4 are [c]), else ±2. */
const rangeRounded = (p: Shown): [number, number] => (p === '[c]' ? [1, 4] : p === 0 ? [0, 0] : p === 5 ? [5, 7] : [p - 2, p + 2]);
/**
 * What a viewer's count of a window of `months` months says it can be (core/disclosure/month-cells.ts): within 4 a
 * month of what is shown, 0 included (a month of 1 to 4 rounded down reads 0 like a month of none).
 */
const rangeCells = (p: Shown, months: number): [number, number] => {
  expect(p, 'a window of month cells is never [c]').not.toBe('[c]');
  return [Math.max(0, (p as number) - 4 * months), (p as number) + 4 * months];
};

/** Interval propagation over sums of consecutive cells (the audit's step 3): each cell's bounds, narrowed until nothing moves. */
function propagate(cells: Array<[number, number]>, sums: Array<{ i: number; j: number; r: [number, number] }>): Array<[number, number]> {
  const lo = cells.map((c) => c[0]);
  const hi = cells.map((c) => c[1]);
  for (let changed = true; changed; ) {
    changed = false;
    for (const { i, j, r } of sums) {
      let sl = 0;
      let sh = 0;
      for (let k = i; k <= j; k++) (sl += lo[k]!), (sh += hi[k]!);
      for (let k = i; k <= j; k++) {
        const nl = Math.max(lo[k]!, r[0] - (sh - hi[k]!));
        const nh = Math.min(hi[k]!, r[1] - (sl - lo[k]!));
        if (nl !== lo[k] || nh !== hi[k]) (lo[k] = nl), (hi[k] = nh), (changed = true);
      }
    }
  }
  return lo.map((l, k) => [l, hi[k]!]);
}

describe("a viewer's windows cannot be differenced into exact small counts (audit a12g F3)", () => {
  let safe: TestServer;
  let exact: TestServer;
  let viewer: Record<string, string> = {};
  let close = async () => {};
  beforeAll(async () => {
    ({ safe, exact, viewer, close } = await startSafeAndExact([['small', council(600, 4)]]));
  }, 120_000);
  afterAll(() => close());

  const counts = async (server: TestServer, from: string, to: string, headers: Record<string, string> = {}) => {
    const res = await server.app.inject({ method: 'GET', url: `/api/datasets/small/metrics?from=${from}&to=${to}`, headers });
    expect(res.statusCode, `${from} to ${to}`).toBe(200);
    return res.json().counts as Record<string, Shown>;
  };

  it('gives one-day windows the answer of their whole month, so the audit\'s day-level attack pins no day', async () => {
    const first = parseDay('2023-04-01')!;
    const days = Array.from({ length: 30 }, (_, i) => formatDay(first + i));
    const month = await counts(safe, '2023-04-01', '2023-04-30', viewer);
    for (const d of days) expect(await counts(safe, d, d, viewer)).toEqual(month);
    expect(await counts(safe, '2023-04-03', '2023-04-17', viewer)).toEqual(month);
    // the exact server still answers the day
    const truth = await Promise.all(days.map((d) => counts(exact, d, d)));
    expect(new Set(truth.map((t) => JSON.stringify(t))).size).toBeGreaterThan(1);
  });

  it("snaps a view's window for a viewer to the financial year holding its end, the default window too (views/viewer-financial-years.test.ts)", async () => {
    const view = async (server: TestServer, query: string, headers: Record<string, string> = {}) => {
      const res = await server.app.inject({ method: 'GET', url: `/api/datasets/small/views/flow${query}`, headers });
      expect(res.statusCode, query).toBe(200);
      return res.json() as { window: { from: string; to: string } };
    };
    expect((await view(safe, '?from=2023-04-12&to=2023-09-03', viewer)).window).toEqual({ from: '2023-04-01', to: '2024-03-31' });
    expect((await view(exact, '?from=2023-04-12&to=2023-09-03')).window).toEqual({ from: '2023-04-12', to: '2023-09-03' });
    const byDefault = (await view(safe, '', viewer)).window;
    const last = (await view(exact, '')).window.to;
    expect(byDefault.to).toBe(last);
    expect(byDefault.from).toBe(`${Number(last.slice(5, 7)) >= 4 ? last.slice(0, 4) : Number(last.slice(0, 4)) - 1}-04-01`);
  });

  it('over every run of whole months of a year, pins no month of 1 to 4 of any event type (each window rounded on its own pinned some)', async () => {
    const months = Array.from({ length: 12 }, (_, i) => addMonths(parseDay('2023-01-01')!, i));
    const end = (m: number) => formatDay(addMonths(months[m]!, 1) - 1);
    const shown = new Map<string, Record<string, Shown>>();
    const exactWindows = new Map<string, Record<string, Shown>>();
    for (let i = 0; i < 12; i++) {
      for (let j = i; j < 12; j++) {
        shown.set(`${i}-${j}`, await counts(safe, formatDay(months[i]!), end(j), viewer));
        exactWindows.set(`${i}-${j}`, await counts(exact, formatDay(months[i]!), end(j)));
      }
    }
    const keys = Object.keys(exactWindows.get('0-0')!);
    /** The months of 1 to 4 the attack pins, and checks that it is sound (every month's truth inside its bounds). */
    const attack = (rangeOf: (key: string, i: number, j: number) => [number, number]) => {
      let small = 0;
      let pinned = 0;
      for (const key of keys) {
        const cells = months.map((_, i) => rangeOf(key, i, i));
        const sums = [];
        for (let i = 0; i < 12; i++) for (let j = i + 1; j < 12; j++) sums.push({ i, j, r: rangeOf(key, i, j) });
        const bounds = propagate(cells, sums);
        months.forEach((_, i) => {
          const t = exactWindows.get(`${i}-${i}`)![key] as number;
          expect(bounds[i]![0], `${key} month ${i + 1}`).toBeLessThanOrEqual(t);
          expect(bounds[i]![1], `${key} month ${i + 1}`).toBeGreaterThanOrEqual(t);
          if (t >= 1 && t <= 4) {
            small++;
            if (bounds[i]![0] === bounds[i]![1]) pinned++;
          }
        });
      }
      return { small, pinned };
    };
    // Each window's exact count rounded on its own (the publication before): the attack pins months.
    const before = attack((key, i, j) => rangeRounded(publishCount(exactWindows.get(`${i}-${j}`)![key] as number)));
    expect(before.small).toBeGreaterThan(20);
    expect(before.pinned).toBeGreaterThan(0);
    // What a viewer is shown now.
    const now = attack((key, i, j) => rangeCells(shown.get(`${i}-${j}`)![key]!, j - i + 1));
    if (process.env.DEBUG_PINS) console.log(`months of 1 to 4: ${before.small}; pinned before ${before.pinned}, now ${now.pinned}`);
    expect(now.pinned).toBe(0);
    // and the cells add up: a window is the sum of its months' shown counts wherever none is [c] or held at 5
    for (const key of keys) {
      for (let i = 0; i + 2 < 12; i++) {
        const parts = [0, 1, 2].map((k) => shown.get(`${i + k}-${i + k}`)![key]!);
        if (parts.every((p) => typeof p === 'number' && p >= 10)) expect(shown.get(`${i}-${i + 2}`)![key]).toBe((parts as number[]).reduce((a, b) => a + b, 0));
      }
    }
  });
});
