// How long a cold heavy request stalls the service's event loop (issue 12 item 5: "heavy cold
// computations run off the event loop so that no request stalls others for more than 100 ms").
// Starts the service in a process of its own (bench/limits-server.ts, as `npm start` runs it: compute
// worker on) over --rounds copies of one dataset of --events events per route, so each request meets a
// dataset neither the service nor its workers have loaded yet; then, one at a time, asks the child
// timeline, a cold forecast (months=12&runs=40), the care periods and the synthetic report (seed=1),
// and prints the service's longest event-loop delay during each and that delay's gap less the time its
// thread waited for a CPU (what a quiet machine would see: this machine has 2 cores and other work).
// Usage: npx tsx bench/cold-stall.ts [--events N] [--rounds N] [--port P] [--only route,route] [--cpu-prof DIR]
import type { ChildProcess } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { arg, lessWait, serviceStats, startService, stopService } from './bench-service.js';
import { writeEventsCsv } from './events-file.js';
import { openStore } from '../server/db/store.js';

const events = Number(arg('events', '150741'));
const rounds = Number(arg('rounds', '2'));
const port = Number(arg('port', '3015'));
const base = `http://127.0.0.1:${port}`;

/** Each route's request on dataset `name`. */
const ROUTES: Record<string, (name: string) => [url: string, init?: RequestInit]> = {
  'child-timeline': (name) => [`/api/datasets/${name}/child-timeline`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ childId: 'C0000001' }) }],
  forecast: (name) => [`/api/datasets/${name}/forecast?months=12&runs=40`],
  'care-periods': (name) => [`/api/datasets/${name}/care-periods`],
  'synthetic-report': (name) => [`/api/datasets/${name}/synthetic-report?seed=1`],
};
const only = arg('only', Object.keys(ROUTES).join(',')).split(',');

const stats = (reset: boolean) => serviceStats(base, reset);

const dir = mkdtempSync(join(tmpdir(), 'bench-cold-'));
let server: ChildProcess | null = null;
try {
  const childCount = await writeEventsCsv(join(dir, 'big.csv'), events, 42);
  const store = openStore(join(dir, 'bench.db'));
  for (let round = 1; round <= rounds; round++) {
    for (const route of only) await store.importEventsCsv(`${route}_${round}`, createReadStream(join(dir, 'big.csv')), {});
  }
  store.close();
  const profileDir = arg('cpu-prof', '');
  server = await startService(join(dir, 'bench.db'), port, profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []);
  await new Promise((r) => setTimeout(r, 1000)); // the service's own start settles
  console.log(`# cold requests, one at a time, on datasets of ${events.toLocaleString('en-GB')} events (${childCount.toLocaleString('en-GB')} children) not loaded yet; load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log('| request | round | status | answer ms | service loop delay max ms | longest gap less CPU wait ms |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (let round = 1; round <= rounds; round++) {
    for (const route of only) {
      const [url, init] = ROUTES[route]!(`${route}_${round}`);
      await stats(true);
      const t = performance.now();
      const r = await fetch(`${base}${url}`, init);
      await r.arrayBuffer();
      const ms = performance.now() - t;
      const service = await stats(false);
      console.log(`| ${route} | ${round} | ${r.status} | ${ms.toFixed(0)} | ${service.maxDelayMs} | ${lessWait(service)} |`);
    }
  }
} finally {
  if (server) await stopService(server);
  rmSync(dir, { recursive: true, force: true });
}
