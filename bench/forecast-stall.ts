// How long forecasts stall the service's event loop, and what threads and memory they take: imports a seeded
// events CSV of N events (default 280,000; bench/events-file.ts), fits once, then times each request below
// alone (the longest gap of a 5 ms timer, and that gap less the time the thread waited for a CPU: ./loop-gaps.ts),
// then six uncached forecasts at once (the process's threads and RSS at most, read every 20 ms).
// `npx tsx bench/forecast-stall.ts [events]`. Audit a12h F2 and F3: 20-39 runs ran on the service's thread, and
// every forecast started threads of its own; a12i F1: the percentiles of 2,000 runs of 60 months were worked out
// there (their cost does not depend on the events: `30000` shows it in less time).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitedNs } from './loop-gaps.js';
import { buildApp } from '../server/app.js';
import { openStore } from '../server/db/store.js';
import { writeEventsCsv } from './events-file.js';

const events = Number(process.argv[2] ?? 280_000);
const status = () => readFileSync('/proc/self/status', 'utf8');
const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status())![1]);

/** Runs `work` while timing the event loop; its time, the longest gap and that gap less CPU wait (ms). */
async function timed(work: () => Promise<unknown>): Promise<{ took: number; longest: number; lessWait: number }> {
  let last = performance.now();
  let lastWait = waitedNs();
  let longest = 0;
  let lessWait = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const wait = waitedNs();
    if (wait !== null && lastWait !== null) lessWait = Math.max(lessWait, now - last - 5 - (wait - lastWait) / 1e6);
    lastWait = wait;
    longest = Math.max(longest, now - last - 5);
    last = now;
  }, 5);
  const started = performance.now();
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return { took: performance.now() - started, longest: Math.max(longest, performance.now() - last - 5), lessWait };
}

const dir = mkdtempSync(join(tmpdir(), 'forecast-stall-'));
try {
  const file = join(dir, 'events.csv');
  await writeEventsCsv(file, events, 1);
  const store = openStore(join(dir, 'db.sqlite'));
  const app = await buildApp({ store, clientDir: join(dir, 'none') });
  await app.ready();
  const upload = await app.inject({ method: 'POST', url: '/api/datasets/d?lenient=1', headers: { 'content-type': 'text/csv' }, payload: readFileSync(file) });
  if (upload.statusCode !== 201) throw new Error(`import: ${upload.statusCode} ${upload.body.slice(0, 200)}`);
  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
  };
  console.log(`${events} events; load average ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`);
  for (const query of ['forecast?runs=20&months=1&seed=1', 'forecast?runs=39&months=60&seed=2', 'forecast?runs=39&months=24&seed=3', 'forecast/backtest?runs=39&months=36&seed=4', 'forecast?runs=200&months=24&seed=5', 'forecast?runs=2000&months=60&seed=6']) {
    const t = await timed(() => get(`/api/datasets/d/${query}`));
    console.log(`${query.padEnd(40)} ${t.took.toFixed(0).padStart(6)} ms; longest stall ${t.longest.toFixed(0)} ms (less CPU wait ${t.lessWait.toFixed(0)} ms)${query.endsWith('seed=1') ? ' (the fit too)' : ''}`);
  }
  const before = { threads: field('Threads'), rss: field('VmRSS') };
  let peak = { ...before };
  const sampler = setInterval(() => (peak = { threads: Math.max(peak.threads, field('Threads')), rss: Math.max(peak.rss, field('VmRSS')) }), 20);
  const t = await timed(() => Promise.all([21, 22, 23, 24, 25, 26].map((seed) => get(`/api/datasets/d/forecast?runs=100&months=12&seed=${seed}`))));
  clearInterval(sampler);
  console.log(`six forecasts at once (runs=100&months=12) ${t.took.toFixed(0)} ms; longest stall ${t.longest.toFixed(0)} ms (less CPU wait ${t.lessWait.toFixed(0)} ms); threads ${before.threads} -> at most ${peak.threads}; RSS ${(before.rss / 1024).toFixed(0)} -> at most ${(peak.rss / 1024).toFixed(0)} MB`);
  await app.close();
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
