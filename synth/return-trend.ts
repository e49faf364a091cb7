// How soon children come back changes over the years of the data (a council whose children return sooner
// each year, say). The cells give a gap to the next contact or referral by state, history and age, pooled
// over every year, so a trend in it comes out flat: a copy had too many returns in the early years and too
// few in the late ones (the "drift" test log, whose gaps shrink 8% a year: referrals of 2021 +7%, of 2024
// −5% in its copy). Fitted here as a clock: the hazard of coming back from a journey with nothing open is
// a baseline by the cell the gap began in (state, age band, history) and months since, times a log-linear
// trend in the calendar (a stratified proportional-hazards model, by alternating the two estimates; a
// baseline by history alone put the cells' own differences into the years: logs without a trend got
// factors of 0.85 to 1.05 and copies with a trend of 5%); the generator runs a drawn gap
// on that clock (a year whose factor is 1.2 passes 1.2 days of gap a day), so the gaps the cells pooled
// come sooner in the years the data's came sooner.
import { formatDay, parseDay } from '../core/dates.js';
import { IntColumn } from './columns.js';
import type { Model } from './model.js';
import type { IdleGaps } from './return-odds.js';
import { STATE_LETTERS } from './states.js';
import { valueAt } from './piecewise.js';

const bit = (letters: string): number => [...letters].reduce((m, ch) => m | (1 << STATE_LETTERS.indexOf(ch)), 0);
/** Letters of something under way: early help, care, an assessment, S47, plan, conference, older episode, transfer-in. */
const BUSY = bit('elasnpcdgot');
const IN_EPISODE = bit('h');
const CLOSED_OR_NFA = bit('xr');

/** A state (synth/states.ts stateMask) with nothing open: no episode, or one closed or ended at referral; a child there can only come back. */
export function isIdle(mask: number): boolean {
  return (mask & BUSY) === 0 && ((mask & IN_EPISODE) === 0 || (mask & CLOSED_OR_NFA) !== 0);
}

export type ReturnTrend = NonNullable<Model['returnTrend']>;

const YEAR = 365.25;
const MONTH = YEAR / 12;
/** A last period shorter than this joins the one before it (as outcome-trends.ts). */
const MIN_PERIOD_DAYS = 120;
/** Months since the last event the baseline tells apart; later ones share the last. */
const BINS = 60;
const ITERATIONS = 100;
/** The trend's z below which a log is taken to have none. */
const MIN_Z = 3;
/** The steepest trend kept: 30% a year on the log scale. */
const MAX_SLOPE = Math.log(1.3);

/**
 * Gaps in which a child could come back: from an event that left nothing open (no episode under way, or
 * only its closure or NFA; no care, early help or plan) to the next contact or referral (`returned`), or
 * to another event, the data's end or the 18th birthday (censored there).
 */
export class ReturnTally {
  private readonly strata = new IntColumn(1024);
  /** stratum key (any number naming the state, age and history the gap began in) → dense index */
  private readonly stratumIndex = new Map<number, number>();
  private readonly froms = new IntColumn(1024);
  private readonly tos = new IntColumn(1024);
  private readonly returned = new IntColumn(1024);

  add(stratum: number, from: number, to: number, returned: boolean): void {
    if (to < from) return;
    let index = this.stratumIndex.get(stratum);
    if (index === undefined) this.stratumIndex.set(stratum, (index = this.stratumIndex.size));
    this.strata.push(index);
    this.froms.push(from);
    this.tos.push(to);
    this.returned.push(returned ? 1 : 0);
  }

  /** The gaps held, for the return odds' fit (return-odds.ts). */
  gaps(groupOf: (stratum: number) => number): IdleGaps {
    const groups = new Uint8Array(this.stratumIndex.size);
    const keys = new Float64Array(this.stratumIndex.size);
    for (const [stratum, index] of this.stratumIndex) (groups[index] = groupOf(stratum)), (keys[index] = stratum);
    return { strata: this.strata.values, froms: this.froms.values, tos: this.tos.values, returned: this.returned.values, length: this.froms.length, strataCount: this.stratumIndex.size, keys, groupOf: groups };
  }

  /**
   * The factor per year from `from` to `to` (a log-linear trend), normalised so that the returns seen average 1
   * (the cells' pooled gaps are the clock's average days); absent when the data spans less than two years or
   * shows no trend. `skipDays`: the first days of every gap are left out (their returns and exposure), where
   * the return odds (return-odds.ts) already say how those change: counted again here, a step in them came
   * back as a trend over every year.
   */
  fit(from: number, to: number, minCell: number, skipDays = 0): ReturnTrend | undefined {
    const years = Math.max(1, Math.floor((to - from + 1 - MIN_PERIOD_DAYS) / YEAR) + 1);
    if (years < 2) return undefined;
    const stratumOf = this.strata.values, fromOf = this.froms.values, toOf = this.tos.values, returnedOf = this.returned.values;
    const n = this.froms.length;
    const cells = this.stratumIndex.size * BINS;
    /** exposure days by (stratum, month bin) × year */
    const exposure = new Float64Array(cells * years);
    const events = new Float64Array(cells);
    const yearEvents = new Float64Array(years);
    const yearStart = (y: number): number => from + Math.round(y * YEAR);
    // The year holding a day, by the same rounded boundaries as yearStart (a day on a boundary is the later year's).
    const period = (day: number): number => {
      let y = Math.max(0, Math.floor((day - from) / YEAR));
      if (day >= yearStart(y + 1)) y++;
      return Math.min(years - 1, y);
    };
    // Bin k of a gap begun on day a starts on a + binStart[k]; year y on yearStarts[y] (Infinity past the last).
    // A gap is cut at the years' edges; in each year its first and last bins get what they hold of it, and the
    // bins between are whole, counted (a difference along the bins, summed at the end: full[k] whole bins k).
    // Walking every bin of every gap, its bin and year computed afresh per piece, was most of this fit's time.
    // The exposure is whole days (bins' widths are whole), so its sums are exact in any order.
    const binStart = Float64Array.from({ length: BINS + 1 }, (_, k) => (k === BINS ? Infinity : Math.ceil(k * MONTH)));
    const yearStarts = Float64Array.from({ length: years + 1 }, (_, y) => (y === 0 ? -Infinity : y === years ? Infinity : yearStart(y)));
    const binOf = (days: number): number => Math.min(BINS - 1, Math.floor(days / MONTH));
    /** per (stratum, bin) × year: whole bins begun (+1) less whole bins ended (−1), from the bin on */
    const full = new Float64Array(cells * years);
    for (let i = 0; i < n; i++) {
      const a = fromOf[i]!;
      const b = toOf[i]!;
      const base = stratumOf[i]! * BINS;
      // Watched from the extract's start: days before it hold no return the data could show.
      let d = Math.max(a + skipDays, from);
      for (let y = period(d); d < b; y++) {
        // (the last bin and the last year run on to the gap's end)
        const end = Math.min(b, yearStarts[y + 1]!);
        const first = binOf(d - a);
        const last = binOf(end - 1 - a);
        if (first === last) exposure[(base + first) * years + y]! += end - d;
        else {
          exposure[(base + first) * years + y]! += a + binStart[first + 1]! - d;
          exposure[(base + last) * years + y]! += end - (a + binStart[last]!);
          if (last > first + 1) {
            full[(base + first + 1) * years + y]!++;
            full[(base + last) * years + y]!--;
          }
        }
        d = end;
      }
      if (returnedOf[i] && b >= from && (skipDays === 0 || b - a > skipDays)) {
        events[base + Math.min(BINS - 1, Math.floor((b - a) / MONTH))]!++;
        yearEvents[period(b)]!++;
      }
    }
    for (let stratum = 0; stratum < this.stratumIndex.size; stratum++) {
      for (let y = 0; y < years; y++) {
        let whole = 0;
        for (let k = 0; k < BINS - 1; k++) {
          const c = (stratum * BINS + k) * years + y;
          whole += full[c]!;
          if (whole > 0) exposure[c]! += whole * (binStart[k + 1]! - binStart[k]!);
        }
      }
    }
    // A log-linear trend over the years, not a factor per year: where the gaps of a stratum all fall in one
    // year (a cohort that arrives at once, brief syn12's log), a free factor per year is not identified, and
    // the alternating estimate ran off to factors of 9.8 and 1e-44. Given the slope, each stratum's baseline
    // is its returns over its exposure on the clock; given the baselines, Newton's step on the slope.
    const centre = (from + to) / 2;
    const t = Float64Array.from({ length: years }, (_, y) => ((yearStart(y) + (y === years - 1 ? to + 1 : yearStart(y + 1))) / 2 - centre) / YEAR);
    let slope = 0;
    let information = 0;
    const hazard = new Float64Array(cells);
    // Only cells with a return have a hazard above 0: the others add nothing to what is expected, so they are
    // passed over (the cells with one taken in the same order, so the sums are the same).
    const live: number[] = [];
    for (let c = 0; c < cells; c++) if (events[c]! > 0) live.push(c);
    for (let it = 0; it < ITERATIONS; it++) {
      const speed = t.map((ty) => Math.exp(slope * ty));
      for (const c of live) {
        let at = 0;
        for (let y = 0; y < years; y++) at += speed[y]! * exposure[c * years + y]!;
        hazard[c] = at > 0 ? events[c]! / at : 0;
      }
      let score = 0;
      information = 0;
      for (let y = 0; y < years; y++) {
        let expected = 0;
        for (const c of live) if (hazard[c]! > 0) expected += hazard[c]! * exposure[c * years + y]!;
        expected *= speed[y]!;
        score += t[y]! * (yearEvents[y]! - expected);
        information += t[y]! * t[y]! * expected;
      }
      if (!(information > 0)) return undefined;
      const step = Math.max(-0.1, Math.min(0.1, score / information));
      slope += step;
      if (Math.abs(step) < 1e-7) break;
    }
    // Kept only when the data say so (a z of 3: a log without a trend must not get one by chance) and within
    // ±30% a year (beyond that the cells themselves, not the calendar, are what moved).
    if (Math.abs(slope) * Math.sqrt(information) < MIN_Z || Math.abs(slope) > MAX_SLOPE) return undefined;
    let seen = 0;
    let weighted = 0;
    for (let y = 0; y < years; y++) (seen += yearEvents[y]!), (weighted += yearEvents[y]! * Math.exp(slope * t[y]!));
    if (seen < minCell) return undefined;
    const scale = seen / weighted;
    const periods: ReturnTrend['periods'] = [];
    for (let y = 0; y < years; y++) {
      periods.push({ from: formatDay(yearStart(y)), to: formatDay(y === years - 1 ? to : yearStart(y + 1) - 1), factor: Math.exp(slope * t[y]!) * scale });
    }
    return { periods };
  }
}

/** The clock compiled for the generator: the periods' midpoints and factors. */
export interface ReturnClock {
  mids: Float64Array;
  factors: Float64Array;
}

export function compileReturnClock(trend: ReturnTrend | undefined): ReturnClock | null {
  if (!trend || trend.periods.length < 2) return null;
  return {
    mids: Float64Array.from(trend.periods.map((p) => (parseDay(p.from)! + parseDay(p.to)!) / 2)),
    factors: Float64Array.from(trend.periods.map((p) => p.factor)),
  };
}

/** Step of the clock's integration: the speed changes by a few percent a year, so a week's midpoint speed is exact enough. */
const STEP = 7;

/**
 * The day a gap of `gap` clock days, begun on `start`, ends; its first `skipDays` days run at the cells' own
 * pace (where the clock was fitted without them: ReturnTally.fit).
 */
export function returnDay(clock: ReturnClock, start: number, gap: number, skipDays = 0): number {
  if (!(gap > skipDays) || !Number.isFinite(gap)) return start + gap;
  let day = start + skipDays;
  let left = gap - skipDays;
  for (;;) {
    const v = Math.max(0.05, valueAt(clock.mids, clock.factors, day + STEP / 2));
    if (left <= v * STEP) return Math.round(day + left / v);
    left -= v * STEP;
    day += STEP;
  }
}
