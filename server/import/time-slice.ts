// Long imports share the event loop: a loop over chunks, rows or children asks `slice.due()` as it
// goes and, when it has run for a slice's worth, awaits `slice.pause()`, which lets timers and other
// requests run (setImmediate, not a microtask: a `for await` over chunks already buffered never
// leaves the microtask queue, so an upload received at once would be parsed in one stretch; and two of
// them, see letLoopIn in ../event-loop.ts).
import { letLoopIn } from '../event-loop.js';

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
    await letLoopIn();
    this.started = performance.now();
  }
}

/**
 * Bytes (or characters) handed to `write` at once by feedSliced. The slice is only asked between
 * pieces, so a piece must take well under a slice: parsing and importing 64 KiB of events CSV (about
 * 1,300 rows) takes 5-10 ms, where the upload spool's 1 MiB reads took 75-120 ms each on a quiet
 * machine, which was the import's remaining stall of the event loop.
 */
export const FEED_PIECE = 64 * 1024;

/** `chunk` in pieces of at most `piece` (a string never cut inside a surrogate pair). */
export function* pieces(chunk: Uint8Array | string, piece = FEED_PIECE): Generator<Uint8Array | string> {
  if (chunk.length <= piece) {
    yield chunk;
    return;
  }
  for (let from = 0; from < chunk.length; ) {
    let to = Math.min(chunk.length, from + piece);
    if (typeof chunk === 'string') {
      const c = chunk.charCodeAt(to - 1);
      if (to < chunk.length && c >= 0xd800 && c <= 0xdbff) to++; // keep a high surrogate with its low one
      yield chunk.slice(from, to);
    } else yield chunk.subarray(from, to); // a UTF-8 character cut here is joined by the decoder
    from = to;
  }
}

/**
 * Feeds every chunk of `input` to `write`, in pieces of at most FEED_PIECE, letting the event loop
 * run between slices (however large the chunks the input gives).
 */
export async function feedSliced(input: AsyncIterable<Uint8Array | string>, write: (chunk: Uint8Array | string) => void, slice = new TimeSlice(), piece = FEED_PIECE): Promise<void> {
  for await (const chunk of input) {
    for (const part of pieces(chunk, piece)) {
      write(part);
      if (slice.due()) await slice.pause();
    }
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

/**
 * Runs a stepped computation (a generator that yields between steps, such as core's linkEpisodesInSteps)
 * to its end, letting the event loop run whenever `slice` has run its time; its return value.
 */
export async function drainSliced<T>(steps: Generator<void, T, void>, slice = new TimeSlice()): Promise<T> {
  let step = steps.next();
  for (; !step.done; step = steps.next()) if (slice.due()) await slice.pause();
  return step.value;
}
