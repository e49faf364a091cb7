// The service's side of its compute worker (compute-worker.ts): starts it, hands it requests and moves
// builds, matches the answers to the requests, and starts a new worker if one dies (the requests it was
// answering fail with a 500). Two workers by default, both started at once (a worker started when someone
// would wait took seconds to start); requests are taken in turn per requester (fair-queue.ts), one
// requester holding one worker at most, so anyone else's request finds a worker free.
import { Worker } from 'node:worker_threads';
import { ApiError } from '../errors.js';
import type { ChildTimeline } from '../routes/child-timeline.js';
import { FairQueue } from './fair-queue.js';
import type { DoneReply, FromWorker, InjectMessage, InjectReply, ToWorker, WorkerSetup } from './protocol.js';

export interface ComputePool {
  /** resolves when the worker can take requests */
  ready(): Promise<void>;
  /**
   * `requester`: whose request (requesterOf in offload.ts); each is served in turn (fair-queue.ts).
   * `dataset`: the one it reads, as the route's params give it (a worker holding it is preferred).
   */
  inject(request: Omit<InjectMessage, 'kind' | 'id'>, requester?: string, dataset?: string | null): Promise<InjectReply>;
  /** the moves of a dataset on a map, built and stored first if need be */
  moves(dataset: string, mapId: string): Promise<{ etag: string; payload: Buffer }>;
  /** the events of the child at `index` in a dataset, from the worker's copy (null: no such dataset or child) */
  timeline(dataset: string, index: number, requester?: string): Promise<ChildTimeline | null>;
  /** the index of the child `childId` names in the dataset, looked up in the worker (null: none) */
  childIndex(dataset: string, childId: string, requester?: string): Promise<number | null>;
  evict(dataset: string): void;
  /** the datasets the workers hold loaded now (none for a lazy pool not started) */
  loaded(): Promise<string[]>;
  close(): Promise<void>;
}

export interface ComputePoolOptions {
  /** worker threads, started at once; default 2 */
  workers?: number;
  /** requests one requester may have computing at once; default workers - 1 (at least 1) */
  perRequester?: number;
  /** requests one requester may have waiting; more are refused with a 429; default 64 */
  maxQueued?: number;
}

interface Waiting {
  resolve(reply: FromWorker): void;
  reject(error: Error): void;
}

type WithoutId<M> = M extends unknown ? Omit<M, 'id'> : never;
type JobMessage = WithoutId<Exclude<ToWorker, { kind: 'evict' | 'loaded' }>>;

interface Job extends Waiting {
  message: JobMessage;
  /** the dataset it reads (a worker that has it loaded is preferred), or null */
  dataset: string | null;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** the job it computes, with its message id and requester */
  job: { id: number; requester: string; entry: Job } | null;
  /** control messages (loaded) it has yet to answer */
  control: Map<number, Waiting>;
  /** datasets it computed for and has not been told to evict */
  datasets: Set<string>;
}

const TYPESCRIPT = import.meta.url.endsWith('.ts');
const ENTRY_URL = new URL('./worker-entry.mjs', import.meta.url);
const WORKER_URL = new URL(`./compute-worker.${TYPESCRIPT ? 'ts' : 'js'}`, import.meta.url);
/** The requester of a request with none named (moves builds, which every user's map shares). */
const SHARED = 'shared';

export class ComputeQueueFullError extends ApiError {
  constructor(waiting: number) {
    super(429, 'TOO_MANY_REQUESTS', `${waiting} of your requests are already waiting for the computing to free up: wait for some to finish`);
  }
}

export function startComputePool(setup: WorkerSetup, options: ComputePoolOptions = {}): ComputePool {
  const workers = Math.max(1, options.workers ?? 2);
  const queue = new FairQueue<Job>({ perRequester: Math.max(1, options.perRequester ?? workers - 1), maxQueued: options.maxQueued ?? 64 });
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;
  let markReady: () => void = () => undefined;
  let failReady: (error: Error) => void = () => undefined;
  let isReady = false;
  let starting = workers;
  const readyOnce = new Promise<void>((resolve, reject) => {
    markReady = () => {
      if (isReady || --starting > 0) return;
      isReady = true;
      resolve();
    };
    failReady = reject;
  });
  for (let i = 0; i < workers; i++) slots.push(spawn());

  function spawn(): Slot {
    const worker = new Worker(ENTRY_URL, { workerData: { ...setup, typescript: TYPESCRIPT, entry: WORKER_URL.href } });
    const slot: Slot = { worker, ready: false, job: null, control: new Map(), datasets: new Set() };
    worker.on('message', (reply: FromWorker) => {
      if ('ready' in reply) {
        worker.unref(); // an idle worker does not keep the process alive (a request being computed does)
        slot.ready = true;
        markReady();
        dispatch();
        return;
      }
      const control = slot.control.get(reply.id);
      if (control) {
        slot.control.delete(reply.id);
        control.resolve(reply);
      } else if (slot.job?.id === reply.id) {
        const { requester, entry } = slot.job;
        finish(slot, requester);
        entry.resolve(reply);
      }
    });
    worker.on('error', (error) => {
      fail(slot, error);
      if (!isReady) failReady(error);
    });
    worker.on('exit', () => {
      fail(slot, new Error('the compute worker stopped'));
      const i = slots.indexOf(slot);
      // a worker that never started would fail again
      if (i >= 0) slots.splice(i, 1, ...(!closed && isReady ? [spawn()] : []));
      if (slots.length === 0) for (const job of queue.drain()) job.reject(new Error('the compute worker could not start'));
    });
    return slot;
  }

  function finish(slot: Slot, requester: string): void {
    slot.job = null;
    queue.done(requester);
    if (slot.control.size === 0) slot.worker.unref();
    dispatch();
  }

  /** The slot's request and questions fail (the requests waiting stay queued for another worker). */
  function fail(slot: Slot, error: Error): void {
    const job = slot.job;
    if (job) {
      slot.job = null;
      queue.done(job.requester);
      job.entry.reject(error);
    }
    for (const control of slot.control.values()) control.reject(error);
    slot.control.clear();
  }

  /** Starts what may start on the free workers. */
  function dispatch(): void {
    if (closed) return;
    for (;;) {
      const free = slots.filter((s) => s.ready && s.job === null);
      if (free.length === 0) break;
      const next = queue.next();
      if (next === null) break;
      const { requester, job } = next;
      const slot = free.find((s) => job.dataset !== null && s.datasets.has(job.dataset)) ?? free[0]!;
      const id = nextId++;
      slot.job = { id, requester, entry: job };
      if (job.dataset !== null) slot.datasets.add(job.dataset);
      slot.worker.ref();
      slot.worker.postMessage({ ...job.message, id });
    }
  }

  function send<T extends FromWorker>(message: JobMessage, requester: string, dataset: string | null): Promise<T> {
    if (closed) return Promise.reject(new Error('the compute worker is closed'));
    return new Promise<T>((resolve, reject) => {
      const job: Job = { message, dataset, resolve: resolve as (reply: FromWorker) => void, reject };
      if (!queue.push(requester, job)) return reject(new ComputeQueueFullError(queue.waiting(requester)));
      dispatch();
    });
  }

  /** Asks every started worker (not queued: a question answered between requests). */
  function ask(slot: Slot, message: WithoutId<Extract<ToWorker, { kind: 'loaded' }>>): Promise<FromWorker> {
    const id = nextId++;
    return new Promise<FromWorker>((resolve, reject) => {
      slot.control.set(id, { resolve, reject });
      slot.worker.ref();
      slot.worker.postMessage({ ...message, id });
    });
  }

  return {
    ready: () => readyOnce,
    inject: (request, requester = SHARED, dataset = null) => send<InjectReply>({ kind: 'inject', ...request }, requester, dataset),
    async moves(dataset, mapId) {
      const reply = await send<DoneReply>({ kind: 'moves', dataset, mapId }, SHARED, dataset);
      if (reply.error || !reply.moves) throw new ApiError(reply.error?.statusCode ?? 500, 'COMPUTE', reply.error?.message ?? 'no moves');
      const { etag, payload } = reply.moves;
      return { etag, payload: Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength) };
    },
    async childIndex(dataset, childId, requester = SHARED) {
      const reply = await send<DoneReply>({ kind: 'childIndex', dataset, childId }, requester, dataset);
      if (reply.error) throw new ApiError(reply.error.statusCode, 'COMPUTE', reply.error.message);
      return reply.childIndex ?? null;
    },
    async timeline(dataset, index, requester = SHARED) {
      const reply = await send<DoneReply>({ kind: 'timeline', dataset, index }, requester, dataset);
      if (reply.error) throw new ApiError(reply.error.statusCode, 'COMPUTE', reply.error.message);
      return reply.timeline ?? null;
    },
    evict(dataset) {
      if (closed) return;
      for (const slot of slots) {
        slot.datasets.delete(dataset);
        slot.worker.postMessage({ kind: 'evict', dataset } satisfies ToWorker);
      }
    },
    async loaded() {
      const replies = await Promise.all(slots.filter((s) => s.ready).map((s) => ask(s, { kind: 'loaded' })));
      return [...new Set(replies.flatMap((r) => (r as DoneReply).loaded ?? []))];
    },
    async close() {
      closed = true;
      for (const job of queue.drain()) job.reject(new Error('the compute worker is closed'));
      await Promise.all(slots.map((s) => s.worker.terminate()));
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
  const started = (): ComputePool => (pool ??= startComputePool(setup, { workers: 1 }));
  return {
    ready: async () => started().ready(),
    inject: async (request, requester, dataset) => {
      const p = started();
      await p.ready();
      return p.inject(request, requester, dataset);
    },
    moves: async (dataset, mapId) => started().moves(dataset, mapId),
    timeline: async (dataset, index, requester) => started().timeline(dataset, index, requester),
    childIndex: async (dataset, childId, requester) => started().childIndex(dataset, childId, requester),
    evict: (dataset) => pool?.evict(dataset),
    loaded: async () => (pool ? pool.loaded() : []),
    close: async () => pool?.close(),
  };
}
