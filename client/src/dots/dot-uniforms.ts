// The dot shader's uniforms: one group shared by every bucket (timing, style, filters, palette) and a
// one-float group per bucket (its current time). Frame code only writes these numbers.
import { UniformGroup } from 'pixi.js';

export interface DotStyle {
  /** dot radius in screen pixels @default 4.2 */
  radiusPx: number;
  /**
   * outward drift from the dot's place in map units per unit of "waited longer than the median" (waited /
   * median − 1); at most maxSlowness × this, half a queue spacing, so a queue of slow children looks no
   * bigger than its places (the halo's margin covers it: queue-areas.ts queueMargin) @default 0.625
   */
  driftPerSlowness: number;
  /** drift stops growing beyond this many times the median, minus one @default 4 */
  maxSlowness: number;
  /** shortest hop between stations, in data seconds (scaled up with the playback speed) @default 6 hours */
  minTransitSeconds: number;
  /** distance between neighbouring places in a station's queue, in map units @default 5 */
  queueSpacing: number;
  /** how long an entry ring or an exit fade-out lasts, in data seconds @default 2 days */
  fadeSeconds: number;
}

export const DEFAULT_DOT_STYLE: Readonly<DotStyle> = {
  radiusPx: 4.2,
  driftPerSlowness: 0.625,
  maxSlowness: 4,
  minTransitSeconds: 6 * 3600,
  fadeSeconds: 2 * 86400,
  queueSpacing: 5,
};

export type DotGlobals = UniformGroup<{
  uTiming: { value: Float32Array; type: 'vec4<f32>' };
  uStyle: { value: Float32Array; type: 'vec4<f32>' };
  uFilterA: { value: Float32Array; type: 'vec4<f32>' };
  uFilterB: { value: Float32Array; type: 'vec4<f32>' };
  uPalette: { value: Float32Array; type: 'vec4<f32>'; size: number };
}>;

export function createDotGlobals(resolution = 1): DotGlobals {
  return new UniformGroup({
    uTiming: {
      value: new Float32Array([DEFAULT_DOT_STYLE.minTransitSeconds, DEFAULT_DOT_STYLE.fadeSeconds, 2 * DEFAULT_DOT_STYLE.radiusPx * resolution, DEFAULT_DOT_STYLE.queueSpacing]),
      type: 'vec4<f32>',
    },
    uStyle: { value: new Float32Array([-1, DEFAULT_DOT_STYLE.driftPerSlowness, 0, DEFAULT_DOT_STYLE.maxSlowness]), type: 'vec4<f32>' },
    uFilterA: { value: new Float32Array([255, 255, 255, 255]), type: 'vec4<f32>' },
    uFilterB: { value: new Float32Array([255, 0, 0, 0]), type: 'vec4<f32>' },
    uPalette: { value: new Float32Array(32), type: 'vec4<f32>', size: 8 },
  }) as DotGlobals;
}

export type DotBucketUniforms = UniformGroup<{ uTime: { value: number; type: 'f32' } }>;

export function createBucketUniforms(): DotBucketUniforms {
  return new UniformGroup({ uTime: { value: -1e30, type: 'f32' } }) as DotBucketUniforms;
}
