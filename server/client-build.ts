// Builds the browser client with Vite when `client/dist` is missing or older than any source it is
// built from (client/ and core/), so `npm start` on a fresh clone serves an up-to-date client.
import { closeSync, existsSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CLIENT_DIR = join(repoRoot, 'client');
export const CLIENT_DIST = join(CLIENT_DIR, 'dist');
const SOURCES = [CLIENT_DIR, join(repoRoot, 'core')];

/** Newest modification time (ms) of any file under `dir`, skipping `skip` and dot-folders. */
function newestMtime(dir: string, skip: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (path === skip || entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const time = entry.isDirectory() ? newestMtime(path, skip) : statSync(path).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

/** Whether the build output is missing or older than its sources (the build stamps dist/index.html). */
export function clientBuildIsStale(): boolean {
  const stamp = join(CLIENT_DIST, 'index.html');
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return SOURCES.some((dir) => existsSync(dir) && newestMtime(dir, CLIENT_DIST) > built);
}

let building: Promise<void> | null = null;
const LOCK = join(CLIENT_DIR, '.build-lock');
/** a lock older than this was left by a crashed build */
const STALE_LOCK_MS = 5 * 60_000;

/**
 * Takes the cross-process build lock (test workers build concurrently; two Vite builds into one
 * folder would corrupt it), waiting while another process holds it. Returns false when, after
 * waiting, the build is no longer needed.
 */
async function acquireLock(force: boolean): Promise<boolean> {
  for (;;) {
    try {
      closeSync(openSync(LOCK, 'wx'));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    try {
      if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { force: true });
    } catch {
      // the other build just finished
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
    if (!existsSync(LOCK) && !force && !clientBuildIsStale()) return false;
  }
}

/** Runs `vite build` (client/vite.config.ts) when the client is missing or out of date. */
export async function ensureClientBuilt(options: { force?: boolean } = {}): Promise<void> {
  const force = options.force ?? false;
  if (!force && !clientBuildIsStale()) return;
  // One build at a time per process (concurrent callers share it) and across processes (a lock file).
  building ??= (async () => {
    if (!(await acquireLock(force))) return;
    try {
      if (!force && !clientBuildIsStale()) return;
      const { build } = await import('vite');
      await build({ configFile: join(CLIENT_DIR, 'vite.config.ts'), logLevel: 'warn' });
    } finally {
      rmSync(LOCK, { force: true });
    }
  })().finally(() => {
    building = null;
  });
  return building;
}

// `npm run build:client` runs this file: build now, whatever the timestamps say.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  ensureClientBuilt({ force: true })
    .then(() => console.log(`client built into ${CLIENT_DIST} in ${((Date.now() - started) / 1000).toFixed(1)} s`))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    });
}
