// Peak memory of the service process while it imports one upload: the service as bench/limits.ts runs it
// (bench/limits-server.ts: the app of the repository at --root, this checkout or an older one to compare, with
// the compute workers, the allocator setting of `npm start`), in a process of its own on a fresh database; the
// file POSTed to it over HTTP from this process, streamed from disk. Prints the status, the import's time, the
// service's RSS before, its largest RSS sampled every 50 ms during the upload and its peak RSS (VmHWM, the
// kernel's high-water mark of the process, every thread) at the end, and the service's longest event-loop delay
// during the upload and in the 5 s after its answer (and its RSS then).
//   npx tsx bench/import-rss.ts --file m1.csv [--format events|cin|ssda903|annex-a] [--root DIR] [--import-mb N] [--trace-gc LOG]
// --trace-gc LOG: the service runs with --trace-gc (every isolate's, the import thread's included) into LOG.
import { fork } from 'node:child_process';
import { createReadStream, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';

const args = process.argv.slice(2);
const option = (name: string, fallback?: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const file = option('--file');
if (file === undefined) throw new Error('--file is required');
const format = option('--format', 'events')!;
const here = join(import.meta.dirname, '..');
const root = option('--root', here)!;
const importMb = option('--import-mb');
const traceGc = option('--trace-gc');
const port = 3400 + Math.floor(Math.random() * 500);

/** kB fields of /proc/PID/status, in MB */
function statusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`))!;
  return Math.round(Number(/(\d+)/.exec(line)![1]) / 1024);
}

const dir = mkdtempSync(join(tmpdir(), 'import-rss-'));
const log = traceGc === undefined ? 'ignore' : openSync(traceGc, 'w');
const child = fork(join(here, 'bench/limits-server.ts'), ['--root', root, '--db', join(dir, 'bench.db'), '--port', String(port), '--max-upload', String(2 * 1024 ** 3), ...(importMb === undefined ? [] : ['--import-mb', importMb])], {
  execArgv: ['--import', 'tsx', ...(traceGc === undefined ? [] : ['--trace-gc'])],
  env: { ...process.env, MALLOC_MMAP_THRESHOLD_: '131072' },
  stdio: ['ignore', log, 'inherit', 'ipc'],
});
try {
  await new Promise<void>((ok, fail) => {
    child.once('message', () => ok());
    child.once('exit', (code) => fail(new Error(`the server exited (${code})`)));
  });
  const pid = child.pid!;
  await new Promise((resolve) => setTimeout(resolve, 2_000)); // the compute workers' start-up settled
  const stats = async (reset: boolean) => (await (await fetch(`http://127.0.0.1:${port}/__bench/stats?reset=${reset ? 1 : 0}`)).json()) as { maxDelayMs: number };
  await stats(true);
  const before = statusMb(pid, 'VmRSS');
  const hwmBefore = statusMb(pid, 'VmHWM');
  let largest = before;
  const sampler = setInterval(() => (largest = Math.max(largest, statusMb(pid, 'VmRSS'))), 50);
  const t0 = performance.now();
  const type = format === 'events' ? 'text/csv' : 'application/octet-stream';
  const response = await fetch(`http://127.0.0.1:${port}/api/datasets/bench?format=${format}`, {
    method: 'POST',
    headers: { 'content-type': type, 'content-length': String(statSync(file).size) },
    body: Readable.toWeb(createReadStream(file)) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  const text = await response.text();
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  largest = Math.max(largest, statusMb(pid, 'VmRSS'));
  const body = JSON.parse(text) as { imported?: number; error?: string };
  const { maxDelayMs } = await stats(true);
  const rssAnswered = statusMb(pid, 'VmRSS');
  await new Promise((resolve) => setTimeout(resolve, 5_000)); // what follows the answer (a failed import's purge)
  const after = await stats(true);
  console.log(JSON.stringify({
    root, file, format, mb: +(statSync(file).size / 1024 ** 2).toFixed(1), importMb: importMb ?? 'default', status: response.status,
    imported: body.imported ?? null, error: body.error ?? null, seconds: +seconds.toFixed(1),
    rssBeforeMb: before, largestRssMb: largest, peakRssMb: statusMb(pid, 'VmHWM'), peakBeforeMb: hwmBefore,
    rssAnsweredMb: rssAnswered, rssAfterMb: statusMb(pid, 'VmRSS'), maxLoopDelayMs: maxDelayMs, maxLoopDelayAfterMs: after.maxDelayMs, load: loadavg().map((l) => +l.toFixed(1)),
  }));
} finally {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  rmSync(dir, { recursive: true, force: true });
}
