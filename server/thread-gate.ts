// At most `capacity` tasks at once across every request, started in turn per requester (fair-queue.ts):
// the forecast's worker threads (audit a12h F3: each uncached forecast started up to 4 threads of its own,
// so six at once took the service's threads from 25 to 49 and its RSS from 985 to 1,701 MB, and nothing
// stopped a seventh). A requester may hold `perRequester` at once, so another's task starts at once;
// past `maxQueued` waiting, its next is refused with a 429.
import { ComputeQueueFullError } from './compute/compute-pool.js';
import { FairQueue } from './compute/fair-queue.js';

export interface ThreadGateOptions {
  /** tasks one requester may have running at once; default capacity - 1 (at least 1) */
  perRequester?: number;
  /** tasks one requester may have waiting; default 64 */
  maxQueued?: number;
}

export class ThreadGate {
  private readonly queue: FairQueue<() => void>;
  private free: number;
  /** places in all: `capacity`, at least 1 */
  private readonly places: number;

  constructor(readonly capacity: number, options: ThreadGateOptions = {}) {
    this.places = Math.max(1, capacity);
    this.free = this.places;
    this.queue = new FairQueue({ perRequester: Math.max(1, options.perRequester ?? capacity - 1), maxQueued: options.maxQueued ?? 64 });
  }

  /** Runs `task` for `requester` when a place is free; its result, or a 429 when the requester's queue is full. */
  run<T>(requester: string, task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        Promise.resolve()
          .then(task)
          .then(resolve, reject)
          .finally(() => {
            this.free++;
            this.queue.done(requester);
            this.pump();
          });
      };
      if (!this.queue.push(requester, start)) return reject(new ComputeQueueFullError(this.queue.waiting(requester)));
      this.pump();
    });
  }

  /** tasks running now */
  get running(): number {
    return this.places - this.free;
  }

  /** tasks waiting (for `requester`, or everyone) */
  waiting(requester?: string): number {
    return this.queue.waiting(requester);
  }

  private pump(): void {
    while (this.free > 0) {
      const next = this.queue.next();
      if (next === null) return;
      this.free--;
      next.job();
    }
  }
}
