// What the stall benches share (bench/download-stall.ts, bench/cold-stall.ts): their options, the service
// started in a process of its own (bench/limits-server.ts, as `npm start` runs it: compute worker on) and
// its event-loop figures (GET /__bench/stats).
import { fork, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The command line's `--name value`, or `fallback`. */
export const arg = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1]! : fallback;
};

/** This repository's root. */
export const here = resolve(fileURLToPath(new URL('..', import.meta.url)));

export interface ServiceStats {
  maxDelayMs: number;
  maxGapMs: number;
  maxGapLessWaitMs: number;
}

/** The service's longest event-loop delay and gaps since the last reset (`reset`: start again after this). */
export async function serviceStats(base: string, reset: boolean): Promise<ServiceStats> {
  const r = await fetch(`${base}/__bench/stats?reset=${reset ? 1 : 0}`);
  return (await r.json()) as ServiceStats;
}

/** The gap less CPU wait as a table cell ('n/a' where Linux does not say). */
export const lessWait = (stats: ServiceStats): string => (Number.isNaN(stats.maxGapLessWaitMs) ? 'n/a' : stats.maxGapLessWaitMs.toFixed(0));

/** Starts this repository's service over `dbPath` on `port`; resolves once it listens. */
export async function startService(dbPath: string, port: number, execArgv: string[] = []): Promise<ChildProcess> {
  const server = fork(join(here, 'bench/limits-server.ts'), ['--root', here, '--db', dbPath, '--port', String(port)], {
    execArgv: ['--import', 'tsx', ...execArgv],
    env: { ...process.env, MALLOC_MMAP_THRESHOLD_: '131072' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  await new Promise<void>((ok, fail) => {
    server.once('message', () => ok());
    server.once('exit', (code) => fail(new Error(`the server exited (${code})`)));
  });
  return server;
}

/** Stops the service (SIGTERM) and waits for its process to end. */
export async function stopService(server: ChildProcess): Promise<void> {
  const exited = new Promise((ok) => server.once('exit', ok));
  server.kill('SIGTERM');
  await exited;
}
