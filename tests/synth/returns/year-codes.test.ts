// Every code an SSDA903 file carries is one of that collection year's codes: a return for 2016 is read
// against 2016's lists, not today's. The lists are the DfE's as published in SocialFinanceDigitalLabs/
// liia-tools (liiatools/ssda903_pipeline/spec/SSDA903_schema_2016.yml, its 2019 diff that replaced the
// special guardianship codes E43/E44 by E45–E48 and added CUSTOD to REASON_PLACE_CHANGE) and the
// csc-validator-be-903 rules 101, 144, 146 and 232 for the years after (K3 from the 2025 return).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../../../core/dates.js';
import { DEFAULT_MODEL } from '../../../synth/defaults.js';
import { generateChildren } from '../../../synth/generate.js';
import { buildCases, writeReturns } from '../../../synth/returns/write.js';
import { collectionYear } from '../../../synth/returns/years.js';

const REC_COMMON = ['X1', 'E11', 'E12', 'E2', 'E3', 'E4A', 'E4B', 'E13', 'E41', 'E5', 'E6', 'E7', 'E9', 'E14', 'E15', 'E16', 'E17', 'E8'];
const LS = ['C1', 'C2', 'D1', 'E1', 'V2', 'V3', 'V4', 'L1', 'L2', 'L3', 'J1', 'J2', 'J3'];
const PLACE_TO_2024 = ['A3', 'A4', 'A5', 'A6', 'H5', 'K1', 'K2', 'P1', 'P2', 'P3', 'R1', 'R2', 'R3', 'R5', 'S1', 'T0', 'T1', 'T2', 'T3', 'T4', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'Z1'];
const CHANGE_TO_2018 = ['CARPL', 'CLOSE', 'ALLEG', 'STAND', 'APPRR', 'CREQB', 'CREQO', 'CHILD', 'LAREQ', 'PLACE', 'OTHER'];

const LISTS: Record<number, Record<string, string[]>> = {
  2016: { SEX: ['1', '2'], REC: [...REC_COMMON, 'E43', 'E44', ''], LS, PLACE: PLACE_TO_2024, REASON_PLACE_CHANGE: [...CHANGE_TO_2018, ''] },
  2020: { SEX: ['1', '2'], REC: [...REC_COMMON, 'E45', 'E46', 'E47', 'E48', ''], LS, PLACE: PLACE_TO_2024, REASON_PLACE_CHANGE: [...CHANGE_TO_2018, 'CUSTOD', ''] },
  // 2025: SEX M/F (U is valid by rule 101 but queried by 232: unknown sex is written as M or F)
  2025: { SEX: ['M', 'F'], REC: [...REC_COMMON, 'E45', 'E46', 'E47', 'E48', ''], LS, PLACE: [...PLACE_TO_2024, 'K3'], REASON_PLACE_CHANGE: [...CHANGE_TO_2018, 'CUSTOD', ''] },
};
const YEARS = [2016, 2020, 2025];
const dir = mkdtempSync(join(tmpdir(), 'year-codes-'));

beforeAll(() => {
  // each year generated on its own window, so a few thousand children give enough care ends in it
  for (const year of YEARS) {
    const yr = collectionYear(year);
    const options = { children: year === 2016 ? 3000 : 1500, from: yr.start, to: yr.end, seed: 9, historyFrom: addMonths(yr.start, -120) };
    const { cases } = buildCases((emit) => generateChildren(DEFAULT_MODEL, options, emit), { seed: 9, from: yr.start });
    // some children of unknown sex, so the SEX check has them to see
    expect(cases.some((c) => c.record.child.sex === 'U')).toBe(true);
    writeReturns(cases, 'ssda903', [yr], dir);
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function column(year: number, table: string, name: string): string[] {
  const [head, ...lines] = readFileSync(join(dir, `${year}-${table}.csv`), 'utf8').trimEnd().split('\n');
  const i = head!.split(',').indexOf(name);
  expect(i, `${table}.${name}`).toBeGreaterThanOrEqual(0);
  return lines.map((l) => l.split(',')[i]!);
}

describe('SSDA903 codes are those of the collection year', () => {
  for (const year of YEARS) {
    it(`${year}: SEX, REC, LS, PLACE and REASON_PLACE_CHANGE`, () => {
      const seen: Record<string, string[]> = {
        SEX: [...column(year, 'header', 'SEX'), ...column(year, 'uasc', 'SEX')],
        REC: column(year, 'episodes', 'REC'),
        LS: column(year, 'episodes', 'LS'),
        PLACE: column(year, 'episodes', 'PLACE'),
        REASON_PLACE_CHANGE: column(year, 'episodes', 'REASON_PLACE_CHANGE'),
      };
      for (const [field, values] of Object.entries(seen)) {
        expect(values.length, field).toBeGreaterThan(10);
        const wrong = [...new Set(values.filter((v) => !LISTS[year]![field]!.includes(v)))];
        expect(wrong, `${year} ${field}`).toEqual([]);
      }
      // special guardianship orders are among the care ends written, under the year's codes
      if (year === 2016) expect(seen.REC!.filter((r) => /^E4[3-8]$/.test(r)).length).toBeGreaterThan(0);
    });
  }
});
