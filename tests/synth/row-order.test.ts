// The fit learns the journeys, not the order the file happens to list one day's rows in (review v10c F1):
// the same rows shuffled, or sorted by child, date and event name as SQL gives them (assessment_start
// before contact and referral on one day), fit the identical model, and its copy has no step in an
// episode whose referral is missing.
import { describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../core/dates.js';
import { buildEventTable, type EventRecord } from '../../core/event-table.js';
import { CARRIED_EPISODE_DAYS, checkJourneys } from '../../core/grammar.js';
import { EV } from '../../core/events.js';
import { fitModel } from '../../synth/fit.js';
import { fittedPeriod } from '../../synth/generate.js';
import { generateDataset } from '../../synth/output.js';
import { sameDayLog } from './generators/sameday.js';

const FROM = dayFromCivil(2020, 4, 1);
const TO = dayFromCivil(2024, 3, 31);

function shuffled(records: readonly EventRecord[], seed: number): EventRecord[] {
  const out = [...records];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** ORDER BY child_id, date, event: event names alphabetically within a day. */
function sqlOrder(records: readonly EventRecord[]): EventRecord[] {
  return [...records].sort((a, b) => (a.child < b.child ? -1 : a.child > b.child ? 1 : a.day - b.day || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0)));
}

describe('row order within a day', () => {
  const log = sameDayLog({ children: 3000, from: FROM, to: TO, seed: 9 });
  // Children keep the log's order (its attributes are aligned with it); their rows are in the order given.
  const childOrder = new Map(log.table.childIds.map((id, c) => [id, c]));
  const fit = (records: EventRecord[]) => {
    const byChild = records.map((r, i) => [childOrder.get(r.child)!, i, r] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, , r]) => r);
    return fitModel(buildEventTable(byChild), log.children, { to: TO });
  };

  it('the log has the same-day steps this is about, and obeys the grammar', () => {
    expect(checkJourneys(log.table, log.children.dob).breaks).toEqual([]);
    const sameDay = (a: number, b: number) => {
      let n = 0;
      for (let i = 1; i < log.table.length; i++) if (log.table.child[i] === log.table.child[i - 1] && log.table.day[i] === log.table.day[i - 1] && log.table.type[i - 1] === a && log.table.type[i] === b) n++;
      return n;
    };
    expect(sameDay(EV.referral, EV.assessment_start)).toBeGreaterThan(1000);
    expect(sameDay(EV.strategy_discussion, EV.s47_start)).toBeGreaterThan(200);
    expect(sameDay(EV.icpc, EV.case_closed)).toBeGreaterThan(50);
  });

  it('fits the identical model on the rows shuffled and sorted as SQL sorts them', () => {
    const model = JSON.stringify(fit(log.records));
    expect(JSON.stringify(fit(shuffled(log.records, 1)))).toBe(model);
    expect(JSON.stringify(fit(sqlOrder(log.records)))).toBe(model);
  }, 120_000);

  it('the copy of a shuffled log has no step in an episode without referral after the first year', () => {
    const model = fit(shuffled(log.records, 2));
    expect(model.skipped).toEqual({});
    const copy = generateDataset(model, { children: 3000, ...fittedPeriod(model), seed: 4 });
    const t = copy.table;
    let late = 0;
    for (let c = 0; c < t.childIds.length; c++) {
      const referred = new Set<number>();
      for (let i = t.childStart[c]!; i < t.childStart[c + 1]!; i++) if (t.type[i] === EV.referral) referred.add(t.episode[i]!);
      for (let i = t.childStart[c]!; i < t.childStart[c + 1]!; i++) {
        const step = t.type[i] === EV.assessment_start || t.type[i] === EV.s47_start || t.type[i] === EV.icpc || t.type[i] === EV.cp_plan_start || t.type[i] === EV.cin_plan_start;
        if (step && !referred.has(t.episode[i]!) && t.day[i]! > FROM + CARRIED_EPISODE_DAYS) late++;
      }
    }
    expect(late).toBe(0);
    expect(checkJourneys(t, copy.children.dob).breaks).toEqual([]);
  }, 120_000);
});
