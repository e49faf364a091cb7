// Whether children with nothing open come back within a month, or within a year, quarter by quarter of the
// data. A council that starts recording the advice it gives as contacts (each presentation 1 or 2 contacts
// more from a date) changes how often a contact is followed by another within days; an early-help offer that
// halves returns after a closure changes how many come back within the year. Neither is a change in how
// FAST children come back: the return clock (return-trend.ts) only runs a drawn gap faster or slower, never
// changes whether it ends in a return, and its log-linear trend spread a step over every year (audit a10p:
// log G's contacts 2020-21 +23 to +26% in copies, a year before the log's step, 2022-23 -6 to -8% after it;
// log F's referrals 2019-20 +7 to +8%).
//
// An idle state (nothing open: return-trend.ts isIdle) ends in one of three bands: a contact or referral
// within BANDS[0] days of its start ("quick"), one within BANDS[1] days ("later"), or anything else (a later
// return, another step, none). Per quarter of the day the state began, the two return bands get factors on
// their odds against the third: the generator keeps a drawn step in proportion to its band's factor, so the
// cells' pooled shares, tilted, give each quarter the returns it saw. Fitted per quarter by proportional
// fitting against the cells' (state, age, history) pooled shares, on the states watched long enough to show
// their band: a quarter less than a year before the data's end fits only the quick band (its later band keeps
// the last full quarter's factor). Kept per group only where a χ² test of the quarters against the pooled shares
// rejects at 1 in 100,000 (CLUSTERED_PRETEST_Z: a log whose returns hold still gets none, and its model is as before). Piecewise constant
// by quarter, not linear between midpoints: a step stays on its date.
import { formatDay, parseDay } from '../core/dates.js';
import { chiSquareUpper } from '../core/analysis/linear-model.js';
import { CLUSTERED_PRETEST_Z, wholeQuarters } from './piecewise.js';
import { EV, EVENT_TYPES, type EventType } from '../core/events.js';
import type { CompiledCell } from './compile.js';
import type { Model } from './model.js';

export type ReturnOdds = NonNullable<Model['returnOdds']>;

/** The bands' last days from the state's start: a presentation's repeat contacts come within weeks, returns after a closure within a year or more. */
export const BANDS = [31, 365] as const;
/** A factor is bounded: five times the odds, or a fifth. */
const MAX_FACTOR = 5;
const ROUNDS = 60;

/** The idle gaps of a walk, as ReturnTally holds them: stratum index, first day, last day, and whether it ended in a return. */
export interface IdleGaps {
  strata: ArrayLike<number>;
  froms: ArrayLike<number>;
  tos: ArrayLike<number>;
  returned: ArrayLike<number>;
  length: number;
  strataCount: number;
  /** by stratum index: the stratum's key (fit.ts returnStratum: state, age band, history bucket) */
  keys: Float64Array;
  /** by stratum index: its group, the event code its state began with times 2, plus 1 in a seen-early history bucket (states.ts isSeenEarlyBucket) */
  groupOf: Uint8Array;
}

/** A gap's band: 0 a return within BANDS[0] days, 1 within BANDS[1], 2 anything else. */
function bandOf(returned: boolean, days: number): number {
  return !returned ? 2 : days <= BANDS[0] ? 0 : days <= BANDS[1] ? 1 : 2;
}

/**
 * The factors per quarter of the data from `from` to `to` (its last day), by group of idle states (`gaps.groupOf`:
 * the kind of event the state began with, and whether the child is in a seen-early history bucket), for the
 * groups whose quarters differ beyond chance. Only gaps begun from `from` to BANDS[0] days before `to` count (a
 * later one could not show a quick return yet); the later band only those begun BANDS[1] days before it.
 *
 * Groups, because a factor per quarter over every idle state read log G's step in contacts as a change after
 * closures too, and one over every child read it as a change in the seen-early children (their strata hold only
 * the early years, the others' mostly the later ones): in 2020-21, before its step, a copy's quick returns after
 * a contact were 0.49 of the seen-early children's against the log's 0.57, and 0.63 of the others' against 0.56.
 */
export function fitReturnOdds(gaps: IdleGaps, from: number, to: number, minCell: number, modelShares: () => (key: number) => [number, number] | null): ReturnOdds | undefined {
  const lastQuick = to - BANDS[0];
  const lastFull = to - BANDS[1];
  // Quarters from the data's start while a state could still show a quick return; the last runs on to `to`.
  const { years: periods, of: periodOf, start: startOf, end: endOf } = wholeQuarters(from, lastQuick, to);
  if (periods < 2) return undefined;
  /** a quarter whose every state was watched a whole BANDS[1] days */
  const full = (p: number): boolean => endOf(p) <= lastFull;
  const S = gaps.strataCount;
  // Per quarter and stratum: states and their bands; per stratum, pooled over the full quarters (three
  // bands) and over every quarter (quick or not).
  const states = new Float64Array(periods * S);
  const byBand = new Float64Array(periods * S * 3);
  const pooledFull = new Float64Array(S * 3);
  const pooledQuick = new Float64Array(S * 2);
  for (let i = 0; i < gaps.length; i++) {
    const a = gaps.froms[i]!;
    if (a < from || a > lastQuick) continue;
    const p = periodOf(a);
    const s = gaps.strata[i]!;
    const band = bandOf(gaps.returned[i]! === 1, gaps.tos[i]! - a);
    states[p * S + s]!++;
    byBand[(p * S + s) * 3 + band]!++;
    pooledQuick[s * 2 + (band === 0 ? 0 : 1)]!++;
    if (full(p)) pooledFull[s * 3 + band]!++;
  }
  const shareFull = new Float64Array(S * 3);
  const shareQuick = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    const n = pooledFull[s * 3]! + pooledFull[s * 3 + 1]! + pooledFull[s * 3 + 2]!;
    for (let k = 0; k < 3; k++) shareFull[s * 3 + k] = n > 0 ? pooledFull[s * 3 + k]! / n : 0;
    const m = pooledQuick[s * 2]! + pooledQuick[s * 2 + 1]!;
    shareQuick[s] = m > 0 ? pooledQuick[s * 2]! / m : 0;
  }
  // What the generator's own cells give each stratum (its quick and later shares, modelShares, asked for once a
  // group is kept: it compiles the model): the factors are fitted against those, not the strata's pooled shares.
  // A fine cell the small-cell rule left empty draws from a coarser one pooling other buckets (a seen-early child's
  // from the plain bucket's, the later years'), so the pooled shares understated what the generator tilts:
  // front-door.ts's copy, seen-early children's quick returns in the half-year before the change 0.52 against the
  // log's 0.36.
  let genFull: Float64Array | null = null;
  let genQuick: Float64Array | null = null;
  const generatorShares = (): void => {
    const of = modelShares();
    genFull = new Float64Array(S * 3);
    genQuick = new Float64Array(S);
    for (let s = 0; s < S; s++) {
      const own = of(gaps.keys[s]!);
      // (a stratum the generator has no cell for keeps its pooled shares)
      const [q, l] = own ?? [shareFull[s * 3]!, shareFull[s * 3 + 1]!];
      genFull[s * 3] = q;
      genFull[s * 3 + 1] = l;
      genFull[s * 3 + 2] = Math.max(0, 1 - q - l);
      genQuick[s] = own ? q : shareQuick[s]!;
    }
  };
  const groups: ReturnOdds['groups'] = [];
  const groupCount = gaps.groupOf.reduce((m, g) => (g === NO_GROUP ? m : Math.max(m, g + 1)), 0);
  for (let group = 0; group < groupCount; group++) {
    // The group's strata only: the others' states count as none.
    const groupStates = Float64Array.from(states, (n, i) => (gaps.groupOf[i % S] === group ? n : 0));
    const observed = (p: number, k: number): number => {
      let sum = 0;
      for (let s = 0; s < S; s++) if (gaps.groupOf[s] === group) sum += byBand[(p * S + s) * 3 + k]!;
      return sum;
    };
    // The pretest: each quarter's quick returns (and a full quarter's later ones) against what the strata's
    // pooled shares predict for it, as binomial counts; the pooled shares are the quarters' own (one
    // constraint per band).
    let x2 = 0;
    let used = 0;
    for (let p = 0; p < periods; p++) {
      let eq = 0, vq = 0, el = 0, vl = 0;
      for (let s = 0; s < S; s++) {
        const n = groupStates[p * S + s]!;
        if (n === 0) continue;
        const q = full(p) ? shareFull[s * 3]! : shareQuick[s]!;
        eq += n * q;
        vq += n * q * (1 - q);
        if (full(p)) {
          const l = shareFull[s * 3 + 1]!;
          el += n * l;
          vl += n * l * (1 - l);
        }
      }
      if (vq > 0) (x2 += (observed(p, 0) - eq) ** 2 / vq), used++;
      if (vl > 0) (x2 += (observed(p, 1) - el) ** 2 / vl), used++;
    }
    const df = used - 2;
    if (df < 1 || !(x2 > chiSquareUpper(df, CLUSTERED_PRETEST_Z))) continue;
    if (genFull === null) generatorShares();
    const out: ReturnOdds['groups'][number]['periods'] = [];
    let lastLater = 1;
    for (let p = 0; p < periods; p++) {
      let total = 0;
      for (let s = 0; s < S; s++) total += groupStates[p * S + s]!;
      const quick = observed(p, 0);
      const later = observed(p, 1);
      // A band with fewer than minCell returns (or too few others) keeps factor 1: the small-cell rule.
      const quickFree = quick >= minCell && total - quick >= minCell;
      const laterFree = full(p) && later >= minCell && total - quick - later >= minCell;
      let f: [number, number];
      if (full(p)) f = proportionalFit(groupStates, genFull!, p, S, quickFree ? quick : -1, laterFree ? later : -1);
      else f = [quickFree ? binaryFit(groupStates, genQuick!, p, S, quick) : 1, lastLater];
      if (full(p)) lastLater = f[1];
      out.push({ from: formatDay(startOf(p)), to: formatDay(endOf(p)), factors: [Number(f[0].toPrecision(4)), Number(f[1].toPrecision(4))] });
    }
    groups.push({ after: EVENT_TYPES[group >> 1]!, seenEarly: (group & 1) === 1, periods: out });
  }
  return groups.length > 0 ? { withinDays: [...BANDS], groups } : undefined;
}

/**
 * A compiled cell's chance of a contact or referral within BANDS[0] days, and within BANDS[1] days but not
 * BANDS[0], as the generator draws them (its steps' weights, and each step's days from the previous event).
 */
export function cellReturnShares(cell: CompiledCell): [number, number] {
  let quick = 0;
  let later = 0;
  let previous = 0;
  for (let i = 0; i < cell.steps.length; i++) {
    const step = cell.steps[i]!;
    const weight = cell.cumulative[i]! - previous;
    previous = cell.cumulative[i]!;
    if (step.type !== EV.contact && step.type !== EV.referral) continue;
    const byQuick = daysAtMost(step.sameDay, step.logQuantiles, BANDS[0]);
    quick += weight * byQuick;
    later += weight * (daysAtMost(step.sameDay, step.logQuantiles, BANDS[1]) - byQuick);
  }
  const total = cell.cumulative[cell.steps.length - 1] ?? 0;
  return total > 0 ? [quick / total, later / total] : [0, 0];
}

/** The chance that durations.ts daysAt draws `days` or fewer: the same day, or a quantile position that rounds to at most `days`. */
function daysAtMost(sameDay: number, logQuantiles: ArrayLike<number>, days: number): number {
  const last = logQuantiles.length - 1;
  const target = Math.log1p(days + 0.5);
  if (last < 1 || target >= logQuantiles[last]!) return 1;
  if (target <= logQuantiles[0]!) return sameDay;
  let k = 0;
  while (k < last - 1 && logQuantiles[k + 1]! < target) k++;
  const lo = logQuantiles[k]!;
  const hi = logQuantiles[k + 1]!;
  const pos = k + (hi > lo ? (target - lo) / (hi - lo) : 1);
  return sameDay + (1 - sameDay) * (pos / last);
}

/** Factors on the quick and later bands' odds (a target of −1: that band not fitted, factor 1) under which quarter p's strata predict its returns. */
function proportionalFit(states: Float64Array, share: Float64Array, p: number, S: number, quick: number, later: number): [number, number] {
  const f = [1, 1, 1];
  const target = [quick, later];
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < 2; k++) {
      if (target[k]! < 0) continue;
      let predicted = 0;
      for (let s = 0; s < S; s++) {
        const n = states[p * S + s]!;
        if (n === 0) continue;
        const norm = share[s * 3]! * f[0]! + share[s * 3 + 1]! * f[1]! + share[s * 3 + 2]!;
        if (norm > 0) predicted += (n * share[s * 3 + k]! * f[k]!) / norm;
      }
      if (predicted > 0) f[k] = Math.min(MAX_FACTOR, Math.max(1 / MAX_FACTOR, f[k]! * (target[k]! / predicted)));
    }
  }
  return [f[0]!, f[1]!];
}

/** The factor on the quick band's odds against all else under which quarter p's strata predict `observed` quick returns (bisection on its log). */
function binaryFit(states: Float64Array, share: Float64Array, p: number, S: number, observed: number): number {
  const predicted = (f: number): number => {
    let sum = 0;
    for (let s = 0; s < S; s++) {
      const n = states[p * S + s]!;
      if (n > 0) sum += (n * share[s]! * f) / (share[s]! * f + 1 - share[s]!);
    }
    return sum;
  };
  let lo = -Math.log(MAX_FACTOR);
  let hi = Math.log(MAX_FACTOR);
  if (predicted(Math.exp(lo)) >= observed) return Math.exp(lo);
  if (predicted(Math.exp(hi)) <= observed) return Math.exp(hi);
  for (let it = 0; it < 60; it++) {
    const mid = (lo + hi) / 2;
    if (predicted(Math.exp(mid)) < observed) lo = mid;
    else hi = mid;
  }
  return Math.exp((lo + hi) / 2);
}

/** The factors compiled for the generator: the bands' last days and, by group (groupIndex), the periods' first days and factors. */
export interface CompiledReturnOdds {
  quickDays: number;
  laterDays: number;
  /** by group: the periods' first days and their quick and later factors (period k's at 2k and 2k + 1), or null: factor 1 */
  groups: Array<{ starts: Float64Array; factors: Float64Array } | null>;
}

/** The group of a state that has none (one carried in from before the data). */
export const NO_GROUP = 255;

/** A group's index: the event code the idle state began with, times 2, plus 1 for a child in a seen-early history bucket. */
export function groupIndex(event: number, seenEarly: boolean): number {
  return event * 2 + (seenEarly ? 1 : 0);
}

export function compileReturnOdds(odds: ReturnOdds | undefined): CompiledReturnOdds | null {
  if (!odds || odds.groups.length === 0) return null;
  const groups: CompiledReturnOdds['groups'] = Array.from({ length: EVENT_TYPES.length * 2 }, () => null);
  for (const g of odds.groups) {
    const event = EVENT_TYPES.indexOf(g.after as EventType);
    if (event < 0) throw new RangeError(`unknown event "${g.after}" in returnOdds`);
    groups[groupIndex(event, g.seenEarly)] = { starts: Float64Array.from(g.periods.map((p) => parseDay(p.from)!)), factors: Float64Array.from(g.periods.flatMap((p) => p.factors)) };
  }
  return { quickDays: odds.withinDays[0], laterDays: odds.withinDays[1], groups };
}

/** The factors of a state begun on `day` in group `group` (groupIndex), at 0 (quick) and 1 (later), or null where its group has none. */
export function oddsAt(odds: CompiledReturnOdds, group: number, day: number, out: Float64Array): Float64Array | null {
  const g = odds.groups[group];
  if (!g) return null;
  let k = 0;
  while (k + 1 < g.starts.length && g.starts[k + 1]! <= day) k++;
  out[0] = g.factors[2 * k]!;
  out[1] = g.factors[2 * k + 1]!;
  return out;
}

/** The factor of a step `days` after the state began, given its factors (oddsAt): its band's, 1 for anything but a contact or referral within the bands. */
export function bandFactor(odds: CompiledReturnOdds, factors: Float64Array, isReturn: boolean, days: number): number {
  if (!isReturn || days > odds.laterDays) return 1;
  return factors[days <= odds.quickDays ? 0 : 1]!;
}
