// The forecast model, fitted to the data as it stood on `asOf` (nothing dated later is read):
// - arrival streams, counted per month over the last three years: all contacts, referrals that no
//   contact led to, and every other step the chain below does not explain (count-model.ts);
// - a chain of steps inside a referral episode, each a probability (events over exposure, anchors old
//   enough to have been seen whole) and a lag: contact → referral; referral NFA; referral → assessment,
//   S47, CIN plan, care; S47 → ICPC → CP plan → care;
// - how long each period lasts at the map's period stations (assessment, CIN plan, CP plan, looked
//   after), Kaplan–Meier on the periods begun in the last five years;
// - the state on `asOf`: periods open (taken from "who is where", core/whereabouts.ts, so month 0 is what
//   the map shows), contacts and episodes still under way.
import { forecastCalendar } from '../bank-holiday-rules.js';
import { NO_DATE, type ChildAttributes } from '../children.js';
import { civilFromDay, formatDay, weekday } from '../dates.js';
import type { EventTable } from '../event-table.js';
import { EV, outcomeCode } from '../events.js';
import type { MapDefinition } from '../map-schema.js';
import { prepareMetrics } from '../metrics.js';
import { periodStations, type MapPeriodStation } from '../period-stations.js';
import { RUN_IN_CAP_DAYS, stationRunIn, stockCompleteness, type RunIn } from '../analysis/run-in.js';
import { lastDayOf } from '../journey-walk.js';
import { rowsInProcessOrder } from '../same-day-order.js';
import { buildWhereabouts, isPastHorizon, stationsAt, unpairedOpenAt } from '../whereabouts.js';
import { BLOCK_DAYS, hazardBetweenBlocks, rateBetweenBlocks, rateTrend } from './between-periods.js';
import { fitArrivalStream, type CountModel } from './count-model.js';
import { firstDayOfMonth, lastDayOfMonth, lastWholeMonth, monthOfDay } from './months.js';
import { recordedMonths, type RecordedMonths } from './recorded.js';
import { cumulativeHazard, kaplanMeier, type Survival } from './survival.js';
import { tableUntil } from './table-until.js';

/** Event types whose monthly arrivals are forecast (series names). */
export const ARRIVAL_TYPES = ['contact', 'referral', 'assessment_start', 's47_start', 'icpc', 'cp_plan_start', 'cin_plan_start', 'cla_start'] as const;
export type ArrivalType = (typeof ARRIVAL_TYPES)[number];
export const A = Object.fromEntries(ARRIVAL_TYPES.map((t, i) => [t, i])) as { readonly [K in ArrivalType]: number };

/** Steps of the chain: anchor → step, with the longest lag that still counts as "led to". */
export const TRANSITIONS = [
  { id: 'contact_referral', cap: 7 },
  { id: 'referral_nfa', cap: 0 },
  { id: 'referral_assessment', cap: 180 },
  { id: 'referral_s47', cap: 365 },
  { id: 'referral_cin_plan', cap: 365 },
  { id: 's47_icpc', cap: 120 },
  { id: 'icpc_cp_plan', cap: 60 },
  { id: 'referral_cla', cap: 730 },
  { id: 'cp_plan_cla', cap: 730 },
] as const;
export type TransitionId = (typeof TRANSITIONS)[number]['id'];
export const T = Object.fromEntries(TRANSITIONS.map((t, i) => [t.id, i])) as { readonly [K in TransitionId]: number };
const CAP = TRANSITIONS.map((t) => t.cap);
const LONGEST_CAP = Math.max(...CAP);

/** Days of anchors a rate is estimated from, and the months a stream's day weights and age shares are taken from. */
const RATE_WINDOW_DAYS = 730;
const FIT_MONTHS = 36;
/** Months of arrivals an arrival stream's count model may choose its window from (count-model.ts
 * fitArrivalStream: the window whose year-ahead forecasts from earlier origins of this history erred least). */
const STREAM_HISTORY_MONTHS = 72;
const DURATION_WINDOW_DAYS = 5 * 365;
/** A contact this many days before a referral at most, but more than the contact → referral cap, is a "late" one (referralLinks). */
export const LATE_CONTACT_DAYS = 31;
/** Months of recorded history before the forecast's first month that a forecast serves (for its charts). */
export const HISTORY_MONTHS = 24;
/** Half-year blocks of history over which a rate's or a duration's movement from period to period is
 * measured (between-periods.ts): five years, of which the rate window is the last four blocks. */
const HISTORY_BLOCKS = 10;
const RATE_WINDOW_BLOCKS = RATE_WINDOW_DAYS / BLOCK_DAYS;

export interface FittedTransition {
  id: TransitionId;
  cap: number;
  /** anchors seen whole, and those the step followed */
  exposure: number;
  events: number;
  /** observed lags, sorted */
  lags: Float64Array;
  /** variance of the rate (logit scale) from one half-year to the next beyond its binomial error
   * (between-periods.ts; 0 when the history shows none): a run's rate moves from its Beta draw by this */
  between: number;
  /**
   * a steady drift of the rate (between-periods.ts rateTrend; null: none passed the pretest): logit per year and its
   * standard error, from the day `from` (the middle of the rate's window, where the fitted rate stands) to at most
   * `until` (TREND_HOLD_DAYS after asOf, then held); `years`: the span of history it was measured over
   */
  trend: { slope: number; se: number; from: number; until: number; years: number } | null;
}

/** Days past asOf a rate's drift is carried forward; it is held from then on (a drift is not a law). */
export const TREND_HOLD_DAYS = 730;

/** Slots of an open episode's known days (−1: not yet; −2: happened, not from the chain). */
export const EPISODE_SLOTS = ['referral', 'assessment', 's47', 'icpc', 'cp_plan', 'cin_plan', 'cla'] as const;
export const ES = Object.fromEntries(EPISODE_SLOTS.map((t, i) => [t, i])) as { readonly [K in (typeof EPISODE_SLOTS)[number]]: number };
export const NOT_YET = -1;
export const ELSEWHERE = -2;

/** A period station of the map (period-stations.ts) with the forecast's arrival stream of its start. */
export interface PeriodStation extends MapPeriodStation {
  /** index into ARRIVAL_TYPES of the event that opens a period here, or -1 */
  arrival: number;
}

/** The map's period stations, each with the index of its start's arrival stream. */
function forecastStations(map: MapDefinition): PeriodStation[] {
  return periodStations(map).map((s) => {
    const name = Object.keys(EV).find((k) => EV[k as keyof typeof EV] === s.startType)!;
    return { ...s, arrival: (ARRIVAL_TYPES as readonly string[]).indexOf(name) };
  });
}

export interface FittedForecast {
  asOf: number;
  firstFitMonth: number;
  fitMonths: number;
  stations: PeriodStation[];
  /** per station: how long its periods last */
  durations: Survival[];
  /** per station: standard deviation of a run's log multiplier of the ending hazard (durations): the
   * hazard's sampling error (1 / ends) and its movement from one half-year to the next (between-periods.ts) */
  durationSpread: number[];
  transitions: FittedTransition[];
  /** per ARRIVAL_TYPES: the residual stream's count model */
  streams: CountModel[];
  /** (station, start day) pairs of the periods open on asOf */
  openStays: Int32Array;
  /** days of contacts still within the contact → referral lag and not yet followed */
  openContacts: Int32Array;
  /** EPISODE_SLOTS.length days per episode still within the chain's longest lag and not NFA */
  openEpisodes: Int32Array;
  /** children waiting at each period station at the end of asOf (stationsAt on the same stays), less
   * those past the station's horizon */
  start: Record<string, number>;
  /** per station: periods open on asOf for longer than its horizon (probably never closed): not simulated */
  pastHorizon: Record<string, number>;
  /**
   * per station: of `start`, the periods an end of their kind recorded under another episode would have closed
   * (whereabouts.ts unpairedOpenAt, the stations endpoint's `unpairedEnds` less those past the horizon): counted
   * open as the events spec links them, so the forecast starts from them, but probably ended
   */
  unpairedAtStart: Record<string, number>;
  /**
   * Referrals dated in the two years to asOf: all, those the fit links to a contact 0–7 days before (the
   * contact → referral rule), and of the others those with a contact of the child 8–31 days before (a front
   * door slower than the rule: the contact → referral lever does not act on them)
   */
  referralLinks: { referrals: number; linked: number; lateContact: number };
  /** the HISTORY_MONTHS whole months before the forecast's first month (fewer when the data starts
   * later) as recorded up to asOf, in the forecast's measures (recorded.ts, the back-test's counting) */
  recorded: RecordedMonths;
  /** per ARRIVAL_TYPES, arrivals from the first of asOf's month to asOf (all 0 when asOf ends its month) */
  observed: number[];
  /**
   * Period stations whose counts in the recorded months or on asOf the data cannot hold whole (run-in.ts, the
   * function behind the stations endpoint's `incomplete`, over the whole dataset as that endpoint reads it): near the data's first day a
   * count misses the children already there before it, and a station whose ends are not recorded counts starts.
   */
  incomplete: Array<{ station: string; completeFrom: number; atStart: boolean; endsMissing: boolean; note: string | null }>;
  /** per ARRIVAL_TYPES: a day's weight by its kind (DAY_KINDS: working day, weekend, bank holiday on a
   * weekday), arrivals a day of that kind over those of a working day; a month's exposure is the sum */
  dayWeights: number[][];
  /** per ARRIVAL_TYPES: shares of its new arrivals (the residual stream) in the last fitted year by age in
   * whole years 0 … 17, and in the last slot those of unknown age or 18 and over (levers.ts AGE_SLOTS) */
  ageShares: Float64Array[];
}

/** Kinds of day (England and Wales): 0 a working day, 1 a Saturday or Sunday, 2 a bank holiday on a weekday
 * (the published list, then the standing rules for the years after it: bank-holiday-rules.ts). */
export function dayKind(day: number): number {
  if (forecastCalendar().between(day - 1, day) === 1) return 0;
  return weekday(day) >= 5 ? 1 : 2;
}

/** How much a stream's days first … last hold: the sum of their kinds' weights. */
export function exposureOf(first: number, last: number, weights: readonly number[]): number {
  let sum = 0;
  for (let d = first; d <= last; d++) sum += weights[dayKind(d)]!;
  return sum;
}

/** Too few arrivals to tell working days from the others: count every day alike. */
const MIN_FOR_DAY_WEIGHTS = 100;
/** Bank holidays are few (about 8 a year): their own weight only when that many arrivals were expected on them, else the weekend's. */
const MIN_FOR_HOLIDAY_WEIGHT = 40;

const NFA = outcomeCode('nfa');

/** Ages in whole years a stream's arrival mix is kept for (ageShares): 0 … 17, then one slot for unknown or older. */
export const AGE_SLOTS = 19;

/** Whole months of data before a forecast's date below which there is too little to fit its arrivals. */
export const MIN_FIT_MONTHS = 6;

/**
 * Why a forecast cannot start on `asOf` for data spanning days first … last, or null: the API and the
 * CLI refuse with this message (after the data there is nothing known; too near its start, nothing to fit).
 */
export function asOfRefusal(first: number, last: number, asOf: number): string | null {
  if (asOf > last) return `${formatDay(asOf)} is after the data's last date ${formatDay(last)}`;
  if (asOf < first) return `${formatDay(asOf)} is before the data's first date ${formatDay(first)}`;
  const whole = lastWholeMonth(asOf) - (monthOfDay(first) + (firstDayOfMonth(monthOfDay(first)) === first ? 0 : 1)) + 1;
  if (whole < MIN_FIT_MONTHS) return `${formatDay(asOf)} leaves ${Math.max(0, whole)} whole month${whole === 1 ? '' : 's'} of data before it (from ${formatDay(first)}); a forecast needs at least ${MIN_FIT_MONTHS} to fit its arrivals`;
  return null;
}

/** Whole years of age on `day` of a child born on `dob` (−1 when not known or not born yet). */
export function ageOn(dob: number, day: number): number {
  if (dob === NO_DATE || day < dob) return -1;
  const birth = civilFromDay(dob);
  const now = civilFromDay(day);
  return now.year - birth.year - (now.month < birth.month || (now.month === birth.month && now.day < birth.day) ? 1 : 0);
}

export function fitForecast(fullTable: EventTable, map: MapDefinition, asOf: number, children?: ChildAttributes): FittedForecast {
  const table = tableUntil(fullTable, asOf);
  const prepared = prepareMetrics(table);
  const whereabouts = buildWhereabouts(table, map, { prepared });
  const stations = forecastStations(map);
  const mapIndex = new Map(map.stations.map((s, i) => [s.id, i]));
  const stationOfMapIndex = new Map(stations.map((s, k) => [mapIndex.get(s.id)!, k]));

  // Periods: durations (censored at asOf) and those open on asOf.
  const durationLists = stations.map(() => ({ d: [] as number[], ended: [] as number[], start: [] as number[] }));
  const openStays: number[] = [];
  for (let k = 0; k < whereabouts.count; k++) {
    const s = stationOfMapIndex.get(whereabouts.station[k]!);
    if (s === undefined) continue;
    const start = whereabouts.startDay[k]!;
    const end = whereabouts.endDay[k]!;
    const open = end > asOf;
    // Open past the horizon: its end was probably never recorded; its length is not known either.
    if (open && isPastHorizon(stations[s]!.horizon, start, asOf)) continue;
    if (start >= asOf - DURATION_WINDOW_DAYS) {
      durationLists[s]!.d.push(open ? asOf + 1 - start : end - start);
      durationLists[s]!.ended.push(open ? 0 : 1);
      durationLists[s]!.start.push(start);
    }
    if (open && start <= asOf) openStays.push(s, start);
  }
  const at = stationsAt(whereabouts, asOf);
  const unpairedAt = unpairedOpenAt(whereabouts, asOf);
  const start: Record<string, number> = {};
  const pastHorizon: Record<string, number> = {};
  const unpairedAtStart: Record<string, number> = {};
  for (const s of stations) {
    const w = at.stations.find((x) => x.id === s.id)!;
    start[s.id] = w.waiting - w.pastHorizon;
    pastHorizon[s.id] = w.pastHorizon;
    const u = unpairedAt[mapIndex.get(s.id)!]!;
    unpairedAtStart[s.id] = u.waiting - u.pastHorizon;
  }

  // The chain, child by child.
  const lastMonth = lastWholeMonth(asOf);
  let firstDataDay = Infinity;
  for (let i = 0; i < table.length; i++) if (table.day[i]! < firstDataDay) firstDataDay = table.day[i]!;
  const firstFull = Number.isFinite(firstDataDay) ? monthOfDay(firstDataDay) + (monthOfDay(firstDataDay - 1) === monthOfDay(firstDataDay) ? 1 : 0) : lastMonth;
  const firstFitMonth = Math.max(lastMonth - FIT_MONTHS + 1, firstFull);
  const fitMonths = Math.max(0, lastMonth - firstFitMonth + 1);
  // The history served with the forecast: whole months only, none before the data's first whole month.
  const firstForecastMonth = lastMonth + 1;
  const historyFrom = Math.min(firstForecastMonth, Math.max(firstForecastMonth - HISTORY_MONTHS, firstFull));
  const firstStreamMonth = Math.max(lastMonth - STREAM_HISTORY_MONTHS + 1, firstFull);
  // Counts the data cannot hold whole, in the months shown or on asOf: the stations endpoint's rule (run-in.ts)
  // over the whole dataset, as that endpoint reads it for the same day. Only this note reads past asOf (the
  // stays before asOf are too short to show how long a stay can be), and only near the data's first day, where
  // a run-in (at most RUN_IN_CAP_DAYS) can reach the months shown.
  let runIn: RunIn | null = null;
  if (Number.isFinite(firstDataDay) && firstDayOfMonth(historyFrom) < firstDataDay + RUN_IN_CAP_DAYS) {
    const whole = fullTable.length === table.length ? whereabouts : buildWhereabouts(fullTable, map);
    runIn = stationRunIn(whole, map, { first: firstDataDay, last: lastDayOf(fullTable) }, fullTable);
  }
  const incomplete = runIn === null ? [] : stations.flatMap((s) => {
    const i = mapIndex.get(s.id)!;
    const st = runIn.stations[i]!;
    if (!st.endsMissing && st.completeFrom <= lastDayOfMonth(historyFrom)) return [];
    const atStart = stockCompleteness(runIn, i, asOf);
    return [{ station: s.id, completeFrom: st.completeFrom, atStart: !atStart.complete, endsMissing: st.endsMissing, note: atStart.note }];
  });
  const streamMonths = Math.max(0, lastMonth - firstStreamMonth + 1);
  const streamCounts = ARRIVAL_TYPES.map(() => new Float64Array(streamMonths));
  const exposure = new Float64Array(TRANSITIONS.length);
  const events = new Float64Array(TRANSITIONS.length);
  const lags: number[][] = TRANSITIONS.map(() => []);
  const openContacts: number[] = [];
  const openEpisodes: number[] = [];
  const windowOf = (t: number, day: number) => day <= asOf - CAP[t]! && day > asOf - CAP[t]! - RATE_WINDOW_DAYS;
  // Each rate per half-year block of anchors seen whole, back over five years (block 0 the latest; the
  // rate window is blocks 0–3), for its movement from period to period.
  const blockN = TRANSITIONS.map(() => new Float64Array(HISTORY_BLOCKS));
  const blockX = TRANSITIONS.map(() => new Float64Array(HISTORY_BLOCKS));
  const tally = (t: number, day: number, hit: boolean) => {
    const back = asOf - CAP[t]! - day;
    if (back < 0) return;
    const b = Math.floor(back / BLOCK_DAYS);
    if (b >= HISTORY_BLOCKS) return;
    blockN[t]![b]!++;
    if (hit) blockX[t]![b]!++;
  };
  const onKind = ARRIVAL_TYPES.map(() => [0, 0, 0]);
  const ageCounts = ARRIVAL_TYPES.map(() => new Float64Array(AGE_SLOTS));
  const count = (arrival: number, day: number, explained: boolean, child: number) => {
    if (explained) return;
    const h = monthOfDay(day) - firstStreamMonth;
    if (h >= 0 && h < streamMonths) streamCounts[arrival]![h]!++;
    const m = monthOfDay(day) - firstFitMonth;
    if (m < 0 || m >= fitMonths) return;
    if (m >= fitMonths - 12) {
      const age = children ? ageOn(children.dob[child]!, day) : -1;
      ageCounts[arrival]![age >= 0 && age < 18 ? age : AGE_SLOTS - 1]!++;
    }
    onKind[arrival]![dayKind(day)]!++;
  };
  const arrivalOfType = new Int8Array(32).fill(-1);
  ARRIVAL_TYPES.forEach((t, k) => (arrivalOfType[EV[t]] = k));

  const { type, day, episode, outcome } = table;
  const explained = new Uint8Array(table.length);
  const referralLinks = { referrals: 0, linked: 0, lateContact: 0 };
  for (let c = 0; c < table.childIds.length; c++) {
    const lo = table.childStart[c]!;
    const hi = table.childStart[c + 1]!;
    // Contacts that led to a referral: each referral takes the latest contact not yet taken 0–7 days before it,
    // a same-day contact before it whatever the file's order of the day's rows (same-day-order.ts).
    const taken = new Set<number>();
    const ordered = rowsInProcessOrder(lo, hi, day, type, outcome);
    for (let a = 0; a < ordered.length; a++) {
      const i = ordered[a]!;
      if (type[i] !== EV.referral) continue;
      for (let b = a - 1; b >= 0 && day[ordered[b]!]! >= day[i]! - CAP[T.contact_referral]!; b--) {
        const j = ordered[b]!;
        if (type[j] !== EV.contact || taken.has(j)) continue;
        taken.add(j);
        explained[i] = 1;
        if (windowOf(T.contact_referral, day[j]!)) lags[T.contact_referral]!.push(day[i]! - day[j]!);
        break;
      }
      if (day[i]! <= asOf - RATE_WINDOW_DAYS) continue;
      referralLinks.referrals++;
      if (explained[i]) referralLinks.linked++;
      else if (ordered.some((j) => type[j] === EV.contact && day[j]! < day[i]! - CAP[T.contact_referral]! && day[j]! >= day[i]! - LATE_CONTACT_DAYS)) referralLinks.lateContact++;
    }
    for (let i = lo; i < hi; i++) {
      if (type[i] !== EV.contact) continue;
      tally(T.contact_referral, day[i]!, taken.has(i));
      if (windowOf(T.contact_referral, day[i]!)) {
        exposure[T.contact_referral]!++;
        if (taken.has(i)) events[T.contact_referral]!++;
      }
      if (!taken.has(i) && day[i]! > asOf - CAP[T.contact_referral]!) openContacts.push(day[i]!);
    }

    // Episodes: the first of each step, as days, and whether the chain explains it.
    const byEpisode = new Map<number, number[]>();
    for (let i = lo; i < hi; i++) {
      const e = episode[i]!;
      if (e < 0) continue;
      let rows = byEpisode.get(e);
      if (!rows) byEpisode.set(e, (rows = []));
      rows.push(i);
    }
    for (const rows of byEpisode.values()) {
      const r = rows.find((i) => type[i] === EV.referral);
      if (r === undefined) continue;
      const ref = day[r]!;
      const nfa = outcome[r] === NFA;
      const first = (t: number, after = -Infinity) => rows.find((i) => type[i] === t && day[i]! >= after) ?? -1;
      const a = first(EV.assessment_start);
      const s = first(EV.s47_start);
      const ic = s >= 0 ? first(EV.icpc, day[s]!) : -1;
      const cp = ic >= 0 ? first(EV.cp_plan_start, day[ic]!) : -1;
      const anyCp = first(EV.cp_plan_start);
      const cin = first(EV.cin_plan_start);
      const cla = first(EV.cla_start);
      const within = (row: number, anchorDay: number, t: number) => row >= 0 && day[row]! - anchorDay <= CAP[t]! && day[row]! >= anchorDay;
      const aE = !nfa && within(a, ref, T.referral_assessment);
      const sE = !nfa && within(s, ref, T.referral_s47);
      const iE = sE && within(ic, day[s]!, T.s47_icpc);
      const cE = iE && within(cp, day[ic]!, T.icpc_cp_plan);
      const cinE = !nfa && within(cin, ref, T.referral_cin_plan);
      const claViaCp = cE && within(cla, day[cp]!, T.cp_plan_cla);
      const claViaRef = !nfa && !claViaCp && (anyCp < 0 || day[anyCp]! > day[cla]!) && within(cla, ref, T.referral_cla);
      for (const [row, ok] of [[a, aE], [s, sE], [ic, iE], [cp, cE], [cin, cinE], [cla, claViaCp || claViaRef]] as const) if (ok) explained[row] = 1;

      const observe = (t: number, anchorDay: number, target: number, ok: boolean) => {
        tally(t, anchorDay, ok);
        if (!windowOf(t, anchorDay)) return;
        exposure[t]!++;
        if (ok) {
          events[t]!++;
          lags[t]!.push(day[target]! - anchorDay);
        }
      };
      tally(T.referral_nfa, ref, nfa);
      if (ref > asOf - RATE_WINDOW_DAYS) {
        exposure[T.referral_nfa]!++;
        if (nfa) events[T.referral_nfa]!++;
      }
      if (!nfa) {
        observe(T.referral_assessment, ref, a, aE);
        observe(T.referral_s47, ref, s, sE);
        observe(T.referral_cin_plan, ref, cin, cinE);
        observe(T.referral_cla, ref, cla, claViaRef);
        if (sE) observe(T.s47_icpc, day[s]!, ic, iE);
        if (iE) observe(T.icpc_cp_plan, day[ic]!, cp, cE);
        if (cE) observe(T.cp_plan_cla, day[cp]!, cla, claViaCp);
      }
      if (!nfa && ref > asOf - LONGEST_CAP) {
        const slot = (row: number, ok: boolean) => (row < 0 ? NOT_YET : ok ? day[row]! : ELSEWHERE);
        openEpisodes.push(ref, slot(a, aE), slot(s, sE), slot(ic, iE), slot(cp, cE), slot(cin, cinE), slot(cla, claViaCp || claViaRef));
      }
    }
  }
  const observed = ARRIVAL_TYPES.map(() => 0);
  const monthUnderWay = lastDayOfMonth(monthOfDay(asOf)) === asOf ? Infinity : firstDayOfMonth(monthOfDay(asOf));
  for (let i = 0; i < table.length; i++) {
    const k = arrivalOfType[type[i]!]!;
    if (k < 0) continue;
    count(k, day[i]!, type[i] !== EV.contact && explained[i] === 1, table.child[i]!);
    if (day[i]! >= monthUnderWay) observed[k]!++;
  }

  // Arrivals per working day and per other day over the fitted months give each stream's off-day weight.
  const fitFirstDay = fitMonths > 0 ? firstDayOfMonth(firstFitMonth) : asOf;
  const fitLastDay = fitMonths > 0 ? lastDayOfMonth(lastMonth) : asOf - 1;
  const daysOfKind = [0, 0, 0];
  for (let d = fitFirstDay; d <= fitLastDay; d++) daysOfKind[dayKind(d)]!++;
  const dayWeights = onKind.map(([w, weekend, holiday]) => {
    if (w! + weekend! + holiday! < MIN_FOR_DAY_WEIGHTS || w === 0) return [1, 1, 1];
    const perWorkingDay = w! / daysOfKind[0]!;
    const ratio = (n: number, days: number) => Math.min(5, Math.max(0.01, n / days / perWorkingDay));
    const weekendWeight = daysOfKind[1]! > 0 ? ratio(weekend!, daysOfKind[1]!) : 1;
    const holidayWeight = perWorkingDay * daysOfKind[2]! >= MIN_FOR_HOLIDAY_WEIGHT ? ratio(holiday!, daysOfKind[2]!) : weekendWeight;
    return [1, weekendWeight, holidayWeight];
  });

  // Each station's ending hazard per half-year of calendar time (ends seen against those expected from
  // the pooled Nelson–Aalen hazard of the periods at risk then), for its movement from period to period.
  const durationSpread = durationLists.map(({ d, ended, start }) => {
    const H = cumulativeHazard(d, ended);
    const observed = new Float64Array(HISTORY_BLOCKS);
    const expected = new Float64Array(HISTORY_BLOCKS);
    let ends = 0;
    for (let k = 0; k < d.length; k++) {
      ends += ended[k]!;
      const s = start[k]!;
      const stop = s + d[k]!;
      if (ended[k]) {
        const b = Math.floor((asOf - stop) / BLOCK_DAYS);
        if (b >= 0 && b < HISTORY_BLOCKS) observed[b]!++;
      }
      for (let b = Math.max(0, Math.floor((asOf - stop) / BLOCK_DAYS)); b < HISTORY_BLOCKS; b++) {
        // block b: calendar days (asOf − (b + 1) × BLOCK_DAYS, asOf − b × BLOCK_DAYS]
        const hi = Math.min(d[k]!, asOf - b * BLOCK_DAYS - s);
        const lo = Math.max(0, asOf - (b + 1) * BLOCK_DAYS - s);
        if (hi <= lo) break;
        expected[b]! += H(hi) - H(lo);
      }
    }
    const tau2 = hazardBetweenBlocks(observed, expected);
    const blocks = expected.reduce((n, e) => n + (e >= 1 ? 1 : 0), 0);
    return Math.sqrt(1 / Math.max(ends, 1) + tau2 * (1 + 1 / Math.max(blocks, 1)));
  });

  return {
    asOf,
    firstFitMonth,
    fitMonths,
    stations,
    durations: stations.map((_, s) => kaplanMeier(durationLists[s]!.d, durationLists[s]!.ended)),
    durationSpread,
    transitions: TRANSITIONS.map((t, k) => {
      const trend = rateTrend(blockN[k]!, blockX[k]!);
      return {
        id: t.id,
        cap: t.cap,
        exposure: exposure[k]!,
        events: events[k]!,
        lags: Float64Array.from(lags[k]!).sort(),
        // the fitted rate is the mean of the window's blocks, so it carries 1 / (its blocks) of their movement too;
        // with a drift, their movement around it
        between: (trend ? trend.between : rateBetweenBlocks(blockN[k]!, blockX[k]!)) * (1 + 1 / RATE_WINDOW_BLOCKS),
        trend: trend && { slope: trend.slope, se: trend.se, from: asOf - t.cap - RATE_WINDOW_DAYS / 2, until: asOf + TREND_HOLD_DAYS, years: trend.years },
      };
    }),
    streams: streamCounts.map((y, a) =>
      fitArrivalStream(
        firstStreamMonth,
        y,
        Float64Array.from({ length: streamMonths }, (_, m) => exposureOf(firstDayOfMonth(firstStreamMonth + m), lastDayOfMonth(firstStreamMonth + m), dayWeights[a]!)),
      ),
    ),
    openStays: Int32Array.from(openStays),
    openContacts: Int32Array.from(openContacts),
    openEpisodes: Int32Array.from(openEpisodes),
    start,
    pastHorizon,
    unpairedAtStart,
    referralLinks,
    recorded: recordedMonths(table, whereabouts, stations, historyFrom, firstForecastMonth - historyFrom),
    incomplete,
    observed,
    dayWeights,
    ageShares: ageCounts.map((counts) => {
      const n = counts.reduce((x, y) => x + y, 0);
      if (n === 0) counts[AGE_SLOTS - 1] = 1;
      else for (let k = 0; k < AGE_SLOTS; k++) counts[k]! /= n;
      return counts;
    }),
  };
}
