// A small seeded PRNG (sfc32, seeded through splitmix32) so that a seed always gives the same file:
// Math.random is never used in synth/.

export interface Random {
  /** uniform in [0, 1) */
  next(): number;
  /** uniform integer in [0, n) */
  int(n: number): number;
}

/** A Random whose place in its stream can be copied: to try a draw sequence and keep or rewind it. */
export interface ForkableRandom extends Random {
  /** an independent copy at the same place in the same stream */
  clone(): ForkableRandom;
  /** moves this stream to where `other` (a clone of it) stands */
  copyFrom(other: ForkableRandom): void;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

class Sfc32 implements ForkableRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    const mix = splitmix32(Math.floor(seed) ^ Math.floor(seed / 0x100000000));
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix();
    for (let i = 0; i < 12; i++) this.next();
  }

  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  clone(): Sfc32 {
    const copy = Object.create(Sfc32.prototype) as Sfc32;
    copy.copyFrom(this);
    return copy;
  }

  copyFrom(other: ForkableRandom): void {
    const from = other as Sfc32;
    this.a = from.a;
    this.b = from.b;
    this.c = from.c;
    this.d = from.d;
  }
}

export function createRandom(seed: number): ForkableRandom {
  if (!Number.isFinite(seed)) throw new RangeError(`invalid seed: ${seed}`);
  return new Sfc32(seed);
}

/** Index of a cumulative weight array (last entry = total) at fraction `u` of the total. */
export function pickAt(cumulative: ArrayLike<number>, u: number): number {
  const target = u * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Index drawn from a cumulative weight array (last entry = total). */
export function pickCumulative(cumulative: ArrayLike<number>, random: Random): number {
  return pickAt(cumulative, random.next());
}

export function cumulativeOf(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (out[i] = sum += w));
  return out;
}
