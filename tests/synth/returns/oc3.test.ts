// SSDA903 OC3 holds exactly the year's care leavers: re-derived here from the written files alone (every
// year's episodes and headers from the 2014 return on), by the DfE's definition: looked after for 13 weeks
// (91 days) after the 14th birthday and some time after the 16th, the 17th to 21st birthday in the
// year, not adopted, died or transferred at the end of care; at 17 and 18 not looked after on that
// birthday, and from the 2024 return not one whose care ended on or after the 17th birthday (1016).
// The answers use the year's codes, and spread as the published shares do, loosely.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../../../core/dates.js';
import { dmyDay, plainCsvRows, type Row } from './plain-903.js';
import { DEFAULT_MODEL } from '../../../synth/defaults.js';
import { generateChildren } from '../../../synth/generate.js';
import { buildCases, writeReturns } from '../../../synth/returns/write.js';
import { parseYears } from '../../../synth/returns/years.js';

const YEARS = parseYears('2014-2024');
const CHECKED = [2020, 2022, 2023, 2024];
const dir = mkdtempSync(join(tmpdir(), 'oc3-'));

beforeAll(() => {
  const from = YEARS[0]!.start;
  const options = { children: 12000, from, to: YEARS[YEARS.length - 1]!.end, seed: 23, historyFrom: addMonths(from, -120) };
  const { cases } = buildCases((emit) => generateChildren(DEFAULT_MODEL, options, emit), { seed: options.seed, from });
  writeReturns(cases, 'ssda903', YEARS, join(dir, '903'));
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function csv(year: number, table: string): Row[] {
  return plainCsvRows(join(dir, '903', `${year}-${table}.csv`));
}
const d = dmyDay;
/** the date `years` after `dob` (29 February to 1 March when the year has none, as the calendar rolls) */
function birthday(dob: number, years: number): number {
  const t = new Date(dob * 86_400_000);
  return Math.round(Date.UTC(t.getUTCFullYear() + years, t.getUTCMonth(), t.getUTCDate()) / 86_400_000);
}
const ageOn = (dob: number, day: number): number => {
  let a = new Date(day * 86_400_000).getUTCFullYear() - new Date(dob * 86_400_000).getUTCFullYear();
  if (birthday(dob, a) > day) a--;
  return a;
};

/** Every period of care the files show, per child: episodes of all years joined (a closed copy wins). */
function history(upTo: number): { dob: Map<string, number>; periods: Map<string, { start: number; end: number | null; rec: string }[]> } {
  const dob = new Map<string, number>();
  const episodes = new Map<string, Map<number, { start: number; end: number | null; rec: string; rne: string }>>();
  for (const yr of YEARS.filter((y) => y.year <= upTo)) {
    for (const h of csv(yr.year, 'header')) dob.set(h['CHILD']!, d(h['DOB']!));
    for (const e of csv(yr.year, 'episodes')) {
      const mine = episodes.get(e['CHILD']!) ?? new Map();
      episodes.set(e['CHILD']!, mine);
      const start = d(e['DECOM']!);
      const held = mine.get(start);
      if (!held || held.end === null) mine.set(start, { start, end: e['DEC'] ? d(e['DEC']) : null, rec: e['REC'] ?? '', rne: e['RNE']! });
    }
  }
  const periods = new Map<string, { start: number; end: number | null; rec: string }[]>();
  for (const [child, eps] of episodes) {
    const list: { start: number; end: number | null; rec: string }[] = [];
    for (const e of [...eps.values()].sort((a, b) => a.start - b.start)) {
      const open = list[list.length - 1];
      if (open && open.end === e.start && open.rec === 'X1') Object.assign(open, { end: e.end, rec: e.rec });
      else list.push({ start: e.start, end: e.end, rec: e.rec });
    }
    periods.set(child, list);
  }
  return { dob, periods };
}

function expectedLeavers(year: number): Set<string> {
  const yr = YEARS.find((y) => y.year === year)!;
  const { dob, periods } = history(year);
  const out = new Set<string>();
  for (const [child, list] of periods) {
    const born = dob.get(child)!;
    const age = ageOn(born, yr.end);
    if (age < 17 || age > 21) continue;
    const last = list[list.length - 1]!;
    if (last.end !== null && ['E2', 'E11', 'E12', 'E3'].includes(last.rec)) continue;
    const days = (from: number) => list.reduce((n, p) => n + Math.max(0, Math.min(p.end ?? yr.end, yr.end) - Math.max(p.start, from)), 0);
    if (days(birthday(born, 14)) < 91 || days(birthday(born, 16)) < 1) continue;
    if (age <= 18) {
      const b = birthday(born, age);
      if (list.some((p) => p.start <= b && (p.end === null || p.end > b))) continue;
      if (year >= 2024 && list.some((p) => p.end !== null && p.end >= birthday(born, 17))) continue;
    }
    out.add(child);
  }
  return out;
}

describe('SSDA903 OC3', () => {
  it('holds exactly the young people the DfE definition makes care leavers that year, read from the files alone', () => {
    for (const year of CHECKED) {
      const written = csv(year, 'oc3').map((o) => o['CHILD']!);
      expect(new Set(written).size, `${year}: one row each`).toBe(written.length);
      const expected = expectedLeavers(year);
      expect(expected.size, `${year}: some care leavers`).toBeGreaterThan(15);
      expect([...expected].filter((c) => !written.includes(c)), `${year}: missing from OC3`).toEqual([]);
      expect(written.filter((c) => !expected.has(c)), `${year}: in OC3 but not care leavers`).toEqual([]);
      // every one of them has a header row with the same date of birth
      const headers = new Map(csv(year, 'header').map((h) => [h['CHILD'], h['DOB']]));
      expect(csv(year, 'oc3').filter((o) => headers.get(o['CHILD']) !== o['DOB']).map((o) => o['CHILD'])).toEqual([]);
    }
  });

  it('holds care leavers of every age from 17 to 21, most of them 19 or over', () => {
    const ages = new Map<number, number>();
    for (const year of CHECKED) {
      const end = YEARS.find((y) => y.year === year)!.end;
      for (const o of csv(year, 'oc3')) ages.set(ageOn(d(o['DOB']!), end), (ages.get(ageOn(d(o['DOB']!), end)) ?? 0) + 1);
    }
    for (const a of [18, 19, 20, 21]) expect(ages.get(a) ?? 0, `aged ${a}`).toBeGreaterThan(0);
    const total = [...ages.values()].reduce((a, b) => a + b, 0);
    expect(((ages.get(19) ?? 0) + (ages.get(20) ?? 0) + (ages.get(21) ?? 0)) / total).toBeGreaterThan(0.5);
  });

  it('answers with the year\'s codes, coherently, spread as the published shares are', () => {
    const IN_TOUCH = ['YES', 'NO', 'DIED', 'REFU', 'NREQ', 'RHOM'];
    const ACTIV = ['F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5', 'G4', 'G5', 'G6', '0'];
    const ACCOM = ['B1', 'B2', 'C1', 'C2', 'D1', 'D2', 'E1', 'E2', 'G1', 'G2', 'H1', 'H2', 'K1', 'K2', 'R1', 'R2', 'S2', 'T1', 'T2', 'U1', 'U2', 'V1', 'V2', 'W1', 'W2', 'X2', 'Y1', 'Y2', 'Z1', 'Z2', '0'];
    const rows: Row[] = CHECKED.flatMap((year) => csv(year, 'oc3'));
    for (const o of rows) {
      expect(IN_TOUCH).toContain(o['IN_TOUCH']);
      expect(ACTIV).toContain(o['ACTIV']);
      expect(ACCOM).toContain(o['ACCOM']);
      // in touch: activity and accommodation known; otherwise not (SSDA903 344, 345)
      expect(o['IN_TOUCH'] === 'YES', JSON.stringify(o)).toBe(o['ACTIV'] !== '0' && o['ACCOM'] !== '0');
    }
    const share = (f: (o: Row) => boolean, among = rows) => among.filter(f).length / among.length;
    const inTouch = rows.filter((o) => o['IN_TOUCH'] === 'YES');
    expect(share((o) => o['IN_TOUCH'] === 'YES')).toBeGreaterThan(0.8);
    expect(share((o) => o['IN_TOUCH'] === 'YES')).toBeLessThan(0.98);
    // about half in education, employment or training; a third or more not (G4-G6)
    const neet = share((o) => o['ACTIV']!.startsWith('G'), inTouch);
    expect(neet).toBeGreaterThan(0.2);
    expect(neet).toBeLessThan(0.6);
    // several kinds of accommodation, most of it suitable
    expect(new Set(inTouch.map((o) => o['ACCOM']![0])).size).toBeGreaterThanOrEqual(6);
    expect(share((o) => o['ACCOM']!.endsWith('1'), inTouch)).toBeGreaterThan(0.75);
  });
});
