// The service as bench/limits.ts measures it, in a process of its own: the app of the repository at
// --root (this one, or a checkout of an older version to compare), over --db, on --port, with the
// compute worker on (as `npm start` runs it; older versions ignore the option) and an upload limit
// of --max-upload bytes. Adds GET /__bench/stats: resident memory and the longest event-loop delay
// since the last `?reset=1` (after a full GC when started with --expose-gc), and the longest gap less
// the time the loop's thread waited for a CPU (./loop-gaps.ts: what a quiet machine would see).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { watchLoopGaps } from './loop-gaps.js';

const arg = (name: string, fallback?: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  const value = at > 0 ? process.argv[at + 1] : fallback;
  if (value === undefined) throw new Error(`--${name} is required`);
  return value;
};
const root = arg('root');
const { openStore } = (await import(pathToFileURL(join(root, 'server/db/store.ts')).href)) as typeof import('../server/db/store.js');
const { buildApp } = (await import(pathToFileURL(join(root, 'server/app.ts')).href)) as typeof import('../server/app.js');

// --import-mb: an import thread's heap cap (StoreOptions.importHeapMb, JOURNEYS_MAX_IMPORT_MB; older versions ignore it)
const importMb = arg('import-mb', '');
const store = openStore(arg('db'), importMb === '' ? {} : ({ importHeapMb: Number(importMb) } as object));
const maxBytes = Number(arg('max-upload', String(64 * 1024 ** 2)));
const app = await buildApp({ store, computeWorker: true, uploadLimits: { maxBytes }, mapsDir: join(root, 'maps'), clientDir: '/nonexistent' } as Parameters<typeof buildApp>[0]);
const delay = monitorEventLoopDelay({ resolution: 5 });
delay.enable();
const gaps = watchLoopGaps();
app.get('/__bench/stats', { config: { access: 'public' } } as object, async (request) => {
  const query = request.query as { reset?: string; gc?: string };
  if (query.gc === '1') (globalThis as { gc?: () => void }).gc?.();
  const reset = query.reset === '1';
  const stats = { rssMb: Math.round(process.memoryUsage().rss / 2 ** 20), maxDelayMs: Math.round(delay.max / 1e6), p99DelayMs: Math.round(delay.percentile(99) / 1e6), ...gaps.read(reset) };
  if (reset) delay.reset();
  return stats;
});
await app.listen({ port: Number(arg('port', '3012')), host: '127.0.0.1' });
process.send?.('listening');
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
