// The fitted period is what the rows the grammar accepts span (audit a10j): one assessment dated 2005 for a
// child born in 2014 (refused: before birth) made a 2018-2025 log's model "fitted 2005-01-01 to 2025-03-31",
// and its copy put 33,538 events before 2018 and fell 10-13% short in every later year; one plan end dated
// 2026 with no plan open (refused: an end without its start) moved the end, and 24,585 events came after it.
import { beforeAll, describe, expect, it } from 'vitest';
import { dayFromCivil, formatDay } from '../../core/dates.js';
import { buildEventTable, type EventRecord } from '../../core/event-table.js';
import { fitModel } from '../../synth/fit.js';
import { fittedPeriod } from '../../synth/generate.js';
import type { Model } from '../../synth/model.js';
import { generateDataset } from '../../synth/output.js';
import { countyLog } from './generators/county.js';
import type { TestLog } from './generators/log.js';

const FROM = dayFromCivil(2018, 4, 1);
const TO = dayFromCivil(2025, 3, 31);

/** The log with `extra` rows appended (children already in it, so the table numbers them as before). */
function withRows(log: TestLog, extra: EventRecord[]): TestLog {
  const records = [...log.records, ...extra];
  return { records, table: buildEventTable(records), children: log.children };
}

describe('a refused row dated far outside the data', () => {
  let log: TestLog;
  let span: { first: number; last: number };
  let clean: Model;
  beforeAll(() => {
    log = countyLog({ children: 4_000, from: FROM, to: TO, seed: 52 });
    const days = log.records.map((r) => r.day);
    span = { first: Math.min(...days), last: Math.max(...days) };
    clean = fitModel(log.table, log.children);
  });

  it('leaves the fitted period, the model and the copy\'s years as the log without it has them', () => {
    // a child born after 2005, given an assessment in 2005; another, with no CP plan, a plan end in 2026
    const born = log.table.childIds.findIndex((_, c) => log.children.dob[c]! > dayFromCivil(2006, 1, 1));
    const planned = new Set(log.records.filter((r) => r.type === 'cp_plan_start').map((r) => r.child));
    const unplanned = log.table.childIds.find((id) => !planned.has(id))!;
    expect(born).toBeGreaterThanOrEqual(0);
    const bad = withRows(log, [
      { child: log.table.childIds[born]!, type: 'assessment_start', day: dayFromCivil(2005, 1, 1), episodeId: null, outcome: null, source: null },
      { child: unplanned, type: 'cp_plan_end', day: dayFromCivil(2026, 1, 15), episodeId: null, outcome: null, source: null },
    ]);
    const model = fitModel(bad.table, bad.children);
    expect(model.fittedOn.from).toBe(formatDay(span.first));
    expect(model.fittedOn.to).toBe(formatDay(span.last));
    expect(model.fittedOn).toEqual({ ...clean.fittedOn, events: clean.fittedOn.events + 2 });
    expect(model.arrivals).toEqual(clean.arrivals);

    const period = fittedPeriod(model);
    const copy = generateDataset(model, { children: 4_000, ...period, seed: 7 }).table;
    let outside = 0;
    for (let i = 0; i < copy.length; i++) if (copy.day[i]! < span.first || copy.day[i]! > span.last) outside++;
    expect(outside).toBe(0);
    // the refused rows are counted, not learnt
    expect(model.skipped['before-birth']).toBe((clean.skipped['before-birth'] ?? 0) + 1);
  });
});
