// Stations benchmark: generates a synthetic council from the demo's calibrated model (about 1,000,000
// events by default: children on plans and in care from before the data starts, as a real extract
// has), imports it into a fresh database, then times GET /api/datasets/:name/stations through
// `inject`: the first request (loads the dataset and builds its "who is where" stays), then 60
// distinct dates on the cached dataset (each date computed, not a cached answer), with and without a
// cohort, and a repeated date (a cached answer). Prints median and 95th percentile; exits 1 when the
// median on the cached dataset is 50 ms or more.
// Usage: npx tsx bench/stations.ts [--children N]   (default 176,000 children: just over 1,000,000 events)
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { formatDay, parseDay } from '../core/dates.js';
import { buildApp } from '../server/app.js';
import { openStore } from '../server/db/store.js';
import { DEFAULT_MODEL } from '../synth/defaults.js';
import { demoOptions } from '../synth/demo.js';
import { generateCsvChunks } from '../synth/output.js';

const BUDGET_MS = 50;
const args = process.argv.slice(2);
const childrenArg = args.indexOf('--children');
const CHILDREN = childrenArg >= 0 ? Number(args[childrenArg + 1]) : 176_000;
if (!Number.isInteger(CHILDREN) || CHILDREN < 100) throw new Error(`--children must be an integer ≥ 100, got ${args[childrenArg + 1]}`);

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const dir = mkdtempSync(join(tmpdir(), 'stations-bench-'));
const store = openStore(join(dir, 'bench.db'));
try {
  const chunks: string[] = [];
  const generated = generateCsvChunks(DEFAULT_MODEL, demoOptions({ children: CHILDREN, seed: 8 }), (chunk) => chunks.push(chunk));
  await store.importEventsCsv('big', Readable.from(chunks), { fileName: 'big.csv' });
  chunks.length = 0;
  const info = store.getDataset('big')!;
  const app = await buildApp({ store });
  const first = parseDay(info.from!)!;
  const last = parseDay(info.to!)!;
  console.log(
    `stations bench: ${generated.rows.toLocaleString('en-GB')} events, ${info.children.toLocaleString('en-GB')} children, ${info.from} to ${info.to}; load average ${loadavg()[0]!.toFixed(1)}`,
  );

  const get = async (query: string) => {
    const t = performance.now();
    const res = await app.inject({ method: 'GET', url: `/api/datasets/big/stations?map=front-door&${query}` });
    const ms = performance.now() - t;
    if (res.statusCode !== 200) throw new Error(`${query}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    return { ms, body: res.json() as { stations: { id: string; waiting: number }[] }, cache: res.headers['x-cache'] };
  };

  const cold = await get(`at=${info.to}`);
  const waitingAtEnd = Object.fromEntries(cold.body.stations.map((s) => [s.id, s.waiting]));
  const rows: string[][] = [['first request (loads the dataset, builds the stays)', cold.ms.toFixed(0), '', '']];
  const dates = Array.from({ length: 60 }, (_, k) => formatDay(first + Math.floor(((last - first) * (k + 1)) / 61)));
  for (const [name, cohort] of [['a new date each time', ''], ['a new date each time, cohort sex:F;age:10_15|16_plus', '&cohort=sex%3AF%3Bage%3A10_15%7C16_plus']] as const) {
    if (cohort) await get(`at=${info.to}${cohort}`); // builds the cohort's row mask once
    const times: number[] = [];
    for (const at of dates) {
      const r = await get(`at=${at}${cohort}`);
      if (r.cache !== 'miss') throw new Error('expected a computed answer');
      times.push(r.ms);
    }
    times.sort((a, b) => a - b);
    rows.push([name, '', percentile(times, 0.5).toFixed(1), percentile(times, 0.95).toFixed(1)]);
  }
  const repeat: number[] = [];
  for (let i = 0; i < 20; i++) repeat.push((await get(`at=${dates[7]}`)).ms);
  repeat.sort((a, b) => a - b);
  rows.push(['the same date again (a kept answer)', '', percentile(repeat, 0.5).toFixed(2), percentile(repeat, 0.95).toFixed(2)]);

  const header = ['request', 'ms', 'median ms', 'p95 ms'];
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j]!.length)));
  const line = (cells: string[]) => cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log(`waiting on ${info.to}: ${Object.entries(waitingAtEnd).map(([id, n]) => `${id} ${n}`).join(', ')}`);
  const median = Number(rows[1]![2]);
  console.log(median < BUDGET_MS ? `a new date on the cached dataset answers in ${median} ms (median), under ${BUDGET_MS} ms` : `SLOW: median ${median} ms, budget ${BUDGET_MS} ms`);
  await app.close();
  process.exitCode = median < BUDGET_MS ? 0 : 1;
} finally {
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
