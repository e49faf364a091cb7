// Benchmark mode (`/?dataset=NAME&bench=N`): N dots in flight, time advancing one day per second, for
// 5 s. Each frame sets the time uniforms and renders, then forces the GPU to finish with a one-pixel
// readPixels, so frame time includes the GPU's work; JS time is measured before that sync.
import type { Application, WebGLRenderer } from 'pixi.js';
import type { DotLayer } from '../dots/dot-layer.js';
import { BENCH_START } from './in-flight-moves.js';
import { measureFrames, quantile, type BenchFigures } from './frame-timer.js';

export async function runBenchmark(app: Application, dots: DotLayer, count: number, durationMs = 5000): Promise<BenchFigures> {
  const renderer = app.renderer as WebGLRenderer;
  const gl = renderer.gl;
  const pixel = new Uint8Array(4);
  dots.setSpeed(86400);
  const figures = await measureFrames(
    (elapsedMs) => {
      const start = performance.now();
      dots.setTime(BENCH_START + (elapsedMs / 1000) * 86400);
      app.render();
      const js = performance.now();
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
      return { jsMs: js - start, syncedMs: performance.now() - start };
    },
    { durationMs },
  );
  return { renderer: `pixi-${renderer.name}`, dots: count, ...figures };
}

/**
 * What a refresh of the stations' "shown here" costs with N dots (median of `runs`): placing every dot
 * (what each refresh did before the dots were kept per day and filter) and asking the kept answer again.
 */
export function measureStationDots(place: () => void, cached: () => void, runs = 9): { placeMs: number; cachedMs: number } {
  const time = (f: () => void) => {
    const out: number[] = [];
    for (let k = 0; k < runs; k++) {
      const start = performance.now();
      f();
      out.push(performance.now() - start);
    }
    return quantile(out, 0.5);
  };
  return { placeMs: Math.round(time(place) * 1000) / 1000, cachedMs: Math.round(time(cached) * 1000) / 1000 };
}
