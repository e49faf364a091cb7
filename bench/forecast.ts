// Forecast figures for the README: `npm run -s bench:forecast [-- --runs 1000 --months 60 --threads 2]`.
// Prints the fit time and the run time (wall, and CPU of every thread: process.cpuUsage, which a loaded
// machine does not inflate as it does the wall time) of R runs × M months on the demo council (10,000
// children) in worker threads, and the back-test coverage (12 months rewound, 80% and 95% bands) for the demo and
// for an independent log with a trend of +15% a year and seasons (tests/core/forecast/trend-log.ts).
// `-- --db F --dataset N` times a stored dataset's forecast instead (from its last day), without back-tests.
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { backtest } from '../core/forecast/backtest.js';
import { fitForecast } from '../core/forecast/fit.js';
import { parseMapDefinition } from '../core/map-schema.js';
import { openStore } from '../server/db/store.js';
import { runForecast } from '../server/forecast-pool.js';
import type { EventTable } from '../core/event-table.js';
import { EV } from '../core/events.js';
import { DEFAULT_MODEL } from '../synth/defaults.js';
import { demoOptions } from '../synth/demo.js';
import { generateDataset } from '../synth/output.js';
import { trendLog } from '../tests/core/forecast/trend-log.js';

const arg = (name: string, fallback: number) => {
  const k = process.argv.indexOf(`--${name}`);
  return k > 0 ? Number(process.argv[k + 1]) : fallback;
};
const runs = arg('runs', 1000);
const months = arg('months', 60);
const threads = arg('threads', availableParallelism());
const map = parseMapDefinition(JSON.parse(readFileSync(new URL('../maps/front-door.json', import.meta.url), 'utf8')));

console.log(`machine: ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
const named = (name: string) => {
  const k = process.argv.indexOf(`--${name}`);
  return k > 0 ? process.argv[k + 1] : undefined;
};
const db = named('db');
const name = db ? named('dataset') ?? '' : 'demo';
let table: EventTable;
if (db) {
  const store = openStore(db);
  const loaded = store.loadDataset(name);
  if (!loaded) throw new Error(`no dataset ${name} in ${db}`);
  table = loaded.table;
  store.close();
} else table = generateDataset(DEFAULT_MODEL, demoOptions()).table;
let last = 0;
for (let i = 0; i < table.length; i++) last = Math.max(last, table.day[i]!);
let t = performance.now();
const model = fitForecast(table, map, last);
let referralsLastYear = 0;
for (let i = 0; i < table.length; i++) if (table.type[i] === EV.referral && table.day[i]! > last - 365) referralsLastYear++;
console.log(`${name}: ${table.childIds.length} children, ${table.length} events, ${referralsLastYear} referrals in the last 365 days; fit ${(performance.now() - t).toFixed(0)} ms`);
t = performance.now();
const cpu = process.cpuUsage();
const sets = await runForecast(model, { months, runs, seed: 1 }, null, { threads });
const used = process.cpuUsage(cpu);
console.log(
  `forecast ${runs} runs × ${months} months: ${((performance.now() - t) / 1000).toFixed(2)} s on ${sets.workers} worker threads, ` +
    `${((used.user + used.system) / 1e6).toFixed(2)} s CPU (load average ${loadavg()[0]!.toFixed(1)})`,
);
if (db) process.exit(0);

// The back-test's default number of runs (server/routes/forecast.ts), so the figures are what the page shows.
const BACKTEST_RUNS = 1000;
const show = (label: string, result: ReturnType<typeof backtest>) => {
  const rows = ['referral', 'contact', 'cp_plan_start', 'cla_start', 'open_cp_plan', 'open_looked_after'].map((name) => {
    const m = result.measures[name]!;
    return `  ${name.padEnd(18)} inside 80%: ${(m.inside80 * 12).toFixed(0)}/12   inside 95%: ${(m.inside95 * 12).toFixed(0)}/12`;
  });
  console.log(`back-test ${label}, from ${result.forecast.asOf}, 12 months, ${BACKTEST_RUNS} runs:\n${rows.join('\n')}`);
};
show('demo', backtest(table, map, { monthsBack: 12, runs: BACKTEST_RUNS, seed: 1 }));
show('trend log (+15%/yr, seasons, seed 1)', backtest(trendLog({ seed: 1, trendPerYear: 1.15 }).table, map, { monthsBack: 12, runs: BACKTEST_RUNS, seed: 1 }));
