// The service's side of its compute worker (compute-worker.ts): starts it, hands it requests and moves
// builds, matches the answers to the requests, and starts a new worker if one dies (the requests it was
// answering fail with a 500). One worker: the machine has two cores, one for the event loop.
import { Worker } from 'node:worker_threads';
import { ApiError } from '../errors.js';
import type { ChildTimeline } from '../routes/child-timeline.js';
import type { DoneReply, FromWorker, InjectMessage, InjectReply, ToWorker, WorkerSetup } from './protocol.js';

export interface ComputePool {
  /** resolves when the worker can take requests */
  ready(): Promise<void>;
  inject(request: Omit<InjectMessage, 'kind' | 'id'>): Promise<InjectReply>;
  /** the moves of a dataset on a map, built and stored first if need be */
  moves(dataset: string, mapId: string): Promise<{ etag: string; payload: Buffer }>;
  /** the events of the child at `index` in a dataset, from the worker's copy (null: no such dataset or child) */
  timeline(dataset: string, index: number): Promise<ChildTimeline | null>;
  /** the index of the child `childId` names in the dataset, looked up in the worker (null: none) */
  childIndex(dataset: string, childId: string): Promise<number | null>;
  evict(dataset: string): void;
  /** the datasets the worker holds loaded now (none for a lazy pool not started) */
  loaded(): Promise<string[]>;
  close(): Promise<void>;
}

interface Waiting {
  resolve(reply: FromWorker): void;
  reject(error: Error): void;
}

type WithoutId<M> = M extends unknown ? Omit<M, 'id'> : never;

const TYPESCRIPT = import.meta.url.endsWith('.ts');
const ENTRY_URL = new URL('./worker-entry.mjs', import.meta.url);
const WORKER_URL = new URL(`./compute-worker.${TYPESCRIPT ? 'ts' : 'js'}`, import.meta.url);

export function startComputePool(setup: WorkerSetup): ComputePool {
  const waiting = new Map<number, Waiting>();
  let nextId = 1;
  let closed = false;
  let markReady: () => void = () => undefined;
  let failReady: (error: Error) => void = () => undefined;
  let isReady = false;
  const readyOnce = new Promise<void>((resolve, reject) => {
    markReady = () => {
      isReady = true;
      resolve();
    };
    failReady = reject;
  });
  let worker = spawn();

  function spawn(): Worker {
    const w = new Worker(ENTRY_URL, { workerData: { ...setup, typescript: TYPESCRIPT, entry: WORKER_URL.href } });
    w.on('message', (reply: FromWorker) => {
      if ('ready' in reply) {
        w.unref(); // an idle worker does not keep the process alive (a pending request does: send)
        markReady();
        return;
      }
      const entry = waiting.get(reply.id);
      if (!entry) return;
      waiting.delete(reply.id);
      if (waiting.size === 0) w.unref();
      entry.resolve(reply);
    });
    w.on('error', (error) => {
      failAll(error);
      if (!isReady) failReady(error);
    });
    w.on('exit', () => {
      failAll(new Error('the compute worker stopped'));
      if (!closed && isReady) worker = spawn(); // a worker that never started would fail again
    });
    return w;
  }

  function failAll(error: Error): void {
    for (const entry of waiting.values()) entry.reject(error);
    waiting.clear();
  }

  function send<T extends FromWorker>(message: WithoutId<Exclude<ToWorker, { kind: 'evict' }>>): Promise<T> {
    if (closed) return Promise.reject(new Error('the compute worker is closed'));
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (reply: FromWorker) => void, reject });
      worker.ref();
      worker.postMessage({ ...message, id });
    });
  }

  return {
    ready: () => readyOnce,
    inject: (request) => send<InjectReply>({ kind: 'inject', ...request }),
    async moves(dataset, mapId) {
      const reply = await send<DoneReply>({ kind: 'moves', dataset, mapId });
      if (reply.error || !reply.moves) throw new ApiError(reply.error?.statusCode ?? 500, 'COMPUTE', reply.error?.message ?? 'no moves');
      const { etag, payload } = reply.moves;
      return { etag, payload: Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength) };
    },
    async childIndex(dataset, childId) {
      const reply = await send<DoneReply>({ kind: 'childIndex', dataset, childId });
      if (reply.error) throw new ApiError(reply.error.statusCode, 'COMPUTE', reply.error.message);
      return reply.childIndex ?? null;
    },
    async timeline(dataset, index) {
      const reply = await send<DoneReply>({ kind: 'timeline', dataset, index });
      if (reply.error) throw new ApiError(reply.error.statusCode, 'COMPUTE', reply.error.message);
      return reply.timeline ?? null;
    },
    evict(dataset) {
      if (!closed) worker.postMessage({ kind: 'evict', dataset } satisfies ToWorker);
    },
    async loaded() {
      return (await send<DoneReply>({ kind: 'loaded' })).loaded ?? [];
    },
    async close() {
      closed = true;
      await worker.terminate();
    },
  };
}

/**
 * A pool of its own, started on first use, for requests that keep a worker busy for seconds (the synthetic
 * report fits a model, generates a copy and compares the two: 4.6-6.9 s on 150,741 events). In the shared
 * worker every view, metric or map request asked meanwhile waited behind it (audit of issue 12: "no request
 * stalls others"); here it waits behind nothing but its own kind.
 */
export function startLazyComputePool(setup: WorkerSetup): ComputePool {
  let pool: ComputePool | null = null;
  const started = (): ComputePool => (pool ??= startComputePool(setup));
  return {
    ready: async () => started().ready(),
    inject: async (request) => {
      const p = started();
      await p.ready();
      return p.inject(request);
    },
    moves: async (dataset, mapId) => started().moves(dataset, mapId),
    timeline: async (dataset, index) => started().timeline(dataset, index),
    childIndex: async (dataset, childId) => started().childIndex(dataset, childId),
    evict: (dataset) => pool?.evict(dataset),
    loaded: async () => (pool ? pool.loaded() : []),
    close: async () => pool?.close(),
  };
}
