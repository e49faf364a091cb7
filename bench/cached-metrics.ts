// Cached metrics under load: one process serves a small dataset's metrics (cached after the first
// request) to 64 keep-alive clients for 4 s and prints requests a second. The clients run in two
// worker threads, so their own work (undici parsing every response) does not share the service's
// thread; the figure that matters on a busy machine is the service thread's busy time per request
// (its event-loop utilisation × wall time ÷ requests), which load from other processes hardly moves.
// `--root DIR` measures another checkout the same way; `--worker` turns the compute worker on (as
// `npm start` runs). `--seconds S` (default 4), `--rounds R` (default 1).
// Usage: npx tsx bench/cached-metrics.ts [--root DIR] [--worker] [--seconds 4] [--rounds 1]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

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

// Each client thread keeps 32 requests in flight until its deadline, then reports its counts.
const clientSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, ms } = workerData;
(async () => {
  let ok = 0, errors = 0;
  const until = performance.now() + ms;
  await Promise.all(Array.from({ length: 32 }, async () => {
    while (performance.now() < until) {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) ok++; else errors++;
    }
  }));
  parentPort.postMessage({ ok, errors });
})();`;

for (let round = 1; round <= rounds; round++) {
  const start = performance.now();
  const before = performance.eventLoopUtilization();
  const results = await Promise.all(
    [0, 1].map(
      () =>
        new Promise<{ ok: number; errors: number }>((done, fail) => {
          const client = new Worker(clientSource, { eval: true, workerData: { url, ms: seconds * 1000 } });
          client.once('message', (m) => { done(m as { ok: number; errors: number }); void client.terminate(); });
          client.once('error', fail);
        }),
    ),
  );
  const wall = performance.now() - start;
  const busy = performance.eventLoopUtilization(before);
  const ok = results.reduce((s, r) => s + r.ok, 0);
  const errors = results.reduce((s, r) => s + r.errors, 0);
  const busyMicros = ((busy.active * 1000) / Math.max(ok + errors, 1)).toFixed(1);
  console.log(`${root}${worker ? ' (compute worker)' : ''} round ${round}: ${Math.round(ok / seconds)} requests/s, ${errors} errors, service thread ${busyMicros} µs busy per request (${(busy.utilization * 100).toFixed(0)}% of ${(wall / 1000).toFixed(1)} s)`);
}
await app.close();
store.close();
rmSync(dir, { recursive: true, force: true });
