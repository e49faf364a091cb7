import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ageBandAt, emptyChildAttributes } from '../../core/children.js';
import { parseDay } from '../../core/dates.js';
import { buildEventTable, type EventRecord } from '../../core/event-table.js';
import { ETHNICITY_CODES } from '../../core/events.js';
import { ENTRY, buildMoves, cohortBitsOf, cohortBitsReader, packCohort, unpackCohort, type MoveColumns } from '../../core/journeys.js';
import { cohortAnchors } from '../../core/analysis/cohort.js';
import { awkwardLog } from './awkward-log.js';
import { parseMapDefinition, type MapDefinition } from '../../core/map-schema.js';

const map = parseMapDefinition(JSON.parse(readFileSync(new URL('../../maps/front-door.json', import.meta.url), 'utf8')));
const day = (text: string) => parseDay(text)!;
const DAY = 86400;

function record(child: string, type: EventRecord['type'], date: string, extra: Partial<EventRecord> = {}): EventRecord {
  const [d, time] = date.split('T');
  const [hh, mm] = (time ?? '').split(':').map(Number);
  return { child, type, day: day(d!), seconds: time ? hh! * 3600 + mm! * 60 : -1, ...extra };
}

function movesOf(records: EventRecord[], attributes = emptyChildAttributes(new Set(records.map((r) => r.child)).size), m = map) {
  return buildMoves(buildEventTable(records), attributes, m);
}

/** Moves as readable rows: [child, episode, from, to, depart, arrive]. */
function rows(moves: MoveColumns): (string | number)[][] {
  const name = (s: number) => (s === ENTRY ? 'ENTRY' : map.stations[s]!.id);
  return Array.from({ length: moves.count }, (_, i) => [
    moves.child[i]!,
    moves.episode[i]!,
    name(moves.from[i]!),
    name(moves.to[i]!),
    moves.depart[i]!,
    moves.arrive[i]!,
  ]);
}

/** Moves as `from>to@depart-leave-arrive` in days. */
function brief(moves: MoveColumns): string[] {
  const name = (s: number) => (s === ENTRY ? 'ENTRY' : map.stations[s]!.id);
  const d = (t: number) => Math.round((t / DAY) * 1000) / 1000;
  return Array.from({ length: moves.count }, (_, i) => `${name(moves.from[i]!)}>${name(moves.to[i]!)}@${d(moves.depart[i]!)}-${d(moves.leave[i]!)}-${d(moves.arrive[i]!)}`);
}

describe('buildMoves', () => {
  it('turns contact → referral → assessment → NFA into timed moves from the earliest day', () => {
    const moves = movesOf([
      record('c1', 'contact', '2024-01-01'),
      record('c1', 'referral', '2024-01-02T10:30'),
      record('c1', 'assessment_start', '2024-01-05'),
      record('c1', 'assessment_end', '2024-02-10', { outcome: 'nfa' }),
    ]);
    expect(moves.originDay).toBe(day('2024-01-01'));
    expect(rows(moves)).toEqual([
      [0, 1, 'ENTRY', 'contact', 0, 0],
      [0, 1, 'contact', 'referral', 0, DAY + 37800],
      [0, 1, 'referral', 'assessment', DAY + 37800, 4 * DAY],
      [0, 1, 'assessment', 'nfa', 4 * DAY, 40 * DAY],
    ]);
  });

  it('keeps same-day events in file order, each at least 60 s after the one before', () => {
    const moves = movesOf([
      record('c1', 'referral', '2024-03-04'),
      record('c1', 'strategy_discussion', '2024-03-04'),
      record('c1', 's47_start', '2024-03-04T09:00'),
      { ...record('c1', 'icpc', '2024-03-04'), seconds: 9 * 3600 + 30 },
    ]);
    // Events without a time sort first (seconds −1), in file order; the ICPC 30 s after the S47 waits 60 s.
    expect(rows(moves)).toEqual([
      [0, 1, 'ENTRY', 'referral', 0, 0],
      [0, 1, 'referral', 'strategy', 0, 60],
      [0, 1, 'strategy', 's47', 60, 9 * 3600],
      [0, 1, 's47', 'icpc', 9 * 3600, 9 * 3600 + 60],
    ]);
  });

  it('never lets a child go back in time (times are max(t, previous + 60))', () => {
    const moves = movesOf([record('c1', 'referral', '2024-03-04T23:59'), record('c1', 'assessment_start', '2024-03-05')]);
    expect(rows(moves)).toEqual([
      [0, 1, 'ENTRY', 'referral', 86340, 86340],
      [0, 1, 'referral', 'assessment', 86340, DAY],
    ]);
  });

  it('follows an outcome rule through several stations: referral nfa visits Referral then NFA', () => {
    const moves = movesOf([record('c1', 'referral', '2024-05-01', { outcome: 'nfa' })]);
    expect(rows(moves)).toEqual([
      [0, 1, 'ENTRY', 'referral', 0, 0],
      [0, 1, 'referral', 'nfa', 0, 60],
    ]);
  });

  it('starts trip 2 with an entry move when a child comes back after NFA', () => {
    const moves = movesOf([
      record('c1', 'contact', '2024-01-01', { outcome: 'nfa' }),
      record('c1', 'contact', '2024-01-11'),
      record('c1', 'referral', '2024-01-12'),
    ]);
    expect(rows(moves)).toEqual([
      [0, 1, 'ENTRY', 'contact', 0, 0],
      [0, 1, 'contact', 'nfa', 0, 60],
      [0, 2, 'ENTRY', 'contact', 10 * DAY, 10 * DAY],
      [0, 2, 'contact', 'referral', 10 * DAY, 11 * DAY],
    ]);
  });

  it('makes no move for a closure after an NFA, and never starts a trip at an exit', () => {
    const moves = movesOf([
      record('c1', 'case_closed', '2023-12-01'),
      record('c1', 'referral', '2024-01-01'),
      record('c1', 'assessment_start', '2024-01-02'),
      record('c1', 'assessment_end', '2024-01-20', { outcome: 'nfa' }),
      record('c1', 'case_closed', '2024-01-21'),
      record('c1', 'referral', '2024-06-01'),
    ]);
    const r = rows(moves);
    expect(r.filter((m) => m[3] === 'closed')).toEqual([]);
    expect(r.map((m) => `${m[1]}:${m[2]}>${m[3]}`)).toEqual([
      '1:ENTRY>referral',
      '1:referral>assessment',
      '1:assessment>nfa',
      '2:ENTRY>referral',
    ]);
  });

  it('makes no move for a station the child is already at, or for a rule with no stations', () => {
    const moves = movesOf([
      record('c1', 'contact', '2024-01-01'),
      record('c1', 'contact', '2024-01-02'),
      record('c1', 'referral', '2024-01-03'),
      record('c1', 'assessment_start', '2024-01-04'),
      record('c1', 'assessment_end', '2024-01-09', { outcome: 'cin' }),
      record('c1', 'cin_plan_start', '2024-01-10'),
    ]);
    // The assessment ends on day 8: the dot waits at Assessment until then, then travels to CIN plan.
    expect(brief(moves)).toEqual([
      'ENTRY>contact@0-0-0',
      'contact>referral@0-2-2',
      'referral>assessment@2-3-3',
      'assessment>cin_plan@3-8-9',
    ]);
  });

  it('caps the trip number at 255', () => {
    const records = Array.from({ length: 300 }, (_, k) => ({ ...record('c1', 'contact', '2020-01-01', { outcome: 'nfa' }), day: day('2020-01-01') + k }));
    const moves = movesOf(records);
    expect(moves.count).toBe(600);
    expect(Math.max(...moves.episode)).toBe(255);
    expect(moves.episode[2 * 254]).toBe(255);
  });

  it('sorts the output by depart, ties keeping child order', () => {
    const moves = movesOf([
      record('late', 'contact', '2024-02-01'),
      record('late', 'referral', '2024-02-03'),
      record('early', 'contact', '2024-01-01'),
      record('early', 'referral', '2024-02-02'),
      record('tie', 'contact', '2024-02-01'),
    ]);
    expect(rows(moves).map((m) => `${m[0]}:${m[2]}>${m[3]}@${m[4]}`)).toEqual([
      `1:ENTRY>contact@0`,
      `1:contact>referral@0`,
      `0:ENTRY>contact@${31 * DAY}`,
      `0:contact>referral@${31 * DAY}`,
      // 'tie' never gets its referral, but the data ends (3 February) within Contact's 90 days: it is still
      // waiting there, and no move falls after the data's last day.
      `2:ENTRY>contact@${31 * DAY}`,
    ]);
    for (let i = 1; i < moves.count; i++) expect(moves.depart[i]!).toBeGreaterThanOrEqual(moves.depart[i - 1]!);
  });

  it('returns no moves for no events', () => {
    const moves = buildMoves(buildEventTable([]), emptyChildAttributes(0), map);
    expect(moves.count).toBe(0);
    expect(moves.depart.length).toBe(0);
  });

  it('refuses events spread wider than a u32 of seconds can hold', () => {
    const table = buildEventTable([record('a', 'contact', '1900-01-01'), record('b', 'contact', '2040-01-01')]);
    expect(() => buildMoves(table, emptyChildAttributes(2), map)).toThrow(/events span 1900-01-01 to 2040-01-01/);
  });

  it('refuses child attributes that do not cover every child', () => {
    const table = buildEventTable([record('a', 'contact', '2024-01-01'), record('b', 'contact', '2024-01-01')]);
    expect(() => buildMoves(table, emptyChildAttributes(1), map)).toThrow(/dob has 1 entries for 2 children/);
  });

  it('refuses an event no rule of the map matches, naming the event and outcome', () => {
    const strict: MapDefinition = {
      ...map,
      rules: map.rules.map((r) => (r.event === 'icpc' ? { ...r, outcome: null } : r)),
    };
    const table = buildEventTable([record('a', 'icpc', '2024-01-01', { outcome: 'cp_plan' })]);
    expect(() => buildMoves(table, emptyChildAttributes(1), strict)).toThrow(/no rule for event icpc with outcome cp_plan/);
  });
});


describe('where the dot waits (journey-walk.ts)', () => {
  it('goes back to Looked after when a CP plan ends while the child is in care', () => {
    const moves = movesOf([
      record('c1', 'cla_start', '2024-01-01'),
      record('c1', 'cp_plan_start', '2024-02-01'),
      record('c1', 'cp_plan_end', '2024-05-01'),
    ]);
    expect(brief(moves)).toEqual([
      'ENTRY>looked_after@0-0-0',
      'looked_after>cp_plan@0-31-31',
      `cp_plan>looked_after@31-${day('2024-05-01') - day('2024-01-01')}-${day('2024-05-01') - day('2024-01-01')}`,
    ]);
  });

  it('leaves the map where a period ended when nothing follows it', () => {
    const moves = movesOf([record('c1', 'cp_plan_start', '2024-01-01'), record('c1', 'cp_plan_end', '2024-03-01')]);
    expect(brief(moves)).toEqual(['ENTRY>cp_plan@0-0-0', 'cp_plan>cp_plan@0-60-60']);
  });

  it('leaves at the end of a period when the next step belongs to another episode, and comes back with it', () => {
    const moves = movesOf([
      record('c1', 'referral', '2024-01-01', { episodeId: 'E1' }),
      record('c1', 'assessment_start', '2024-01-02', { episodeId: 'E1' }),
      record('c1', 'assessment_end', '2024-01-20', { episodeId: 'E1', outcome: 'cin' }),
      record('c1', 'referral', '2024-06-01', { episodeId: 'E2' }),
    ]);
    expect(brief(moves)).toEqual([
      'ENTRY>referral@0-0-0',
      'referral>assessment@0-1-1',
      'assessment>assessment@1-19-19',
      'ENTRY>referral@152-152-152',
    ]);
    expect(Array.from(moves.episode)).toEqual([1, 1, 1, 2]);
  });

  it('travels on after a period ends when the next step is in the same episode', () => {
    const moves = movesOf([
      record('c1', 'referral', '2024-01-01'),
      record('c1', 'assessment_start', '2024-01-02'),
      record('c1', 'assessment_end', '2024-01-20', { outcome: 'cin' }),
      record('c1', 'case_closed', '2024-02-01', { outcome: 'RC8' }),
    ]);
    expect(brief(moves).at(-1)).toBe('assessment>closed@1-19-31');
  });

  it('brings a child back to an open period after an exit on the way', () => {
    // In care; a new contact ends in NFA; the child is still looked after. (Looked after → Contact has
    // its own "back to contact" segment, so the dot travels it.)
    const moves = movesOf([
      record('c1', 'cla_start', '2024-01-01'),
      record('c1', 'contact', '2024-03-01', { outcome: 'nfa' }),
    ]);
    expect(brief(moves)).toEqual([
      'ENTRY>looked_after@0-0-0',
      'looked_after>contact@0-60-60',
      'contact>nfa@60-60.001-60.001',
      'ENTRY>looked_after@60.001-60.001-60.001',
    ]);
  });

  it('travels the segment of a rare move: CP plan → Early help', () => {
    const moves = movesOf([record('c1', 'cp_plan_start', '2024-01-01'), record('c1', 'early_help_start', '2024-02-01')]);
    expect(brief(moves)).toEqual(['ENTRY>cp_plan@0-0-0', 'cp_plan>early_help@0-31-31']);
  });

  it('jumps between stations no segment joins (a map that skipped validation): leaves one and appears at the other, in the same trip', () => {
    const without = { ...map, lines: map.lines.filter((l) => !(l.path[0] === 'early_help' && l.path.at(-1) === 'cp_plan')) };
    const moves = movesOf([record('c1', 'cp_plan_start', '2024-01-01'), record('c1', 'early_help_start', '2024-02-01')], undefined, without);
    expect(brief(moves)).toEqual(['ENTRY>cp_plan@0-0-0', 'cp_plan>cp_plan@0-31-31', 'ENTRY>early_help@31-31-31']);
    expect(Array.from(moves.episode)).toEqual([1, 1, 1]);
  });

  it('leaves the dot with the step that holds it when another step ends: an assessment ending NFA during a CP plan moves nobody', () => {
    const moves = movesOf([
      record('c1', 'referral', '2024-01-01'),
      record('c1', 'assessment_start', '2024-01-02'),
      record('c1', 's47_start', '2024-01-03'),
      record('c1', 's47_end', '2024-01-10', { outcome: 'icpc' }),
      record('c1', 'icpc', '2024-01-15', { outcome: 'cp_plan' }),
      record('c1', 'cp_plan_start', '2024-01-15'),
      record('c1', 'assessment_end', '2024-02-01', { outcome: 'nfa' }),
    ]);
    expect(brief(moves).some((m) => m.includes('nfa'))).toBe(false);
    expect(brief(moves).at(-1)).toMatch(/^icpc>cp_plan@/);
  });

  it('releases the dot at an ICPC deciding no plan: back to the open assessment, not waiting at ICPC', () => {
    const moves = movesOf([
      record('c1', 'referral', '2024-01-01'),
      record('c1', 'assessment_start', '2024-01-02'),
      record('c1', 's47_start', '2024-01-03'),
      record('c1', 's47_end', '2024-01-10', { outcome: 'icpc' }),
      record('c1', 'icpc', '2024-01-15', { outcome: 'no_plan' }),
    ]);
    expect(brief(moves).at(-1)).toMatch(/^icpc>assessment@14-14-14/);
  });

  it('ends a period opened and closed on one day at once, whichever of its two events is listed first', () => {
    for (const order of [['cla_start', 'cla_end'], ['cla_end', 'cla_start']] as const) {
      const moves = movesOf([
        record('c1', 'referral', '2024-01-01'),
        record('c1', 'assessment_start', '2024-01-02'),
        ...order.map((type) => record('c1', type, '2024-01-05', type === 'cla_end' ? { outcome: 'E11' } : {})),
      ]);
      const last = brief(moves).at(-1)!;
      // The dot does not stay at Looked after: the child ends the day back at the open assessment.
      expect(last, order.join(',')).toMatch(/^(ENTRY|looked_after)>assessment@/);
      expect(brief(moves).some((m) => m.includes('looked_after')), order.join(',')).toBe(true);
    }
  });
});

describe('cohorts', () => {
  it('packCohort and unpackCohort round-trip every field at its extremes', () => {
    for (const c of [
      { ageBand: 0, sex: 0, ethnicityGroup: 0, disability: 0, previous: 0 },
      { ageBand: 5, sex: 3, ethnicityGroup: 6, disability: 3, previous: 3 },
      { ageBand: 7, sex: 1, ethnicityGroup: 7, disability: 2, previous: 1 },
    ]) {
      const packed = packCohort(c.ageBand, c.sex, c.ethnicityGroup, c.disability, c.previous);
      expect(packed).toBeLessThan(1 << 12);
      expect(unpackCohort(packed)).toEqual(c);
    }
  });

  it('packCohort refuses values that do not fit their bits', () => {
    expect(() => packCohort(8, 0, 0, 0, 0)).toThrow(/age band 8/);
    expect(() => packCohort(0, 0, 0, 0, 4)).toThrow(/previous referrals 4/);
  });

  it('holds the cohort values the server judges the row by (COHORT_VALUES indices)', () => {
    const attributes = emptyChildAttributes(1);
    attributes.sex[0] = 2; // F: index 1 of [M, F, U, blank]
    attributes.ethnicity[0] = ETHNICITY_CODES.indexOf('BAFR') + 1; // black: index 3 of the groups
    attributes.disability[0] = 1; // Y: index 0
    const moves = movesOf([record('c1', 'contact', '2024-01-01')], attributes);
    expect(unpackCohort(moves.cohort[0]!)).toEqual({ ageBand: 0, sex: 1, ethnicityGroup: 3, disability: 0, previous: 0 });
    const blank = movesOf([record('c1', 'contact', '2024-01-01')]);
    expect(unpackCohort(blank.cohort[0]!)).toEqual({ ageBand: 0, sex: 3, ethnicityGroup: 6, disability: 3, previous: 0 });
  });

  it('reads the same bits fast as cohortBitsOf does row by row, birthdays on 29 February included', () => {
    const log = awkwardLog({ children: 400, firstDay: day('2019-01-01'), lastDay: day('2024-12-31'), seed: 3 });
    log.children.dob[0] = day('2012-02-29');
    const table = buildEventTable(log.records);
    const anchors = cohortAnchors(table);
    const fast = cohortBitsReader(table, log.children, anchors);
    for (let row = 0; row < table.length; row++) expect(fast(row), `row ${row}`).toBe(cohortBitsOf(row, table, log.children, anchors));
  });

  it('judges age on the episode\'s first date and counts the referrals before it', () => {
    const attributes = emptyChildAttributes(1);
    attributes.dob[0] = day('2012-02-29');
    const moves = movesOf(
      [
        record('c1', 'referral', '2016-05-01'),
        record('c1', 'referral', '2017-02-28'),
        record('c1', 'assessment_start', '2017-03-02'), // same episode as the 28 Feb referral: age 4 then
      ],
      attributes,
    );
    const cohorts = Array.from(moves.cohort, (c) => unpackCohort(c));
    // ENTRY at the first referral (age 4, none before); the assessment judged on 28 Feb 2017 (still 4,
    // though 5 on its own date), one referral before.
    expect(cohorts.map((c) => c.ageBand)).toEqual([ageBandAt(day('2012-02-29'), day('2016-05-01')), ageBandAt(day('2012-02-29'), day('2017-02-28'))]);
    expect(ageBandAt(day('2012-02-29'), day('2017-03-02'))).toBe(3);
    expect(cohorts.map((c) => c.previous)).toEqual([0, 1]);
  });
});
