// The flow metrics of ../shared/spec/metrics.md, to the letter. Each metric counts events whose date is
// in the window; look-backs and follow-ups read the whole table. Pairings (end with start, S47 with
// ICPC) are computed once per table by `prepareMetrics`, so each window is one pass over the events.
import { addMonths, formatDay } from './dates.js';
import { EVENT_TYPES, EV, outcomeCode } from './events.js';
import type { EventTable } from './event-table.js';
import { englandWalesCalendar, type WorkingDayCalendar } from './working-days.js';

export interface MetricsWindow {
  /** first day number of the window (inclusive) */
  from: number;
  /** last day number of the window (inclusive) */
  to: number;
}

export const RATE_KEYS = [
  'contact_to_referral',
  'referral_nfa',
  'rereferral_12m',
  'prior_referral_36m',
  'referral_to_assessment',
  'assessment_within_45_wd',
  's47_to_icpc',
  'icpc_to_cp_plan',
  'cp_plan_second_or_subsequent',
] as const;
export type RateKey = (typeof RATE_KEYS)[number];

export const CP_PLAN_BANDS = ['le_3m', '3_6m', '6_12m', '1_2y', 'gt_2y'] as const;
export type CpPlanBand = (typeof CP_PLAN_BANDS)[number];

export interface Metrics {
  window: { from: string; to: string };
  counts: Record<string, number>;
  rates: Record<RateKey, number | null>;
  durations: {
    assessment_days_median: number | null;
    s47_to_icpc_wd_median: number | null;
    cp_plan_days_median: number | null;
    cla_days_median: number | null;
    cp_plan_bands: Record<CpPlanBand, number | null>;
  };
  open_at_end: { assessment: number; cp_plan: number; cla: number };
}

/** Per-event facts that do not depend on the window, computed once per table. */
export interface PreparedMetrics {
  readonly table: EventTable;
  /** for an end event: the row of its paired start, else -1 */
  readonly pairedStart: Int32Array;
  /** for a start event of PAIRED_EVENTS: the earliest day of an end paired with it, else NEVER (2^31-1) */
  readonly firstPairedEndDay: Int32Array;
  /** for an s47_start: the row of its linked ICPC, else -1 */
  readonly linkedIcpc: Int32Array;
  readonly calendar: WorkingDayCalendar;
}

/** `firstPairedEndDay` of a start no end is paired with. */
export const NEVER = 0x7fffffff;
const EVENT_CODES = EV;
const OUTCOME_REFERRAL = outcomeCode('referral');
const OUTCOME_NFA = outcomeCode('nfa');
const OUTCOME_CP_PLAN = outcomeCode('cp_plan');
/**
 * Start and end events paired as under Durations. The metrics read the first three; CIN plans and early
 * help pair the same way so that "who is where" (whereabouts.ts) closes every period with this one
 * pairing instead of a second copy of it.
 */
export const PAIRED_EVENTS: ReadonlyArray<readonly [start: number, end: number]> = [
  [EV.assessment_start, EV.assessment_end],
  [EV.cp_plan_start, EV.cp_plan_end],
  [EV.cla_start, EV.cla_end],
  [EV.cin_plan_start, EV.cin_plan_end],
  [EV.early_help_start, EV.early_help_end],
];

/**
 * Groups a child's rows by episode (events of no episode form one group of their own, so that care
 * periods in data without referrals still pair) and hands each group, in date order, to `visit`.
 */
function forEachEpisodeGroup(table: EventTable, visit: (rows: number[]) => void): void {
  const groups = new Map<number, number[]>();
  for (let c = 0; c < table.childIds.length; c++) {
    groups.clear();
    for (let i = table.childStart[c]!; i < table.childStart[c + 1]!; i++) {
      const e = table.episode[i]!;
      let rows = groups.get(e);
      if (!rows) groups.set(e, (rows = []));
      rows.push(i);
    }
    for (const rows of groups.values()) visit(rows);
  }
}

export function prepareMetrics(table: EventTable, calendar: WorkingDayCalendar = englandWalesCalendar()): PreparedMetrics {
  const n = table.length;
  const pairedStart = new Int32Array(n).fill(-1);
  const firstPairedEndDay = new Int32Array(n).fill(NEVER);
  const linkedIcpc = new Int32Array(n).fill(-1);
  const { type, day } = table;

  forEachEpisodeGroup(table, (rows) => {
    // An end pairs with the latest start of its episode dated on or before it. Rows are in date order,
    // so walking them keeps the latest start seen, but a start listed after its end on the same date
    // must still count: hence the look-ahead over the rest of the end's date.
    for (const [startType, endType] of PAIRED_EVENTS) {
      let latestStart = -1;
      for (let k = 0; k < rows.length; k++) {
        const i = rows[k]!;
        if (type[i] === startType) latestStart = i;
        if (type[i] !== endType) continue;
        let start = latestStart;
        for (let j = k + 1; j < rows.length && day[rows[j]!] === day[i]; j++) {
          if (type[rows[j]!] === startType) start = rows[j]!;
        }
        if (start < 0) continue;
        pairedStart[i] = start;
        if (day[i]! < firstPairedEndDay[start]!) firstPairedEndDay[start] = day[i]!;
      }
    }
    // An S47 links to the earliest ICPC of its episode dated on or after it and before the episode's
    // next S47 (the next one dated strictly later).
    for (let k = 0; k < rows.length; k++) {
      const i = rows[k]!;
      if (type[i] !== EV.s47_start) continue;
      let nextS47Day = NEVER;
      for (let j = k + 1; j < rows.length; j++) {
        const r = rows[j]!;
        if (type[r] === EV.s47_start && day[r]! > day[i]!) {
          nextS47Day = day[r]!;
          break;
        }
      }
      // ICPCs dated the same day but listed before the S47 still count: scan from the date's first row.
      let j = k;
      while (j > 0 && day[rows[j - 1]!] === day[i]) j--;
      for (; j < rows.length; j++) {
        const r = rows[j]!;
        if (day[r]! >= nextS47Day) break;
        if (type[r] === EV.icpc) {
          linkedIcpc[i] = r;
          break;
        }
      }
    }
  });

  return { table, pairedStart, firstPairedEndDay, linkedIcpc, calendar };
}

/** Median with the mean of the middle two for an even count; null for none. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** True when the child's rows [lo, hi) hold an event of `eventType` dated in [fromDay, toDay]. */
function hasEventBetween(table: EventTable, lo: number, hi: number, eventType: number, fromDay: number, toDay: number): boolean {
  for (let j = lo; j < hi; j++) {
    const d = table.day[j]!;
    if (d > toDay) return false;
    if (d >= fromDay && table.type[j] === eventType) return true;
  }
  return false;
}

/** True when some row of episode `episode` of the child has `eventType` dated in [fromDay, toDay]. */
function episodeHasEventBetween(
  table: EventTable, lo: number, hi: number, episode: number, eventType: number, fromDay: number, toDay: number,
): boolean {
  for (let j = lo; j < hi; j++) {
    const d = table.day[j]!;
    if (d > toDay) return false;
    if (d >= fromDay && table.type[j] === eventType && table.episode[j] === episode) return true;
  }
  return false;
}

/**
 * The metrics of one window. `include` (optional, one byte per event row) restricts what is counted to
 * the rows marked 1, for cohorts; look-backs, follow-ups and pairings still read every row.
 */
/** The durations behind each median (filled by computeMetrics when asked: for sampling-noise allowances). */
export interface DurationSamples {
  assessment_days_median: number[];
  s47_to_icpc_wd_median: number[];
  cp_plan_days_median: number[];
  cla_days_median: number[];
}

export function computeMetrics(prepared: PreparedMetrics, window: MetricsWindow, include?: Uint8Array | null, samples?: DurationSamples): Metrics {
  return computeMetricsWithBases(prepared, window, include, samples).metrics;
}

/** How many each figure of a Metrics is built on, for disclosure control (core/disclosure/metrics.ts). */
export interface MetricsBases {
  rates: Record<RateKey, { num: number; den: number }>;
  /** how many durations each median is the median of */
  medians: Record<'assessment_days_median' | 's47_to_icpc_wd_median' | 'cp_plan_days_median' | 'cla_days_median', number>;
  /** CP plans ended in each band, in CP_PLAN_BANDS order (their total is the bands' denominator) */
  cpPlanBands: number[];
}

/** computeMetrics, with the counts each rate, median and band is built on. */
export function computeMetricsWithBases(prepared: PreparedMetrics, window: MetricsWindow, include?: Uint8Array | null, samples?: DurationSamples): { metrics: Metrics; bases: MetricsBases } {
  // A local alias: a module import is read through a getter on each use, which in this loop cost more
  // than the arithmetic.
  const EV = EVENT_CODES;
  const { table, pairedStart, firstPairedEndDay, linkedIcpc, calendar } = prepared;
  const { type, day, outcome, episode } = table;
  const { from, to } = window;

  const counts = new Array<number>(EVENT_TYPES.length).fill(0);
  const tally = Object.fromEntries(RATE_KEYS.map((k) => [k, { num: 0, den: 0 }])) as Record<RateKey, { num: number; den: number }>;
  const assessmentDays: number[] = [];
  const s47ToIcpcWorkingDays: number[] = [];
  const cpPlanDays: number[] = [];
  const claDays: number[] = [];
  const open = { assessment: 0, cp_plan: 0, cla: 0 };

  for (let c = 0; c < table.childIds.length; c++) {
    const lo = table.childStart[c]!;
    const hi = table.childStart[c + 1]!;
    // Episodes that hold an assessment_start (any date), for referral_to_assessment.
    let episodesWithAssessment: Set<number> | null = null;
    let firstCpPlanStartDay = NEVER;
    for (let i = lo; i < hi; i++) {
      if (type[i] === EV.assessment_start && episode[i]! >= 0) (episodesWithAssessment ??= new Set()).add(episode[i]!);
      if (type[i] === EV.cp_plan_start && day[i]! < firstCpPlanStartDay) firstCpPlanStartDay = day[i]!;
    }

    for (let i = lo; i < hi; i++) {
      if (include && include[i] === 0) continue;
      const t = type[i]!;
      const d = day[i]!;
      // Open at the end of the window: starts on or before `to` with no paired end on or before `to`.
      if (d <= to && firstPairedEndDay[i]! > to) {
        if (t === EV.assessment_start) open.assessment++;
        else if (t === EV.cp_plan_start) open.cp_plan++;
        else if (t === EV.cla_start) open.cla++;
      }
      if (d < from || d > to) continue;
      counts[t]!++;

      switch (t) {
        case EV.contact: {
          const o = outcome[i]!;
          const converts = o === OUTCOME_REFERRAL || (o === 0 && hasEventBetween(table, lo, hi, EV.referral, d, d + 7));
          tally.contact_to_referral.den++;
          if (converts) tally.contact_to_referral.num++;
          break;
        }
        case EV.referral: {
          tally.referral_nfa.den++;
          if (outcome[i] === OUTCOME_NFA) tally.referral_nfa.num++;
          tally.rereferral_12m.den++;
          if (hasEventBetween(table, lo, hi, EV.referral, addMonths(d, -12), d - 1)) tally.rereferral_12m.num++;
          tally.prior_referral_36m.den++;
          if (hasEventBetween(table, lo, hi, EV.referral, addMonths(d, -36), d - 1)) tally.prior_referral_36m.num++;
          tally.referral_to_assessment.den++;
          if (episodesWithAssessment?.has(episode[i]!)) tally.referral_to_assessment.num++;
          break;
        }
        case EV.assessment_end: {
          const start = pairedStart[i]!;
          if (start < 0) break;
          assessmentDays.push(d - day[start]!);
          tally.assessment_within_45_wd.den++;
          if (calendar.between(day[start]!, d) <= 45) tally.assessment_within_45_wd.num++;
          break;
        }
        case EV.s47_start: {
          tally.s47_to_icpc.den++;
          const icpc = linkedIcpc[i]!;
          if (icpc < 0) break;
          tally.s47_to_icpc.num++;
          s47ToIcpcWorkingDays.push(calendar.between(d, day[icpc]!));
          break;
        }
        case EV.icpc: {
          const o = outcome[i]!;
          const toPlan = o === OUTCOME_CP_PLAN || (o === 0 && episodeHasEventBetween(table, lo, hi, episode[i]!, EV.cp_plan_start, d, d + 7));
          tally.icpc_to_cp_plan.den++;
          if (toPlan) tally.icpc_to_cp_plan.num++;
          break;
        }
        case EV.cp_plan_start: {
          tally.cp_plan_second_or_subsequent.den++;
          if (firstCpPlanStartDay < d) tally.cp_plan_second_or_subsequent.num++;
          break;
        }
        case EV.cp_plan_end: {
          const start = pairedStart[i]!;
          if (start >= 0) cpPlanDays.push(d - day[start]!);
          break;
        }
        case EV.cla_end: {
          const start = pairedStart[i]!;
          if (start >= 0) claDays.push(d - day[start]!);
          break;
        }
      }
    }
  }

  if (samples) {
    samples.assessment_days_median = assessmentDays;
    samples.s47_to_icpc_wd_median = s47ToIcpcWorkingDays;
    samples.cp_plan_days_median = cpPlanDays;
    samples.cla_days_median = claDays;
  }
  const bandCounts = [0, 0, 0, 0, 0];
  for (const days of cpPlanDays) bandCounts[cpPlanBandIndex(days)]!++;

  const metrics: Metrics = {
    window: { from: formatDay(from), to: formatDay(to) },
    counts: Object.fromEntries(EVENT_TYPES.map((name, k) => [name, counts[k]!])),
    rates: Object.fromEntries(RATE_KEYS.map((k) => [k, ratio(tally[k].num, tally[k].den)])) as Record<RateKey, number | null>,
    durations: {
      assessment_days_median: median(assessmentDays),
      s47_to_icpc_wd_median: median(s47ToIcpcWorkingDays),
      cp_plan_days_median: median(cpPlanDays),
      cla_days_median: median(claDays),
      cp_plan_bands: Object.fromEntries(CP_PLAN_BANDS.map((band, k) => [band, ratio(bandCounts[k]!, cpPlanDays.length)])) as Record<CpPlanBand, number | null>,
    },
    open_at_end: open,
  };
  const bases: MetricsBases = {
    rates: tally,
    medians: {
      assessment_days_median: assessmentDays.length,
      s47_to_icpc_wd_median: s47ToIcpcWorkingDays.length,
      cp_plan_days_median: cpPlanDays.length,
      cla_days_median: claDays.length,
    },
    cpPlanBands: bandCounts,
  };
  return { metrics, bases };
}

/** le_3m ≤ 91 days, 3_6m 92–182, 6_12m 183–365, 1_2y 366–730, gt_2y > 730. */
export function cpPlanBandIndex(days: number): number {
  if (days <= 91) return 0;
  if (days <= 182) return 1;
  if (days <= 365) return 2;
  if (days <= 730) return 3;
  return 4;
}
