// What 100 concurrent downloads of the moves file do to everyone else (issue 12 item 5: "no request stalls
// others for more than 100 ms"; audit a12b finding 4 saw a poller's slowest answer at 512-1,084 ms).
// Starts the service in a process of its own (bench/limits-server.ts, as `npm start` runs it) over one
// dataset of --events events, then, each from a process of its own, downloads the moves file --clients
// times at once while a poller asks GET /api/maps every 10 ms. Prints the poller's slowest answers, the
// service's longest event-loop delay and that delay less the time its thread waited for a CPU (what a
// machine with a core to spare would see: the downloader and the poller share this machine's 2 cores).
// Usage: npx tsx bench/download-stall.ts [--events N] [--clients N] [--rounds N] [--port P] [--cpu-prof DIR]
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { arg, lessWait, serviceStats, startService, stopService } from './bench-service.js';
import { writeEventsCsv } from './events-file.js';
import { openStore } from '../server/db/store.js';

const events = Number(arg('events', '165000'));
const clients = Number(arg('clients', '100'));
const rounds = Number(arg('rounds', '3'));
const port = Number(arg('port', '3014'));
const base = `http://127.0.0.1:${port}`;
const profileDir = arg('cpu-prof', '');

// Plain scripts for node -e, so neither side pays for tsx or shares the bench's event loop.
const POLLER = `
const base = process.argv[1]; const times = []; let stop = false;
process.on('message', () => { stop = true; });
(async () => {
  while (!stop) {
    const t = performance.now();
    try { const r = await fetch(base + '/api/maps'); await r.arrayBuffer(); } catch {}
    times.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 10));
  }
  process.send(times, () => process.exit(0));
})();`;
const DOWNLOADER = `
const [base, n] = [process.argv[1], Number(process.argv[2])];
(async () => {
  const t = performance.now();
  const sizes = await Promise.all(Array.from({ length: n }, async () => {
    const r = await fetch(base + '/api/datasets/big/moves?map=front-door');
    if (r.status !== 200) return -r.status;
    return (await r.arrayBuffer()).byteLength;
  }));
  process.send({ ms: performance.now() - t, sizes }, () => process.exit(0));
})();`;

function child<T>(script: string, args: string[]): { proc: ReturnType<typeof spawn>; result: Promise<T> } {
  const proc = spawn(process.execPath, ['-e', script, ...args], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const result = new Promise<T>((ok, fail) => {
    proc.once('message', (m) => ok(m as T));
    proc.once('exit', (code) => fail(new Error(`a bench process exited (${code}) before answering`)));
  });
  return { proc, result };
}

const stats = (reset: boolean) => serviceStats(base, reset);

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

const dir = mkdtempSync(join(tmpdir(), 'bench-stall-'));
let server: ChildProcess | null = null;
try {
  await writeEventsCsv(join(dir, 'big.csv'), events, 42);
  const store = openStore(join(dir, 'bench.db'));
  await store.importEventsCsv('big', createReadStream(join(dir, 'big.csv')), {});
  store.close();
  server = await startService(join(dir, 'bench.db'), port, profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []);
  const warm = await fetch(`${base}/api/datasets/big/moves?map=front-door`);
  const bytes = (await warm.arrayBuffer()).byteLength;
  console.log(`# ${clients} concurrent moves downloads (${(bytes / 2 ** 20).toFixed(1)} MB each, ${events.toLocaleString('en-GB')} events), poller every 10 ms; load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log('| round | downloads s | failed | poller max ms | p99 ms | polls > 100 ms | service loop delay max ms | longest gap less CPU wait ms |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (let round = 1; round <= rounds; round++) {
    const poller = child<number[]>(POLLER, [base]);
    await new Promise((r) => setTimeout(r, 300));
    await stats(true);
    const downloads = await child<{ ms: number; sizes: number[] }>(DOWNLOADER, [base, String(clients)]).result;
    const service = await stats(false);
    poller.proc.send('stop');
    const polls = (await poller.result).sort((a, b) => a - b);
    const failed = downloads.sizes.filter((s) => s !== bytes).length;
    console.log(`| ${round} | ${(downloads.ms / 1000).toFixed(2)} | ${failed} | ${polls.at(-1)!.toFixed(0)} | ${quantile(polls, 0.99).toFixed(0)} | ${polls.filter((t) => t > 100).length} of ${polls.length} | ${service.maxDelayMs} | ${lessWait(service)} |`);
  }
} finally {
  if (server) await stopService(server);
  rmSync(dir, { recursive: true, force: true });
}
