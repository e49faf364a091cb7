// The data-quality rules about the order of a child's steps, run over everything an import read (all
// files, all formats): steps dated before the referral they belong to, a referral marked no further
// action that has later steps, and plans that overlap. Which step must follow which is the journey
// grammar's business (core/grammar.ts, issue 10): until it lands, the two tables below state it.
import { formatDay as iso } from '../../../core/dates.js';
import { EV, outcomeCode } from '../../../core/events.js';
import type { SourceLog } from '../source-log.js';

/** Steps that belong to a referral and cannot come before it (CIN 1103 for assessments, 1104, 4015). */
const AFTER_REFERRAL: ReadonlyMap<number, 'assessment_before_referral' | 'step_before_referral'> = new Map([
  [EV.assessment_start, 'assessment_before_referral'],
  [EV.s47_start, 'step_before_referral'],
  [EV.icpc, 'step_before_referral'],
  [EV.cin_plan_start, 'step_before_referral'],
  [EV.cp_plan_start, 'step_before_referral'],
]);

/** Steps a referral closed with no further action cannot have (CIN 8831). */
const NOT_AFTER_NFA: ReadonlySet<number> = new Set([EV.assessment_start, EV.assessment_end, EV.strategy_discussion, EV.s47_start, EV.icpc]);

const STEP_NAMES: Readonly<Record<number, string>> = {
  [EV.assessment_start]: 'assessment',
  [EV.assessment_end]: 'assessment',
  [EV.strategy_discussion]: 'strategy discussion',
  [EV.s47_start]: 'section 47 enquiry',
  [EV.icpc]: 'initial child protection conference',
  [EV.cin_plan_start]: 'CIN plan',
  [EV.cp_plan_start]: 'child protection plan',
};

export function checkSequences(log: SourceLog): void {
  checkReferralOrder(log);
  checkPlanOverlaps(log);
}

/** Events in (child, day, order read) order. */
function childOrder(log: SourceLog): Int32Array {
  const n = log.eventCount;
  const order = new Int32Array(n);
  for (let e = 0; e < n; e++) order[e] = e;
  const child = log.evChild.data;
  const day = log.evDay.data;
  order.sort((a, b) => child[a]! - child[b]! || day[a]! - day[b]! || a - b);
  return order;
}

function checkReferralOrder(log: SourceLog): void {
  const order = childOrder(log);
  const child = log.evChild.data;
  const type = log.evType.data;
  const day = log.evDay.data;
  const episode = log.evEpisode.data;
  const outcome = log.evOutcome.data;
  const nfa = outcomeCode('nfa');
  let start = 0;
  while (start < order.length) {
    const c = child[order[start]!]!;
    let end = start;
    while (end < order.length && child[order[end]!] === c) end++;
    const childId = log.registry.idOf(c);
    // Events with an episode id: compare with their own episode's referral.
    const referralOf = new Map<string, number>();
    for (let k = start; k < end; k++) {
      const e = order[k]!;
      if (episode[e]! >= 0 && type[e] === EV.referral) referralOf.set(log.episodes[episode[e]!]!, e);
    }
    const nfaReported = new Set<number>();
    for (let k = start; k < end; k++) {
      const e = order[k]!;
      if (episode[e]! < 0) continue;
      const r = referralOf.get(log.episodes[episode[e]!]!);
      if (r === undefined) continue;
      const rule = AFTER_REFERRAL.get(type[e]!);
      if (rule !== undefined && day[e]! < day[r]!) {
        log.problem(rule, childId, log.whereOf(e), log.fields[log.evField.data[e]!]!, `the ${STEP_NAMES[type[e]!]} is dated before its referral`, [day[e]!, day[r]!]);
      }
      if (outcome[r] === nfa && NOT_AFTER_NFA.has(type[e]!) && !nfaReported.has(r)) {
        nfaReported.add(r);
        log.problem('nfa_with_later_steps', childId, log.whereOf(r), log.fields[log.evField.data[r]!]!, `the referral is marked no further action but has a ${STEP_NAMES[type[e]!]}`, [day[r]!]);
      }
    }
    // Events without one (Annex A): an NFA referral's steps are those up to the child's next referral.
    for (let k = start; k < end; k++) {
      const r = order[k]!;
      if (episode[r]! >= 0 || type[r] !== EV.referral || outcome[r] !== nfa) continue;
      for (let j = k + 1; j < end; j++) {
        const e = order[j]!;
        if (episode[e]! >= 0) continue;
        if (type[e] === EV.referral) break;
        if (NOT_AFTER_NFA.has(type[e]!)) {
          log.problem('nfa_with_later_steps', childId, log.whereOf(r), log.fields[log.evField.data[r]!]!, `the referral is marked no further action but the child has a ${STEP_NAMES[type[e]!]} after it and before any later referral`, [day[r]!]);
          break;
        }
      }
    }
    start = end;
  }
}


/** A plan starting while the child's previous plan of the same kind is open (ends after it starts, or never). */
function checkPlanOverlaps(log: SourceLog): void {
  const sorted = [...log.intervals].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) || a.child - b.child || a.start - b.start);
  for (let k = 1; k < sorted.length; k++) {
    const prev = sorted[k - 1]!;
    const plan = sorted[k]!;
    if (prev.kind !== plan.kind || prev.child !== plan.child) continue;
    // The same plan given twice (two lists or census years) is not an overlap.
    if (prev.start === plan.start) continue;
    if (prev.end === null || prev.end > plan.start) {
      const what = plan.kind === 'cp' ? 'child protection plan' : 'CIN plan';
      log.problem(plan.kind === 'cp' ? 'cp_plans_overlap' : 'cin_plans_overlap', plan.childId, plan.where, plan.field,
        `this ${what} starts while the child's previous ${what} (started ${iso(prev.start)}) is ${prev.end === null ? 'still open' : `open until ${iso(prev.end)}`}`, [plan.start, prev.start]);
    }
  }
}
