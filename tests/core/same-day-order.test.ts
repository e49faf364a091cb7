// Findings 1 and 2 of the round-3 review: who is where and the moves must not depend on the order of
// same-day rows in the file, and an S47 that has ended (outcome cin or nfa) must stop waiting at
// Section 47. Checked on the review's generator (ported: tests/core/review-log.ts), not on data the
// walk was written from.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BANK_HOLIDAYS_ENGLAND_WALES } from '../../core/bank-holidays.js';
import { emptyChildAttributes } from '../../core/children.js';
import { buildEventTable, type EventRecord } from '../../core/event-table.js';
import { buildMoves } from '../../core/journeys.js';
import { parseMapDefinition } from '../../core/map-schema.js';
import { buildWhereabouts, stationsAt } from '../../core/whereabouts.js';
import { reviewLog, s47Key, sameDayOrders } from './review-log.js';

const readMap = (name: string) => parseMapDefinition(JSON.parse(readFileSync(new URL(`../../maps/${name}.json`, import.meta.url), 'utf8')));
const maps = [readMap('front-door'), readMap('small-council')];
const holidays = new Set(BANK_HOLIDAYS_ENGLAND_WALES.map((d) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) / 86400000));
const dayOf = (text: string) => Date.UTC(+text.slice(0, 4), +text.slice(5, 7) - 1, +text.slice(8, 10)) / 86400000;
const DATES = ['2016-01-04', '2019-06-30', '2022-12-25', '2024-11-04', '2025-03-31'].map(dayOf);

function snapshot(records: EventRecord[]) {
  const table = buildEventTable(records);
  const children = emptyChildAttributes(table.childIds.length);
  return maps.map((map) => {
    const moves = buildMoves(table, children, map);
    const byChild = new Map<string, string[]>();
    for (let k = 0; k < moves.count; k++) {
      const id = table.childIds[moves.child[k]!]!;
      const list = byChild.get(id) ?? [];
      list.push([moves.episode[k], moves.from[k], moves.to[k], moves.depart[k], moves.leave[k], moves.arrive[k], moves.cohort[k]].join(','));
      byChild.set(id, list);
    }
    const where = buildWhereabouts(table, map);
    return {
      map: map.id,
      moves: [...byChild.entries()].sort(([a], [b]) => (a < b ? -1 : 1)),
      stations: DATES.map((d) => stationsAt(where, d).stations),
    };
  });
}

describe('same-day rows in any order (review finding 1)', () => {
  for (const seed of [12, 31]) {
    it(`gives the same moves and the same stations on both maps for every order of the review's log (seed ${seed})`, () => {
      const log = reviewLog(seed, 2500);
      const [reference, ...others] = sameDayOrders(log.records).map(({ name, records }) => ({ name, result: snapshot(records) }));
      for (const other of others) {
        for (let m = 0; m < maps.length; m++) {
          const a = reference!.result[m]!;
          const b = other.result[m]!;
          expect(b.stations, `${a.map}, ${other.name}: stations`).toEqual(a.stations);
          // Compared child by child so that a difference names the child.
          const diff = b.moves.find(([id, list], k) => id !== a.moves[k]![0] || list.join(' ') !== a.moves[k]![1].join(' '));
          expect(diff, `${a.map}, ${other.name}: moves of the first child that differs`).toBeUndefined();
        }
      }
    });
  }

  it('puts a CP plan listed before its same-day ICPC, and a contact listed after its referral, where the process does', () => {
    const rec = (child: string, type: EventRecord['type'], date: string, outcome: string | null = null): EventRecord => ({ child, type, day: dayOf(date), seconds: -1, episodeId: null, outcome });
    const records = [
      rec('A', 'referral', '2024-01-02'),
      rec('A', 's47_start', '2024-01-05'),
      rec('A', 's47_end', '2024-01-20', 'icpc'),
      rec('A', 'cp_plan_start', '2024-01-25'),
      rec('A', 'icpc', '2024-01-25', 'cp_plan'),
      rec('D', 'referral', '2024-01-02'),
      rec('D', 'assessment_start', '2024-01-02'),
      rec('D', 'contact', '2024-01-02', 'referral'),
    ];
    const table = buildEventTable(records);
    const where = buildWhereabouts(table, maps[0]!);
    const at = Object.fromEntries(stationsAt(where, dayOf('2025-03-31')).stations.map((s) => [s.id, s.waiting]));
    expect(at).toMatchObject({ icpc: 0, cp_plan: 1, contact: 0, referral: 0, assessment: 1 });
  });
});

describe('an S47 that has ended stops waiting at Section 47 (review finding 2)', () => {
  for (const seed of [12, 47]) {
    it(`equals the review's answer key (started, not ended cin/nfa, no conference, plan or care yet) and its count past 15 working days (seed ${seed})`, () => {
      const log = reviewLog(seed, 4000);
      for (const { name, records } of sameDayOrders(log.records).slice(0, 2)) {
        const where = buildWhereabouts(buildEventTable(records), maps[0]!);
        for (const day of DATES) {
          const s47 = stationsAt(where, day).stations.find((s) => s.id === 's47')!;
          expect({ waiting: s47.waiting, overTarget: s47.overTarget }, `${name}, day ${day}`).toEqual(s47Key(log, day, holidays));
        }
      }
    });
  }
});
