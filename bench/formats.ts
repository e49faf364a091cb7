// Import benchmark for the formats councils have: generates an Annex A workbook, a CIN census XML and
// three years of SSDA903 CSVs for N children each (seeded, written to a temporary folder and deleted
// after), imports each into a fresh database through the same path as the CLI, in a process of its
// own (bench/import-files.ts: a cold start, as the CLI's), and prints source rows per second (rows =
// spreadsheet rows, CIN census modules, CSV lines) by wall and by CPU time, with peak RSS.
// Usage: npm run -s bench:formats [-- --children N] [--only annex-a|cin|ssda903] [--keep DIR]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { dayFromCivil, formatDay } from '../core/dates.js';
import { ETHNICITY_CODES, SOURCE_CODES } from '../core/events.js';
import { seededRandom } from '../core/random.js';
import { excelSerialFromDay } from '../server/import/common/values.js';
import { writeXlsx, type WriteCell } from '../server/import/common/xlsx-write.js';
import type { SourceFormat } from '../server/import/source-importer.js';

const args = process.argv.slice(2);
const childrenArg = args.indexOf('--children');
const CHILDREN = childrenArg >= 0 ? Number(args[childrenArg + 1]) : 20_000;
const onlyArg = args.indexOf('--only');
const ONLY = onlyArg >= 0 ? args[onlyArg + 1] : null;
const keepArg = args.indexOf('--keep');
/** keep the generated files in this folder (for profiling an import of them through the CLI) */
const KEEP = keepArg >= 0 ? args[keepArg + 1]! : null;
const START = dayFromCivil(2021, 4, 1);
const SPAN = 3 * 365;

const dmy = (day: number): string => {
  const [y, m, d] = formatDay(day).split('-');
  return `${d}/${m}/${y}`;
};

interface Generated {
  files: { path: string; format: SourceFormat }[];
  rows: number;
}

function annexA(dir: string, n: number): Generated {
  const rnd = seededRandom(11);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const head = ['Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age'];
  const lists: WriteCell[][][] = [
    [[...head, 'Date of Contact', 'Contact Source']],
    [[...head, 'Assessment start date', 'Assessment completion date', 'Organisation completing assessment']],
    [[...head, 'Date of Referral', 'Referral Source', 'Referral NFA?', 'Number of Referrals in Last 12 Months', 'Allocated Team', 'Allocated Worker']],
    [[...head, 'Does the Child have a Disability', 'Continuous Assessment Start Date', 'Child Seen During Continuous Assessment', 'Continuous Assessment Date of Authorisation', "Was the child assessed as requiring LA children's social care support?", 'Allocated Team', 'Allocated Worker']],
    [[...head, 'Does the Child have a Disability', 'Strategy discussion initiating Section 47 Enquiry Start Date', 'Was an Initial Child Protection Conference deemed unnecessary?', 'Date of Initial Child Protection Conference', 'Did the Initial Child Protection Conference Result in a Child Protection Plan', 'Allocated Team']],
    [[...head, 'Does the Child have a Disability', 'CIN Start Date', 'Primary Need Code', 'CIN Closure Date', 'Reason for Closure', 'Allocated Team']],
    [[...head, 'Does the Child have a Disability', 'Child Protection Plan Start Date', 'Child Protection Plan End Date', 'Allocated Team']],
    [[...head, 'Does the Child have a Disability', 'Date Started to be Looked After', "Child's Legal Status", 'Date Ceased to be Looked After', 'Reason Ceased to be Looked After', 'Placement Type']],
  ];
  for (let c = 0; c < n; c++) {
    const id = 100000 + c;
    let day = START + Math.floor(rnd() * SPAN);
    const dob = excelSerialFromDay(day - 365 - Math.floor(rnd() * 16 * 365));
    const child = [id, pick(['a) Male', 'b) Female', 'c) Not stated/recorded']), `a) ${pick(ETHNICITY_CODES)}`, dob, 9];
    const at = (d: number): number => excelSerialFromDay(d);
    lists[0]!.push([...child, at(day), `q) ${pick(SOURCE_CODES)}: Source`]);
    if (rnd() < 0.3) lists[0]!.push([...child, at(day + 40), 'q) 6: Police']);
    if (rnd() < 0.15) lists[1]!.push([...child, at(day + 2), at(day + 60), 'Early Help Locality 1']);
    if (rnd() < 0.6) {
      day += 1;
      const nfa = rnd() < 0.1;
      lists[2]!.push([...child, at(day), pick(['e) 2A: Schools', 'q) 6: Police', 'j) 3D: Health services']), nfa ? 'Yes' : 'No', 0, 'Duty Team', 'W']);
      if (!nfa) {
        lists[3]!.push([...child, 'b) No', at(day + 3), 'Yes', at(day + 35), pick(['Yes', 'No']), 'Duty Team', 'W']);
        if (rnd() < 0.25) {
          const icpc = rnd() < 0.4;
          lists[4]!.push([...child, 'b) No', at(day + 5), icpc ? 'No' : 'Yes', icpc ? at(day + 19) : null, icpc ? 'Yes' : null, 'Duty Team']);
          if (icpc) lists[6]!.push([...child, 'b) No', at(day + 19), rnd() < 0.5 ? at(day + 250) : null, 'CP Team']);
        } else if (rnd() < 0.4) lists[5]!.push([...child, 'b) No', at(day + 40), 'N1 - Abuse or neglect', rnd() < 0.5 ? at(day + 200) : null, rnd() < 0.5 ? 'RC7' : null, 'CIN Team']);
        if (rnd() < 0.05) lists[7]!.push([...child, 'b) No', at(day + 60), 'C2: FCO', null, null, 'f) U6: Foster placement - not FFA']);
      }
    }
  }
  const path = join(dir, 'annex-a.xlsx');
  writeFileSync(path, writeXlsx(lists.map((rows, i) => ({ name: `List ${i + 1}`, rows }))));
  return { files: [{ path, format: 'annex-a' }], rows: lists.reduce((a, l) => a + l.length - 1, 0) };
}

function cinCensus(dir: string, n: number): Generated {
  const rnd = seededRandom(12);
  const parts: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2024</Year><ReferenceDate>2024-03-31</ReferenceDate></CollectionDetails></Header>\n<Children>\n'];
  let rows = 0;
  for (let c = 0; c < n; c++) {
    let day = START + Math.floor(rnd() * SPAN);
    const dob = formatDay(day - 365 - Math.floor(rnd() * 16 * 365));
    parts.push(`<Child>\n<ChildIdentifiers>\n<LAchildID>C${c}</LAchildID>\n<PersonBirthDate>${dob}</PersonBirthDate>\n<Sex>${rnd() < 0.5 ? 'M' : 'F'}</Sex>\n</ChildIdentifiers>\n<ChildCharacteristics>\n<Ethnicity>WBRI</Ethnicity>\n<Disabilities>\n<Disability>NONE</Disability>\n</Disabilities>\n</ChildCharacteristics>\n`);
    const episodes = rnd() < 0.3 ? 2 : 1;
    for (let e = 0; e < episodes; e++) {
      const nfa = rnd() < 0.1;
      parts.push(`<CINdetails>\n<CINreferralDate>${formatDay(day)}</CINreferralDate>\n<ReferralSource>2A</ReferralSource>\n<PrimaryNeedCode>N1</PrimaryNeedCode>\n<CINclosureDate>${formatDay(day + 120)}</CINclosureDate>\n<ReasonForClosure>RC8</ReasonForClosure>\n<ReferralNFA>${nfa ? 'true' : 'false'}</ReferralNFA>\n`);
      rows++;
      if (!nfa) {
        parts.push(`<Assessments>\n<AssessmentActualStartDate>${formatDay(day + 2)}</AssessmentActualStartDate>\n<AssessmentAuthorisationDate>${formatDay(day + 30)}</AssessmentAuthorisationDate>\n</Assessments>\n`);
        rows++;
        if (rnd() < 0.3) {
          parts.push(`<Section47>\n<S47ActualStartDate>${formatDay(day + 4)}</S47ActualStartDate>\n<DateOfInitialCPC>${formatDay(day + 18)}</DateOfInitialCPC>\n<ICPCnotRequired>0</ICPCnotRequired>\n</Section47>\n<ChildProtectionPlans>\n<CPPstartDate>${formatDay(day + 18)}</CPPstartDate>\n<CPPendDate>${formatDay(day + 110)}</CPPendDate>\n</ChildProtectionPlans>\n`);
          rows += 2;
        } else if (rnd() < 0.5) {
          parts.push(`<CINPlanDates>\n<CINPlanStartDate>${formatDay(day + 31)}</CINPlanStartDate>\n<CINPlanEndDate>${formatDay(day + 110)}</CINPlanEndDate>\n</CINPlanDates>\n`);
          rows++;
        }
      }
      parts.push('</CINdetails>\n');
      day += 200 + Math.floor(rnd() * 200);
    }
    parts.push('</Child>\n');
  }
  parts.push('</Children>\n</Message>\n');
  const path = join(dir, 'cin.xml');
  writeFileSync(path, parts.join(''));
  return { files: [{ path, format: 'cin' }], rows };
}

function ssda903(dir: string, n: number): Generated {
  const rnd = seededRandom(13);
  const years = [2022, 2023, 2024];
  const headers = years.map(() => ['CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB']);
  const episodes = years.map(() => ['CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN']);
  const yearEnd = years.map((y) => dayFromCivil(y, 3, 31));
  for (let c = 0; c < n; c++) {
    let day = START - 365 + Math.floor(rnd() * SPAN);
    const dob = dmy(day - 365 - Math.floor(rnd() * 15 * 365));
    const eps: [number, number | null, string, string][] = [];
    let rne = 'S';
    const count = 1 + Math.floor(rnd() * 4);
    for (let k = 0; k < count; k++) {
      const end = day + 30 + Math.floor(rnd() * 300);
      const last = rnd() < 0.3;
      // each episode ends X1 into the next, the last one with a reason or not at all (still looked after)
      eps.push([day, k === count - 1 && !last ? null : end, rne, last ? 'E4A' : 'X1']);
      if (last) break;
      day = end;
      rne = rnd() < 0.5 ? 'P' : 'L';
    }
    const sex = rnd() < 0.5 ? 1 : 2;
    years.forEach((_y, i) => {
      const from = i === 0 ? -Infinity : yearEnd[i - 1]!;
      const to = yearEnd[i]!;
      const inYear = eps.filter(([s, e]) => s <= to && (e === null || e > from));
      if (inYear.length === 0) return;
      headers[i]!.push(`${c},${sex},${dob},WBRI,,,`);
      for (const [s, e, r, rec] of inYear) {
        const open = e === null || e > to;
        episodes[i]!.push(`${c},${dmy(s)},${r},C2,N1,U4,PR1,${open ? '' : dmy(e)},${open ? '' : rec},,,,`);
      }
    });
  }
  const files: { path: string; format: SourceFormat }[] = [];
  let rows = 0;
  years.forEach((y, i) => {
    for (const [kind, lines] of [['header', headers[i]!], ['episodes', episodes[i]!]] as const) {
      const path = join(dir, `${y}-${kind}.csv`);
      writeFileSync(path, `${lines.join('\n')}\n`);
      files.push({ path, format: 'ssda903' });
      rows += lines.length - 1;
    }
  });
  return { files, rows };
}

async function run(): Promise<void> {
  const dir = KEEP ?? mkdtempSync(join(tmpdir(), 'bench-formats-'));
  console.log(`${CHILDREN.toLocaleString('en-GB')} children per format; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log('| format | files (MB) | source rows | events | wall s | rows/s (wall) | CPU s, all threads | rows/s (CPU) | CPU s, main thread | rows/s (main) | peak RSS |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  try {
    for (const [label, format, generate] of [['Annex A (.xlsx)', 'annex-a', annexA], ['CIN census (XML)', 'cin', cinCensus], ['SSDA903 (3 years)', 'ssda903', ssda903]] as const) {
      if (ONLY !== null && ONLY !== format) continue;
      const generated = generate(dir, CHILDREN);
      const mb = generated.files.reduce((a, f) => a + statSync(f.path).size, 0) / 1024 ** 2;
      // Each import in a fresh process, as the CLI runs it: cold, with none of the generator's garbage to collect.
      const run = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'import-files.ts'), join(dir, `${format}.db`), ...generated.files.map((f) => `${f.format}:${f.path}`)], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`${label}: the import failed: ${run.stderr}`);
      const report = JSON.parse(run.stdout.trim().split('\n').pop()!) as { rows: number; events: number; wall: number; cpu: number; mainCpu: number | null; peakMb: number };
      const seconds = report.wall;
      const cpuSeconds = report.cpu;
      const peak = report.peakMb * 1024 ** 2;
      if (report.rows !== generated.rows) throw new Error(`${label}: the importer read ${report.rows} rows, the generator wrote ${generated.rows}`);
      const events = report.events;
      console.log(`| ${label} | ${mb.toFixed(1)} | ${report.rows.toLocaleString('en-GB')} | ${events.toLocaleString('en-GB')} | ${seconds.toFixed(2)} | ${Math.round(report.rows / seconds).toLocaleString('en-GB')} | ${cpuSeconds.toFixed(2)} | ${Math.round(report.rows / cpuSeconds).toLocaleString('en-GB')} | ${report.mainCpu === null ? '–' : report.mainCpu.toFixed(2)} | ${report.mainCpu === null ? '–' : Math.round(report.rows / report.mainCpu).toLocaleString('en-GB')} | ${Math.round(peak / 1024 ** 2)} MB |`);
    }
  } finally {
    if (KEEP === null) rmSync(dir, { recursive: true, force: true });
  }
}

await run();
