// Generates synthetic children from a model: each child gets attributes drawn from the joint cells, a
// first-arrival date from the arrival curve (synth/arrivals.ts), then one chain of steps from its first
// event to its last. Every step is checked against the journey grammar (core/grammar.ts) before it is
// taken: a step the grammar refuses is drawn again from the others, so a generated journey is always one
// the grammar accepts. Days of a step count from its anchor (synth/states.ts). An optional burn-in lets
// children arrive before the period; journeys begun before it are left out, or kept whole, so the file
// holds only whole journeys. Deterministic per seed; ids are `SYN-` + random.
import { NO_DATE } from '../core/children.js';
import { formatDay, parseDay, weekday } from '../core/dates.js';
import { EV as EVENT_CODES, EVENT_TYPES, SOURCE_CODES, outcomeCode } from '../core/events.js';
import { englandWalesCalendar } from '../core/working-days.js';
import { EpisodeState as EpisodeStateClass, ICPC_PLAN_DECIDED, Journey, NO_DAY, isEnding, isRepeat, walkJourney as walkGrammar, type EpisodeState, type JourneyColumns } from '../core/grammar.js';
import { AGE_DAYS, positionAt } from './age-within.js';
import { arrivalCurve } from './arrivals.js';
import { EPISODE_STEP } from './episode-ids.js';
import { hasUnclosedEpisode } from './extract.js';
import * as compile from './compile.js';
import type { CompiledCell, CompiledChoice, CompiledModel, CompiledStep } from './compile.js';
import { daysAtLeastAt } from './durations.js';
import { trendFactor } from './outcome-trends.js';
import { durationShift } from './duration-trends.js';
import { RETURN_KIND, START_KIND, stepFactors } from './step-trends.js';
import { isIdle, returnDay } from './return-trend.js';
import { bandFactor, groupIndex, oddsAt } from './return-odds.js';
import { onReturnWeekday, weekdayKind } from './return-weekdays.js';
import { closedOn, onStepWeekday, stepWeekdayRule } from './step-weekdays.js';
import { canonicalWorkingDays, nthWorkingDayAfter, workingDaysOf } from './working-day-durations.js';
import { MAX_QUANTILE_KNOTS, type Model } from './model.js';
import { createRandom, pickAt, pickCumulative, type ForkableRandom, type Random } from './random.js';
import * as states from './states.js';
import { CARRIED_LABEL, History, isSeenEarlyBucket, maskFromLetters } from './states.js';

export interface GenerateOptions {
  /** children written: each has at least one event in [from, to], or something open during it */
  children: number;
  /** first day number of the period */
  from: number;
  /** last day number of the period (nothing after it is written) */
  to: number;
  seed: number;
  /**
   * Day children start arriving (default `from`). Earlier than `from`, it is a burn-in: children arrive
   * and come back before the period, so the period opens with children already known (their earlier
   * episodes and plans) as a council's extract does; what they did before it is not written, but for
   * the journeys under way on `from` (see `openOnFrom`).
   */
  historyFrom?: number;
  /**
   * With a burn-in, what to do with journeys under way on `from`: `keep` them whole, dated from before it
   * (as a council's returns hold the episodes and periods of care open on a year's first day; the
   * default), or `drop` them (an extract of the journeys that began from `from` on: the file starts on
   * `from`; the demo does this).
   */
  openOnFrom?: 'keep' | 'drop';
}

export interface SyntheticChild {
  id: string;
  dob: number;
  sex: string;
  ethnicity: string;
  disability: string;
  /** parallel arrays, in date order (and within a date in the order taken) */
  types: number[];
  days: number[];
  outcomes: string[];
  sources: string[];
  /** the episode's number (1 = the child's first referral) for the steps of an episode; 0 for contacts, care, early help and steps of no episode */
  episodes: number[];
  /** nothing before the child's first event is to be written (no burn-in, or carried in: see GeneratedChild) */
  nothingBefore?: boolean;
}

const MAX_STEPS = 3000;
/** A referral this many days or fewer after a contact continues the contact's trip (as synth/extract.ts counts trips). */
const TRIP_REFERRAL_DAYS = 14;
// Local copies of imported constants: an imported binding is read through a getter on every use.
const EV = { ...EVENT_CODES };
const AGES = compile.AGES;
const HISTORIES = compile.HISTORIES;
const { compileModel, isEndStep } = compile;
const { ageBand, anchorDay, birthdays, spanStartDay, episodeForEnd, labelCode, seenEarlyPeriod, stateMask } = states;
/** A source code's stored number (core/events.ts SOURCE_CODES index + 1; blank 0), which the grammar's journey takes with a referral. */
const SOURCE_NUMBER = new Map<string, number>(SOURCE_CODES.map((code, i) => [code, i + 1]));
const UNKNOWN_BIRTH = NO_DATE;
const SPAN_END = new Uint8Array(32);
for (const t of [EV.assessment_end, EV.s47_end, EV.cin_plan_end, EV.cp_plan_end]) SPAN_END[t] = 1;

function pick(choice: CompiledChoice, random: Random): string {
  return drawn(choice, random.next());
}

/** The code a uniform draw `u` picks. */
function drawn(choice: CompiledChoice, u: number): string {
  return choice.codes[pickAt(choice.cumulative, u)]!;
}

function checkOptions(options: GenerateOptions): void {
  const { children, from, to, seed, historyFrom = from } = options;
  if (!Number.isInteger(children) || children < 1) throw new RangeError(`children must be a positive integer, got ${children}`);
  if (!Number.isInteger(from) || !Number.isInteger(to) || to < from) throw new RangeError(`invalid period: day ${from} to day ${to}`);
  if (!Number.isInteger(historyFrom) || historyFrom > from) throw new RangeError(`historyFrom (${formatDay(historyFrom)}) must be on or before from (${formatDay(from)})`);
  if (!Number.isFinite(seed)) throw new RangeError(`invalid seed: ${seed}`);
}

const ID_CHARS = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * Ten random base-36 digits, as a number (36^10 < 2^53, so exact): `SYN-` and the digits (idText) are a
 * child's id, never a council's, with no order or count given away. Ids are checked for repeats as numbers:
 * a set of the strings, each hashed anew, was two thirds of generateWith's own time.
 */
function randomId(random: Random): number {
  let id = 0;
  for (let k = 0; k < 10; k++) id = id * 36 + random.int(36);
  return id;
}

/**
 * The ids drawn so far: open addressing on the id's low bits (the digits are uniform draws), each slot the
 * id plus one (0: empty). A Set of 240,000 numbers, each a boxed double, was half of generateWith's own time.
 */
class IdSet {
  private slots = new Float64Array(1024);
  private size = 0;

  /** Adds `id`; false when it was there already. */
  add(id: number): boolean {
    if (2 * (this.size + 1) > this.slots.length) this.grow();
    const mask = this.slots.length - 1;
    for (let k = id % (mask + 1); ; k = (k + 1) & mask) {
      const slot = this.slots[k]!;
      if (slot === 0) {
        this.slots[k] = id + 1;
        this.size++;
        return true;
      }
      if (slot === id + 1) return false;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    this.size = 0;
    for (const slot of old) if (slot !== 0) this.add(slot - 1);
  }
}

function idText(id: number): string {
  let text = '';
  for (let k = 0; k < 10; k++, id = Math.floor(id / 36)) text = ID_CHARS[id % 36] + text;
  return `SYN-${text}`;
}

/**
 * The period a model was fitted on, as generation options: from the extract's start to the data's end,
 * and, when the data held journeys from before the extract's start (those still open on it), a burn-in
 * from its first event so that the copy holds such journeys too.
 */
export function fittedPeriod(model: Model): { from: number; to: number; historyFrom?: number; openOnFrom?: 'keep' } {
  const first = parseDay(model.fittedOn.from)!;
  const from = parseDay(model.fittedOn.extractFrom ?? model.fittedOn.from)!;
  const to = parseDay(model.fittedOn.to)!;
  return from > first ? { from, to, historyFrom: first, openOnFrom: 'keep' } : { from, to };
}

/**
 * Where one child's journey stands: all a walk needs to continue it (a forecast can build one from a
 * child's events up to a date and walk on from there).
 */
export interface JourneyCursor {
  journey: Journey;
  history: History;
  /** label code of the last event taken (synth/states.ts labelCode), -1 before the first */
  lastLabel: number;
  /** day of the last event, or of arrival before the first */
  lastDay: number;
  /** the largest episode key used so far (the next referral opens episode `episodes + 1`) */
  episodes: number;
}

/** A child arriving on `arrival`; `seenEarly`: seenEarlyPeriod of its arrival in the model's fitted period (see SEEN_EARLY_BUCKETS). */
export function newCursor(dob: number, arrival: number, seenEarly = 0): JourneyCursor {
  return { journey: new Journey(dob), history: new History(seenEarly), lastLabel: -1, lastDay: arrival, episodes: 0 };
}

/**
 * The cursor of a child whose events are rows [lo, hi) of `columns` (an EventTable), taken up to and
 * including `asOf`: what a forecast continues from. Events the grammar refuses are taken all the same
 * (the journey state is what the data says). `firstDay` is the day the model's data began (for the
 * seen-early buckets; omit it when the child was not first seen in the data's first two years).
 */
export function cursorAt(columns: JourneyColumns, lo: number, hi: number, dob: number, asOf: number, firstDay?: number): JourneyCursor | null {
  let end = lo;
  while (end < hi && columns.day[end]! <= asOf) end++;
  if (end === lo) return null;
  const history = new History(firstDay === undefined ? 0 : seenEarlyPeriod(columns.day[lo]!, firstDay));
  let lastLabel = -1;
  let episodes = 0;
  const journey = walkGrammar(columns, lo, end, dob, (row, rule) => {
    // A repeated row (a duplicate, a start of a span already open) is not taken, as the fit passes it over.
    if (isRepeat(rule)) return;
    const type = columns.type[row]!;
    history.note(type);
    // Episode keys here are the table's; new ones continue above them.
    if (columns.episode[row]! >= episodes) episodes = columns.episode[row]! + 1;
    lastLabel = labelCode(type, columns.outcome[row]!);
  });
  return { journey, history, lastLabel, lastDay: columns.day[end - 1]!, episodes };
}

/** A step drawn from `cell`, skipping those already refused (`refused[i]` = 1). */
function drawStep(cell: CompiledCell, refused: Uint8Array, anyRefused: boolean, random: Random, factors: Float64Array | null = null): number {
  if (!anyRefused && factors === null) return pickCumulative(cell.cumulative, random);
  // (`factors`: by event code, the state's step trends on the day it began, step-trends.ts; "no further step" 1)
  const weight = (i: number): number => (cell.cumulative[i]! - (i ? cell.cumulative[i - 1]! : 0)) * (factors !== null && cell.steps[i]!.type >= 0 ? factors[cell.steps[i]!.type]! : 1);
  let total = 0;
  for (let i = 0; i < cell.steps.length; i++) if (!refused[i]) total += weight(i);
  if (total <= 0) return -1;
  let u = random.next() * total;
  for (let i = 0; i < cell.steps.length; i++) {
    if (refused[i]) continue;
    u -= weight(i);
    if (u < 0) return i;
  }
  for (let i = cell.steps.length - 1; i >= 0; i--) if (!refused[i]) return i;
  return -1;
}

/**
 * The working day a conference is held on, for one the durations dated on a weekend or a bank holiday
 * (conferences are held on working days; CIN 8875): a Saturday moves back to the Friday when that is not
 * before `earliest`, any other day forward to the next working day.
 */
export function conferenceDay(day: number, earliest: number): number {
  const calendar = englandWalesCalendar();
  const working = (d: number): boolean => calendar.between(d - 1, d) === 1;
  if (working(day)) return day;
  if (weekday(day) === 5 && working(day - 1) && day - 1 >= earliest) return day - 1;
  let d = day + 1;
  while (!working(d)) d++;
  return d;
}

/**
 * The outcome of a drawn step, drawn again for its day: among the cell's steps of the same event (not
 * refused), in the cell's shares times each outcome's trend factor on that day (synth/outcome-trends.ts)
 * and its factor for the age band (`band`: compiled.spanReasons, for a cell pooling every age).
 */
function redrawOutcome(cell: CompiledCell, index: number, day: number, trend: OutcomeTrend, band: Map<number, number> | undefined, random: Random): number {
  const type = cell.steps[index]!.type;
  // Each weight computed once (the second pass reads them back: the same numbers, in the same order).
  let total = 0;
  for (let i = 0; i < cell.steps.length; i++) {
    if (cell.steps[i]!.type !== type || refused[i]) continue;
    total += WEIGHTS[i] = outcomeWeight(cell, i, day, trend, band);
  }
  if (!(total > 0)) return index;
  let u = random.next() * total;
  for (let i = 0; i < cell.steps.length; i++) {
    if (cell.steps[i]!.type !== type || refused[i]) continue;
    u -= WEIGHTS[i]!;
    if (u < 0) return i;
  }
  return index;
}
/**
 * A return (contact or referral, nothing open) drawn again between the cell's contacts and referrals (not refused),
 * in the cell's shares times `factors` (by event code: the step trends on the day it comes).
 */
function redrawReturn(cell: CompiledCell, index: number, factors: Float64Array, random: Random): number {
  let total = 0;
  for (let i = 0; i < cell.steps.length; i++) {
    const type = cell.steps[i]!.type;
    WEIGHTS[i] = (type === EV.contact || type === EV.referral) && !refused[i] ? (cell.cumulative[i]! - (i ? cell.cumulative[i - 1]! : 0)) * factors[type]! : 0;
    total += WEIGHTS[i]!;
  }
  if (!(total > 0)) return index;
  let u = random.next() * total;
  for (let i = 0; i < cell.steps.length; i++) {
    if (WEIGHTS[i] === 0) continue;
    u -= WEIGHTS[i]!;
    if (u < 0) return i;
  }
  return index;
}

/** redrawOutcome's weights per step of a cell (as long as `refused`: no cell has more steps) */
const WEIGHTS = new Float64Array(512);

type OutcomeTrend = Parameters<typeof trendFactor>[0] | null | undefined;

/**
 * Step i's share of its cell times its outcome's trend factor on `day` and its age band's factor. A function
 * of its own, not a closure in redrawOutcome: made per draw, the closure (and tsx's naming of it) was a
 * tenth of a generation's CPU time.
 */
function outcomeWeight(cell: CompiledCell, i: number, day: number, trend: OutcomeTrend, band: Map<number, number> | undefined): number {
  const code = cell.steps[i]!.outcomeCode;
  return (cell.cumulative[i]! - (i ? cell.cumulative[i - 1]! : 0)) * (trend ? trendFactor(trend, code, day) : 1) * (band?.get(code) ?? 1);
}

/**
 * The day `step` (not a journey's first) is due: from its anchor, a draw of its own duration, at least the
 * time already spent since the anchor (`lastDay` is the last event's); past the longest the data saw when
 * `beyond` (pastLongest).
 */
function dueDay(compiled: CompiledModel, journey: Journey, lastDay: number, bands: Float64Array, step: CompiledStep, episode: EpisodeState | null, beyond: boolean, random: Random, drawn?: number): number {
  const type = step.type;
  const anchor = step.fromPrevious ? lastDay : anchorDay(journey, type, episode, lastDay);
  // (the day the span this step ends began; NO_DAY for a step that ends none)
  const start = spanStartDay(journey, type, episode);
  // The age band's shift of a care end drawn from a cell pooling every age (span-durations.ts), and the year's (duration-trends.ts).
  const byAge = compiled.spanShift && !step.ageSpecific && compiled.spanShift[type] && start !== NO_DAY ? compiled.spanShift[type]![ageBand(bands, start)]! : 0;
  // (the year's shift is of the span's length, so not of days from the previous event: cells.ts samplesOf)
  const byYear = compiled.durationTrends && start !== NO_DAY && !step.fromPrevious ? durationShift(compiled.durationTrends, type, start) : 0;
  const quantiles = shifted(step.logQuantiles, byAge + byYear);
  // Working days from the anchor (working-day-durations.ts): drawn as canonical days, dated on that working day.
  const inWorkingDays = compiled.workingDays?.[type] === 1 && !step.fromPrevious;
  const spent = inWorkingDays ? canonicalWorkingDays(anchor, lastDay) : lastDay - anchor;
  const atLeast = beyond ? Math.max(spent, pastLongest(quantiles, random)) : spent;
  // (`drawn`: a uniform of the caller's, for a draw made again off the main stream: step-weekdays.ts)
  const u = drawn ?? (sequences !== null && step.durationIndex >= 0 ? sequences.next(step.durationIndex) : random.next());
  const days = daysAtLeastAt(step.sameDay, quantiles, atLeast, u);
  return inWorkingDays ? Math.max(lastDay, nthWorkingDayAfter(anchor, workingDaysOf(days))) : anchor + days;
}

/**
 * Stratified draws per fitted duration, for a generation's days: each run of STRATA draws from one duration
 * takes one point from each of its STRATA equal slices of probability, in a random order, at a random place
 * within the slice. Independent uniforms scattered a copy's durations about the fitted ones as a second
 * sample would (the median of 400 periods of care about 5% either way), although the fit learnt them from
 * the log's own sample; these cover each duration's quantiles evenly. The order within a run is random so
 * that a child's successive draws from one duration (gaps between its contacts, say) stay nearly
 * independent: a sequence like frac(n × 0.618…) made each draw's successor far from it.
 */
class DurationSequences {
  /** [duration] → how many of its current run's points are drawn */
  private readonly position: Uint8Array;
  /** [duration × STRATA + k] → the slice the run's k-th draw comes from */
  private readonly order: Uint8Array;
  constructor(durations: number, private readonly random: Random) {
    this.position = new Uint8Array(durations);
    this.order = new Uint8Array(durations * STRATA);
  }
  next(i: number): number {
    const k = this.position[i]!;
    // The run is order[at .. at + STRATA), indexed in place: a subarray view made per draw was a twentieth
    // of a generation's CPU time.
    const run = this.order;
    const at = i * STRATA;
    if (k === 0) {
      // a new run: the slices in a random order (Fisher–Yates)
      for (let j = 0; j < STRATA; j++) run[at + j] = j;
      for (let j = STRATA - 1; j > 0; j--) {
        const r = Math.floor(this.random.next() * (j + 1));
        const t = run[at + j]!;
        run[at + j] = run[at + r]!;
        run[at + r] = t;
      }
    }
    this.position[i] = (k + 1) % STRATA;
    return (run[at + k]! + this.random.next()) / STRATA;
  }
}
const STRATA = 16;
/** the weekday draws of the generation under way (onReturnWeekday; a stream of its own, null outside one) */
let weekdayStream: Random | null = null;

/** the sequences of the generation under way (generateChildren is synchronous; null outside one) */
let sequences: DurationSequences | null = null;

const refused = new Uint8Array(512);
/** A state's return odds (return-odds.ts oddsAt: one buffer, walks do not nest). */
const ODDS = new Float64Array(2);
/** A state's step-trend factors by event code (one buffer: walks do not nest). */
const STEP_FACTORS = new Float64Array(EVENT_TYPES.length);
/** the step trends on a return's own day (redrawReturn) */
const RETURN_FACTORS = new Float64Array(EVENT_TYPES.length);
/** The walk's age-band birthdays (one buffer: walks do not nest). */
const BANDS = new Float64Array(5);

/**
 * Walks a child's journey on from `cursor` until it ends or its next step falls after `until`, appending
 * each event to `out`. `onStep(index)` is called before each event is taken (index into `out`'s arrays).
 *
 * What the fitted cells allow but a journey may not do is corrected (`asFitted` leaves it, to replay the
 * draws a walk made before they were corrected): a journey does not end with care or an assessment open
 * (leftOpen: the cells' "no further event" is what censoring left unresolved, and taken there it would
 * leave a child in care past 18 or an assessment open for years: SSDA903 359, CIN 8736), and what is still open on the
 * 18th birthday when no step can follow ends there (closeAtEighteen); a case does not close with its
 * assessment open; a conference is held on a working day (conferenceDay). Returns how many corrections
 * the walk made.
 */
export function walkJourney(
  compiled: CompiledModel, cursor: JourneyCursor, out: SyntheticChild, until: number, random: Random,
  onStep?: (index: number, journey: Journey) => void, asFitted = false,
): number {
  let corrections = 0;
  const { journey, history } = cursor;
  const bands = birthdays(journey.dob, BANDS);
  let lastContact = -1;
  /** the random number the last contact's source was drawn with */
  let contactDraw = 0;
  for (let n = 0; n < MAX_STEPS; n++) {
    let cell: CompiledCell | null;
    const age = ageBand(bands, cursor.lastDay);
    if (cursor.lastLabel < 0) cell = compiled.startCells[age * HISTORIES + history.bucket(journey)]!;
    else {
      const state = compile.stateIndexOf(compiled, cursor.lastLabel, stateMask(journey));
      cell = state === undefined ? null : compiled.cells[state * AGES * HISTORIES + age * HISTORIES + history.bucket(journey)]!;
    }
    if (!cell || cell.steps.length === 0) return corrections;
    let anyRefused = false;
    /** "no further event" was drawn where the journey may not end: the next step comes past what the data saw */
    let beyond = false;
    let step: CompiledStep | null = null;
    let day = 0;
    /** a case closure due after the 18th birthday, moved onto it: it gives the reason the data gives then */
    let closedAtEighteen = false;
    /** a period of care or a plan due to end after the 18th birthday, ended on it: the rest open ends with it */
    let endedByEighteenth = false;
    let episode: EpisodeState | null = null;
    /** the day a conference was drawn for, when conferenceDay moved it to a working day (else NO_DAY) */
    let conferenceDrawn = NO_DAY;
    /** the day a step was drawn for, its predecessor's, when the weekday rule moved it on (else NO_DAY) */
    let weekdayDrawn = NO_DAY;
    /** a step came due after the 18th birthday with care or a plan open that the fitted data never ends then (heldPastEighteen) */
    let heldOpen = false;
    // Nothing open, read once: the steps below are only tried on the journey (maskAfter puts it back as it was).
    const idle = isIdle(stateMask(journey));
    // Which step follows follows the year (or quarter) the state began in, a new child's first step the day it
    // arrives (step-trends.ts).
    const factors = compiled.stepTrends !== null && cursor.lastLabel < CARRIED_LABEL ? stepFactors(compiled.stepTrends, cursor.lastLabel < 0 ? START_KIND : cursor.lastLabel >> 6, cursor.lastDay, STEP_FACTORS) : null;
    // Where returns have a trend of their own, a state's "contact" factor is its children's coming back, contact or
    // referral alike (the fit counts them as one there): which of the two, the returns' trend on the day says.
    const returnsSplit = compiled.stepTrends?.[RETURN_KIND] != null && cursor.lastLabel >= 0 && cursor.lastLabel < CARRIED_LABEL && states.comesBackAfter(cursor.lastLabel) && idle;
    if (factors !== null && returnsSplit) factors[EV.referral] = factors[EV.contact]!;
    // With nothing open, whether a child comes back within a month or a year follows the quarter the state
    // began in (return-odds.ts): a drawn step is kept in proportion to its band's factor (1 for anything but
    // such a return) over the largest of the three, else drawn again.
    const odds = compiled.returnOdds;
    const returnBands = odds !== null && cursor.lastLabel >= 0 && cursor.lastLabel < CARRIED_LABEL && idle ? oddsAt(odds, groupIndex(cursor.lastLabel >> 6, isSeenEarlyBucket(history.bucket(journey))), cursor.lastDay, ODDS) : null;
    const oddsMost = returnBands !== null ? Math.max(1, returnBands[0]!, returnBands[1]!) : 1;
    for (;;) {
      conferenceDrawn = NO_DAY;
      weekdayDrawn = NO_DAY;
      let index = drawStep(cell, refused, anyRefused, random, factors);
      if (index < 0) break;
      let candidate = cell.steps[index]!;
      if (isEndStep(candidate)) {
        if (oddsMost > 1 && random.next() * oddsMost >= 1) continue;
        if (asFitted || !leftOpen(journey)) break;
        corrections++;
        refused[index] = 1;
        anyRefused = true;
        beyond = true;
        continue;
      }
      let type = candidate.type;
      episode = SPAN_END[type] ? episodeForEnd(journey, type) : journey.current;
      // An end of a span open in both the current episode and an older one: the state does not say which
      // the fit saw end, and the generator's choice (the current's) may lead to a state the model lacks
      // where the older's does not (a log whose children are referred again while an older episode's CIN
      // plan runs ends the older plan first). The older one is then ended.
      if (SPAN_END[type] && !asFitted && episode !== null && episode === journey.current) {
        const older = olderWithSpan(journey, type);
        if (older !== null && compile.stateIndexOf(compiled, candidate.label, maskAfter(journey, type, cursor.lastDay, candidate.outcomeCode, episode.key)) === undefined && compile.stateIndexOf(compiled, candidate.label, maskAfter(journey, type, cursor.lastDay, candidate.outcomeCode, older.key)) !== undefined) {
          corrections++;
          episode = older;
        }
      }
      // A case does not close with its assessment open: the assessment's end could not follow the closure
      // (nothing of an episode is dated after it: CIN 8565, the grammar's end-after-closure), so it would
      // stay open for ever (leftOpen). A model fitted on ends after closures (the built-in one: 19 of the
      // demo's 10,951 closures) draws the end first instead.
      if (type === EV.case_closed && !asFitted && episode !== null && episode.assessmentStart !== NO_DAY) {
        corrections++;
        refused[index] = 1;
        anyRefused = true;
        continue;
      }
      // A closure drawn after the current episode closed, while it holds a CP or CIN plan, or between its
      // conference deciding on a CP plan and the plan, is an older episode's, one waiting for its closure
      // (olderAwaitingClosure): the state does not say which episode a closure closes, and the fit learned
      // such closures where an older episode (referred again while its CIN plan ran) closed after its own
      // plan ended, the newer one's plan to come, running on or closed already (taken by the newer one
      // between conference and plan, it closed a case with no plan: 287 in a copy of audit a10c's log 3,
      // 18 in the log).
      // Refused on the closed episode, the older one stayed open for ever (audit a10c: a copy of log 3 left
      // 1,177 episodes of 2018-21 open, the log 103). (Not while an S47 is open: the CIN census records no
      // S47 end, so its cases close with their S47 open, and taken by an older episode those closures cost
      // the census log's copy 2 points of second CP plans.)
      if (type === EV.case_closed && !asFitted && episode !== null && (episode.closed || episode.cpPlanStart !== NO_DAY || episode.cinPlanStart !== NO_DAY || episode.icpcDecision === ICPC_PLAN_DECIDED)) {
        const older = olderAwaitingClosure(journey, out);
        if (older) (corrections++, (episode = older));
      }
      // A closure still on an episode holding a CP or CIN plan (no older one to close) is refused: taken, it
      // closed a case with its plan open, a state no log holds: the walk stopped there, the plan never ended
      // and the child never came back (brief syn12: 44 such closures in a 50,000-child copy of audit a10's
      // log C, 62 walks stopped after a plan episode's closure).
      if (type === EV.case_closed && !asFitted && episode !== null && (episode.cpPlanStart !== NO_DAY || episode.cinPlanStart !== NO_DAY)) {
        corrections++;
        refused[index] = 1;
        anyRefused = true;
        continue;
      }
      // The day comes from the step's own duration. Its outcome is then drawn again for that day, with the
      // outcome trends (synth/outcome-trends.ts); a new outcome gets a day of its own duration (an S47
      // leading to a conference ends sooner than one finding nothing to act on): keeping the first
      // outcome's day gave the new one that outcome's duration. The trend is read on the first outcome's
      // day, not the new one's: the two differ by days or weeks (a period of care by more), and the
      // factors change over years. (Drawing outcome and day together, kept in proportion to the factor on
      // the day drawn, reads it on the day itself, but on the "careers" test logs it took the adoptions'
      // share of care ends under 5 from 0.738 to 0.793, the logs' being 0.698.)
      const first = cursor.lastLabel < 0;
      day = first ? cursor.lastDay : dueDay(compiled, journey, cursor.lastDay, bands, candidate, episode, beyond, random);
      // A child with nothing open comes back as a contact or a referral in the shares of the day it comes back
      // (step-trends.ts RETURN_KIND): the two drawn again, the day kept.
      const returning = returnsSplit && (type === EV.contact || type === EV.referral) ? stepFactors(compiled.stepTrends!, RETURN_KIND, day, RETURN_FACTORS) : null;
      if (returning !== null) {
        const redrawn = redrawReturn(cell, index, returning, random);
        if (redrawn !== index) (index = redrawn), (candidate = cell.steps[index]!), (type = candidate.type);
      }
      const trend = compiled.trends?.byType[type];
      // A period of care's end reason in a cell pooling every age: in the age band's mix (span-durations.ts reasonFactors).
      const band = type === EV.cla_end && cell.allAges && journey.careStart !== NO_DAY ? compiled.spanReasons?.[type]?.[ageBand(bands, journey.careStart)] : undefined;
      if (trend || band) {
        const redrawn = redrawOutcome(cell, index, day, trend, band, random);
        if (redrawn !== index && !first) day = dueDay(compiled, journey, cursor.lastDay, bands, cell.steps[redrawn]!, episode, beyond, random);
        index = redrawn;
      }
      candidate = cell.steps[index]!;
      if (returnBands !== null && !first) {
        const weight = bandFactor(odds!, returnBands, type === EV.contact || type === EV.referral, day - cursor.lastDay);
        if (weight < oddsMost && random.next() * oddsMost >= weight) continue;
      }
      // Coming back (a contact or referral with nothing open) runs on the year's clock (return-trend.ts).
      if (compiled.returnClock && !first && (type === EV.contact || type === EV.referral) && idle) {
        day = returnDay(compiled.returnClock, cursor.lastDay, day - cursor.lastDay, odds !== null ? odds.laterDays : 0);
      }
      // A later contact, or a referral no contact asked for with nothing open, on the weekdays the fitted data's
      // come on (synth/return-weekdays.ts weekdayKind, the fit's rule).
      const kind = asFitted ? null : weekdayKind(type, cursor.lastLabel, idle);
      const weekdays = kind === null ? undefined : compiled.model.returnWeekdays?.[kind];
      if (weekdays && weekdayStream !== null) day = onReturnWeekday(weekdays, day, weekdayStream);
      // Any other step but the first on the weekdays the fitted data's come on (step-weekdays.ts): its duration drawn
      // again from the weekday stream (so the main stream, and every later child of a seed, stays as it was).
      // (A step counted in working days is not: it lands on a working day, its weekday the count's from its anchor.)
      const keep = asFitted || first || weekdayStream === null || (compiled.workingDays?.[type] === 1 && !candidate.fromPrevious) ? null : (compiled.stepWeekdays?.[type] ?? null);
      if (keep !== null && stepWeekdayRule(type, cursor.lastLabel, idle)) {
        const stream = weekdayStream!;
        const step = candidate;
        const drawnFor = day;
        day = onStepWeekday(keep, cursor.lastDay, day, stream, () => dueDay(compiled, journey, cursor.lastDay, bands, step, episode, beyond, stream, stream.next()));
        if (drawnFor === cursor.lastDay && day > drawnFor && closedOn(keep, drawnFor)) weekdayDrawn = drawnFor;
      }
      if (!first) {
        // An end due after the 18th birthday comes on it; a case closure only in the share of the fitted
        // data's (else it is never recorded, and the check below stops the journey there).
        // An assessment due to end after it stays open in the fitted share (the journey stops here, and what
        // else is open ends on the birthday: closeAtEighteen).
        if (day > journey.eighteenth && type === EV.assessment_end && leavesAssessmentOpen(compiled, journey)) break;
        // Care or a plan the fitted data leaves open past 18 for good (heldPastEighteen): the walk stops with
        // everything open, nothing ended or closed on the birthday.
        if (day > journey.eighteenth && holdsSpanOrHelp(journey) && holdsPastEighteen(compiled, journey)) {
          heldOpen = true;
          break;
        }
        // A step due after the data's end as well, in care or on a plan, where the fitted data leaves care or
        // plans open past 18 (openPastEighteen): their ends, not before the step, are not recorded yet, so the
        // walk stops with them open (not ended on the birthday).
        if (day > journey.eighteenth && day > until && compiled.openPastEighteen && holdsSpan(journey)) {
          step = candidate;
          break;
        }
        if (day > journey.eighteenth && isEnding(type) && (type !== EV.case_closed || closesAtEighteen(compiled, journey))) {
          day = journey.eighteenth;
          endedByEighteenth = HELD_AT_EIGHTEEN[type] === 1;
        }
        // A closure on the birthday (due after it, or after an end moved onto it) is a closure at 18: in the
        // fitted share only (else the journey stops, the case left open, as the data leaves it), with its reason.
        closedAtEighteen = type === EV.case_closed && day === journey.eighteenth;
        if (closedAtEighteen && !closesAtEighteen(compiled, journey)) break;
      }
      if (type === EV.icpc && !asFitted) {
        const held = conferenceDay(day, cursor.lastDay);
        if (held !== day) (corrections++, (conferenceDrawn = day), (day = held));
      }
      const key = type === EV.referral ? cursor.episodes + 1 : (episode?.key ?? -1);
      const rule = SPAN_END[type] && episode === null ? 'end-without-start' : journey.check(type, day, candidate.outcomeCode, key);
      // The child's next step would come on or after the 18th birthday: nothing comes before it, so the
      // journey stops here (drawing another step instead would give children near 18 extra chances to
      // come back, where the fit censored them at 18).
      if (rule === 'after-eighteen') break;
      if (rule !== null) {
        refused[index] = 1;
        anyRefused = true;
        continue;
      }
      // A step into a state the model lacks (the fit dropped it: fewer than minCell children at its
      // coarsest cell) with a plan, care or an assessment open is drawn again from the others: taken, the
      // walk stopped there, with them open for ever and no return (brief syn12: 419 walks of a 50,000-child
      // copy of audit a10's log C stopped in such states, 188 with a plan or care open, 69 of children who
      // had had a CP plan). With nothing open the step is taken, and the walk ends there as before: a rare
      // outcome whose state the small-cell rule dropped (an ICPC deciding no plan in a small council) would
      // otherwise never be drawn.
      if (!asFitted && leftUnknown(compiled, candidate.label, maskAfter(journey, type, day, candidate.outcomeCode, key))) {
        corrections++;
        refused[index] = 1;
        anyRefused = true;
        continue;
      }
      step = candidate;
      break;
    }
    if (anyRefused) refused.fill(0, 0, cell.steps.length);
    if (heldOpen) return corrections;
    // (nothing can follow: what the birthday would end, it ends, unless the fitted data leaves it open for good)
    if (!step && !asFitted && leftOpen(journey) && journey.eighteenth <= until && !(holdsSpanOrHelp(journey) && holdsPastEighteen(compiled, journey))) {
      return corrections + closeAtEighteen(cursor, out, onStep, closesAtEighteen(compiled, journey), compiled.closedAtEighteenReason, !leavesAssessmentOpen(compiled, journey));
    }
    if (!step || day > until) return corrections;
    // A conference moved forward off a weekend or bank holiday takes along the steps of the day it was drawn
    // for (the S47's end, an older episode's CIN plan ending on the conference day): the fit saw them on the
    // conference's day, in the process's order (core/same-day-order.ts: a plan's end first). Left behind,
    // an older CIN plan ended before the newer episode's conference where the log ends it on the day or after
    // (audit a10c: 223-225 of a copy's, the log's 0).
    if (conferenceDrawn !== NO_DAY && conferenceDrawn === cursor.lastDay && day > conferenceDrawn) {
      moveDayAlong(out, conferenceDrawn, day, () => true);
    }
    // So does a step drawn for its predecessor's day and moved on by the weekday rule because the data never hold such
    // a step on that weekday: the day's steps go with it where the data never hold them on that weekday either, or
    // they are an older episode's (an older CIN plan ending at the newer episode's conference); a contact or referral,
    // the trip's arrival, and a step the data hold on any day keep their day. (Moved whenever a same-day draw was
    // refused, an assessment's end joined the S47's end drawn again days later: "assessment_end -> s47_end" KS
    // 0.12-0.17 on audit a10j's four logs. Moved alone, an S47's end drawn for an older episode's CIN plan's end on a
    // weekend left that plan ending before the conference it ends at: 53 of 3,230 in older-plan-at-conference.test.ts's
    // copy, the log 0. Every step of the day moved, a strategy discussion held on a Saturday went to the Monday with
    // its S47: audit a10k's log K, discussions on a weekend 27.7% in the log, 16.6% in the copy.)
    if (weekdayDrawn !== NO_DAY && day > weekdayDrawn) {
      const own = step.type === EV.referral ? -1 : (episode?.key ?? -1);
      moveDayAlong(out, weekdayDrawn, day, (k) => {
        const t = out.types[k]!;
        if (t === EV.contact || t === EV.referral) return false;
        return closedOnDay(compiled, t, weekdayDrawn) || (out.episodes[k]! > 0 && out.episodes[k] !== own);
      });
    }

    const type = step.type;
    const key = type === EV.referral ? ++cursor.episodes : (episode?.key ?? -1);
    const index = out.types.length;
    onStep?.(index, journey);
    let source = '';
    if (type === EV.contact) {
      // Drawn as a contact with no referral of its own; redrawn with the same number as a pair if one follows.
      contactDraw = random.next();
      source = drawn(compiled.contactSources, contactDraw);
      lastContact = index;
    } else if (type === EV.referral) {
      // A referral that a contact just asked for has the contact's source: drawn for the pair, from the
      // sources of such pairs, where the model has them (a referral from another council comes with its
      // contact more often than contacts in general do).
      const fromContact = lastContact >= 0 && lastContact === index - 1 && states.keepsContactSource(outcomeCode(out.outcomes[lastContact]), out.days[lastContact]!, day);
      if (!fromContact) source = pick(compiled.referralSources, random);
      else if (compiled.contactReferralSources === null) source = out.sources[lastContact]!;
      else source = out.sources[lastContact] = drawn(compiled.contactReferralSources, contactDraw);
    }
    out.types.push(type);
    out.days.push(day);
    // (the cell's reason was drawn for a closure on its own day: RC8 "after assessment" a year on is not why a case closes at 18)
    // (the state goes on from the drawn step, so that the random stream, and every later child of a seed, stays as it was)
    out.outcomes.push(closedAtEighteen ? compiled.closedAtEighteenReason : endedByEighteenth && type === EV.cla_end ? CARE_ENDED_AT_EIGHTEEN : step.outcome);
    out.sources.push(source);
    out.episodes.push(EPISODE_STEP[type] && key > 0 ? key : 0);
    journey.apply(type, day, step.outcomeCode, key, SOURCE_NUMBER.get(source) ?? 0);
    history.note(type);
    cursor.lastLabel = step.label;
    cursor.lastDay = day;
    if (type === EV.case_closed && !asFitted && episode !== null) corrections += closeIdleEpisodes(cursor, out, onStep, day, out.outcomes[index]!);
    // The birthday ended it, not a step of its own (the fit censors such ends, fit.ts HELD_AT_EIGHTEEN):
    // what else is open ends then too, the case closed in the fitted share, and the journey stops.
    if (endedByEighteenth && !asFitted) return corrections + endAtEighteen(compiled, cursor, out, onStep);
  }
  return corrections;
}

/**
 * Moves the steps already written for `from` (the last ones of the child) to `to`, a step drawn for that day having
 * been moved on: the latest first, up to the first that `moves` (given its index) says keeps its day (so the days stay
 * in order).
 */
function moveDayAlong(out: SyntheticChild, from: number, to: number, moves: (index: number) => boolean): void {
  for (let k = out.days.length - 1; k >= 0 && out.days[k] === from && moves(k); k--) out.days[k] = to;
}

/** Whether the fitted data hold no step of `type` on `day`'s weekday (or on a bank holiday when `day` is one). */
function closedOnDay(compiled: CompiledModel, type: number, day: number): boolean {
  const rule = compiled.stepWeekdays?.[type] ?? null;
  return rule !== null && closedOn(rule, day);
}

/**
 * What the 18th birthday ends when it ended a period of care or a plan (the walk stops there): what else is
 * open (closeAtEighteen) and, in the fitted share, the case of every episode whose work had begun, busy or
 * not (a CIN plan just ended leaves its episode idle: closeAtEighteen alone left 135 of the demo's cases open
 * past 18). Returns the events added.
 */
function endAtEighteen(compiled: CompiledModel, cursor: JourneyCursor, out: SyntheticChild, onStep: ((index: number, journey: Journey) => void) | undefined): number {
  const { journey } = cursor;
  const closing = closesAtEighteen(compiled, journey);
  let added = closeAtEighteen(cursor, out, onStep, closing, compiled.closedAtEighteenReason, !leavesAssessmentOpen(compiled, journey));
  if (!closing) return added;
  for (const ep of journey.episodes) {
    if (ep.closed || !begunWork(out, ep.key)) continue;
    if (appendClosing(cursor, out, onStep, EV.case_closed, journey.eighteenth, compiled.closedAtEighteenReason, ep.key)) added++;
  }
  return added;
}

/** Spans the 18th birthday ends (as fit.ts): a period of care, a CP or CIN plan. */
const HELD_AT_EIGHTEEN = new Uint8Array(32);
for (const t of [EV.cla_end, EV.cp_plan_end, EV.cin_plan_end]) HELD_AT_EIGHTEEN[t] = 1;
/** the reason a period of care ended by the 18th birthday is given (as closeAtEighteen gives it) */
const CARE_ENDED_AT_EIGHTEEN = 'E8';

/**
 * Closes, on `day` (an episode's closure) and for the same reason, the child's older episodes waiting for
 * their closure (olderAwaitingClosure) that no closure was drawn for: an older episode whose plan ended
 * while a newer one ran, the newer then drawing every closure the state allowed (its own). Nothing else
 * would ever close them: the states do not say an older episode waits for its closure (audit a10c: a copy
 * of log 3 left 864 episodes of 2018-21 open, the log 103). Returns the closures added.
 */
function closeIdleEpisodes(cursor: JourneyCursor, out: SyntheticChild, onStep: ((index: number, journey: Journey) => void) | undefined, day: number, reason: string): number {
  const { journey } = cursor;
  let added = 0;
  for (let older = olderAwaitingClosure(journey, out); older !== null; older = olderAwaitingClosure(journey, out)) {
    if (!appendClosing(cursor, out, onStep, EV.case_closed, day, reason, older.key)) break;
    added++;
  }
  return added;
}

/**
 * Appends an end or closure no draw chose (no source) of episode `key` on `day`, and applies it to the
 * journey, when the grammar accepts it there; whether it did.
 */
function appendClosing(cursor: JourneyCursor, out: SyntheticChild, onStep: ((index: number, journey: Journey) => void) | undefined, type: number, day: number, outcome: string, key: number): boolean {
  const { journey } = cursor;
  if (journey.check(type, day, outcomeCode(outcome), key) !== null) return false;
  onStep?.(out.types.length, journey);
  out.types.push(type);
  out.days.push(day);
  out.outcomes.push(outcome);
  out.sources.push('');
  out.episodes.push(EPISODE_STEP[type] && key > 0 ? key : 0);
  journey.apply(type, day, outcomeCode(outcome), key);
  cursor.lastDay = day;
  return true;
}

/**
 * The newest episode before the current one that waits for its closure: not closed, no assessment or
 * plan open (an enquiry may be: the CIN census records no S47 end), and work begun in it (an assessment,
 * strategy discussion, S47 or plan). Not an episode with none (an NFA referral): a log that never closes
 * those has copies that do not either (tests/synth/returns/events-closures.test.ts).
 */
function olderAwaitingClosure(journey: Journey, out: SyntheticChild): EpisodeState | null {
  for (let k = journey.episodes.length - 1; k >= 0; k--) {
    const e = journey.episodes[k]!;
    if (e === journey.current || e.key <= 0 || e.closed || e.referralDay === NO_DAY) continue;
    if (e.assessmentStart !== NO_DAY || e.cinPlanStart !== NO_DAY || e.cpPlanStart !== NO_DAY) continue;
    if (begunWork(out, e.key)) return e;
  }
  return null;
}

/** Whether an assessment, strategy discussion, S47 or plan of the episode `key` is in the child's events so far. */
function begunWork(out: SyntheticChild, key: number): boolean {
  for (let i = 0; i < out.types.length; i++) if (out.episodes[i] === key && WORK[out.types[i]!] === 1) return true;
  return false;
}
const WORK = new Uint8Array(32);
for (const t of [EV.assessment_start, EV.strategy_discussion, EV.s47_start, EV.cin_plan_start, EV.cp_plan_start]) WORK[t] = 1;

/**
 * Whether this child's case is closed on the 18th birthday (in the fitted share, closedAtEighteen). Decided
 * by a hash of the birthday rather than a draw, so that the random stream, and so every other step and
 * child of a seed, stays as it was.
 */
function closesAtEighteen(compiled: CompiledModel, journey: Journey): boolean {
  return closedOnEighteenth(compiled.closedAtEighteen, journey.eighteenth);
}

/**
 * Whether this child's assessment under way on the 18th birthday is left open (in the fitted share,
 * assessmentOpenAtEighteen), decided by another hash of the birthday, as closesAtEighteen.
 */
function leavesAssessmentOpen(compiled: CompiledModel, journey: Journey): boolean {
  return inShareByBirthday(compiled.assessmentOpenAtEighteen, journey.eighteenth, 0x5bd1e995, 0x85ebca6b);
}

/**
 * Whether this child's care and plans open on the 18th birthday stay open for good (in the fitted share,
 * heldPastEighteen), decided by a third hash of the birthday, as closesAtEighteen.
 */
function holdsPastEighteen(compiled: CompiledModel, journey: Journey): boolean {
  return inShareByBirthday(compiled.heldPastEighteenByKind[heldKind(journey)] ?? compiled.heldPastEighteen, journey.eighteenth, 0x27d4eb2f, 0x165667b1);
}

/** The first kind the journey has open (HELD_KINDS: care, a CP plan, a CIN plan, early help), or −1. */
function heldKind(journey: Journey): number {
  if (journey.careStart !== NO_DAY) return 0;
  let cin = false;
  for (const ep of journey.episodes) {
    if (ep.cpPlanStart !== NO_DAY) return 1;
    cin ||= ep.cinPlanStart !== NO_DAY;
  }
  if (cin) return 2;
  return journey.earlyHelpStart !== NO_DAY ? 3 : -1;
}

/** Whether the child whose 18th birthday is `eighteenth` falls in `share`, by a hash of the birthday salted with `salt` and `multiplier` (one hash per decision). */
function inShareByBirthday(share: number, eighteenth: number, salt: number, multiplier: number): boolean {
  if (share <= 0) return false;
  if (share >= 1) return true;
  const h = Math.imul((eighteenth ^ salt) | 0, multiplier) >>> 0;
  return h / 4294967296 < share;
}

/**
 * Whether a case still open on the 18th birthday `eighteenth` (a day number) is closed that day, in the
 * share `closedAtEighteen` (the model's): the same decision for the generator and for the returns' repairs
 * of the events file (synth/returns/case.ts), so that neither closes a case the fitted data would leave open.
 */
export function closedOnEighteenth(closedAtEighteen: number, eighteenth: number): boolean {
  if (closedAtEighteen >= 1) return true;
  const h = Math.imul(eighteenth | 0, 0x9e3779b1) >>> 0;
  return h / 4294967296 < closedAtEighteen;
}

/** What a model says of cases still open on the 18th birthday: the share closed that day, and the reason given. */
export function eighteenthClosures(model: Model | CompiledModel): { share: number; reason: string } {
  return 'cells' in model
    ? { share: model.closedAtEighteen, reason: model.closedAtEighteenReason }
    : { share: model.closedAtEighteen ?? 1, reason: model.closedAtEighteenReason ?? 'RC7' };
}

const SHIFTED = new Float64Array(MAX_QUANTILE_KNOTS);

/**
 * A span end's quantiles shifted by `s` (log scale): for the age band the child was in when the span began
 * (synth/span-durations.ts) and the year it began in (synth/duration-trends.ts); unchanged without a shift.
 */
function shifted(logQuantiles: Float64Array, s: number): Float64Array {
  if (s === 0 || logQuantiles.length > SHIFTED.length) return logQuantiles;
  const out = SHIFTED.subarray(0, logQuantiles.length);
  for (let k = 0; k < logQuantiles.length; k++) out[k] = Math.max(0, logQuantiles[k]! + s);
  return out;
}

/**
 * Days past the longest a step's duration knows, for a step that the fit saw as "no further event" (still
 * under way when the data ended) where the journey may not end there (care open: leftOpen). Such a child
 * stays longer than any the data saw end; redrawn from the whole duration instead, a period of care took a
 * typical length, and a copy of a log with six years of history before its extract held a tenth of its
 * episodes still open from the first years. The tail goes on as the last two knots do (log scale), by an
 * exponential draw.
 */
function pastLongest(logQuantiles: ArrayLike<number>, random: Random): number {
  const n = logQuantiles.length;
  if (n < 2) return 0;
  const top = logQuantiles[n - 1]!;
  const step = Math.max(0.05, top - logQuantiles[n - 2]!);
  return Math.round(Math.expm1(top + step * -Math.log(1 - random.next())));
}

/** Letters of a state that leave something open for ever when a walk stops in it: care, an assessment, a CIN or CP plan, an older episode busy. */
const OPEN_LETTERS = maskFromLetters('lanpo');

/** The state a step leads to (its label, the letters after it) is not in the model, and leaves something open (OPEN_LETTERS). */
function leftUnknown(compiled: CompiledModel, label: number, mask: number): boolean {
  return (mask & OPEN_LETTERS) !== 0 && compile.stateIndexOf(compiled, label, mask) === undefined;
}

/** The newest episode before the current one with a span open that an end of `type` ends; null when none. */
function olderWithSpan(journey: Journey, type: number): EpisodeState | null {
  for (let k = journey.episodes.length - 1; k >= 0; k--) {
    const e = journey.episodes[k]!;
    if (e === journey.current) continue;
    const start = type === EV.assessment_end ? e.assessmentStart : type === EV.s47_end ? e.s47Start : type === EV.cin_plan_end ? e.cinPlanStart : type === EV.cp_plan_end ? e.cpPlanStart : NO_DAY;
    if (start !== NO_DAY) return e;
  }
  return null;
}

/** Scratch copies for maskAfter (walks do not nest). */
const SAVED_EPISODE = new EpisodeStateClass(-1);
const SAVED_TODAY: number[] = [];

/**
 * The state letters (stateMask) the journey would have after taking the step: the step is applied, the
 * mask read, and the journey put back as it was (the fields apply changes: its own, and the one episode's).
 */
function maskAfter(journey: Journey, type: number, day: number, outcome: number, key: number): number {
  const { careStart, earlyHelpStart, lastDay, current, takenToday } = journey;
  const episodes = journey.episodes.length;
  // apply pushes one key onto a day's list, after clearing it on a new day: only then is the list saved.
  // (No array's length is set here: that builtin was 400 ms of a 240,000-child generation's 7 s.)
  const today = takenToday.length;
  const newDay = day !== lastDay;
  if (newDay) for (let k = 0; k < today; k++) SAVED_TODAY[k] = takenToday[k]!;
  const episode = EPISODE_STEP[type] ? journey.findEpisode(key) : null;
  if (episode) copyEpisode(SAVED_EPISODE, episode);
  journey.apply(type, day, outcome, key);
  const mask = stateMask(journey);
  journey.careStart = careStart;
  journey.earlyHelpStart = earlyHelpStart;
  journey.lastDay = lastDay;
  journey.current = current;
  if (journey.episodes.length !== episodes) journey.episodes.pop();
  takenToday.pop();
  if (newDay) for (let k = 0; k < today; k++) takenToday.push(SAVED_TODAY[k]!);
  if (episode) copyEpisode(episode, SAVED_EPISODE);
  return mask;
}

/** The fields `apply` may change, copied one by one (Object.assign on every step of every walk cost 13% of generation). */
function copyEpisode(to: EpisodeState, from: EpisodeState): void {
  to.referralDay = from.referralDay;
  to.referralNfa = from.referralNfa;
  to.closed = from.closed;
  to.closedDay = from.closedDay;
  to.assessmentStart = from.assessmentStart;
  to.s47Start = from.s47Start;
  to.cinPlanStart = from.cinPlanStart;
  to.cpPlanStart = from.cpPlanStart;
  to.lastS47Day = from.lastS47Day;
  to.lastIcpcDay = from.lastIcpcDay;
  to.s47Status = from.s47Status;
  to.icpcDecision = from.icpcDecision;
  to.childProtectionStarted = from.childProtectionStarted;
  to.discussionAwaitingS47 = from.discussionAwaitingS47;
  to.referralSource = from.referralSource;
}

/** The journey is in care or on a CP or CIN plan (spans the data may leave open past the 18th birthday: openPastEighteen). */
/** holdsSpan, or in early help (the spans heldPastEighteen leaves open). */
function holdsSpanOrHelp(journey: Journey): boolean {
  return journey.earlyHelpStart !== NO_DAY || holdsSpan(journey);
}

function holdsSpan(journey: Journey): boolean {
  if (journey.careStart !== NO_DAY) return true;
  for (const ep of journey.episodes) if (ep.cpPlanStart !== NO_DAY || ep.cinPlanStart !== NO_DAY) return true;
  return false;
}

/**
 * What a journey may not be left with (it would stay so for ever): care, or an assessment of an open
 * episode. (Other open steps may end with the journey: an enquiry whose end a census never records keeps
 * its episode busy, as the grammar says, and data fitted on such a log ends journeys there.)
 */
function leftOpen(journey: Journey): boolean {
  if (journey.careStart !== NO_DAY) return true;
  for (const ep of journey.episodes) if (!ep.closed && (ep.assessmentStart !== NO_DAY || ep.cpPlanStart !== NO_DAY || ep.cinPlanStart !== NO_DAY)) return true;
  return false;
}

/**
 * Ends what a journey left open on the 18th birthday, when no step the cells allow could take it further
 * (every other step falls on or after it): children's services end there, so the care period, the open
 * assessment, enquiry or plans end and, `closeCase` (in the share of the fitted data: closedAtEighteen),
 * the episode closes (with the reason the fitted data gives then: closedAtEighteenReason, RC7 (services
 * ceased) when it gives none); an assessment stays open when `endAssessment` is false (the fitted data
 * leaves such ones open: assessmentOpenAtEighteen). Returns the events added.
 */
function closeAtEighteen(cursor: JourneyCursor, out: SyntheticChild, onStep?: (index: number, journey: Journey) => void, closeCase = true, reason = 'RC7', endAssessment = true): number {
  const { journey } = cursor;
  const day = journey.eighteenth;
  const added = out.types.length;
  const take = (type: number, outcome: string, key: number): void => void appendClosing(cursor, out, onStep, type, day, outcome, key);
  for (const ep of journey.episodes) {
    if (ep.closed || !ep.busy) continue;
    if (ep.s47Start !== NO_DAY) take(EV.s47_end, 'nfa', ep.key);
    if (ep.assessmentStart !== NO_DAY && endAssessment) take(EV.assessment_end, 'nfa', ep.key);
    if (ep.cinPlanStart !== NO_DAY) take(EV.cin_plan_end, '', ep.key);
    if (ep.cpPlanStart !== NO_DAY) take(EV.cp_plan_end, '', ep.key);
    if (closeCase) take(EV.case_closed, reason, ep.key);
  }
  if (journey.earlyHelpStart !== NO_DAY) take(EV.early_help_end, '', -1);
  if (journey.careStart !== NO_DAY) take(EV.cla_end, CARE_ENDED_AT_EIGHTEEN, -1);
  return out.types.length - added;
}

/**
 * Calls `emit` once per synthetic child, in order. The arrays handed over are reused between
 * children: copy them if you keep them.
 */
export function generateChildren(model: Model | CompiledModel, options: GenerateOptions, emit: (child: SyntheticChild) => void): void {
  checkOptions(options);
  const compiled = 'cells' in model ? model : compileModel(model);
  const outer = sequences;
  const outerWeekdays = weekdayStream;
  // (a stream of its own: the stratified draws take nothing from the stream the children's other draws come from)
  sequences = new DurationSequences(compiled.durations, createRandom(options.seed + 0x9e3779b9));
  // (and the weekdays of returns theirs: a seed's other draws stay as they were)
  weekdayStream = createRandom((options.seed ^ 0x2545f491) >>> 0);
  try {
    generateWith(compiled, options, emit);
  } finally {
    sequences = outer;
    weekdayStream = outerWeekdays;
  }
}

function generateWith(compiled: CompiledModel, options: GenerateOptions, emit: (child: SyntheticChild) => void): void {
  const random = createRandom(options.seed);
  const { from, to } = options;
  const historyFrom = options.historyFrom ?? from;
  const arrivals = arrivalCurve(compiled.model, historyFrom, to);
  // With a burn-in, the children first seen from the day arrivals were fitted from on are as many as
  // the fit counted then (the curve's sum there, scaled to `children`): drawn on that part of the curve
  // without burn-in, while the burn-in supplies the rest (the children the extract's first years show).
  // Drawing all from one curve let the burn-in's share drift and take its error from the later years.
  const lateFrom = Math.max(from, parseDay(compiled.model.arrivals.from ?? compiled.model.fittedOn.from)!);
  const lateCurve = historyFrom < from && lateFrom > from ? arrivalCurve(compiled.model, lateFrom, to) : null;
  const lateChildren = lateCurve ? Math.min(options.children, Math.round((options.children * lateCurve[lateCurve.length - 1]!) / compiled.model.fittedOn.children)) : 0;
  const burnInCurve = lateCurve ? arrivalCurve(compiled.model, historyFrom, lateFrom - 1) : arrivals;
  let lateDrawn = 0;
  const fittedFrom = parseDay(compiled.model.fittedOn.extractFrom ?? compiled.model.fittedOn.from)!;
  /** the fitted log is an extract with history before it: the fit learned its children first seen early in the seen-early cells alone (fit.ts, History.onlySeenEarly) */
  const fittedOnExtract = fittedFrom > parseDay(compiled.model.fittedOn.from)!;
  /** what the fitted extract keeps from before its first day (absent: whole trips, see cutBeforePeriod) */
  const carried = compiled.model.fittedOn.carried;
  /** children carried in by an episode referred k years before `from` (the last: k or more), scaled to `children` */
  const carriedQuota = historyFrom < from && carried?.byYear ? carried.byYear.map((c) => Math.round((c * options.children) / compiled.model.fittedOn.children)) : null;
  const carriedTaken = carriedQuota ? carriedQuota.map(() => 0) : [];
  // Children carried in (model.openAtStart): as many, scaled to `children`, begin on the fitted data's
  // first day with spans already open, and the rest arrive along the curve.
  const openAtStart = historyFrom <= parseDay(compiled.model.fittedOn.from)! ? compiled.model.openAtStart ?? [] : [];
  const carriedIn = openAtStart.flatMap((o) => {
    const n = Math.round((o.children * options.children) / compiled.model.fittedOn.children);
    return Array.from({ length: n }, () => maskFromLetters(o.state));
  }).slice(0, options.children);
  const carriedDay = Math.max(historyFrom, parseDay(compiled.model.fittedOn.from)!);
  const arriving = options.children - carriedIn.length;
  const offset = random.next();
  const usedIds = new IdSet();
  const child: SyntheticChild = { id: '', dob: NO_DATE, sex: '', ethnicity: '', disability: '', types: [], days: [], outcomes: [], sources: [], episodes: [] };
  const scratch: SyntheticChild = { ...child, types: [], days: [], outcomes: [], sources: [], episodes: [] };

  for (let n = 0; n < options.children; n++) {
    let id: number;
    do id = randomId(random);
    while (!usedIds.add(id));
    child.id = idText(id);
    child.nothingBefore = n < carriedIn.length || historyFrom === from;
    child.types.length = child.days.length = child.outcomes.length = child.sources.length = child.episodes.length = 0;

    const cell = compiled.childCells[pickCumulative(compiled.childCumulative, random)]!;
    const ageBand = cell.age === '*' ? pick(compiled.marginals.age, random) : cell.age;
    child.sex = cell.sex === '*' ? pick(compiled.marginals.sex, random) : cell.sex;
    const group = cell.ethnicityGroup === '*' ? pick(compiled.marginals.ethnicityGroup, random) : cell.ethnicityGroup;
    const codes = compiled.ethnicityByGroup.get(group);
    child.ethnicity = codes ? pick(codes, random) : '';
    child.disability = cell.disability === '*' ? pick(compiled.marginals.disability, random) : cell.disability;

    if (n < carriedIn.length) {
      // A child carried in: nothing of it before the first day is written, only what follows (the ends of
      // its open spans with no start, as the fitted log holds them).
      child.dob = birthFor(compiled, ageBand, carriedDay, random);
      walkOrReplay(compiled, () => carriedCursor(child.dob, carriedDay, carriedIn[n]!, seenEarlyPeriod(carriedDay, fittedFrom)), child, scratch, to, random);
      if (child.types.length > 0) emit(child);
      continue;
    }
    const m = n - carriedIn.length;
    // Without a burn-in every child is written, so arrivals are spread systematically over the curve (one
    // random offset): the children arrive month by month as the curve says, without multinomial noise.
    const late = lateCurve !== null && Math.floor(((m + 1) * lateChildren) / arriving) > lateDrawn;
    let arrival: number;
    if (late) arrival = lateFrom + pickAt(lateCurve!, (lateDrawn++ + offset) / lateChildren);
    else if (lateCurve) arrival = historyFrom + pickAt(burnInCurve, random.next());
    else arrival = historyFrom + pickAt(arrivals, historyFrom < from ? random.next() : (m + offset) / arriving);
    child.dob = birthFor(compiled, ageBand, arrival, random);
    // With a burn-in a child's history is simulated, so no child arrives "first seen early" (states.ts); one
    // first seen in the extract's first year is walked again below.
    const seenEarly = historyFrom < from ? 0 : seenEarlyPeriod(arrival, fittedFrom);
    walkOrReplay(compiled, () => newCursor(child.dob, arrival, seenEarly), child, scratch, to, random);
    if (historyFrom < from) {
      let busy: boolean;
      if (carried && !carried.contacts && options.openOnFrom !== 'drop') {
        const kept = keepOpenOnFrom(child, from, carried.unclosedEpisodes);
        busy = kept.busy;
        // As many children carried in by an episode referred k years before the extract as it held (scaled):
        // the forward model leaves episodes idle and open for years more often than a log (review of issue
        // 10: log 1's copy carried in 66 children first seen 2-3 years before, the log 36). One past the
        // count is drawn again, a child of the burn-in like it.
        if (carriedQuota && kept.years >= 0) {
          const k = Math.min(kept.years, carriedQuota.length - 1);
          if (carriedTaken[k]! >= carriedQuota[k]!) {
            n--;
            continue;
          }
          carriedTaken[k]!++;
        }
      } else {
        const kept = options.openOnFrom === 'drop' ? dropBeforePeriod(child, from) : cutBeforePeriod(child, from, carried?.unclosedEpisodes ?? false);
        busy = kept.busy;
        if (kept.cut > 0) for (const list of [child.types, child.days, child.outcomes, child.sources, child.episodes] as unknown[][]) list.splice(0, kept.cut);
      }
      // A burn-in child first seen after the late arrivals' start is one of the children the fit counted
      // there (the late curve draws them): kept, it would be counted twice, and taken from the early years.
      const seenInTime = late || lateCurve === null || busy || child.days[0]! < lateFrom;
      // A burn-in child with nothing open on `from` and first seen in the extract's first year is what the
      // fit calls a child seen early (states.ts SEEN_EARLY_BUCKETS): it learned from the log's such children,
      // histories unseen and all, in the seen-early cells, and every other cell from children first seen
      // later. Walked on in the plain cells, its simulated history made it a child those cells describe, and
      // it was referred more than the log's: of the backlog log's children first seen in its first year with
      // a referral before it (simulated in the copy, unseen in the log), 61.5% were referred within that year
      // in copies 1-4 and 6-8 against 58.8%, and the copies' referrals of that year were +5.5% on average
      // (README "Synthetic data"). So it is walked again from the day it is first seen, as the fit saw it: the
      // burn-in gives how many children are first seen then and when, the seen-early cells what they do.
      // (Those first seen in the second year are left as they were: walked again too, in the second year's
      // cells, the copies sat closer to the log, 5.4% of them nearer than its 5th percentile against 4.9%.)
      // Only for a model fitted on such an extract: fitted on a log with nothing before it, as the built-in
      // model is, the plain cells also hold those children's steps after two earlier episodes or a CP plan,
      // and a burn-in asked for by the caller leaves its children as they were.
      if (fittedOnExtract && !busy && seenInTime && child.days.length > 0 && child.days[0]! >= from && seenEarlyPeriod(child.days[0]!, fittedFrom) === 1) {
        const firstSeen = child.days[0]!;
        child.types.length = child.days.length = child.outcomes.length = child.sources.length = child.episodes.length = 0;
        walkOrReplay(compiled, () => newCursor(child.dob, firstSeen, 1), child, scratch, to, random);
      }
      if (child.days.length > 0 && seenInTime && (busy || child.days[child.days.length - 1]! >= from)) emit(child);
      else n--; // nothing in the period: draw again so that `children` children are written
    } else if (child.types.length > 0) emit(child);
    else n--;
  }
}

/**
 * Walks the child from `cursor()` into `child`. A corrected walk draws differently from then on: the stream
 * goes on from where a replay of the uncorrected walk leaves it. (Since days come from the duration
 * sequences, which the replay does not advance, this no longer keeps later children as they were before a
 * correction; see replayUncorrected.)
 */
function walkOrReplay(compiled: CompiledModel, cursor: () => JourneyCursor, child: SyntheticChild, scratch: SyntheticChild, to: number, random: ForkableRandom): void {
  const walk = random.clone();
  if (walkJourney(compiled, cursor(), child, to, walk) === 0) random.copyFrom(walk);
  else replayUncorrected(() => walkJourney(compiled, cursor(), scratch, to, random, undefined, true), scratch);
}

/**
 * Runs `walk`, the replay of a corrected walk as the fitted cells had it, into `scratch` (emptied first), to
 * move the random stream on. Its days are drawn from the stream, so that the duration sequences stay where
 * the walk kept (and written) left them; the stream therefore moves on by more than an uncorrected walk,
 * whose days come from the sequences, would move it: the replay keeps a seed's output fixed, not the same
 * as it would be without the correction.
 */
function replayUncorrected(walk: () => void, scratch: SyntheticChild): void {
  scratch.types.length = scratch.days.length = scratch.outcomes.length = scratch.sources.length = scratch.episodes.length = 0;
  const kept = sequences;
  sequences = null;
  try {
    walk();
  } finally {
    sequences = kept;
  }
}

/**
 * The birth day of a child of `ageBand` on `day`: its age within the band from the model's quantiles
 * (synth/age-within.ts), uniform without them. One draw either way (the same as before the quantiles),
 * so a model without them generates what it did.
 */
function birthFor(compiled: CompiledModel, ageBand: string, day: number, random: Random): number {
  const span = AGE_DAYS[ageBand];
  if (!span) return UNKNOWN_BIRTH;
  const width = span[1] - span[0];
  const k = random.int(width);
  const quantiles = compiled.ageWithin.get(ageBand);
  return day - span[0] - (quantiles ? Math.min(width - 1, Math.floor(positionAt(quantiles, (k + 0.5) / width) * width)) : k);
}

/**
 * The cursor of a child carried into the extract on `day` with the spans of `mask` open (synth/states.ts
 * letters; the fit's CARRIED state): care and early help for the child, the rest in its episode 1 (or 2,
 * with an older episode 1 holding a CIN plan, for `o`), their starts dated `day` and not written.
 */
export function carriedCursor(dob: number, day: number, mask: number, seenEarly: number): JourneyCursor {
  const journey = new Journey(dob);
  const has = (letter: string): boolean => (mask & maskFromLetters(letter)) !== 0;
  let key = 0;
  if (has('o')) journey.apply(EV.cin_plan_start, day, 0, ++key);
  if (has('h')) {
    const episode = journey.episode(++key);
    journey.current = episode;
    if (has('a')) journey.apply(EV.assessment_start, day, 0, key);
    if (has('s') || has('c')) journey.apply(EV.s47_start, day, 0, key);
    if (has('n')) journey.apply(EV.cin_plan_start, day, 0, key);
    if (has('p')) journey.apply(EV.cp_plan_start, day, 0, key);
    // An S47 open but past its conference's wait (no c), or a conference that decided on a plan (d).
    if (has('s') && !has('c')) episode.s47Status = 0;
    if (has('d')) (episode.icpcDecision = ICPC_PLAN_DECIDED), (episode.lastIcpcDay = day);
    if (has('t')) episode.referralSource = SOURCE_NUMBER.get('5C')!;
  }
  if (has('e')) journey.apply(EV.early_help_start, day, 0, -1);
  if (has('l')) journey.apply(EV.cla_start, day, 0, -1);
  journey.openAtStart = 1;
  journey.lastDay = NO_DAY;
  return { journey, history: new History(seenEarly), lastLabel: CARRIED_LABEL, lastDay: day, episodes: key };
}

/**
 * Where to cut a child's burn-in: the last point before `from` with nothing open, at the start of a
 * contact or referral (or at the first event in the period, when nothing is open then); and whether
 * anything is open on `from` (care, a plan…) even if no event falls in the period.
 */
/**
 * Where journeys that began before `from` end: the first event on or after it with nothing open before it
 * and no later step of an episode begun before it (an episode idle but not yet closed has its closure, or
 * a plan, to come: cut there, the file held a closure or a plan with no referral).
 */
function dropBeforePeriod(child: SyntheticChild, from: number): { cut: number; busy: boolean } {
  const journey = new Journey(child.dob);
  const lastRow = new Map<number, number>();
  for (let i = 0; i < child.types.length; i++) if (child.episodes[i]! > 0) lastRow.set(child.episodes[i]!, i);
  /** the last row of any episode with a row before i */
  let episodesUntil = -1;
  for (let i = 0; i < child.types.length; i++) {
    if (child.days[i]! >= from && journey.idle && episodesUntil < i) return { cut: i, busy: false };
    if (child.episodes[i]! > 0) episodesUntil = Math.max(episodesUntil, lastRow.get(child.episodes[i]!)!);
    journey.apply(child.types[i]!, child.days[i]!, outcomeCode(child.outcomes[i]), child.episodes[i]! || journey.current?.key || -1);
  }
  return { cut: child.types.length, busy: false };
}

/**
 * An extract of whole trips: the cut is at the start of the trip open on `from` (its contact too).
 * `unclosed`: an episode not yet closed keeps its trip open though nothing is under way in it.
 */
export function cutBeforePeriod(child: SyntheticChild, from: number, unclosed = false): { cut: number; busy: boolean } {
  const journey = new Journey(child.dob);
  const open = (): boolean => !journey.idle || (unclosed && hasUnclosedEpisode(journey));
  let cut = 0;
  for (let i = 0; i < child.types.length; i++) {
    const type = child.types[i]!;
    const day = child.days[i]!;
    // A referral a contact asked for days before belongs to the contact's trip: the cut stays at the contact
    // (an extract keeps the whole trip that is open on its first day, the contact too).
    const continuesContact = type === EV.referral && i > 0 && child.types[i - 1] === EV.contact && day - child.days[i - 1]! <= TRIP_REFERRAL_DAYS;
    if (!open() && (day >= from || type === EV.contact || (type === EV.referral && !continuesContact))) cut = i;
    if (day >= from) return { cut, busy: open() };
    journey.apply(type, day, outcomeCode(child.outcomes[i]), child.episodes[i]! || journey.current?.key || -1);
  }
  return open() ? { cut, busy: true } : { cut: child.types.length, busy: false };
}

/**
 * An extract of what is open on `from` (the fitted extract kept no contact from before it): of the rows
 * before it, only the episodes not closed then with something under way (or, `unclosed`, any not closed),
 * from their referral on, and the start of the period of care and of the early help under way. Filters
 * the child's rows in place; returns whether anything was kept from before `from`.
 */
function keepOpenOnFrom(child: SyntheticChild, from: number, unclosed: boolean): { busy: boolean; years: number } {
  const journey = new Journey(child.dob);
  let n = 0;
  let careRow = -1;
  /** the episode the period of care began in (the latest referral's), -1 without one */
  let careEpisode = -1;
  let earlyHelpRow = -1;
  for (; n < child.types.length && child.days[n]! < from; n++) {
    const type = child.types[n]!;
    if (type === EV.cla_start) (careRow = n), (careEpisode = journey.current?.key ?? -1);
    else if (type === EV.early_help_start) earlyHelpRow = n;
    journey.apply(type, child.days[n]!, outcomeCode(child.outcomes[n]), child.episodes[n]! || journey.current?.key || -1);
  }
  if (n === 0) return { busy: false, years: -1 };
  const keptEpisodes = new Set<number>();
  for (const e of journey.episodes) if (e.key > 0 && !e.closed && (e.busy || (unclosed && e.referralDay !== NO_DAY))) keptEpisodes.add(e.key);
  if (journey.careStart === NO_DAY) careRow = -1;
  // Care open on `from` sits in the episode it began in, kept with it while that is not closed (its steps
  // may all have ended): kept alone, the care opened the child's file with no referral, and the episode's
  // later closure had none either, so the events file dated one just before the extract (review v10
  // finding 8: real extracts have neither).
  else if (careEpisode > 0 && journey.episodes.some((e) => e.key === careEpisode && !e.closed)) keptEpisodes.add(careEpisode);
  // So does an episode with nothing under way on `from` but steps or its closure to come: it is open.
  for (let i = n; i < child.types.length; i++) {
    const key = child.episodes[i]!;
    if (key > 0 && !keptEpisodes.has(key) && journey.episodes.some((e) => e.key === key && !e.closed)) keptEpisodes.add(key);
  }
  if (journey.earlyHelpStart === NO_DAY) earlyHelpRow = -1;
  const lists = [child.types, child.days, child.outcomes, child.sources, child.episodes] as unknown[][];
  let w = 0;
  for (let i = 0; i < child.types.length; i++) {
    const keep = i >= n || i === careRow || i === earlyHelpRow || (child.episodes[i]! > 0 && keptEpisodes.has(child.episodes[i]!));
    if (!keep) continue;
    if (w !== i) for (const list of lists) list[w] = list[i];
    w++;
  }
  const carriedRows = w - (child.types.length - n);
  for (const list of lists) list.length = w;
  let oldest = NO_DAY;
  for (const e of journey.episodes) if (keptEpisodes.has(e.key) && e.referralDay !== NO_DAY && (oldest === NO_DAY || e.referralDay < oldest)) oldest = e.referralDay;
  return { busy: carriedRows > 0, years: oldest === NO_DAY ? -1 : Math.floor((from - oldest) / 365.25) };
}
