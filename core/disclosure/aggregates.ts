// The disclosure policy (policy.ts) applied to the answers that are not view tables: the metrics JSON
// and the stations endpoint ("who is where"). Counts go through publishCount ([c] for 1-4, others
// rounded to 5); a rate, median or share built on a count of 1-4 is [c] with it, as in the views, and
// every rate and share is worked out again from the published counts (publishShare), never the exact ones.
import { CP_PLAN_BANDS, RATE_KEYS, type Metrics, type MetricsBases } from '../metrics.js';
import { makeTable, rowsAsObjects, type ViewTable } from '../analysis/view-table.js';
import { partitionSuppress, secondarySuppress } from './secondary.js';
import { isSmallCount, policyNoteOf, publishCountAs, publishShare, SUPPRESSED, type CountPolicy } from './policy.js';

export type Published<T> = T | typeof SUPPRESSED;

/** What an answer says about its numbers. */
export interface DisclosureNote {
  exactCounts: boolean;
  note: string | null;
}

export function disclosureNote(exact: boolean, policy: CountPolicy = 'everyone'): DisclosureNote {
  return { exactCounts: exact, note: exact ? null : policyNoteOf(policy) };
}

export interface PublishedMetrics {
  window: Metrics['window'];
  counts: Record<string, Published<number>>;
  rates: Record<string, Published<number | null>>;
  durations: {
    assessment_days_median: Published<number | null>;
    s47_to_icpc_wd_median: Published<number | null>;
    cp_plan_days_median: Published<number | null>;
    cla_days_median: Published<number | null>;
    cp_plan_bands: Record<string, Published<number | null>>;
  };
  open_at_end: Record<keyof Metrics['open_at_end'], Published<number>>;
  /** present when the policy was applied (exact answers are the spec's JSON, unchanged) */
  disclosure?: DisclosureNote;
}

/** A figure built on `bases`: [c] when any of them is a count of 1 to 4. */
const builtOn = <T>(value: T, ...bases: number[]): Published<T> => (bases.some(isSmallCount) ? SUPPRESSED : value);

const mapValues = <K extends string, V, W>(record: Record<K, V>, f: (value: V, key: K) => W): Record<K, W> =>
  Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v as V, k as K)])) as Record<K, W>;

/** The metrics as a request sees them: exact (spec/metrics.md's JSON as it is), or under the disclosure policy. */
export function publishMetrics(metrics: Metrics, bases: MetricsBases, exact: boolean, policy: CountPolicy = 'everyone'): PublishedMetrics {
  if (exact) return metrics;
  // a 1-4-child dataset's counts go by the cohort policy, 0 included (isYearsOnly), as its views' do (audit
  // a12c finding 4: a viewer of a 3-child dataset read 19 exact zeros here)
  const count = (n: number) => publishCountAs(n, policy);
  const on = <T>(value: T, base: number): Published<T> => (count(base) === SUPPRESSED ? SUPPRESSED : builtOn(value, base));
  const { durations: d } = metrics;
  const plans = bases.cpPlanBands.reduce((a, b) => a + b, 0);
  return {
    window: metrics.window,
    counts: mapValues(metrics.counts, count),
    rates: Object.fromEntries(RATE_KEYS.map((k) => [k, count(bases.rates[k].num) === SUPPRESSED || count(bases.rates[k].den) === SUPPRESSED ? SUPPRESSED : publishShare(bases.rates[k].num, bases.rates[k].den)])),
    durations: {
      assessment_days_median: on(d.assessment_days_median, bases.medians.assessment_days_median),
      s47_to_icpc_wd_median: on(d.s47_to_icpc_wd_median, bases.medians.s47_to_icpc_wd_median),
      cp_plan_days_median: on(d.cp_plan_days_median, bases.medians.cp_plan_days_median),
      cla_days_median: on(d.cla_days_median, bases.medians.cla_days_median),
      cp_plan_bands: Object.fromEntries(CP_PLAN_BANDS.map((band, k) => [band, count(bases.cpPlanBands[k]!) === SUPPRESSED || count(plans) === SUPPRESSED ? SUPPRESSED : publishShare(bases.cpPlanBands[k]!, plans)])),
    },
    open_at_end: mapValues(metrics.open_at_end, count),
    disclosure: disclosureNote(false, policy),
  };
}

export interface StationFigures {
  id: string;
  waiting: number;
  children: number;
  medianWaitDays: number | null;
  longestWaitDays: number | null;
  /** the longest wait at least 5 share (a viewer's "longest") */
  fifthLongestWaitDays: number | null;
  overTarget: number;
  pastHorizon: number;
  /** a split station's two parts (enquiry open, awaiting ICPC: core/whereabouts.ts), adding up to its counts */
  parts?: readonly [StationFigures, StationFigures];
}

export interface PublishedStation {
  id: string;
  waiting: Published<number>;
  children: Published<number>;
  medianWaitDays: Published<number | null>;
  longestWaitDays: Published<number | null>;
  overTarget: Published<number>;
  pastHorizon: Published<number>;
  parts?: [PublishedStation, PublishedStation];
}

/**
 * One station's figures as a request sees them. The waits are of the children counted in `waiting`, so
 * they go with it, or with the station's children, when either is 1 to 4; `overTarget` is a count of its
 * own. The longest wait is one child's own: a viewer is given the 5th longest instead, the longest wait
 * at least 5 share (the client says so).
 */
export function publishStation(s: StationFigures, exact: boolean, policy: CountPolicy = 'everyone'): PublishedStation {
  if (exact) {
    const { fifthLongestWaitDays: _, parts, ...exactFigures } = s;
    return { ...exactFigures, ...(parts ? { parts: [publishStation(parts[0], true), publishStation(parts[1], true)] as [PublishedStation, PublishedStation] } : {}) };
  }
  // a cohort's (policy.ts): counts under 10 (0 too) [c], the waits [c] beside one whether or not there is
  // a wait, as the flow view's work in progress for the same cohort
  const count = (v: number) => publishCountAs(v, policy);
  const waits = <T>(value: T): Published<T> =>
    policy === 'cohort' ? (count(s.waiting) === SUPPRESSED || count(s.children) === SUPPRESSED ? SUPPRESSED : value) : builtOn(value, s.waiting, s.children);
  return {
    id: s.id,
    waiting: count(s.waiting),
    children: count(s.children),
    medianWaitDays: waits(s.medianWaitDays),
    longestWaitDays: waits(s.fifthLongestWaitDays),
    overTarget: count(s.overTarget),
    pastHorizon: count(s.pastHorizon),
    ...(s.parts ? { parts: [publishStation(s.parts[0], exact, policy), publishStation(s.parts[1], exact, policy)] as [PublishedStation, PublishedStation] } : {}),
  };
}

const STATION_COUNTS = ['waiting', 'children', 'overTarget', 'pastHorizon'] as const;

/** The rows of stationsTable: each station, then the parts of the split ones, in order. */
function stationRows<T extends StationFigures | PublishedStation>(stations: readonly T[]): T[] {
  return [...stations, ...stations.flatMap((s) => (s.parts ? [...s.parts] : []))] as T[];
}

/** Stations from stationsTable's rows (as stationRows laid them out): each split station given its parts back. */
function fromRows(stations: readonly PublishedStation[], rows: ReadonlyArray<Record<string, unknown>>): PublishedStation[] {
  const objects = rows.map(({ parts: _, ...r }) => r) as unknown as PublishedStation[];
  const withParts = stations.map((_, k) => ({ ...objects[k]! }));
  for (const [k, open, awaiting] of splitRelations(stations)) withParts[k]!.parts = [objects[open]!, objects[awaiting]!];
  return withParts;
}

/** Station figures as a view table, for secondary.ts (the waits are built on waiting and children, and go with them); split stations' parts as rows after the stations. */
function stationsTable(stations: ReadonlyArray<StationFigures | PublishedStation>): ViewTable {
  return makeTable(
    'stations',
    'Stations',
    [
      ['id', 'Station', 'id'],
      ...STATION_COUNTS.map((k) => [k, k, 'count'] as const),
      ['medianWaitDays', 'Median wait', 'number', { basis: ['waiting', 'children'] }],
      ['longestWaitDays', 'Longest wait', 'number', { basis: ['waiting', 'children'] }],
    ],
    stationRows(stations).map(({ parts: _, ...s }) => ({ ...s })),
  );
}

/**
 * Secondary suppression of a one-dimension cohort's stations (its answer published by the cohort policy) across
 * the cohorts of that dimension, as the views' answers are (secondary.ts partitionSuppress): `values` are the
 * exact stations of each value of the dimension, in the same order, and `member` which values the cohort
 * holds. Without it, everyone's stations beside each sex's and the complements gave back counts of 1 to 4
 * (two-dimension-attack.test.ts: 8 of 3,598 over 150 weeks). Returns the stations as published and how many
 * counts it took as [c].
 */
export function partitionSuppressStations(published: readonly PublishedStation[], values: ReadonlyArray<readonly StationFigures[]>, member: readonly boolean[]): { stations: PublishedStation[]; suppressed: number } {
  const table = stationsTable(published);
  const suppressed = partitionSuppress([table], values.map((v) => [stationsTable(v)]), member);
  if (suppressed === 0) return { stations: [...published], suppressed };
  return { stations: fromRows(published, rowsAsObjects(table)), suppressed };
}

/**
 * Secondary suppression of a split station's parts (core/whereabouts.ts: enquiry open + awaiting ICPC =
 * the Section 47 station, for each count): each published on its own, a part of 1 to 4 came back as the
 * station's total less the other part. As the views' (secondary.ts secondarySuppress, the same sums), so
 * the flow view's work in progress, which carries the same three counts and sums, shows the same cells.
 */
export function splitSuppressStations(published: readonly PublishedStation[], policy: CountPolicy = 'everyone'): { stations: PublishedStation[]; suppressed: number } {
  if (!published.some((s) => s.parts)) return { stations: [...published], suppressed: 0 };
  const table = stationsTable(published);
  const relations = splitRelations(published).flatMap(([total, open, awaiting]) =>
    STATION_COUNTS.map((column) => ({ total: { table: table.id, row: total, column }, parts: [open, awaiting].map((row) => ({ table: table.id, row, column })) })),
  );
  const suppressed = secondarySuppress([table], relations, policy);
  if (suppressed === 0) return { stations: [...published], suppressed };
  return { stations: fromRows(published, rowsAsObjects(table)), suppressed };
}

/** [station row, open part's row, awaiting part's row] in stationsTable for each split station. */
function splitRelations(stations: ReadonlyArray<{ parts?: unknown }>): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  let next = stations.length;
  stations.forEach((s, k) => {
    if (!s.parts) return;
    out.push([k, next, next + 1]);
    next += 2;
  });
  return out;
}

/**
 * A dataset's span as a request may see it. With 1 to 4 children its first and last dates are a child's
 * own (a contact date), so a request without exact counts gets the calendar years they fall in, and every
 * window, note, caption and CSV header built on the span says no more than the dataset list does. Such a
 * span says so itself (`yearsOnly`), so a copy of it (a spread, a JSON round trip) keeps the whole-years
 * rule of the window built on it (dataset-window.ts): a mark kept beside it, by object identity, did not.
 */
export function publishedSpan<T extends { from: string | null; to: string | null; children: number }>(info: T, exact: boolean): T & { yearsOnly?: true } {
  if (!isYearsOnly(info, exact)) return info;
  return { ...info, from: info.from === null ? null : `${info.from.slice(0, 4)}-01-01`, to: info.to === null ? null : `${info.to.slice(0, 4)}-12-31`, yearsOnly: true };
}

/**
 * Whether a request sees a dataset's dates only as calendar years (1 to 4 children, no exact counts).
 * Then every answer on it must resolve no finer (fix12): a window is whole years (dataset-window.ts
 * widens it), a date on the map any day of those years, and every count under 10, 0 too, is [c] (the
 * cohort policy), so a week or a day with none of its events reads as one with some.
 */
export function isYearsOnly(info: { children: number }, exact: boolean): boolean {
  return !exact && isSmallCount(info.children);
}

/** Whether publishedSpan gave this span in calendar years, so the window built on it (dataset-window.ts) is whole years too. */
export function isYearsOnlySpan(span: object): boolean {
  return (span as { yearsOnly?: unknown }).yearsOnly === true;
}
