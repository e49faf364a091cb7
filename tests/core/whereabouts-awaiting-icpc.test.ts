// Children awaiting an ICPC (issue 9 item 4): an S47 enquiry that ends with outcome icpc leaves the child
// (and its dot) at Section 47 until the conference; the station's waiting children are split into
// "enquiry open" and "awaiting ICPC" (whereabouts.ts `parts`). The expected figures below are written by
// hand from the log, day by day, never by calling the code under test; the dots are checked to stay at
// Section 47 and never visit ICPC without an ICPC.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emptyChildAttributes } from '../../core/children.js';
import { parseDay } from '../../core/dates.js';
import { buildEventTable, type EventRecord, type EventTable } from '../../core/event-table.js';
import { buildMoves, type MoveColumns } from '../../core/journeys.js';
import { parseMapDefinition } from '../../core/map-schema.js';
import { prepareMetrics } from '../../core/metrics.js';
import { AWAITING_ICPC, buildWhereabouts, S47_OPEN, stationsAt } from '../../core/whereabouts.js';
import { frontDoor } from './analysis/map.js';
import { dotAt as dotAtOn } from './dot-at.js';

const smallCouncil = parseMapDefinition(JSON.parse(readFileSync(new URL('../../maps/small-council.json', import.meta.url), 'utf8')), 'small-council.json');
const day = (text: string) => parseDay(text)!;
const ev = (child: string, type: EventRecord['type'], date: string, outcome: string | null = null): EventRecord => ({
  child,
  type,
  day: day(date),
  outcome,
  episodeId: `${child}-E1`,
});

// A1: ends icpc 20 Jan, ICPC 5 Feb (a plan). B2: ends icpc 25 Jan, no ICPC, a CIN plan 10 Feb. C3: ends
// cin 30 Jan. D4: ends nfa 22 Jan. E5: ends icpc and its ICPC on 1 Feb (same day). F6: ends icpc 28 Jan,
// no ICPC by the data's end (31 Mar, Z9's contact).
const LOG: EventRecord[] = [
  ...['A1', 'B2', 'C3', 'D4', 'E5', 'F6'].map((c) => ev(c, 'referral', '2024-01-02')),
  ev('A1', 's47_start', '2024-01-10'),
  ev('A1', 's47_end', '2024-01-20', 'icpc'),
  ev('A1', 'icpc', '2024-02-05', 'cp_plan'),
  ev('A1', 'cp_plan_start', '2024-02-05'),
  ev('B2', 's47_start', '2024-01-12'),
  ev('B2', 's47_end', '2024-01-25', 'icpc'),
  ev('B2', 'cin_plan_start', '2024-02-10'),
  ev('C3', 's47_start', '2024-01-15'),
  ev('C3', 's47_end', '2024-01-30', 'cin'),
  ev('D4', 's47_start', '2024-01-16'),
  ev('D4', 's47_end', '2024-01-22', 'nfa'),
  ev('E5', 's47_start', '2024-01-18'),
  ev('E5', 's47_end', '2024-02-01', 'icpc'),
  ev('E5', 'icpc', '2024-02-01', 'cp_plan'),
  ev('E5', 'cp_plan_start', '2024-02-01'),
  ev('F6', 's47_start', '2024-01-20'),
  ev('F6', 's47_end', '2024-01-28', 'icpc'),
  { child: 'Z9', type: 'contact', day: day('2024-03-31'), outcome: null, episodeId: null },
];

const table = buildEventTable(LOG);
const prepared = prepareMetrics(table);
const where = buildWhereabouts(table, frontDoor, { prepared });
const s47 = (date: string) => stationsAt(where, day(date)).stations.find((s) => s.id === 's47')!;

// By hand: [open, awaiting] children, and the waits so far (open from the enquiry's start, awaiting from its end).
const EXPECTED: Record<string, { open: number; awaiting: number; openWaits: number[]; awaitingWaits: number[] }> = {
  // A1 (since 10 Jan), B2 (12 Jan), C3 (15 Jan) open
  '2024-01-15': { open: 3, awaiting: 0, openWaits: [5, 3, 0], awaitingWaits: [] },
  // A1 ended icpc today; B2, C3, D4, E5, F6 open
  '2024-01-20': { open: 5, awaiting: 1, openWaits: [8, 5, 4, 2, 0], awaitingWaits: [0] },
  // D4 ended nfa 22 Jan; B2 ended icpc 25 Jan
  '2024-01-26': { open: 3, awaiting: 2, openWaits: [11, 8, 6], awaitingWaits: [6, 1] },
  // C3 ended cin today (gone); F6 ended icpc 28 Jan
  '2024-01-30': { open: 1, awaiting: 3, openWaits: [12], awaitingWaits: [10, 5, 2] },
  // E5 ended icpc and had its ICPC today: never awaiting at a day's end
  '2024-02-01': { open: 0, awaiting: 3, openWaits: [], awaitingWaits: [12, 7, 4] },
  // A1's ICPC today
  '2024-02-05': { open: 0, awaiting: 2, openWaits: [], awaitingWaits: [11, 8] },
  // B2's CIN plan today, no ICPC: no longer awaiting
  '2024-02-10': { open: 0, awaiting: 1, openWaits: [], awaitingWaits: [13] },
  '2024-03-31': { open: 0, awaiting: 1, openWaits: [], awaitingWaits: [63] },
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? null : n % 2 ? s[n >> 1]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
};

const dotAt = (moves: MoveColumns, t: EventTable, child: string, date: string) => dotAtOn(frontDoor, moves, t, child, date);

describe('Section 47 split into enquiries open and awaiting ICPC', () => {
  it.each(Object.entries(EXPECTED))('on %s', (date, want) => {
    const station = s47(date);
    expect(station.parts, date).toBeDefined();
    const [open, awaiting] = station.parts!;
    expect(open).toMatchObject({ id: S47_OPEN, waiting: want.open, children: want.open, medianWaitDays: median(want.openWaits), longestWaitDays: want.openWaits.length ? Math.max(...want.openWaits) : null });
    expect(awaiting).toMatchObject({ id: AWAITING_ICPC, waiting: want.awaiting, children: want.awaiting, medianWaitDays: median(want.awaitingWaits), longestWaitDays: want.awaitingWaits.length ? Math.max(...want.awaitingWaits) : null });
    // the station's own total is the dot's: both parts
    expect(station.waiting).toBe(want.open + want.awaiting);
    expect(station.children).toBe(want.open + want.awaiting);
    expect(open.overTarget + awaiting.overTarget).toBe(station.overTarget);
    expect(open.pastHorizon + awaiting.pastHorizon).toBe(station.pastHorizon);
  });

  it('counts those past the 15 working days from the enquiry start in its part (F6, 20 Jan, by 31 Mar)', () => {
    expect(s47('2024-03-31').parts![1].overTarget).toBe(1);
    expect(s47('2024-01-20').overTarget).toBe(0);
  });

  it('leaves every other station unsplit, and small-council (S47 and ICPC at one station) unsplit', () => {
    for (const s of stationsAt(where, day('2024-01-30')).stations) if (s.id !== 's47') expect(s.parts, s.id).toBeUndefined();
    const small = buildWhereabouts(table, smallCouncil, { prepared });
    const protection = stationsAt(small, day('2024-01-30')).stations.find((s) => s.id === 'protection')!;
    expect(protection.parts).toBeUndefined();
    // C3 concluded today; A1, B2, E5, F6 wait there (open or awaiting the conference)
    expect(protection.waiting).toBe(4);
  });

  it('keeps the dots where they were: at Section 47 while awaiting, never at ICPC without an ICPC', () => {
    const moves = buildMoves(table, emptyChildAttributes(table.childIds.length), frontDoor, { prepared });
    for (let d = day('2024-01-02'); d <= day('2024-03-31'); d++) {
      const date = new Date(d * 86400000).toISOString().slice(0, 10);
      for (const child of ['B2', 'F6', 'C3', 'D4']) expect(dotAt(moves, table, child, date), `${child} ${date}`).not.toBe('icpc');
    }
    // awaiting: the dot at Section 47
    expect(dotAt(moves, table, 'A1', '2024-02-04')).toBe('s47');
    expect(dotAt(moves, table, 'B2', '2024-02-09')).toBe('s47');
    expect(dotAt(moves, table, 'F6', '2024-03-31')).toBe('s47');
    // after the conference and the plan: CP plan; B2 on a CIN plan
    expect(dotAt(moves, table, 'A1', '2024-02-05')).toBe('cp_plan');
    expect(dotAt(moves, table, 'B2', '2024-02-10')).toBe('cin_plan');
    // every awaiting child on a day is a dot at Section 47 that day
    for (const [date, want] of Object.entries(EXPECTED)) {
      const atS47 = table.childIds.filter((c) => dotAt(moves, table, c, date) === 's47').length;
      expect(atS47, date).toBe(want.open + want.awaiting);
    }
  });
});
