// The forecast's fit reads a day's events in the process's order (core/same-day-order.ts), not the file's: a
// contact and the referral it led to on the same day are linked whichever row comes first (audit a13c F1: with
// the referral's row first, 1,182 of its log's referrals became "no contact led to", the contact→referral lever
// cut referrals by 19% instead of 25%, and a drift appeared that the data does not have).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../../core/dates.js';
import { buildEventTable, type EventRecord, type EventTable } from '../../../core/event-table.js';
import { EVENT_TYPES, outcomeName } from '../../../core/events.js';
import { fitForecast } from '../../../core/forecast/fit.js';
import { parseMapDefinition } from '../../../core/map-schema.js';
import { trendLog } from './trend-log.js';

const map = parseMapDefinition(JSON.parse(readFileSync(new URL('../../../maps/front-door.json', import.meta.url), 'utf8')));
const AS_OF = dayFromCivil(2023, 12, 31);

/** The same events, each child's same-day rows written in the order `rank` gives (lower first). */
function reordered(table: EventTable, rank: (type: string) => number): EventTable {
  const records: EventRecord[] = [];
  for (let c = 0; c < table.childIds.length; c++) {
    const rows: number[] = [];
    for (let i = table.childStart[c]!; i < table.childStart[c + 1]!; i++) rows.push(i);
    rows.sort((a, b) => table.day[a]! - table.day[b]! || rank(EVENT_TYPES[table.type[a]!]!) - rank(EVENT_TYPES[table.type[b]!]!) || a - b);
    for (const i of rows) records.push({ child: table.childIds[c]!, type: EVENT_TYPES[table.type[i]!]!, day: table.day[i]!, outcome: outcomeName(table.outcome[i]!) });
  }
  return buildEventTable(records);
}

describe('the forecast fit and the order of a day\'s rows', { timeout: 120_000 }, () => {
  it('contact first or referral first within a day: the same contact → referral rate, the same arrival streams, no drift either way', () => {
    const { table } = trendLog({ seed: 61, trendPerYear: 1.1 });
    const contactFirst = fitForecast(reordered(table, (t) => (t === 'contact' ? 0 : 1)), map, AS_OF);
    const referralFirst = fitForecast(reordered(table, (t) => (t === 'referral' ? 0 : 1)), map, AS_OF);
    const rate = (m: typeof contactFirst) => m.transitions.find((t) => t.id === 'contact_referral')!;
    // the log links its referrals to same-day contacts: a real share of them, so the order would matter
    expect(rate(contactFirst).events).toBeGreaterThan(500);
    expect(rate(referralFirst).events).toBe(rate(contactFirst).events);
    expect(rate(referralFirst).exposure).toBe(rate(contactFirst).exposure);
    referralFirst.streams.forEach((s, a) => {
      expect(s.total, `stream ${a}`).toBe(contactFirst.streams[a]!.total);
      expect(s.drift ?? 0, `stream ${a}`).toBe(contactFirst.streams[a]!.drift ?? 0);
    });
  });
});
