// The data-quality rules about the order of a child's steps, run over everything an import read (all
// files, all formats, after merging sources): which step may follow which is the journey grammar's
// (core/grammar.ts, shared with the synthetic-data generator), and plans whose dates overlap, with the
// DfE's boundaries (CIN 8940 and 4014: a plan starting on the day the previous one ends overlaps it).
import { NO_DATE } from '../../../core/children.js';
import { emptySortedColumnsInSteps, linkEpisodesInSteps, type EventTable } from '../../../core/event-table.js';
import { EVENT_TYPES, EV } from '../../../core/events.js';
import { ICPC_NO_PLAN, ICPC_PLAN_STARTED, S47_CONFERENCE_HELD, S47_NO_CONFERENCE, walkJourney, type GrammarRule, type Journey } from '../../../core/grammar.js';
import { eventsByChildInSteps, type PlanInterval, type SourceLog } from '../source-log.js';
import { dfeMessage, type DfeRule } from './problem-codes.js';
import type { Where } from './problems.js';
import { TimeSlice, drainSliced, loopSliced } from '../time-slice.js';

const STEP_NAMES: Readonly<Record<number, string>> = {
  [EV.cin_plan_end]: 'CIN plan end',
  [EV.cp_plan_end]: 'child protection plan end',
  [EV.cla_start]: 'period of care',
  [EV.assessment_start]: 'assessment',
  [EV.assessment_end]: 'assessment authorisation',
  [EV.strategy_discussion]: 'strategy discussion',
  [EV.s47_start]: 'section 47 enquiry',
  [EV.icpc]: 'initial child protection conference',
  [EV.cin_plan_start]: 'CIN plan',
  [EV.cp_plan_start]: 'child protection plan',
};

/** The DfE rule a step dated before its referral breaks, by step. */
const BEFORE_REFERRAL: Readonly<Record<number, DfeRule>> = {
  [EV.assessment_start]: 'CIN 1103',
  [EV.icpc]: 'CIN 1104',
  [EV.cp_plan_start]: 'CIN 1105',
  [EV.cin_plan_start]: 'CIN 4015',
};
/**
 * The steps at which the grammar can break a rule this report gives (steps of an episode: before its
 * referral, after NFA, without an S47 or conference; a period of care overlapping another).
 */
const REPORTED_STEP = new Uint8Array(32);
for (const t of [EV.assessment_start, EV.strategy_discussion, EV.s47_start, EV.icpc, EV.cin_plan_start, EV.cp_plan_start, EV.cla_start]) REPORTED_STEP[t] = 1;

/** Steps CIN 8831 names as activity a referral marked NFA cannot have. */
const NFA_ACTIVITY = new Set<number>([EV.assessment_start, EV.assessment_end, EV.s47_start, EV.icpc]);

export async function checkSequences(log: SourceLog, slice = new TimeSlice()): Promise<void> {
  await checkGrammar(log, slice);
  await checkPlanOverlaps(log, slice);
}

/**
 * Walks every child's events through the journey grammar (core/grammar.ts, issue 10) and reports the
 * breaks that no reader has reported already. The readers report what one row or module shows (an
 * end before its start, an S47 after its own conference, activity after a CIN closure); the grammar
 * adds what only the child's whole journey shows, and the journey's state says why.
 */
async function checkGrammar(log: SourceLog, slice: TimeSlice): Promise<void> {
  const order = await drainSliced(eventsByChildInSteps(log), slice);
  const n = order.length;
  const children = log.registry.size;
  // The children's ids and the columns' fills a step at a time: at once (Array.from over the registry) they held
  // an SSDA903 upload of 316,700 children for 150 ms, 96 samples with none missing (audit a12f M1, s903x100).
  const columns = await drainSliced(emptySortedColumnsInSteps(await log.registry.identifiersSliced(slice), n), slice);
  const episodeIds = columns.episodeId;
  // copied a block at a time (2.7 million census events in one piece: about 90 ms, audit a12f M2)
  await loopSliced(n, (from, to) => {
    for (let k = from; k < to; k++) {
      const e = order[k]!;
      columns.child[k] = log.evChild.data[e]!;
      columns.type[k] = log.evType.data[e]!;
      columns.day[k] = log.evDay.data[e]!;
      columns.outcome[k] = log.evOutcome.data[e]!;
      const episode = log.evEpisode.data[e]!;
      episodeIds[k] = episode < 0 ? null : log.episodes[episode]!;
    }
  }, slice);
  // No sources go to the grammar (columns.source stays blank): the CIN census marks a transfer-in conference
  // itself (`DateOfInitialCPC` of `CINdetails` with no Section47), whatever the referral's source.
  // Linked to their episodes a step at a time: in one piece that held an SSDA903 upload of 157,000 rows for 0.1 s.
  await slice.pause();
  const table = await drainSliced(linkEpisodesInSteps(columns, 16_384), slice);
  // Rows a reader has already reported the same fault at (an ICPC of a Section47 with no S47 start,
  // an S47 after its own conference, episodes overlapping): the grammar's break there is that problem.
  const reported = new Set<string>();
  for (const p of log.problems.all) {
    if (p.code === 's47_after_icpc' || p.code === 'icpc_without_s47' || p.code === 'episodes_overlap') reported.add(`${p.file}\u0000${p.sheet}\u0000${p.row}`);
  }
  const context: BreakContext = { log, order, table, reported };
  const visit = (row: number, rule: GrammarRule | null, journey: Journey): void => {
    if (rule !== null) reportBreak(context, row, rule, journey);
  };
  for (let c = 0; c < children; c++) {
    // The event loop runs between slices: every child's journey at once held an upload of a 30,000-child census
    // for about 150 ms (audit a12e B2).
    if ((c & 255) === 0 && slice.due()) await slice.pause();
    const from = table.childStart[c]!;
    const to = table.childStart[c + 1]!;
    // Only these steps can break a rule this report gives (a child of contacts and referrals alone cannot).
    let steps = false;
    for (let k = from; k < to && !steps; k++) steps = REPORTED_STEP[table.type[k]!] === 1;
    if (steps) walkJourney(table, from, to, NO_DATE, visit);
  }
}

interface BreakContext {
  log: SourceLog;
  order: Int32Array;
  table: EventTable;
  reported: Set<string>;
}

function reportBreak({ log, order, table, reported }: BreakContext, row: number, rule: GrammarRule, journey: Journey): void {
  const e = order[row]!;
  const type = log.evType.data[e]!;
  const where = log.whereOf(e);
  const field = log.fields[log.evField.data[e]!]!;
  const childId = log.registry.idOf(log.evChild.data[e]!);
  const step = STEP_NAMES[type] ?? EVENT_TYPES[type]!;
  const day = log.evDay.data[e]!;
  const episode = table.episode[row]!;
  const state = episode < 0 ? null : journey.findEpisode(episode);
  const rowKey = `${where.file}\u0000${where.sheet}\u0000${where.row}`;
  switch (rule) {
    case 'step-before-referral': {
      const dfe = BEFORE_REFERRAL[type] ?? null;
      const detail = `the ${step} is dated before its referral`;
      log.problem(type === EV.assessment_start ? 'assessment_before_referral' : 'step_before_referral', childId, where, field, dfe === null ? detail : dfeMessage(dfe, detail), [day], dfe);
      break;
    }
    case 'step-after-nfa-referral': {
      const dfe: DfeRule | null = NFA_ACTIVITY.has(type) ? 'CIN 8831' : null;
      const detail = `the ${step} belongs to a referral marked no further action`;
      log.problem('nfa_with_later_steps', childId, where, field, dfe === null ? detail : dfeMessage(dfe, detail), [day], dfe);
      break;
    }
    case 'icpc-without-s47': {
      if (reported.has(rowKey)) break;
      log.problem('icpc_without_s47', childId, where, field, `the initial conference ${whyNoS47(state)}; it is not a transfer-in conference, as the episode had a strategy discussion or enquiry before it`, [day], null);
      break;
    }
    case 'cp-plan-without-icpc':
      log.problem('cp_plan_without_icpc', childId, where, field, `the child protection plan ${whyNoIcpc(state)}; it is not a transfer-in plan, as the episode had a strategy discussion or enquiry before it`, [day]);
      break;
    case 'overlapping-care':
      if (reported.has(rowKey)) break;
      log.problem('care_periods_overlap', childId, where, field, 'a period of care starts while another period of care of the child is open', [day]);
      break;
    default:
      // before-birth (run without dates of birth: birth-rules.ts checks them), end-without-start,
      // overlapping-cp-plan, step-after-closure and end-after-closure are reported by the readers and checkPlanOverlaps
      // with the row's own fields (end_without_start, cp_plans_overlap, activity_after_closure);
      // after-eighteen is not reported yet.
      break;
  }
}

/** Why an ICPC had no S47 awaiting it, from the episode's state just before it. */
function whyNoS47(state: ReturnType<Journey['findEpisode']>): string {
  if (state === null) return 'has no section 47 enquiry before it in its episode';
  if (state.s47Status === S47_CONFERENCE_HELD) return "follows no enquiry awaiting a conference: the episode's last section 47 enquiry already had its conference";
  if (state.s47Status === S47_NO_CONFERENCE) return "follows no enquiry awaiting a conference: the episode's last section 47 enquiry ended with no conference needed";
  return 'has no section 47 enquiry before it in its episode (only a strategy discussion)';
}

/** Why a CP plan had no conference that decided on it, from the episode's state just before it. */
function whyNoIcpc(state: ReturnType<Journey['findEpisode']>): string {
  if (state === null) return 'has no initial conference before it in its episode';
  if (state.icpcDecision === ICPC_NO_PLAN) return 'follows a conference that decided on no plan';
  if (state.icpcDecision === ICPC_PLAN_STARTED) return 'follows a conference whose plan had already started';
  return 'has no initial conference before it in its episode';
}

/**
 * A plan starting on or before the day the child's previous plan of the same kind ends, or while it is
 * open (CIN 8940 for CP plans, 4014 for CIN plans). The same plan given twice (two sources or census
 * years: the same start date) is one plan, ending when the copy kept says, or else any copy.
 * The plans are put in buckets by kind and child (a counting sort) and each bucket's few checked alone,
 * with the event loop let in between slices: sorting and checking a 110 MB census's plans in one piece
 * held the service about 50 ms of the 106-145 ms stretch it ended (audit a12f M2).
 */
async function checkPlanOverlaps(log: SourceLog, slice: TimeSlice): Promise<void> {
  const all = log.intervals;
  let children = 0;
  for (const p of all) if (p.child >= children) children = p.child + 1;
  // bucket = kind ('cin' before 'cp', as they sort) and child; a counting sort, stable: a bucket keeps the log's order
  const bucketOf = (p: PlanInterval): number => (p.kind === 'cin' ? 0 : children) + p.child;
  const buckets = 2 * children;
  const first = new Int32Array(buckets + 1);
  await loopSliced(all.length, (from, to) => {
    for (let k = from; k < to; k++) first[bucketOf(all[k]!) + 1]!++;
  }, slice);
  for (let b = 0; b < buckets; b++) first[b + 1]! += first[b]!;
  const next = first.slice(0, buckets);
  const byBucket = new Array<PlanInterval>(all.length);
  await loopSliced(all.length, (from, to) => {
    for (let k = from; k < to; k++) {
      const p = all[k]!;
      byBucket[next[bucketOf(p)]!++] = p;
    }
  }, slice);
  await loopSliced(buckets, (from, to) => {
    for (let b = from; b < to; b++) if (first[b + 1]! > first[b]!) checkBucket(log, mergedPlans(log, byBucket.slice(first[b]!, first[b + 1]!)));
  }, slice, 1024);
}

/** Reports the overlaps among one child's plans of one kind, in order of start. */
function checkBucket(log: SourceLog, plans: readonly PlanInterval[]): void {
  let covering: PlanInterval | null = null;
  for (const plan of plans) {
    if (covering !== null && (covering.end === null || plan.start <= covering.end)) {
      const kind = plan.kind === 'cp' ? 'child protection plan' : 'CIN plan';
      const rule: DfeRule = plan.kind === 'cp' ? 'CIN 8940' : 'CIN 4014';
      log.problem(plan.kind === 'cp' ? 'cp_plans_overlap' : 'cin_plans_overlap', plan.childId, plan.where, plan.field,
        dfeMessage(rule, `this ${kind} starts ${covering.end === null ? 'while' : 'on or before the day'} the child's earlier ${kind} (${place(covering.where)}) ${covering.end === null ? 'is still open' : 'ends'}`),
        [plan.start, covering.start]);
    }
    if (covering === null || (covering.end !== null && (plan.end === null || plan.end > covering.end))) covering = plan;
  }
}

/**
 * One child's plans of one kind (`copies`, in the log's order), one per start date, in order of start;
 * superseded copies count only for their end.
 */
function mergedPlans(log: SourceLog, copies: PlanInterval[]): PlanInterval[] {
  const all = copies.sort((a, b) => a.start - b.start || Number(log.isLive(b.startEvent)) - Number(log.isLive(a.startEvent)) || a.startEvent - b.startEvent);
  const plans: PlanInterval[] = [];
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j < all.length && all[j]!.start === all[i]!.start) j++;
    const same = all.slice(i, j);
    i = j;
    const kept = same[0]!;
    if (!same.some((p) => log.isLive(p.startEvent))) continue; // every copy superseded or merged into another plan
    plans.push({ ...kept, end: kept.end ?? same.find((p) => p.end !== null)?.end ?? null });
  }
  return plans;
}

function place(where: Where): string {
  return `${where.file}${where.sheet ? ` › ${where.sheet}` : ''} row ${where.row}`;
}
