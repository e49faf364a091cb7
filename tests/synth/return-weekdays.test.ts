// A child coming back is contacted on the weekdays the fitted data's children come back on (audit a10h): the copy
// dated a return by its length in days, which lands on a Saturday as often as on a Monday, so 11.3% of the
// auditor's copy's contacts fell on a weekend against the log's 2.7%. A log whose returns keep to no weekday keeps
// no pattern (the county generator's come back on any day).
import { beforeAll, describe, expect, it } from 'vitest';
import { dayFromCivil, weekday } from '../../core/dates.js';
import { buildEventTable, type EventTable } from '../../core/event-table.js';
import { EV } from '../../core/events.js';
import { fitModel } from '../../synth/fit.js';
import type { Model } from '../../synth/model.js';
import { generateDataset } from '../../synth/output.js';
import { createRandom } from '../../synth/random.js';
import { onReturnWeekday } from '../../synth/return-weekdays.js';
import { countyLog } from './generators/county.js';
import type { TestLog } from './generators/log.js';

const FROM = dayFromCivil(2018, 4, 1);
const TO = dayFromCivil(2025, 3, 31);

/** Share of contacts on a Saturday or Sunday: all, and those after the child's first event. */
function weekendContacts(table: EventTable): { all: number; returning: number } {
  let contacts = 0, weekend = 0, later = 0, laterWeekend = 0;
  for (let c = 0; c < table.childIds.length; c++) {
    for (let i = table.childStart[c]!; i < table.childStart[c + 1]!; i++) {
      if (table.type[i] !== EV.contact) continue;
      const onWeekend = weekday(table.day[i]!) >= 5 ? 1 : 0;
      contacts++;
      weekend += onWeekend;
      if (i > table.childStart[c]!) (later++, (laterWeekend += onWeekend));
    }
  }
  return { all: weekend / contacts, returning: laterWeekend / Math.max(1, later) };
}

function copyOf(log: Pick<TestLog, 'table' | 'children'>, seed: number): { model: Model; copy: EventTable } {
  const model = fitModel(log.table, log.children, { to: TO });
  return { model, copy: generateDataset(model, { children: log.table.childIds.length, from: FROM, to: TO, seed }).table };
}

describe('the weekdays children come back on', () => {
  it('a step landing on every weekday alike comes on the fitted shares: a weekend\'s mostly to the working days after it', () => {
    const shares = [0.26, 0.18, 0.18, 0.18, 0.17, 0.02, 0.01];
    const random = createRandom(3);
    const saturday = dayFromCivil(2024, 6, 1);
    expect(weekday(saturday)).toBe(5);
    const landed = new Array<number>(7).fill(0);
    const n = 70_000;
    for (let k = 0; k < n; k++) landed[weekday(onReturnWeekday(shares, saturday + (k % 7), random))]!++;
    landed.forEach((count, w) => expect(Math.abs(count / n - shares[w]!), `weekday ${w}`).toBeLessThan(0.006));
    // a step on a weekday whose share is a seventh or more stays where it is
    expect(onReturnWeekday([1 / 7, 1 / 7, 1 / 7, 1 / 7, 1 / 7, 1 / 7, 1 / 7], saturday, random)).toBe(saturday);
    expect(onReturnWeekday(shares, saturday + 2, random)).toBe(saturday + 2);
  });

  let county: TestLog;
  beforeAll(() => {
    county = countyLog({ children: 10_000, from: FROM, to: TO, seed: 31 });
  });

  it('a log whose children come back on any day: no pattern kept, and the copy\'s weekend contacts as the log\'s', () => {
    const { model, copy } = copyOf(county, 4);
    const log = weekendContacts(county.table);
    expect(log.returning).toBeGreaterThan(0.2);
    expect(model.returnWeekdays).toBeUndefined();
    const synthetic = weekendContacts(copy);
    expect(Math.abs(synthetic.returning - log.returning), `log ${JSON.stringify(log)}, copy ${JSON.stringify(synthetic)}`).toBeLessThan(0.02);
  }, 120_000);

  it('a log whose returning contacts keep to working days: the copy\'s do too, within 2 points', () => {
    // the same log with 9 in 10 of its returning contacts on a Saturday or Sunday left out
    const firstDay = new Map<string, number>();
    for (const r of county.records) firstDay.set(r.child, Math.min(r.day, firstDay.get(r.child) ?? Infinity));
    const records = county.records.filter((r, i) => r.type !== 'contact' || weekday(r.day) < 5 || r.day === firstDay.get(r.child) || i % 10 === 0);
    const table = buildEventTable(records);
    expect(table.childIds).toEqual(county.table.childIds);
    const log = weekendContacts(table);
    expect(log.returning).toBeLessThan(0.06);
    const { model, copy } = copyOf({ table, children: county.children }, 4);
    expect(model.returnWeekdays?.contact, JSON.stringify(model.returnWeekdays)).toHaveLength(7);
    const synthetic = weekendContacts(copy);
    expect(Math.abs(synthetic.returning - log.returning), `log ${JSON.stringify(log)}, copy ${JSON.stringify(synthetic)}`).toBeLessThan(0.02);
    expect(Math.abs(synthetic.all - log.all), `log ${JSON.stringify(log)}, copy ${JSON.stringify(synthetic)}`).toBeLessThan(0.02);
  }, 120_000);
});
