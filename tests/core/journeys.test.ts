import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ageBandAt, emptyChildAttributes } from '../../core/children.js';
import { parseDay } from '../../core/dates.js';
import { buildEventTable, type EventRecord } from '../../core/event-table.js';
import { ETHNICITY_CODES, SOURCE_CODES } from '../../core/events.js';
import { ENTRY, buildMoves, packCohort, unpackCohort, type MoveColumns } from '../../core/journeys.js';
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
      record('c1', 'strategy_discussion', '2024-03-04'),
      record('c1', 'referral', '2024-03-04'),
      record('c1', 's47_start', '2024-03-04T09:00'),
      { ...record('c1', 'icpc', '2024-03-04'), seconds: 9 * 3600 + 30 },
    ]);
    // Events without a time sort first (seconds −1), in file order; the ICPC 30 s after the S47 waits 60 s.
    expect(rows(moves)).toEqual([
      [0, 1, 'ENTRY', 'strategy', 0, 0],
      [0, 1, 'strategy', 'referral', 0, 60],
      [0, 1, 'referral', 's47', 60, 9 * 3600],
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
    expect(rows(moves).map((m) => `${m[2]}>${m[3]}@${(m[4] as number) / DAY}-${(m[5] as number) / DAY}`)).toEqual([
      'ENTRY>contact@0-0',
      'contact>referral@0-2',
      'referral>assessment@2-3',
      'assessment>cin_plan@3-9',
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

describe('cohorts', () => {
  it('packCohort and unpackCohort round-trip every field at its extremes', () => {
    for (const c of [
      { ageBand: 0, sex: 0, ethnicityGroup: 0, disability: 0, source: 0 },
      { ageBand: 5, sex: 3, ethnicityGroup: 6, disability: 3, source: 22 },
      { ageBand: 7, sex: 1, ethnicityGroup: 7, disability: 2, source: 31 },
      { ageBand: 2, sex: 2, ethnicityGroup: 4, disability: 1, source: 9 },
    ]) {
      const packed = packCohort(c.ageBand, c.sex, c.ethnicityGroup, c.disability, c.source);
      expect(packed).toBeLessThan(1 << 15);
      expect(unpackCohort(packed)).toEqual(c);
    }
    expect(packCohort(1, 2, 3, 1, 4)).toBe(1 | (2 << 3) | (3 << 5) | (1 << 8) | (4 << 10));
  });

  it('packCohort refuses values that do not fit their bits', () => {
    expect(() => packCohort(8, 0, 0, 0, 0)).toThrow(/age band 8/);
    expect(() => packCohort(0, 0, 0, 0, 32)).toThrow(/source 32/);
  });

  it('takes sex, ethnicity group and disability from the child', () => {
    const attributes = emptyChildAttributes(1);
    attributes.sex[0] = 2;
    attributes.ethnicity[0] = ETHNICITY_CODES.indexOf('BAFR') + 1;
    attributes.disability[0] = 1;
    const moves = movesOf([record('c1', 'contact', '2024-01-01')], attributes);
    expect(unpackCohort(moves.cohort[0]!)).toEqual({ ageBand: 0, sex: 2, ethnicityGroup: 4, disability: 1, source: 0 });
  });

  it('uses the age at departure, birthdays counted as ageBandAt counts them', () => {
    const attributes = emptyChildAttributes(1);
    attributes.dob[0] = day('2012-02-29');
    const moves = movesOf(
      [
        record('c1', 'contact', '2017-02-28'),
        record('c1', 'referral', '2017-03-01'),
        record('c1', 'assessment_start', '2017-03-02'),
      ],
      attributes,
    );
    const bands = Array.from(moves.cohort, (c) => unpackCohort(c).ageBand);
    // ENTRY and contact→referral depart on 28 Feb 2017 (age 4); referral→assessment on 1 Mar (age 5).
    expect(bands).toEqual([2, 2, 3]);
    expect(bands).toEqual([day('2017-02-28'), day('2017-02-28'), day('2017-03-01')].map((d) => ageBandAt(day('2012-02-29'), d)));
  });

  it('agrees with ageBandAt across birthdays and bands', () => {
    const dobs = ['2000-01-01', '2003-06-15', '2008-02-29', '2010-12-31', '2020-03-10'].map(day);
    const attributes = emptyChildAttributes(dobs.length);
    attributes.dob.set(dobs);
    const records: EventRecord[] = [];
    dobs.forEach((_, c) => {
      for (let d = day('2000-06-01'); d < day('2025-01-01'); d += 37) {
        records.push({ child: `c${c}`, type: 'contact', day: d, outcome: 'nfa' });
      }
    });
    const moves = movesOf(records, attributes);
    for (let i = 0; i < moves.count; i++) {
      const departDay = moves.originDay + Math.floor(moves.depart[i]! / DAY);
      expect(unpackCohort(moves.cohort[i]!).ageBand).toBe(ageBandAt(dobs[moves.child[i]!]!, departDay));
    }
  });

  it('carries the latest non-blank source of the trip, reset when the trip ends', () => {
    const src = (code: string) => SOURCE_CODES.indexOf(code as (typeof SOURCE_CODES)[number]) + 1;
    const moves = movesOf([
      record('c1', 'contact', '2024-01-01', { source: '1A' }),
      record('c1', 'referral', '2024-01-02', { source: '3B' }),
      record('c1', 'assessment_start', '2024-01-03'),
      record('c1', 'assessment_end', '2024-01-09', { outcome: 'nfa' }),
      record('c1', 'contact', '2024-04-01'),
    ]);
    expect(Array.from(moves.cohort, (c) => unpackCohort(c).source)).toEqual([src('1A'), src('3B'), src('3B'), src('3B'), 0]);
  });
});
