// How honest the forecast's bands are on logs it was not written for: fit to a date, forecast 12 months
// (1,000 runs, seed 1, as `cli forecast` does), then count the referral months inside the 80% band and the
// month-12 stocks of CP plans and children looked after inside the 95% band, and how wide those stock
// bands are (p97.5 − p2.5 over the median).
//
//   npm run -s bench:forecast-bands -- --db F --datasets rv1,rv2 [--truth DIR] [--as-of 2024-03-31]
//   npm run -s bench:forecast-bands -- --own      (logs written by tests/core/forecast/trend-log.ts)
//
// With --truth DIR, referrals are judged against DIR/<name>.truth.json's `referrals` (a generator's own
// monthly counts); otherwise against the log's. Stocks are always judged against what the log records
// (the map's "who is where" less the periods past the horizon, as the back-test does).
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dayFromCivil, parseDay } from '../core/dates.js';
import type { ChildAttributes } from '../core/children.js';
import type { EventTable } from '../core/event-table.js';
import { backtestBasis } from '../core/forecast/backtest.js';
import { summarise } from '../core/forecast/forecast.js';
import { parseMapDefinition } from '../core/map-schema.js';
import { openStore } from '../server/db/store.js';
import { runForecast } from '../server/forecast-pool.js';
import { trendLog, type TrendLogOptions } from '../tests/core/forecast/trend-log.js';

const argv = process.argv.slice(2);
const opt = (name: string) => {
  const k = argv.indexOf(`--${name}`);
  return k >= 0 ? argv[k + 1] : undefined;
};
const runs = Number(opt('runs') ?? 1000);
const map = parseMapDefinition(JSON.parse(readFileSync(new URL('../maps/front-door.json', import.meta.url), 'utf8')));

interface Log {
  name: string;
  table: EventTable;
  children?: ChildAttributes;
  asOf: number;
  referrals?: Record<string, number>;
}

const logs: Log[] = [];
if (argv.includes('--own')) {
  const asOf = dayFromCivil(2023, 12, 31);
  const own: [string, Partial<TrendLogOptions> & { seed: number }][] = [
    ['trend +20%/yr', { seed: 11, trendPerYear: 1.2 }],
    ['S47 rate ×1.5 from 2023-01', { seed: 12, step: { day: dayFromCivil(2023, 1, 1), factor: 1.5 } }],
    ['small council (~150 referrals/yr)', { seed: 13, perDay: 1.45 }],
    ['rates wander 15%/yr', { seed: 14, wander: 0.15 }],
    ['rates wander 15%/yr, trend −10%/yr', { seed: 15, wander: 0.15, trendPerYear: 0.9 }],
    ['small council, rates wander 15%/yr', { seed: 16, perDay: 1.45, wander: 0.15 }],
  ];
  for (const [name, o] of own) logs.push({ name, table: trendLog(o).table, asOf });
} else {
  const db = opt('db');
  const names = (opt('datasets') ?? '').split(',').filter(Boolean);
  if (!db || names.length === 0) throw new Error('--db F --datasets a,b (or --own)');
  const asOf = parseDay(opt('as-of') ?? '2024-03-31')!;
  const store = openStore(db);
  const truth = opt('truth');
  for (const name of names) {
    const loaded = store.loadDataset(name);
    if (!loaded) throw new Error(`no dataset ${name}`);
    const referrals = truth ? (JSON.parse(readFileSync(`${truth}/${name}.truth.json`, 'utf8')) as { referrals: Record<string, number> }).referrals : undefined;
    logs.push({ name, table: loaded.table, children: loaded.children, asOf, referrals });
  }
}

console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${runs} runs, seed 1, 12 months`);
let in80 = 0;
let months = 0;
let in95 = 0;
let stocks = 0;
const widths: number[] = [];
for (const log of logs) {
  const basis = backtestBasis(log.table, map, log.asOf, 12, log.children);
  const options = { months: 12, runs, seed: 1 };
  const result = summarise(basis.model, options, (await runForecast(basis.model, options, null)).base);
  const ref = result.series.referral!;
  let n80 = 0;
  result.months.forEach((label, m) => {
    const actual = log.referrals ? (log.referrals[label] ?? 0) : basis.actual.referral![m]!;
    if (actual >= ref.p10[m]! && actual <= ref.p90[m]!) n80++;
  });
  in80 += n80;
  months += 12;
  const cells = [`${log.name}: referrals ${n80}/12 in 80%`];
  for (const name of ['open_cp_plan', 'open_looked_after']) {
    const band = result.series[name]!;
    const actual = basis.actual[name]![11]!;
    const ok = actual >= band.p2_5[11]! && actual <= band.p97_5[11]!;
    in95 += ok ? 1 : 0;
    stocks++;
    const width = (band.p97_5[11]! - band.p2_5[11]!) / band.p50[11]!;
    widths.push(width);
    cells.push(`${name} ${actual} in [${band.p2_5[11]}, ${band.p97_5[11]}] p50 ${band.p50[11]} ${ok ? 'ok' : 'MISS'} (width ÷ median ${width.toFixed(3)})`);
  }
  console.log(cells.join('; '));
}
widths.sort((a, b) => a - b);
const median = widths.length % 2 ? widths[(widths.length - 1) / 2]! : (widths[widths.length / 2 - 1]! + widths[widths.length / 2]!) / 2;
console.log(`referral months inside the 80% band: ${in80} of ${months}; month-12 stocks inside the 95% band: ${in95} of ${stocks}; median 95% band width ÷ median ${median.toFixed(3)}`);
