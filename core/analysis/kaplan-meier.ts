// Kaplan–Meier estimate of a survival curve with Greenwood's variance. The 95% band is the plain
// ("linear") one, S ± 1.96·SE clipped to [0, 1], as printed in most textbooks, so it can be checked by hand.

export interface KaplanMeierStep {
  /** time of one or more events */
  time: number;
  atRisk: number;
  events: number;
  /** censored at this time or later, before the next event time (censorings before the first event are in the curve's total only) */
  censored: number;
  survival: number;
  se: number;
  lower: number;
  upper: number;
}

export interface KaplanMeierCurve {
  n: number;
  events: number;
  censored: number;
  /** one row per distinct time with an event */
  steps: KaplanMeierStep[];
  /** smallest time with survival ≤ 0.5, else null (the textbook median: the views use survivalQuantile) */
  median: number | null;
}

/**
 * `times[i]` is a follow-up time, `events[i]` true when it ended in the event and false when censored.
 * At a tied time events come before censorings.
 */
export function kaplanMeier(times: ArrayLike<number>, events: ArrayLike<boolean | number>, z = 1.96): KaplanMeierCurve {
  const n = times.length;
  if (events.length !== n) throw new RangeError(`kaplanMeier: ${n} times but ${events.length} event flags`);
  const order = Array.from({ length: n }, (_, i) => i);
  for (const i of order) if (!(times[i]! >= 0)) throw new RangeError(`kaplanMeier: time ${i} is ${times[i]}, expected ≥ 0`);
  order.sort((a, b) => times[a]! - times[b]!);
  const steps: KaplanMeierStep[] = [];
  let atRisk = n;
  let survival = 1;
  let greenwood = 0;
  let totalEvents = 0;
  let k = 0;
  while (k < n) {
    const time = times[order[k]!]!;
    let d = 0;
    let c = 0;
    for (; k < n && times[order[k]!] === time; k++) {
      if (events[order[k]!]) d++;
      else c++;
    }
    if (d > 0) {
      survival *= 1 - d / atRisk;
      // Greenwood's sum is undefined once everyone has had the event; the variance is then 0.
      greenwood += atRisk > d ? d / (atRisk * (atRisk - d)) : 0;
      const se = survival * Math.sqrt(greenwood);
      steps.push({ time, atRisk, events: d, censored: c, survival, se, lower: Math.max(0, survival - z * se), upper: Math.min(1, survival + z * se) });
      totalEvents += d;
    } else {
      const last = steps[steps.length - 1];
      if (last) last.censored += c;
    }
    atRisk -= d + c;
  }
  // the textbook median (no cut); the views read theirs through survivalQuantile
  const median = steps.find((s) => s.survival <= 0.5)?.time ?? null;
  return { n, events: totalEvents, censored: n - totalEvents, steps, median };
}

/**
 * The fewest still followed (at risk) for the curve to be read: past the first step with fewer, each
 * drop is one or two children's own (53% → 0% when the last child at risk leaves care), so the curve
 * is cut there and no median or percentile is read beyond it (review v9b finding 8).
 */
export const KM_MIN_AT_RISK = 10;

/** The curve's steps before it is cut (every step with at least KM_MIN_AT_RISK at risk). */
export function readableSteps(curve: Pick<KaplanMeierCurve, 'steps'>, minAtRisk = KM_MIN_AT_RISK): KaplanMeierStep[] {
  const cut = curve.steps.findIndex((s) => s.atRisk < minAtRisk);
  return cut < 0 ? curve.steps : curve.steps.slice(0, cut);
}

/**
 * The time by which a share q has had the event (q = 0.5: the median): the first step with survival
 * ≤ 1 − q, or null when the curve does not reach it before it is cut. The one function every median
 * and percentile of a Kaplan–Meier curve goes through, so a headline and a table never disagree.
 */
export function survivalQuantile(curve: Pick<KaplanMeierCurve, 'steps'>, q: number, minAtRisk = KM_MIN_AT_RISK): number | null {
  return readableSteps(curve, minAtRisk).find((step) => step.survival <= 1 - q + 1e-12)?.time ?? null;
}

/**
 * The 95% interval of survivalQuantile(curve, q), read off the Greenwood band where it crosses 1 − q
 * (as R's survfit with conf.type "plain"): lower, the first readable step whose lower limit is ≤ 1 − q
 * (the band's lower edge falls first); upper, the first whose upper limit is; null where the band does
 * not get there before the cut.
 */
export function survivalQuantileInterval(curve: Pick<KaplanMeierCurve, 'steps'>, q: number, minAtRisk = KM_MIN_AT_RISK): { lower: number | null; upper: number | null } {
  const steps = readableSteps(curve, minAtRisk);
  return {
    lower: steps.find((step) => step.lower <= 1 - q + 1e-12)?.time ?? null,
    upper: steps.find((step) => step.upper <= 1 - q + 1e-12)?.time ?? null,
  };
}

/** Survival at `time`: the last step at or before it (1 before the first event). */
export function survivalAt(curve: KaplanMeierCurve, time: number): KaplanMeierStep | null {
  let found: KaplanMeierStep | null = null;
  for (const step of curve.steps) {
    if (step.time > time) break;
    found = step;
  }
  return found;
}

/** Number still at risk (followed up and event-free) just before each of `times`. */
export function numbersAtRisk(times: ArrayLike<number>, checkpoints: readonly number[]): number[] {
  return checkpoints.map((t) => {
    let count = 0;
    for (let i = 0; i < times.length; i++) if (times[i]! >= t) count++;
    return count;
  });
}

export interface LifeTableRow {
  /** the interval [from, to) in days; to null for the last, open one */
  from: number;
  to: number | null;
  /** followed up to `from` without the event */
  atRisk: number;
  /** events and censorings with a time in the interval */
  ended: number;
  censored: number;
  /** Kaplan–Meier share without the event at the interval's last day (null for the open interval) */
  survival: number | null;
  lower: number | null;
  upper: number | null;
}

/**
 * The curve and its counts on a grid of days (0 = g0 < g1 < …): one row per interval [g_k, g_{k+1}) and
 * a last open one. Consecutive rows obey atRisk(k+1) = atRisk(k) − ended(k) − censored(k), which is
 * what lets disclosure control protect them together.
 */
export function lifeTable(times: ArrayLike<number>, events: ArrayLike<boolean | number>, grid: readonly number[], curve: KaplanMeierCurve = kaplanMeier(times, events), minAtRisk = 0): LifeTableRow[] {
  if (grid[0] !== 0 || grid.some((g, i) => i > 0 && g <= grid[i - 1]!)) throw new RangeError('lifeTable: the grid must start at 0 and increase');
  const rows: LifeTableRow[] = grid.map((from, k) => ({ from, to: grid[k + 1] ?? null, atRisk: 0, ended: 0, censored: 0, survival: null, lower: null, upper: null }));
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    let k = 0;
    while (k + 1 < grid.length && t >= grid[k + 1]!) k++;
    for (let j = 0; j <= k; j++) rows[j]!.atRisk++;
    if (events[i]) rows[k]!.ended++;
    else rows[k]!.censored++;
  }
  for (const row of rows) {
    // No one followed into the interval: the curve says nothing there (it is not carried forward).
    if (row.to === null || row.atRisk === 0) continue;
    const step = survivalAt(curve, row.to - 1);
    // past the cut (fewer than KM_MIN_AT_RISK still followed) the curve is not read
    if (row.atRisk < minAtRisk || (step !== null && step.atRisk < minAtRisk)) continue;
    row.survival = step ? step.survival : 1;
    row.lower = step ? step.lower : 1;
    row.upper = step ? step.upper : 1;
  }
  return rows;
}
