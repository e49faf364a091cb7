// The compute worker: a thread with its own copy of the app (the same route plugins, its own store
// connection and memory) that answers the heavy requests the service hands it (views, metrics, the
// first build of a moves file, a child's timeline from a dataset not loaded), so that a cold computation on a million events never stalls the
// service's event loop. It is reached only through the service (worker messages), never over HTTP.
import { parentPort, workerData } from 'node:worker_threads';
import { buildApp } from '../app.js';
import { EXACT_COUNTS_HEADER } from '../auth/auth-plugin.js';
import { openStore } from '../db/store.js';
import type { FromWorker, ToWorker, WorkerSetup } from './protocol.js';
import { datasetCaches } from '../dataset-caches.js';
import { timelineOf } from '../routes/child-timeline.js';

const setup = workerData as WorkerSetup;
const store = openStore(setup.dbPath, { ...(setup.keyFile ? { keyFile: setup.keyFile } : {}), ...(setup.maxLoadedBytes ? { maxLoadedBytes: setup.maxLoadedBytes } : {}), sharedWithService: true });
// Errors only: a 500 answered here is logged with its cause (the service sees only the status).
const app = await buildApp({ store, ...(setup.mapsDir ? { mapsDir: setup.mapsDir } : {}), clientDir: '/nonexistent', insideWorker: true, logger: { level: 'error' } });
await app.ready();
parentPort!.postMessage({ id: 0, ready: true } satisfies FromWorker);

const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);

parentPort!.on('message', (message: ToWorker) => {
  void handle(message);
});

async function handle(message: ToWorker): Promise<void> {
  switch (message.kind) {
    case 'evict':
      store.release(message.dataset);
      datasetCaches(store).forget(message.dataset); // this thread's route caches: its store hears of no change itself
      (globalThis as { gc?: () => void }).gc?.(); // give the memory back now where the process allows it
      return;
    case 'loaded':
      post({ id: message.id, loaded: store.loadedNames() });
      return;
    case 'moves':
      try {
        const cached = app.movesCache.get(message.dataset, message.mapId);
        const payload = new Uint8Array(cached.payload()); // a copy of its own, to transfer
        post({ id: message.id, moves: { etag: cached.etag, payload } }, [payload.buffer as ArrayBuffer]);
      } catch (error) {
        const e = error as { statusCode?: number; message?: string };
        post({ id: message.id, error: { statusCode: e.statusCode ?? 500, message: (e.statusCode ?? 500) < 500 ? String(e.message) : 'Internal Server Error' } });
        if ((e.statusCode ?? 500) >= 500) app.log.error({ err: error }, 'moves build failed');
      }
      return;
    case 'childIndex':
      try {
        post({ id: message.id, childIndex: store.childIndex(message.dataset, message.childId) });
      } catch (error) {
        post({ id: message.id, error: { statusCode: 500, message: 'Internal Server Error' } });
        app.log.error({ err: error }, 'child lookup failed');
      }
      return;
    case 'timeline':
      try {
        const loaded = store.loadDataset(message.dataset);
        post({ id: message.id, timeline: loaded === null || message.index >= loaded.table.childIds.length ? null : timelineOf(message.dataset, loaded, message.index) });
      } catch (error) {
        post({ id: message.id, error: { statusCode: 500, message: 'Internal Server Error' } });
        app.log.error({ err: error }, 'child timeline failed');
      }
      return;
    case 'inject': {
      const res = await app.inject({
        method: message.method,
        url: message.url,
        headers: { ...message.headers, [EXACT_COUNTS_HEADER]: message.exactCounts ? '1' : '0' },
      });
      const body = new Uint8Array(res.rawPayload.buffer, res.rawPayload.byteOffset, res.rawPayload.byteLength);
      const copy = body.slice(); // its own buffer, so it can be transferred
      const headers: Record<string, string> = {};
      // x-care-periods: the count the service's audit of that answer records (routes/care-periods.ts)
      for (const name of ['content-type', 'content-disposition', 'x-cache', 'etag', 'x-care-periods']) {
        const value = res.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      post({ id: message.id, status: res.statusCode, headers, body: copy }, [copy.buffer as ArrayBuffer]);
      return;
    }
  }
}
