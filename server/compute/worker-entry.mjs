// The compute worker's entry point, and an import's thread's (../import/import-thread.ts), plain JavaScript
// so that a worker thread can start it: when the service runs from TypeScript sources (tsx), it registers
// tsx's loader in this thread first (a worker does not inherit the main thread's loader), then loads the
// module workerData.entry names (compute-worker, import-worker).
import { workerData } from 'node:worker_threads';

if (workerData.typescript) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
