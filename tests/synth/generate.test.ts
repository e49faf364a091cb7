// Generated files: same seed same bytes, valid events CSV (imported strictly by the store's importer),
// journeys the grammar accepts, fake ids; and the model files obey the small-cell rule.
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addMonths, dayFromCivil, formatDay } from '../../core/dates.js';
import { englandWalesCalendar } from '../../core/working-days.js';
import { buildEventTable, type EventRecord } from '../../core/event-table.js';
import { EV, EVENT_TYPES, outcomeName } from '../../core/events.js';
import { checkJourneys } from '../../core/grammar.js';
import { computeMetrics, prepareMetrics } from '../../core/metrics.js';
import { openStore } from '../../server/db/store.js';
import { DEFAULT_MODEL } from '../../synth/defaults.js';
import { demoOptions, writeDemoCsv } from '../../synth/demo.js';
import { fitModel } from '../../synth/fit.js';
import { conferenceDay, generateChildren } from '../../synth/generate.js';
import { parseModel } from '../../synth/model.js';
import { generateDataset, writeSyntheticCsv } from '../../synth/output.js';
import { smallCellViolations } from '../../synth/privacy.js';
import { countyLog } from './generators/county.js';

const FROM = dayFromCivil(2021, 4, 1);
const TO = dayFromCivil(2025, 3, 31);
const dir = mkdtempSync(join(tmpdir(), 'synth-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('generate', () => {
  it('writes the same file for the same seed and a different one for another seed', async () => {
    const options = { children: 2000, from: FROM, to: TO, seed: 42 };
    await writeSyntheticCsv(DEFAULT_MODEL, options, join(dir, 'a.csv'));
    await writeSyntheticCsv(DEFAULT_MODEL, options, join(dir, 'b.csv'));
    await writeSyntheticCsv(DEFAULT_MODEL, { ...options, seed: 43 }, join(dir, 'c.csv'));
    const a = readFileSync(join(dir, 'a.csv'), 'utf8');
    expect(readFileSync(join(dir, 'b.csv'), 'utf8')).toBe(a);
    expect(readFileSync(join(dir, 'c.csv'), 'utf8')).not.toBe(a);
  });

  it('writes an events CSV that the importer takes without a single rejected row, with the same events', async () => {
    const path = join(dir, 'demo.csv');
    const { rows } = await writeDemoCsv(path, { seed: 7, children: 1500 });
    const store = openStore(join(dir, 'check.db'));
    try {
      const report = await store.importEventsCsv('demo', createReadStream(path));
      expect(report.rejected).toEqual([]);
      expect(report.imported).toBe(rows);
      const loaded = store.loadDataset('demo')!;
      const inMemory = generateDataset(DEFAULT_MODEL, demoOptions({ seed: 7, children: 1500 }));
      expect(loaded.table.length).toBe(inMemory.table.length);
      const window = { from: FROM, to: TO };
      expect(computeMetrics(prepareMetrics(loaded.table), window)).toEqual(computeMetrics(prepareMetrics(inMemory.table), window));
    } finally {
      store.close();
    }
  });

  it('makes only journeys the grammar accepts, with fake ids, from the built-in model and from a burn-in', () => {
    for (const options of [{ children: 5000, from: FROM, to: TO, seed: 3 }, demoOptions({ seed: 4, children: 3000 })]) {
      const { table, children } = generateDataset(DEFAULT_MODEL, options);
      expect(table.childIds.length).toBe(options.children);
      for (const id of table.childIds) expect(id).toMatch(/^SYN-[0-9a-z]{10}$/);
      for (let i = 0; i < table.length; i++) expect(table.day[i]).toBeLessThanOrEqual(TO);
      const check = checkJourneys(table, children.dob);
      expect(check.breaks).toEqual([]);
      expect(check.events).toBeGreaterThan(10 * options.children / 4);
    }
  });

  it('holds conferences on working days and leaves nobody in care or in an assessment past what life allows', () => {
    // A burn-in of ten years, as the returns are generated: journeys begun long before the window.
    const options = { children: 4000, from: FROM, to: TO, seed: 2, historyFrom: dayFromCivil(2011, 4, 1) };
    const calendar = englandWalesCalendar();
    const weekendConferences: string[] = [];
    const inCarePast18: string[] = [];
    const openAssessments: string[] = [];
    generateChildren(DEFAULT_MODEL, options, (child) => {
      const eighteenth = addMonths(child.dob, 216);
      let careStart = -1;
      const assessmentStart = new Map<number, number>();
      child.types.forEach((type, i) => {
        const day = child.days[i]!;
        if (type === EV.icpc && calendar.between(day - 1, day) !== 1) weekendConferences.push(`${child.id} ${formatDay(day)}`);
        if (type === EV.cla_start) careStart = day;
        if (type === EV.cla_end) careStart = -1;
        if (type === EV.assessment_start) assessmentStart.set(child.episodes[i]!, day);
        if (type === EV.assessment_end || type === EV.case_closed) assessmentStart.delete(child.episodes[i]!);
      });
      // Care still open at the end of the file is open on TO: the child must be under 18 then.
      if (careStart >= 0 && eighteenth <= TO) inCarePast18.push(`${child.id} born ${formatDay(child.dob)} in care from ${formatDay(careStart)}`);
      // An assessment lasts weeks: one still open on TO began in the last year (the longest the model draws).
      for (const start of assessmentStart.values()) if (TO - start > 366) openAssessments.push(`${child.id} from ${formatDay(start)}`);
    });
    expect(weekendConferences).toEqual([]);
    expect(inCarePast18).toEqual([]);
    expect(openAssessments).toEqual([]);
  });

  it('moves a conference the durations put on a weekend or bank holiday to the nearest working day after the enquiry began', () => {
    const day = (y: number, m: number, d: number) => dayFromCivil(y, m, d);
    expect(conferenceDay(day(2024, 6, 5), day(2024, 6, 1))).toBe(day(2024, 6, 5)); // a Wednesday stays
    expect(conferenceDay(day(2024, 6, 8), day(2024, 6, 1))).toBe(day(2024, 6, 7)); // Saturday to Friday
    expect(conferenceDay(day(2024, 6, 8), day(2024, 6, 8))).toBe(day(2024, 6, 10)); // not before the enquiry: Monday
    expect(conferenceDay(day(2024, 6, 9), day(2024, 6, 1))).toBe(day(2024, 6, 10)); // Sunday to Monday
    expect(conferenceDay(day(2024, 12, 25), day(2024, 12, 1))).toBe(day(2024, 12, 27)); // Christmas, Boxing Day
    expect(conferenceDay(day(2024, 8, 26), day(2024, 8, 1))).toBe(day(2024, 8, 27)); // summer bank holiday
  });

  it('writes an episode id on the steps of an episode, the same episodes as linking by date gives', () => {
    const { table } = generateDataset(DEFAULT_MODEL, { children: 2000, from: FROM, to: TO, seed: 8 });
    const records: EventRecord[] = [];
    for (let c = 0; c < table.childIds.length; c++) {
      for (let i = table.childStart[c]!; i < table.childStart[c + 1]!; i++) records.push({ child: table.childIds[c]!, type: EVENT_TYPES[table.type[i]!]!, day: table.day[i]!, outcome: outcomeName(table.outcome[i]!) });
    }
    const byDate = buildEventTable(records);
    const window = { from: FROM, to: TO };
    expect(computeMetrics(prepareMetrics(byDate), window)).toEqual(computeMetrics(prepareMetrics(table), window));
  });

  it('rejects a bad request with a clear error', () => {
    expect(() => generateDataset(DEFAULT_MODEL, { children: 0, from: FROM, to: TO, seed: 1 })).toThrow(/children must be a positive integer/);
    expect(() => generateDataset(DEFAULT_MODEL, { children: 10, from: TO, to: FROM, seed: 1 })).toThrow(/invalid period/);
  });
});

describe('model files', () => {
  it('the built-in model is valid and obeys the small-cell rule', () => {
    expect(parseModel(JSON.parse(JSON.stringify(DEFAULT_MODEL)))).toEqual(DEFAULT_MODEL);
    expect(smallCellViolations(DEFAULT_MODEL)).toEqual([]);
  });

  it('a fitted model holds no cell of fewer than 10 children and lists what it merged', () => {
    const real = countyLog({ children: 3000, from: FROM, to: TO, seed: 11 });
    const model = parseModel(JSON.parse(JSON.stringify(fitModel(real.table, real.children, { to: TO }))));
    expect(smallCellViolations(model)).toEqual([]);
    expect(model.merged.length).toBeGreaterThan(0);
    // Every count in the file is 0 (describes nobody) or at least minCell.
    const counts = JSON.stringify(model).match(/"children":\d+/g)!.map((m) => +m.slice(11));
    expect(counts.every((n) => n === 0 || n >= 10)).toBe(true);
  });

  it('refuses to fit fewer than 10 children and names a bad model field', () => {
    const tiny = countyLog({ children: 5, from: FROM, to: TO, seed: 1 });
    expect(() => fitModel(tiny.table, tiny.children)).toThrow(/at least 10/);
    expect(() => parseModel({ ...DEFAULT_MODEL, minCell: 3 })).toThrow(/minCell/);
  });
});
