// An enquiry's end recorded after its conference (the journey grammar keeps an S47 open until its end,
// and a walk may end it years later, at the 18th birthday) is that enquiry's end. The events file's case
// builder took the conference as the enquiry's end, found no open enquiry for the later end, and made one
// up from a day drawn back to the referral's: in a 50,000-child copy of audit a10's log C that was a second
// s47_start on the first one's day, a duplicate row the fidelity report counts as a grammar break.
import { describe, expect, it } from 'vitest';
import { dayFromCivil, formatDay } from '../../../core/dates.js';
import { buildEventTable, type EventRecord } from '../../../core/event-table.js';
import { EV, type EventType } from '../../../core/events.js';
import { checkJourneys } from '../../../core/grammar.js';
import { repairedEventsCsv } from '../../../synth/returns/events-csv.js';
import type { GeneratedChild } from '../../../synth/returns/input.js';

const d = (y: number, m: number, day: number): number => dayFromCivil(y, m, day);

/** A child whose S47 has a conference deciding no plan, then its end recorded years later with the CIN plan's. */
function child(id: string, referral: number): GeneratedChild {
  const steps: Array<[number, number, string]> = [
    [EV.referral, referral, ''],
    [EV.assessment_start, referral, ''],
    [EV.s47_start, referral, ''],
    [EV.assessment_end, referral + 22, 'cin'],
    [EV.icpc, referral + 26, 'no_plan'],
    [EV.cin_plan_start, referral + 34, ''],
    [EV.s47_end, referral + 1_300, 'nfa'],
    [EV.cin_plan_end, referral + 1_300, ''],
    [EV.case_closed, referral + 1_300, 'RC8'],
  ];
  return {
    id, dob: d(2008, 5, 1), sex: 'F', ethnicity: 'WBRI', disability: '',
    types: steps.map((s) => s[0]), days: steps.map((s) => s[1]), outcomes: steps.map((s) => s[2]),
    sources: steps.map(() => ''), episodes: steps.map(() => 1),
  };
}

describe('an S47 ended after its conference, in the events file', () => {
  it('keeps one s47_start and its own end, and breaks no grammar rule', () => {
    const children = Array.from({ length: 40 }, (_, i) => child(`SYN-${i}`, d(2021, 3, 1) + i * 3));
    let csv = '';
    const result = repairedEventsCsv((emit) => children.forEach(emit), { seed: 1, from: d(2020, 4, 1), to: d(2025, 3, 31) }, (chunk) => void (csv += chunk));
    const lines = csv.trim().split('\n');
    const header = lines[0]!.split(',');
    const col = (name: string): number => header.indexOf(name);
    const rows = lines.slice(1).map((l) => l.split(','));
    const records: EventRecord[] = rows.map((r) => ({ child: r[col('child_id')]!, type: r[col('event')]! as EventType, day: Date.parse(r[col('date')]!) / 86_400_000, episodeId: r[col('episode_id')] || null, outcome: r[col('outcome')] || null }));
    for (const c of children) {
      const own = rows.filter((r) => r[col('child_id')] === c.id);
      const starts = own.filter((r) => r[col('event')] === 's47_start');
      const ends = own.filter((r) => r[col('event')] === 's47_end');
      // Before the fix: two s47_starts (one made up), 40 of 40 children.
      expect(starts.map((r) => r[col('date')])).toEqual([formatDay(c.days[0]!)]);
      expect(ends.map((r) => `${r[col('date')]} ${r[col('outcome')]}`)).toEqual([`${formatDay(c.days[6]!)} nfa`]);
    }
    expect(result.repairs.s47_start_before_window ?? 0).toBe(0);
    const table = buildEventTable(records);
    const dob = new Float64Array(table.childIds.length).fill(d(2008, 5, 1));
    const check = checkJourneys(table, dob);
    const broken = Object.entries(check.counts).filter(([, n]) => n > 0);
    expect(broken).toEqual([]);
  });
});
