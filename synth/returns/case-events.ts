// A child's journey after the returns' repairs (case.ts), as events: what the events CSV writes. The
// returns and the events file are written from the same repaired record, so every format carries the
// same dates: a CP plan moved to its conference's day is moved in the events file too, and a referral the
// generator's window cut off (put before --from) is in the events file as it is in the CIN census.
import { EV } from '../../core/events.js';
import type { CaseRecord, CinEpisode } from './case.js';
import type { ChildEvent } from './input.js';

/**
 * Order of an episode's steps on one day: ends of earlier spans before new starts, a span's own end
 * after its start (a one-day plan), the closure last.
 */
const STEP_RANK: Record<number, number> = {
  [EV.referral]: 0, [EV.assessment_start]: 1, [EV.strategy_discussion]: 2, [EV.s47_start]: 3, [EV.s47_end]: 4, [EV.icpc]: 5,
  [EV.cin_plan_end]: 6, [EV.cp_plan_end]: 7, [EV.assessment_end]: 8, [EV.cin_plan_start]: 9, [EV.cp_plan_start]: 10, [EV.case_closed]: 20,
};

interface Ordered extends ChildEvent {
  /** orders events of one day: stream (contacts, early help, episodes by number, care), then step */
  rank: number;
}

/** The record's events in date order (same-day events in an order the journey grammar reads as written). */
export function caseEvents(record: CaseRecord): ChildEvent[] {
  const out: Ordered[] = [];
  const add = (type: number, day: number, rank: number, outcome = '', source = '', episode = 0): void =>
    void out.push({ type, day, outcome, source, episode, rank });
  for (const c of record.contacts) add(EV.contact, c.day, 0, c.outcome, c.source);
  record.earlyHelp.forEach((span, i) => {
    add(EV.early_help_start, span.start, 1 + i * 1e-3);
    if (span.end !== null) add(EV.early_help_end, span.end, 1 + i * 1e-3 + 5e-4);
  });
  for (const ep of record.episodes) episodeEvents(ep, (type, day, step, outcome = '', source = '') => add(type, day, 2 + ep.number + step / 100, outcome, source, ep.number));
  const careRank = 2 + record.episodes.length + 1;
  record.care.forEach((period, i) => {
    add(EV.cla_start, period.start, careRank + i * 1e-3);
    if (period.end !== null) add(EV.cla_end, period.end, careRank + i * 1e-3 + 5e-4, period.reason);
  });
  out.sort((a, b) => a.day - b.day || a.rank - b.rank);
  keepJourneyOrder(out, record.child.events);
  return out.map(({ rank: _rank, ...event }) => event);
}

/**
 * Events of one day in the order the journey took them, where every one of that day is the journey's own
 * (same type and day; a repaired day keeps the ranks' order): the ranks put an episode's steps
 * before care, so a CP plan ended as care began was written before the care's start, the order no log
 * has, and the copy read back gave Kolmogorov–Smirnov distances of 1.00 on three steps (review v10b finding 5).
 */
function keepJourneyOrder(out: Ordered[], journey: readonly ChildEvent[]): void {
  const seen = new Map<string, number[]>();
  journey.forEach((e, i) => {
    const key = `${e.type} ${e.day}`;
    const list = seen.get(key);
    if (list) list.push(i);
    else seen.set(key, [i]);
  });
  const order = new Float64Array(out.length);
  for (let lo = 0; lo < out.length; ) {
    let hi = lo + 1;
    while (hi < out.length && out[hi]!.day === out[lo]!.day) hi++;
    if (hi - lo > 1) {
      const used = new Map<string, number>();
      let all = true;
      for (let i = lo; i < hi && all; i++) {
        const key = `${out[i]!.type} ${out[i]!.day}`;
        const k = used.get(key) ?? 0;
        const at = seen.get(key)?.[k];
        if (at === undefined) all = false;
        else (used.set(key, k + 1), (order[i] = at));
      }
      if (all) {
        const group = out.slice(lo, hi).map((e, i) => ({ e, at: order[lo + i]! })).sort((a, b) => a.at - b.at);
        group.forEach(({ e }, i) => (out[lo + i] = e));
      }
    }
    lo = hi;
  }
}

type Emit = (type: number, day: number, step: number, outcome?: string, source?: string) => void;

function episodeEvents(ep: CinEpisode, emit: Emit): void {
  const step = (type: number, day: number, outcome = '', ownStart: number | null = null): void =>
    // an end on its own start's day comes right after that start
    emit(type, day, ownStart === day ? STEP_RANK[type - 1]! + 0.5 : STEP_RANK[type]!, outcome);
  emit(EV.referral, ep.referral, 0, ep.nfa ? 'nfa' : '', ep.source);
  for (const a of ep.assessments) {
    step(EV.assessment_start, a.start);
    if (a.end !== null) step(EV.assessment_end, a.end, a.outcome, a.start);
  }
  for (const day of ep.strategiesOnly) step(EV.strategy_discussion, day);
  for (const s of ep.s47s) {
    if (s.strategy !== null) step(EV.strategy_discussion, s.strategy);
    step(EV.s47_start, s.start);
    if (s.end !== null && s.endRecorded) step(EV.s47_end, s.end, s.outcome, s.start);
    if (s.icpc !== null) step(EV.icpc, s.icpc, s.icpcOutcome);
  }
  ep.transferIcpcs.forEach((day, i) => step(EV.icpc, day, ep.transferOutcomes[i] ?? ''));
  for (const p of ep.cinPlans) {
    step(EV.cin_plan_start, p.start);
    if (p.end !== null) step(EV.cin_plan_end, p.end, '', p.start);
  }
  for (const p of ep.cpPlans) {
    step(EV.cp_plan_start, p.start);
    if (p.end !== null) step(EV.cp_plan_end, p.end, '', p.start);
  }
  if (ep.closure !== null) step(EV.case_closed, ep.closure, ep.closureReason);
}
