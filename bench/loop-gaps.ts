// The event loop's longest gaps, told apart from a busy machine's. A timer ticks every millisecond; a
// gap between ticks is time the loop spent on something else. On a machine shared with other work
// part of a gap is spent waiting for a CPU (the thread was ready to run but not running): Linux
// counts that wait per thread in /proc/thread-self/schedstat (run time, wait time, in ns), so each gap
// is also given without it, which is about what the gap would be on a quiet machine. Where that file
// is missing (not Linux) only the plain gap is measured.
import { readFileSync } from 'node:fs';

export interface LoopGaps {
  /** the longest gap between ticks, in ms */
  maxGapMs: number;
  /** the longest gap less the time the thread waited for a CPU during it, in ms (NaN without schedstat) */
  maxGapLessWaitMs: number;
}

/** Nanoseconds this thread has waited for a CPU, or null where Linux does not say. */
export function waitedNs(): number | null {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]);
  } catch {
    return null;
  }
}

/** Starts watching the calling thread's event loop; `read(reset)` gives the longest gaps so far. */
export function watchLoopGaps(): { read(reset?: boolean): LoopGaps; stop(): void } {
  let last = performance.now();
  let lastWait = waitedNs();
  let maxGap = 0;
  let maxLessWait = lastWait === null ? NaN : 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const wait = lastWait === null ? null : waitedNs();
    const gap = now - last;
    if (gap > maxGap) maxGap = gap;
    if (wait !== null && lastWait !== null) maxLessWait = Math.max(maxLessWait, gap - (wait - lastWait) / 1e6);
    last = now;
    lastWait = wait;
  }, 1);
  timer.unref();
  return {
    read(reset = false) {
      const gaps = { maxGapMs: Math.round(maxGap), maxGapLessWaitMs: Math.round(maxLessWait) };
      if (reset) {
        maxGap = 0;
        maxLessWait = lastWait === null ? NaN : 0;
      }
      return gaps;
    },
    stop: () => clearInterval(timer),
  };
}
