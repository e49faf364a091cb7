// England's figures in core/analysis/england.ts must be the ones in calibration-england.md (a copy in
// tests/fixtures/shared, with its origin): each figure is looked up in the file's own tables.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENGLAND } from '../../../core/analysis/england.js';

const text = readFileSync(new URL('../../fixtures/shared/calibration-england.md', import.meta.url), 'utf8');
const row = (start: string) => {
  const line = text.split('\n').find((l) => l.startsWith(start));
  if (!line) throw new Error(`no row starting ${start}`);
  return line.split('|').map((c) => c.trim());
};
const percent = (cell: string) => Number(/([\d.]+)\s*\)?%?$/.exec(cell.replace(/[()]/g, ' ').trim())![1]) / 100;

describe('England figures', () => {
  it('match the 2025 row of the referrals table (re-referrals, NFA at referral)', () => {
    const r = row('| 2025 | 632,830');
    expect(ENGLAND.rereferral_12m!.value).toBeCloseTo(percent(r[4]!), 6);
    expect(ENGLAND.referral_nfa!.value).toBeCloseTo(percent(r[5]!), 6);
  });
  it('match the 2025 row of the S47 and ICPC table (ICPC ÷ S47, within 15 WD, median, CPP ÷ ICPC)', () => {
    const r = row('| 2025 | 230,590');
    expect(ENGLAND.s47_to_icpc!.value).toBeCloseTo(percent(r[6]!), 6);
    expect(ENGLAND.icpc_within_15_wd!.value).toBeCloseTo(percent(r[7]!), 6);
    expect(ENGLAND.s47_to_icpc_wd_median!.value).toBe(Number(r[8]));
    expect(ENGLAND.icpc_to_cp_plan!.value).toBeCloseTo(percent(r[9]!), 6);
  });
  it('match the CP plan and assessment figures', () => {
    expect(ENGLAND.cp_plan_second_or_subsequent!.value).toBeCloseTo(percent(row('| 2025 | 61,840')[3]!), 6);
    expect(text).toContain('**85.7% were completed within 45 working days**');
    expect(ENGLAND.assessment_within_45_wd!.value).toBe(0.857);
    expect(row('| 2025 | 648,830')[3]).toMatch(/^33 /);
    expect(ENGLAND.assessment_wd_median!.value).toBe(33);
    expect(text).toMatch(/~21% \(2023\/24\)/);
    expect(ENGLAND.contact_to_referral!.value).toBe(0.21);
  });
  it('say their year and how they were obtained', () => {
    for (const figure of Object.values(ENGLAND)) {
      expect(figure.year).toMatch(/^20\d\d-\d\d$/);
      expect(['R', 'C', 'I']).toContain(figure.tag);
      if (figure.tag === 'I') expect(figure.caveat).toBeTruthy();
    }
  });
});
