// The journey grammar: which step of children's social care may follow which, as statute and the
// DfE's returns order them. One definition, used by the synthetic-data fit (it learns only from what
// the grammar accepts), the generator (it can only emit what the grammar accepts) and the importers'
// data-quality report (sequence rules). Pure: no I/O.
//
// Scope of each rule:
// - Within a referral episode (events linked as events-csv.md says: `episode_id`, else the latest
//   referral on or before the event): assessments, S47 enquiries, ICPCs, CIN plans and CP plans.
// - Per child: periods of care (they cannot overlap), early help, CP plans overlapping across episodes,
//   date of birth and 18th birthday.
// Real-world variations the grammar accepts (they are not breaks):
// - events of the same date in any file order (each date is checked in the order that works, if one does);
// - a strategy discussion and its S47 on the same day or days apart; S47s without a recorded end
//   (the CIN census has none); a second S47 in an episode;
// - a CP plan starting at its ICPC's date or days later; an ICPC with a blank outcome;
// - a transfer-in: an ICPC, or a CP plan with no ICPC, in an episode that had no strategy discussion and
//   no S47 before it, whose referral came from another council (source `5C`) or whose source is not
//   known (blank, `10`, or no referral in the log): the child arrived on another council's plan, and its
//   conference is a transfer-in conference. A police or school referral whose episode reaches a
//   conference with no enquiry is a break (audit a10b F2: "an ICPC straight from an assessment"). The
//   returns' importers give no sources to the grammar (sequence-rules.ts): the CIN census records a
//   transfer-in conference as `DateOfInitialCPC` of `CINdetails` with no S47, whatever the source;
// - episodes with or without ids; steps outside any episode (data without referrals, such as care only);
// - a period of care starting on the day the previous one ended; care and early help (spans of the child,
//   not of an episode) ending after an episode's closure; an episode's ends on its closure day, in any order;
// - the end of a span open at the extract's start (openAtStartRows): a log that begins on a date holds
//   the ends of care, early help, assessments, S47s and plans that began before it, with no start.
import { NO_DATE } from './children.js';
import { addMonths, civilFromDay, dayFromCivil, daysInMonth } from './dates.js';
import { EV as EVENT_CODES, SOURCE_CODES, outcomeCode } from './events.js';
import { sameDayRank, sortSameDay } from './same-day-order.js';

// A local copy: an imported binding is read through a getter on every use, which in the switches
// below cost more than the checks themselves.
const EV = { ...EVENT_CODES };

/** Marks "no date" in a journey's state (a span not open, a step not taken, a birth date unknown): ChildAttributes' NO_DATE. */
export const NO_DAY = NO_DATE;

/** Each rule: a stable code, what breaks it in plain English, and the DfE validation rule it follows, if one does. */
export const GRAMMAR_RULES = [
  { code: 'before-birth', message: 'an event dated before the child\'s date of birth', dfe: null },
  { code: 'after-eighteen', message: 'a step on or after the 18th birthday (an end, or care ending: after it)', dfe: null },
  { code: 'end-without-start', message: 'an end with no open start of the same kind: in its episode for assessments, S47s, CIN and CP plans; for the child for care and early help', dfe: null },
  { code: 'duplicate-row', message: 'a row repeating one already taken that day: the same event, outcome and episode (a referral: the same outcome); not taken into the journey', dfe: null },
  { code: 'start-while-open', message: 'a start of a span already open: an assessment or CIN plan in its episode, early help for the child, or an S47 begun that day in its episode; not taken (the first start stands)', dfe: null },
  { code: 'overlapping-care', message: 'a period of care starting while another is open', dfe: null },
  { code: 'overlapping-cp-plan', message: 'a CP plan starting while another CP plan of the child is open', dfe: null },
  { code: 'icpc-without-s47', message: 'an ICPC with no S47 of its episode awaiting a conference (after a strategy discussion or S47, or in an episode referred by someone other than another council, so not a transfer-in conference)', dfe: '8615' },
  // DfE 2885 asks for the plan to start on the ICPC's date; councils record days later too, which is accepted.
  { code: 'cp-plan-without-icpc', message: 'a CP plan starting with no ICPC of its episode that decided on one (after a strategy discussion or S47, or in an episode referred by someone other than another council, so not a transfer-in)', dfe: null },
  { code: 'step-after-nfa-referral', message: 'an assessment, strategy discussion, S47, ICPC or plan in an episode whose referral needed no further action', dfe: null },
  { code: 'step-after-closure', message: 'an assessment, strategy discussion, S47, ICPC or plan starting in an episode after its case was closed', dfe: null },
  // The CIN census's "activity shown after a case has been closed": nothing of an episode is dated after its closure.
  { code: 'end-after-closure', message: 'an assessment, S47, CIN plan or CP plan of an episode ending on a day after its case was closed', dfe: '8565' },
  { code: 'step-without-referral', message: 'an assessment, strategy discussion, S47, ICPC or plan in an episode whose referral is not in the log, first seen more than a year after the log\'s first day (too late to have begun before the log)', dfe: null },
  { code: 'step-before-referral', message: 'an assessment, strategy discussion, S47, ICPC or plan dated before its episode\'s referral (only possible with episode ids)', dfe: '1104, 1105' },
] as const;
export type GrammarRule = (typeof GRAMMAR_RULES)[number]['code'];
export const GRAMMAR_RULE_CODES: readonly GrammarRule[] = GRAMMAR_RULES.map((r) => r.code);

/** Where an S47 stands with its conference. */
export const S47_NONE = 0;
/** an S47 started (ended with outcome `icpc` or blank, or not ended) and no ICPC since */
export const S47_AWAITING_CONFERENCE = 1;
/** the last S47 ended `nfa` or `cin`: no conference follows it */
export const S47_NO_CONFERENCE = 2;
/** the last S47 had its ICPC */
export const S47_CONFERENCE_HELD = 3;

/** What the episode's last ICPC decided. */
export const ICPC_NONE = 0;
/** outcome `cp_plan` or blank, and no plan started from it yet */
export const ICPC_PLAN_DECIDED = 1;
export const ICPC_NO_PLAN = 2;
/** the plan it decided on has started */
export const ICPC_PLAN_STARTED = 3;

const OUTCOME_NFA = outcomeCode('nfa');
const OUTCOME_CIN = outcomeCode('cin');
const OUTCOME_NO_PLAN = outcomeCode('no_plan');

/** Stored source code (SOURCE_CODES index + 1) of `5C`: another council's children's social care. */
export const SOURCE_ANOTHER_COUNCIL = SOURCE_CODES.indexOf('5C') + 1;
const SOURCE_UNKNOWN = SOURCE_CODES.indexOf('10') + 1;

/**
 * Whether a referral of stored source `source` may bring a transfer-in conference or plan: from another
 * council (5C), or of no known source (blank, 10 "unknown").
 */
export function sourceAllowsTransferIn(source: number): boolean {
  return source === 0 || source === SOURCE_ANOTHER_COUNCIL || source === SOURCE_UNKNOWN;
}

/** Steps that open or act within an episode and so need it to be open and not NFA at referral. */
const EPISODE_STEP = new Uint8Array(32);
for (const t of [EV.assessment_start, EV.strategy_discussion, EV.s47_start, EV.icpc, EV.cin_plan_start, EV.cp_plan_start]) EPISODE_STEP[t] = 1;
/** Ends (and closure): allowed on the 18th birthday; every other step must come before it. */
const ENDING = new Uint8Array(32);
for (const t of [EV.early_help_end, EV.assessment_end, EV.s47_end, EV.cin_plan_end, EV.cp_plan_end, EV.cla_end, EV.case_closed]) ENDING[t] = 1;

/**
 * The rules of a repeated row: a duplicate row, or a start of a span already open. Such a row is not
 * taken into the journey (walkJourney, Journey.step), the fit does not learn from it, and the generator
 * never writes one (it draws again).
 */
export function isRepeat(rule: GrammarRule | null): boolean {
  return rule === 'duplicate-row' || rule === 'start-while-open';
}

/**
 * What makes two rows of a child on one day the same event for the grammar: type, outcome and episode;
 * a referral by type and outcome alone (without episode ids each referral opens an episode of its own,
 * so a repeated referral row would otherwise look like a new episode).
 */
function sameDayKey(type: number, outcome: number, episode: number): number {
  return (type === EV.referral ? -2 : episode) * 8192 + outcome * 32 + type;
}

/** Whether an event type ends something (a span, care, or the case) rather than starting or being a step. */
export function isEnding(type: number): boolean {
  return ENDING[type] === 1;
}

/**
 * The 18th birthday of a child born on `dob` (+Infinity when unknown). With `monthOnly` (a `dob` given as
 * `YYYY-MM`, read as the 1st) the day is unknown: the birthday lies somewhere in that month 18 years on,
 * so an event is after it only if it is after the month's last possible birthday. The grammar takes the
 * last day of that month: a step on or after it, or an end after it, breaks `after-eighteen`, whatever the
 * day of birth in the month (review v10d F5: ends in the birthday month were flagged).
 */
export function eighteenthBirthday(dob: number, monthOnly = false): number {
  if (dob === NO_DAY) return Infinity;
  const birthday = addMonths(dob, 216);
  if (!monthOnly) return birthday;
  const { year, month } = civilFromDay(birthday);
  return dayFromCivil(year, month, daysInMonth(year, month));
}

/** The state of one referral episode (or of the steps of a child that belong to no episode). */
export class EpisodeState {
  /** the episode's key: its index in an EventTable (or any number the caller uses); -1 = no episode */
  readonly key: number;
  referralDay = NO_DAY;
  referralNfa = false;
  closed = false;
  /** day of the episode's closure while it is closed, else NO_DAY */
  closedDay = NO_DAY;
  /** start day of the open span of each kind, NO_DAY when none is open */
  assessmentStart = NO_DAY;
  s47Start = NO_DAY;
  cinPlanStart = NO_DAY;
  cpPlanStart = NO_DAY;
  /** day of the latest S47 start and the latest ICPC (the anchors of the ICPC and of the CP plan) */
  lastS47Day = NO_DAY;
  lastIcpcDay = NO_DAY;
  s47Status = S47_NONE;
  icpcDecision = ICPC_NONE;
  /** a strategy discussion or an S47 has happened: an ICPC or CP plan can no longer be a transfer-in */
  childProtectionStarted = false;
  /** a strategy discussion has been held and no S47 has started since (the synthetic state remembers it: synth/states.ts) */
  discussionAwaitingS47 = false;
  /**
   * the stored source of the episode's referral (0: blank, or the referral not seen): whether it may bring
   * a transfer-in (sourceAllowsTransferIn), and whether it came from another council (synth/states.ts t)
   */
  referralSource = 0;

  constructor(key: number) {
    this.key = key;
  }

  /** Whether any span of the episode is open, or a conference or plan is still to come. */
  get busy(): boolean {
    return this.assessmentStart !== NO_DAY || this.s47Start !== NO_DAY || this.cinPlanStart !== NO_DAY || this.cpPlanStart !== NO_DAY ||
      this.s47Status === S47_AWAITING_CONFERENCE || this.icpcDecision === ICPC_PLAN_DECIDED;
  }
}

/** A plain-data copy of a Journey (JSON-safe), to store a child's state or continue it later. */
export interface JourneySnapshot {
  dob: number;
  careStart: number;
  earlyHelpStart: number;
  lastDay: number;
  current: number | null;
  episodes: Array<Omit<EpisodeState, 'busy'>>;
  /** Journey.takenToday (absent in snapshots from before the duplicate-row rule) */
  takenToday?: number[];
}

/**
 * One child's journey so far, as the grammar sees it: what is open, what is awaited, and where each
 * span started. `check` says whether an event may come next (the rule it breaks, or null); `apply`
 * takes it into the state (also when it broke a rule, so that one bad row is reported once, not again
 * at every later step). Events must be given in date order.
 */
export class Journey {
  /** day number of birth, NO_DAY when unknown */
  readonly dob: number;
  /** the 18th birthday (no step on or after it, no end after it); +Infinity when the birth date is unknown */
  readonly eighteenth: number;
  careStart = NO_DAY;
  earlyHelpStart = NO_DAY;
  /** day of the latest event taken, NO_DAY before the first */
  lastDay = NO_DAY;
  /** episodes seen, oldest first; the "no episode" group has key -1 */
  readonly episodes: EpisodeState[] = [];
  /** the episode of the latest referral (where the next steps go when episodes are linked by date) */
  current: EpisodeState | null = null;
  /** spans taken as open on the log's first day (seedOpenAtStart): the child was carried into the extract */
  openAtStart = 0;
  /** the events taken on `lastDay`, each as sameDayKey (type, outcome, episode): what a duplicate row repeats */
  readonly takenToday: number[] = [];

  /** `dobMonthOnly`: the birth date was given as a month only (`YYYY-MM`, `dob` its 1st): see eighteenthBirthday. */
  constructor(dob: number = NO_DAY, dobMonthOnly = false) {
    this.dob = dob;
    this.eighteenth = eighteenthBirthday(dob, dobMonthOnly);
  }

  /** The episode of `key`, created on first use. */
  episode(key: number): EpisodeState {
    for (let k = this.episodes.length - 1; k >= 0; k--) if (this.episodes[k]!.key === key) return this.episodes[k]!;
    const created = new EpisodeState(key);
    this.episodes.push(created);
    return created;
  }

  /** The episode of `key` if it has been seen, else null (no episode is created). */
  findEpisode(key: number): EpisodeState | null {
    for (let k = this.episodes.length - 1; k >= 0; k--) if (this.episodes[k]!.key === key) return this.episodes[k]!;
    return null;
  }

  /** Number of CP plans open across all episodes of the child. */
  get openCpPlans(): number {
    let n = 0;
    for (const e of this.episodes) if (e.cpPlanStart !== NO_DAY) n++;
    return n;
  }

  /**
   * No care or early help open, and every episode closed or with nothing open or awaited: a point where
   * a journey can be cut or can end. (An S47 with no recorded end keeps its episode busy until the case closes.)
   */
  get idle(): boolean {
    if (this.careStart !== NO_DAY || this.earlyHelpStart !== NO_DAY) return false;
    for (const e of this.episodes) if (!e.closed && e.busy) return false;
    return true;
  }

  /**
   * The rule that `type` on `day` in episode `episode` would break, or null when the grammar accepts it.
   * Contacts, care and early help ignore `episode`. The outcome (a stored outcome code, 0 = blank) decides
   * nothing about the event itself, only what may follow it (`apply`), and is taken for symmetry.
   */
  check(type: number, day: number, outcome: number, episode: number): GrammarRule | null {
    if (this.dob !== NO_DAY && day < this.dob) return 'before-birth';
    if (ENDING[type] === 1 ? day > this.eighteenth : day >= this.eighteenth) return 'after-eighteen';
    // A contact repeated on a day is two contacts (two people got in touch): it opens nothing, and a council's
    // return counts both, so only the other events can be duplicate rows (the census test log has 62 such pairs).
    if (type !== EV.contact && day === this.lastDay && this.takenToday.length > 0 && this.takenToday.includes(sameDayKey(type, outcome, episode))) return 'duplicate-row';
    switch (type) {
      case EV.early_help_start:
        return this.earlyHelpStart !== NO_DAY ? 'start-while-open' : null;
      case EV.assessment_start:
      case EV.cin_plan_start:
      case EV.s47_start: {
        const ep = this.findEpisode(episode);
        if (ep === null) break;
        const open = type === EV.assessment_start ? ep.assessmentStart : type === EV.cin_plan_start ? ep.cinPlanStart : ep.s47Start;
        // An S47 may be recorded with no end (the CIN census has none), so only one begun that day is a repeat.
        if (open !== NO_DAY && (type !== EV.s47_start || open === day)) return 'start-while-open';
        break;
      }
      case EV.early_help_end:
        return this.earlyHelpStart === NO_DAY ? 'end-without-start' : null;
      case EV.cla_start:
        return this.careStart !== NO_DAY ? 'overlapping-care' : null;
      case EV.cla_end:
        return this.careStart === NO_DAY ? 'end-without-start' : null;
      case EV.assessment_end:
      case EV.s47_end:
      case EV.cin_plan_end:
      case EV.cp_plan_end: {
        const ep = this.findEpisode(episode);
        const start = ep === null ? NO_DAY : type === EV.assessment_end ? ep.assessmentStart : type === EV.s47_end ? ep.s47Start : type === EV.cin_plan_end ? ep.cinPlanStart : ep.cpPlanStart;
        if (start === NO_DAY) return 'end-without-start';
        // After its episode's closure (on the closure day it is none: same-day rows come in any order). A
        // closure of unknown day (a snapshot from before closedDay) is not judged.
        return ep!.closed && ep!.closedDay !== NO_DAY && day > ep!.closedDay ? 'end-after-closure' : null;
      }
    }
    if (EPISODE_STEP[type] !== 1) return null;
    const ep = this.findEpisode(episode);
    if (ep) {
      if (ep.referralNfa) return 'step-after-nfa-referral';
      if (ep.closed) return 'step-after-closure';
    }
    if (type === EV.icpc) {
      const awaiting = ep !== null && ep.s47Status === S47_AWAITING_CONFERENCE;
      const transferIn = ep === null || (!ep.childProtectionStarted && sourceAllowsTransferIn(ep.referralSource));
      return awaiting || transferIn ? null : 'icpc-without-s47';
    }
    if (type === EV.cp_plan_start) {
      if (this.openCpPlans > 0) return 'overlapping-cp-plan';
      const decided = ep !== null && ep.icpcDecision === ICPC_PLAN_DECIDED;
      const transferIn = ep === null || (!ep.childProtectionStarted && sourceAllowsTransferIn(ep.referralSource) && ep.icpcDecision === ICPC_NONE);
      return decided || transferIn ? null : 'cp-plan-without-icpc';
    }
    return null;
  }

  /**
   * Takes an event into the state (whether or not `check` accepted it). `source`: a contact's or
   * referral's stored source code (0 = blank; events.ts SOURCE_CODES index + 1), which says whether the
   * referral's episode may hold a transfer-in.
   */
  apply(type: number, day: number, outcome: number, episode: number, source = 0): void {
    // Popped, not `length = 0`: setting an array's length is a slow builtin, and this runs on every event.
    if (day !== this.lastDay) while (this.takenToday.length > 0) this.takenToday.pop();
    this.takenToday.push(sameDayKey(type, outcome, episode));
    this.lastDay = day;
    switch (type) {
      case EV.contact:
        return;
      case EV.early_help_start:
        this.earlyHelpStart = day;
        return;
      case EV.early_help_end:
        this.earlyHelpStart = NO_DAY;
        return;
      case EV.cla_start:
        this.careStart = day;
        return;
      case EV.cla_end:
        this.careStart = NO_DAY;
        return;
    }
    const ep = this.episode(episode);
    switch (type) {
      case EV.referral:
        ep.referralDay = day;
        ep.referralNfa = outcome === OUTCOME_NFA;
        ep.referralSource = source;
        ep.closed = false;
        ep.closedDay = NO_DAY;
        this.current = ep;
        return;
      case EV.assessment_start:
        ep.assessmentStart = day;
        return;
      case EV.assessment_end:
        ep.assessmentStart = NO_DAY;
        return;
      case EV.strategy_discussion:
        ep.childProtectionStarted = true;
        ep.discussionAwaitingS47 = true;
        return;
      case EV.s47_start:
        ep.discussionAwaitingS47 = false;
        ep.s47Start = day;
        ep.lastS47Day = day;
        ep.s47Status = S47_AWAITING_CONFERENCE;
        ep.childProtectionStarted = true;
        return;
      case EV.s47_end:
        ep.s47Start = NO_DAY;
        if (ep.s47Status === S47_AWAITING_CONFERENCE && (outcome === OUTCOME_NFA || outcome === OUTCOME_CIN)) ep.s47Status = S47_NO_CONFERENCE;
        return;
      case EV.icpc:
        if (ep.s47Status === S47_AWAITING_CONFERENCE) ep.s47Status = S47_CONFERENCE_HELD;
        ep.lastIcpcDay = day;
        ep.icpcDecision = outcome === OUTCOME_NO_PLAN ? ICPC_NO_PLAN : ICPC_PLAN_DECIDED;
        return;
      case EV.cin_plan_start:
        ep.cinPlanStart = day;
        return;
      case EV.cin_plan_end:
        ep.cinPlanStart = NO_DAY;
        return;
      case EV.cp_plan_start:
        ep.cpPlanStart = day;
        if (ep.icpcDecision === ICPC_PLAN_DECIDED) ep.icpcDecision = ICPC_PLAN_STARTED;
        return;
      case EV.cp_plan_end:
        ep.cpPlanStart = NO_DAY;
        return;
      case EV.case_closed:
        ep.closed = true;
        ep.closedDay = day;
        ep.discussionAwaitingS47 = false;
        return;
    }
  }

  /**
   * `check`, then `apply`: the rule the event broke, or null. A broken event is taken into the state all
   * the same (one bad row is reported once), except a repeat (NOT_TAKEN: a duplicate row, a start of a
   * span already open), which leaves the journey as it was: the first start stands, its end closes it.
   */
  step(type: number, day: number, outcome: number, episode: number, source = 0): GrammarRule | null {
    const rule = this.check(type, day, outcome, episode);
    if (rule === null || !isRepeat(rule)) this.apply(type, day, outcome, episode, source);
    return rule;
  }

  /** A JSON-safe copy of the state (for a forecast to continue the child from, or a test to compare). */
  snapshot(): JourneySnapshot {
    return {
      dob: this.dob,
      careStart: this.careStart,
      earlyHelpStart: this.earlyHelpStart,
      lastDay: this.lastDay,
      current: this.current ? this.current.key : null,
      episodes: this.episodes.map((e) => ({ ...e })),
      takenToday: [...this.takenToday],
    };
  }

  /** The Journey a snapshot was taken of. */
  static restore(snapshot: JourneySnapshot): Journey {
    const journey = new Journey(snapshot.dob);
    journey.careStart = snapshot.careStart;
    journey.earlyHelpStart = snapshot.earlyHelpStart;
    journey.lastDay = snapshot.lastDay;
    journey.takenToday.push(...(snapshot.takenToday ?? []));
    for (const e of snapshot.episodes) {
      const ep = journey.episode(e.key);
      // (snapshots from before a field have none: a discussion awaiting nothing, any source)
      Object.assign(ep, { discussionAwaitingS47: false, referralSource: 0 }, e);
    }
    journey.current = snapshot.current === null ? null : journey.findEpisode(snapshot.current);
    return journey;
  }
}

/** The start event of each end's span; -1 for events that end no span. */
const START_OF = new Int8Array(32).fill(-1);
START_OF[EV.early_help_end] = EV.early_help_start;
START_OF[EV.cla_end] = EV.cla_start;
START_OF[EV.assessment_end] = EV.assessment_start;
START_OF[EV.s47_end] = EV.s47_start;
START_OF[EV.cin_plan_end] = EV.cin_plan_start;
START_OF[EV.cp_plan_end] = EV.cp_plan_start;
/** Spans of the child (care, early help) rather than of an episode. */
const CHILD_SPAN = new Uint8Array(32);
for (const t of [EV.early_help_start, EV.early_help_end, EV.cla_start, EV.cla_end]) CHILD_SPAN[t] = 1;

/** The start event of the span `type` ends, or -1. */
export function spanStartOf(type: number): number {
  return START_OF[type]!;
}

/**
 * The rows of one child (rows [lo, hi), date order) that end a span open on the log's first day: an
 * extract that begins on a date holds ends of spans begun before it, with no start. An end is one when
 * the log shows nothing of its span before it, which is what can be decided from the log alone:
 * - care and early help (spans of the child): no start or end of the same kind earlier for the child;
 * - assessments, S47s, CIN and CP plans (spans of an episode): the episode's referral is not in the log
 *   (with episode ids: no referral with that id; without: no referral of the child before the end, so
 *   the end belongs to no episode), and no start or end of the same kind earlier in that episode;
 * - and the child was born on or before the log's first day `logFrom` (when both are known).
 * Anything else with no start (an end after a referral of its episode in the log, or a second end of a
 * kind) breaks the grammar: `end-without-start`. Null when there is none (the usual case).
 */
export function openAtStartRows(columns: JourneyColumns, lo: number, hi: number, dob: number = NO_DAY, logFrom = -Infinity): number[] | null {
  const { type, episode } = columns;
  let anyEnd = false;
  for (let i = lo; i < hi && !anyEnd; i++) anyEnd = START_OF[type[i]!]! >= 0;
  if (!anyEnd) return null;
  if (dob !== NO_DAY && Number.isFinite(logFrom) && dob > logFrom) return null;
  let referred: Set<number> | null = null;
  for (let i = lo; i < hi; i++) if (type[i] === EV.referral) (referred ??= new Set()).add(episode[i]!);
  /** kinds seen: bit (start type) per scope; the child's scope is keyed -2 */
  const seen = new Map<number, number>();
  let rows: number[] | null = null;
  for (let i = lo; i < hi; i++) {
    const t = type[i]!;
    const start = START_OF[t]! >= 0 ? START_OF[t]! : CHILD_SPAN[t] === 1 || EPISODE_SPAN_START[t] === 1 ? t : -1;
    if (start < 0) continue;
    const scope = CHILD_SPAN[t] === 1 ? -2 : episode[i]!;
    const bits = seen.get(scope) ?? 0;
    const bit = 1 << start;
    if (START_OF[t]! >= 0 && (bits & bit) === 0 && (scope === -2 || !(referred?.has(scope) ?? false))) (rows ??= []).push(i);
    seen.set(scope, bits | bit);
  }
  return rows;
}
const EPISODE_SPAN_START = new Uint8Array(32);
for (const t of [EV.assessment_start, EV.s47_start, EV.cin_plan_start, EV.cp_plan_start]) EPISODE_SPAN_START[t] = 1;

/**
 * Takes into `journey` (before any event) the start of each span the rows `ends` close (openAtStartRows),
 * dated `day`: what the child had open on the log's first day. The latest episode given becomes the
 * current one. Returns the spans taken.
 */
export function seedOpenAtStart(journey: Journey, columns: JourneyColumns, ends: readonly number[], day: number): number {
  for (const i of ends) {
    const start = START_OF[columns.type[i]!]!;
    const key = CHILD_SPAN[start] === 1 ? -1 : columns.episode[i]!;
    journey.apply(start, day, 0, key);
    if (CHILD_SPAN[start] !== 1) journey.current = journey.findEpisode(key);
  }
  journey.openAtStart += ends.length;
  return ends.length;
}

/** A child's events as columns (an EventTable is one): event type and outcome codes, day number, episode (-1 = none). */
export interface JourneyColumns {
  readonly type: ArrayLike<number>;
  readonly day: ArrayLike<number>;
  readonly outcome: ArrayLike<number>;
  readonly episode: ArrayLike<number>;
  /** stored source codes (0 = blank); absent: none known (every referral may bring a transfer-in) */
  readonly source?: ArrayLike<number>;
}

/**
 * Walks the events in rows [lo, hi) of one child (in date order, file order within a date) through the
 * grammar. Events of the same date are taken in file order where the grammar accepts that, else in the
 * order that works (an ICPC listed after its same-day CP plan, a care period listed before the one it
 * follows). `visit(row, rule, journey)` is called for each row in the order taken, before the row is
 * applied: `rule` is null when accepted, else the rule it breaks. Returns the journey after the last row.
 */
export function walkJourney(
  columns: JourneyColumns, lo: number, hi: number, dob: number,
  visit?: (row: number, rule: GrammarRule | null, journey: Journey) => void,
  logFrom = -Infinity,
  dobMonthOnly = false,
): Journey {
  const journey = new Journey(dob, dobMonthOnly);
  const { type, day, episode } = columns;
  // Spans open on the log's first day (an extract begins on a date): their starts are taken first.
  const open = hi > lo ? openAtStartRows(columns, lo, hi, dob, logFrom) : null;
  {
    if (open) {
      seedOpenAtStart(journey, columns, open, Number.isFinite(logFrom) ? Math.min(logFrom, day[lo]!) : day[lo]!);
      journey.lastDay = NO_DAY;
    }
  }
  // Episodes named by id may list steps dated before their referral: find each referral's date first.
  let referralDays: Map<number, number> | null = null;
  for (let i = lo; i < hi; i++) {
    if (type[i] !== EV.referral || episode[i]! < 0) continue;
    referralDays ??= new Map();
    const known = referralDays.get(episode[i]!);
    if (known === undefined || day[i]! < known) referralDays.set(episode[i]!, day[i]!);
  }
  const lateEpisodes = Number.isFinite(logFrom) ? episodesBegunLate(columns, lo, hi, logFrom, open) : null;
  let deferred: number[] | null = null;
  let sameDay: number[] | null = null;
  let i = lo;
  while (i < hi) {
    let j = i + 1;
    while (j < hi && day[j] === day[i]) j++;
    if (j === i + 1) {
      take(columns, i, verdict(journey, columns, i, referralDays, lateEpisodes), journey, visit);
      i = j;
      continue;
    }
    // Several events on one date: take them in the process's order (same-day-order.ts, file order only
    // among rows of one kind and outcome), what is accepted first, then retry the rest until nothing more is.
    sameDay ??= [];
    sameDay.length = 0;
    for (let k = i; k < j; k++) sameDay.push(k);
    sortSameDay(sameDay, type, columns.outcome);
    deferred ??= [];
    deferred.length = 0;
    for (const k of sameDay) {
      if (verdict(journey, columns, k, referralDays, lateEpisodes) === null) take(columns, k, null, journey, visit);
      else deferred.push(k);
    }
    let progress = deferred.length > 0;
    while (progress) {
      progress = false;
      for (let d = 0; d < deferred.length; d++) {
        if (verdict(journey, columns, deferred[d]!, referralDays, lateEpisodes) !== null) continue;
        take(columns, deferred[d]!, null, journey, visit);
        deferred.splice(d--, 1);
        progress = true;
      }
    }
    for (const k of deferred) take(columns, k, verdict(journey, columns, k, referralDays, lateEpisodes), journey, visit);
    i = j;
  }
  return journey;
}

/**
 * The rule row `i` breaks now: `step-before-referral` (it needs the episodes' referral dates) and
 * `step-without-referral` (episodes with no referral in the log first seen long after its first day) included.
 */
function verdict(journey: Journey, columns: JourneyColumns, i: number, referralDays: Map<number, number> | null, lateEpisodes: Set<number> | null): GrammarRule | null {
  const type = columns.type[i]!;
  const rule = journey.check(type, columns.day[i]!, columns.outcome[i]!, columns.episode[i]!);
  if (rule === 'before-birth' || EPISODE_STEP[type] !== 1) return rule;
  if (rule === null && lateEpisodes !== null && lateEpisodes.has(columns.episode[i]!)) return 'step-without-referral';
  if (referralDays === null) return rule;
  const referral = referralDays.get(columns.episode[i]!);
  return referral !== undefined && columns.day[i]! < referral ? 'step-before-referral' : rule;
}

/**
 * How long after the log's first day (or the child's arrival in it, see episodesBegunLate) an episode
 * whose referral the log lacks may first appear and still be taken as begun before the log (carried in
 * part-way). A referral episode runs its assessment (45 working days), its S47 and conference (15
 * working days) and the first review of a plan (3 months) well within a year, so an episode carried in
 * shows some event in its first year in the log; one first seen later began inside the log, and its
 * referral is missing: its steps break `step-without-referral`.
 */
export const CARRIED_EPISODE_DAYS = 365;

/** Event types that belong to a referral episode (its steps, their ends and its closure). */
const EPISODE_SCOPED = new Uint8Array(32);
for (const t of [EV.assessment_start, EV.assessment_end, EV.strategy_discussion, EV.s47_start, EV.s47_end, EV.icpc, EV.cin_plan_start, EV.cin_plan_end, EV.cp_plan_start, EV.cp_plan_end, EV.case_closed]) EPISODE_SCOPED[t] = 1;

/**
 * The episodes (keys; -1 = steps of no episode) of the child's rows [lo, hi) that cannot have begun
 * before the log: no referral of theirs in the log, and their first event falls more than
 * CARRIED_EPISODE_DAYS after the log's first day `logFrom`, and is not what the child arrived with (the
 * child's first event was more than CARRIED_EPISODE_DAYS before it, or a referral of the child came
 * first: on an earlier day, or that day in the process's order). A child arriving in a log with history
 * before its extract (a copy with `openOnFrom: keep`) arrives with what was open on the extract's first
 * day. Null when there are none. Only a child with a contact or referral in the log is judged: a log of
 * care or plans alone (no front door) has no referrals to miss.
 */
function episodesBegunLate(columns: JourneyColumns, lo: number, hi: number, logFrom: number, carried: readonly number[] | null): Set<number> | null {
  const { type, day, episode } = columns;
  const limit = logFrom + CARRIED_EPISODE_DAYS;
  const arrivalLimit = day[lo]! + CARRIED_EPISODE_DAYS;
  const referralRank = sameDayRank(EV.referral);
  let firstReferral = Infinity;
  let late: Set<number> | null = null;
  let seen: Set<number> | null = null;
  let referred: Set<number> | null = null;
  let frontDoor = false;
  for (let i = lo; i < hi; i++) {
    const t = type[i]!;
    if (t === EV.contact) frontDoor = true;
    else if (t === EV.referral) {
      (referred ??= new Set()).add(episode[i]!);
      firstReferral = Math.min(firstReferral, day[i]!);
    }
  }
  if (!frontDoor && referred === null) return null;
  // An episode holding the end of a span open on the log's first day (openAtStartRows) was carried in, however late
  // that end comes: a CP plan begun before the log may run two years with no event of the log's until its end, and
  // a CIN plan begun on that day is the carried episode's step-down (audit a10n: such a child with a contact years
  // later broke step-without-referral, a break the copy's forward walk could not foresee).
  if (carried) for (const i of carried) if (CHILD_SPAN[START_OF[type[i]!]!] !== 1) (seen ??= new Set()).add(episode[i]!);
  for (let i = lo; i < hi; i++) {
    const t = type[i]!;
    const key = episode[i]!;
    if (EPISODE_SCOPED[t] !== 1 || (seen?.has(key) ?? false)) continue;
    (seen ??= new Set()).add(key);
    if (referred?.has(key) || day[i]! <= limit) continue;
    const arrivedWith = day[i]! <= arrivalLimit && (day[i]! < firstReferral || (day[i] === firstReferral && sameDayRank(t) < referralRank));
    if (!arrivedWith) (late ??= new Set()).add(key);
  }
  return late;
}

function take(columns: JourneyColumns, i: number, rule: GrammarRule | null, journey: Journey, visit?: (row: number, rule: GrammarRule | null, journey: Journey) => void): void {
  visit?.(i, rule, journey);
  if (isRepeat(rule)) return;
  journey.apply(columns.type[i]!, columns.day[i]!, columns.outcome[i]!, columns.episode[i]!, columns.source?.[i] ?? 0);
}

/** One event that breaks the grammar: its row (in the columns given), its child index and the rule. */
export interface GrammarBreak {
  row: number;
  child: number;
  rule: GrammarRule;
}

export interface GrammarCheck {
  /** every break, in child order then the order the events were taken */
  breaks: GrammarBreak[];
  /** breaks per rule (every rule listed, zero where none) */
  counts: Record<GrammarRule, number>;
  /** events checked */
  events: number;
}

/**
 * Checks every child of an event table (columns plus `childStart`, as EventTable has them) against the
 * grammar. `dob[c]` is child c's day of birth or NO_DAY (ChildAttributes.dob uses the same marker);
 * `dobMonthOnly[c]` 1 when it was given as a month only (ChildAttributes.dobMonthOnly).
 */
export function checkJourneys(table: JourneyColumns & { readonly childStart: Int32Array; readonly length: number }, dob: ArrayLike<number>, dobMonthOnly?: ArrayLike<number>): GrammarCheck {
  const breaks: GrammarBreak[] = [];
  const logFrom = firstDay(table);
  const counts = Object.fromEntries(GRAMMAR_RULE_CODES.map((code) => [code, 0])) as Record<GrammarRule, number>;
  const children = table.childStart.length - 1;
  for (let c = 0; c < children; c++) {
    walkJourney(table, table.childStart[c]!, table.childStart[c + 1]!, dob[c] ?? NO_DAY, (row, rule) => {
      if (rule === null) return;
      breaks.push({ row, child: c, rule });
      counts[rule]++;
    }, logFrom, dobMonthOnly?.[c] === 1);
  }
  return { breaks, counts, events: table.length };
}

/** The plain-English message of a rule. */
export function grammarMessage(rule: GrammarRule): string {
  return GRAMMAR_RULES.find((r) => r.code === rule)!.message;
}

/** The earliest day of an event table (+Infinity when it is empty): the log's first day. */
export function firstDay(table: { readonly day: ArrayLike<number>; readonly length: number }): number {
  let first = Infinity;
  for (let i = 0; i < table.length; i++) if (table.day[i]! < first) first = table.day[i]!;
  return first;
}
