// Arrivals around Christmas and on bank holidays (audit a10l: a log with 21 December to 2 January at 0.45 of its
// month; its copies held 24-29% more referrals in those days). The arrivals' fit keeps each day of the Christmas
// fortnight and the other bank holidays an effect of their own where a pretest says the days differ from their month
// and weekday (synth/arrivals.ts). Power: a log with the dip gets a copy with it. Placebo: a log without one fits none.
// Its own generator: a 32-bit xorshift; each child's first day drawn by rejection from a daily rate (a weekday
// pattern, a dip in August, and the holidays when asked for); a short journey after it.
import { describe, expect, it } from 'vitest';
import { BANK_HOLIDAYS_ENGLAND_WALES } from '../../core/bank-holidays.js';
import { civilFromDay, dayFromCivil, parseDay, weekday } from '../../core/dates.js';
import type { EventRecord, EventTable } from '../../core/event-table.js';
import { fitModel } from '../../synth/fit.js';
import { fittedPeriod } from '../../synth/generate.js';
import { generateDataset } from '../../synth/output.js';
import { testLog, type TestChild, type TestLog } from './generators/log.js';

const FROM = dayFromCivil(2018, 4, 1);
const TO = dayFromCivil(2024, 3, 31);
const HOLIDAYS = new Set(BANK_HOLIDAYS_ENGLAND_WALES.map((d) => parseDay(d)!));

function inBreak(day: number): boolean {
  const { month, day: date } = civilFromDay(day);
  return (month === 12 && date >= 21) || (month === 1 && date <= 2);
}

function holidayLog(children: number, seed: number, dip: boolean): TestLog {
  let x = (seed * 2654435761) >>> 0 || 7;
  const u = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  const rate = (day: number): number => {
    let r = weekday(day) >= 5 ? 0.4 : 1;
    if (civilFromDay(day).month === 8) r *= 0.7;
    if (dip && inBreak(day)) r *= 0.45;
    else if (dip && HOLIDAYS.has(day)) r *= 0.3;
    return r;
  };
  const records: EventRecord[] = [];
  const people: TestChild[] = [];
  for (let n = 0; n < children; n++) {
    let day: number;
    do day = FROM + Math.floor(u() * (TO - FROM + 1));
    while (u() > rate(day));
    const id = `XM${n}`;
    const ep = `${id}/1`;
    const add = (type: EventRecord['type'], d: number, outcome: string | null = null): void =>
      void (d <= TO && records.push({ child: id, type, day: d, outcome, episodeId: type === 'contact' ? null : ep, source: type === 'contact' || type === 'referral' ? '3A' : null }));
    const refer = u() < 0.55;
    add('contact', day, refer ? 'referral' : 'nfa');
    if (refer) {
      add('referral', day);
      const start = day + Math.floor(u() * 5);
      add('assessment_start', start);
      const end = start + 10 + Math.floor(u() * 40);
      add('assessment_end', end, 'nfa');
      add('case_closed', end + 2, 'RC8');
    }
    people.push({ id, dob: day - Math.floor((1 + 16 * u()) * 365.25), sex: u() < 0.5 ? 'F' : 'M', ethnicity: 'WBRI', disability: 'N' });
  }
  return testLog(records, people);
}

/** First events of children in the Christmas break (21 December to 2 January) against the 28 days before it. */
function breakRatio(table: EventTable): number {
  let inside = 0;
  let before = 0;
  for (let c = 0; c < table.childIds.length; c++) {
    const day = table.day[table.childStart[c]!]!;
    if (inBreak(day)) inside++;
    else {
      for (let k = 1; k <= 28; k++) if (inBreak(day + k) && !inBreak(day + k - 1)) before++;
    }
  }
  // per day: the break holds 13 days, the window before it 28
  return inside / 13 / (before / 28);
}

function bankHolidayShare(table: EventTable): number {
  let on = 0;
  for (let c = 0; c < table.childIds.length; c++) {
    const day = table.day[table.childStart[c]!]!;
    if (HOLIDAYS.has(day) && !inBreak(day)) on++;
  }
  return on / table.childIds.length;
}

describe('arrivals around Christmas and on bank holidays', () => {
  it('a log with a Christmas dip and quiet bank holidays: the copy has both, within a tenth', () => {
    const log = holidayLog(30_000, 5, true);
    const model = fitModel(log.table, log.children);
    expect(model.arrivals.christmas).toHaveLength(19);
    const copy = generateDataset(model, { children: log.table.childIds.length, ...fittedPeriod(model), seed: 3 });
    const [real, synthetic] = [breakRatio(log.table), breakRatio(copy.table)];
    // (before: the log 0.40, the copy 0.96: months and weekdays alone; bank holidays 0.63% and 1.75% of arrivals)
    expect(real).toBeLessThan(0.55);
    expect(`Christmas break against the 4 weeks before: log ${real.toFixed(3)}, copy ${synthetic.toFixed(3)}: ${Math.abs(synthetic - real) < 0.1}`).toMatch(/: true$/);
    const [realHolidays, copyHolidays] = [bankHolidayShare(log.table), bankHolidayShare(copy.table)];
    expect(`bank holidays' share of arrivals: log ${realHolidays.toFixed(4)}, copy ${copyHolidays.toFixed(4)}: ${Math.abs(copyHolidays - realHolidays) < 0.25 * realHolidays}`).toMatch(/: true$/);
  }, 120_000);

  it('a log without them fits no holiday effects (placebo), so its copy is what it was', () => {
    for (const seed of [6, 7]) {
      const log = holidayLog(30_000, seed, false);
      const model = fitModel(log.table, log.children);
      expect(model.arrivals.christmas, `seed ${seed}`).toBeUndefined();
      expect(model.arrivals.bankHolidays, `seed ${seed}`).toBeUndefined();
    }
  }, 120_000);
});
