import { describe, expect, it } from 'vitest';
import { childSteps } from '../../../client/src/journey/child-journey.js';
import { emptyChildAttributes } from '../../../core/children.js';
import { formatDay, parseDay } from '../../../core/dates.js';
import { buildEventTable, type EventRecord } from '../../../core/event-table.js';
import { buildMoves } from '../../../core/journeys.js';
import { computeMetrics, prepareMetrics } from '../../../core/metrics.js';
import { buildWhereabouts, childrenAt, waitsOfChild } from '../../../core/whereabouts.js';
import { frontDoorMap } from '../fixtures.js';
const map = frontDoorMap();
const at = (id: string) => map.stations.findIndex((s) => s.id === id);

const ev = (child: string, type: EventRecord['type'], date: string, outcome: string | null = null): EventRecord => ({ child, type, day: parseDay(date)!, outcome });

/** The panel's rows for a child on a date, as the page makes them: the server's waitsOfChild, then childSteps. */
function rowsAt(table: ReturnType<typeof buildEventTable>, id: string, date: string) {
  const moves = buildMoves(table, emptyChildAttributes(table.childIds.length), map);
  const where = buildWhereabouts(table, map);
  const child = table.childIds.indexOf(id);
  const steps = waitsOfChild(where, child, parseDay(date)!).map((w) => ({ station: w.station, since: formatDay(w.sinceDay), until: w.endDay === null ? null : formatDay(w.endDay), days: w.days, unpairedEnds: w.unpairedEnds.map(formatDay) }));
  return { rows: childSteps(moves, child, map.stations, steps, date), where, child };
}

// Review v8b finding 2: the panel built its rows from the moves (where the dot was): care "522 days"
// (until the dot moved on), the assessment "2 days", early help "218 days" to a date after the one
// shown, and Closed after it too. Each row now is a period the stations count.
describe("a child's timeline: how long each step took, as the stations count it, to the date shown", () => {
  const table = buildEventTable([
    ev('K', 'contact', '2021-01-06', 'referral'),
    ev('K', 'referral', '2021-01-07'),
    ev('K', 'assessment_start', '2021-01-08'),
    ev('K', 'cla_start', '2021-01-10'),
    ev('K', 'contact', '2022-06-16', 'early_help'),
    ev('K', 'early_help_start', '2022-06-18'),
    ev('K', 'early_help_end', '2023-01-22'),
    ev('other', 'contact', '2023-03-31'),
  ]);

  it('shows care 733 days so far, the assessment open as the metrics count it, early help 209 days so far, and nothing after the date', () => {
    const { rows, where, child } = rowsAt(table, 'K', '2023-01-13');
    const day = parseDay('2023-01-13')!;
    const open = computeMetrics(prepareMetrics(table), { from: day - 364, to: day }).open_at_end;
    expect(open.assessment).toBe(1);
    expect(open.cla).toBe(1);
    expect(rows.find((r) => r.station === 'Looked after')).toMatchObject({ date: '2021-01-10', until: null, open: true, days: 733 });
    expect(rows.find((r) => r.station === 'Assessment')).toMatchObject({ date: '2021-01-08', until: null, open: true, days: 735 });
    // Sent to Early help by the contact on 16 Jun, counted there until the period starts on 18 Jun.
    expect(rows.filter((r) => r.station === 'Early help')).toEqual([
      expect.objectContaining({ date: '2022-06-16', until: '2022-06-18', open: false, days: 2 }),
      expect.objectContaining({ date: '2022-06-18', until: null, open: true, days: 209 }),
    ]);
    for (const r of rows) {
      expect(r.date <= '2023-01-13', JSON.stringify(r)).toBe(true);
      if (r.until !== null) expect(r.until <= '2023-01-13', JSON.stringify(r)).toBe(true);
    }
    expect(rows.map((r) => r.station)).not.toContain('Closed');
    // Every open row is the child's entry in that station's list, with the same days.
    for (const r of rows.filter((x) => x.open)) {
      const s = map.stations.findIndex((x) => x.name === r.station);
      expect(childrenAt(where, s, day).find((c) => c.child === child)?.waitedDays, r.station).toBe(r.days);
    }
  });

  it('gives an ended step its end date and length, and shows the exit once the date reaches it', () => {
    const { rows } = rowsAt(table, 'K', '2023-03-31');
    expect(rows.filter((r) => r.station === 'Early help').at(-1)).toMatchObject({ date: '2022-06-18', until: '2023-01-22', open: false, days: 218 });
    // Early help ends 22 Jan 2023 and the trip closes that day: Closed comes after the step it ends.
    const closed = rows.findIndex((r) => r.kind === 'exit');
    expect(rows[closed]).toMatchObject({ date: '2023-01-22' });
    expect(rows.findLastIndex((r) => r.station === 'Early help')).toBe(closed - 1);
    expect(rows.find((r) => r.station === 'Looked after')).toMatchObject({ open: true, days: 810 });
  });
});

// Review finding (issue 8, fix 2, item 4): a child back at a station showed one wait in its journey
// (from the dot's return) and another in the station's list (from the start of the period). Both now
// read core/whereabouts.ts stayWaitAt; here a child back in care after a CP plan ends, and one whose
// second referral restarts its wait, on several dates.
describe('childSteps agrees with the station list for a child back at a station', () => {
  const records = [
    ev('back-in-care', 'referral', '2024-02-10'),
    ev('back-in-care', 'assessment_start', '2024-02-12'),
    ev('back-in-care', 'cla_start', '2024-02-20'),
    ev('back-in-care', 'cp_plan_start', '2024-03-01'),
    ev('back-in-care', 'cp_plan_end', '2024-03-29'),
    ev('referred-twice', 'contact', '2024-01-02', 'referral'),
    ev('referred-twice', 'referral', '2024-01-03'),
    ev('referred-twice', 'referral', '2024-03-05'),
    ev('other', 'contact', '2024-03-31'),
  ];
  const table = buildEventTable(records);
  const where = buildWhereabouts(table, map);
  const stations = map.stations;

  it.each([
    ['back-in-care', 'looked_after', ['2024-03-29', '2024-03-30', '2024-03-31', '2024-06-30']],
    ['referred-twice', 'referral', ['2024-03-05', '2024-03-20', '2024-03-31']],
  ])('%s at %s', (id, stationId, dates) => {
    const child = table.childIds.indexOf(id);
    const s = at(stationId);
    for (const date of dates) {
      const day = parseDay(date)!;
      const listed = childrenAt(where, s, day).find((c) => c.child === child);
      expect(listed, `${id} listed at ${stationId} on ${date}`).toBeDefined();
      const { rows } = rowsAt(table, id, date);
      const open = rows.filter((r) => r.station === stations[s]!.name && r.open);
      expect(open, `${id} on ${date}`).toEqual([expect.objectContaining({ days: listed!.waitedDays })]);
    }
  });

  it('says since when a returning child has waited: the start of the period, before the dot came back', () => {
    const { rows } = rowsAt(table, 'back-in-care', '2024-03-31');
    expect(rows.filter((r) => r.station === 'Looked after')).toEqual([expect.objectContaining({ date: '2024-02-20', days: 40, open: true })]);
  });
});

// Review v8e finding 3: care begun before the child's first referral (no episode) and ended after it
// (the end falls in the referral's episode) is not paired by the metrics, so the child stays counted in
// care and the dot goes back to Looked after; the panel's last row said "Closed 29 Jun 2024" with nothing
// to say why the child was still in care.
describe('an end the metrics do not pair (care ended under another episode)', () => {
  const table = buildEventTable([
    ev('X', 'cla_start', '2023-11-16'),
    ev('X', 'referral', '2023-12-24'),
    ev('X', 'cla_end', '2024-06-29', 'E11'),
    ev('other', 'contact', '2025-02-28'),
  ]);

  it('keeps the child counted in care, and marks the exit as an end not paired with the care still open', () => {
    const day = parseDay('2025-02-28')!;
    expect(computeMetrics(prepareMetrics(table), { from: day - 364, to: day }).open_at_end.cla).toBe(1);
    const { rows } = rowsAt(table, 'X', '2025-02-28');
    expect(rows.find((r) => r.station === 'Looked after')).toMatchObject({ date: '2023-11-16', open: true, days: 470 });
    const exit = rows.find((r) => r.kind === 'exit');
    expect(exit).toMatchObject({ station: 'Closed', date: '2024-06-29', unpairedOf: { station: 'Looked after', since: '2023-11-16' } });
  });

  it('marks no exit when the end is paired (the same care, ended before any referral)', () => {
    const paired = buildEventTable([ev('Y', 'cla_start', '2023-11-16'), ev('Y', 'cla_end', '2023-12-20', 'E11'), ev('Y', 'referral', '2023-12-24')]);
    const { rows } = rowsAt(paired, 'Y', '2025-02-28');
    expect(rows.find((r) => r.station === 'Looked after')).toMatchObject({ open: false, until: '2023-12-20' });
    expect(rows.filter((r) => r.unpairedOf)).toEqual([]);
  });
});
