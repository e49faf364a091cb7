// Every column a real file fills is filled in ours (issue 14, review v14 finding 3), judged one
// collection year at a time, as a user opens one year's files: the 2023, 2024 and 2025 returns of a
// population of 20,000 children (about 3,000 children with something in each year; `--year` writes the
// same files), SSDA903 tables and Annex A lists. In each year no column is blank in every row or holds one
// value in every row, but for the exceptions below, each with why and a guard that fails when the reason
// stops holding (a column allowed to be one value because its rows are rare is allowed only while they
// are). Tables and lists too short in one year to judge a column by (fewer than FEW_ROWS rows) are judged
// over the three years together. And the social workers of the same files change about as often as
// England's (review v14 finding 1, SW11bSTG2). Reads only the written files.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Workbook } from '../../../server/import/common/xlsx.js';
import { DEFAULT_MODEL } from '../../../synth/defaults.js';
import { generateChildren } from '../../../synth/generate.js';
import { populationOptions } from '../../../synth/returns/population.js';
import { buildCases, writeReturns } from '../../../synth/returns/write.js';
import { parseYears } from '../../../synth/returns/years.js';
import { csvRows } from './validator/ssda903.js';

const dir = mkdtempSync(join(tmpdir(), 'columns-filled-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const YEARS = [2023, 2024, 2025];
/** A table or list with fewer rows than this in a year is judged over the three years together. */
const FEW_ROWS = 15;

/** A written table: its columns in order and its rows, cells as text. */
interface Table { head: string[]; rows: string[][] }
/** tables[year]['903 prev_perm' | 'Annex A List 8'] */
const tables = new Map<number, Map<string, Table>>();

const o = populationOptions(20_000, 5);
const { cases } = buildCases((emit) => generateChildren(DEFAULT_MODEL, o, emit), { seed: 5, from: o.from, to: o.to });
writeReturns(cases, 'ssda903', parseYears('2023-2025'), join(dir, '903'));
writeReturns(cases, 'annex-a', parseYears('2023-2025'), join(dir, 'annex-a.xlsx'));
for (const year of YEARS) {
  const byName = new Map<string, Table>();
  for (const file of readdirSync(join(dir, '903')).filter((f) => f.startsWith(`${year}-`))) {
    const text = readFileSync(join(dir, '903', file), 'utf8');
    const head = text.slice(0, text.indexOf('\n')).split(',');
    byName.set(`903 ${file.slice(5, -4)}`, { head, rows: csvRows(text).map((r) => head.map((c) => r[c] ?? '')) });
  }
  const book = Workbook.fromBytes(readFileSync(join(dir, `annex-a-${year}.xlsx`)));
  for (const sheet of book.sheets) {
    const rows: string[][] = [];
    book.readSheet(sheet, (row) => rows.push(Array.from(row.cells, (c) => String(c?.value ?? ''))));
    const head = rows[0]!;
    byName.set(`Annex A ${sheet.name}`, { head, rows: rows.slice(1).map((r) => head.map((_, i) => r[i] ?? '')) });
  }
  tables.set(year, byName);
}

/** the rows of a table in a year that satisfy `where` (column → value) */
const count = (year: number, table: string, where: (row: Record<string, string>) => boolean): number => {
  const t = tables.get(year)!.get(table)!;
  return t.rows.filter((r) => where(Object.fromEntries(t.head.map((c, i) => [c, r[i]!])))).length;
};

/**
 * Columns allowed one value (or none) in a year, and why; `holds(year)` is the reason, checked. None of
 * these is a column the generator leaves empty: each is filled for the rows its rule applies to, and
 * those rows are rare at 3,000 children a year.
 */
const ONE_VALUE_ALLOWED: Record<string, { why: string; holds: (year: number) => boolean }> = {
  '903 header.MC_DOB': {
    why: "only for a mother the rules let be recorded (612, 624, 628; ssda903.ts recordedMother): MOTHER 1 in a row or none a year at this size",
    holds: (y) => count(y, '903 header', (r) => r.MOTHER === '1') <= 1,
  },
  '903 oc2.INTERVENTION_OFFERED': {
    why: 'asked only of a child with a substance misuse problem who received no intervention (159): a row or none a year at this size',
    holds: (y) => count(y, '903 oc2', (r) => r.SUBSTANCE_MISUSE === '1' && r.INTERVENTION_RECEIVED === '0') <= 1,
  },
  // PREV_PERM P1-P3 (with LA_PERM and DATE_PERM): a child back in care after an order of ours, or about 1 in
  // 25 of the starters over 2 with an order made before they came (enrich.ts previousPermanence); with
  // about 45 starters a year, none in a year happens about one year in four
  ...Object.fromEntries(['PREV_PERM', 'LA_PERM', 'DATE_PERM'].map((c) => [`903 prev_perm.${c}`, {
    why: 'previous permanence for about 1 starter in 25 over 2: with about 45 starters a year, some years have none',
    holds: (y: number) => tables.get(y)!.get('903 prev_perm')!.rows.length <= 60,
  }])),
  // UASC are mostly boys (enrich.ts uascChance: 95% of boys aged 14-17 in care, 30% of girls; about 4 in 5
  // UASC boys): all boys in a year of 15-25 happens 1 year in 30 to 1 in 250. With the refit of issue 14
  // (fewer children come into care at 16-17), 2024 of seed 5 has them all boys.
  // Care leavers in touch (care-leavers.ts, the DfE's shares): 94% at 18, 91% at 19-21, 76% at 17, so a
  // year of 30 all in touch happens about 1 year in 12 (0.92^30), of 40 about 1 in 28. Seed 5's 2023 has 30
  // (since the default model's rebuild of issue 10), all in touch; Annex A List 9 says the same of them.
  ...Object.fromEntries([['903 oc3', 'IN_TOUCH', 'YES'], ['Annex A List 9', 'LA in Touch', 'a) Yes']].map(([table, column, yes]) => [`${table}.${column}`, {
    why: 'in touch for about 9 care leavers in 10: a year of 40 or fewer may all be',
    holds: (y: number) => { const t = tables.get(y)!.get(table!)!; return t.rows.length <= 40 && t.rows.every((r) => r[t.head.indexOf(column!)] === yes); },
  }])),
  // Relevant (17) or former relevant (18 to 21) by age: 17-year-olds are few (only those who left care
  // between 16 and their 17th birthday after 13 weeks from 14; from 2024 none who left after it, 1016).
  'Annex A List 9.Eligibility Category': {
    why: 'care leavers of 17 are few: a year may have none, all former relevant',
    holds: (y) => count(y, 'Annex A List 9', (r) => r['Eligibility Category'] !== 'b) Former relevant child') === 0,
  },
  // A child's second period of care within 12 months of the last: 1 to 4 a year of about 160-200 rows at
  // this size (seeds 5-8, 2023-2025: 25 in 12 years), so a year with none happens about 1 year in 7.
  'Annex A List 8.Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)': {
    why: 'a second period within 12 months for about 1 child in 80 in care: a year of 200 rows or fewer may have none',
    holds: (y) => tables.get(y)!.get('Annex A List 8')!.rows.length <= 200,
  },
  '903 uasc.SEX': {
    why: 'UASC about 4 in 5 boys: a year of 25 or fewer may have no girl',
    holds: (y) => tables.get(y)!.get('903 uasc')!.rows.length <= 25,
  },
};
/** Adopters' rows (List 11) in a year, or in the three years: few, as adoptions are 3 to 7 a year at this size. */
const adopterRows = (year?: number): number => (year === undefined ? YEARS : [year]).reduce((n, y) => n + tables.get(y)!.get('Annex A List 11')!.rows.length, 0);
/** Adopting families (List 11, no date of leaving the process) in a year, or in the three years. */
const adoptingFamilies = (year?: number): number => {
  const families = new Set<string>();
  for (const y of year === undefined ? YEARS : [year]) {
    const { head, rows } = tables.get(y)!.get('Annex A List 11')!;
    const family = head.indexOf('Family identifier');
    const left = head.indexOf('Date of leaving adoption process');
    for (const r of rows) if (!r[left]) families.add(r[family]!);
  }
  return families.size;
};
/**
 * Columns allowed one value in a year with few rows, or over the three years together (tables short in a
 * year), and why; `holds(year)` is judged on the year's rows, `holds()` on the three years'. (Judged on the
 * three years' in a year too, a year of 16 rows with no disabled adopter failed once the three held 44:
 * 0.95^16 = 44%.)
 */
const ONE_VALUE_ALLOWED_OVER_YEARS: Record<string, { why: string; holds: (year?: number) => boolean }> = {
  // (Under 40 rows, no disabled adopter is 0.95^40 = 13% likely: the rebuilt model of issue 10's delayed entry drew
  // such three years on seed 5. Under 90 it is 1% likely or more.)
  'Annex A List 11.Disability': { why: 'adopters disabled 1 in 20 (annex-a.ts): under 90 adopter rows (0.95^90 = 1%)', holds: (y) => adopterRows(y) < 90 },
  // Judged on families, not rows: a family has a row per adopter in each year it is listed (seed 5's 46 rows
  // over 2023-2025 are 16 families), only an adopting family can foster for adoption (a family leaving the
  // process never does: 6 of the 16), and one does 15% of the time at most (enrich.ts, and only a child
  // in foster care before its adoptive placement): none of 19 adopting families would be 0.85^19 = 4.6%.
  'Annex A List 11.Is the (prospective) adopter fostering for adoption?': { why: 'fostering for adoption is one family in 7 at most (enrich.ts): under 19 adopting families', holds: (y) => adoptingFamilies(y) < 19 },
  'Annex A List 11.Date of leaving adoption process': { why: 'one family leaving the process per adoption, some of whom are still in it: under 40 adopter rows', holds: (y) => adopterRows(y) < 40 },
  'Annex A List 11.Reason for leaving adoption process': { why: 'as the date of leaving: under 40 adopter rows', holds: (y) => adopterRows(y) < 40 },
};
/**
 * Tables too short even over the three years to judge a column by (fewer than FEW_ROWS rows in all):
 * only the adoption tables may be, because a population of 20,000 has 3 to 7 adoptions a year.
 */
const ADOPTION_TABLES = new Set(['903 ad1', '903 placed_adoption', 'Annex A List 10']);
/**
 * The UASC table may be short in a year too: UASC are about a fifth of the starters (England 22%), and since
 * the refit of issue 14 fewer children come into care at 16-17, so seed 5 has 11, 17 and 20 a year.
 */
const MAY_BE_SHORT = new Set([...ADOPTION_TABLES, '903 uasc']);

describe('every column a real file fills is filled, in each year', () => {
  it('no column of a year\'s SSDA903 tables or Annex A lists is blank or one value in every row, but those listed', () => {
    const poor: string[] = [];
    /** tables short in a year: judged over the three years together (all three years' rows, not only the short years': a list of 19, 9 and 16 rows is 44) */
    const shortNames = new Set<string>();
    for (const year of YEARS) {
      for (const [name, { head, rows }] of tables.get(year)!) {
        if (rows.length < FEW_ROWS) {
          shortNames.add(name);
          continue;
        }
        head.forEach((c, i) => {
          if (new Set(rows.map((r) => r[i])).size > 1) return;
          const key = `${name}.${c}`;
          const allowed = ONE_VALUE_ALLOWED[key];
          const overYears = ONE_VALUE_ALLOWED_OVER_YEARS[key];
          if (!(allowed?.holds(year) || overYears?.holds(year))) poor.push(`${year} ${key}`);
        });
      }
    }
    const short = new Map<string, { rows: number; values: Map<string, Set<string>> }>();
    for (const name of shortNames) {
      const seen = { rows: 0, values: new Map<string, Set<string>>() };
      for (const year of YEARS) {
        const table = tables.get(year)!.get(name);
        if (!table) continue;
        table.head.forEach((c) => seen.values.has(c) || seen.values.set(c, new Set()));
        table.rows.forEach((r) => r.forEach((v, i) => seen.values.get(table.head[i]!)!.add(v)));
        seen.rows += table.rows.length;
      }
      short.set(name, seen);
    }
    const tooShort: string[] = [];
    for (const [name, seen] of short) {
      if (seen.rows < FEW_ROWS) {
        tooShort.push(name);
        continue;
      }
      for (const [c, values] of seen.values) {
        if (values.size > 1) continue;
        const allowed = ONE_VALUE_ALLOWED_OVER_YEARS[`${name}.${c}`];
        if (!allowed || !allowed.holds()) poor.push(`2023-2025 ${name}.${c}`);
      }
    }
    expect(poor).toEqual([]);
    expect(tooShort.filter((t) => !MAY_BE_SHORT.has(t))).toEqual([]);
    // what was judged: the 11 Annex A lists and the SSDA903 tables of each year (social worker episodes from 2024)
    for (const year of YEARS) expect(tables.get(year)!.size, String(year)).toBe(year >= 2024 ? 22 : 21);
  });

  it('the columns the review found blank or constant carry their code lists in a year', () => {
    const values = (year: number, table: string, column: string): Set<string> => {
      const t = tables.get(year)!.get(table)!;
      const i = t.head.indexOf(column);
      expect(i, `${table}.${column}`).toBeGreaterThanOrEqual(0);
      return new Set(t.rows.map((r) => r[i]!).filter((v) => v !== ''));
    };
    const has = (set: Set<string>, ...codes: string[]) => expect([...set].filter((v) => codes.includes(v)).sort()).toEqual([...codes].sort());
    for (const year of YEARS) {
      has(values(year, '903 episodes', 'PLACE_PROVIDER'), 'PR1', 'PR2', 'PR4', 'PR5');
      has(values(year, '903 missing', 'MISSING'), 'M', 'A');
      expect([...values(year, '903 episodes', 'URN')].some((u) => /^SCZ\d{4}$/.test(u)), `${year} URN`).toBe(true);
      expect([...values(year, '903 oc2', 'SDQ_REASON')].every((r) => /^SDQ[1-5]$/.test(r))).toBe(true);
      expect(values(year, '903 oc2', 'SDQ_REASON').size, `${year} SDQ_REASON`).toBeGreaterThan(0);
      expect([...values(year, '903 placed_adoption', 'REASON_PLACED_CEASED')].every((r) => /^RD[1-4]$/.test(r))).toBe(true);
    }
    const over = (table: string, column: string): Set<string> => new Set(YEARS.flatMap((y) => [...values(y, table, column)]));
    expect([...over('903 prev_perm', 'PREV_PERM')].some((p) => p !== 'Z1')).toBe(true);
    expect(over('903 prev_perm', 'LA_PERM').size).toBeGreaterThan(0);
    expect(over('903 prev_perm', 'DATE_PERM').size).toBeGreaterThan(0);
    expect(over('903 placed_adoption', 'DATE_PLACED_CEASED').size).toBeGreaterThan(1);
  });
});

describe('social workers change as often as England\'s', () => {
  // Judged on the two years' children together (about 280 child-years; a child in care both years counts
  // in each): one year's share (about 140 children, standard error about 4 points) failed one of the four
  // bounds on 4 of seeds 1-10 with the model before issue 10's care-end shift change and 5 with it, the
  // pooled shares on none (model means 0.44-0.45 keeping one, 0.19-0.20 with 3 or more). With care end
  // reasons by age band (2026-12-05) seed 5 kept one at 0.513; the gap between changes then went 370 -> 290
  // days (synth/returns/enrich.ts): seeds 1-8 keep one 0.30-0.42, 3 or more 0.21-0.30.
  it('about a quarter of the children looked after on 31 March had 3 or more workers in the year, as in England (DfE stability measures: 27% in 2024, 24% in 2025)', () => {
    const counts: number[] = [];
    for (const year of [2024, 2025]) {
      const episodes = tables.get(year)!.get('903 episodes')!;
      const [child, dec] = ['CHILD', 'DEC'].map((c) => episodes.head.indexOf(c));
      const open = new Set(episodes.rows.filter((r) => r[dec!] === '').map((r) => r[child!]!));
      const sw = tables.get(year)!.get('903 sw_episodes')!;
      const [swChild, swId] = ['CHILD', 'SW_ID'].map((c) => sw.head.indexOf(c));
      const workers = new Map<string, Set<string>>();
      for (const r of sw.rows) workers.set(r[swChild!]!, (workers.get(r[swChild!]!) ?? new Set()).add(r[swId!]!));
      const inYear = [...open].map((c) => workers.get(c)?.size ?? 0);
      expect(inYear.every((n) => n >= 1), `${year}: every child looked after on 31 March has a worker`).toBe(true);
      expect(open.size, String(year)).toBeGreaterThan(80);
      counts.push(...inYear);
    }
    const share = (k: (n: number) => boolean): number => counts.filter(k).length / counts.length;
    // England 24-27%; the bounds as they were for one year of about 110-125 children (about ±8 points)
    expect(share((n) => n >= 3), '3 or more').toBeGreaterThan(0.16);
    expect(share((n) => n >= 3), '3 or more').toBeLessThan(0.35);
    // and about a third keep one (England: 38% of 1-4 year olds looked after 12 months, 2025)
    expect(share((n) => n === 1), 'one').toBeGreaterThan(0.25);
    expect(share((n) => n === 1), 'one').toBeLessThan(0.5);
  });
});
