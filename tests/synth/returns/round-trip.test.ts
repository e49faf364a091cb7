// Round trip: the returns written from one seed, imported by the importers on main, give back the same
// referrals, assessments, S47s, ICPCs, CP plans and periods of care in the collection year as the
// events CSV of the same seed, type by type, as far as each format carries them.
import { createReadStream, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../../core/events.js';
import { openStore, type Store } from '../../../server/db/store.js';
import type { SourceFile, SourceFormat } from '../../../server/import/source-importer.js';
import { DEFAULT_MODEL } from '../../../synth/defaults.js';
import { generateChildren, type GenerateOptions } from '../../../synth/generate.js';
import { writeSyntheticCsv } from '../../../synth/output.js';
import { buildCases, writeReturns, type ReturnFormat } from '../../../synth/returns/write.js';
import { collectionYear } from '../../../synth/returns/years.js';
import { addMonths } from '../../../core/dates.js';

const YEAR = collectionYear(2024);
const OPTIONS: GenerateOptions = { children: 1500, from: YEAR.start, to: YEAR.end, seed: 11, historyFrom: addMonths(YEAR.start, -120) };
const dir = mkdtempSync(join(tmpdir(), 'returns-round-trip-'));
let store: Store;

beforeAll(async () => {
  store = openStore(join(dir, 'db.sqlite'));
  await writeSyntheticCsv(DEFAULT_MODEL, OPTIONS, join(dir, 'events.csv'));
  await store.importEventsCsv('events', createReadStream(join(dir, 'events.csv')));
  const { cases } = buildCases((emit) => generateChildren(DEFAULT_MODEL, OPTIONS, emit), { seed: OPTIONS.seed, from: OPTIONS.from });
  // Periods of care open on the year's first day began years before (the generator keeps such journeys
  // whole): the earlier years' files carry their first episodes, as a council's several returns would.
  writeReturns(cases, 'ssda903', Array.from({ length: 11 }, (_, k) => collectionYear(2014 + k)), join(dir, '903'));
  writeReturns(cases, 'cin', [YEAR], join(dir, 'cin.xml'));
  writeReturns(cases, 'annex-a', [YEAR], join(dir, 'annex-a.xlsx'));
  // one year alone: periods of care open on 1 April start, as far as these files know, at an episode in the year before
  writeReturns(cases, 'ssda903', [YEAR], join(dir, '903-one-year'));
}, 120_000);
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function file(format: SourceFormat, path: string): SourceFile {
  return { name: path.split('/').pop()!, format, input: createReadStream(path) };
}

/** Events per type dated inside the collection year. */
function countsInYear(name: string): Record<string, number> {
  const { table } = store.loadDataset(name)!;
  const counts: Record<string, number> = {};
  for (let i = 0; i < table.length; i++) {
    const day = table.day[i]!;
    if (day < YEAR.start || day > YEAR.end) continue;
    const type = EVENT_TYPES[table.type[i]!]!;
    counts[type] = (counts[type] ?? 0) + 1;
  }
  return counts;
}

/** Rows rejected, but for List 11's (adopters, which the importer lists as not imported, by design). */
function imported<T extends { sheet?: string | null }>(rejected: readonly T[]): T[] {
  return rejected.filter((r) => r.sheet !== 'List 11');
}

const CARRIED: Record<ReturnFormat, string[]> = {
  cin: ['referral', 'assessment_start', 'assessment_end', 's47_start', 'icpc', 'cin_plan_start', 'cp_plan_start'],
  ssda903: ['cla_start', 'cla_end'],
  'annex-a': ['contact', 'referral', 'assessment_start', 's47_start', 'icpc', 'cp_plan_start', 'cla_start', 'cla_end'],
};

describe('returns round trip through the importers', () => {
  it.each(['cin', 'ssda903', 'annex-a'] as const)('%s gives back the events file\'s counts in the collection year', async (format) => {
    const files =
      format === 'ssda903' ? readdirSync(join(dir, '903')).map((f) => file('ssda903', join(dir, '903', f))).filter((f) => /-(header|episodes)\.csv$/.test(f.name))
      : format === 'cin' ? [file('cin', join(dir, 'cin.xml'))]
      : [file('annex-a', join(dir, 'annex-a.xlsx'))];
    const report = await store.importSources(format, files);
    expect(imported(report.rejected)).toEqual([]);
    expect(report.quality.byCode).toEqual([]);
    const events = countsInYear('events');
    const got = countsInYear(format);
    const pick = (c: Record<string, number>) => Object.fromEntries(CARRIED[format].map((t) => [t, c[t] ?? 0]));
    expect(pick(got)).toEqual(pick(events));
    for (const t of CARRIED[format]) expect(events[t] ?? 0, t).toBeGreaterThan(0);
  }, 60_000);
});

describe('the three returns imported together', () => {
  it('give the periods of care each gives alone, with one year of SSDA903 whose periods began before it (Annex A knows their start)', async () => {
    const ssda903 = (): SourceFile[] => ['header', 'episodes'].map((t) => file('ssda903', join(dir, '903-one-year', `${YEAR.year}-${t}.csv`)));
    const alone = await store.importSources('903-one-year', ssda903());
    const annexA = await store.importSources('annex-a-alone', [file('annex-a', join(dir, 'annex-a.xlsx'))]);
    const together = await store.importSources('together', [file('cin', join(dir, 'cin.xml')), ...ssda903(), file('annex-a', join(dir, 'annex-a.xlsx'))]);
    // the case this is about: periods the SSDA903 files hold from an episode that began before them
    expect(alone.warnings.join(' ')).toMatch(/\d+ children's first episode began before the collection year/);
    expect(imported(together.rejected)).toEqual([]);
    const care = (r: typeof alone): [number | undefined, number | undefined] => [r.counts.periodsOfCare, r.counts.openPeriodsOfCare];
    expect(care(annexA)).toEqual(care(alone));
    expect(care(together)).toEqual(care(alone));
    expect(together.quality.byCode.map((c) => c.code)).not.toContain('care_periods_overlap');
    const pick = (c: Record<string, number>) => ({ cla_start: c.cla_start, cla_end: c.cla_end });
    expect(pick(countsInYear('together'))).toEqual(pick(countsInYear('events')));
  }, 60_000);
});

describe('several years of Annex A imported together', () => {
  it('count each plan, enquiry, assessment and period of care once: the same row of two workbooks is one record', async () => {
    const years = [2023, 2024, 2025].map(collectionYear);
    const options: GenerateOptions = { children: 1500, from: years[0]!.start, to: years[2]!.end, seed: 3, historyFrom: addMonths(years[0]!.start, -120) };
    const sub = join(dir, 'multi');
    await writeSyntheticCsv(DEFAULT_MODEL, options, join(dir, 'multi-events.csv'));
    await store.importEventsCsv('multi-events', createReadStream(join(dir, 'multi-events.csv')));
    const { cases } = buildCases((emit) => generateChildren(DEFAULT_MODEL, options, emit), { seed: options.seed, from: options.from });
    const written = writeReturns(cases, 'annex-a', years, `${sub}-annex-a.xlsx`);
    expect(written.length).toBe(3);
    const report = await store.importSources('multi-annex-a', written.map((w) => file('annex-a', w.path)));
    expect(report.quality.byCode.map((c) => c.code)).not.toContain('care_periods_overlap');
    expect(report.warnings.join(' ')).toMatch(/\d+ Annex A rows that another workbook repeats/);
    const types = ['referral', 'assessment_start', 's47_start', 'icpc', 'cin_plan_start', 'cp_plan_start', 'cla_start', 'cla_end'];
    const count = (name: string, yr: (typeof years)[number]): Record<string, number> => {
      const { table } = store.loadDataset(name)!;
      const counts: Record<string, number> = Object.fromEntries(types.map((t) => [t, 0]));
      for (let i = 0; i < table.length; i++) {
        const type = EVENT_TYPES[table.type[i]!]!;
        if (table.day[i]! >= yr.start && table.day[i]! <= yr.end && type in counts) counts[type]!++;
      }
      return counts;
    };
    for (const yr of years) expect([yr.year, count('multi-annex-a', yr)]).toEqual([yr.year, count('multi-events', yr)]);
  }, 120_000);
});
