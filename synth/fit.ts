// Fits a Model to a dataset: walks each child's events through the journey grammar (core/grammar.ts)
// in the order it accepts them, and tallies, per (state, age band, history), the next step, the days
// since the state began (on which censoring is undone: censoring.ts) and the days since the step's
// anchor (its duration). Events the grammar refuses are counted by rule and not learned from: the step
// that led to one is censored there. Then arrivals, children's attributes and sources; then the
// small-cell rule (cells.ts), so that the model holds no cell describing fewer than minCell children.
import { AGE_BANDS, NO_DATE, ageBandAt, ethnicityGroupOf, type ChildAttributes } from '../core/children.js';
import { formatDay } from '../core/dates.js';
import { DISABILITY_CODES, ETHNICITY_CODES, ETHNICITY_GROUP_NAMES, EV, SEX_CODES, SOURCE_CODES, outcomeName } from '../core/events.js';
import type { EventTable } from '../core/event-table.js';
import { NO_DAY, SOURCE_ANOTHER_COUNCIL, isEnding, isRepeat, walkJourney, type GrammarRule, type Journey } from '../core/grammar.js';
import { fitAgeWithin } from './age-within.js';
import { fitArrivals } from './arrivals.js';
import { OutcomeTally } from './outcome-trends.js';
import { ReturnTally, isIdle } from './return-trend.js';
import { ReturnWeekdayTally, weekdayKind } from './return-weekdays.js';
import { StepWeekdayTallies, stepWeekdayRule } from './step-weekdays.js';
import { assessmentsInWorkingDays, canonicalWorkingDays, WORKING_DAY_STEPS, workingDayFlags } from './working-day-durations.js';
import { CarriedTally, ExtractStart, hasUnclosedEpisode } from './extract.js';
import { buildChildCells, buildTransitionCells, codeShares, type ObservationCell } from './cells.js';
import { sortedTimes, type SortedTimes } from './censoring.js';
import { HELD_KINDS, MIN_CELL, ModelSchema, type Model } from './model.js';
import { SpanTally } from './span-durations.js';
import { RETURN_KIND, START_KIND, StepTrendTally } from './step-trends.js';
import { cellReturnShares, fitReturnOdds, groupIndex, NO_GROUP } from './return-odds.js';
import { AGES, HISTORIES, compileModel, stateIndexOf } from './compile.js';
import { DurationTrendTally, TRENDED_SPANS, compileDurationTrends, durationShift, type CompiledDurationTrends } from './duration-trends.js';
import { fitEpisodeIds } from './episode-ids.js';
import { CARRIED_LABEL, EARLY_PERIOD_DAYS, HISTORY_BUCKETS, MASKS, History, isSeenEarlyBucket, START_CODE, maskLetters, ageBand, anchorDay, birthdays, episodeForEnd, fittedBucket, labelCode, labelOf, pooledState, seenEarlyPeriod, stateCode, stateMask as journeyMask, stateName, maskFromLetters, keepsContactSource, comesBackAfter } from './states.js';

export interface FitOptions {
  /** smallest number of children a cell may describe (at least 10) */
  minCell?: number;
  description?: string;
  /** last day the data covers (default: the latest event); steps under way then are censored */
  to?: number;
  /** a finer cell keeps its own duration of a step only with this many children behind it (default 30) */
  durationMinChildren?: number;
  /**
   * Every step's days as calendar days, assessments' too (default: an assessment's days from its start are working
   * days where the log times them so: working-day-durations.ts assessmentsInWorkingDays). The built-in model's national
   * process draws calendar lengths.
   */
  calendarDays?: boolean;
}

const AGE_LEVELS = AGE_BANDS.length + 1;
/** The return tally's stratum of a gap (return-trend.ts): the state it began in, the age band then and the history bucket. */
const returnStratum = (state: number, age: number, bucket: number): number => (state * AGE_LEVELS + age) * HISTORY_BUCKETS.length + bucket;
/** A return stratum's state, age band and history bucket: returnStratum undone. */
const stratumParts = (stratum: number): [state: number, age: number, bucket: number] => [
  Math.floor(stratum / (AGE_LEVELS * HISTORY_BUCKETS.length)),
  Math.floor(stratum / HISTORY_BUCKETS.length) % AGE_LEVELS,
  stratum % HISTORY_BUCKETS.length,
];
/** A return stratum's group for its odds (return-odds.ts groupIndex): the event its state began with, and a seen-early bucket or not. */
const returnGroup = (stratum: number): number => {
  const [state, , bucket] = stratumParts(stratum);
  const label = Math.floor(state / (1 << MASKS));
  // (a state carried in from before the data has no event of its own: no group)
  return label >= CARRIED_LABEL ? NO_GROUP : groupIndex(label >> 6, isSeenEarlyBucket(bucket));
};
const CONTACT = EV.contact;
const REFERRAL = EV.referral;
const CLA_START = EV.cla_start;
const CLA_END = EV.cla_end;
const CP_PLAN_END = EV.cp_plan_end;
const CASE_CLOSED = EV.case_closed;
const ASSESSMENT_START = EV.assessment_start;
const ASSESSMENT_END = EV.assessment_end;
const HISTORY_LEVELS = HISTORY_BUCKETS.length + 1;
/** Cell keys per state: (age band or any) × (history or any). */
const PER_STATE = AGE_LEVELS * HISTORY_LEVELS;
/** By event code: the span end's index into TRENDED_SPANS (duration-trends.ts), −1 for other events. */
const TREND_KIND = new Int8Array(32).fill(-1);
TRENDED_SPANS.forEach((event, k) => (TREND_KIND[EV[event]] = k));

type NumberField = 'children' | 't' | 'l' | 'entry' | 'watch' | 'reach' | 'spanBand' | 'trendShift';
/**
 * The store's columns as the cells read them, reordered by cell (CellStore.named); `trendShift` only where the data
 * has duration trends (CellStore.applyDurationTrends).
 */
type Observations = Record<Exclude<NumberField, 'trendShift'>, { values: Float64Array | Int32Array }> & { trendShift?: { values: Float64Array }; to: { values: Int32Array }; cut: { values: Uint8Array } };

/**
 * A cell's observations, each column gathered from the store's rows when first read: cells.ts skips many
 * fine cells (a state whose coarsest cell kept no steps) and reads some columns of a cell only (watch
 * and reach for a borrowed tail). Gathering all nine columns of the 2,759 cells of the bench copy (1.7
 * million rows) up front was a tenth of the fit.
 */
class StoredCell implements ObservationCell<ArrayLike<number>> {
  private readonly n: number;
  private readonly rows: Int32Array;
  private readonly gathered: Partial<Record<NumberField, Float64Array | Int32Array>> = {};

  private sortedRead?: SortedTimes;

  /** `anyEntry`: some observation of the cell has an entry above 0 (named). */
  constructor(rows: Int32Array, private readonly obs: Observations, private readonly labels: Array<string | undefined>, private readonly anyEntry: boolean) {
    this.n = rows.length;
    this.rows = rows;
  }

  // Sorted with its entries only when some is above 0 (the same sort: sortedTimes keeps none when all are 0): else
  // the entry column was gathered, for each cell whose weights were taken, only to find none (the bench copy: all).
  get sortedTimes(): SortedTimes {
    return (this.sortedRead ??= sortedTimes(this.t, this.anyEntry ? this.entry : undefined));
  }

  private gather(name: NumberField): Float64Array | Int32Array {
    let out = this.gathered[name];
    if (out === undefined) {
      const values = this.obs[name]!.values;
      // One loop per array type: a loop reading either kind was a tenth of the fit's own time.
      out = values instanceof Float64Array ? gatherFloats(values, this.rows, this.n) : gatherInts(values as Int32Array, this.rows, this.n);
      this.gathered[name] = out;
    }
    return out;
  }

  get children() { return this.gather('children'); }
  get t() { return this.gather('t'); }
  get l() { return this.gather('l'); }
  get entry() { return this.gather('entry'); }
  get watch() { return this.gather('watch'); }
  get reach() { return this.gather('reach'); }
  get spanBand() { return this.gather('spanBand'); }
  get trendShift() { return this.obs.trendShift ? this.gather('trendShift') : undefined; }

  // Arrays of pointers are made anew at each read, not kept: kept until the cells are all built, the
  // young-generation collections copied them (the bench copy: 1.7 million rows of each), while cells.ts
  // reads each once or twice per cell.
  get cut(): boolean[] {
    const values = this.obs.cut.values;
    const out = new Array<boolean>(this.n);
    for (let k = 0; k < this.n; k++) out[k] = values[this.rows[k]!] === 1;
    return out;
  }

  /** The step's label (named once per code, shared by the cells), or null when censored. */
  get to(): (string | null)[] {
    const values = this.obs.to.values;
    const out = new Array<string | null>(this.n);
    for (let k = 0; k < this.n; k++) {
      const code = values[this.rows[k]!]!;
      out[k] = code < 0 ? null : (this.labels[code] ??= labelOf(code));
    }
    return out;
  }
}

function gatherFloats(values: Float64Array, rows: Int32Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = values[rows[k]!]!;
  return out;
}

function gatherInts(values: Int32Array, rows: Int32Array, n: number): Int32Array {
  const out = new Int32Array(n);
  for (let k = 0; k < n; k++) out[k] = values[rows[k]!]!;
  return out;
}

/** The key of a finest cell's `level`: 0 (state), 1 (state, history), 2 (state, age band), 3 (all three: the key itself). */
function levelOf(key: number, level: number): number {
  if (level === 3) return key;
  if (level === 2) return key - (key % HISTORY_LEVELS);
  const base = key - (key % PER_STATE);
  return level === 0 ? base : base + (key % HISTORY_LEVELS);
}

/** `values` with value i at `place[i]`, i < n. */
function movedFloats(values: Float64Array, place: Int32Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[place[i]!] = values[i]!;
  return out;
}

function movedInts(values: Int32Array, place: Int32Array, n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[place[i]!] = values[i]!;
  return out;
}

/** Observation cells keyed by number (state, age band or any, history or any), named at the end. */
class CellStore {
  /**
   * Each observation is kept once, in typed columns (columns.ts), with the key of its finest cell (state, age
   * band, history) and that of its pooled state's (−1: none). The cells' rows are listed once the walk is
   * done (named): a cell holds the rows of its observations, and the keys in the order first met.
   * The step's label is kept as its code (−1: censored) and named once per code when the cells are built.
   */
  // Typed arrays written in place (one field per column, so each write site sees one kind of array: pushed
  // through a Column shared by every kind, the writes were a tenth of the walk), grown together if full.
  private size = 0;
  private children: Int32Array;
  private to: Int32Array;
  private t: Float64Array;
  private l: Float64Array;
  private cut: Uint8Array;
  private entry: Float64Array;
  private watch: Float64Array;
  private reach: Float64Array;
  private spanBand: Int32Array;
  /** a trended span end's start day (−1: none), for its year's shift (applyDurationTrends) */
  private trendSpan: Int32Array;
  /** each row's year shift of its span end's length; null until duration trends are applied (and where there are none) */
  private trendShift: Float64Array | null = null;
  private fine: Int32Array;
  private pooledFine: Int32Array;

  /** `capacity`: the observations expected (the walk records at most one per event and one per child), so that no column need grow. */
  constructor(capacity: number) {
    const n = Math.max(16, capacity);
    this.children = new Int32Array(n);
    this.to = new Int32Array(n);
    this.t = new Float64Array(n);
    this.l = new Float64Array(n);
    this.cut = new Uint8Array(n);
    this.entry = new Float64Array(n);
    this.watch = new Float64Array(n);
    this.reach = new Float64Array(n);
    this.spanBand = new Int32Array(n);
    this.trendSpan = new Int32Array(n);
    this.fine = new Int32Array(n);
    this.pooledFine = new Int32Array(n);
  }

  private grow(): void {
    const n = this.t.length * 2;
    const grown = <A extends Float64Array | Int32Array | Uint8Array>(values: A, out: A): A => (out.set(values), out);
    this.children = grown(this.children, new Int32Array(n));
    this.to = grown(this.to, new Int32Array(n));
    this.t = grown(this.t, new Float64Array(n));
    this.l = grown(this.l, new Float64Array(n));
    this.cut = grown(this.cut, new Uint8Array(n));
    this.entry = grown(this.entry, new Float64Array(n));
    this.watch = grown(this.watch, new Float64Array(n));
    this.reach = grown(this.reach, new Float64Array(n));
    this.spanBand = grown(this.spanBand, new Int32Array(n));
    this.trendSpan = grown(this.trendSpan, new Int32Array(n));
    this.fine = grown(this.fine, new Int32Array(n));
    this.pooledFine = grown(this.pooledFine, new Int32Array(n));
  }
  private readonly stateIds = new Map<number, number>();
  private readonly stateCodes: number[] = [];

  private stateId(code: number): number {
    let id = this.stateIds.get(code);
    if (id === undefined) {
      this.stateIds.set(code, (id = this.stateCodes.length));
      this.stateCodes.push(code);
    }
    return id;
  }

  /**
   * Adds one observation to the cell of every level: (state), (state, history), (state, age band) and
   * (state, age band, history). The age-only level is where a fine cell too small for the small-cell rule
   * falls back first (compile.ts), so a step that depends on age (care at 16, adoption under 5) keeps it.
   * `to`: the step's label code (states.ts labelCode), or −1 when the observation is censored.
   */
  /** Returns the observation's finest cell (state, age band and history) as a number below `cellKeys` (the step trends' cell). */
  record(state: number, age: number, history: number, child: number, to: number, t: number, l: number, cut = false, entry = 0, watch = t, spanBand = -1, reach = watch, trendSpan = -1): number {
    if (this.size === this.t.length) this.grow();
    const row = this.size++;
    this.spanBand[row] = spanBand;
    this.trendSpan[row] = trendSpan;
    this.reach[row] = reach;
    this.children[row] = child;
    this.to[row] = to;
    this.t[row] = t;
    this.l[row] = l;
    this.cut[row] = cut ? 1 : 0;
    this.entry[row] = entry;
    this.watch[row] = watch;
    const within = (age + 1) * HISTORY_LEVELS + history + 1;
    this.fine[row] = this.stateId(state) * PER_STATE + within;
    // A state pooled over its last event's outcome (a care period's reason) holds the observation too.
    const pooled = pooledState(state);
    this.pooledFine[row] = pooled >= 0 ? this.stateId(pooled) * PER_STATE + within : -1;
    return this.fine[row]!;
  }

  /** Keys of the cells so far are below this. */
  get cellKeys(): number {
    return this.stateCodes.length * PER_STATE;
  }

  /**
   * Each observation's year shift of its span end's length (duration-trends.ts), which the cells take off the
   * durations they learn (the generator adds it back): without it, a cell pooling the years before and after a
   * change of practice learnt a blend wider than either, and its copy's last year held too many plans still open.
   */
  applyDurationTrends(trends: CompiledDurationTrends | null): void {
    if (trends === null) return;
    const n = this.size;
    const shifts = new Float64Array(n);
    for (let row = 0; row < n; row++) {
      const span = this.trendSpan[row]!;
      if (span >= 0 && this.to[row]! >= 0) shifts[row] = durationShift(trends, this.to[row]! >> 6, span);
    }
    this.trendShift = shifts;
  }

  /**
   * The cells keyed `state|age|history`, with `*` for any. The columns are first reordered by finest cell
   * (stably), so that a cell's observations lie together: gathered from rows in the walk's order, spread over
   * the whole store, each value read was a cache miss, and gathering was a tenth of the fit. A cell's
   * observations stay in the walk's order (child by child); only where they are stored changes.
   */
  named(): Map<string, ObservationCell<ArrayLike<number>>> {
    const n = this.size;
    const { fine, pooledFine } = this;
    const keyCount = this.stateCodes.length * PER_STATE;
    // Each row's place once reordered by its finest cell (a counting sort, stable).
    const place = new Int32Array(n);
    {
      const start = new Int32Array(keyCount + 1);
      for (let i = 0; i < n; i++) start[fine[i]! + 1]!++;
      for (let k = 1; k <= keyCount; k++) start[k]! += start[k - 1]!;
      for (let i = 0; i < n; i++) place[i] = start[fine[i]!]!++;
    }
    // (one loop per array type, as gatherFloats and gatherInts: a loop writing any kind was a third of this)
    const cut = new Uint8Array(n);
    for (let i = 0; i < n; i++) cut[place[i]!] = this.cut[i]!;
    const cells: Observations = {
      children: { values: movedInts(this.children, place, n) }, to: { values: movedInts(this.to, place, n) }, t: { values: movedFloats(this.t, place, n) },
      l: { values: movedFloats(this.l, place, n) }, cut: { values: cut }, entry: { values: movedFloats(this.entry, place, n) },
      watch: { values: movedFloats(this.watch, place, n) }, reach: { values: movedFloats(this.reach, place, n) }, spanBand: { values: movedInts(this.spanBand, place, n) },
      ...(this.trendShift ? { trendShift: { values: movedFloats(this.trendShift, place, n) } } : {}),
    };
    // Each row's cells: the four levels of its finest cell and of its pooled state's (−1: none), in the order
    // the cells are first met (levelOf). Counted, then filled in the walk's order.
    const count = new Int32Array(keyCount);
    const keys: number[] = [];
    for (let i = 0; i < n; i++) {
      for (let key = fine[i]!, p = 0; p < 2 && key >= 0; key = pooledFine[i]!, p++) {
        for (let level = 0; level < 4; level++) {
          const cell = levelOf(key, level);
          if (count[cell]!++ === 0) keys.push(cell);
        }
      }
    }
    const rows = new Array<Int32Array | undefined>(keyCount);
    const filled = new Int32Array(keyCount);
    for (const key of keys) rows[key] = new Int32Array(count[key]!);
    // (and the cells with an entry above 0: StoredCell.sortedTimes)
    const anyEntry = new Uint8Array(keyCount);
    for (let i = 0; i < n; i++) {
      const entered = this.entry[i]! > 0;
      for (let key = fine[i]!, p = 0; p < 2 && key >= 0; key = pooledFine[i]!, p++) {
        for (let level = 0; level < 4; level++) {
          const cell = levelOf(key, level);
          rows[cell]![filled[cell]!++] = place[i]!;
          if (entered) anyEntry[cell] = 1;
        }
      }
    }
    const out = new Map<string, ObservationCell<ArrayLike<number>>>();
    /** labels by code (states.ts labelCode: below 32 × 64) */
    const labels = new Array<string | undefined>(32 * 64).fill(undefined);
    for (const key of keys) {
      const cell = new StoredCell(rows[key]!, cells, labels, anyEntry[key] === 1);
      const state = stateName(this.stateCodes[Math.floor(key / PER_STATE)]!);
      const age = Math.floor((key % PER_STATE) / HISTORY_LEVELS);
      const history = key % HISTORY_LEVELS;
      out.set(`${state}|${age === 0 ? '*' : AGE_BANDS[age - 1]}|${history === 0 ? '*' : HISTORY_BUCKETS[history - 1]}`, cell);
    }
    return out;
  }
}

export function fitModel(table: EventTable, children: ChildAttributes, options: FitOptions = {}): Model {
  const minCell = Math.max(MIN_CELL, options.minCell ?? MIN_CELL);
  if (table.childIds.length < minCell) throw new RangeError(`cannot fit a model to ${table.childIds.length} children: at least ${minCell} are needed`);
  if (children.dob.length !== table.childIds.length) throw new RangeError(`child attributes cover ${children.dob.length} children, the event table ${table.childIds.length}`);
  let { first, last } = daysSpanned(table);
  let dataEnd = options.to ?? last;
  // Assessments timed in working days are learnt so (working-day-durations.ts).
  const workingDaySteps = options.calendarDays || !assessmentsInWorkingDays(table, first) ? [] : [...WORKING_DAY_STEPS];
  const workingDayType = workingDayFlags(workingDaySteps) ?? new Uint8Array(32);
  let tallies = walkChildren(table, children, first, dataEnd, first, workingDayType);
  // The period is what the rows the grammar accepts span: one refused row dated years before the rest (an
  // assessment dated 2005 for a child born 2014) or after them stretched it, and the copy's years with it
  // (audit a10j: one such row in a 2018-2025 log, and the copy put 33,538 events before 2018 and fell 10-13%
  // short in every later year; one plan end refused in 2026, and 24,585 events came after the log's end).
  if (Number.isFinite(tallies.accepted.first) && (tallies.accepted.first > first || (options.to === undefined && tallies.accepted.last < last))) {
    first = Math.max(first, tallies.accepted.first);
    last = Math.min(last, tallies.accepted.last);
    dataEnd = options.to ?? last;
    tallies = walkChildren(table, children, first, dataEnd, first, workingDayType);
  }
  // The walk finds where the extract really begins (extract.ts); the seen-early buckets count from
  // there, so when it is not the first event, the walk runs again with it.
  if (tallies.extractFrom > first) tallies = walkChildren(table, children, tallies.extractFrom, dataEnd, first, workingDayType);
  const { store, skipped, arrivalDays, firstAge, firstAgeDays, sourceChildren, sourceEvents, extractFrom, outcomes, durationTrends, steps, returns, returnWeekdays, stepWeekdays, spans, carried, eighteen, assessedAtEighteen, heldAtEighteen, heldLongAgo, heldLongAgoByKind, openMasks } = tallies;
  // New children are those first seen from the extract's start. When the data holds journeys from before
  // it, the generator simulates those years as a burn-in, and children with a history then come back by
  // themselves: arrivals are counted from when the ones first seen early (some with a history before
  // the extract) have thinned out, two years on, where the data is long enough for that.
  const arrivalsFrom = extractFrom > first && dataEnd - extractFrom >= 3 * 365 ? extractFrom + 2 * EARLY_PERIOD_DAYS : extractFrom;

  const merged: Model['merged'] = [];
  // Before the transitions: their care ends' durations pooling every age have the age band's shift taken off.
  const spanDurations = spans.fit(minCell, merged);
  // And the years' shifts of span lengths (taken off the cells' durations too: CellStore.applyDurationTrends).
  const fittedDurationTrends = durationTrends.fit(extractFrom, dataEnd, minCell, merged);
  store.applyDurationTrends(compileDurationTrends(fittedDurationTrends));
  const weekdays = { contact: returnWeekdays.contact.fit(minCell), referral: returnWeekdays.referral.fit(minCell) };
  const stepDays = stepWeekdays.fit(minCell, extractFrom, dataEnd);
  const model: Model = {
    format: 'child-journey-synth-model',
    version: 2,
    description: options.description ?? `Fitted on ${table.childIds.length} children, ${formatDay(first)} to ${formatDay(dataEnd)}`,
    minCell,
    fittedOn: {
      children: table.childIds.length, events: table.length, from: formatDay(first), to: formatDay(dataEnd), extractFrom: formatDay(extractFrom),
      ...(extractFrom > first ? { carried: carried.result(minCell) } : {}),
    },
    arrivals: fitArrivals(arrivalDays.filter((d) => d >= arrivalsFrom), arrivalsFrom, dataEnd, minCell, merged),
    children: (() => {
      const cells = buildChildCells(describeChildren(children, firstAge), minCell, merged);
      const ageWithin = fitAgeWithin(firstAge, firstAgeDays, minCell, merged);
      return ageWithin.length > 0 ? { ...cells, ageWithin } : cells;
    })(),
    sources: {
      contact: codeShares('contact source', sourceEvents.contact, sourceChildren.contact, minCell, merged),
      referral: codeShares('referral source', sourceEvents.referral, sourceChildren.referral, minCell, merged),
      contactReferral: codeShares('source of a contact and its referral', sourceEvents.contactReferral, sourceChildren.contactReferral, minCell, merged),
    },
    transitions: buildTransitionCells(store.named(), minCell, merged, options.durationMinChildren, extractFrom > first, spanDurations, workingDaySteps.length > 0),
    outcomeTrends: outcomes.fit(extractFrom, dataEnd, minCell, merged),
    ...withDurationTrends(fittedDurationTrends),
    ...withStepTrends(steps.fit(minCell, merged, store.cellKeys)),
    ...(weekdays.contact || weekdays.referral ? { returnWeekdays: { ...(weekdays.contact ? { contact: weekdays.contact } : {}), ...(weekdays.referral ? { referral: weekdays.referral } : {}) } } : {}),
    ...(stepDays ? { stepWeekdays: stepDays.tables, stepBankHolidays: stepDays.holidays } : {}),
    ...(workingDaySteps.length > 0 ? { workingDaySteps } : {}),
    spanDurations,
    // A share of children: written only when both sides describe minCell children or more (else absent: closed).
    ...closuresAtEighteen(eighteen.result(minCell), minCell),
    // A share when both sides describe minCell children; all left open when only those left open do (the
    // few ended not told); else absent (ended on the birthday).
    ...(assessedAtEighteen.left >= minCell ? { assessmentOpenAtEighteen: assessedAtEighteen.ended >= minCell ? assessedAtEighteen.left / (assessedAtEighteen.left + assessedAtEighteen.ended) : 1 } : {}),
    // Care or a plan left open past the 18th birthday when the data ends (minCell children or more): see the model's field.
    ...(heldAtEighteen.left >= minCell ? { openPastEighteen: true as const } : {}),
    // Care or a plan the data never ends past 18, however long it has been (a share of the children who turned 18
    // two years or more before the data's end: see the model's field). Written as openPastEighteen's shares are.
    ...(heldLongAgo.left >= minCell ? { heldPastEighteen: heldLongAgo.ended >= minCell ? heldLongAgo.left / (heldLongAgo.left + heldLongAgo.ended) : 1 } : {}),
    ...(heldLongAgo.left >= minCell ? heldByKind(heldLongAgoByKind, minCell) : {}),
    ...openAtStartCells(openMasks, minCell, merged),
    ...fitEpisodeIds(table, minCell, merged),
    merged,
    skipped,
  };
  return withReturnOdds(model, returns, extractFrom, dataEnd, minCell);
}

/**
 * The model with the odds of coming back within a month or a year by quarter (return-odds.ts), where they change:
 * fitted against the shares the model's own cells give (compiled without the clock: no cell reads it); and with the
 * return clock, fitted once the odds are known: on the rest of the gaps where they are kept, on the whole gaps where not.
 */
function withReturnOdds(model: Model, returns: ReturnTally, from: number, to: number, minCell: number): Model {
  const shares = (): ((key: number) => [number, number] | null) => {
    const compiled = compileModel(ModelSchema.parse(model));
    return (key) => {
      const [state, age, bucket] = stratumParts(key);
      const index = stateIndexOf(compiled, Math.floor(state / (1 << MASKS)), state % (1 << MASKS));
      if (index === undefined || age >= AGES) return null;
      const cell = compiled.cells[(index * AGES + age) * HISTORIES + bucket];
      return cell ? cellReturnShares(cell) : [0, 0];
    };
  };
  const returnOdds = fitReturnOdds(returns.gaps(returnGroup), from, to, minCell, shares);
  const returnTrend = returns.fit(from, to, minCell, returnOdds ? returnOdds.withinDays[1] : 0);
  // (parsed once here, where no odds are kept; the schema orders the fields, so where they go here does not matter)
  return ModelSchema.parse({ ...model, ...(returnTrend ? { returnTrend } : {}), ...(returnOdds ? { returnOdds } : {}) });
}

/** The model's stepTrends, absent when none was kept. */
function withStepTrends(trends: NonNullable<Model['stepTrends']>): Pick<Model, 'stepTrends'> {
  return trends.length > 0 ? { stepTrends: trends } : {};
}

/** The model's durationTrends, absent when none was kept. */
function withDurationTrends(trends: NonNullable<Model['durationTrends']>): Pick<Model, 'durationTrends'> {
  return trends.length > 0 ? { durationTrends: trends } : {};
}

/**
 * Days between a child's 18th birthday and the data's end after which care or a plan still open was never going to
 * be ended in the data (heldPastEighteen): two years, longer than all but a few periods of care begun at 16 run on.
 */
const LONG_AGO = 730;

/** The model's closedAtEighteen (a share when both sides describe minCell children or more; 0 when only those left open do; else absent: closed) and its reason. */
function closuresAtEighteen(eighteen: { closed: number; left: number; reasons: Map<string, number> }, minCell: number): Pick<Model, 'closedAtEighteen' | 'closedAtEighteenReason'> {
  const { closed, left, reasons } = eighteen;
  return {
    // Fewer than minCell closed, many left: none closed (audit a10j: log A closed 1 case on the birthday and left
    // 736 open; absent, the share read 1 and its copy closed 1,014 there).
    ...(closed >= minCell && left >= minCell ? { closedAtEighteen: closed / (closed + left) } : left >= minCell ? { closedAtEighteen: 0 } : {}),
    ...(closed >= minCell ? { closedAtEighteenReason: commonestReason(reasons) } : {}),
  };
}

/**
 * Cases closed because the child turned 18: on the birthday, or on its eve where the data closes them
 * then. The three logs of audit a10c close every case open at 18 on the eve: counting the birthday alone
 * fitted closedAtEighteen 0 there, and copies left 1,992 episodes open at 18 where log 3 left 359. The eve
 * counts only where closures spike on it (over five times the day's mean over the fortnight before, and
 * minCell or more): a log whose cases close on any day has a few on the eve by chance, and its copy
 * closed none at 18 (tests/synth/returns/events-closures.test.ts).
 */
class EighteenthClosures {
  left = 0;
  private readonly onDay = { birthday: 0, eve: 0 };
  private readonly reasons = { birthday: new Map<string, number>(), eve: new Map<string, number>() };
  /** closures 2 to 15 days before the birthday */
  private before = 0;

  /** Tallies the closures of a child's rows lo … hi − 1 near its 18th birthday; whether one came on the birthday or its eve. */
  child(table: EventTable, lo: number, hi: number, eighteenth: number): boolean {
    let near: 'birthday' | 'eve' | null = null;
    let reason = '';
    for (let i = lo; i < hi; i++) {
      if (table.type[i] !== CASE_CLOSED) continue;
      const before = eighteenth - table.day[i]!;
      if (before === 0 || (before === 1 && near === null)) (near = before === 0 ? 'birthday' : 'eve'), (reason = outcomeName(table.outcome[i]!) ?? '');
      else if (before >= 2 && before <= 15) this.before++;
    }
    if (near === null) return false;
    this.onDay[near]++;
    if (reason) this.reasons[near].set(reason, (this.reasons[near].get(reason) ?? 0) + 1);
    return true;
  }

  result(minCell: number): { closed: number; left: number; reasons: Map<string, number> } {
    const eve = this.onDay.eve >= minCell && this.onDay.eve > (5 * this.before) / 14;
    if (!eve) return { closed: this.onDay.birthday, left: this.left, reasons: this.reasons.birthday };
    const reasons = new Map(this.reasons.birthday);
    for (const [code, n] of this.reasons.eve) reasons.set(code, (reasons.get(code) ?? 0) + n);
    return { closed: this.onDay.birthday + this.onDay.eve, left: this.left, reasons };
  }
}

/** The reason given most often (RC7 when none is given: services ceased). */
function commonestReason(reasons: Map<string, number>): 'RC1' | 'RC2' | 'RC3' | 'RC4' | 'RC5' | 'RC6' | 'RC7' | 'RC8' | 'RC9' {
  let best = 'RC7';
  let most = 0;
  for (const [code, n] of reasons) if (n > most) (best = code), (most = n);
  return best as ReturnType<typeof commonestReason>;
}

/** One pass over every child's journey: the observations of every cell, and the rest the model needs. */
/** The first and last days of a table's rows (a period that refused rows may stretch: see fitModel). */
function daysSpanned(table: EventTable): { first: number; last: number } {
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < table.length; i++) {
    first = Math.min(first, table.day[i]!);
    last = Math.max(last, table.day[i]!);
  }
  return { first, last };
}

/** `first`: the data's first day (the grammar's log start: spans open then were carried in). */
function walkChildren(table: EventTable, children: ChildAttributes, extractFrom: number, dataEnd: number, first: number, workingDayType: Uint8Array) {
  /** the first and last days of the rows the grammar accepted */
  const accepted = { first: Infinity, last: -Infinity };
  // Letter t (a referral from another council) only where the data has a transfer-in to learn: in data
  // with none it would split the states of every 5C referral for nothing (the built-in model's national
  // process has none, and its demo would change for no reason).
  const letters = hasTransferIn(table) ? -1 : ~maskFromLetters('t');
  const stateMask = (journey: Journey): number => journeyMask(journey) & letters;
  const store = new CellStore(table.length + table.childIds.length);
  const skipped: Record<string, number> = {};
  const arrivalDays: number[] = [];
  const firstAge: number[] = [];
  /** age in days at the first event (NO_DATE dob: -1) */
  const firstAgeDays: number[] = [];
  /** distinct children per source (a set per source cost a tenth of the walk), counted with the last child met per source code */
  // Counted by source number, in arrays (maps keyed by the code's text, updated per event, were a twentieth of
  // the walk), with the numbers in the order first met; the maps by code are made at the end (sourceMaps).
  type SourceKind = 'contact' | 'referral' | 'contactReferral';
  const sourceTally = () => ({ events: new Float64Array(256), children: new Float64Array(256), last: new Int32Array(256).fill(-1), met: [] as number[] });
  const sources = { contact: sourceTally(), referral: sourceTally(), contactReferral: sourceTally() };
  /** One contact's or referral's source, counted under `kind` (model.sources). */
  const tallySource = (kind: SourceKind, source: number, c: number): void => {
    const tally = sources[kind];
    if (tally.events[source]!++ === 0) tally.met.push(source);
    // A child's events come together (one walk per child): a child is new to the source when it was not the last one counted.
    if (tally.last[source] !== c) (tally.last[source] = c), tally.children[source]!++;
  };
  /** Events and distinct children per source code, the codes in the order first met. */
  const sourceMaps = (field: 'events' | 'children') => {
    const byCode = (kind: SourceKind): Map<string, number> => {
      const out = new Map<string, number>();
      for (const source of sources[kind].met) {
        const code = source ? SOURCE_CODES[source - 1]! : '';
        out.set(code, (out.get(code) ?? 0) + sources[kind][field][source]!);
      }
      return out;
    };
    return { contact: byCode('contact'), referral: byCode('referral'), contactReferral: byCode('contactReferral') };
  };
  const extract = new ExtractStart();
  const outcomes = new OutcomeTally(table.length);
  const returns = new ReturnTally();
  const returnWeekdays = { contact: new ReturnWeekdayTally(), referral: new ReturnWeekdayTally() };
  const stepWeekdays = new StepWeekdayTallies();
  const spans = new SpanTally();
  const durationTrends = new DurationTrendTally();
  const steps = new StepTrendTally(extractFrom, dataEnd);
  const carried = new CarriedTally();
  /** children who turned 18 in the watched data with an episode not closed before then: closed on the birthday (or its eve), or left unclosed */
  const eighteen = new EighteenthClosures();
  /** children who turned 18 in the watched data with an assessment under way: ended on or after the birthday, or never */
  const assessedAtEighteen = { ended: 0, left: 0 };
  /** children who turned 18 in the watched data in care or on a CP or CIN plan: every such one ended on or after the birthday, or one never did (still open when the data ends) */
  const heldAtEighteen = { ended: 0, left: 0 };
  /** as heldAtEighteen, early help too, of the children who turned 18 LONG_AGO days or more before the data's end: an end not recorded by then is one the data never records */
  const heldLongAgo = { ended: 0, left: 0 };
  /** heldLongAgo by the first kind open on the birthday (HELD_KINDS) */
  const heldLongAgoByKind = HELD_KINDS.map(() => ({ ended: 0, left: 0 }));
  /** children carried into the extract (spans open on the log's first day), by the state mask then */
  const openMasks = new Map<number, number>();
  /** A span from `start` that ended (or was censored) on `day`, if it was under watch then (on or after the extract's start). */
  const span = (event: 'cla_end' | 'cp_plan_end', start: number, day: number, ended: boolean, c: number, reason: string | null = null): void => {
    if (start === NO_DAY || day < extractFrom || day < start) return;
    // A span open on the first day (its start taken as that day) has only its time left to run: no length.
    if (walk.openAtStart && start === first) return;
    spans.add(event, ageBand(walk.bands, start), day - start, ended, start < extractFrom ? extractFrom - start - 0.5 : 0, c, reason);
  };
  /**
   * A span of an end in TRENDED_SPANS (event code `type`) from `start`, ended (or censored) on `day`, for the duration
   * trends: only spans begun in the watched data (those begun before it are only there because they lasted).
   */
  const trendSpan = (type: number, start: number, day: number, ended: boolean, bucket: number): void => {
    if (start === NO_DAY || start < extractFrom || day < start || (walk.openAtStart && start === first)) return;
    // (in working days where the step's days are: the bank holidays a 45-working-day assessment spans are no trend)
    const length = workingDayType[type] === 1 ? canonicalWorkingDays(start, day) : day - start;
    durationTrends.add(TREND_KIND[type]!, isSeenEarlyBucket(bucket), ageBand(walk.bands, start), start, length, ended, walk.c);
  };

  // One walker for every child (its visit function is made once: a closure per child costs in a long loop).
  const walk = {
    c: 0,
    history: new History(),
    bands: birthdays(NO_DATE) as Float64Array,
    lastLabel: -1,
    lastDay: 0,
    /** the last step taken was an end cut short by the 18th birthday (its end moved onto the birthday or its eve) */
    lastCut: false,
    /** the child has events before the extract's first day, and its journey on that day is not yet tallied */
    carriedIn: false,
    /** the child had spans open on the log's first day (core/grammar.ts openAtStartRows) */
    openAtStart: false,
    /** the row of the last step taken when it was a contact (its source is counted with the next step), else -1 */
    pendingContact: -1,
    visit: (row: number, rule: GrammarRule | null, journey: Journey): void => {
      const type = table.type[row]!;
      const day = table.day[row]!;
      const outcome = table.outcome[row]!;
      // A child carried in: its journey begins on the log's first day in the state of what was open then.
      if (walk.lastLabel < 0 && journey.openAtStart > 0) {
        walk.openAtStart = true;
        walk.lastLabel = CARRIED_LABEL;
        walk.lastDay = first;
        // Seen from the first day, as the generator's carried-in child is (carriedCursor): seen early by its first
        // row instead, a plan carried in and ended in the data's second year fell in the "b" bucket, and the copy,
        // drawing every carried-in child's ends from the "a" bucket, ended all of them within the first year
        // (audit a10l: 1,056 of 1,056 carried-in CP plans, the log 756).
        walk.history = new History(seenEarlyPeriod(first, extractFrom), walk.history.onlySeenEarly);
        const mask = stateMask(journey);
        openMasks.set(mask, (openMasks.get(mask) ?? 0) + 1);
      }
      // A repeated row (a duplicate, a start of a span already open) is counted and otherwise passed
      // over: the journey goes on from the state the first one left (no start → start is learned).
      if (isRepeat(rule)) {
        skipped[rule!] = (skipped[rule!] ?? 0) + 1;
        return;
      }
      const { c, history, lastLabel, lastDay } = walk;
      if (rule === null) (accepted.first = Math.min(accepted.first, day)), (accepted.last = Math.max(accepted.last, day));
      extract.event(type, day, journey);
      if (day < extractFrom) carried.before(type);
      else if (walk.carriedIn) {
        carried.atStart(journey, extractFrom);
        walk.carriedIn = false;
      }
      // The state this event leaves: the last event's label with the journey as it stands before this one.
      const state = lastLabel < 0 ? START_CODE : stateCode(lastLabel, stateMask(journey));
      const age = ageBand(walk.bands, lastLabel < 0 ? day : lastDay);
      const bucket = fittedBucket(history.bucket(journey));
      // A gap in which the child could only come back: it did when this is a contact or referral.
      const idle = lastLabel >= 0 && isIdle(journeyMask(journey));
      if (idle) returns.add(returnStratum(state, age, bucket), lastDay, day, rule === null && (type === CONTACT || type === REFERRAL));
      // The weekday of a later contact, or of a referral no contact asked for with nothing open (return-weekdays.ts).
      const weekdays = rule === null && day >= extractFrom ? weekdayKind(type, lastLabel, idle) : null;
      if (weekdays) returnWeekdays[weekdays].add(day, c);
      // The weekday of every other step but the child's first (step-weekdays.ts).
      if (rule === null && day >= extractFrom && stepWeekdayRule(type, lastLabel, idle)) stepWeekdays.add(type, lastDay, day, c);
      // Before the extract began only journeys still open then are in the data: a step that happened
      // before it is not learned from, and a state entered before it is watched from then on.
      const entry = lastDay < extractFrom ? extractFrom - lastDay - 0.5 : 0;
      if (rule !== null) {
        skipped[rule] = (skipped[rule] ?? 0) + 1;
        const censored = Math.min(day, journey.eighteenth, dataEnd);
        if (state !== START_CODE && censored >= lastDay && censored >= extractFrom) store.record(state, age, bucket, c, -1, censored - lastDay, censored - lastDay, false, entry);
      } else if (day >= extractFrom && walk.lastCut && onEighteenth(day, journey.eighteenth)) {
        // What follows a span cut short on the 18th birthday, that day (a case closed on its eve): the
        // birthday brought it, not the state it left (the copy closes such a case with closeAtEighteen).
        // Learnt as a step, it diluted what follows a plan's end at 16-17: a plan ended at 18 never leads to
        // care (audit a10c log 3: CP plans of 17-year-olds led to care 14% of the time, a copy 9%).
      } else if (day >= extractFrom && HELD_AT_EIGHTEEN[type] === 1 && onEighteenth(day, journey.eighteenth)) {
        // A period of care or a plan ended on the 18th birthday or its eve: still under way when the birthday
        // ended it, so its state is censored there, not left by a choice among its steps. Learnt as a step (a
        // care end "E8" beside the other reasons), it took a share from the ends a young person's care has
        // before 18 (log 3: 56 entrants at 16+ left before 18, a copy 29-32) and was drawn years early.
        // (`cut` on a censored observation: censored by the birthday, whose share cells.ts borrows no tail for)
        if (state !== START_CODE) store.record(state, age, bucket, c, -1, day - lastDay, day - lastDay, true, entry, day - lastDay, -1, Math.max(day, dataEnd) - lastDay);
        walk.lastCut = true;
        if (type === CLA_END) span('cla_end', journey.careStart, day, false, c, String(outcome));
        else if (type === CP_PLAN_END) span('cp_plan_end', episodeForEnd(journey, type)?.cpPlanStart ?? NO_DAY, day, false, c);
        trendSpan(type, type === CLA_END ? journey.careStart : (episodeForEnd(journey, type)?.cpPlanStart ?? NO_DAY), day, false, bucket);
      } else if (day >= extractFrom) {
        const anchor = state === START_CODE ? day : anchorDay(journey, type, journey.findEpisode(table.episode[row]!), lastDay);
        // An end on the 18th birthday was cut short by it: its length says only "at least".
        // So does the end of a span open on the log's first day, reached from a later state: its start is
        // taken as that day, so its days from it are the least it ran (from the carried state itself they are
        // what the copy draws: the time left to run).
        const atEighteen = isEnding(type) && (day === journey.eighteenth || day === journey.eighteenth - 1);
        const cut = atEighteen || (isEnding(type) && walk.openAtStart && lastLabel !== CARRIED_LABEL && anchor === first);
        walk.lastCut = atEighteen;
        // How long the state would have been watched had this step not come: to the data's end or the 18th birthday.
        const watch = state === START_CODE ? 0 : Math.max(day, Math.min(dataEnd, journey.eighteenth)) - lastDay;
        // And to the data's end alone: in care the 18th birthday ends the state, it hides nothing (cells.ts horizonOf).
        const reach = state === START_CODE ? 0 : Math.max(day, dataEnd) - lastDay;
        // A care end's band at the care's start: the cells pooling every age take its shift off its length (cells.ts spanShifts).
        const spanBand = type === CLA_END && journey.careStart !== NO_DAY ? ageBand(walk.bands, journey.careStart) : -1;
        // A span end's start (and stratum), for its year's shift (duration-trends.ts; CellStore.applyDurationTrends).
        const trendSpanOf = TREND_KIND[type]! >= 0 && state !== START_CODE && anchor >= extractFrom ? anchor : -1;
        // An assessment's days from its start as working days (working-day-durations.ts: the 45-working-day deadline).
        const fromAnchor = workingDayType[type] === 1 && state !== START_CODE ? canonicalWorkingDays(anchor, day) : day - anchor;
        const cell = store.record(state, age, bucket, c, labelCode(type, outcome), state === START_CODE ? 0 : day - lastDay, fromAnchor, cut, entry, watch, spanBand, reach, trendSpanOf);
        outcomes.add((state + 1) * 1024 + bucket * 8 + age, type, outcome, day, c);
        // A return with nothing open, contact or referral, counts also by its own day (which of the two comes
        // follows the day it comes: the generator's redrawReturn).
        const returning = idle && comesBackAfter(lastLabel) && (type === CONTACT || type === REFERRAL);
        if (lastLabel !== CARRIED_LABEL) steps.add(cell, state === START_CODE ? START_KIND : lastLabel >> 6, type, state === START_CODE ? day : lastDay, c, returning);
        if (returning && lastLabel !== CARRIED_LABEL) steps.add(cell, RETURN_KIND, type, day, c);
        if (type === CLA_END) span('cla_end', journey.careStart, day, !cut, c, String(outcome));
        else if (type === CP_PLAN_END) span('cp_plan_end', episodeForEnd(journey, type)?.cpPlanStart ?? NO_DAY, day, !cut, c);
        if (TREND_KIND[type]! >= 0 && state !== START_CODE) trendSpan(type, anchor, day, !cut, bucket);
      }
      // A contact's source is counted with the next step: a contact and the referral it asked for
      // (keepsContactSource) are one pair with one source in the copy; other contacts and referrals apart.
      const pairs = type === REFERRAL && walk.pendingContact >= 0 && keepsContactSource(lastLabel & 63, lastDay, day);
      // The pair's one source is the referral's where the log records it there (CIN census returns keep the source
      // on the referral; audit a10h: a log with every source on its referral rows fitted a model whose pairs were all
      // blank, so the copy had no referral from another council and none of its 414 transfer-in conferences), else the contact's.
      if (walk.pendingContact >= 0) tallySource(pairs ? 'contactReferral' : 'contact', pairs && table.source[row]! !== 0 ? table.source[row]! : table.source[walk.pendingContact]!, c);
      walk.pendingContact = type === CONTACT ? row : -1;
      if (type === REFERRAL && !pairs) tallySource('referral', table.source[row]!, c);
      history.note(type);
      walk.lastLabel = labelCode(type, outcome);
      walk.lastDay = day;
    },
  };

  for (let c = 0; c < table.childIds.length; c++) {
    const lo = table.childStart[c]!;
    const hi = table.childStart[c + 1]!;
    if (hi === lo) continue;
    const dob = children.dob[c]!;
    // The child's first day in the data: its first row from the data's first day on (a row before it is one
    // the grammar refused, and fitModel's period leaves out: see there).
    let firstRow = lo;
    while (firstRow < hi - 1 && table.day[firstRow]! < first) firstRow++;
    const firstDay = table.day[firstRow]!;
    arrivalDays.push(firstDay);
    // A child first seen before its birth (an unborn child's referral: rows the grammar refuses) is a child seen at
    // birth, under 1: its age at a refused row is not a band, and the copy made such children with no date of birth
    // (audit a10l: 1,000 unborn children of a log, 1,066 without one in the copy).
    const seenAt = dob === NO_DATE ? firstDay : Math.max(firstDay, dob);
    firstAge.push(ageBandAt(dob, seenAt));
    firstAgeDays.push(dob === NO_DATE ? -1 : seenAt - dob);
    walk.c = c;
    walk.history = new History(seenEarlyPeriod(firstDay, extractFrom), extractFrom > first);
    walk.bands = birthdays(dob, walk.bands);
    walk.lastLabel = -1;
    walk.lastDay = firstDay;
    walk.lastCut = false;
    walk.carriedIn = firstDay < extractFrom;
    walk.openAtStart = false;
    walk.pendingContact = -1;
    const journey = walkJourney(table, lo, hi, dob, walk.visit, first, children.dobMonthOnly?.[c] === 1);
    if (walk.pendingContact >= 0) tallySource('contact', table.source[walk.pendingContact]!, c);
    // A child carried in is no arrival: it was there on the first day.
    if (walk.openAtStart) arrivalDays.pop();
    extract.endChild(journey);
    if (walk.carriedIn) carried.atStart(journey, extractFrom);
    if (journey.eighteenth >= extractFrom && journey.eighteenth <= dataEnd) {
      const assessed = openAtEighteen(table, lo, hi, journey.eighteenth, ASSESSMENT_START, ASSESSMENT_END);
      if (assessed) assessedAtEighteen[assessed]++;
      // Care and plans alike (one rule: a span's end due after the birthday and the data's end is not recorded yet).
      // (array literals, not a map and a spread: the arrays those made differed in V8's optimised code from the
      // interpreter's, and the walk's loop, compiled on stack, bailed out on them and was compiled again, twice)
      const held = [
        openAtEighteen(table, lo, hi, journey.eighteenth, CLA_START, CLA_END),
        openAtEighteen(table, lo, hi, journey.eighteenth, EV.cp_plan_start, CP_PLAN_END),
        openAtEighteen(table, lo, hi, journey.eighteenth, EV.cin_plan_start, EV.cin_plan_end),
      ];
      if (held.includes('left')) heldAtEighteen.left++;
      else if (held.includes('ended')) heldAtEighteen.ended++;
      if (journey.eighteenth <= dataEnd - LONG_AGO) {
        // (early help too: a log that stops recording at 18 leaves it open as it leaves care. An end dated after the
        // birthday, a row the grammar refuses, counts as ended: the copy ends such a span on the birthday, the nearest
        // day it may. Counted as left open, audit a10k's log B, which ends 56% of its spans open at 18 up to 120 days
        // after the birthday, got a copy with 48% more CP plans open at the end than the log, a report FAIL.)
        const all = [held[0], held[1], held[2], openAtEighteen(table, lo, hi, journey.eighteenth, EV.early_help_start, EV.early_help_end)];
        const longAgo = all.includes('left') ? 'left' : all.includes('ended') ? 'ended' : null;
        if (longAgo) heldLongAgo[longAgo]++;
        // (the kinds in HELD_KINDS' order: care, CP plan, CIN plan, early help)
        const kind = all.findIndex((k) => k !== null);
        if (longAgo && kind >= 0) heldLongAgoByKind[kind]![longAgo]++;
      }
      const closedNear = eighteen.child(table, lo, hi, journey.eighteenth);
      // A case left open with an assessment, plan or care still open past 18 is not a case that stayed open
      // once they ended (the copy leaves those open by their own shares: assessmentOpenAtEighteen,
      // openPastEighteen): counted, they made the copy leave open 1 in 20 cases whose plans ended at 18, where
      // the log closes every one (tests/synth/episodes-closed.test.ts).
      if (!closedNear && hasUnclosedEpisode(journey) && assessed !== 'left' && !held.includes('left')) eighteen.left++;
    }
    // The state after the last event is still under way when the data ends, or when the child turns 18
    // (after which nothing but an end can come: counting those years as years without a return would
    // make coming back look rarer than it is for the children who can): censored there.
    const censored = Math.min(dataEnd, journey.eighteenth);
    if (isIdle(journeyMask(journey))) {
      const idleState = stateCode(walk.lastLabel, stateMask(journey));
      returns.add(returnStratum(idleState, ageBand(walk.bands, walk.lastDay), fittedBucket(walk.history.bucket(journey))), walk.lastDay, censored, false);
    }
    // Not after an end the 18th birthday cut short (moved onto it or its eve): whatever came next was due
    // after the birthday too, so the state it left was never watched. Counted as watched for a day or none,
    // it said "no same-day step" there: census log, a period of care back to back with the last one at 16+
    // (50,000 children, log seed 5, copy seeds 1 and 3: 85 in the log, 57 and 65 in the copies; now 83 and 80).
    if (censored >= walk.lastDay && censored >= extractFrom && !walk.lastCut) {
      const entry = walk.lastDay < extractFrom ? extractFrom - walk.lastDay - 0.5 : 0;
      store.record(stateCode(walk.lastLabel, stateMask(journey)), ageBand(walk.bands, walk.lastDay), fittedBucket(walk.history.bucket(journey)), c, -1, censored - walk.lastDay, censored - walk.lastDay, false, entry, censored - walk.lastDay, -1, dataEnd - walk.lastDay);
    }
    // Spans still open: censored there too.
    span('cla_end', journey.careStart, censored, false, c);
    for (const e of journey.episodes) span('cp_plan_end', e.cpPlanStart, censored, false, c);
    const lastBucket = fittedBucket(walk.history.bucket(journey));
    trendSpan(CLA_END, journey.careStart, censored, false, lastBucket);
    for (const e of journey.episodes) {
      trendSpan(CP_PLAN_END, e.cpPlanStart, censored, false, lastBucket);
      trendSpan(ASSESSMENT_END, e.assessmentStart, censored, false, lastBucket);
    }
  }
  return { accepted, store, skipped, arrivalDays, firstAge, firstAgeDays, sourceChildren: sourceMaps('children'), sourceEvents: sourceMaps('events'), outcomes, durationTrends, steps, returns, returnWeekdays, stepWeekdays, spans, carried, eighteen, assessedAtEighteen, heldAtEighteen, heldLongAgo, heldLongAgoByKind, openMasks, extractFrom: extract.result(first, dataEnd) };
}

/**
 * The model's openAtStart: children carried in by what they had open on the first day, each set of at
 * least minCell children; a smaller set goes into the kept set sharing most of its letters (the larger
 * on a tie), or is left out when no set is large enough.
 */
function openAtStartCells(masks: Map<number, number>, minCell: number, merged: Model['merged']): Pick<Model, 'openAtStart'> {
  const byCount = [...masks].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const kept = new Map(byCount.filter(([, n]) => n >= minCell));
  const bits = (m: number): number => {
    let k = 0;
    for (; m; m &= m - 1) k++;
    return k;
  };
  for (const [mask, n] of byCount) {
    if (n >= minCell) continue;
    let into = -1;
    for (const candidate of kept.keys()) if (into < 0 || bits(candidate & mask) > bits(into & mask)) into = candidate;
    merged.push({ cell: `openAtStart ${maskLetters(mask)}`, into: into < 0 ? '(left out)' : `openAtStart ${maskLetters(into)}` });
    if (into >= 0) kept.set(into, kept.get(into)! + n);
  }
  return kept.size > 0 ? { openAtStart: [...kept].map(([mask, children]) => ({ state: maskLetters(mask), children })) } : {};
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

/**
 * Whether a step of the child's rows lo … hi − 1 (begun by `startType`, closed by `endType`) is open on the
 * 18th birthday: 'ended' when an end dated on or after it closes it, 'left' when none does, null when none is open.
 */
/** Spans the 18th birthday ends (a period of care, a CP or CIN plan): an end of one on it or its eve is censoring. */
const HELD_AT_EIGHTEEN = new Uint8Array(32);
for (const t of [CLA_END, CP_PLAN_END, EV.cin_plan_end]) HELD_AT_EIGHTEEN[t] = 1;

/** `day` is the 18th birthday or its eve (a log may close everything on either). */
function onEighteenth(day: number, eighteenth: number): boolean {
  return day === eighteenth || day === eighteenth - 1;
}

/** heldPastEighteenByKind from each kind's children (HELD_KINDS' order): see the model's field. */
function heldByKind(tallies: readonly { ended: number; left: number }[], minCell: number): Pick<Model, 'heldPastEighteenByKind'> {
  const out: NonNullable<Model['heldPastEighteenByKind']> = {};
  HELD_KINDS.forEach((kind, k) => {
    const { ended, left } = tallies[k]!;
    if (left >= minCell) out[kind] = ended >= minCell ? left / (left + ended) : 1;
    else if (ended >= minCell) out[kind] = 0;
  });
  return Object.keys(out).length > 0 ? { heldPastEighteenByKind: out } : {};
}

/** Whether a span of `startType` open on the 18th birthday was ended (on it or later) or left open; null when none was open. */
function openAtEighteen(table: EventTable, lo: number, hi: number, eighteenth: number, startType: number, endType: number): 'ended' | 'left' | null {
  let open = false;
  for (let i = lo; i < hi; i++) {
    const type = table.type[i]!;
    if (type === startType && table.day[i]! < eighteenth) open = true;
    else if (type === endType && open) {
      if (table.day[i]! >= eighteenth) return 'ended';
      open = false;
    }
  }
  return open ? 'left' : null;
}

/**
 * Whether some episode of the log looks like a transfer-in: referred by another council (source 5C),
 * with a conference or CP plan and no strategy discussion or S47 at all (core/grammar.ts). One pass
 * over the rows; a gate for the state letter t, not the grammar's verdict.
 */
export function hasTransferIn(table: EventTable): boolean {
  const n = table.episodeCount;
  if (n <= 0) return false;
  const FROM_ANOTHER_COUNCIL = 1;
  const ENQUIRY = 2;
  const CONFERENCE_OR_PLAN = 4;
  const flags = new Uint8Array(n);
  for (let i = 0; i < table.length; i++) {
    const e = table.episode[i]!;
    if (e < 0) continue;
    const type = table.type[i]!;
    if (type === EV.referral && table.source[i] === SOURCE_ANOTHER_COUNCIL) flags[e]! |= FROM_ANOTHER_COUNCIL;
    else if (type === EV.strategy_discussion || type === EV.s47_start) flags[e]! |= ENQUIRY;
    else if (type === EV.icpc || type === EV.cp_plan_start) flags[e]! |= CONFERENCE_OR_PLAN;
  }
  for (let e = 0; e < n; e++) if (flags[e] === (FROM_ANOTHER_COUNCIL | CONFERENCE_OR_PLAN)) return true;
  return false;
}
