// Waits past belief (review v8b finding 5): on the demo's last date Referral's longest wait was 1,766
// days and Early help's 2,521, steps the data never closed. The counts stay as specified; each station
// with a plausibility horizon (the map's staleAfterDays) also says how many of its waiting children are
// past it, and the table and tooltip say so as a data-quality note.
import { describe, expect, it } from 'vitest';
import { dayFromCivil, parseDay } from '../../core/dates.js';
import { buildEventTable, type EventRecord } from '../../core/event-table.js';
import { buildWhereabouts, stationsAt } from '../../core/whereabouts.js';
import { horizonWords, staleText, stationSummary } from '../../client/src/stations/station-panel.js';
import { frontDoorMap } from '../client/fixtures.js';
import { contactStations } from '../../core/map-schema.js';

const map = frontDoorMap();
const ev = (child: string, type: EventRecord['type'], date: string, outcome: string | null = null): EventRecord => ({ child, type, day: parseDay(date)!, outcome });

describe('waits past a station\'s plausibility horizon', () => {
  // Three referrals never followed by anything (one 91 days old at the date, one exactly 90, one 10),
  // an early help period open for 800 days and one for 100, and an assessment open 400 days.
  const table = buildEventTable([
    ev('r91', 'referral', '2024-01-01'),
    ev('r90', 'referral', '2024-01-02'),
    ev('r10', 'referral', '2024-03-22'),
    ev('eh800', 'early_help_start', '2022-01-22'),
    ev('eh100', 'early_help_start', '2023-12-22'),
    ev('a400', 'referral', '2023-02-25'),
    ev('a400', 'assessment_start', '2023-02-26'),
    ev('later', 'contact', '2024-06-30'),
  ]);
  const where = buildWhereabouts(table, map);
  const day = dayFromCivil(2024, 4, 1);
  const at = (id: string) => stationsAt(where, day).stations.find((s) => s.id === id)!;

  it('counts the waiting children past the horizon (referral 90 days, assessment a year, early help 2 years) without changing the counts', () => {
    expect(map.stations.filter((s) => s.staleAfterDays !== undefined).map((s) => [s.id, s.staleAfterDays])).toEqual([
      ['contact', 90],
      ['early_help', 730],
      ['referral', 90],
      ['assessment', 365],
    ]);
    expect(at('referral')).toMatchObject({ waiting: 3, longestWaitDays: 91, pastHorizon: 1 });
    expect(at('early_help')).toMatchObject({ waiting: 2, longestWaitDays: 800, pastHorizon: 1 });
    expect(at('assessment')).toMatchObject({ waiting: 1, longestWaitDays: 400, pastHorizon: 1 });
    // A station with no horizon never has any past it, however long the wait.
    for (const s of stationsAt(where, day).stations) if (map.stations.find((m) => m.id === s.id)!.staleAfterDays === undefined) expect(s.pastHorizon, s.id).toBe(0);
  });

  it('says so in the tooltip and the table note, in words', () => {
    const referral = map.stations.find((s) => s.id === 'referral')!;
    const earlyHelp = map.stations.find((s) => s.id === 'early_help')!;
    expect(staleText(referral, at('referral'))).toBe('1 open for over 90 days: probably records never closed');
    expect(staleText(earlyHelp, at('early_help'))).toBe('1 open for over 2 years: probably records never closed');
    expect(stationSummary(referral, at('referral'), '1 Apr 2024')).toContain('Data quality: 1 open for over 90 days: probably records never closed');
    expect(horizonWords(365)).toBe('over a year');
    // None past it: no note.
    expect(staleText(referral, stationsAt(where, dayFromCivil(2024, 3, 30)).stations.find((s) => s.id === 'referral')!)).toBe('');
  });

  it('says a contact past the horizon is not counted at Contact (review v8e finding 2), and only there', () => {
    expect([...contactStations(map)]).toEqual(['contact']);
    const contacts = buildWhereabouts(buildEventTable([ev('c1', 'contact', '2023-12-01', 'referral'), ev('c2', 'contact', '2024-03-20')]), map);
    const contact = map.stations.find((s) => s.id === 'contact')!;
    const answer = stationsAt(contacts, day).stations.find((s) => s.id === 'contact')!;
    expect(answer).toMatchObject({ waiting: 1, pastHorizon: 1 });
    expect(stationSummary(contact, answer, '1 Apr 2024', undefined, true)).toContain('Data quality: 1 contacts over 90 days with no referral recorded: not counted here');
  });
});
