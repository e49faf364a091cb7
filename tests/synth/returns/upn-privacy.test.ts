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

  it('carry the year of allocation while a year has room, and a later year (never an earlier one) after', () => {
    const next = upnAllocator('201');
    const yy = (upn: string): number => Number(upn.slice(8, 10));
    const got = Array.from({ length: 25_000 }, () => yy(next(2012)));
    expect(got.slice(0, 10_000).every((y) => y === 12)).toBe(true);
    expect(got.slice(10_000, 20_000).every((y) => y === 13)).toBe(true);
    expect(got.slice(20_000).every((y) => y === 14)).toBe(true);
    // 2013 is full (it took 2012's overflow): a child allocated in 2013 gets 2014's or later
    expect(yy(next(2013))).toBe(14);
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
