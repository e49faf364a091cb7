// The data-quality problems of an events CSV: every child's events walked through the journey grammar
// (core/grammar.ts: the rules the returns' importers report with sequence-rules.ts and the synthetic
// data obeys), each break a problem at the file's line, in plain English. The events CSV has no reader
// of its own that reports ends without starts or events before birth, so every rule is reported here.
import { linkEpisodes, type SortedEventColumns } from '../../../core/event-table.js';
import { formatDay as iso } from '../../../core/dates.js';
import { EVENT_TYPES } from '../../../core/events.js';
import { grammarMessage, walkJourney, type GrammarRule } from '../../../core/grammar.js';
import { NO_DATE } from '../../../core/children.js';
import { ProblemList } from './problems.js';
import { TimeSlice } from '../time-slice.js';
import type { ProblemCodeName } from './problem-codes.js';

/** The events an importer read, one entry per imported row, in file order. */
export interface ReadEvents {
  childIds: readonly string[];
  child: readonly number[];
  type: readonly number[];
  day: readonly number[];
  outcome: readonly number[];
  episodeId: readonly (string | null)[];
  /** the file's line of each row */
  line: readonly number[];
  /** each child's date of birth (day number), or null */
  dob: readonly (number | null)[];
}

/** The problem code each grammar rule is reported under (the codes the returns' importers use). */
const CODE_OF: Readonly<Record<GrammarRule, ProblemCodeName>> = {
  'before-birth': 'dob_after_event',
  'after-eighteen': 'step_after_eighteen',
  'end-without-start': 'end_without_start',
  'step-before-referral': 'step_before_referral',
  'step-after-nfa-referral': 'nfa_with_later_steps',
  'step-after-closure': 'activity_after_closure',
  'icpc-without-s47': 'icpc_without_s47',
  'cp-plan-without-icpc': 'cp_plan_without_icpc',
  'overlapping-care': 'care_periods_overlap',
  'overlapping-cp-plan': 'cp_plans_overlap',
};

/** The grammar's breaks in `events` as problems of file `file`. */
/**
 * `problemKey` turns a child's identifier into the stored key (the child registry's keyed pseudonym), so
 * neither the message nor the key names the child: the file and line do.
 */
export async function eventGrammarProblems(events: ReadEvents, file: string, problemKey: (childId: string, parts: readonly string[]) => string): Promise<ProblemList> {
  const n = events.child.length;
  // Each child's events by date, then by line (the order the file gives within a day).
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => events.child[a]! - events.child[b]! || events.day[a]! - events.day[b]! || events.line[a]! - events.line[b]!);
  const columns: SortedEventColumns = {
    childIds: events.childIds,
    child: Int32Array.from(order, (i) => events.child[i]!),
    type: Uint8Array.from(order, (i) => events.type[i]!),
    day: Int32Array.from(order, (i) => events.day[i]!),
    seconds: new Int32Array(n).fill(-1),
    outcome: Uint8Array.from(order, (i) => events.outcome[i]!),
    source: new Uint8Array(n),
    episodeId: order.map((i) => events.episodeId[i]!),
  };
  const table = linkEpisodes(columns);
  const problems = new ProblemList();
  const slice = new TimeSlice();
  for (let c = 0; c < events.childIds.length; c++) {
    if (slice.due()) await slice.pause();
    const childId = events.childIds[c]!;
    walkJourney(table, table.childStart[c]!, table.childStart[c + 1]!, events.dob[c] ?? NO_DATE, (row, rule) => {
      if (rule === null) return;
      const line = events.line[order[row]!]!;
      const step = EVENT_TYPES[table.type[row]!]!;
      const day = iso(table.day[row]!);
      const message = `${step}: ${grammarMessage(rule)}`;
      problems.add(CODE_OF[rule], { file, sheet: null, row: line }, 'event', message, problemKey(childId, [step, day, rule]));
    });
  }
  return problems;
}
