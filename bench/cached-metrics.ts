// Cached metrics under load: one process serves a small dataset's metrics (cached after the first
// request) to 64 keep-alive clients for 4 s and prints requests a second. The clients run in a child
// process (node:http, keep-alive), so their own work does not share the service's process; the figure
// that matters on a busy machine is the service's CPU time per request (this process, compute worker
// included, while the clients run), which load from other processes moves far less than requests a
// second, and its main thread's busy time per request (event-loop utilisation × wall time ÷ requests).
// `--root DIR` measures another checkout the same way; `--worker` turns the compute worker on (as
// `npm start` runs). `--seconds S` (default 4), `--rounds R` (default 1).
// Usage: npx tsx bench/cached-metrics.ts [--root DIR] [--worker] [--seconds 4] [--rounds 1]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawn } from 'node:child_process';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const root = resolve(arg('root') ?? fileURLToPath(new URL('..', import.meta.url)));
const worker = process.argv.includes('--worker');
const seconds = Number(arg('seconds') ?? 4);
const rounds = Number(arg('rounds') ?? 1);
const { openStore } = (await import(pathToFileURL(join(root, 'server/db/store.ts')).href)) as typeof import('../server/db/store.js');
const { buildApp } = (await import(pathToFileURL(join(root, 'server/app.ts')).href)) as typeof import('../server/app.js');

const dir = mkdtempSync(join(tmpdir(), 'bench-cached-'));
const store = openStore(join(dir, 'c.db'));
const rows = ['child_id,event,date'];
for (let i = 0; i < 2000; i++) rows.push(`C${i},contact,2023-01-0${1 + (i % 9)}`);
await store.importEventsCsv('d', Readable.from([`${rows.join('\n')}\n`]), {});
const app = await buildApp({ store, computeWorker: worker, clientDir: '/nonexistent', mapsDir: join(root, 'maps') } as Parameters<typeof buildApp>[0]);
const address = await app.listen({ port: 0, host: '127.0.0.1' });
const url = `${address}/api/datasets/d/metrics`;
await (await fetch(url)).text();

// The client process keeps 64 requests in flight until its deadline, then prints its counts.
const clientSource = `
const http = require('node:http');
const [url, ms] = [process.argv[1], Number(process.argv[2])];
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
let ok = 0, errors = 0;
const until = Date.now() + ms;
const one = () => new Promise((done) => {
  http.get(url, { agent }, (response) => {
    response.resume();
    response.on('end', () => { if (response.statusCode === 200) ok++; else errors++; done(); });
  }).on('error', () => { errors++; done(); });
});
(async () => {
  await Promise.all(Array.from({ length: 64 }, async () => { while (Date.now() < until) await one(); }));
  console.log(JSON.stringify({ ok, errors }));
  agent.destroy();
})();`;

function runClients(ms: number): Promise<{ ok: number; errors: number }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-e', clientSource, url, String(ms)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', fail);
    child.once('exit', () => done(JSON.parse(out) as { ok: number; errors: number }));
  });
}

await runClients(2000); // warm-up: the first seconds run colder code
for (let round = 1; round <= rounds; round++) {
  const start = performance.now();
  const before = performance.eventLoopUtilization();
  const cpuBefore = process.cpuUsage();
  const { ok, errors } = await runClients(seconds * 1000);
  const cpu = process.cpuUsage(cpuBefore);
  const wall = performance.now() - start;
  const busy = performance.eventLoopUtilization(before);
  const n = Math.max(ok + errors, 1);
  const cpuMicros = ((cpu.user + cpu.system) / n).toFixed(1);
  const busyMicros = ((busy.active * 1000) / n).toFixed(1);
  console.log(`${root}${worker ? ' (compute worker)' : ''} round ${round}: ${Math.round(ok / seconds)} requests/s, ${errors} errors, service ${cpuMicros} µs CPU per request, main thread ${busyMicros} µs busy per request (${(busy.utilization * 100).toFixed(0)}% of ${(wall / 1000).toFixed(1)} s)`);
}
await app.close();
store.close();
rmSync(dir, { recursive: true, force: true });
