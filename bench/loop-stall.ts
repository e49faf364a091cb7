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
import { writeEventsCsv } from './events-file.js';

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

/** Runs `work` while polling GET /api/session every 10 ms; the polls' latencies, slowest first. */
async function pollWhile<T>(work: () => Promise<T>): Promise<{ result: T; polls: number[]; ms: number }> {
  let done = false;
  const polls: number[] = [];
  const polling = (async () => {
    while (!done) {
      const t = performance.now();
      await (await fetch(`${base}/api/session`)).arrayBuffer();
      polls.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const started = performance.now();
  const result = await work().finally(() => {
    done = true;
  });
  const ms = performance.now() - started;
  await polling;
  return { result, polls: polls.sort((a, b) => b - a), ms };
}

const summary = (polls: number[]) =>
  `${polls.length} polls, slowest ${polls[0]?.toFixed(0)} ms, ${polls.filter((p) => p > 100).length} over 100 ms, p99 ${polls[Math.floor(polls.length * 0.01)]?.toFixed(0)} ms`;

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
    const imported = await pollWhile(async () => {
      const response = await fetch(`${base}/api/datasets/${name}?format=events`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: bytes });
      await response.arrayBuffer();
      return response.status;
    });
    console.log(`round ${round} import: status ${imported.result} in ${imported.ms.toFixed(0)} ms; ${summary(imported.polls)}; server's longest event-loop delay ${await serverDelay(true)}`);
    const cold = await pollWhile(() => Promise.all(FIRST_REQUESTS.map(async (path) => (await fetch(`${base}/api/datasets/${name}/${path}`)).arrayBuffer().then(() => path))));
    console.log(`round ${round} 7 first requests: ${cold.ms.toFixed(0)} ms; ${summary(cold.polls)}; server's longest event-loop delay ${await serverDelay(true)}`);
  }
} finally {
  child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
