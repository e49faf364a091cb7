// Ingest benchmark: writes seeded synthetic events CSVs (250k and 1M events), streams them into a fresh
// database, then times loadDataset, buildMoves (when core/journeys.ts has it) and computeMetrics over
// one year. Prints events/s and peak RSS; the two ingests show memory does not grow with file size.
// Usage: npm run -s bench:ingest [-- --events N]
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { dayFromCivil } from '../core/dates.js';
import { computeMetrics, prepareMetrics } from '../core/metrics.js';
import { openStore, type Store } from '../server/db/store.js';
import { writeEventsCsv } from './events-file.js';

/** Runs `work`, sampling RSS every 10 ms; returns its result, wall and CPU seconds, and the peak RSS seen. */
async function measure<T>(work: () => Promise<T> | T): Promise<{ result: T; seconds: number; cpuSeconds: number; peakRss: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  try {
    const result = await work();
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRss: peak };
  } finally {
    clearInterval(timer);
  }
}

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const rate = (n: number, s: number): string => `${Math.round(n / s).toLocaleString('en-GB')} /s`;

interface Row {
  step: string;
  events: number;
  seconds: number;
  cpuSeconds: number;
  perSecond: string;
  perCpuSecond: string;
  peakRss: string;
}

function row(step: string, events: number, m: { seconds: number; cpuSeconds: number; peakRss: number }): Row {
  return {
    step,
    events,
    seconds: m.seconds,
    cpuSeconds: m.cpuSeconds,
    perSecond: rate(events, m.seconds),
    perCpuSecond: rate(events, m.cpuSeconds),
    peakRss: mb(m.peakRss),
  };
}

/** The file as a stream that records RSS each time another quarter of it has been read. */
async function* withCheckpoints(path: string, size: number, rss: number[]): AsyncGenerator<Buffer> {
  let read = 0;
  let next = size / 4;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    read += (chunk as Buffer).length;
    if (read >= next) {
      rss.push(process.memoryUsage.rss());
      next += size / 4;
    }
    yield chunk as Buffer;
  }
}

async function ingest(store: Store, name: string, path: string, events: number, notes: string[]): Promise<Row> {
  const rss: number[] = [];
  const m = await measure(() => store.importEventsCsv(name, withCheckpoints(path, statSync(path).size, rss)));
  if (m.result.imported !== events) throw new Error(`${name}: imported ${m.result.imported} of ${events} events`);
  notes.push(`RSS after reading 1/4, 2/4, 3/4, 4/4 of the ${events.toLocaleString('en-GB')}-event file: ${rss.map(mb).join(', ')}`);
  return row(`ingest ${events.toLocaleString('en-GB')}`, events, m);
}

async function timeBuildMoves(store: Store, name: string): Promise<Row | string> {
  const journeysPath = new URL('../core/journeys.ts', import.meta.url);
  const mapPath = new URL('../maps/front-door.json', import.meta.url);
  if (!existsSync(journeysPath) || !existsSync(mapPath)) return 'build moves: skipped (core/journeys.ts or maps/front-door.json absent)';
  const journeys = (await import('../core/journeys.js')) as Record<string, unknown>;
  const schema = (await import('../core/map-schema.js')) as Record<string, unknown>;
  const buildMoves = journeys.buildMoves;
  const parseMap = schema.parseMapDefinition;
  if (typeof buildMoves !== 'function' || typeof parseMap !== 'function') return 'build moves: skipped (buildMoves or parseMapDefinition not exported)';
  const map = parseMap(JSON.parse(readFileSync(mapPath, 'utf8')));
  const data = store.loadDataset(name)!;
  const m = await measure(() => buildMoves(data.table, data.children, map));
  return row('build moves (front-door)', data.table.length, m);
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--events');
  const total = at > 0 ? Number(process.argv[at + 1]) : 1_000_000;
  if (!Number.isInteger(total) || total < 1000) throw new Error('--events must be an integer of at least 1000');
  const small = Math.round(total / 4);
  const dir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
  try {
    const rows: Row[] = [];
    const notes: string[] = [];
    for (const n of [small, total]) {
      const start = performance.now();
      const children = await writeEventsCsv(join(dir, `events-${n}.csv`), n, 42);
      notes.push(`generated ${n.toLocaleString('en-GB')} events of ${children.toLocaleString('en-GB')} children in ${((performance.now() - start) / 1000).toFixed(2)} s`);
    }
    const store = openStore(join(dir, 'bench.db'));
    try {
      rows.push(await ingest(store, 'small', join(dir, `events-${small}.csv`), small, notes));
      rows.push(await ingest(store, 'full', join(dir, `events-${total}.csv`), total, notes));
      rows.push(await ingest(store, 'full', join(dir, `events-${total}.csv`), total, []));
      rows[2]!.step += ' (replacing)';
      const load = await measure(() => store.loadDataset('full')!);
      rows.push(row('loadDataset', total, load));
      const moves = await timeBuildMoves(store, 'full');
      if (typeof moves === 'string') notes.push(moves);
      else rows.push(moves);
      const table = load.result.table;
      const prepared = await measure(() => prepareMetrics(table));
      rows.push(row('prepareMetrics', total, prepared));
      const window = { from: dayFromCivil(2022, 4, 1), to: dayFromCivil(2023, 3, 31) };
      const metrics = await measure(() => computeMetrics(prepared.result, window));
      rows.push(row('computeMetrics (1 year)', total, metrics));
    } finally {
      store.close();
    }
    const usage = process.resourceUsage();
    console.log(`# ingest benchmark (${total.toLocaleString('en-GB')} events, Node ${process.version})`);
    for (const note of notes) console.log(`- ${note}`);
    console.log('');
    console.log('| step | events | wall s | CPU s | events/s (wall) | events/CPU-s | peak RSS during step |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      console.log(`| ${r.step} | ${r.events.toLocaleString('en-GB')} | ${r.seconds.toFixed(2)} | ${r.cpuSeconds.toFixed(2)} | ${r.perSecond} | ${r.perCpuSecond} | ${r.peakRss} |`);
    }
    console.log('');
    // CPU-seconds (process.cpuUsage, user + system, all threads) do not count time spent waiting for
    // a CPU, so they compare runs on a loaded machine where wall time cannot.
    const full = rows[1]!;
    console.log(`ingest ${full.events.toLocaleString('en-GB')}: ${full.cpuSeconds.toFixed(2)} CPU-seconds (${full.perCpuSecond} per CPU-second), ${full.seconds.toFixed(2)} s wall (${full.perSecond})`);
    console.log(`process peak RSS (maxRSS): ${mb(usage.maxRSS * 1024)}; load average at the end: ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${availableParallelism()} CPUs`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
