// The data-quality problems of an events CSV: every child's events walked through the journey grammar
// (core/grammar.ts: the rules the returns' importers report with sequence-rules.ts and the synthetic
// data obeys), each break a problem at the file's line, in plain English. The events CSV has no reader
// of its own that reports ends without starts or events before birth, so every rule is reported here.
import { emptySortedColumnsInSteps, linkEpisodesInSteps } from '../../../core/event-table.js';
import { formatDay as iso } from '../../../core/dates.js';
import { EVENT_TYPES } from '../../../core/events.js';
import { firstDay, grammarMessage, walkJourney, type GrammarRule } from '../../../core/grammar.js';
import { NO_DATE } from '../../../core/children.js';
import { ProblemList } from './problems.js';
import { TimeSlice, drainSliced, loopSliced } from '../time-slice.js';
import type { ProblemCodeName } from './problem-codes.js';

/** The events an importer read, one entry per imported row, in file order. */
export interface ReadEvents {
  childIds: readonly string[];
  child: ArrayLike<number>;
  type: ArrayLike<number>;
  day: ArrayLike<number>;
  outcome: ArrayLike<number>;
  /** each row's stored source code (0 = blank): whether a referral may bring a transfer-in (core/grammar.ts); absent: not known */
  source?: ArrayLike<number>;
  episodeId: readonly (string | null)[];
  /** the file's line of each row */
  line: ArrayLike<number>;
  /** each child's date of birth (day number), or null */
  dob: readonly (number | null)[];
  /** 1 where the child's dob was given as a month only (absent: none was) */
  dobMonthOnly?: ArrayLike<number>;
}

/** The problem code each grammar rule is reported under (the codes the returns' importers use). */
const CODE_OF: Readonly<Record<GrammarRule, ProblemCodeName>> = {
  'before-birth': 'dob_after_event',
  'after-eighteen': 'step_after_eighteen',
  'end-without-start': 'end_without_start',
  'duplicate-row': 'duplicate_row',
  'start-while-open': 'start_while_open',
  'step-before-referral': 'step_before_referral',
  'step-without-referral': 'step_without_referral',
  'step-after-nfa-referral': 'nfa_with_later_steps',
  'step-after-closure': 'activity_after_closure',
  'end-after-closure': 'activity_after_closure',
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
  const slice = new TimeSlice();
  // Each child's events by date, then by line (the order the file gives within a day).
  const order = await journeyOrder(events, slice);
  const columns = await drainSliced(emptySortedColumnsInSteps(events.childIds, n), slice);
  await loopSliced(
    n,
    (from, to) => {
      for (let k = from; k < to; k++) {
        const i = order[k]!;
        columns.child[k] = events.child[i]!;
        columns.type[k] = events.type[i]!;
        columns.day[k] = events.day[i]!;
        columns.outcome[k] = events.outcome[i]!;
        if (events.source) columns.source[k] = events.source[i]!;
        columns.episodeId[k] = events.episodeId[i]!;
      }
    },
    slice,
  );
  const table = await drainSliced(linkEpisodesInSteps(columns, 16_384), slice);
  const problems = new ProblemList();
  // The log's first day: the ends of spans open then are no break (core/grammar.ts openAtStartRows).
  const logFrom = firstDay(table);
  for (let c = 0; c < events.childIds.length; c++) {
    if (slice.due()) await slice.pause();
    const childId = events.childIds[c]!;
    walkJourney(table, table.childStart[c]!, table.childStart[c + 1]!, events.dob[c] ?? NO_DATE, (row, rule) => {
      if (rule === null) return;
      const line = events.line[order[row]!]!;
      const step = EVENT_TYPES[table.type[row]!]!;
      const day = iso(table.day[row]!);
      const message = `${step}: ${grammarMessage(rule)}`;
      problems.add(CODE_OF[rule], { file, sheet: null, row: line }, 'event', message, problemKey(childId, [step, day, rule]), undefined, step);
    }, logFrom, events.dobMonthOnly?.[c] === 1);
  }
  return problems;
}

/**
 * The rows' indices in journey order: by child, then date, then file order (rows are read in file
 * order, so index order is line order). Two stable counting sorts, by date then by child, in loops
 * that let the event loop run: a comparison sort of a million rows would hold it for a second.
 */
async function journeyOrder(events: ReadEvents, slice: TimeSlice): Promise<Int32Array> {
  const n = events.child.length;
  let minDay = Infinity;
  let maxDay = -Infinity;
  await loopSliced(
    n,
    (from, to) => {
      for (let i = from; i < to; i++) {
        const d = events.day[i]!;
        if (d < minDay) minDay = d;
        if (d > maxDay) maxDay = d;
      }
    },
    slice,
  );
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  if (n === 0) return rows;
  const byDay = await countingSort(rows, events.day, minDay, maxDay - minDay + 1, slice);
  return countingSort(byDay, events.child, 0, events.childIds.length, slice);
}

/** `rows` stably sorted by `key[row] - offset`, a whole number in [0, range). */
async function countingSort(rows: Int32Array, key: ArrayLike<number>, offset: number, range: number, slice: TimeSlice): Promise<Int32Array> {
  const n = rows.length;
  const next = new Int32Array(range + 1);
  await loopSliced(
    n,
    (from, to) => {
      for (let k = from; k < to; k++) next[key[rows[k]!]! - offset + 1]!++;
    },
    slice,
  );
  for (let v = 0; v < range; v++) next[v + 1]! += next[v]!;
  const sorted = new Int32Array(n);
  await loopSliced(
    n,
    (from, to) => {
      for (let k = from; k < to; k++) {
        const row = rows[k]!;
        sorted[next[key[row]! - offset]!++] = row;
      }
    },
    slice,
  );
  return sorted;
}
