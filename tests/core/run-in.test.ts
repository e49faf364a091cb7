// Issue 9 item 3 (audit 9c, finding A and B): a stock near the data's first day misses the children who
// arrived before it, and a station whose periods never end in the data counts starts, not children
// waiting. The log here is written by hand: CP plans of 200 days started every 5 days for 6 years; the
// same log cut at a date loses the plans begun before it, so its count reads low for about 200 days.
import { describe, expect, it } from 'vitest';
import { parseDay } from '../../core/dates.js';
import { buildEventTable, type EventRecord } from '../../core/event-table.js';
import { buildWhereabouts, stationsAt } from '../../core/whereabouts.js';
import { shortCountsNote, stationRunIn, stockCompleteness } from '../../core/analysis/run-in.js';
import { frontDoorMap } from '../client/fixtures.js';

const map = frontDoorMap();
const day = (text: string) => parseDay(text)!;
const START = day('2018-01-01');
const CUT = day('2021-01-01');
const LAST = day('2023-12-31');

function plans(): EventRecord[] {
  const out: EventRecord[] = [];
  for (let n = 0, d = START; d <= LAST; n++, d += 5) {
    const child = `p${n}`;
    out.push({ child, type: 'icpc', day: d, seconds: -1, outcome: 'cp_plan' });
    out.push({ child, type: 'cp_plan_start', day: d, seconds: -1, outcome: null });
    if (d + 200 <= LAST) out.push({ child, type: 'cp_plan_end', day: d + 200, seconds: -1, outcome: null });
  }
  return out;
}

function span(records: EventRecord[]) {
  let first = Infinity;
  let last = -Infinity;
  for (const r of records) {
    first = Math.min(first, r.day);
    last = Math.max(last, r.day);
  }
  return { first, last };
}

describe("the run-in after the data's first day", () => {
  const full = plans();
  const cut = full.filter((r) => r.day >= CUT);
  const fullWhere = buildWhereabouts(buildEventTable(full), map);
  const cutTable = buildEventTable(cut);
  const cutWhere = buildWhereabouts(cutTable, map);
  const s = map.stations.findIndex((st) => st.id === 'cp_plan');
  const runIn = stationRunIn(cutWhere, map, span(cut), cutTable);
  const count = (w: typeof fullWhere, d: number) => stationsAt(w, d).stations[s]!.waiting;

  it('the cut log reads low in the run-in (what the mark is for)', () => {
    expect(count(cutWhere, CUT + 50)).toBeLessThan(count(fullWhere, CUT + 50) / 2);
    expect(count(cutWhere, CUT + 300)).toBe(count(fullWhere, CUT + 300));
  });

  it('marks the CP plan count incomplete in the run-in and complete after it', () => {
    const early = stockCompleteness(runIn, s, CUT + 50);
    expect(early.complete).toBe(false);
    expect(early.runIn).toBe(true);
    expect(early.note).toMatch(/Incomplete: CP plan .* misses children who arrived before the data's first day/);
    // every stay lasts 200 days: the count is whole 200 days on, and the run-in says no later than that
    expect(runIn.stations[s]!.days).toBeGreaterThan(150);
    expect(runIn.stations[s]!.days).toBeLessThanOrEqual(200);
    const late = stockCompleteness(runIn, s, CUT + 250);
    expect(late).toEqual({ complete: true, runIn: false, endsMissing: false, note: null });
  });

  it('a station whose period end never appears counts starts, and says so', () => {
    const records: EventRecord[] = [];
    for (let n = 0, d = CUT; d <= LAST; n++, d += 7) {
      records.push({ child: `e${n}`, type: 'contact', day: d, seconds: -1, outcome: 'early_help' });
      records.push({ child: `e${n}`, type: 'early_help_start', day: d, seconds: -1, outcome: null });
    }
    const table = buildEventTable(records);
    const where = buildWhereabouts(table, map);
    const e = map.stations.findIndex((st) => st.id === 'early_help');
    const ri = stationRunIn(where, map, span(records), table);
    expect(ri.stations[e]!.endsMissing).toBe(true);
    const c = stockCompleteness(ri, e, LAST);
    expect(c.complete).toBe(false);
    expect(c.endsMissing).toBe(true);
    expect(c.note).toMatch(/Early help: no end of it is recorded anywhere in the data, so its count is of starts with no end recorded, not of children waiting/);
    // and a log with its ends is not flagged
    const ended = records.flatMap((r) => (r.type === 'early_help_start' && r.day + 60 <= LAST ? [r, { ...r, type: 'early_help_end' as const, day: r.day + 60 }] : [r]));
    const t2 = buildEventTable(ended);
    expect(stationRunIn(buildWhereabouts(t2, map), map, span(ended), t2).stations[e]!.endsMissing).toBe(false);
  });
});

// The words for "which stations are short" once (brief vkm11): the pathways view's notes on a day's counts,
// the work-in-progress table's "Incomplete?" cells and the flow view's station notes all come from
// shortCountsNote (tests/server/views/run-in.test.ts checks the flow view's against it).
describe('shortCountsNote: the one wording of counts short near the data\'s first day', () => {
  const first = day('2021-01-01');
  it('one station, two, and the ends-missing sentences after', () => {
    expect(shortCountsNote('on 1 February 2021', [{ name: 'CP plan', completeFrom: day('2021-07-20') }], first)).toBe(
      "Incomplete: on 1 February 2021, the count at CP plan (complete from 20 July 2021) misses children who arrived before the data's first day, 1 January 2021, so it reads low.",
    );
    expect(shortCountsNote('in the first 3 weeks (hatched)', [{ name: 'CP plan', completeFrom: day('2021-07-20') }, { name: 'Looked after', completeFrom: day('2023-01-01') }], first, ['Early help: no end of it is recorded anywhere in the data, so its count is of starts with no end recorded, not of children waiting.'])).toBe(
      "Incomplete: in the first 3 weeks (hatched), the counts at CP plan (complete from 20 July 2021), Looked after (complete from 1 January 2023) miss children who arrived before the data's first day, 1 January 2021, so they read low. Early help: no end of it is recorded anywhere in the data, so its count is of starts with no end recorded, not of children waiting.",
    );
    expect(shortCountsNote('on 1 February 2021', [], first)).toBe(null);
  });
});
