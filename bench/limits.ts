// Limits benchmark: what one bad request does to the service. Starts the service in a process of its
// own (bench/limits-server.ts: compute worker on, as `npm start` runs it) over a 1,000,000-event dataset,
// the demo council and a dataset of 1,000,000 distinct children, then measures: cold first requests and
// how long they stall other requests; windows of 0001-01-01 to 9999-12-31; 100 concurrent downloads of
// the moves file; cached metrics under load; an idle upload against a later import; an oversized
// upload; deleting the large dataset. `--root DIR` measures another checkout (e.g. main) the same way.
// Usage: npx tsx bench/limits.ts [--root DIR] [--events N] [--port P]
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createReadStream } from 'node:fs';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { writeEventsCsv } from './events-file.js';

const arg = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1]! : fallback;
};
const here = resolve(fileURLToPath(new URL('..', import.meta.url)));
const root = resolve(arg('root', here));
const events = Number(arg('events', '1000000'));
const port = Number(arg('port', '3012'));
const base = `http://127.0.0.1:${port}`;
const MAX_UPLOAD = 64 * 1024 ** 2;
const lines: string[] = [];
const say = (line: string) => {
  lines.push(line);
  console.log(line);
};

interface Timed {
  status: number;
  ms: number;
  bytes: number;
  error?: string;
}

/** Fetches `url`, reading and discarding the body; never throws. */
async function timed(url: string, init: RequestInit = {}, timeoutMs = 120_000): Promise<Timed> {
  const started = performance.now();
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    let bytes = 0;
    if (response.body === null) return { status: response.status, ms: performance.now() - started, bytes };
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
    }
    return { status: response.status, ms: performance.now() - started, bytes };
  } catch (error) {
    return { status: 0, ms: performance.now() - started, bytes: 0, error: (error as Error).name };
  }
}

async function stats(options: { reset?: boolean; gc?: boolean } = {}): Promise<{ rssMb: number; maxDelayMs: number }> {
  const response = await fetch(`${base}/__bench/stats?reset=${options.reset ? 1 : 0}&gc=${options.gc ? 1 : 0}`);
  return (await response.json()) as { rssMb: number; maxDelayMs: number };
}

/** Runs `work` while requesting a light route every 25 ms; returns its result and the slowest probe. */
async function probeWhile<T>(work: Promise<T>): Promise<{ result: T; probeMaxMs: number }> {
  let done = false;
  let probeMaxMs = 0;
  const probing = (async () => {
    while (!done) {
      const t = await timed(`${base}/api/maps`, {}, 60_000);
      probeMaxMs = Math.max(probeMaxMs, t.ms);
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  const result = await work.finally(() => {
    done = true;
  });
  await probing;
  return { result, probeMaxMs };
}

/** A raw chunked POST: `feed` writes chunks; resolves with the status (0 when the socket closed first) and bytes written. */
function rawUpload(path: string, feed: (write: (text: string) => boolean, drained: () => Promise<void>) => void, limitMs: number): Promise<{ status: number; bytes: number; ms: number }> {
  return new Promise((resolvePromise) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let bytes = 0;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const match = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      resolvePromise({ status: match ? Number(match[1]) : 0, bytes, ms: performance.now() - started });
      socket.destroy();
    };
    const timer = setTimeout(finish, limitMs);
    socket.on('data', (d) => {
      answer += d.toString('latin1');
      if (answer.includes('\r\n\r\n')) finish();
    });
    socket.on('close', () => {
      finish();
      socket.emit('drain'); // wakes a writer waiting for a drain that will not come
    });
    socket.on('error', finish);
    socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n`);
    feed((text) => {
      if (settled || socket.destroyed) return false;
      const ok = socket.write(`${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`);
      bytes += Buffer.byteLength(text);
      return ok;
    }, () => new Promise<void>((resolveDrain) => {
      if (settled || socket.destroyed) resolveDrain();
      else socket.once('drain', () => resolveDrain());
    }));
  });
}

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-limits-'));
  const server = { kill: () => undefined as unknown } as { kill: (signal?: NodeJS.Signals) => unknown };
  try {
    // The datasets, imported with the measured version's own store.
    const { openStore } = (await import(pathToFileURL(join(root, 'server/db/store.ts')).href)) as typeof import('../server/db/store.js');
    const { writeDemoCsv } = (await import(pathToFileURL(join(root, 'synth/demo.ts')).href)) as typeof import('../synth/demo.js');
    const bigCsv = join(dir, 'big.csv');
    await writeEventsCsv(bigCsv, events, 42);
    await writeDemoCsv(join(dir, 'demo.csv'));
    const wide: string[] = ['child_id,event,date'];
    for (let i = 0; i < 1_000_000; i++) wide.push(`WIDE-CHILD-${i.toString().padStart(8, '0')},contact,2023-01-01`);
    writeFileSync(join(dir, 'wide.csv'), `${wide.join('\n')}\n`);
    const store = openStore(join(dir, 'bench.db'));
    for (const name of ['big', 'demo', 'wide']) await store.importEventsCsv(name, createReadStream(join(dir, `${name}.csv`)), {});
    store.close();

    const child = fork(join(here, 'bench/limits-server.ts'), ['--root', root, '--db', join(dir, 'bench.db'), '--port', String(port), '--max-upload', String(MAX_UPLOAD)], {
      execArgv: ['--expose-gc', '--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    server.kill = (signal) => child.kill(signal);
    await new Promise<void>((ok, fail) => {
      child.once('message', () => ok());
      child.once('exit', (code) => fail(new Error(`the server exited (${code})`)));
    });
    say(`# limits benchmark: ${root === here ? 'this checkout' : root}, ${events.toLocaleString('en-GB')} events, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    say(`server RSS at start (3 datasets stored, none loaded): ${(await stats({ reset: true, gc: true })).rssMb} MB`);

    say('\n| cold first request (1M events) | status | ms | MB | slowest other request ms | longest event-loop stall ms |');
    say('|---|---:|---:|---:|---:|---:|');
    for (const url of ['/api/datasets/big/moves', '/api/datasets/big/metrics', '/api/datasets/big/views/rereferrals', '/api/datasets/big/views/flow', '/api/datasets/big/views/pathways']) {
      await stats({ reset: true });
      const { result, probeMaxMs } = await probeWhile(timed(`${base}${url}`));
      const s = await stats({ reset: true });
      say(`| ${url} | ${result.status} | ${result.ms.toFixed(0)} | ${mb(result.bytes)} | ${probeMaxMs.toFixed(0)} | ${s.maxDelayMs} |`);
    }
    say(`server RSS after the cold requests: ${(await stats({ gc: true })).rssMb} MB`);

    say('\n| demo, window 0001-01-01 to 9999-12-31 | status | ms | MB | slowest other request ms | server RSS after MB |');
    say('|---|---:|---:|---:|---:|---:|');
    for (const view of ['flow', 'pathways', 'rereferrals']) {
      const { result, probeMaxMs } = await probeWhile(timed(`${base}/api/datasets/demo/views/${view}?from=0001-01-01&to=9999-12-31`));
      say(`| views/${view} | ${result.status} | ${result.ms.toFixed(0)} | ${mb(result.bytes)} | ${probeMaxMs.toFixed(0)} | ${(await stats()).rssMb} |`);
    }

    // 100 concurrent downloads of the (now cached) 1M-event moves file
    let peak = 0;
    const sampling = setInterval(() => void stats().then((s) => (peak = Math.max(peak, s.rssMb)), () => undefined), 100);
    const started = performance.now();
    const downloads = await Promise.all(Array.from({ length: 100 }, () => timed(`${base}/api/datasets/big/moves`, {}, 60_000)));
    clearInterval(sampling);
    const failed = downloads.filter((d) => d.status !== 200);
    say(`\n100 concurrent moves downloads (${mb(downloads[0]!.bytes)} MB each): ${((performance.now() - started) / 1000).toFixed(1)} s, ${failed.length} failed or timed out, server peak RSS ${peak} MB`);

    // cached metrics under load: 64 connections for 5 s
    const until = performance.now() + 5000;
    let ok = 0;
    let errors = 0;
    await Promise.all(Array.from({ length: 64 }, async () => {
      while (performance.now() < until) {
        const r = await timed(`${base}/api/datasets/big/metrics`, {}, 10_000);
        if (r.status === 200) ok++;
        else errors++;
      }
    }));
    say(`cached metrics, 64 connections for 5 s: ${Math.round(ok / 5).toLocaleString('en-GB')} requests/s, ${errors} errors`);

    // an idle upload, then a 199-row import
    const idle = rawUpload('/api/datasets/idle', (write) => write('child_id,event,date\nI1,contact,2023-01-01\n'), 200_000);
    await new Promise((r) => setTimeout(r, 200));
    const small = ['child_id,event,date', ...Array.from({ length: 199 }, (_, i) => `S${i},contact,2023-01-01`)].join('\n');
    const smallImport = await timed(`${base}/api/datasets/small`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: small }, 150_000);
    const idleResult = await idle;
    say(`199-row import during an idle upload: status ${smallImport.status} after ${(smallImport.ms / 1000).toFixed(2)} s; the idle upload: status ${idleResult.status} after ${(idleResult.ms / 1000).toFixed(1)} s`);

    // an upload far over the limit (64 MiB here): how much is read before it is refused
    const row = 'X1,contact,2023-01-01\n'.repeat(20_000);
    let refusedAt = -1;
    const big = await rawUpload('/api/datasets/huge', (write, drained) => {
      void (async () => {
        let sent = 0;
        let first = true;
        while (sent < 512 * 1024 ** 2) {
          const ok = write(first ? `child_id,event,date\n${row}` : row);
          first = false;
          sent += row.length;
          if (!ok) {
            await drained();
            if (refusedAt >= 0) return;
          }
        }
      })();
    }, 300_000);
    refusedAt = big.bytes;
    say(`upload of up to 512 MB against a ${mb(MAX_UPLOAD)} MB limit: status ${big.status} (0: the socket closed first) after ${mb(big.bytes)} MB written by the client (sent with back-pressure, so at most a few MB more than the server read), ${(big.ms / 1000).toFixed(1)} s`);

    // a dataset of 1,000,000 distinct children: load it, then delete it
    const before = await stats({ gc: true, reset: true });
    await timed(`${base}/api/datasets/wide/metrics`);
    const loadedStats = await stats({ gc: true, reset: true });
    const { result: deleted, probeMaxMs } = await probeWhile(timed(`${base}/api/datasets/wide`, { method: 'DELETE' }));
    const afterDelete = await stats({ reset: true });
    await new Promise((r) => setTimeout(r, 3000));
    const settled = await stats({ gc: true });
    say(`1,000,000 distinct children: RSS ${before.rssMb} MB before loading, ${loadedStats.rssMb} MB loaded; DELETE status ${deleted.status} in ${deleted.ms.toFixed(0)} ms, slowest other request ${probeMaxMs.toFixed(0)} ms, longest stall ${afterDelete.maxDelayMs} ms; RSS 3 s later ${settled.rssMb} MB`);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
