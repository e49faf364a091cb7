// UPNs are unique by construction at any size a run can have (DfE rule 1520, "no duplicate UPN"), and
// `synth generate` refuses to write returns whose own privacy check fails, unless forced.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addMonths } from '../../../core/dates.js';
import { DEFAULT_MODEL } from '../../../synth/defaults.js';
import { generateChildren } from '../../../synth/generate.js';
import { writeCheckedReturns } from '../../../synth/returns/cli-generate.js';
import { isValidUpn, upnAllocator } from '../../../synth/returns/identifiers.js';
import { buildCases } from '../../../synth/returns/write.js';
import { collectionYear } from '../../../synth/returns/years.js';

const dir = mkdtempSync(join(tmpdir(), 'upn-privacy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('UPNs at 200,000 children', () => {
  it('are all distinct, valid, of establishments 0000–0009, even when one year of allocation has 200,000 children', () => {
    for (const years of [[2012], Array.from({ length: 20 }, (_, i) => 2000 + i)]) {
      const next = upnAllocator('201');
      const seen = new Set<string>();
      for (let i = 0; i < 200_000; i++) {
        const year = years[i % years.length]!;
        const upn = next(year);
        if (!isValidUpn(upn) || !/^000\d$/.test(upn.slice(4, 8)) || upn.slice(1, 4) !== '201') throw new Error(`bad UPN ${upn}`);
        seen.add(upn);
      }
      expect(seen.size).toBe(200_000);
    }
  });

  it('carry the year of allocation while a year has room, then the nearest year with room, the earlier first', () => {
    const next = upnAllocator('201');
    const yy = (upn: string): number => Number(upn.slice(8, 10));
    const got = Array.from({ length: 25_000 }, () => yy(next(2012)));
    expect(got.slice(0, 10_000).every((y) => y === 12)).toBe(true);
    expect(got.slice(10_000, 20_000).every((y) => y === 11)).toBe(true);
    expect(got.slice(20_000).every((y) => y === 13)).toBe(true);
  });

  it('keep the first school year for most children at 200,000 children in cohorts like a run\'s, and stay distinct', () => {
    // a run of 200,000 children has cohorts of up to about 14,000 a year (3,000 children: at most 213 a
    // year of first school, 2011 to 2019, fewer before and after)
    const cohorts: [number, number][] = [[2009, 500], [2010, 5_500], [2011, 13_700], [2012, 12_700], [2013, 14_200], [2014, 13_200], [2015, 11_400], [2016, 11_800], [2017, 13_700], [2018, 11_700], [2019, 11_700], [2020, 10_500], [2021, 9_300], [2022, 9_500], [2023, 9_700], [2024, 9_100], [2025, 8_500], [2026, 8_300], [2027, 8_300], [2028, 5_100], [2029, 1_600]];
    const order = cohorts.flatMap(([year, n]) => Array.from({ length: n }, (_, i) => ({ year, key: (i * 7919 + year * 104_729) % 1_000_003 })));
    order.sort((a, b) => a.key - b.key); // children of all cohorts interleaved, as a run generates them
    const next = upnAllocator('201');
    const seen = new Set<string>();
    const off = new Map<number, number>();
    for (const { year } of order) {
      const upn = next(year);
      seen.add(upn);
      const d = 2000 + Number(upn.slice(8, 10)) - year;
      off.set(d, (off.get(d) ?? 0) + 1);
    }
    const exact = off.get(0)! / order.length;
    expect(order.length).toBe(200_000);
    expect(seen.size).toBe(order.length);
    console.log(`UPN year minus first school year: ${JSON.stringify([...off].sort((a, b) => a[0] - b[0]))}`);
    // cohorts over 10,000 cannot all keep their year with establishment numbers 0000–0009 (10,000 UPNs a year)
    expect(exact).toBeGreaterThan(0.75);
  });
});

describe('synth generate refuses returns that fail its own privacy check', () => {
  const Y = collectionYear(2024);
  const { cases } = buildCases((emit) => generateChildren(DEFAULT_MODEL, { children: 60, from: Y.start, to: Y.end, seed: 4, historyFrom: addMonths(Y.start, -120) }, emit), { seed: 4, from: Y.start });
  // two children given one UPN: the duplicate-UPN check fails
  const tampered = cases.map((c, i) => (i === 1 ? { ...c, extra: { ...c.extra, upn: cases[0]!.extra.upn } } : c));

  it('writes nothing and names the failed check', () => {
    for (const [format, out] of [['ssda903', join(dir, '903')], ['cin', join(dir, 'cin.xml')], ['annex-a', join(dir, 'a.xlsx')]] as const) {
      expect(() => writeCheckedReturns(tampered, format, [Y], out, '201', false)).toThrow(/privacy check failed.*duplicate UPNs 1.*--force/);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('writes with --force, and says the check failed', () => {
    const out = join(dir, 'forced');
    const summary = writeCheckedReturns(tampered, 'ssda903', [Y], out, '201', true);
    expect(existsSync(join(out, '2024-header.csv'))).toBe(true);
    expect(summary).toMatch(/privacy: FAIL .*duplicate UPNs 1/);
  });

  it('writes returns that pass', () => {
    const out = join(dir, 'ok.xml');
    expect(writeCheckedReturns(cases, 'cin', [Y], out, '201', false)).toMatch(/privacy: pass/);
    expect(existsSync(out)).toBe(true);
  });
});
