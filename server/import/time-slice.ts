// Long imports share the event loop: a loop over chunks, rows or children asks `slice.due()` as it
// goes and, when it has run for a slice's worth, awaits `slice.pause()`, which lets timers and other
// requests run (setImmediate, not a microtask: a `for await` over chunks already buffered never
// leaves the microtask queue, so an upload received at once would be parsed in one stretch).
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Milliseconds a loop may run before it lets others in: well under the 100 ms stall the service allows. */
export const SLICE_MS = 20;

export class TimeSlice {
  private started = performance.now();

  constructor(private readonly budgetMs = SLICE_MS) {}

  /** Whether the loop has had its slice. */
  due(): boolean {
    return performance.now() - this.started >= this.budgetMs;
  }

  /** Lets the event loop run, then starts a new slice. */
  async pause(): Promise<void> {
    await nextTurn();
    this.started = performance.now();
  }
}

/** Feeds every chunk of `input` to `write`, letting the event loop run between slices. */
export async function feedSliced(input: AsyncIterable<Uint8Array | string>, write: (chunk: Uint8Array | string) => void): Promise<void> {
  const slice = new TimeSlice();
  for await (const chunk of input) {
    write(chunk);
    if (slice.due()) await slice.pause();
  }
}

/**
 * Calls `body(from, to)` over [0, n) in blocks of `block` items, letting the event loop run whenever
 * `slice` has run its time; `body` is a tight loop over its block, so asking the clock costs nothing
 * per item. Choose `block` so one takes well under a millisecond (the default suits a few array reads).
 */
export async function loopSliced(n: number, body: (from: number, to: number) => void, slice = new TimeSlice(), block = 16_384): Promise<void> {
  for (let from = 0; from < n; from += block) {
    body(from, Math.min(n, from + block));
    if (slice.due()) await slice.pause();
  }
}
