// How long an import stalls the service's event loop: imports a seeded events CSV of N events
// (default 300,000), or a council file (`--file PATH --format cin|annex-a|ssda903`), through the HTTP
// route while timing a timer every 5 ms; prints the import's time and the longest stall.
// `npx tsx bench/import-stall.ts [events] [--file PATH --format F] [--multipart]`; `--window` also prints
// the longest stall's window on the clock of `node --cpu-prof`, and `--stalls MS` every stall over MS ms with its window; `--file` given more than once sends the files as parts of one form (an SSDA903 header and episodes: `--format ssda903`).
// `--wal` also prints the database's -wal file: its largest size during each round (read every 100 ms), its size when
// the response came and 2 s later. `--transactions` also prints the longest SQLite transaction on the service's
// thread (its body, its commit and any checkpoint the commit ran) and how many took over 50 ms. Each round also
// gives its longest stall less the time the thread waited for a CPU during it (/proc/thread-self/schedstat, as
// ./loop-gaps.ts: about what a quiet machine would see; a wait on the disk stays in it) and how many such were over 100 ms.
import { mkdtempSync, rmSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { waitedNs } from './loop-gaps.js';
import { buildApp } from '../server/app.js';
import { openStore } from '../server/db/store.js';
import { writeEventsCsv } from './events-file.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const givenFiles = args.flatMap((a, i) => (a === '--file' && args[i + 1] !== undefined ? [args[i + 1]!] : []));
const given = givenFiles[0];
const format = option('--format') ?? 'events';
const stallsOver = option('--stalls') === undefined ? undefined : Number(option('--stalls'));
const events = given === undefined ? Number(args[0] ?? 300_000) : 0;
// --transactions: every transaction function better-sqlite3 makes on this thread, timed
const transactionMs: number[] = [];
if (args.includes('--transactions')) {
  type Tx = ((...a: unknown[]) => unknown) & Record<'deferred' | 'immediate' | 'exclusive', (...a: unknown[]) => unknown>;
  const make = Database.prototype.transaction as unknown as (this: unknown, fn: unknown) => Tx;
  const timed = (run: (...a: unknown[]) => unknown) => function (this: unknown, ...a: unknown[]) {
    const t = performance.now();
    try {
      return run.apply(this, a);
    } finally {
      transactionMs.push(performance.now() - t);
    }
  };
  (Database.prototype as unknown as { transaction: unknown }).transaction = function (this: unknown, fn: unknown) {
    const tx = make.call(this, fn);
    return Object.assign(timed(tx), { deferred: timed(tx.deferred), immediate: timed(tx.immediate), exclusive: timed(tx.exclusive) });
  };
}
const dir = mkdtempSync(join(tmpdir(), 'import-stall-'));
try {
  const file = given ?? join(dir, 'events.csv');
  if (given === undefined) await writeEventsCsv(file, events, 1);
  const files = given === undefined ? [file] : givenFiles;
  const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
  const dbFile = join(dir, 'db.sqlite');
  const store = openStore(dbFile);
  const walMb = () => (statSync(`${dbFile}-wal`, { throwIfNoEntry: false })?.size ?? 0) / 1024 ** 2;
  const app = await buildApp({ store, clientDir: join(dir, 'none') });
  await app.ready(); // a served app is ready before its first upload (its start-up is no import's stall)
  // --multipart: the file as the one part of a form (as the browser's import page sends it); built before the
  // timer starts (built inside it, joining an SSDA903 pair of 50 MB was timed as a stall of the service: 171 ms)
  const boundary = '----import-stall';
  const form = args.includes('--multipart') || files.length > 1
    ? Buffer.concat([
        ...files.flatMap((f, i) => [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${format}"; filename="upload-${i + 1}"\r\n\r\n`), readFileSync(f), Buffer.from('\r\n')]),
        Buffer.from(`--${boundary}--\r\n`),
      ])
    : null;
  for (const round of [1, 2]) {
    let last = performance.now();
    let longest = 0;
    // the longest stall's window on the monotonic clock in µs (a CPU profile's clock: see --window)
    let window: [bigint, bigint] = [0n, 0n];
    let lastHr = process.hrtime.bigint();
    const over: string[] = []; // --stalls MS: every stall over MS ms, with its window (µs, a CPU profile's clock)
    let lastWait = waitedNs();
    let longestLessWait = 0;
    let lessWaitOver100 = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      const hr = process.hrtime.bigint();
      const wait = waitedNs();
      if (wait !== null && lastWait !== null) {
        const lessWait = now - last - 5 - (wait - lastWait) / 1e6;
        longestLessWait = Math.max(longestLessWait, lessWait);
        if (lessWait > 100) lessWaitOver100++;
      }
      lastWait = wait;
      if (stallsOver !== undefined && now - last - 5 > stallsOver) over.push(`${(now - last - 5).toFixed(0)} ms (µs ${lastHr / 1000n}-${hr / 1000n})`);
      if (now - last - 5 > longest) window = [lastHr / 1000n, hr / 1000n];
      longest = Math.max(longest, now - last - 5);
      last = now;
      lastHr = hr;
    }, 5);
    let walLargest = 0;
    const walTimer = args.includes('--wal') ? setInterval(() => (walLargest = Math.max(walLargest, walMb())), 100) : undefined;
    transactionMs.length = 0;
    const started = performance.now();
    const { Readable } = await import('node:stream');
    const { setImmediate: nextTurn } = await import('node:timers/promises');
    // The body in 64 KiB pieces, each on a turn of the event loop of its own, as a socket delivers it
    // (pieces handed over in microtasks would time the stream's plumbing, not the import).
    const delivered = (body: Buffer): NodeJS.ReadableStream => Readable.from((async function* () {
      for (let i = 0; i < body.length; i += 65536) {
        await nextTurn();
        yield body.subarray(i, i + 65536);
      }
    })());
    const res = form
      ? await app.inject({ method: 'POST', url: `/api/datasets/d${round}?lenient=1`, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: delivered(form) })
      : await app.inject({ method: 'POST', url: `/api/datasets/d${round}?format=${format}&lenient=1`, headers: { 'content-type': 'text/csv' }, payload: delivered(bytes) });
    clearInterval(timer);
    clearInterval(walTimer);
    if (walTimer !== undefined) {
      const atEnd = walMb();
      await new Promise((resolve) => setTimeout(resolve, 2000));
      console.log(`round ${round}: -wal largest ${Math.max(walLargest, atEnd).toFixed(1)} MB, at the response ${atEnd.toFixed(1)} MB, 2 s later ${walMb().toFixed(1)} MB`);
    }
    if (args.includes('--transactions')) {
      const longestTx = transactionMs.reduce((a, b) => Math.max(a, b), 0);
      console.log(`round ${round}: ${transactionMs.length} transactions on this thread, longest ${longestTx.toFixed(0)} ms, ${transactionMs.filter((ms) => ms > 50).length} over 50 ms`);
    }
    if (over.length > 0) console.log(`round ${round}: stalls over ${stallsOver} ms: ${over.join(', ')}`);
    console.log(`round ${round}: ${given === undefined ? `${events} events` : files.join(' + ')} (${(bytes.length / 1024 ** 2).toFixed(1)} MB): status ${res.statusCode} in ${(performance.now() - started).toFixed(0)} ms; longest event-loop stall ${longest.toFixed(0)} ms (less CPU wait ${longestLessWait.toFixed(0)} ms, ${lessWaitOver100} over 100 ms)${args.includes('--window') ? ` (µs ${window[0]}-${window[1]})` : ''}`);
  }
  await app.close();
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
