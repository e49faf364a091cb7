// The states of the journey chain and what each step's days are counted from. A state is the last
// event with its outcome plus what the grammar (core/grammar.ts) needs to know of the journey: the spans
// open for the child and in the current episode, whether an S47 awaits its conference, whether a
// conference decided on a plan not yet started, whether the episode is closed or began with an NFA
// referral, and whether an older episode still has something open. Keeping these in the state is what
// lets the generator take only steps the grammar accepts, and the fit learn the structure the data has.
import { EV as EVENT_CODES, EVENT_TYPES, OUTCOMES_BY_EVENT, outcomeCode, outcomeName, type EventType } from '../core/events.js';
import { NO_DATE } from '../core/children.js';
import { civilFromDay, dayFromCivil, daysInMonth } from '../core/dates.js';
import * as grammar from '../core/grammar.js';
import type { EpisodeState, Journey } from '../core/grammar.js';

// Local copies of imported constants: an imported binding is read through a getter on every use (hot paths).
const EV = { ...EVENT_CODES };
const NO_DAY = grammar.NO_DAY;
const S47_AWAITING_CONFERENCE = grammar.S47_AWAITING_CONFERENCE;
const ICPC_PLAN_DECIDED = grammar.ICPC_PLAN_DECIDED;
const ICPC_NONE = grammar.ICPC_NONE;
const SOURCE_ANOTHER_COUNCIL = grammar.SOURCE_ANOTHER_COUNCIL;
const UNKNOWN_BIRTH = NO_DATE;

/** The first state of every child. */
export const START = 'start';
/** Target of a step that ends the child's journey (no further event, ever). */
export const END = 'end';
/**
 * Target of the share still so when the 18th birthday ended it (care or a plan the fit censored there, fit.ts
 * HELD_AT_EIGHTEEN): no step the data saw, and no journey's end either. The generator takes it as it takes
 * "no further event" where a journey may not end: the span runs on, past the birthday, which ends it.
 */
export const EIGHTEEN = 'eighteen';
/**
 * The `merged` entry of a fine cell's step merged into its coarser cell (cells.ts writes it, compile.ts reads it
 * to give the cell's deferred share to the steps it merged): "step FROM -> TO (age A, history H)".
 */
export function mergedStepName(from: string, to: string, age: string, prev: string): string {
  return `step ${from} -> ${to} (age ${age}, history ${prev})`;
}

/** The parts of a mergedStepName, or null for any other `merged` entry. */
export function parseMergedStepName(name: string): { from: string; to: string; age: string; prev: string } | null {
  const m = /^step (\S+) -> (\S+) \(age (\S+), history (\S+)\)$/.exec(name);
  return m ? { from: m[1]!, to: m[2]!, age: m[3]!, prev: m[4]! } : null;
}

/** Target of a step that defers to the coarser cell (the small-cell rule merged it there). */
export const COARSER = 'coarser';

/**
 * The letters of a state, in the order they are written:
 * e early help open · l in care · a assessment open · s S47 open · n CIN plan open · p CP plan open ·
 * c an S47 awaits its conference · d a conference decided on a plan not yet started ·
 * h in an episode (a referral has been made) · x the episode is closed · r its referral was NFA ·
 * o an older episode still has something open (only with episode ids) · g a strategy discussion awaits its
 * S47 (held, no S47 since: an assessment starting in between no longer makes the journey forget it, audit
 * a10b F1) · t the episode's referral came from another council (source 5C) and no strategy discussion,
 * S47 or conference has followed: a transfer-in conference may still come (audit a10b F3: without it a
 * copy gave conferences with no enquiry to police and school referrals). A model fitted before a letter
 * existed has no state with it, and the generator leaves it out for such a model (compile.ts
 * `dropLetters`); a state with t that the model lacks (too few children) walks as the same state without it.
 */
export const STATE_LETTERS = 'elasnpcdhxrogt';
const BIT = Object.fromEntries([...STATE_LETTERS].map((ch, i) => [ch, 1 << i])) as Record<string, number>;
export const MASKS = STATE_LETTERS.length;

/** The letters' bit mask of a journey's state (see STATE_LETTERS). */
export function stateMask(journey: Journey): number {
  let mask = 0;
  if (journey.earlyHelpStart !== NO_DAY) mask |= BIT.e!;
  if (journey.careStart !== NO_DAY) mask |= BIT.l!;
  const cur = journey.current;
  if (cur) {
    if (cur.assessmentStart !== NO_DAY) mask |= BIT.a!;
    if (cur.s47Start !== NO_DAY) mask |= BIT.s!;
    if (cur.cinPlanStart !== NO_DAY) mask |= BIT.n!;
    if (cur.cpPlanStart !== NO_DAY) mask |= BIT.p!;
    if (cur.s47Status === S47_AWAITING_CONFERENCE) mask |= BIT.c!;
    if (cur.icpcDecision === ICPC_PLAN_DECIDED) mask |= BIT.d!;
    mask |= BIT.h!;
    if (cur.closed) mask |= BIT.x!;
    if (cur.referralNfa) mask |= BIT.r!;
    if (cur.discussionAwaitingS47) mask |= BIT.g!;
    // Only while a transfer-in may still come: the episode open, not NFA at referral, no enquiry or conference yet.
    if (cur.referralSource === SOURCE_ANOTHER_COUNCIL && !cur.closed && !cur.referralNfa && !cur.childProtectionStarted && cur.icpcDecision === ICPC_NONE) mask |= BIT.t!;
  }
  for (const e of journey.episodes) {
    if (e !== cur && !e.closed && e.busy) {
      mask |= BIT.o!;
      break;
    }
  }
  return mask;
}

export function maskLetters(mask: number): string {
  let out = '';
  for (let i = 0; i < MASKS; i++) if (mask & (1 << i)) out += STATE_LETTERS[i];
  return out;
}

export function maskFromLetters(letters: string): number {
  let mask = 0;
  for (const ch of letters) {
    const bit = BIT[ch];
    if (bit === undefined) throw new RangeError(`unknown state letter "${ch}" in "${letters}" (letters: ${STATE_LETTERS})`);
    mask |= bit;
  }
  return mask;
}

/** A step label `event:outcome` as one number: event code × 64 + stored outcome code. */
export function labelCode(type: number, outcome: number): number {
  return type * 64 + outcome;
}

export function labelOf(code: number): string {
  if (code === CARRIED_LABEL) return CARRIED;
  if ((code & 63) === ANY_OUTCOME) return `${EVENT_TYPES[code >> 6]}:${ANY}`;
  return `${EVENT_TYPES[code >> 6]}:${outcomeName(code & 63) ?? ''}`;
}

/**
 * The stored outcome code (no real outcome has it: they stay below 42) of a state pooled over its last
 * event's outcomes, written `*` (`cla_end:*\/ph`). The states after a period of care are pooled over
 * its reason ceased: split by some twenty reasons, a state was often too small for the small-cell rule
 * and dropped (a journey in a state the model lacks ends there), or kept without its rarer steps (a
 * return into care). The fit tallies every observation of such a state under its pooled state too; a
 * reason's own state is then a finer cell of the pooled one (cells.ts), deferring to it what it is too
 * small to keep, and a state the model lacks takes the pooled one (compile.ts). Review of issue 10,
 * finding F4: children whose care ended while a CP plan was open stopped there, and children carried
 * into the extract in care never came back into it.
 */
export const ANY_OUTCOME = 63;
const ANY = '*';
const POOLED_EVENTS = new Uint8Array(32);
POOLED_EVENTS[EV.cla_end] = 1;

/** The name of the pooled state of a state named `name` (see ANY_OUTCOME), or null when it is not pooled. */
export function pooledStateName(name: string): string | null {
  if (name === START) return null;
  const pooled = pooledState(parseStateName(name));
  return pooled < 0 || stateName(pooled) === name ? null : stateName(pooled);
}

/** The state codes a pooled state stands for (its last event with each outcome code, blank too); none for another state. */
export function statesPooledInto(pooled: number): number[] {
  const label = Math.floor(pooled / (1 << MASKS));
  if (pooled < 0 || label === CARRIED_LABEL || (label & 63) !== ANY_OUTCOME) return [];
  const mask = pooled % (1 << MASKS);
  return Array.from({ length: ANY_OUTCOME }, (_, outcome) => stateCode((label & ~63) | outcome, mask));
}

/** The pooled state of a state code (see ANY_OUTCOME), or -1 when its last event is not pooled. */
export function pooledState(state: number): number {
  if (state < 0) return -1;
  const label = Math.floor(state / (1 << MASKS));
  if (label === CARRIED_LABEL || !POOLED_EVENTS[label >> 6]) return -1;
  return stateCode((label & ~63) | ANY_OUTCOME, state % (1 << MASKS));
}

/**
 * The first state of a child carried into the extract: spans open on the log's first day (core/grammar.ts
 * openAtStartRows), the letters saying which. Its steps' days count from the first day (the spans' starts
 * are taken as that day), so an end's duration from it is the time left to run.
 */
export const CARRIED = 'carried';
/** The label code of CARRIED (no event has it: event codes stay below 31). */
export const CARRIED_LABEL = 31 * 64;

/** Parses `event:outcome`; a RangeError names the label when the event or outcome is unknown. */
export function parseLabel(label: string): { type: number; outcome: string; outcomeCode: number } {
  const colon = label.indexOf(':');
  const name = colon < 0 ? label : label.slice(0, colon);
  const type = EVENT_TYPES.indexOf(name as EventType);
  if (type < 0) throw new RangeError(`unknown event "${name}" in step "${label}"`);
  const outcome = colon < 0 ? '' : label.slice(colon + 1);
  if (outcome !== '' && !OUTCOMES_BY_EVENT[name as EventType].includes(outcome)) throw new RangeError(`step "${label}": "${outcome}" is not a ${name} outcome`);
  return { type, outcome, outcomeCode: outcomeCode(outcome) };
}

/** A state as one number: label code × 2^MASKS + mask; -1 is START. */
export function stateCode(label: number, mask: number): number {
  return label * (1 << MASKS) + mask;
}
export const START_CODE = -1;

export function stateName(code: number): string {
  return code === START_CODE ? START : `${labelOf(Math.floor(code / (1 << MASKS)))}/${maskLetters(code % (1 << MASKS))}`;
}

/** Parses `event:outcome/letters` (or `start`) into its state code. */
export function parseStateName(name: string): number {
  if (name === START) return START_CODE;
  const slash = name.lastIndexOf('/');
  if (slash < 0) throw new RangeError(`state "${name}" has no "/letters" part`);
  if (name.slice(0, slash) === CARRIED) return stateCode(CARRIED_LABEL, maskFromLetters(name.slice(slash + 1)));
  if (name.slice(slash - 2, slash) === `:${ANY}`) {
    const { type } = parseLabel(name.slice(0, slash - 2));
    if (!POOLED_EVENTS[type]) throw new RangeError(`state "${name}": ${EVENT_TYPES[type]} states are not pooled over outcomes`);
    return stateCode(labelCode(type, ANY_OUTCOME), maskFromLetters(name.slice(slash + 1)));
  }
  const { type, outcomeCode: outcome } = parseLabel(name.slice(0, slash));
  return stateCode(labelCode(type, outcome), maskFromLetters(name.slice(slash + 1)));
}

/**
 * Birthdays that change the age band (birth, 1st, 5th, 10th, 16th), so that a step needs no calendar
 * arithmetic; written into `out` when given (a walk over many children keeps one).
 */
export function birthdays(dob: number, out: Float64Array = new Float64Array(5)): Float64Array {
  if (dob === UNKNOWN_BIRTH) {
    out.set(UNKNOWN_BIRTHDAYS);
    return out;
  }
  // addMonths(dob, 12 × years), with the date taken apart once (four addMonths were a twentieth of a walk)
  const { year, month, day } = civilFromDay(dob);
  out[0] = dob;
  out[1] = birthday(year + 1, month, day);
  out[2] = birthday(year + 5, month, day);
  out[3] = birthday(year + 10, month, day);
  out[4] = birthday(year + 16, month, day);
  return out;
}
/** The day of `month`/`day` in `year`, 29 February falling on the 28th in other years (as addMonths does). */
const birthday = (year: number, month: number, day: number): number => dayFromCivil(year, month, Math.min(day, daysInMonth(year, month)));
const UNKNOWN_BIRTHDAYS = [Infinity, -Infinity, -Infinity, -Infinity, -Infinity];

/** Index into AGE_BANDS on `day` (0 = unknown), from `birthdays`. */
export function ageBand(b: Float64Array, day: number): number {
  return day < b[0]! ? 0 : day < b[1]! ? 1 : day < b[2]! ? 2 : day < b[3]! ? 3 : day < b[4]! ? 4 : 5;
}

/** Buckets of the number of earlier referral episodes: 0, 1, 2, 3 or more. */
export const PREV_BUCKETS = ['0', '1', '2', '3+'] as const;
/** The same for children with a CP plan in an earlier episode (`1cp` = one earlier episode, with a plan). */
export const PLAN_BUCKETS = ['1cp', '2cp', '3+cp'] as const;
/**
 * Children first seen in the data's first year (`0a`, `1a`) or second year (`0b`, `1b`), with no
 * earlier episode in it or one: in an extract that starts on a date, some of them have a history before
 * it that the data does not show, and they behave like the children they are (more referrals, more
 * returns), the more so the earlier they are first seen. Cells keyed by these fall back to the plain
 * bucket, so data without that history loses nothing.
 */
export const SEEN_EARLY_BUCKETS = ['0a', '0b', '1a', '1b'] as const;
/**
 * Children who have left care (a period of care ended: `0cl` in their first episode, `1cl` with one
 * earlier episode…), unless an earlier episode had a CP plan (PLAN_BUCKETS). A child who has been in care comes back
 * into it far more often than one who has not, in the same episode after months at home or in a later one,
 * and the steps between (a plan's end, a closure, a new referral) leave no trace of it in the state:
 * without these, a copy of a log with 171 children with two or more periods of care held 89–100 (review
 * of issue 10, finding F4). Two buckets, not one per number of episodes: care leavers are few, and split
 * further their cells by age band were too small to keep (a 16-year-old's then fell back to every age's,
 * and the careers logs' copies held a sixth fewer care entries at 16 and over), so the fit pools `2cl`
 * and `3+cl` into `1cl` (fittedBucket), and they fall back to it (compile.ts), then to the plain bucket, as
 * the plan buckets do: a model without care buckets (the default one) treats the child as before.
 */
export const CARE_BUCKETS = ['0cl', '1cl', '2cl', '3+cl'] as const;
/**
 * Care leavers with a CP plan in an earlier episode (`1cpcl`: one earlier episode or more, with a plan):
 * both histories. In the plan bucket alone a child whose plan led into care lost having been in care at
 * the case's closure (the reentry log's copy: 15 of 43 children back in care after a later referral), in
 * the care bucket alone its plan (the census log's copy had 16.7% second CP plans against 14.1%). The fit
 * pools `2cpcl` and `3+cpcl` into `1cpcl` as it pools the care buckets, and they fall back to it, then
 * to their plan bucket's cells (compile.ts): a model without them treats the child as one with a plan.
 */
export const PLAN_CARE_BUCKETS = ['1cpcl', '2cpcl', '3+cpcl'] as const;
export const HISTORY_BUCKETS = [...PREV_BUCKETS, ...PLAN_BUCKETS, ...SEEN_EARLY_BUCKETS, ...CARE_BUCKETS, ...PLAN_CARE_BUCKETS] as const;
export type HistoryBucket = (typeof HISTORY_BUCKETS)[number];
/** Length of each seen-early period (the first and the second year of the data). */
export const EARLY_PERIOD_DAYS = 365;

/** The plain bucket a plan or seen-early bucket falls back to (itself for a plain one). */
export function plainBucket(bucket: string): string {
  if (bucket.endsWith('cpcl')) return bucket.slice(0, -4);
  return bucket.endsWith('cp') || bucket.endsWith('cl') ? bucket.slice(0, -2) : /[ab]$/.test(bucket) ? bucket.slice(0, -1) : bucket;
}

/** Which seen-early period a child first seen on `firstDay` is in, for data beginning on `dataStart`: 0 = none. */
export function seenEarlyPeriod(firstDay: number, dataStart: number): number {
  const k = Math.floor((firstDay - dataStart) / EARLY_PERIOD_DAYS);
  // Before the extract's start (a journey still open on it): its history before it is not there either.
  return k <= 0 ? 1 : k === 1 ? 2 : 0;
}

const BUCKET_INDEX = new Map<string, number>(HISTORY_BUCKETS.map((b, i) => [b, i]));
/** BUCKET_INDEX of `${prev}a` (seen early in the first period) and `${prev}b` (the second), by prev 0-1 (a lookup per step: no string built). */
const SEEN_EARLY_INDEX = [0, 1].map((prev) => ['a', 'b'].map((p) => BUCKET_INDEX.get(`${prev}${p}`)!));
/** BUCKET_INDEX of CARE_BUCKETS by prev 0-3 */
const CARE_INDEX = CARE_BUCKETS.map((b) => BUCKET_INDEX.get(b)!);
/** BUCKET_INDEX of PLAN_CARE_BUCKETS by prev 1-3 (index prev - 1) */
const PLAN_CARE_INDEX = PLAN_CARE_BUCKETS.map((b) => BUCKET_INDEX.get(b)!);

const SEEN_EARLY_SET = new Uint8Array(HISTORY_BUCKETS.length);
for (const b of SEEN_EARLY_BUCKETS) SEEN_EARLY_SET[BUCKET_INDEX.get(b)!] = 1;
/** Whether the bucket of index `index` (into HISTORY_BUCKETS) is a seen-early one (SEEN_EARLY_BUCKETS). */
export function isSeenEarlyBucket(index: number): boolean {
  return SEEN_EARLY_SET[index] === 1;
}

/** The bucket the fit tallies a step of bucket `index` under: `2cl` and `3+cl` pooled into `1cl` (CARE_BUCKETS), `2cpcl` and `3+cpcl` into `1cpcl`. */
export function fittedBucket(index: number): number {
  if (index === PLAN_CARE_INDEX[1] || index === PLAN_CARE_INDEX[2]) return PLAN_CARE_INDEX[0]!;
  return index === CARE_INDEX[2] || index === CARE_INDEX[3] ? CARE_INDEX[1]! : index;
}

/**
 * A child's episodes so far, for the history bucket: earlier episodes are those before the current one,
 * and the current one too once its case is closed (so the gap to the next contact is looked up by the
 * number of episodes the child has had).
 */
export class History {
  referrals = 0;
  private earlierPlan = false;
  private currentPlan = false;
  /** a period of care of the child has ended (CARE_BUCKETS) */
  private leftCare = false;
  /** seenEarlyPeriod of the child's first event: 0 none, 1 the data's first year, 2 its second (see SEEN_EARLY_BUCKETS) */
  readonly seenEarly: number;
  /**
   * Every step of a child seen early goes to the seen-early buckets, whatever its visible history: the
   * fit does this for data that the generator will burn in (its plain buckets then hold only children
   * whose history the data shows, which is what a burnt-in child has).
   */
  readonly onlySeenEarly: boolean;

  constructor(seenEarly = 0, onlySeenEarly = false) {
    this.seenEarly = seenEarly;
    this.onlySeenEarly = onlySeenEarly;
  }

  /** Call after each event is taken. */
  note(type: number): void {
    if (type === EV.referral) {
      this.earlierPlan ||= this.currentPlan;
      this.currentPlan = false;
      this.referrals++;
    } else if (type === EV.cp_plan_start) this.currentPlan = true;
    else if (type === EV.cla_end) this.leftCare = true;
  }

  /** Index into HISTORY_BUCKETS for the journey's current state. */
  bucket(journey: Journey): number {
    const closed = journey.current === null || journey.current.closed;
    const earlier = closed ? this.referrals : this.referrals - 1;
    const plan = this.earlierPlan || (closed && this.currentPlan);
    const prev = earlier >= 3 ? 3 : Math.max(0, earlier);
    // Three earlier episodes seen are three or more whatever the data does not show: the top bucket is exact.
    // Having left care is history the data shows, for a child seen early too (a burnt-in child has it when
    // its burn-in had it): it goes first, or the care buckets of an extract with history before it held
    // only the children first seen two years into it. An earlier CP plan stays the history of a child who
    // had one (the census log's copy had 16.7% second CP plans against 14.1% when care came first): a
    // child with both has both (PLAN_CARE_BUCKETS), falling back to its plan bucket.
    if (this.leftCare) return plan && prev > 0 ? PLAN_CARE_INDEX[prev - 1]! : CARE_INDEX[prev]!;
    if (this.seenEarly > 0 && this.onlySeenEarly && prev < 3) return SEEN_EARLY_INDEX[Math.min(prev, 1)]![this.seenEarly - 1]!;
    if (plan && prev > 0) return PREV_BUCKETS.length + prev - 1;
    if (this.seenEarly > 0 && prev < 2) return SEEN_EARLY_INDEX[prev]![this.seenEarly - 1]!;
    return prev;
  }
}

function spanOpen(e: EpisodeState, endType: number): boolean {
  switch (endType) {
    case EV.assessment_end: return e.assessmentStart !== NO_DAY;
    case EV.s47_end: return e.s47Start !== NO_DAY;
    case EV.cin_plan_end: return e.cinPlanStart !== NO_DAY;
    case EV.cp_plan_end: return e.cpPlanStart !== NO_DAY;
    default: return false;
  }
}

/**
 * The episode an end of `type` closes: the current one when the span is open there, else the newest
 * earlier episode where it is open; null when none is (the grammar would refuse the end).
 */
export function episodeForEnd(journey: Journey, type: number): EpisodeState | null {
  if (journey.current && spanOpen(journey.current, type)) return journey.current;
  for (let k = journey.episodes.length - 1; k >= 0; k--) if (spanOpen(journey.episodes[k]!, type)) return journey.episodes[k]!;
  return null;
}

/** The day the span an end (`type`) closes began: NO_DAY for a step that ends no span, or none open. */
export function spanStartDay(journey: Journey, type: number, episode: EpisodeState | null): number {
  switch (type) {
    case EV.assessment_end: return episode?.assessmentStart ?? NO_DAY;
    case EV.s47_end: return episode?.s47Start ?? NO_DAY;
    case EV.cin_plan_end: return episode?.cinPlanStart ?? NO_DAY;
    case EV.cp_plan_end: return episode?.cpPlanStart ?? NO_DAY;
    case EV.cla_end: return journey.careStart;
    case EV.early_help_end: return journey.earlyHelpStart;
    default: return NO_DAY;
  }
}

/**
 * The day a step's duration is counted from. An end counts from its start (so an assessment's length
 * does not depend on what happened during it); an ICPC from the S47 awaiting it; a CP plan from the
 * conference that decided on it; anything else from the previous event (`lastDay`). `episode` is the
 * episode the step belongs to (null: none).
 */
export function anchorDay(journey: Journey, type: number, episode: EpisodeState | null, lastDay: number): number {
  let anchor = spanStartDay(journey, type, episode);
  switch (type) {
    case EV.icpc: if (episode?.s47Status === S47_AWAITING_CONFERENCE) anchor = episode.lastS47Day; break;
    case EV.cp_plan_start: if (episode?.icpcDecision === ICPC_PLAN_DECIDED) anchor = episode.lastIcpcDay; break;
  }
  return anchor === NO_DAY || anchor > lastDay ? lastDay : anchor;
}

const CONTACT_NFA = outcomeCode('nfa');
const CONTACT_ADVICE = outcomeCode('advice');
/** Days within which a referral after a contact asking for one is that contact's referral. */
const CONTACT_REFERRAL_DAYS = 7;

/**
 * Whether a referral on `referralDay` straight after a contact (outcome code `contactOutcome`, on
 * `contactDay`) is the referral the contact asked for, and so keeps the contact's source: the generator
 * copies the source then, and the fit learns the referral sources from the other referrals only (audit
 * a10b F3: learned from every referral, the copies had 17% too few referrals from another council).
 */
export function keepsContactSource(contactOutcome: number, contactDay: number, referralDay: number): boolean {
  return contactOutcome !== CONTACT_NFA && contactOutcome !== CONTACT_ADVICE && referralDay - contactDay <= CONTACT_REFERRAL_DAYS;
}

/**
 * Whether what comes next from a state with nothing open whose last event has label `label` is a child coming back,
 * not what its contact asked for: any last event but a contact whose outcome asks for something (a referral, early
 * help). Step-trends.ts's returns (RETURN_KIND) are these.
 */
export function comesBackAfter(label: number): boolean {
  const outcome = label & 63;
  return label >> 6 !== EV.contact || outcome === CONTACT_NFA || outcome === CONTACT_ADVICE;
}

/**
 * Letters over which a state too rare for the small-cell rule is pooled with its sibling (the same last
 * step, the letter toggled), each with the events whose steps depend on it (never pooled over it). Split
 * by every letter, the states of a rare situation fell below minCell one by one though together they held
 * enough children: care begun while a CP plan was open (trips-growth log, 50,000 children, seed 5) came in
 * `cla_start:/lph` (6 children whose care ended before the plan) and `cla_start:/lsph` (4), so its end was
 * dropped in both, and with it the states after (`cla_end:*\/ph`, `cla_end:*\/sph`), which the generator
 * then refused to enter with a plan open: no copy's care begun on a plan ended before the plan (the log 12).
 * An S47 left open has no bearing on when care ends; only the steps of the S47 and of what follows it do.
 * General, not care's: any step of a state split only by such a letter is pooled the same way (cells.ts
 * poolRareOutcomes), and every cell written still describes at least minCell children (the pooled ones).
 */
export const SIBLING_LETTERS: ReadonlyArray<{ letter: string; events: readonly EventType[] }> = [
  { letter: 's', events: ['strategy_discussion', 's47_start', 's47_end', 'icpc', 'case_closed'] },
];

/** The sibling states of a state named `name` (SIBLING_LETTERS) a step of event `event` may be pooled with. */
export function siblingStateNames(name: string, event: string): string[] {
  if (name === START) return [];
  const slash = name.lastIndexOf('/');
  if (slash < 0) return [];
  const letters = name.slice(slash + 1);
  const out: string[] = [];
  for (const { letter, events } of SIBLING_LETTERS) {
    if ((events as readonly string[]).includes(event)) continue;
    const toggled = maskFromLetters(letters) ^ maskFromLetters(letter);
    out.push(`${name.slice(0, slash)}/${maskLetters(toggled)}`);
  }
  return out;
}

/**
 * The state a state named `name` is pooled into when too rare (SIBLING_LETTERS): the same without the
 * letter, or null when it has none of them. The generator walks a state the model lacks as this one
 * (compile.ts stateIndexOf).
 */
export function siblingBaseName(name: string): string | null {
  if (name === START) return null;
  const slash = name.lastIndexOf('/');
  if (slash < 0) return null;
  const mask = maskFromLetters(name.slice(slash + 1));
  for (const { letter } of SIBLING_LETTERS) {
    const bit = maskFromLetters(letter);
    if (mask & bit) return `${name.slice(0, slash)}/${maskLetters(mask & ~bit)}`;
  }
  return null;
}

/** The letters of SIBLING_LETTERS as one mask. */
export const SIBLING_MASK = SIBLING_LETTERS.reduce((m, { letter }) => m | maskFromLetters(letter), 0);
