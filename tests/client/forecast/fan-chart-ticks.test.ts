// The forecast charts' month axis (audit a13d M4: one tick, "January 2024", over a 36-month forecast with its
// 24 months of history): over more than a year, ticks every 6 months (April, October) or every 12 (April),
// written "April 2024", as many labels as fit and never one tick alone.
import { describe, expect, it } from 'vitest';
import { tickIndices } from '../../../client/src/forecast/fan-chart.js';
import { monthName } from '../../../client/src/forecast/labels.js';

/** Labels "YYYY-MM" for indices -history … months − 1, the forecast's first month `start`. */
function axis(start: string, history: number, months: number) {
  const [y, m] = start.split('-').map(Number) as [number, number];
  const at = (i: number) => {
    const k = y * 12 + (m - 1) + i;
    return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
  };
  return { labelAt: at, first: history === 0 ? 0 : -history, last: months - 1 };
}
const gaps = (xs: number[]) => xs.slice(1).map((x, k) => x - xs[k]!);

describe('forecast chart month ticks', () => {
  it('36 months with 24 of history: ticks every 6 or 12 months on April (and October), each "April 2024"-like, several labelled', () => {
    const { labelAt, first, last } = axis('2024-04', 24, 36);
    for (const count of [2, 3, 4, 6, 10, 20]) {
      const { ticks, labelled } = tickIndices(labelAt, first, last, count, true);
      expect(ticks.length, `count ${count}`).toBeGreaterThan(1);
      const step = gaps(ticks);
      expect(new Set(step).size, `count ${count}`).toBe(1);
      expect([6, 12]).toContain(step[0]);
      for (const i of ticks) expect(['04', '10']).toContain(labelAt(i).slice(5));
      expect(labelled.length, `count ${count}`).toBeLessThanOrEqual(count);
      expect(labelled.length, `count ${count}`).toBeGreaterThanOrEqual(Math.min(count, 2));
      for (const i of labelled) expect(ticks).toContain(i);
    }
    // room for many: every 6 months, all labelled
    const wide = tickIndices(labelAt, first, last, 20, true);
    expect(gaps(wide.ticks)[0]).toBe(6);
    expect(wide.labelled).toEqual(wide.ticks);
    expect(monthName(labelAt(wide.ticks[0]!))).toMatch(/^(April|October) \d{4}$/);
    expect(wide.ticks.map((i) => monthName(labelAt(i)))).toContain('April 2024');
  });

  it('a forecast of a year or less with no history keeps monthly steps', () => {
    const { labelAt, first, last } = axis('2025-04', 0, 6);
    expect(tickIndices(labelAt, first, last, 10, true).ticks).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
