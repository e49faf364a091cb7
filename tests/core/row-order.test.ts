// Review v8e finding 2: the same events in another file order gave another Contact count (two contacts
// of one day, one NFA and one referred: 30 children waiting in one order, 0 in the other), and a contact
// referred with no referral after it kept a child "waiting at Contact" for years although Contact goes
// stale after 90 days. Checked on a generator of this test's own, with whole-file shuffles.
import { describe, expect, it } from 'vitest';
import { dayFromCivil, parseDay } from '../../core/dates.js';
import { buildEventTable, type EventRecord } from '../../core/event-table.js';
import { buildMoves } from '../../core/journeys.js';
import { emptyChildAttributes } from '../../core/children.js';
import { seededRandom } from '../../core/random.js';
import { buildWhereabouts, stationsAt, waitsOfChild } from '../../core/whereabouts.js';
import { frontDoorMap } from '../client/fixtures.js';

const map = frontDoorMap();
const START = dayFromCivil(2022, 1, 1);

/** Children with same-day chains of one kind (two contacts, NFA and referred), referrals that never come, and the usual front door. */
function log(seed: number, children: number): EventRecord[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const out: EventRecord[] = [];
  for (let c = 0; c < children; c++) {
    const child = `C${c}`;
    let day = START + Math.floor(random() * 900);
    const timed = random() < 0.3;
    const at = (type: EventRecord['type'], outcome: string | null = null, seconds = -1) => out.push({ child, type, day, seconds: timed ? seconds : -1, outcome });
    const kind = pick(['pair', 'pair-referred', 'stale', 'front-door', 'two-referred']);
    if (kind === 'pair' || kind === 'pair-referred') {
      at('contact', 'nfa', 36000);
      at('contact', 'referral', 36000);
      if (kind === 'pair-referred') {
        day += 1 + Math.floor(random() * 200);
        at('referral', null, 40000);
      }
    } else if (kind === 'stale') {
      at('contact', pick(['referral', null]), 30000);
    } else if (kind === 'two-referred') {
      at('contact', 'referral', 30000);
      at('contact', 'advice', 30000);
      at('contact', 'early_help', 30000);
    } else {
      at('contact', 'referral', 30000);
      day += Math.floor(random() * 3);
      at('referral', null, 32000);
      day += 1 + Math.floor(random() * 30);
      at('assessment_start', null, 33000);
      if (random() < 0.6) {
        day += 10 + Math.floor(random() * 60);
        at('assessment_end', pick(['nfa', 'cin']), 34000);
      }
    }
  }
  return out;
}

function shuffled<T>(list: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const DATES = ['2022-01-05', '2022-06-30', '2023-01-31', '2023-09-15', '2024-06-30', '2026-01-01'].map((d) => parseDay(d)!);

/** What a file order could change: every station at every date, and each child's moves (by child id). */
function snapshot(records: readonly EventRecord[]) {
  const table = buildEventTable(records);
  const where = buildWhereabouts(table, map);
  const moves = buildMoves(table, emptyChildAttributes(table.childIds.length), map);
  const byChild = new Map<string, string[]>();
  for (let k = 0; k < moves.count; k++) {
    const id = table.childIds[moves.child[k]!]!;
    byChild.set(id, [...(byChild.get(id) ?? []), [moves.from[k], moves.to[k], moves.depart[k], moves.leave[k], moves.arrive[k]].join(',')]);
  }
  return { stations: DATES.map((d) => stationsAt(where, d).stations), moves: [...byChild.entries()].sort(([a], [b]) => (a < b ? -1 : 1)) };
}

describe('the file order of the rows changes nothing (review v8e finding 2)', () => {
  for (const seed of [3, 17]) {
    it(`gives the same stations at six dates and the same moves for the file reversed and shuffled four ways (seed ${seed})`, () => {
      const records = log(seed, 600);
      const reference = snapshot(records);
      // The log has children at Contact at some date, so a difference would show.
      expect(reference.stations.some((list) => list.find((s) => s.id === 'contact')!.waiting > 0)).toBe(true);
      for (const [name, order] of [['reversed', [...records].reverse()], ...[1, 2, 3, 4].map((k) => [`shuffle ${k}`, shuffled(records, seed * 100 + k)] as const)] as const) {
        const other = snapshot(order);
        expect(other.stations, `${name}: stations`).toEqual(reference.stations);
        const diff = other.moves.find(([id, list], k) => id !== reference.moves[k]![0] || list.join(' ') !== reference.moves[k]![1].join(' '));
        expect(diff, `${name}: the first child whose moves differ`).toBeUndefined();
      }
    });
  }

  it('shows a child with an NFA contact and a referred contact on one day waiting at Contact, in either order', () => {
    const ev = (type: EventRecord['type'], outcome: string): EventRecord => ({ child: 'a', type, day: parseDay('2024-01-10')!, outcome });
    for (const records of [[ev('contact', 'nfa'), ev('contact', 'referral')], [ev('contact', 'referral'), ev('contact', 'nfa')]]) {
      const where = buildWhereabouts(buildEventTable(records), map);
      expect(stationsAt(where, parseDay('2024-01-10')!).stations.find((s) => s.id === 'contact')).toMatchObject({ waiting: 1, pastHorizon: 0 });
    }
  });
});

describe('a referred contact with no referral after it (review v8e finding 2)', () => {
  const records: EventRecord[] = [
    { child: 'old', type: 'contact', day: parseDay('2019-05-01')!, outcome: 'referral' },
    { child: 'edge', type: 'contact', day: parseDay('2024-01-01')!, outcome: 'referral' },
    { child: 'late', type: 'contact', day: parseDay('2023-06-01')!, outcome: 'referral' },
    { child: 'late', type: 'referral', day: parseDay('2024-02-01')! },
  ];
  const table = buildEventTable(records);
  const where = buildWhereabouts(table, map);
  const contact = (date: string) => stationsAt(where, parseDay(date)!).stations.find((s) => s.id === 'contact')!;

  it('waits at Contact up to its 90 days, then is reported past the horizon and no longer counted as waiting', () => {
    expect(map.stations.find((s) => s.id === 'contact')!.staleAfterDays).toBe(90);
    // 2024-03-31 is day 90 of 'edge': still waiting; the next day it is past the horizon.
    expect(contact('2024-03-31')).toMatchObject({ waiting: 1, longestWaitDays: 90, pastHorizon: 1 });
    expect(contact('2024-04-01')).toMatchObject({ waiting: 0, longestWaitDays: null, pastHorizon: 2 });
    // 'late' waited its 90th day on 2023-08-30, was past the horizon from 2023-08-31 until its referral came.
    expect(contact('2023-08-30')).toMatchObject({ waiting: 1, pastHorizon: 1 });
    expect(contact('2023-08-31')).toMatchObject({ waiting: 0, pastHorizon: 2 });
    // ('edge' waits from 2024-01-01.)
    expect(contact('2024-02-01')).toMatchObject({ waiting: 1, longestWaitDays: 31, pastHorizon: 1 });
    expect(stationsAt(where, parseDay('2024-02-01')!).stations.find((s) => s.id === 'referral')).toMatchObject({ waiting: 1 });
  });

  it('takes the dot off the map at the horizon, and brings it back at the referral', () => {
    const moves = buildMoves(table, emptyChildAttributes(table.childIds.length), map);
    const late = table.childIds.indexOf('late');
    const contactIndex = map.stations.findIndex((s) => s.id === 'contact');
    const own = Array.from({ length: moves.count }, (_, k) => k).filter((k) => moves.child[k] === late);
    const origin = Math.min(...records.map((r) => r.day));
    const dayOf = (seconds: number) => origin + Math.floor(seconds / 86400);
    // Leaves from Contact (from = to) as the day its wait passes 90 days begins, then enters again at Referral.
    const leave = own.find((k) => moves.from[k] === contactIndex && moves.to[k] === contactIndex)!;
    expect(leave).toBeDefined();
    expect(dayOf(moves.arrive[leave]!)).toBe(parseDay('2023-08-31')!);
    const back = own.find((k) => k > leave && map.stations[moves.to[k]!]!.id === 'referral')!;
    expect(dayOf(moves.arrive[back]!)).toBe(parseDay('2024-02-01')!);
    // The journey panel's steps: Contact over when it went past the horizon (counted its 91 days' ends, 0 to 90), Referral open.
    expect(waitsOfChild(where, late, parseDay('2024-02-10')!).map((s) => [map.stations[s.station]!.id, s.days, s.endDay === null])).toEqual([
      ['contact', 91, false],
      ['referral', 9, true],
    ]);
  });
});
