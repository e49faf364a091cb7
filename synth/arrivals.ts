// When new children arrive (their first event): a Poisson regression of the daily count on a log-linear
// trend, month of year and weekday, fitted by iteratively reweighted least squares; then, inside the
// fitted period, each month's count against what that predicts, so the generator follows the data's
// own curve (a dip, a step, a trend that is not log-linear) where it has one, and trend and season
// beyond it. Where the days around Christmas and the bank holidays hold fewer (or more) arrivals than their
// month and weekday say, each day of the Christmas fortnight and the other bank holidays keep effects of their own
// (a likelihood-ratio pretest at 0.1%, as the weekdays' of the steps): audit a10l's log, 21 December to 2 January
// at 0.45 of its month, gave a copy with 24-29% more referrals in those days than the log.
import { civilFromDay, dayFromCivil, formatDay, parseDay, weekday } from '../core/dates.js';
import { chiSquareUpper, PRETEST_Z } from '../core/analysis/linear-model.js';
import type { Model } from './model.js';
import { cumulativeOf } from './random.js';
import { weekdayHoliday } from '../core/working-days.js';

type Arrivals = Model['arrivals'];
const YEAR = 365.25;
/** columns: intercept, years since `from`, months 2–12, Tuesday–Sunday */
const WIDTH = 2 + 11 + 6;
/** The Christmas fortnight's days, each with an effect of its own: 18 December to 5 January. */
export const CHRISTMAS_DAYS = 19;
/** the base columns, then each day of the Christmas fortnight, then the other bank holidays */
const HOLIDAY_WIDTH = WIDTH + CHRISTMAS_DAYS + 1;

/** The day's place in the Christmas fortnight (0 = 18 December … 18 = 5 January), or −1 outside it. */
export function christmasIndex(day: number): number {
  const { month, day: date } = civilFromDay(day);
  if (month === 12 && date >= 18) return date - 18;
  if (month === 1 && date <= 5) return 13 + date;
  return -1;
}

function designRow(day: number, from: number, row: Float64Array, holidays: boolean): void {
  row.fill(0);
  row[0] = 1;
  row[1] = (day - from) / YEAR;
  const month = civilFromDay(day).month;
  if (month > 1) row[month] = 1;
  const w = weekday(day);
  if (w > 0) row[12 + w] = 1;
  if (holidays) {
    const k = christmasIndex(day);
    if (k >= 0) row[WIDTH + k] = 1;
    else if (weekdayHoliday(day)) row[WIDTH + CHRISTMAS_DAYS] = 1;
  }
}

/** Solves A x = b (A symmetric positive definite, small) by Gaussian elimination with partial pivoting. */
function solve(a: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    [b[col], b[pivot]] = [b[pivot]!, b[col]!];
    const p = a[col]![col]!;
    if (Math.abs(p) < 1e-12) continue;
    for (let r = col + 1; r < n; r++) {
      const f = a[r]![col]! / p;
      if (f === 0) continue;
      for (let k = col; k < n; k++) a[r]![k]! -= f * a[col]![k]!;
      b[r]! -= f * b[col]!;
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let k = r + 1; k < n; k++) s -= a[r]![k]! * x[k]!;
    x[r] = Math.abs(a[r]![r]!) < 1e-12 ? 0 : s / a[r]![r]!;
  }
  return x;
}

function flatFit(flat: Arrivals, merged: Model['merged']): Arrivals {
  merged.push({ cell: 'arrivals: trend, months and weekdays', into: 'a flat rate (too few arrivals to fit them)' });
  return flat;
}

/** Fits arrivals to the first-event days of the children, over [from, to]. */
export function fitArrivals(days: readonly number[], from: number, to: number, minCell: number, merged: Model['merged']): Arrivals {
  const n = to - from + 1;
  const counts = new Float64Array(n);
  for (const d of days) if (d >= from && d <= to) counts[d - from]!++;
  const flat: Arrivals = { from: formatDay(from), perWeek: (days.length / Math.max(1, n)) * 7, trendPerYear: 1, monthOfYear: new Array(12).fill(1), dayOfWeek: new Array(7).fill(1), months: [] };
  if (days.length < minCell || n < 60) return flat;

  // Too few arrivals to fit a trend and seasons (60 children over four years: months with none drive their
  // effects to minus infinity and the solve to NaN, and the model failed to validate, a 500 on the synthetic
  // report: audit a12c finding 6): a flat rate, said in `merged`.
  const plain = poissonFit(counts, from, WIDTH);
  if (plain === null) return flatFit(flat, merged);
  const holidays = poissonFit(counts, from, HOLIDAY_WIDTH);
  const kept = holidays !== null && 2 * (holidays.logLikelihood - plain.logLikelihood) > chiSquareUpper(CHRISTMAS_DAYS + 1, PRETEST_Z);
  const beta = kept ? holidays.beta : plain.beta;
  // A month or weekday that never has an arrival drives its effect towards minus infinity: floor it.
  const effect = (k: number): number => Math.exp(Math.max(-20, beta[k]!));
  const month = [1, ...Array.from({ length: 11 }, (_, m) => effect(2 + m))];
  const day = [1, ...Array.from({ length: 6 }, (_, w) => effect(13 + w))];
  const monthMean = month.reduce((s, v) => s + v, 0) / 12;
  const dayMean = day.reduce((s, v) => s + v, 0) / 7;
  if (![monthMean, dayMean, beta[0]!, beta[1]!].every(Number.isFinite)) return flatFit(flat, merged);
  const arrivals: Arrivals = {
    from: formatDay(from),
    perWeek: 7 * Math.exp(beta[0]!) * monthMean * dayMean,
    trendPerYear: Math.exp(beta[1]!),
    monthOfYear: month.map((v) => v / monthMean),
    dayOfWeek: day.map((v) => v / dayMean),
    months: [],
    ...(kept ? { christmas: Array.from({ length: CHRISTMAS_DAYS }, (_, k) => effect(WIDTH + k)), bankHolidays: effect(WIDTH + CHRISTMAS_DAYS) } : {}),
  };
  // Each month against the fit: kept where it holds at least minCell arrivals.
  const expected = dailyRates(arrivals, from, from, to);
  let monthStart = from;
  while (monthStart <= to) {
    const c = civilFromDay(monthStart);
    const next = Math.min(to + 1, dayFromCivil(c.year, c.month + 1, 1));
    let observed = 0;
    let predicted = 0;
    for (let d = monthStart; d < next; d++) {
      observed += counts[d - from]!;
      predicted += expected[d - from]!;
    }
    const name = formatDay(monthStart).slice(0, 7);
    if (observed >= minCell && predicted > 0) arrivals.months.push({ month: name, factor: observed / predicted });
    else merged.push({ cell: `arrivals in ${name}`, into: 'trend and season' });
    monthStart = next;
  }
  return arrivals;
}

/**
 * A Poisson regression of the daily `counts` (day 0 = `from`) on the first `width` columns of designRow, by
 * iteratively reweighted least squares: its coefficients and log-likelihood (less the terms in the counts
 * alone), or null where the solve does not converge to finite numbers.
 */
function poissonFit(counts: Float64Array, from: number, width: number): { beta: Float64Array; logLikelihood: number } | null {
  const n = counts.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += counts[i]!;
  // Each day's few non-zero columns (at most 5 of the 39), found once: the sums below take them in column order,
  // as a loop over every column skipping zeros did, so the fit is the same to the last bit, without its width².
  const row = new Float64Array(width);
  const at = new Int32Array(n * 5);
  const value = new Float64Array(n * 5);
  const used = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    designRow(from + i, from, row, width === HOLIDAY_WIDTH);
    for (let k = 0; k < width; k++) if (row[k] !== 0) (at[i * 5 + used[i]!] = k), (value[i * 5 + used[i]!] = row[k]!), used[i]!++;
  }
  const etaOf = (i: number, beta: Float64Array): number => {
    let eta = 0;
    for (let e = i * 5; e < i * 5 + used[i]!; e++) eta += value[e]! * beta[at[e]!]!;
    return eta;
  };
  const beta = new Float64Array(width);
  beta[0] = Math.log(Math.max(1e-9, total / n));
  for (let iteration = 0; iteration < 25; iteration++) {
    const xtwx = Array.from({ length: width }, () => new Float64Array(width));
    const xtwz = new Float64Array(width);
    for (let i = 0; i < n; i++) {
      const eta = etaOf(i, beta);
      const mu = Math.exp(eta);
      const z = eta + (counts[i]! - mu) / mu;
      const end = i * 5 + used[i]!;
      for (let e = i * 5; e < end; e++) {
        const j = at[e]!;
        const rj = value[e]!;
        xtwz[j]! += rj * mu * z;
        const line = xtwx[j]!;
        for (let f = i * 5; f < end; f++) line[at[f]!]! += rj * mu * value[f]!;
      }
    }
    // A weekday, month or holiday absent from the period has no data: keep its effect at 0.
    for (let j = 0; j < width; j++) if (xtwx[j]![j] === 0) xtwx[j]![j] = 1;
    const next = solve(xtwx, xtwz);
    if (!next.every(Number.isFinite)) return null;
    let change = 0;
    for (let k = 0; k < width; k++) change = Math.max(change, Math.abs(next[k]! - beta[k]!));
    beta.set(next);
    if (change < 1e-8) break;
  }
  let logLikelihood = 0;
  for (let i = 0; i < n; i++) {
    const eta = etaOf(i, beta);
    logLikelihood += counts[i]! * eta - Math.exp(eta);
  }
  return Number.isFinite(logLikelihood) ? { beta, logLikelihood } : null;
}

/**
 * Expected arrivals on each day of [from, to] by trend and season (the trend's origin is `origin`; flat
 * before it: only an extract's burn-in lies before it, and there a trend fitted on children first seen
 * after the extract's start, some of them back from years before it, would not hold).
 */
function dailyRates(arrivals: Arrivals, origin: number, from: number, to: number): Float64Array {
  const out = new Float64Array(Math.max(0, to - from + 1));
  const base = arrivals.perWeek / 7;
  for (let d = from; d <= to; d++) {
    out[d - from] = base * Math.pow(arrivals.trendPerYear, Math.max(0, d - origin) / YEAR) * arrivals.monthOfYear[civilFromDay(d).month - 1]! * arrivals.dayOfWeek[weekday(d)]! * holidayFactor(arrivals, d);
  }
  return out;
}

/** The day's own factor: its place in the Christmas fortnight's, or the other bank holidays', where the model has them. */
function holidayFactor(arrivals: Arrivals, day: number): number {
  if (!arrivals.christmas) return 1;
  const k = christmasIndex(day);
  if (k >= 0) return arrivals.christmas[k]!;
  return weekdayHoliday(day) ? (arrivals.bankHolidays ?? 1) : 1;
}

/** Cumulative arrival weights of each day of [from, to]: trend and season, times each fitted month's factor. */
export function arrivalCurve(model: Model, from: number, to: number): Float64Array {
  const origin = parseDay(model.arrivals.from ?? model.fittedOn.from)!;
  const rates = dailyRates(model.arrivals, origin, from, to);
  const factors = new Map(model.arrivals.months.map((m) => [m.month, m.factor]));
  for (let d = from; d <= to; d++) {
    const factor = factors.get(formatDay(d).slice(0, 7));
    if (factor !== undefined) rates[d - from]! *= factor;
  }
  return cumulativeOf(Array.from(rates));
}
