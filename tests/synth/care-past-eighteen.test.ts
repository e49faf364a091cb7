// Children in care at the log's end (issue 10, brief syn10): copies of the "county" and "census" logs held
// about 5% too few on every copy seed. Part of the log's count are young people past 18 whose care's end the
// log never recorded (an end due after the data's end is not brought onto the birthday: county 50,000, log
// seed 5, 20 of 251; census 34). The copies ended every care under way on the 18th birthday there, so held
// none. The fit notes such a log (openPastEighteen, with minCell children or more), and the generator
// then leaves a care whose next step is due after both the birthday and the data's end open. The census log
// ends what runs past 18 on the eve of the birthday: such an end is cut short by the birthday too.
// CP and CIN plans are left open so as well (brief syn11): the same rule, one flag (openPastEighteen).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addMonths, dayFromCivil } from '../../core/dates.js';
import { EV } from '../../core/events.js';
import type { EventTable } from '../../core/event-table.js';
import { checkJourneys } from '../../core/grammar.js';
import { compileModel } from '../../synth/compile.js';
import { fitModel } from '../../synth/fit.js';
import { parseModel } from '../../synth/model.js';
import { fittedPeriod } from '../../synth/generate.js';
import { generateDataset } from '../../synth/output.js';
import { censusLog } from './generators/census.js';
import { countyLog } from './generators/county.js';
import type { TestLog, TestLogOptions } from './generators/log.js';

const FROM = dayFromCivil(2018, 4, 1);
const TO = dayFromCivil(2025, 3, 31);

/** Children in care when the table ends (their last care start has no end after it) who are past 18 by then. */
function inCarePastEighteen(table: EventTable, dob: ArrayLike<number>, end: number): number {
  let n = 0;
  for (let c = 0; c < table.childIds.length; c++) {
    let open = false;
    for (let i = table.childStart[c]!; i < table.childStart[c + 1]!; i++) {
      if (table.type[i] === EV.cla_start) open = true;
      else if (table.type[i] === EV.cla_end) open = false;
    }
    if (open && addMonths(dob[c]!, 216) <= end) n++;
  }
  return n;
}

/** Children on a CP or CIN plan when the table ends (a start with no end after it) who are past 18 by then. */
function onPlanPastEighteen(table: EventTable, dob: ArrayLike<number>, end: number): number {
  let n = 0;
  for (let c = 0; c < table.childIds.length; c++) {
    let open = 0;
    for (let i = table.childStart[c]!; i < table.childStart[c + 1]!; i++) {
      const t = table.type[i]!;
      if (t === EV.cp_plan_start || t === EV.cin_plan_start) open++;
      else if ((t === EV.cp_plan_end || t === EV.cin_plan_end) && open > 0) open--;
    }
    if (open > 0 && addMonths(dob[c]!, 216) <= end) n++;
  }
  return n;
}

function lastDay(log: TestLog): number {
  let end = -Infinity;
  for (let i = 0; i < log.table.length; i++) end = Math.max(end, log.table.day[i]!);
  return end;
}

describe('care left open past the 18th birthday when the data ends, as the fitted log leaves it', () => {
  // Log seeds where the log leaves at least minCell (10) children so at 20,000 children (county 12, census 11).
  const cases: Array<[string, (o: TestLogOptions) => TestLog, number]> = [['county', countyLog, 1], ['census', censusLog, 3]];
  for (const [name, generator, seed] of cases) {
    it(`"${name}" log: the copy holds about as many young people in care past 18 at the end (none before)`, () => {
      const real = generator({ children: 20_000, from: FROM, to: TO, seed });
      const end = lastDay(real);
      const realCount = inCarePastEighteen(real.table, real.children.dob, end);
      expect(realCount).toBeGreaterThanOrEqual(10);
      const model = fitModel(real.table, real.children);
      expect(model.openPastEighteen).toBe(true);
      // A copy three times the log's size, its count divided by 3: at the log's size a count of about 11 is
      // ±3.3 by chance alone (census copies of seed 1 held 15, and 5 with the stratified draws of days).
      const copy = generateDataset(model, { children: 3 * real.table.childIds.length, ...fittedPeriod(model), seed: 1 });
      const copyCount = inCarePastEighteen(copy.table, copy.children.dob, end) / 3;
      // county 12 in the log; census 11 (before: 0 in both copies).
      expect(copyCount).toBeGreaterThanOrEqual(realCount / 2);
      expect(copyCount).toBeLessThanOrEqual(realCount * 2);
      // Leaving care open breaks no grammar rule.
      expect(checkJourneys(copy.table, copy.children.dob).breaks).toEqual([]);
    }, 120_000);
  }

  // Plans as care (brief syn11): the county log leaves young people on a CIN or CP plan past 18 when its
  // data ends, as it does care, and its copies held almost none (the walk left only care open: 20,000
  // children, log seeds 1 and 2: 7 and 12 in the logs, 1 and 1 in the copies). The census log's copy, which
  // held as many before (24 and 22), must not overshoot: it held 37 when plans were left open past 18 and a
  // journey could still end with a plan open (leftOpen now counts plans, as it counts care).
  const planCases: Array<[string, (o: TestLogOptions) => TestLog, number]> = [['county', countyLog, 1], ['county', countyLog, 2], ['census', censusLog, 3]];
  for (const [name, generator, seed] of planCases) {
    it(`"${name}" log, seed ${seed}: the copy holds about as many young people on a plan past 18 at the end`, () => {
      const real = generator({ children: 20_000, from: FROM, to: TO, seed });
      const end = lastDay(real);
      const realCount = onPlanPastEighteen(real.table, real.children.dob, end);
      const model = fitModel(real.table, real.children);
      expect(model.openPastEighteen).toBe(true);
      // Four copies: one copy's count is as noisy as the log's (census log 3, copy seeds 1-8: 34, 33, 37, 28, 33,
      // 35, 22, 38, and after steps counted from before their state was entered took their lengths with delayed
      // entry 45, 26, 36, 30, 33, 33, 29, 27: means 32.5 and 32.4; its log 24), so the test reads their mean. Eight
      // copies since 2026-12-06: four read 15 on county seed 1 against a bound of 14.6 once the copy's referrals kept
      // the county's weekdays (synth/step-weekdays.ts, the only step it patterns), where seeds 1-8 gave a mean of
      // 17.75 with the weekdays and 17.25 without (a count of plans open past 18 at the end of the script's own).
      const COPIES = 8;
      let copyCount = 0;
      for (let seed = 1; seed <= COPIES; seed++) {
        const copy = generateDataset(model, { children: real.table.childIds.length, ...fittedPeriod(model), seed });
        copyCount += onPlanPastEighteen(copy.table, copy.children.dob, end) / COPIES;
        expect(checkJourneys(copy.table, copy.children.dob).breaks).toEqual([]);
      }
      // county 7 and 12 in the logs, 12 and 12 in the copies; census 24 and 23. Counts this small are noisy on
      // both sides: over copy seeds 1-8 the county log of seed 1 (7) gives 7-19, mean 12.9 (12.5 before CP
      // plan ends took more knots, audit a10b F4), so the copies' mean may exceed the log by the noise of the
      // log's count and of that mean (2.58 standard deviations of their difference, Poisson), and by half.
      expect(copyCount).toBeGreaterThanOrEqual(realCount / 2);
      expect(copyCount).toBeLessThanOrEqual(Math.max(realCount * 1.5, realCount + 2.58 * Math.sqrt(realCount * (1 + 1 / COPIES))));
    }, 240_000);
  }

  it('a log leaving fewer than minCell children in care or on a plan past 18 gets no flag, and its copy ends every such care on the birthday', () => {
    // county, 8,000 children, log seed 2: fewer than 10 such children (the small-cell rule: a fact about
    // fewer than 10 is not written). (At 20,000 children, seed 2 left 9 in care, but 12 in care or on a plan.)
    const real = countyLog({ children: 8_000, from: FROM, to: TO, seed: 2 });
    expect(inCarePastEighteen(real.table, real.children.dob, lastDay(real))).toBeGreaterThan(0);
    const model = fitModel(real.table, real.children);
    expect(model.openPastEighteen).toBeUndefined();
    const copy = generateDataset(model, { children: real.table.childIds.length, ...fittedPeriod(model), seed: 1 });
    expect(inCarePastEighteen(copy.table, copy.children.dob, lastDay(real))).toBe(0);
  }, 120_000);
});

describe('a model written before the flag covered plans', () => {
  it('reads careOpenPastEighteen as openPastEighteen (the field was renamed; a shared model kept the old name)', () => {
    const fields = JSON.parse(readFileSync(new URL('../../synth/default-model.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    delete fields.openPastEighteen;
    expect(compileModel(parseModel(fields)).openPastEighteen).toBe(false);
    expect(compileModel(parseModel({ ...fields, careOpenPastEighteen: true })).openPastEighteen).toBe(true);
    expect(compileModel(parseModel({ ...fields, openPastEighteen: true })).openPastEighteen).toBe(true);
  });
});
