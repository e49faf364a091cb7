// The journey grammar: each rule fires on the smallest journey that breaks it, and the real-world
// variations the DfE's returns carry (same-day events in any order, S47s with no recorded end, plans
// starting days after their conference, transfer-ins, episode ids) pass.
import { describe, expect, it } from 'vitest';
import { NO_DATE } from '../../core/children.js';
import { formatDay, parseBirthDate, parseDay } from '../../core/dates.js';
import { buildEventTable, type EventRecord } from '../../core/event-table.js';
import { EV, EVENT_TYPES, type EventType } from '../../core/events.js';
import {
  GRAMMAR_RULES, GRAMMAR_RULE_CODES, Journey, NO_DAY, checkJourneys, eighteenthBirthday, grammarMessage, openAtStartRows, walkJourney, type GrammarRule,
} from '../../core/grammar.js';

type Row = [type: EventType, date: string, outcome?: string, episode?: string, source?: string];

function records(rows: Row[], child = 'A'): EventRecord[] {
  return rows.map(([type, date, outcome, episode, source]) => ({ child, type, day: parseDay(date)!, outcome: outcome ?? null, episodeId: episode ?? null, source: source ?? null }));
}

/** The rules broken by one child's rows, in the order the grammar took them, as `event:rule`. */
function breaks(rows: Row[], dob: string | null = '2010-01-01'): string[] {
  const table = buildEventTable(records(rows));
  const check = checkJourneys(table, [dob ? parseDay(dob)! : NO_DATE]);
  return check.breaks.map((b) => `${rows.find((r) => parseDay(r[1]) === table.day[b.row] && EV[r[0]] === table.type[b.row])![0]}:${b.rule}`);
}

/** The event types in the order the grammar takes them. */
function takenOrder(rows: Row[]): string[] {
  const table = buildEventTable(records(rows));
  const order: string[] = [];
  walkJourney(table, 0, table.length, NO_DAY, (row) => order.push(rows.find((r) => EV[r[0]] === table.type[row] && parseDay(r[1]) === table.day[row])![0]));
  return order;
}

describe('journeys the grammar accepts', () => {
  it('a front door journey through S47, conference and a CP plan to closure', () => {
    expect(breaks([
      ['contact', '2023-01-02', 'referral'], ['referral', '2023-01-03'], ['assessment_start', '2023-01-04'],
      ['strategy_discussion', '2023-01-05'], ['s47_start', '2023-01-09'], ['s47_end', '2023-01-20', 'icpc'],
      ['icpc', '2023-01-25', 'cp_plan'], ['cp_plan_start', '2023-01-25'], ['assessment_end', '2023-02-10', 'cin'],
      ['cp_plan_end', '2023-09-01'], ['cin_plan_start', '2023-09-01'], ['cin_plan_end', '2024-01-01'], ['case_closed', '2024-01-05', 'RC1'],
    ])).toEqual([]);
  });

  it('same-day events in any file order: plan before its conference, S47 before its strategy discussion, care periods back to back', () => {
    const rows: Row[] = [
      ['referral', '2023-01-03'], ['s47_start', '2023-01-05'], ['strategy_discussion', '2023-01-05'],
      ['cp_plan_start', '2023-01-20'], ['icpc', '2023-01-20', 'cp_plan'],
      ['cla_start', '2023-03-01'], ['cla_start', '2023-06-01'], ['cla_end', '2023-06-01', 'E11'], ['cla_end', '2023-09-01', 'E4A'],
    ];
    expect(breaks(rows)).toEqual([]);
    // Taken in the process's order, whatever the file's: the strategy discussion before its S47, the plan
    // after its conference, and the first care period ends before the second starts.
    expect(takenOrder(rows)).toEqual(['referral', 'strategy_discussion', 's47_start', 'icpc', 'cp_plan_start', 'cla_start', 'cla_end', 'cla_start', 'cla_end']);
  });

  it('S47s with no recorded end (as in the CIN census), a second S47 in the episode, a plan days after its conference, a blank ICPC outcome', () => {
    expect(breaks([
      ['referral', '2023-01-03'], ['s47_start', '2023-01-05'], ['s47_start', '2023-02-05'], ['icpc', '2023-02-20'],
      ['cp_plan_start', '2023-03-01'], ['cp_plan_end', '2023-10-01'],
    ])).toEqual([]);
  });

  it('a transfer-in: a conference with no S47, or a CP plan with no conference, in an episode with no strategy discussion or S47', () => {
    expect(breaks([['referral', '2023-01-03', undefined, 'E1'], ['assessment_start', '2023-01-04', undefined, 'E1'], ['icpc', '2023-01-10', 'cp_plan', 'E1'], ['cp_plan_start', '2023-01-10', undefined, 'E1']])).toEqual([]);
    expect(breaks([['referral', '2023-01-03'], ['cp_plan_start', '2023-01-05'], ['cp_plan_end', '2023-05-05']])).toEqual([]);
  });

  it('a transfer-in after a referral from another council (5C) or of unknown source (blank, 10)', () => {
    for (const source of ['5C', '10', undefined]) {
      expect(breaks([['referral', '2023-01-03', undefined, undefined, source], ['icpc', '2023-01-10', 'cp_plan'], ['cp_plan_start', '2023-01-10']])).toEqual([]);
      expect(breaks([['referral', '2023-01-03', undefined, undefined, source], ['assessment_start', '2023-01-04'], ['cp_plan_start', '2023-01-05']])).toEqual([]);
    }
  });

  it('steps with no referral at all (care only, as from SSDA903) and ends after the case closed', () => {
    expect(breaks([['cla_start', '2020-01-01'], ['cla_end', '2021-01-01', 'E11']])).toEqual([]);
    expect(breaks([['referral', '2023-01-03'], ['cla_start', '2023-02-01'], ['case_closed', '2023-03-01', 'RC2'], ['cla_end', '2023-08-01', 'E4A']])).toEqual([]);
  });

  it('with episode ids, a plan of an earlier episode ends after the next referral', () => {
    expect(breaks([
      ['referral', '2023-01-03', undefined, 'E1'], ['cp_plan_start', '2023-01-05', undefined, 'E1'],
      ['referral', '2023-03-01', undefined, 'E2'], ['cp_plan_end', '2023-05-05', undefined, 'E1'],
    ])).toEqual([]);
  });

  it('care ending on the 18th birthday', () => {
    expect(breaks([['cla_start', '2027-01-01'], ['cla_end', '2028-01-01', 'E17']], '2010-01-01')).toEqual([]);
  });
});

describe('breaks', () => {
  it('an ICPC straight from an assessment, after a strategy discussion or after an S47 that decided none', () => {
    expect(breaks([['referral', '2023-01-03'], ['strategy_discussion', '2023-01-04'], ['icpc', '2023-01-20', 'cp_plan']])).toEqual(['icpc:icpc-without-s47']);
    expect(breaks([['referral', '2023-01-03'], ['s47_start', '2023-01-04'], ['s47_end', '2023-01-10', 'nfa'], ['icpc', '2023-01-20', 'no_plan']])).toEqual(['icpc:icpc-without-s47']);
    expect(breaks([['referral', '2023-01-03'], ['s47_start', '2023-01-04'], ['icpc', '2023-01-10', 'no_plan'], ['icpc', '2023-01-20', 'no_plan']])).toEqual(['icpc:icpc-without-s47']);
  });

  it('a conference or plan with no enquiry after a referral from anyone but another council (audit a10b F2: police, then an assessment, then an ICPC)', () => {
    for (const source of ['6', '2A', '3A', '5A', '9']) {
      expect(breaks([['referral', '2023-01-03', undefined, undefined, source], ['assessment_start', '2023-01-04'], ['icpc', '2023-01-10', 'cp_plan'], ['cp_plan_start', '2023-01-10']])).toEqual(['icpc:icpc-without-s47']);
      expect(breaks([['referral', '2023-01-03', undefined, undefined, source], ['cp_plan_start', '2023-01-04']])).toEqual(['cp_plan_start:cp-plan-without-icpc']);
    }
    // The episode's own referral decides: a later referral from the police does not undo an earlier transfer-in's episode, with ids.
    expect(breaks([
      ['referral', '2023-01-03', undefined, 'E1', '5C'], ['referral', '2023-01-05', undefined, 'E2', '6'], ['icpc', '2023-01-10', 'cp_plan', 'E1'], ['cp_plan_start', '2023-01-10', undefined, 'E1'],
    ])).toEqual([]);
    expect(breaks([
      ['referral', '2023-01-03', undefined, 'E1', '6'], ['referral', '2023-01-05', undefined, 'E2', '5C'], ['icpc', '2023-01-10', 'cp_plan', 'E1'],
    ])).toEqual(['icpc:icpc-without-s47']);
  });

  it('a CP plan with no conference that decided on one', () => {
    expect(breaks([['referral', '2023-01-03'], ['s47_start', '2023-01-04'], ['cp_plan_start', '2023-01-20']])).toEqual(['cp_plan_start:cp-plan-without-icpc']);
    expect(breaks([['referral', '2023-01-03'], ['s47_start', '2023-01-04'], ['icpc', '2023-01-10', 'no_plan'], ['cp_plan_start', '2023-01-20']])).toEqual(['cp_plan_start:cp-plan-without-icpc']);
    // One conference, one plan: a second plan needs a new conference.
    expect(breaks([
      ['referral', '2023-01-03'], ['s47_start', '2023-01-04'], ['icpc', '2023-01-10', 'cp_plan'], ['cp_plan_start', '2023-01-10'],
      ['cp_plan_end', '2023-03-10'], ['cp_plan_start', '2023-04-10'],
    ])).toEqual(['cp_plan_start:cp-plan-without-icpc']);
  });

  it('an end with no start, in its episode when episodes link by date', () => {
    expect(breaks([['referral', '2023-01-03'], ['assessment_end', '2023-02-01', 'nfa']])).toEqual(['assessment_end:end-without-start']);
    // A second end of care or early help: the log shows the first, so the second had no start in it.
    expect(breaks([['cla_end', '2023-02-01', 'E11'], ['cla_end', '2023-05-01', 'E11']])).toEqual(['cla_end:end-without-start']);
    expect(breaks([['early_help_start', '2023-01-01'], ['early_help_end', '2023-02-01'], ['early_help_end', '2023-03-01']])).toEqual(['early_help_end:end-without-start']);
    // Re-referred while on a plan, without episode ids: the plan's end links to the new episode.
    expect(breaks([['referral', '2023-01-03'], ['cp_plan_start', '2023-01-05'], ['referral', '2023-03-01'], ['cp_plan_end', '2023-05-05']]))
      .toEqual(['cp_plan_end:end-without-start']);
  });

  it('an end with no start after its episode\'s referral in the log, with episode ids', () => {
    expect(breaks([['referral', '2023-01-03', '', 'E1'], ['cin_plan_end', '2023-02-01', '', 'E1']])).toEqual(['cin_plan_end:end-without-start']);
    // The plan of another episode, whose referral the log does not hold, was open on the first day.
    expect(breaks([['referral', '2023-01-03', '', 'E2'], ['cin_plan_end', '2023-02-01', '', 'E1']])).toEqual([]);
  });

  it('overlapping periods of care and overlapping CP plans', () => {
    expect(breaks([['cla_start', '2023-01-01'], ['cla_start', '2023-02-01']])).toEqual(['cla_start:overlapping-care']);
    expect(breaks([
      ['referral', '2023-01-03', undefined, 'E1'], ['cp_plan_start', '2023-01-05', undefined, 'E1'],
      ['referral', '2023-03-01', undefined, 'E2'], ['cp_plan_start', '2023-03-05', undefined, 'E2'],
    ])).toEqual(['cp_plan_start:overlapping-cp-plan']);
  });

  it('before birth, and on or after the 18th birthday (ends: after it)', () => {
    expect(breaks([['contact', '2009-12-31', 'nfa']], '2010-01-01')).toEqual(['contact:before-birth']);
    expect(breaks([['referral', '2028-01-01']], '2010-01-01')).toEqual(['referral:after-eighteen']);
    expect(breaks([['cla_start', '2027-01-01'], ['cla_end', '2028-01-02', 'E17']], '2010-01-01')).toEqual(['cla_end:after-eighteen']);
    expect(breaks([['referral', '2028-01-01']], null)).toEqual([]);
  });

  it('a date of birth given as a month only: after the 18th birthday means after the month\'s last possible birthday (review v10d F5)', () => {
    // dob 2002-06 (read as 2002-06-01): the birthday lies in June 2020, on the 30th at the latest.
    const check = (rows: Row[]) => {
      const table = buildEventTable(records(rows));
      return checkJourneys(table, [parseBirthDate('2002-06')!], [1]).breaks.map((b) => `${EVENT_TYPES[table.type[b.row]!]}:${b.rule}`);
    };
    const plan: Row[] = [['referral', '2020-01-03'], ['cin_plan_start', '2020-02-01']];
    expect(check([...plan, ['cin_plan_end', '2020-06-09'], ['case_closed', '2020-06-30', 'RC7']])).toEqual([]);
    expect(check([...plan, ['cin_plan_end', '2020-07-01']])).toEqual(['cin_plan_end:after-eighteen']);
    // A step (not an end) on the month's last day is on or after the birthday whatever the day of birth.
    expect(check([['referral', '2020-06-29']])).toEqual([]);
    expect(check([['referral', '2020-06-30']])).toEqual(['referral:after-eighteen']);
    // Given as a day, the birthday is that day.
    const table = buildEventTable(records([...plan, ['cin_plan_end', '2020-06-09']]));
    expect(checkJourneys(table, [parseBirthDate('2002-06-01')!]).counts['after-eighteen']).toBe(1);
    expect(formatDay(eighteenthBirthday(parseBirthDate('2002-06')!, true))).toBe('2020-06-30');
    expect(formatDay(eighteenthBirthday(parseBirthDate('2004-02')!, true))).toBe('2022-02-28');
  });

  it('an end of an episode\'s span dated after its case closed (CIN 8565); on the closure day, in either order, it is none', () => {
    expect(breaks([['referral', '2023-01-03'], ['assessment_start', '2023-01-04'], ['case_closed', '2023-02-01', 'RC8'], ['assessment_end', '2023-02-10', 'nfa']])).toEqual(['assessment_end:end-after-closure']);
    expect(breaks([
      ['referral', '2023-01-03', undefined, 'E1'], ['s47_start', '2023-01-04', undefined, 'E1'], ['icpc', '2023-01-10', 'cp_plan', 'E1'], ['cp_plan_start', '2023-01-10', undefined, 'E1'],
      ['case_closed', '2023-05-01', 'RC2', 'E1'], ['cp_plan_end', '2023-05-02', undefined, 'E1'],
    ])).toEqual(['cp_plan_end:end-after-closure']);
    expect(breaks([['referral', '2023-01-03'], ['assessment_start', '2023-01-04'], ['case_closed', '2023-02-01', 'RC8'], ['assessment_end', '2023-02-01', 'nfa']])).toEqual([]);
    // A new referral opens a new episode: its ends are not the closed one's.
    expect(breaks([
      ['referral', '2023-01-03', undefined, 'E1'], ['case_closed', '2023-01-20', 'RC8', 'E1'],
      ['referral', '2023-03-01', undefined, 'E2'], ['assessment_start', '2023-03-02', undefined, 'E2'], ['assessment_end', '2023-04-02', 'nfa', 'E2'],
    ])).toEqual([]);
  });

  it('steps after a referral that needed no further action, and new steps after the case closed', () => {
    expect(breaks([['referral', '2023-01-03', 'nfa'], ['assessment_start', '2023-01-04']])).toEqual(['assessment_start:step-after-nfa-referral']);
    expect(breaks([['referral', '2023-01-03'], ['case_closed', '2023-01-04', 'RC8'], ['s47_start', '2023-01-10']])).toEqual(['s47_start:step-after-closure']);
    // A new referral opens a new episode.
    expect(breaks([['referral', '2023-01-03', 'nfa'], ['case_closed', '2023-01-04', 'RC8'], ['referral', '2023-02-01'], ['assessment_start', '2023-02-02']])).toEqual([]);
  });

  it('with episode ids, a step dated before its referral', () => {
    expect(breaks([['assessment_start', '2023-01-01', undefined, 'E1'], ['referral', '2023-01-03', undefined, 'E1']])).toEqual(['assessment_start:step-before-referral']);
  });

  it('with episode ids, an assessment listed before its same-day referral belongs to that referral, in either order (review v10c F1)', () => {
    const rows: Row[] = [['assessment_start', '2023-01-03', undefined, 'E1'], ['contact', '2023-01-03', 'referral'], ['referral', '2023-01-03', undefined, 'E1']];
    expect(breaks(rows)).toEqual([]);
    // Taken after its referral, so the fit sees referral then assessment, whatever the file's order.
    expect(takenOrder(rows)).toEqual(['contact', 'referral', 'assessment_start']);
    expect(takenOrder([rows[2]!, rows[1]!, rows[0]!])).toEqual(['contact', 'referral', 'assessment_start']);
  });

  it('an ICPC that decided no plan and the case closed on its day, closure listed first (review v10c F1)', () => {
    expect(breaks([
      ['referral', '2023-01-03'], ['strategy_discussion', '2023-01-04'], ['s47_start', '2023-01-04'],
      ['case_closed', '2023-01-20', 'RC8'], ['icpc', '2023-01-20', 'no_plan'],
    ])).toEqual([]);
  });

  it('steps of an episode whose referral is not in the log: accepted in its first year (carried in), not later (review v10c F1)', () => {
    // The log begins 2023-01-01 with another child's contact; episode E1 has no referral in the log.
    const other: EventRecord[] = [{ child: 'B', type: 'contact', day: parseDay('2023-01-01')!, outcome: 'nfa', episodeId: null }];
    const check = (rows: Row[]) => {
      const table = buildEventTable([...other, ...records(rows)]);
      return checkJourneys(table, [NO_DATE, NO_DATE]).breaks.map((b) => `${EVENT_TYPES[table.type[b.row]!]}:${b.rule}`);
    };
    const carried: Row[] = [['assessment_start', '2023-06-01', undefined, 'E1'], ['assessment_end', '2023-07-01', 'nfa', 'E1'], ['contact', '2024-08-01', 'referral'], ['referral', '2024-08-01', undefined, 'E2'], ['s47_start', '2024-08-05', undefined, 'E2']];
    expect(check(carried)).toEqual([]);
    // First seen 2024, beside a same-day referral of another episode: no referral of its own to have begun before the log.
    expect(check([['contact', '2024-08-01', 'referral'], ['referral', '2024-08-01', undefined, 'E2'], ['assessment_start', '2024-08-01', undefined, 'E1']])).toEqual(['assessment_start:step-without-referral']);
    // The child's first event, but a year after it began: also not carried in.
    expect(check([['contact', '2023-02-01', 'nfa'], ['s47_start', '2024-08-05', undefined, 'E1']])).toEqual(['s47_start:step-without-referral']);
    // A log with no front door (plans only) is not judged.
    expect(check([['cp_plan_start', '2024-08-05', undefined, 'E1']])).toEqual([]);
    // A CP plan carried in (its end with no start) first seen 20 months in, stepped down to a CIN plan that day, and a
    // contact years later: the episode was carried in, its CIN plan no break (audit a10n: step-without-referral before).
    expect(check([
      ['cla_start', '2023-02-01'], ['cla_end', '2023-06-01', 'E13'], ['cp_plan_end', '2024-09-01', undefined, 'E1'], ['cin_plan_start', '2024-09-01', undefined, 'E1'],
      ['cin_plan_end', '2025-02-01', undefined, 'E1'], ['case_closed', '2025-02-01', 'RC8', 'E1'], ['contact', '2025-06-01', 'nfa'],
    ])).toEqual([]);
    // Without episode ids alike (the rows with no referral before them belong to no episode).
    expect(check([
      ['cla_start', '2023-02-01'], ['cla_end', '2023-06-01', 'E13'], ['cp_plan_end', '2024-09-01'], ['cin_plan_start', '2024-09-01'],
      ['cin_plan_end', '2025-02-01'], ['case_closed', '2025-02-01', 'RC8'], ['contact', '2025-06-01', 'nfa'],
    ])).toEqual([]);
    // A start of another episode with no referral, first seen late, still breaks beside the carried one.
    expect(check([
      ['cp_plan_end', '2023-03-01', undefined, 'E1'], ['contact', '2024-08-01', 'nfa'], ['assessment_start', '2024-09-01', undefined, 'E3'],
    ])).toEqual(['assessment_start:step-without-referral']);
  });

  it('a duplicate row is not taken: its start does not open a second span, so the one end closes the first (review v10d F1)', () => {
    // Three copies of one start and of one referral, in any file order: one journey, two repeats each.
    expect(breaks([
      ['referral', '2023-01-03', undefined, 'E1'], ['assessment_start', '2023-01-04', undefined, 'E1'], ['referral', '2023-01-03', undefined, 'E1'],
      ['assessment_start', '2023-01-04', undefined, 'E1'], ['assessment_start', '2023-01-04', undefined, 'E1'], ['assessment_end', '2023-02-01', 'cin', 'E1'],
    ]).sort()).toEqual(['assessment_start:duplicate-row', 'assessment_start:duplicate-row', 'referral:duplicate-row']);
    // Without episode ids a repeated referral row would open an episode of its own: it is the same referral.
    expect(breaks([['referral', '2023-01-03'], ['referral', '2023-01-03'], ['cin_plan_start', '2023-01-10'], ['cin_plan_end', '2023-05-01']])).toEqual(['referral:duplicate-row']);
    // A duplicated end is a repeat too (it was reported as an end with no start).
    expect(breaks([['early_help_start', '2023-01-01'], ['early_help_end', '2023-02-01'], ['early_help_end', '2023-02-01']])).toEqual(['early_help_end:duplicate-row']);
    // Same day, different outcomes: two events.
    expect(breaks([['contact', '2023-01-01', 'nfa'], ['contact', '2023-01-01', 'advice']])).toEqual([]);
  });

  it('a start while one of its kind is open: not taken, the first start stands (review v10d F1)', () => {
    expect(breaks([
      ['referral', '2023-01-03'], ['assessment_start', '2023-01-04'], ['assessment_start', '2023-01-09'], ['assessment_end', '2023-02-01', 'cin'],
      ['cin_plan_start', '2023-02-01'], ['cin_plan_start', '2023-03-01'], ['cin_plan_end', '2023-06-01'],
      ['early_help_start', '2023-07-01'], ['early_help_start', '2023-08-01'], ['early_help_end', '2023-09-01'],
    ])).toEqual(['assessment_start:start-while-open', 'cin_plan_start:start-while-open', 'early_help_start:start-while-open']);
    // The start stands at its first date: the end is measured from 2023-01-04.
    const table = buildEventTable(records([['referral', '2023-01-03'], ['assessment_start', '2023-01-04'], ['assessment_start', '2023-01-09']]));
    expect(formatDay(walkJourney(table, 0, table.length, NO_DAY).current!.assessmentStart)).toBe('2023-01-04');
    // The same start on the day its span ended, once ended, is a new span; an S47 is a repeat only the day it began.
    expect(breaks([['referral', '2023-01-03'], ['assessment_start', '2023-01-04'], ['assessment_end', '2023-01-10', 'nfa'], ['assessment_start', '2023-01-10']])).toEqual([]);
    expect(breaks([['referral', '2023-01-03'], ['s47_start', '2023-01-04'], ['s47_start', '2023-01-04']])).toEqual(['s47_start:duplicate-row']);
  });

  it('the generator\'s check refuses a repeat (Journey.check), as the walk does', () => {
    const day = (d: string) => parseDay(d)!;
    const journey = new Journey(day('2012-05-01'));
    expect(journey.step(EV.referral, day('2023-01-03'), 0, 1)).toBeNull();
    expect(journey.step(EV.assessment_start, day('2023-01-04'), 0, 1)).toBeNull();
    expect(journey.check(EV.assessment_start, day('2023-01-04'), 0, 1)).toBe('duplicate-row');
    expect(journey.step(EV.assessment_start, day('2023-01-20'), 0, 1)).toBe('start-while-open');
    expect(journey.findEpisode(1)!.assessmentStart).toBe(day('2023-01-04'));
    expect(journey.step(EV.assessment_end, day('2023-02-01'), 0, 1)).toBeNull();
    expect(journey.check(EV.assessment_end, day('2023-02-10'), 0, 1)).toBe('end-without-start');
  });

  it('reports a broken row once: the plan its conference decided is not a second break', () => {
    expect(breaks([
      ['referral', '2023-01-03'], ['strategy_discussion', '2023-01-04'], ['icpc', '2023-01-20', 'cp_plan'], ['cp_plan_start', '2023-01-20'], ['cp_plan_end', '2023-06-20'],
    ])).toEqual(['icpc:icpc-without-s47']);
  });
});

describe('Journey', () => {
  it('says what may come next, and a snapshot continues exactly where the journey was', () => {
    const day = (d: string) => parseDay(d)!;
    const journey = new Journey(day('2012-05-01'));
    journey.apply(EV.referral, day('2023-01-03'), 0, 0);
    journey.apply(EV.s47_start, day('2023-01-04'), 0, 0);
    expect(journey.check(EV.icpc, day('2023-01-20'), 0, 0)).toBeNull();
    expect(journey.check(EV.cp_plan_start, day('2023-01-20'), 0, 0)).toBe('cp-plan-without-icpc');
    expect(journey.idle).toBe(false);
    const copy = Journey.restore(JSON.parse(JSON.stringify(journey.snapshot())));
    expect(copy.snapshot()).toEqual(journey.snapshot());
    for (const j of [journey, copy]) {
      expect(j.step(EV.icpc, day('2023-01-20'), 0, 0)).toBeNull();
      expect(j.step(EV.cp_plan_start, day('2023-01-22'), 0, 0)).toBeNull();
      expect(j.step(EV.cp_plan_end, day('2023-05-22'), 0, 0)).toBeNull();
      // The S47 has no recorded end (as in the CIN census): the journey is idle once the case closes.
      expect(j.idle).toBe(false);
      expect(j.step(EV.case_closed, day('2023-05-30'), 0, 0)).toBeNull();
      expect(j.idle).toBe(true);
      expect(j.check(EV.referral, day('2030-05-01'), 0, 1)).toBe('after-eighteen');
    }
  });

  it('every rule has a code, a message and a count', () => {
    expect(new Set(GRAMMAR_RULE_CODES).size).toBe(GRAMMAR_RULES.length);
    for (const rule of GRAMMAR_RULE_CODES) expect(grammarMessage(rule as GrammarRule).length).toBeGreaterThan(20);
    const check = checkJourneys(buildEventTable(records([['referral', '2023-01-03']])), [NO_DATE]);
    expect(Object.keys(check.counts).sort()).toEqual([...GRAMMAR_RULE_CODES].sort());
    expect(check.events).toBe(1);
  });
});

describe('spans open at the extract\'s start (a log that begins on a date)', () => {
  it('ends with nothing of their span earlier in the log are spans open on the first day, not breaks', () => {
    // In care, on early help and on a CP plan on the first day: each ends, and the child goes on.
    expect(breaks([
      ['cla_end', '2023-02-01', 'E11'], ['early_help_end', '2023-03-01'], ['cp_plan_end', '2023-04-01'],
      ['contact', '2023-06-01', 'referral'], ['referral', '2023-06-02'], ['assessment_start', '2023-06-03'], ['assessment_end', '2023-07-01', 'nfa'],
    ])).toEqual([]);
    // With episode ids: the steps of an episode whose referral is not in the log, then its closure.
    expect(breaks([
      ['assessment_end', '2023-01-10', 'cin', 'E1'], ['cin_plan_start', '2023-01-20', '', 'E1'], ['cin_plan_end', '2023-09-01', '', 'E1'], ['case_closed', '2023-09-02', 'RC1', 'E1'],
    ])).toEqual([]);
    // A care period open on the first day, and a later one in full.
    expect(breaks([['cla_end', '2023-02-01', 'E11'], ['cla_start', '2023-05-01'], ['cla_end', '2023-08-01', 'E11']])).toEqual([]);
  });

  it('the open spans are taken in before the first event, dated the log\'s first day', () => {
    const table = buildEventTable([
      ...records([['contact', '2023-01-01', 'nfa']], 'B'),
      ...records([['cp_plan_end', '2023-03-01'], ['cla_end', '2023-05-01', 'E11']]),
    ]);
    const a = table.childIds.indexOf('A');
    const start = parseDay('2023-01-01')!;
    expect(openAtStartRows(table, table.childStart[a]!, table.childStart[a + 1]!)?.length).toBe(2);
    let before: { care: number; plan: number; carried: number } | null = null;
    walkJourney(table, table.childStart[a]!, table.childStart[a + 1]!, NO_DAY, (_row, rule, journey) => {
      expect(rule).toBeNull();
      before ??= { care: journey.careStart, plan: journey.current?.cpPlanStart ?? NO_DAY, carried: journey.openAtStart };
    }, start);
    expect(before).toEqual({ care: start, plan: start, carried: 2 });
  });

  it('a child born after the log\'s first day had nothing open then', () => {
    const table = buildEventTable(records([['contact', '2023-01-01', 'nfa']], 'B').concat(records([['cla_end', '2023-05-01', 'E11']])));
    const dob = table.childIds.map((id) => (id === 'A' ? parseDay('2023-02-01')! : NO_DATE));
    expect(checkJourneys(table, dob).counts['end-without-start']).toBe(1);
  });
});
