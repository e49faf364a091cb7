// Fits a Model to a dataset: walks each child's events as trips along the journey chain (see
// states.ts), tallies next steps per (state, age band, previous episodes), durations per step,
// returns after a trip, arrivals and attributes; undoes right-censoring (censoring.ts); then applies
// the small-cell rule (cells.ts) so that the model holds no cell describing fewer than minCell children.
import { AGE_BANDS, ageBandAt, ethnicityGroupOf, type ChildAttributes } from '../core/children.js';
import { civilFromDay, formatDay, weekday } from '../core/dates.js';
import { DISABILITY_CODES, ETHNICITY_CODES, ETHNICITY_GROUP_NAMES, EV, SEX_CODES, SOURCE_CODES, outcomeCode, outcomeName } from '../core/events.js';
import type { EventTable } from '../core/event-table.js';
import { buildChildCells, buildReturnCells, buildTransitionCells, codeShares, type ObservationCell } from './cells.js';
import { MIN_CELL, ModelSchema, type Model } from './model.js';
import { END, PREV_BUCKETS, START, applyEvent, prevBucketIndex, stateKey, stepLabel } from './states.js';

export interface FitOptions {
  /** smallest number of children a cell may describe (at least 10) */
  minCell?: number;
  description?: string;
  /** last day the data covers (default: the latest event); steps under way then are censored */
  to?: number;
}

/**
 * A child's last event, with nothing left open, ends the trip when it is at least this long before the
 * end of the data; closer to the end the next step may simply not have happened yet (censored).
 */
const QUIET_DAYS = 60;
/** A referral this close after a contact of outcome `referral` (or blank) continues the contact's trip. */
const CONTACT_TO_REFERRAL_DAYS = 7;
const OUTCOME_REFERRAL = outcomeCode('referral');

/** Observation cells keyed by number (state, age band or any, previous episodes or any), named at the end. */
class CellStore {
  private readonly cells = new Map<number, ObservationCell>();
  private readonly stateIds = new Map<string, number>();
  private readonly stateNames: string[] = [];

  stateId(name: string): number {
    let id = this.stateIds.get(name);
    if (id === undefined) {
      this.stateIds.set(name, (id = this.stateNames.length));
      this.stateNames.push(name);
    }
    return id;
  }

  /** Adds one observation to the cell of every level: (state), (state, prev), (state, age, prev). */
  record(state: number, age: number, prev: number, child: number, to: string | null, t: number): void {
    const base = state * (AGE_BANDS.length + 1) * (PREV_BUCKETS.length + 1);
    const keys = [base, base + prev + 1, base + (age + 1) * (PREV_BUCKETS.length + 1) + prev + 1];
    for (const key of keys) {
      let cell = this.cells.get(key);
      if (!cell) this.cells.set(key, (cell = { children: [], to: [], t: [] }));
      cell.children.push(child);
      cell.to.push(to);
      cell.t.push(t);
    }
  }

  /** The cells keyed `state|age|prev`, with `*` for any. */
  named(): Map<string, ObservationCell> {
    const out = new Map<string, ObservationCell>();
    const perState = (AGE_BANDS.length + 1) * (PREV_BUCKETS.length + 1);
    for (const [key, cell] of this.cells) {
      const state = Math.floor(key / perState);
      const age = Math.floor((key % perState) / (PREV_BUCKETS.length + 1));
      const prev = key % (PREV_BUCKETS.length + 1);
      out.set(`${this.stateNames[state]}|${age === 0 ? '*' : AGE_BANDS[age - 1]}|${prev === 0 ? '*' : PREV_BUCKETS[prev - 1]}`, cell);
    }
    return out;
  }
}

export function fitModel(table: EventTable, children: ChildAttributes, options: FitOptions = {}): Model {
  const minCell = Math.max(MIN_CELL, options.minCell ?? MIN_CELL);
  if (table.childIds.length < minCell) throw new RangeError(`cannot fit a model to ${table.childIds.length} children: at least ${minCell} are needed`);
  if (children.dob.length !== table.childIds.length) throw new RangeError(`child attributes cover ${children.dob.length} children, the event table ${table.childIds.length}`);
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < table.length; i++) {
    first = Math.min(first, table.day[i]!);
    last = Math.max(last, table.day[i]!);
  }
  const dataEnd = options.to ?? last;
  const transitions = new CellStore();
  const returns = new CellStore();
  const startState = transitions.stateId(START);
  const returnState = returns.stateId('return');
  // State ids by (event, outcome, open spans), so that no key string is built per event.
  const stateIds = new Map<number, number>();
  const stateOf = (type: number, outcome: number, mask: number): number => {
    const code = (type * 256 + outcome) * 64 + mask;
    let id = stateIds.get(code);
    if (id === undefined) stateIds.set(code, (id = transitions.stateId(stateKey(type, outcomeName(outcome) ?? '', mask))));
    return id;
  };
  const labels = new Map<number, string>();
  const labelOf = (type: number, outcome: number): string => {
    const code = type * 256 + outcome;
    let label = labels.get(code);
    if (label === undefined) labels.set(code, (label = stepLabel(type, outcomeName(outcome) ?? '')));
    return label;
  };
  const skipped: Record<string, number> = {};
  const arrivalDays: number[] = [];
  const firstAge: number[] = [];
  const sourceCounts = { contact: new Map<string, Set<number>>(), referral: new Map<string, Set<number>>() };
  const sourceEvents = { contact: new Map<string, number>(), referral: new Map<string, number>() };

  for (let c = 0; c < table.childIds.length; c++) {
    const dob = children.dob[c]!;
    let referrals = 0;
    let inTrip = false;
    let tripHasReferral = false;
    let state = startState;
    let mask = 0;
    let lastType = -1;
    let lastOutcome = 0;
    let lastDay = 0;
    const lo = table.childStart[c]!;
    const hi = table.childStart[c + 1]!;
    if (hi > lo) {
      arrivalDays.push(table.day[lo]!);
      firstAge.push(ageBandAt(dob, table.day[lo]!));
    }
    for (let i = lo; i < hi; i++) {
      const type = table.type[i]!;
      const day = table.day[i]!;
      const outcome = table.outcome[i]!;
      if (type === EV.contact || type === EV.referral) {
        const kind = type === EV.contact ? 'contact' : 'referral';
        const code = table.source[i] ? SOURCE_CODES[table.source[i]! - 1]! : '';
        if (!sourceCounts[kind].has(code)) sourceCounts[kind].set(code, new Set());
        sourceCounts[kind].get(code)!.add(c);
        sourceEvents[kind].set(code, (sourceEvents[kind].get(code) ?? 0) + 1);
      }
      const continuesContact = type === EV.referral && lastType === EV.contact && (lastOutcome === OUTCOME_REFERRAL || lastOutcome === 0) && day - lastDay <= CONTACT_TO_REFERRAL_DAYS;
      const startsTrip = !inTrip || (mask === 0 && (type === EV.contact || type === EV.referral) && !continuesContact);
      if (inTrip && startsTrip) {
        // The trip ended with nothing open: an end step, and a return after `day - lastDay` days.
        transitions.record(state, ageBandAt(dob, lastDay), prevBucketIndex(tripHasReferral ? referrals - 1 : referrals), c, END, 0);
        returns.record(returnState, ageBandAt(dob, lastDay), prevBucketIndex(referrals), c, 'return', day - lastDay);
        inTrip = false;
      }
      const from = startsTrip ? 0 : mask;
      const after = applyEvent(from, type);
      if (after < 0) {
        skipped['end with no open start'] = (skipped['end with no open start'] ?? 0) + 1;
        continue;
      }
      if (startsTrip) {
        tripHasReferral = false;
        transitions.record(startState, ageBandAt(dob, day), prevBucketIndex(referrals), c, labelOf(type, outcome), 0);
        inTrip = true;
      } else {
        transitions.record(state, ageBandAt(dob, lastDay), prevBucketIndex(tripHasReferral ? referrals - 1 : referrals), c, labelOf(type, outcome), day - lastDay);
      }
      if (type === EV.referral) {
        referrals++;
        tripHasReferral = true;
      }
      state = stateOf(type, outcome, after);
      mask = after;
      lastType = type;
      lastOutcome = outcome;
      lastDay = day;
    }
    if (!inTrip) continue;
    const age = ageBandAt(dob, lastDay);
    const prev = prevBucketIndex(tripHasReferral ? referrals - 1 : referrals);
    const ends = mask === 0 && dataEnd - lastDay >= QUIET_DAYS;
    transitions.record(state, age, prev, c, ends ? END : null, ends ? 0 : dataEnd - lastDay);
    if (mask === 0) returns.record(returnState, age, prevBucketIndex(referrals), c, null, dataEnd - lastDay);
  }

  const merged: Model['merged'] = [];
  const model: Model = {
    format: 'child-journey-synth-model',
    version: 1,
    description: options.description ?? `Fitted on ${table.childIds.length} children, ${formatDay(first)} to ${formatDay(dataEnd)}`,
    minCell,
    fittedOn: { children: table.childIds.length, events: table.length, from: formatDay(first), to: formatDay(dataEnd) },
    arrivals: fitArrivals(arrivalDays, first, dataEnd),
    children: buildChildCells(describeChildren(children, firstAge), minCell, merged),
    sources: {
      contact: codeShares('contact source', sourceEvents.contact, sourceCounts.contact, minCell, merged),
      referral: codeShares('referral source', sourceEvents.referral, sourceCounts.referral, minCell, merged),
    },
    transitions: buildTransitionCells(transitions.named(), minCell, merged),
    returns: buildReturnCells(returns.named(), minCell, merged),
    merged,
    skipped,
  };
  return ModelSchema.parse(model);
}

function describeChildren(children: ChildAttributes, firstAge: readonly number[]): Array<{ age: string; sex: string; ethnicityGroup: string; ethnicity: string; disability: string }> {
  return firstAge.map((age, c) => ({
    age: AGE_BANDS[age]!,
    sex: children.sex[c] ? SEX_CODES[children.sex[c]! - 1]! : '',
    ethnicityGroup: children.ethnicity[c] ? ETHNICITY_GROUP_NAMES[ethnicityGroupOf(children.ethnicity[c]!) - 1]! : '',
    ethnicity: children.ethnicity[c] ? ETHNICITY_CODES[children.ethnicity[c]! - 1]! : '',
    disability: children.disability[c] ? DISABILITY_CODES[children.disability[c]! - 1]! : '',
  }));
}

/** First arrivals: a log-linear trend over the period, with month-of-year and weekday factors (mean 1). */
function fitArrivals(days: readonly number[], from: number, to: number): Model['arrivals'] {
  const monthExposure = new Array<number>(12).fill(0);
  const weekdayExposure = new Array<number>(7).fill(0);
  for (let d = from; d <= to; d++) {
    monthExposure[civilFromDay(d).month - 1]!++;
    weekdayExposure[weekday(d)]!++;
  }
  const monthCounts = new Array<number>(12).fill(0);
  const weekdayCounts = new Array<number>(7).fill(0);
  for (const d of days) {
    monthCounts[civilFromDay(d).month - 1]!++;
    weekdayCounts[weekday(d)]!++;
  }
  const factors = (counts: number[], exposure: number[]): number[] => {
    const rates = counts.map((n, i) => (exposure[i]! > 0 && n >= MIN_CELL ? n / exposure[i]! : NaN));
    const known = rates.filter((r) => !Number.isNaN(r));
    const mean = known.length ? known.reduce((s, r) => s + r, 0) / known.length : 1;
    return rates.map((r) => (Number.isNaN(r) || mean === 0 ? 1 : r / mean));
  };
  const monthOfYear = factors(monthCounts, monthExposure);
  const dayOfWeek = factors(weekdayCounts, weekdayExposure);
  // Trend: least squares of log(deseasonalised count) per 91-day block against time in years.
  const blocks: Array<[number, number]> = [];
  for (let start = from; start + 90 <= to; start += 91) {
    let n = 0;
    let expected = 0;
    for (let d = start; d < start + 91; d++) expected += monthOfYear[civilFromDay(d).month - 1]!;
    for (const d of days) if (d >= start && d < start + 91) n++;
    if (n > 0) blocks.push([(start - from + 45) / 365.25, Math.log(n / expected)]);
  }
  let trendPerYear = 1;
  if (blocks.length >= 3) {
    const mx = blocks.reduce((s, b) => s + b[0], 0) / blocks.length;
    const my = blocks.reduce((s, b) => s + b[1], 0) / blocks.length;
    const sxy = blocks.reduce((s, b) => s + (b[0] - mx) * (b[1] - my), 0);
    const sxx = blocks.reduce((s, b) => s + (b[0] - mx) ** 2, 0);
    trendPerYear = Math.exp(sxx > 0 ? sxy / sxx : 0);
  }
  const weeks = Math.max(1, (to - from + 1) / 7);
  return { perWeek: days.length / weeks, trendPerYear, monthOfYear, dayOfWeek };
}
