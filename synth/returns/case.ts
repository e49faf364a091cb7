// A child's events turned into the shape the statutory returns record: referral episodes (CIN census
// CINdetails) holding assessments, section 47 enquiries with their conferences, CIN plans and CP plans;
// periods of care; contacts and early help. Every return is written from this one record, so every
// format tells the same journey.
//
// Repairs, each counted: a journey may start part-way (a generator that drops what happened before its
// window hands over a plan's end without its start). The returns cannot say that, so the missing start is
// put before `historyEnd` (the first day the generator wrote), where no collection year written from the
// window counts it. And the DfE's rules ask for a few things a journey may leave implicit: a CP plan
// starts on the day of its conference (CIN 2885: the returns only; the events file keeps a plan begun
// days after its conference on its own day, see CaseOptions.cpPlanAtConference), nothing is open after its episode closed (CIN 8565),
// plans of a kind do not overlap (CIN 4014, 8816), an episode with an enquiry or a plan is not "closed after
// assessment" (CIN 2990), a period of care followed by another did not end in adoption (SSDA903 199).
import { NO_DATE } from '../../core/children.js';
import { addMonths } from '../../core/dates.js';
import { EV } from '../../core/events.js';
import type { ReturnChild } from './input.js';

export interface Span {
  start: number;
  end: number | null;
}

export interface Assessment extends Span {
  /** assessment_end outcome: cin, nfa, early_help or blank */
  outcome: string;
}

export interface Section47 extends Span {
  /** strategy discussion that began it, if the journey records one */
  strategy: number | null;
  /** s47_end outcome */
  outcome: string;
  icpc: number | null;
  /** cp_plan or no_plan */
  icpcOutcome: string;
  /** false for a strategy discussion that has not (yet) begun an enquiry: the returns leave it out */
  started: boolean;
  /** false when the journey records no s47_end (the end is the conference's day, implied) */
  endRecorded: boolean;
}

export interface CinEpisode {
  /** the referral's number among the child's episodes (1 = first) */
  number: number;
  referral: number;
  source: string;
  nfa: boolean;
  closure: number | null;
  /** RC1–RC9 */
  closureReason: string;
  assessments: Assessment[];
  s47s: Section47[];
  /** conferences with no S47 of the episode before them (a child arriving on another council's plan) */
  transferIcpcs: number[];
  /** each transfer-in conference's outcome (cp_plan, no_plan or blank), in transferIcpcs' order */
  transferOutcomes: string[];
  /** strategy discussions that began no enquiry: no Section47 of the returns, but events of the journey */
  strategiesOnly: number[];
  cinPlans: Span[];
  cpPlans: Span[];
}

export interface CarePeriod extends Span {
  /** SSDA903 reason the period ended (REC), blank while open */
  reason: string;
}

export interface Contact {
  day: number;
  source: string;
  outcome: string;
}

export interface CaseRecord {
  child: ReturnChild;
  episodes: CinEpisode[];
  care: CarePeriod[];
  contacts: Contact[];
  earlyHelp: Span[];
  /** repairs made, by kind (see the file's comment) */
  repairs: Record<string, number>;
}

/** Where a start the journey does not give is put: in [low, high], high the day before historyEnd. */
export interface CaseOptions {
  /** first day of the generated window: starts the journey lacks are dated before it */
  historyEnd: number;
  /** seeded uniform [0, 1) */
  random: () => number;
  /**
   * false: a CP plan that starts days after the conference that decided on it keeps its day (the events
   * file, which must show the gap the fit learned); true or absent: it is moved onto that day (the
   * statutory returns, CIN 2885)
   */
  cpPlanAtConference?: boolean;
  /**
   * the generated window's last day: an episode still open on the child's 18th birthday closes that day
   * (eighteenReason, as the journeys' own closures at 18) when the window reaches it, as children's services end at 18 (without it, a
   * referral at 17 the journey never closes stays open in every later census: CIN 8775Q, over 25); absent,
   * no episode is closed for age
   */
  windowEnd?: number;
  /**
   * With windowEnd, whether the case of a child whose 18th birthday is `eighteenth` is closed then (default
   * all): the events file closes only those the model's data closes (synth/generate.ts closedOnEighteenth),
   * the returns every one (CIN 8775Q)
   */
  closeAtEighteen?: (eighteenth: number) => boolean;
  /**
   * true: an episode with an assessment or plan still open on the 18th birthday is not closed for age (the
   * events file: the generator ends what is open at 18 itself, and leaves open only what the fitted data
   * leaves open past it, a plan due to end after the data's end: openPastEighteen; closed here, a copy of
   * audit a10c's log 3 held 8 CP plans open past 18 at its end against the log's 89)
   */
  keepOpenAtEighteen?: boolean;
  /** the reason such a closure gives (default RC7, services ceased; a fitted model's closedAtEighteenReason) */
  eighteenReason?: string;
  /**
   * false: an episode still open when the child's next referral comes stays open (the events file: the
   * grammar accepts it, and a copy must not close what the fitted data leaves open); true or absent: it is
   * closed the day before (the returns: CINdetails do not overlap)
   */
  closeBeforeNextReferral?: boolean;
}

export function buildCase(child: ReturnChild, options: CaseOptions): CaseRecord {
  const record: CaseRecord = { child, episodes: [], care: [], contacts: [], earlyHelp: [], repairs: {} };
  const repair = (kind: string): void => void (record.repairs[kind] = (record.repairs[kind] ?? 0) + 1);
  /** a day before `day` and before the window, after birth: where a start the journey lacks goes */
  const before = (day: number, earliest = -Infinity): number => {
    const high = Math.min(day, options.historyEnd) - 1;
    const low = Math.max(child.dob, earliest, high - 60);
    if (high < low) return Math.max(low, Math.min(day, low));
    return low + Math.floor(options.random() * (high - low + 1));
  };
  const byNumber = new Map<number, CinEpisode>();
  let current: CinEpisode | null = null;
  let autoNumber = 0;

  const openEpisode = (referral: number, source: string, nfa: boolean, number: number): CinEpisode => {
    const episode: CinEpisode = { number, referral, source, nfa, closure: null, closureReason: '', assessments: [], s47s: [], transferIcpcs: [], transferOutcomes: [], strategiesOnly: [], cinPlans: [], cpPlans: [] };
    record.episodes.push(episode);
    byNumber.set(number, episode);
    return episode;
  };
  const episodeOf = (given: number, day: number): CinEpisode => {
    const found = given > 0 ? byNumber.get(given) : current;
    if (found) return found;
    // A step of a referral the journey does not show (it began before the window).
    repair('referral_before_window');
    const number = given > 0 ? given : --autoNumber;
    const episode = openEpisode(before(day), '', false, number);
    if (given <= 0) current = episode;
    return episode;
  };
  const lastOpen = <T extends Span>(spans: T[]): T | undefined => {
    for (let i = spans.length - 1; i >= 0; i--) if (spans[i]!.end === null) return spans[i];
    return undefined;
  };

  for (const e of child.events) {
    switch (e.type) {
      case EV.contact:
        record.contacts.push({ day: e.day, source: e.source, outcome: e.outcome });
        break;
      case EV.early_help_start:
        record.earlyHelp.push({ start: e.day, end: null });
        break;
      case EV.early_help_end: {
        const open = lastOpen(record.earlyHelp);
        if (open) open.end = e.day;
        else (repair('early_help_start_before_window'), record.earlyHelp.push({ start: before(e.day), end: e.day }));
        break;
      }
      case EV.cla_start: {
        const open = lastOpen(record.care);
        if (open) (repair('care_period_closed_by_next'), (open.end = e.day), (open.reason = open.reason || 'E8'));
        record.care.push({ start: e.day, end: null, reason: '' });
        break;
      }
      case EV.cla_end: {
        let open = lastOpen(record.care);
        if (!open) (repair('care_start_before_window'), record.care.push((open = { start: before(e.day), end: null, reason: '' })));
        open.end = e.day;
        open.reason = e.outcome || 'E8';
        // "Stayed with carers at 18" only at 18 (SSDA903 460); independent living only from 16.
        const age = child.dob === NO_DATE ? 99 : e.day < addMonths(child.dob, 192) ? 15 : e.day < addMonths(child.dob, 216) ? 17 : 18;
        // Nobody is adopted (E11, E12) at 18 or over (SSDA903 386).
        if ((open.reason === 'E17' && age < 18) || ((open.reason === 'E5' || open.reason === 'E6') && age < 16) || ((open.reason === 'E11' || open.reason === 'E12') && age >= 18)) (repair('reason_ceased_for_age'), (open.reason = 'E8'));
        break;
      }
      case EV.referral: {
        const number = e.episode > 0 ? e.episode : ++autoNumber + 1_000_000;
        current = openEpisode(e.day, e.source, e.outcome === 'nfa', number);
        break;
      }
      default: {
        const ep = episodeOf(e.episode, e.day);
        applyStep(ep, e.type, e.day, e.outcome, before, repair, lastOpen);
      }
    }
  }
  // An adopted child has a new identity: a later period of care is another child's record in the returns.
  // Under one id the earlier period cannot say "adopted" (SSDA903 199, 334, 1003): it ended for another reason.
  for (let i = 0; i + 1 < record.care.length; i++) {
    const period = record.care[i]!;
    if (period.reason === 'E11' || period.reason === 'E12') (repair('adoption_before_later_care'), (period.reason = 'E8'));
  }
  // Episodes numbered 1, 2, … in referral order (repaired ones included).
  record.episodes.sort((a, b) => a.referral - b.referral);
  record.episodes.forEach((ep, i) => (ep.number = i + 1));
  const last = record.episodes.at(-1);
  if (options.windowEnd !== undefined && last !== undefined && last.closure === null && child.dob !== NO_DATE) {
    const adult = addMonths(child.dob, 216);
    const kept = options.keepOpenAtEighteen === true && holdsOpenStep(last);
    if (adult <= options.windowEnd && last.referral < adult && !kept && (options.closeAtEighteen?.(adult) ?? true)) (repair('episode_closed_at_18'), (last.closure = adult), (last.closureReason = options.eighteenReason ?? 'RC7'));
  }
  const atConference = options.cpPlanAtConference ?? true;
  for (const ep of record.episodes) settleEpisode(ep, repair, atConference);
  settleAcrossEpisodes(record, repair, atConference, options.closeBeforeNextReferral ?? true);
  return record;
}

/** Whether an assessment, CIN plan or CP plan of the episode has no end. */
function holdsOpenStep(ep: CinEpisode): boolean {
  return [ep.assessments, ep.cinPlans, ep.cpPlans].some((spans) => spans.some((s) => s.end === null));
}

function applyStep(
  ep: CinEpisode,
  type: number,
  day: number,
  outcome: string,
  before: (day: number, earliest?: number) => number,
  repair: (kind: string) => void,
  lastOpen: <T extends Span>(spans: T[]) => T | undefined,
): void {
  switch (type) {
    case EV.assessment_start:
      ep.assessments.push({ start: day, end: null, outcome: '' });
      break;
    case EV.assessment_end: {
      let open = lastOpen(ep.assessments);
      if (!open) (repair('assessment_start_before_window'), ep.assessments.push((open = { start: before(day, ep.referral), end: null, outcome: '' })));
      open.end = day;
      open.outcome = outcome;
      break;
    }
    case EV.strategy_discussion:
      ep.s47s.push({ strategy: day, start: day, end: null, outcome: '', icpc: null, icpcOutcome: '', started: false, endRecorded: false });
      break;
    case EV.s47_start: {
      // The S47 a strategy discussion just began, or a new one.
      const last = ep.s47s[ep.s47s.length - 1];
      if (last && !last.started && last.end === null && last.icpc === null) (last.start = day), (last.started = true);
      else ep.s47s.push({ strategy: null, start: day, end: null, outcome: '', icpc: null, icpcOutcome: '', started: true, endRecorded: false });
      break;
    }
    case EV.s47_end: {
      // An enquiry taken as ended by its conference may still have its end recorded later (the journey
      // grammar keeps it open until then): that end is its own, not a new enquiry's. Taken as one, it
      // wrote a second s47_start, on the first one's day when the referral's was drawn (a duplicate row).
      let open = lastOpen(ep.s47s) ?? ep.s47s.findLast((s) => s.icpc !== null && !s.endRecorded && s.icpc <= day);
      if (!open) (repair('s47_start_before_window'), ep.s47s.push((open = { strategy: null, start: before(day, ep.referral), end: null, outcome: '', icpc: null, icpcOutcome: '', started: true, endRecorded: false })));
      if (!open.started) (repair('s47_started_at_strategy_discussion'), (open.started = true));
      open.end = day;
      open.outcome = outcome;
      open.endRecorded = true;
      break;
    }
    case EV.icpc: {
      // The conference of the latest S47 that has none yet; with no S47 it is a transfer-in conference.
      let s47: Section47 | undefined;
      for (let i = ep.s47s.length - 1; i >= 0 && !s47; i--) if (ep.s47s[i]!.icpc === null && ep.s47s[i]!.start <= day) s47 = ep.s47s[i];
      if (s47) {
        if (!s47.started) (repair('s47_started_at_strategy_discussion'), (s47.started = true));
        s47.icpc = day;
        s47.icpcOutcome = outcome;
        if (s47.end === null) s47.end = day; // an enquiry ends by its conference at the latest
      } else (ep.transferIcpcs.push(day), ep.transferOutcomes.push(outcome));
      break;
    }
    case EV.cin_plan_start:
      ep.cinPlans.push({ start: day, end: null });
      break;
    case EV.cin_plan_end: {
      const open = lastOpen(ep.cinPlans);
      if (open) open.end = day;
      else (repair('cin_plan_start_before_window'), ep.cinPlans.push({ start: before(day, ep.referral), end: day }));
      break;
    }
    case EV.cp_plan_start:
      ep.cpPlans.push({ start: day, end: null });
      break;
    case EV.cp_plan_end: {
      const open = lastOpen(ep.cpPlans);
      if (open) open.end = day;
      else {
        // A plan that began before the window: its conference and enquiry did too.
        repair('cp_plan_start_before_window');
        const start = before(day, ep.referral);
        ep.cpPlans.push({ start, end: day });
        ep.s47s.push({ strategy: null, start, end: start, outcome: 'icpc', icpc: start, icpcOutcome: 'cp_plan', started: true, endRecorded: true });
      }
      break;
    }
    case EV.case_closed:
      ep.closure = day;
      ep.closureReason = outcome || 'RC8';
      break;
  }
}

/** Makes one episode say what the DfE's rules ask of a CINdetails. */
function settleEpisode(ep: CinEpisode, repair: (kind: string) => void, atConference: boolean): void {
  const byStart = (a: Span, b: Span): number => a.start - b.start;
  // A strategy discussion that began no enquiry is not a Section47 of the returns.
  for (const s of ep.s47s) if (!s.started) ep.strategiesOnly.push(s.strategy ?? s.start);
  ep.s47s = ep.s47s.filter((s) => s.started);
  ep.cinPlans.sort(byStart);
  ep.cpPlans.sort(byStart);
  ep.s47s.sort(byStart);
  ep.assessments.sort(byStart);
  // Nothing starts before its referral (CIN 1103, 1104, 1105).
  for (const list of [ep.assessments, ep.s47s, ep.cinPlans, ep.cpPlans] as Span[][]) {
    for (const s of list) if (s.start < ep.referral) (repair('step_moved_to_referral'), (s.start = ep.referral));
  }
  for (const s of ep.s47s) {
    if (s.strategy !== null && s.strategy < ep.referral) s.strategy = ep.referral;
    if (s.icpc !== null && s.icpc < s.start) s.icpc = s.start;
    if (s.end !== null && s.end < s.start) s.end = s.start;
  }
  for (let i = 0; i < ep.transferIcpcs.length; i++) if (ep.transferIcpcs[i]! < ep.referral) ep.transferIcpcs[i] = ep.referral;
  for (let i = 0; i < ep.strategiesOnly.length; i++) if (ep.strategiesOnly[i]! < ep.referral) ep.strategiesOnly[i] = ep.referral;
  // A CP plan starts on the day of a conference of its episode (CIN 2885): the conference that decided on
  // it (the latest on or before its start), else a transfer-in conference on its first day.
  const conferences = (): number[] => [...ep.s47s.map((s) => s.icpc).filter((d): d is number => d !== null), ...ep.transferIcpcs].sort((a, b) => a - b);
  for (const plan of ep.cpPlans) {
    const days = conferences();
    if (days.includes(plan.start)) continue;
    let decided: number | null = null;
    for (const d of days) if (d <= plan.start) decided = d;
    // The events file keeps a plan begun days after its conference as the journey has it.
    if (!atConference && decided !== null) continue;
    const earlierPlanUsesIt = decided !== null && ep.cpPlans.some((p) => p !== plan && p.start === decided);
    if (decided !== null && !earlierPlanUsesIt) {
      repair('cp_plan_start_moved_to_conference');
      plan.start = decided;
    } else {
      repair('transfer_in_conference_added');
      ep.transferIcpcs.push(plan.start);
      ep.transferOutcomes.push('cp_plan');
    }
    if (plan.end !== null && plan.end < plan.start) plan.end = plan.start;
  }
  // Plans of a kind do not overlap (CIN 4014, 8816): a plan still open when the next starts ends the day before it.
  for (const list of [ep.cinPlans, ep.cpPlans]) {
    for (let i = 0; i + 1 < list.length; i++) {
      const a = list[i]!;
      const next = list[i + 1]!;
      if (a.end === null || a.end >= next.start) {
        repair('plan_closed_before_next');
        a.end = Math.max(a.start, next.start - 1);
        if (next.start <= a.end) next.start = a.end + 1;
      }
    }
  }
  // A closed episode has nothing open or later (CIN 8565).
  if (ep.closure !== null) {
    const c = ep.closure;
    for (const list of [ep.assessments, ep.s47s, ep.cinPlans, ep.cpPlans] as Span[][]) {
      for (const s of list) {
        if (s.start > c) (repair('step_moved_to_closure'), (s.start = c));
        // An S47 the journey left without an end keeps it unrecorded (the grammar accepts that, as the CIN
        // census records none): the returns take the closure as its end; the events file writes none.
        if (s.end === null || s.end > c) (repair('span_closed_at_closure'), (s.end = c));
      }
    }
    for (let i = 0; i < ep.strategiesOnly.length; i++) ep.strategiesOnly[i] = Math.min(ep.strategiesOnly[i]!, c);
    for (const s of ep.s47s) {
      if (s.icpc !== null && s.icpc > c) s.icpc = c;
      if (s.strategy !== null && s.strategy > c) s.strategy = c;
    }
    for (let i = 0; i < ep.transferIcpcs.length; i++) if (ep.transferIcpcs[i]! > c) ep.transferIcpcs[i] = c;
  }
}

/** Episodes of a child do not overlap: an episode still open when the next referral comes is closed the day before. */
function settleAcrossEpisodes(record: CaseRecord, repair: (kind: string) => void, atConference: boolean, closeBeforeNext: boolean): void {
  const eps = record.episodes;
  for (let i = 0; closeBeforeNext && i + 1 < eps.length; i++) {
    const a = eps[i]!;
    const next = eps[i + 1]!;
    if (a.closure === null || a.closure >= next.referral) {
      repair('episode_closed_before_next_referral');
      const day = Math.max(a.referral, next.referral - 1);
      a.closure = day;
      // "Closed after assessment" only after one (an NFA referral has none): else services ceased (RC7).
      a.closureReason ||= a.assessments.length > 0 ? 'RC8' : 'RC7';
      settleEpisode(a, repair, atConference);
    }
  }
  for (const ep of eps) {
    if (ep.closure !== null && !ep.closureReason) ep.closureReason = 'RC8';
    // "Closed after assessment" (RC8, RC9) cannot follow an enquiry, a conference or a plan (CIN 2990):
    // such an episode closed because services ended (RC7).
    const acted = ep.s47s.length + ep.cinPlans.length + ep.cpPlans.length + ep.transferIcpcs.length > 0;
    if (acted && (ep.closureReason === 'RC8' || ep.closureReason === 'RC9')) (repair('closure_reason_after_activity'), (ep.closureReason = 'RC7'));
  }
}
