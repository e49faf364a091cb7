// Controlled rounding of a life table (time in care, time on a CP plan) for a viewer without exact numbers.
//
// A life table's counts are linked: at risk next = at risk − ended − still open, the periods begun are the
// day-0 at risk, the ended and still-open totals are the sums of their columns, and the groups of any
// breakdown (by age, sex, …) add up to everyone. Suppressing 1–4 as [c] beside counts rounded on their own
// let a viewer solve those sums back: a 0 is exactly 0, a 5 is 5–7, a [c] is at least 1, and the bounds
// met (review v9c: 192 of 211 [c] rebuilt on a 3,000-child log). So these counts are not [c]'d: they are
// rounded to multiples of 5 in a way that keeps every one of those sums true of the published numbers.
//   - Everyone (no breakdown): the numbers that ended from each interval on, and those still open from each
//     interval on (two running totals from the bottom of the table), are each rounded to the nearest 5;
//     ended, still open and at risk are read off them. At risk is within 4 of the truth, ended and still
//     open within 4.
//   - A breakdown: each group's running totals are rounded to the multiple of 5 just below or just above
//     (an exact multiple stays), so that at every row the groups add up to everyone's published total and
//     each group's running totals still only fall down the table (no negative count). At risk within 9.
// Why nothing can be solved back: the published table is itself a solution of every sum a viewer can write
// (within a response and across the breakdowns of one window and cohort), so whatever a viewer works out,
// the published value stays possible beside the true one. A count that rounding moved (every 1 to 4: the
// published value is a multiple of 5) can never be pinned to its true value.
import { ROUNDING_BASE } from './policy.js';

/** The exact number that ended and that were still open (censored), interval by interval, down one table. */
export interface Departures {
  ended: readonly number[];
  censored: readonly number[];
}

/** A life table's counts as a viewer sees them, and the totals of its groups row. */
export interface PublishedLife {
  atRisk: number[];
  ended: number[];
  censored: number[];
  spells: number;
  endedTotal: number;
  open: number;
}

const B = ROUNDING_BASE;

/** x[i] + x[i+1] + … for i = 0 … length (the last is 0). */
function fromBottom(x: readonly number[]): number[] {
  const t = new Array<number>(x.length + 1).fill(0);
  for (let i = x.length - 1; i >= 0; i--) t[i] = t[i + 1]! + x[i]!;
  return t;
}

function fromRunningTotals(ended: readonly number[], censored: readonly number[]): PublishedLife {
  const rows = ended.length - 1;
  const life: PublishedLife = { atRisk: [], ended: [], censored: [], spells: ended[0]! + censored[0]!, endedTotal: ended[0]!, open: censored[0]! };
  for (let i = 0; i < rows; i++) {
    life.atRisk.push(ended[i]! + censored[i]!);
    life.ended.push(ended[i]! - ended[i + 1]!);
    life.censored.push(censored[i]! - censored[i + 1]!);
  }
  return life;
}

const nearest = (v: number) => Math.round(v / B) * B;

/** Everyone's table: running totals from the bottom, each rounded to the nearest 5. */
export function roundLifeTable(exact: Departures): PublishedLife {
  return fromRunningTotals(fromBottom(exact.ended).map(nearest), fromBottom(exact.censored).map(nearest));
}

/**
 * Running totals (non-increasing down the table, 0 at the bottom) of each part rounded to the multiple of
 * 5 below or above, still non-increasing, adding up at every row to `totals` (a multiple of 5 within 5 of
 * the parts' exact sum). Walks down the table: a part rounded up can stay up while its multiple below does
 * not change, and once rounded down it stays down until that multiple changes; of the parts that may be
 * up, those that can stay up longest are chosen (which leaves the most choice further down), nearer
 * rounding breaking ties. Null when no choice works (never seen; the caller then withholds the breakdown).
 */
export function controlledRunningTotals(parts: readonly (readonly number[])[], totals: readonly number[]): number[][] | null {
  const rows = totals.length;
  const out = parts.map(() => new Array<number>(rows).fill(0));
  const up = parts.map(() => false);
  for (let i = 0; i < rows; i++) {
    const below = parts.map((p) => Math.floor(p[i]! / B) * B);
    const need = (totals[i]! - below.reduce((a, b) => a + b, 0)) / B;
    const candidates: Array<{ g: number; lasts: number; frac: number }> = [];
    parts.forEach((p, g) => {
      const frac = p[i]! - below[g]!;
      const sameRun = i > 0 && Math.floor(p[i - 1]! / B) * B === below[g];
      if (frac === 0 || (sameRun && !up[g])) return;
      // how far down the table this part can stay rounded up: while its multiple below is the same and it is not exact
      let lasts = i;
      while (lasts + 1 < rows && Math.floor(p[lasts + 1]! / B) * B === below[g] && p[lasts + 1]! % B !== 0) lasts++;
      candidates.push({ g, lasts, frac });
    });
    if (!Number.isInteger(need) || need < 0 || need > candidates.length) return null;
    candidates.sort((a, b) => b.lasts - a.lasts || b.frac - a.frac || a.g - b.g);
    const chosen = new Set(candidates.slice(0, need).map((c) => c.g));
    parts.forEach((_, g) => {
      up[g] = chosen.has(g);
      out[g]![i] = below[g]! + (up[g] ? B : 0);
    });
  }
  return out;
}

/** A breakdown's tables, adding up at every row to everyone's published table; null if that cannot be done. */
export function roundBreakdown(groups: readonly Departures[], everyone: Departures): PublishedLife[] | null {
  const target = { ended: fromBottom(everyone.ended).map(nearest), censored: fromBottom(everyone.censored).map(nearest) };
  const ended = controlledRunningTotals(groups.map((g) => fromBottom(g.ended)), target.ended);
  const censored = controlledRunningTotals(groups.map((g) => fromBottom(g.censored)), target.censored);
  if (!ended || !censored) return null;
  return groups.map((_, g) => fromRunningTotals(ended[g]!, censored[g]!));
}

/**
 * A series (weeks) whose blocks (four weeks) are published too: each value as the step of its running
 * total rounded to the nearest 5, so that any run of consecutive values (a block) adds up, in the
 * published numbers, to the published change of the running total over it. Every sum a viewer can write
 * between the weeks and their blocks then holds of the published numbers themselves, which are a
 * solution beside the true one; no [c] sits in a sum to be pinned (review v9d finding 1: four weekly [c]
 * under a four-week [c] were 1 each). A value is within 4 of the truth (two roundings of up to 2 each),
 * never negative; a value of 1 to 4 reads 0 or 5.
 */
export function roundRunning(values: readonly number[]): number[] {
  let total = 0;
  let shown = 0;
  return values.map((v) => {
    total += v;
    const next = nearest(total);
    const step = next - shown;
    shown = next;
    return step;
  });
}
