// Measures an animation for a few seconds: frame time = interval between animation frames (what the
// viewer sees, including the browser's own layout, paint and GPU work), JS time = the frame callback's
// own work before any GPU sync. Shared by the WebGL map's benchmark mode and the SVG baseline page.

export interface BenchFigures {
  renderer: string;
  dots: number;
  frames: number;
  medianFrameMs: number;
  p95FrameMs: number;
  /** median milliseconds of JavaScript per frame (setting uniforms / moving SVG nodes, issuing draws) */
  jsMsPerFrame: number;
  /** median milliseconds from the frame's start until the GPU finished it (WebGL only; SVG: same as JS) */
  syncedMsPerFrame: number;
  /** WebGL only: ms to place every dot for the stations' "shown here" (each refresh before it was kept), and to ask the kept answer */
  stationDotsMs?: { placeMs: number; cachedMs: number };
}

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * Calls `frame(elapsedMs)` once per animation frame for `durationMs` after `warmupFrames`; `frame`
 * returns its JS milliseconds and the milliseconds until its work was finished.
 */
export function measureFrames(
  frame: (elapsedMs: number) => { jsMs: number; syncedMs: number },
  options: { durationMs?: number; warmupFrames?: number } = {},
): Promise<Omit<BenchFigures, 'renderer' | 'dots'>> {
  const durationMs = options.durationMs ?? 5000;
  const warmup = options.warmupFrames ?? 10;
  const intervals: number[] = [];
  const js: number[] = [];
  const synced: number[] = [];
  return new Promise((resolve) => {
    let count = 0;
    let started = -1;
    let last = -1;
    const step = (timestamp: number) => {
      const now = performance.now();
      const { jsMs, syncedMs } = frame(started < 0 ? 0 : now - started);
      count++;
      if (count > warmup) {
        if (started < 0) started = now;
        else intervals.push(timestamp - last);
        js.push(jsMs);
        synced.push(syncedMs);
      }
      last = timestamp;
      if (started >= 0 && now - started >= durationMs) {
        resolve({
          frames: intervals.length,
          medianFrameMs: round(quantile(intervals, 0.5)),
          p95FrameMs: round(quantile(intervals, 0.95)),
          jsMsPerFrame: round(quantile(js, 0.5)),
          syncedMsPerFrame: round(quantile(synced, 0.5)),
        });
        return;
      }
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
}

const round = (x: number) => Math.round(x * 1000) / 1000;
