import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addMonths } from '../core/dates.js';
import { DEFAULT_MODEL } from '../synth/defaults.js';
import { generateChildren } from '../synth/generate.js';
import { buildCases, writeReturns } from '../synth/returns/write.js';
import { parseYears } from '../synth/returns/years.js';
import { RULES, loadCin } from './synth/returns/validator/cin-rules/index.js';
import { runRules } from './synth/returns/validator/rule.js';
const years = parseYears('2022-2025');
const dir = mkdtempSync(join(tmpdir(), 'dbg-'));
const options = { children: 3000, from: years[0]!.start, to: years[years.length-1]!.end, seed: 11, historyFrom: addMonths(years[0]!.start, -120) };
const { cases } = buildCases((emit) => generateChildren(DEFAULT_MODEL, options, emit), { seed: 11, from: options.from });
writeReturns(cases, 'cin', years, join(dir, 'cin.xml'));
const want = process.argv.slice(2);
for (const yr of years) {
  const data = loadCin(readFileSync(join(dir, `cin-${yr.year}.xml`), 'utf8'), yr.year);
  const fails = runRules(RULES, data).filter((f) => want.includes(f.rule));
  const shown = new Map<string, number>();
  for (const f of fails) {
    const k = f.rule + f.table; if ((shown.get(k) ?? 0) >= 2) continue; shown.set(k, (shown.get(k) ?? 0) + 1);
    const row = data.tables[f.table as keyof typeof data.tables][f.row]!;
    const child = row.LAchildID;
    console.log(yr.year, f.rule, f.table, JSON.stringify(row));
    if (process.env.FULL) for (const t of Object.keys(data.tables)) for (const r of data.tables[t as keyof typeof data.tables]) if (r.LAchildID === child && t !== f.table) console.log('   ', t, JSON.stringify(r));
  }
}
console.log(dir);
