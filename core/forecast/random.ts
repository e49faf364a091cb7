// Random numbers for the forecast. Every arriving child and every child open on the forecast date gets
// its own stream, seeded from (seed, run, what, index): a baseline and a scenario run on the same draws,
// so a lever changes only what it touches and their difference is not buried in simulation noise.

/** A 32-bit hash of a few integers (murmur3's finaliser over a running mix). */
export function hashInts(a: number, b: number, c: number, d: number, e = 0): number {
  let h = mix((0x9e3779b9 ^ a) >>> 0) ^ b;
  h = mix(h >>> 0) ^ c;
  h = mix(h >>> 0) ^ d;
  h = mix(h >>> 0) ^ e;
  return mix(h >>> 0);
}

function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const STEP = 0x6d2b79f5;

/** mulberry32's output for a state. */
function output(state: number): number {
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** mulberry32 that can be re-seeded in place (one object per simulation, not one per child). */
export class Stream {
  private a = 0;
  seed(seed: number): this {
    this.a = seed >>> 0;
    return this;
  }
  next(): number {
    this.a = (this.a + STEP) >>> 0;
    return output(this.a);
  }
  /** Where the stream is: `Stream.ahead(stream.state, k)` is the number its (k+1)-th next draw gives. */
  get state(): number {
    return this.a;
  }
  /** Moves on `n` draws without making them. */
  skip(n: number): void {
    this.a = (this.a + Math.imul(n, STEP)) >>> 0;
  }
  /**
   * Draw k (0-based) after `state`, made without the k before it: mulberry32's state moves by a constant
   * per draw, so any one of a stream's next draws is at hand, and parts of a child's draws that a journey
   * never reaches cost nothing.
   */
  static ahead(state: number, k: number): number {
    return output((state + Math.imul(k + 1, STEP)) >>> 0);
  }
  /** a uniform in (0, 1), never 0 (for logarithms) */
  open(): number {
    return (this.next() * 4294967295 + 0.5) / 4294967296;
  }
  normal(): number {
    return inverseNormal(this.open());
  }
  /** Gamma(shape, 1) by Marsaglia and Tsang (with the boost for shape < 1). */
  gamma(shape: number): number {
    if (shape <= 0) return 0;
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(this.open(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = this.normal();
      const v0 = 1 + c * x;
      if (v0 <= 0) continue;
      const v = v0 * v0 * v0;
      const u = this.open();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
    }
  }
  beta(a: number, b: number): number {
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x + y > 0 ? x / (x + y) : 0;
  }
}

/**
 * A Poisson count from one uniform, monotone in the mean (so two means drawn with the same uniform give
 * ordered counts): the inverse CDF up to a mean of 40, a continuity-corrected normal quantile above.
 */
export function poissonFromUniform(mean: number, u: number): number {
  if (mean <= 0) return 0;
  if (mean > 40) return Math.max(0, Math.round(mean + Math.sqrt(mean) * inverseNormal(u)));
  let k = 0;
  let p = Math.exp(-mean);
  let cumulative = p;
  while (u > cumulative && k < 1000) {
    k++;
    p *= mean / k;
    cumulative += p;
  }
  return k;
}

/** The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9). */
export function inverseNormal(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - low) return -inverseNormal(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}
