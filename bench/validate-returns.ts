// Writes synthetic returns of a seed's population (synth/returns/population.ts, what `synth generate
// --year` writes) and runs every re-implemented DfE validation rule (tests/synth/returns/validator/) over
// them: the years written together (each year's rules then also see the year before), and each year
// written alone (as `--year YYYY` writes it, with no previous year); prints the failures per rule.
// npx tsx bench/validate-returns.ts [--children N] [--seed S] [--years 2022-2025] [--single-only|--range-only]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MODEL } from '../synth/defaults.js';
import { generateChildren } from '../synth/generate.js';
import { populationOptions } from '../synth/returns/population.js';
import { buildCases, writeReturns } from '../synth/returns/write.js';
import { parseYears, type CollectionYear } from '../synth/returns/years.js';
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
const dir = mkdtempSync(join(tmpdir(), 'validate-returns-'));

/** Failures per rule of `written` years written into `sub`, counting the years in `count`. */
function validate(cases: Parameters<typeof writeReturns>[0], written: CollectionYear[], sub: string): Map<string, number> {
  const out = join(dir, sub);
  writeReturns(cases, 'ssda903', written, join(out, '903'));
  writeReturns(cases, 'cin', written, join(out, 'cin.xml'));
  const tally = new Map<string, number>();
  const add = (failures: Failure[]) => failures.forEach((f) => tally.set(f.rule, (tally.get(f.rule) ?? 0) + 1));
  for (const yr of written) {
    add(runRules([...RULES_903_A, ...RULES_903_B], loadSsda903(join(out, '903'), yr.year)));
    const cinPath = written.length === 1 ? join(out, 'cin.xml') : join(out, `cin-${yr.year}.xml`);
    add(runRules(RULES_CIN, loadCin(readFileSync(cinPath, 'utf8'), yr.year)));
  }
  return tally;
}

function print(title: string, tally: Map<string, number>): void {
  console.log(`${title}: ${tally.size === 0 ? 'no failures' : [...tally].sort((a, b) => b[1] - a[1]).map(([rule, n]) => `${rule} ${n}`).join(', ')}`);
}

try {
  const options = populationOptions(children, seed);
  const { cases } = buildCases((emit) => generateChildren(DEFAULT_MODEL, options, emit), { seed, from: options.from, to: options.to });
  console.log(`rules: 903 ${RULES_903_A.length + RULES_903_B.length}, CIN ${RULES_CIN.length}; population of ${children} children, seed ${seed}`);
  if (!process.argv.includes('--single-only') && years.length > 1) print(`${years[0]!.year}-${years.at(-1)!.year} together`, validate(cases, years, 'range'));
  if (!process.argv.includes('--range-only')) for (const yr of years) print(`${yr.year} alone`, validate(cases, [yr], `y${yr.year}`));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
