// The data-quality rules about the order of a child's steps, run over everything an import read (all
// files, all formats): which step may follow which is the journey grammar's (core/grammar.ts, shared
// with the synthetic-data generator), and plans whose dates overlap.
import { formatDay as iso } from '../../../core/dates.js';
import { NO_DATE } from '../../../core/children.js';
import { linkEpisodes, type SortedEventColumns } from '../../../core/event-table.js';
import { EVENT_TYPES, EV } from '../../../core/events.js';
import { checkJourneys } from '../../../core/grammar.js';
import type { SourceLog } from '../source-log.js';

const STEP_NAMES: Readonly<Record<number, string>> = {
  [EV.cin_plan_end]: 'CIN plan end',
  [EV.cp_plan_end]: 'child protection plan end',
  [EV.cla_start]: 'period of care',
  [EV.assessment_start]: 'assessment',
  [EV.assessment_end]: 'assessment',
  [EV.strategy_discussion]: 'strategy discussion',
  [EV.s47_start]: 'section 47 enquiry',
  [EV.icpc]: 'initial child protection conference',
  [EV.cin_plan_start]: 'CIN plan',
  [EV.cp_plan_start]: 'child protection plan',
};

export function checkSequences(log: SourceLog): void {
  checkGrammar(log);
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

/**
 * Walks every child's events through the journey grammar (core/grammar.ts, issue 10) and reports the
 * breaks that no reader has reported already. The readers report what one row or module shows
 * (an end before its start, an S47 after its own conference, a date of birth after the row's dates,
 * activity after a CIN closure); the grammar adds what only the child's whole journey shows.
 */
function checkGrammar(log: SourceLog): void {
  const order = childOrder(log);
  const n = order.length;
  const children = log.registry.size;
  const episodeIds = new Array<string | null>(n);
  const columns: SortedEventColumns = {
    childIds: Array.from({ length: children }, (_, c) => log.registry.idOf(c)),
    child: new Int32Array(n),
    type: new Uint8Array(n),
    day: new Int32Array(n),
    seconds: new Int32Array(n).fill(-1),
    outcome: new Uint8Array(n),
    source: new Uint8Array(n),
    episodeId: episodeIds,
  };
  for (let k = 0; k < n; k++) {
    const e = order[k]!;
    columns.child[k] = log.evChild.data[e]!;
    columns.type[k] = log.evType.data[e]!;
    columns.day[k] = log.evDay.data[e]!;
    columns.outcome[k] = log.evOutcome.data[e]!;
    const episode = log.evEpisode.data[e]!;
    episodeIds[k] = episode < 0 ? null : log.episodes[episode]!;
  }
  const table = linkEpisodes(columns);
  // Dates of birth are left out: the readers check them against each row's own dates, and a wrong
  // date of birth would otherwise hide every other break of the journey (the grammar checks it first).
  const dob = new Int32Array(children).fill(NO_DATE);
  // Rows a reader already flagged for an S47 after its own conference: the grammar's ICPC break there is the same problem.
  const s47AfterIcpc = new Set(log.problems.all.filter((p) => p.code === 's47_after_icpc').map((p) => `${p.file}\u0000${p.sheet}\u0000${p.row}`));
  for (const b of checkJourneys(table, dob).breaks) {
    const e = order[b.row]!;
    const type = log.evType.data[e]!;
    const where = log.whereOf(e);
    const field = log.fields[log.evField.data[e]!]!;
    const childId = log.registry.idOf(b.child);
    const step = STEP_NAMES[type] ?? EVENT_TYPES[type]!;
    const day = log.evDay.data[e]!;
    switch (b.rule) {
      case 'step-before-referral':
        log.problem(type === EV.assessment_start ? 'assessment_before_referral' : 'step_before_referral', childId, where, field, `the ${step} is dated before its referral`, [day]);
        break;
      case 'step-after-nfa-referral':
        log.problem('nfa_with_later_steps', childId, where, field, `the ${step} belongs to a referral marked no further action`, [day]);
        break;
      case 'icpc-without-s47':
        if (!s47AfterIcpc.has(`${where.file}\u0000${where.sheet}\u0000${where.row}`)) {
          log.problem('icpc_without_s47', childId, where, field, 'the initial conference has no section 47 enquiry before it in its episode (and is not a transfer-in conference)', [day]);
        }
        break;
      case 'cp-plan-without-icpc':
        log.problem('cp_plan_without_icpc', childId, where, field, 'the child protection plan has no initial conference that decided on a plan in its episode (and is not a transfer-in)', [day]);
        break;
      case 'overlapping-care':
        log.problem('care_periods_overlap', childId, where, field, 'a period of care starts while another period of care of the child is open', [day]);
        break;
      default:
        // before-birth, end-without-start, overlapping-cp-plan and step-after-closure are reported by the
        // readers with the row's own fields (dob_after_event, end_without_start, cp_plans_overlap,
        // activity_after_closure); after-eighteen is not reported yet.
        break;
    }
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
