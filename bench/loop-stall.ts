// How long an import and cold first requests stall everyone else. Starts the service in a process of
// its own (bench/limits-server.ts: compute worker on, as `npm start` runs it) over an empty database,
// then, while a poller requests GET /api/session every 10 ms: (1) imports a seeded events CSV of N rows
// (default 120,000) over HTTP; (2) sends the seven first requests of a new dataset at once (flow,
// pathways, rereferrals, metrics, stations, time in care, moves). Prints, for each, the slowest poll,
// the polls over 100 ms and the server's longest event-loop delay, and (Linux) its longest loop gap
// less the time the server's thread waited for a CPU: on a shared, loaded machine the plain figures
// mostly measure the other work (./loop-gaps.ts).
// Usage: npx tsx bench/loop-stall.ts [--rows N] [--rounds R] [--port P] [--root DIR]
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { writeEventsCsv } from './events-file.js';
import { watchLoopGaps } from './loop-gaps.js';

const arg = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1]! : fallback;
};
const here = resolve(fileURLToPath(new URL('..', import.meta.url)));
const root = resolve(arg('root', here));
const rows = Number(arg('rows', '120000'));
const rounds = Number(arg('rounds', '2'));
const port = Number(arg('port', '3017'));
const base = `http://127.0.0.1:${port}`;
const FIRST_REQUESTS = ['views/flow', 'views/pathways', 'views/rereferrals', 'metrics', 'stations', 'views/time-in-care', 'moves'];

/** The server's longest event-loop delay, and its longest loop gap less the time it waited for a CPU. */
async function serverDelay(reset: boolean): Promise<string> {
  const response = await fetch(`${base}/__bench/stats?reset=${reset ? 1 : 0}`);
  const stats = (await response.json()) as { maxDelayMs: number; maxGapLessWaitMs?: number };
  const lessWait = stats.maxGapLessWaitMs === undefined || stats.maxGapLessWaitMs === null ? '' : ` (${stats.maxGapLessWaitMs} ms not counting waits for a CPU)`;
  return `${stats.maxDelayMs} ms${lessWait}`;
}

// The poller runs in a thread of its own: in this thread, sending a 49 MB upload (or a collection of
// this thread's own) held polls that the server had answered, and they were counted as the server's.
const POLLER = `
const { parentPort, workerData } = require('node:worker_threads');
let done = false;
const polls = [];
parentPort.once('message', () => { done = true; });
(async () => {
  // a thread's first fetch loads and compiles the HTTP client (100-150 ms): not the server's time
  await (await fetch(workerData.url)).arrayBuffer();
  parentPort.postMessage('ready');
  while (!done) {
    const t = performance.now();
    await (await fetch(workerData.url)).arrayBuffer();
    polls.push([performance.now() - t, performance.timeOrigin + t]);
    await new Promise((r) => setTimeout(r, 10));
  }
  parentPort.postMessage(polls);
})();
`;

/** Runs `work` while polling GET /api/session every 10 ms; the polls' latencies, slowest first. */
async function pollWhile<T>(work: () => Promise<T>): Promise<{ result: T; polls: number[]; slowestAt: number; ms: number }> {
  const poller = new Worker(POLLER, { eval: true, workerData: { url: `${base}/api/session` } });
  const messages: unknown[] = [];
  let heard = () => {};
  poller.on('message', (m) => {
    messages.push(m);
    heard();
  });
  const next = () => new Promise<unknown>((ok, fail) => {
    if (messages.length > 0) return ok(messages.shift());
    heard = () => ok(messages.shift());
    poller.once('error', fail);
  });
  await next(); // 'ready'
  const started = performance.timeOrigin + performance.now();
  const result = await work().finally(() => poller.postMessage('stop'));
  const ms = performance.timeOrigin + performance.now() - started;
  const timed = (await next()) as [number, number][];
  await poller.terminate();
  const slowest = timed.reduce((a, b) => (b[0] > a[0] ? b : a), [0, started]);
  return { result, polls: timed.map(([p]) => p).sort((a, b) => b - a), slowestAt: slowest[1] - started, ms };
}

// This thread's own loop (it sends the upload and the first requests): before the poller had a thread
// of its own, a gap here lengthened polls that the server answered at once.
const ownGaps = watchLoopGaps();
const own = (): string => {
  const g = ownGaps.read(true);
  return `; the bench's own longest loop gap ${g.maxGapMs} ms${Number.isNaN(g.maxGapLessWaitMs) ? '' : ` (${g.maxGapLessWaitMs} ms not counting waits for a CPU)`}`;
};

const summary = ({ polls, slowestAt }: { polls: number[]; slowestAt: number }) =>
  `${polls.length} polls, slowest ${polls[0]?.toFixed(0)} ms (sent ${(slowestAt / 1000).toFixed(1)} s in), ${polls.filter((p) => p > 100).length} over 100 ms, p99 ${polls[Math.floor(polls.length * 0.01)]?.toFixed(0)} ms`;

const dir = mkdtempSync(join(tmpdir(), 'loop-stall-'));
const child = fork(join(here, 'bench/limits-server.ts'), ['--root', root, '--db', join(dir, 'bench.db'), '--port', String(port)], {
  execArgv: ['--import', 'tsx'],
  stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
});
try {
  const csv = join(dir, 'events.csv');
  await writeEventsCsv(csv, rows, 3);
  const bytes = readFileSync(csv);
  await new Promise<void>((ok, fail) => {
    child.once('message', () => ok());
    child.once('exit', (code) => fail(new Error(`the server exited (${code})`)));
  });
  console.log(`# loop stall: ${root === here ? 'this checkout' : root}, ${rows.toLocaleString('en-GB')} rows (${(bytes.length / 2 ** 20).toFixed(1)} MB), ${new Date().toISOString().slice(0, 10)}, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  for (let round = 1; round <= rounds; round++) {
    const name = `big${round}`;
    await serverDelay(true);
    own();
    const imported = await pollWhile(async () => {
      const response = await fetch(`${base}/api/datasets/${name}?format=events`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: bytes });
      await response.arrayBuffer();
      return response.status;
    });
    console.log(`round ${round} import: status ${imported.result} in ${imported.ms.toFixed(0)} ms; ${summary(imported)}; server's longest event-loop delay ${await serverDelay(true)}${own()}`);
    const cold = await pollWhile(() => Promise.all(FIRST_REQUESTS.map(async (path) => (await fetch(`${base}/api/datasets/${name}/${path}`)).arrayBuffer().then(() => path))));
    console.log(`round ${round} 7 first requests: ${cold.ms.toFixed(0)} ms; ${summary(cold)}; server's longest event-loop delay ${await serverDelay(true)}${own()}`);
  }
} finally {
  child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
