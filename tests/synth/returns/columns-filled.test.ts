// Every SSDA903 column a real file fills is filled in ours (issue 14, review finding 3): over the 2023 to
// 2025 returns of a population of 20,000 children (about 3,000 children in each year), no column is blank
// in every row or holds one value in every row, but for the few whose rows are too rare at this size to
// show a second value, each listed with why. Reads only the written CSVs.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '../../../synth/defaults.js';
import { generateChildren } from '../../../synth/generate.js';
import { populationOptions } from '../../../synth/returns/population.js';
import { buildCases, writeReturns } from '../../../synth/returns/write.js';
import { parseYears } from '../../../synth/returns/years.js';
import { csvRows } from './validator/ssda903.js';

const dir = mkdtempSync(join(tmpdir(), 'columns-filled-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Columns allowed one value (or none) over these years, and why. */
const ONE_VALUE_ALLOWED: Record<string, string> = {
  // rows: children with a substance misuse problem who received no intervention (3 or so a year)
  'oc2.INTERVENTION_OFFERED': 'asked only of a child with a substance misuse problem who received no intervention (159): one or two rows a year at this size',
  // MC_DOB: a mother whose next return shows her as a care leaver no longer looked after cannot be recorded (ssda903.ts recordedMother)
  'header.MC_DOB': "only the mothers no year's rules contradict (612, 624 and 628, ssda903.ts recordedMother): a row or two in three years at this size",
};

const values = new Map<string, Set<string>>();
const o = populationOptions(20_000, 5);
const { cases } = buildCases((emit) => generateChildren(DEFAULT_MODEL, o, emit), { seed: 5, from: o.from });
writeReturns(cases, 'ssda903', parseYears('2023-2025'), join(dir, '903'));
for (const file of readdirSync(join(dir, '903'))) {
  const table = file.slice(5, -4);
  const text = readFileSync(join(dir, '903', file), 'utf8');
  for (const c of text.slice(0, text.indexOf('\n')).split(',')) if (!values.has(`${table}.${c}`)) values.set(`${table}.${c}`, new Set());
  for (const row of csvRows(text)) for (const [c, v] of Object.entries(row)) if (v !== '') values.get(`${table}.${c}`)!.add(v);
}

describe('SSDA903 columns are filled with more than one value', () => {
  it('no column blank or constant in every row, but those listed', () => {
    const poor = [...values].filter(([, s]) => s.size < 2).map(([k]) => k).filter((k) => !(k in ONE_VALUE_ALLOWED));
    expect(poor).toEqual([]);
    expect(values.size).toBeGreaterThan(60);
  });

  it('the columns the review found blank or constant now carry their code lists', () => {
    const has = (k: string, ...codes: string[]) => expect([...values.get(k)!].filter((v) => codes.includes(v)).sort(), k).toEqual([...codes].sort());
    has('episodes.PLACE_PROVIDER', 'PR1', 'PR2', 'PR4', 'PR5');
    has('missing.MISSING', 'M', 'A');
    expect([...values.get('episodes.URN')!].some((u) => /^SCZ\d{4}$/.test(u))).toBe(true);
    expect([...values.get('prev_perm.PREV_PERM')!].some((p) => p !== 'Z1')).toBe(true);
    expect(values.get('prev_perm.LA_PERM')!.size).toBeGreaterThan(0);
    expect(values.get('prev_perm.DATE_PERM')!.size).toBeGreaterThan(0);
    expect([...values.get('oc2.SDQ_REASON')!].every((r) => /^SDQ[1-5]$/.test(r))).toBe(true);
    expect([...values.get('placed_adoption.REASON_PLACED_CEASED')!].every((r) => /^RD[1-4]$/.test(r))).toBe(true);
    expect(values.get('placed_adoption.DATE_PLACED_CEASED')!.size).toBeGreaterThan(1);
  });
});
