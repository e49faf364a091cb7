// Writing benchmark for the synthetic returns: a population of N children generated once (the seed's
// fixed population that `synth generate --year` uses, synth/returns/population.ts), then each format
// written for one collection year, timed apart from the generation. Usage: npm run -s bench:returns
// [-- --children N --year YYYY]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MODEL } from '../synth/defaults.js';
import { generateChildren } from '../synth/generate.js';
import { writeRepairedEventsCsv } from '../synth/returns/events-csv.js';
import { eventsInYears, populationOptions } from '../synth/returns/population.js';
import { buildCases, writeReturns, RETURN_FORMATS } from '../synth/returns/write.js';
import { collectionYear } from '../synth/returns/years.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number): number => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback);
const CHILDREN = arg('children', 10_000);
const YEAR = collectionYear(arg('year', 2024));
const options = populationOptions(CHILDREN, 1);
const dir = mkdtempSync(join(tmpdir(), 'bench-returns-'));
const time = async <T>(f: () => T | Promise<T>): Promise<[T, number, number]> => {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = await f();
  const c = process.cpuUsage(c0);
  return [r, (performance.now() - t0) / 1000, (c.user + c.system) / 1e6];
};
try {
  console.log(`population of ${CHILDREN.toLocaleString('en-GB')} children, collection year ${YEAR.year}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log('| step | wall s | CPU s | output |');
  console.log('|---|---:|---:|---|');
  const [events, ew, ec] = await time(() => writeRepairedEventsCsv((emit) => generateChildren(DEFAULT_MODEL, options, emit), { seed: options.seed, from: options.from, to: options.to }, join(dir, 'events.csv'), (record) => eventsInYears(record, [YEAR])));
  console.log(`| generate + write events CSV (the year's children) | ${ew.toFixed(2)} | ${ec.toFixed(2)} | ${events.rows.toLocaleString('en-GB')} events of ${events.children.toLocaleString('en-GB')} children |`);
  const [{ cases }, gw, gc] = await time(() => buildCases((emit) => generateChildren(DEFAULT_MODEL, options, emit), { seed: options.seed, from: options.from, to: options.to }));
  console.log(`| generate + case records + enrichment | ${gw.toFixed(2)} | ${gc.toFixed(2)} | ${cases.length.toLocaleString('en-GB')} children of the population |`);
  for (const format of RETURN_FORMATS) {
    const out = join(dir, format === 'ssda903' ? '903' : format === 'cin' ? 'cin.xml' : 'annex-a.xlsx');
    const [files, w, c] = await time(() => writeReturns(cases, format, [YEAR], out));
    const mb = files.reduce((a, f) => a + f.bytes, 0) / 1024 ** 2;
    console.log(`| write ${format} | ${w.toFixed(2)} | ${c.toFixed(2)} | ${files.length} file(s), ${mb.toFixed(1)} MB |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
