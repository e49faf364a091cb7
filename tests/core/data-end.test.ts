// Review v8f finding 1: a contact with no referral after it left the map when its 90-day horizon passed,
// even when that was after the data's last day; those moves pushed the timeline, "Go to" and the default
// video 90 days past the data, where the map showed a date no event reaches. Nothing is known after the
// last day, so no move may fall after it, and the contact is still waiting there on that day.
import { describe, expect, it } from 'vitest';
import { parseDay } from '../../core/dates.js';
import { buildEventTable, type EventRecord } from '../../core/event-table.js';
import { buildMoves } from '../../core/journeys.js';
import { emptyChildAttributes } from '../../core/children.js';
import { buildWhereabouts, stationsAt } from '../../core/whereabouts.js';
import { frontDoorMap } from '../client/fixtures.js';

const map = frontDoorMap();
const day = (text: string) => parseDay(text)!;
const LAST = day('2024-06-30');

function records(contactDay: number): EventRecord[] {
  return [
    { child: 'A', type: 'contact', day: day('2024-01-10'), seconds: -1, outcome: 'referral' },
    { child: 'A', type: 'referral', day: day('2024-01-11'), seconds: -1, outcome: null },
    { child: 'A', type: 'assessment_start', day: day('2024-01-12'), seconds: -1, outcome: null },
    { child: 'A', type: 'assessment_end', day: LAST, seconds: -1, outcome: 'nfa' },
    // referred, but no referral recorded before the data ends
    { child: 'B', type: 'contact', day: contactDay, seconds: -1, outcome: 'referral' },
  ];
}

describe('the data ends on its last event day', () => {
  it.each([10, 45, 89, 90, 91])('no move falls after the last day for a contact %i days before it, and it still waits at Contact within its horizon', (before) => {
    const table = buildEventTable(records(LAST - before));
    const moves = buildMoves(table, emptyChildAttributes(table.childIds.length), map);
    const endOfLast = (LAST + 1 - moves.originDay) * 86400;
    let latest = 0;
    for (let k = 0; k < moves.count; k++) if (table.childIds[moves.child[k]!] === 'B') latest = Math.max(latest, moves.arrive[k]!, moves.leave[k]!);
    expect(latest).toBeLessThanOrEqual(endOfLast);
    const contact = stationsAt(buildWhereabouts(table, map), LAST).stations.find((s) => s.id === 'contact')!;
    // waiting when the contact is within its 90 days on the last day; past the horizon when not
    expect(contact.waiting).toBe(before <= 90 ? 1 : 0);
  });
});
