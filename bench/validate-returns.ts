// Writes synthetic returns for several collection years and runs every re-implemented DfE validation
// rule (tests/synth/returns/validator/) over them; prints the failures per rule.
// npx tsx bench/validate-returns.ts [--children N] [--seed S] [--years 2022-2025]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addMonths } from '../core/dates.js';
import { DEFAULT_MODEL } from '../synth/defaults.js';
import { generateChildren } from '../synth/generate.js';
import { buildCases, writeReturns } from '../synth/returns/write.js';
import { parseYears } from '../synth/returns/years.js';
import { runRules, type Failure } from '../tests/synth/returns/validator/rule.js';
import { loadSsda903 } from '../tests/synth/returns/validator/ssda903.js';
import { RULES as RULES_903_A } from '../tests/synth/returns/validator/ssda903-a/index.js';
import { RULES as RULES_903_B } from '../tests/synth/returns/validator/ssda903-b/index.js';
import { RULES as RULES_CIN, loadCin } from '../tests/synth/returns/validator/cin-rules/index.js';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const children = Number(arg('children', '3000'));
const seed = Number(arg('seed', '11'));
const years = parseYears(arg('years', '2022-2025'));
const first = years[0]!;
const last = years[years.length - 1]!;
const dir = mkdtempSync(join(tmpdir(), 'validate-returns-'));
try {
  const options = { children, from: first.start, to: last.end, seed, historyFrom: addMonths(first.start, -120) };
  const { cases } = buildCases((emit) => generateChildren(DEFAULT_MODEL, options, emit), { seed, from: options.from });
  writeReturns(cases, 'ssda903', years, join(dir, '903'));
  writeReturns(cases, 'cin', years, join(dir, 'cin.xml'));
  const tally = new Map<string, number>();
  const add = (failures: Failure[]) => failures.forEach((f) => tally.set(f.rule, (tally.get(f.rule) ?? 0) + 1));
  for (const yr of years) {
    add(runRules([...RULES_903_A, ...RULES_903_B], loadSsda903(join(dir, '903'), yr.year)));
    const cinPath = years.length === 1 ? join(dir, 'cin.xml') : join(dir, `cin-${yr.year}.xml`);
    add(runRules(RULES_CIN, loadCin(readFileSync(cinPath, 'utf8'), yr.year)));
  }
  console.log(`rules: 903 ${RULES_903_A.length + RULES_903_B.length}, CIN ${RULES_CIN.length}; ${children} children, years ${first.year}-${last.year}, seed ${seed}`);
  if (tally.size === 0) console.log('no failures');
  for (const [rule, n] of [...tally].sort((a, b) => b[1] - a[1])) console.log(`${rule}\t${n}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
