// The same journeys in every format: for several seeds and collection years, every date inside the year
// that the CIN census, the SSDA903 files and the Annex A workbook carry equals the events CSV's, child by
// child and type by type (the events CSV as the CLI writes it, from the repaired journeys), but for a CP
// plan begun days after its conference, which the returns put on the conference's day (CIN 2885). Each file is
// read back by a reader of this test's own (the ported validators' loaders, the xlsx reader by header).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addMonths, parseDay } from '../../../core/dates.js';
import { Workbook } from '../../../server/import/common/xlsx.js';
import { DEFAULT_MODEL } from '../../../synth/defaults.js';
import { generateChildren, type GenerateOptions } from '../../../synth/generate.js';
import { repairedEventsCsv } from '../../../synth/returns/events-csv.js';
import { buildCases, writeReturns } from '../../../synth/returns/write.js';
import { collectionYear, type CollectionYear } from '../../../synth/returns/years.js';
import { cinDay } from './validator/cin.js';
import { loadCin } from './validator/cin-rules/load.js';
import { day903, loadSsda903, parseCsv } from './validator/ssda903.js';

const dir = mkdtempSync(join(tmpdir(), 'same-journeys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** child id (as the returns write it) → sorted "type date" items */
type Dates = Map<string, string[]>;

function addDate(to: Dates, child: string, type: string, day: number | null, yr: CollectionYear): void {
  if (day === null || day < yr.start || day > yr.end) return;
  const list = to.get(child) ?? [];
  list.push(`${type} ${day}`);
  to.set(child, list);
}

/** The items of `types` in both, child by child: the first differences, as text. */
function differences(events: Dates, format: Dates, types: readonly string[]): string[] {
  const keep = (items: string[] | undefined): string => (items ?? []).filter((i) => types.includes(i.split(' ')[0]!)).sort().join(', ');
  const out: string[] = [];
  for (const child of new Set([...events.keys(), ...format.keys()])) {
    const a = keep(events.get(child));
    const b = keep(format.get(child));
    if (a !== b) out.push(`${child}: events [${a}] file [${b}]`);
  }
  return out.slice(0, 10);
}

/**
 * The events CSV's dates as the returns must carry them: a CP plan the events begin days after the
 * conference that decided on it (the latest of its episode on or before its start) is on that
 * conference's day in the returns (CIN 2885), and only there (review v10 finding 2).
 */
function eventsDates(csv: string, yr: CollectionYear): Dates {
  const dates: Dates = new Map();
  const [header, ...rows] = parseCsv(csv);
  const col = (name: string): number => header!.indexOf(name);
  const [id, event, date, episode] = [col('child_id'), col('event'), col('date'), col('episode_id')];
  const conferences = new Map<string, number[]>();
  for (const r of rows) if (r.length > 1 && r[event] === 'icpc') conferences.set(`${r[id]} ${r[episode]}`, [...(conferences.get(`${r[id]} ${r[episode]}`) ?? []), parseDay(r[date]!)!]);
  for (const r of rows) {
    if (r.length < 2) continue;
    let day = parseDay(r[date]!);
    if (r[event] === 'cp_plan_start' && day !== null) {
      const decided = (conferences.get(`${r[id]} ${r[episode]}`) ?? []).filter((d) => d <= day!);
      if (decided.length > 0) day = Math.max(...decided);
    }
    addDate(dates, r[id]!.replace(/-/g, ''), r[event]!, day, yr);
  }
  return dates;
}

/** CP plans of the events CSV begun on no conference day of their episode (the gap the model has). */
function plansAfterConference(csv: string): number {
  const [header, ...rows] = parseCsv(csv);
  const [id, event, date, episode] = ['child_id', 'event', 'date', 'episode_id'].map((c) => header!.indexOf(c)) as [number, number, number, number];
  const days = new Set(rows.filter((r) => r[event] === 'icpc').map((r) => `${r[id]} ${r[episode]} ${r[date]}`));
  return rows.filter((r) => r[event] === 'cp_plan_start' && !days.has(`${r[id]} ${r[episode]} ${r[date]}`)).length;
}

function cinDates(xml: string, yr: CollectionYear): Dates {
  const t = loadCin(xml, yr.year).tables;
  const dates: Dates = new Map();
  const put = (rows: Record<string, string>[], column: string, type: string): void => {
    for (const r of rows) addDate(dates, r.LAchildID!, type, cinDay(r[column]), yr);
  };
  put(t.CINdetails, 'CINreferralDate', 'referral');
  put(t.CINdetails, 'CINclosureDate', 'case_closed');
  put(t.CINdetails, 'DateOfInitialCPC', 'icpc');
  put(t.Assessments, 'AssessmentActualStartDate', 'assessment_start');
  put(t.Assessments, 'AssessmentAuthorisationDate', 'assessment_end');
  put(t.Section47, 'S47ActualStartDate', 's47_start');
  put(t.Section47, 'DateOfInitialCPC', 'icpc');
  put(t.CINplanDates, 'CINPlanStartDate', 'cin_plan_start');
  put(t.CINplanDates, 'CINPlanEndDate', 'cin_plan_end');
  put(t.ChildProtectionPlans, 'CPPstartDate', 'cp_plan_start');
  put(t.ChildProtectionPlans, 'CPPendDate', 'cp_plan_end');
  return dates;
}

function ssda903Dates(folder: string, yr: CollectionYear): Dates {
  const dates: Dates = new Map();
  for (const e of loadSsda903(folder, yr.year).tables.episodes) {
    if (e.RNE === 'S') addDate(dates, e.CHILD!, 'cla_start', day903(e.DECOM), yr);
    if (e.REC && e.REC !== 'X1') addDate(dates, e.CHILD!, 'cla_end', day903(e.DEC), yr);
  }
  return dates;
}

/** Annex A's dated columns by their template header, read from the workbook. */
const ANNEX_A_DATES: Record<string, [string, string][]> = {
  'List 1': [['Date of Contact', 'contact']],
  'List 3': [['Date of Referral', 'referral']],
  'List 4': [['Continuous Assessment Start Date', 'assessment_start']],
  'List 5': [['Strategy discussion initiating Section 47 Enquiry Start Date', 's47_start'], ['Date of Initial Child Protection Conference', 'icpc']],
  'List 7': [['Child Protection Plan Start Date', 'cp_plan_start']],
  'List 8': [['Date Started to be Looked After', 'cla_start'], ['Date Ceased to be Looked After', 'cla_end']],
};

function annexADates(path: string, yr: CollectionYear): Dates {
  const book = Workbook.fromBytes(readFileSync(path));
  const dates: Dates = new Map();
  for (const sheet of book.sheets) {
    const wanted = ANNEX_A_DATES[sheet.name];
    if (!wanted) continue;
    let columns: [number, string][] = [];
    book.readSheet(sheet, (row) => {
      const text = row.cells.map((c) => c?.value ?? '');
      if (row.row === 1) return void (columns = wanted.map(([header, type]) => [text.indexOf(header), type]));
      // Excel's serial day 25569 is 1 January 1970, day 0 of core/dates
      for (const [c, type] of columns) {
        const serial = row.cells[c]?.number;
        if (serial != null) addDate(dates, text[0]!, type, serial - 25569, yr);
      }
    });
  }
  return dates;
}

const CIN_TYPES = ['referral', 'case_closed', 'assessment_start', 'assessment_end', 's47_start', 'icpc', 'cin_plan_start', 'cin_plan_end', 'cp_plan_start', 'cp_plan_end'];
const SSDA903_TYPES = ['cla_start', 'cla_end'];
const ANNEX_A_TYPES = ['contact', 'referral', 'assessment_start', 's47_start', 'icpc', 'cp_plan_start', 'cla_start', 'cla_end'];

describe.each([
  { seed: 5, years: [2023, 2024] },
  { seed: 61, years: [2025] },
])('seed $seed, years $years: every format carries the events CSV\'s dates', ({ seed, years }) => {
  const yrs = years.map(collectionYear);
  const options: GenerateOptions = { children: 1200, from: yrs[0]!.start, to: yrs.at(-1)!.end, seed, historyFrom: addMonths(yrs[0]!.start, -120) };
  const generate = (emit: Parameters<typeof generateChildren>[2]): void => generateChildren(DEFAULT_MODEL, options, emit);
  let csv = '';
  repairedEventsCsv(generate, { seed, from: options.from }, (chunk) => void (csv += chunk));
  const { cases } = buildCases(generate, { seed, from: options.from });
  const out = join(dir, String(seed));
  // earlier years of SSDA903 too, so a period of care open on 1 April has its first episode (RNE S)
  writeReturns(cases, 'ssda903', Array.from({ length: years[0]! - 2014 + years.length }, (_, k) => collectionYear(2014 + k)), join(out, '903'));
  writeReturns(cases, 'cin', yrs, join(out, 'cin.xml'));
  writeReturns(cases, 'annex-a', yrs, join(out, 'annex-a.xlsx'));
  const path = (base: string, ext: string, yr: CollectionYear): string => join(out, yrs.length === 1 ? `${base}.${ext}` : `${base}-${yr.year}.${ext}`);

  it('the events CSV keeps CP plans begun days after their conference', () => {
    expect(plansAfterConference(csv)).toBeGreaterThan(0);
  });

  it.each(years)('%i', (year) => {
    const yr = collectionYear(year);
    const events = eventsDates(csv, yr);
    const inYear = [...events.values()].flat().length;
    expect(inYear).toBeGreaterThan(1000);
    expect(differences(events, cinDates(readFileSync(path('cin', 'xml', yr), 'utf8'), yr), CIN_TYPES)).toEqual([]);
    expect(differences(events, ssda903Dates(join(out, '903'), yr), SSDA903_TYPES)).toEqual([]);
    expect(differences(events, annexADates(path('annex-a', 'xlsx', yr), yr), ANNEX_A_TYPES)).toEqual([]);
  });
});

describe('the events CSV starts every journey', () => {
  it('no child\'s first event is a step of a referral the file does not hold', () => {
    const yr = collectionYear(2024);
    const options: GenerateOptions = { children: 3000, from: yr.start, to: yr.end, seed: 4242, historyFrom: addMonths(yr.start, -120) };
    let csv = '';
    const result = repairedEventsCsv((emit) => generateChildren(DEFAULT_MODEL, options, emit), { seed: 4242, from: yr.start }, (chunk) => void (csv += chunk));
    const [header, ...rows] = parseCsv(csv);
    const [id, event, episode] = ['child_id', 'event', 'episode_id'].map((c) => header!.indexOf(c));
    const referrals = new Set<string>();
    const orphans: string[] = [];
    for (const r of rows) {
      if (r.length < 2 || !r[episode!]) continue;
      const key = `${r[id!]} ${r[episode!]}`;
      if (r[event!] === 'referral') referrals.add(key);
      else if (!referrals.has(key)) orphans.push(`${key} ${r[event!]}`);
    }
    expect(orphans.slice(0, 10)).toEqual([]);
    expect(result.children).toBe(3000);
  });
});
