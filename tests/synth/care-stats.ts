// What findings F4 and F7 of issue 10's review measure, on a log or a copy of it: children with two or
// more periods of care, CP plans ending on the day the child came into care, and CP plan lengths.
import { EVENT_TYPES } from '../../core/events.js';
import type { EventTable } from '../../core/event-table.js';
import type { SyntheticChild } from '../../synth/generate.js';

export interface CareStats {
  children: number;
  /** children with 2 or more periods of care (a period carried in, ended with no start, counts) */
  repeatCare: number;
  /** CP plans ended, and those ended on a day the child came into care */
  planEnds: number;
  planEndsAtCare: number;
  /** days from a CP plan's start to its end, for plans with both in the log (sorted) */
  planDays: number[];
  /** children whose care ended (in the log), those referred again after it, and those in care again after such a referral */
  leftCare: number;
  referredAgain: number;
  careAfterReferral: number;
  /** children whose events stop, more than a year before `to`, at the end of a period of care with a CP plan still open */
  stoppedWithPlan: number;
}

const CLA_START = EVENT_TYPES.indexOf('cla_start');
const CLA_END = EVENT_TYPES.indexOf('cla_end');
const CP_START = EVENT_TYPES.indexOf('cp_plan_start');
const CP_END = EVENT_TYPES.indexOf('cp_plan_end');
const REFERRAL = EVENT_TYPES.indexOf('referral');

/** Adds one child's events (type codes and days, in date order) to `stats`. */
function addChild(stats: CareStats, types: ArrayLike<number>, days: ArrayLike<number>, lo: number, hi: number, to: number): void {
  stats.children++;
  let left = false;
  let referred = false;
  let careAgain = false;
  let plans = 0;
  for (let i = lo; i < hi; i++) {
    const type = types[i]!;
    if (type === CP_START) plans++;
    else if (type === CP_END && plans > 0) plans--;
    if (type === CLA_END) left = true;
    else if (type === REFERRAL && left) referred = true;
    else if (type === CLA_START && referred) careAgain = true;
  }
  if (left) stats.leftCare++;
  if (referred) stats.referredAgain++;
  if (careAgain) stats.careAfterReferral++;
  if (hi > lo && types[hi - 1] === CLA_END && plans > 0 && days[hi - 1]! < to - 365) stats.stoppedWithPlan++;
  let periods = 0;
  let seenCare = false;
  const careDays = new Set<number>();
  for (let i = lo; i < hi; i++) {
    if (types[i] === CLA_START) (periods++, careDays.add(days[i]!));
    else if (types[i] === CLA_END && !seenCare) periods++;
    if (types[i] === CLA_START || types[i] === CLA_END) seenCare = true;
  }
  if (periods >= 2) stats.repeatCare++;
  let planStart = -1;
  for (let i = lo; i < hi; i++) {
    if (types[i] === CP_START) planStart = days[i]!;
    else if (types[i] === CP_END) {
      stats.planEnds++;
      if (careDays.has(days[i]!)) stats.planEndsAtCare++;
      if (planStart >= 0) stats.planDays.push(days[i]! - planStart);
      planStart = -1;
    }
  }
}

function empty(): CareStats {
  return { children: 0, repeatCare: 0, planEnds: 0, planEndsAtCare: 0, planDays: [], leftCare: 0, referredAgain: 0, careAfterReferral: 0, stoppedWithPlan: 0 };
}

/** The stats of a log whose data ends on day `to`. */
export function tableCareStats(table: EventTable, to: number): CareStats {
  const stats = empty();
  for (let c = 0; c < table.childIds.length; c++) addChild(stats, table.type, table.day, table.childStart[c]!, table.childStart[c + 1]!, to);
  stats.planDays.sort((a, b) => a - b);
  return stats;
}

/** A collector for generateChildren's emit, and the stats once it has run. */
export function syntheticCareStats(to: number): { emit: (child: SyntheticChild) => void; result: () => CareStats } {
  const stats = empty();
  return {
    emit: (child) => addChild(stats, child.types, child.days, 0, child.types.length, to),
    result: () => (stats.planDays.sort((a, b) => a - b), stats),
  };
}

/** The q-quantile of sorted values (nearest rank). */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Kaplan–Meier median of [days, ended] pairs (a stay not ended is censored there); Infinity when survival stays above a half. */
export function kmMedian(stays: Array<[number, boolean]>): number {
  const sorted = [...stays].sort((a, b) => a[0] - b[0]);
  let survival = 1;
  let atRisk = sorted.length;
  for (const [days, ended] of sorted) {
    if (ended && (survival *= 1 - 1 / atRisk) <= 0.5) return days;
    atRisk--;
  }
  return Infinity;
}

/**
 * Care begun from `from` while a CP plan was open: [days, ended] per period (censored at `to` when still open),
 * and how many ended with the plan still open.
 */
export function careOnPlan(table: EventTable, from: number, to: number): { stays: Array<[number, boolean]>; endedInPlan: number } {
  const stays: Array<[number, boolean]> = [];
  let endedInPlan = 0;
  for (let c = 0; c < table.childIds.length; c++) {
    let plans = 0;
    let start = -1;
    for (let i = table.childStart[c]!; i < table.childStart[c + 1]!; i++) {
      const type = table.type[i]!;
      if (type === CP_START) plans++;
      else if (type === CP_END && plans > 0) plans--;
      else if (type === CLA_START) start = table.day[i]! >= from && plans > 0 ? table.day[i]! : -1;
      else if (type === CLA_END && start >= 0) {
        stays.push([table.day[i]! - start, true]);
        if (plans > 0) endedInPlan++;
        start = -1;
      }
    }
    if (start >= 0) stays.push([to - start, false]);
  }
  return { stays, endedInPlan };
}
