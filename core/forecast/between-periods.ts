import { studentTQuantile } from '../analysis/student-t.js';

// How much a rate moves from one period to the next beyond what its counts alone explain. The forecast's
// runs draw each rate for the months ahead; a draw from the rate's binomial (or Poisson) error around the
// fitted value alone assumes the months ahead run at the very rate of the fitted years, and back-tests on
// logs with rates that moved year to year missed the month-12 stocks far more often than 5% of the time.
// So each rate is also estimated per half-year block of the history, and the variance between blocks
// beyond their sampling error (DerSimonian and Laird's moment estimator, on the logit or log scale) is the
// variance of the months ahead around the fitted value: a new period is one more block.

/** Length of a block: half a year. */
export const BLOCK_DAYS = 365.25 / 2;

/**
 * Between-block variance τ² of per-block estimates `y[k]` with sampling variances `v[k]` (DerSimonian–
 * Laird; 0 when the blocks vary no more than their sampling error says, or there are fewer than 3).
 */
export function betweenBlockVariance(y: ArrayLike<number>, v: ArrayLike<number>): number {
  const K = y.length;
  if (K < 3) return 0;
  let sw = 0;
  let swy = 0;
  let sw2 = 0;
  for (let k = 0; k < K; k++) {
    const w = 1 / v[k]!;
    sw += w;
    swy += w * y[k]!;
    sw2 += w * w;
  }
  const mean = swy / sw;
  let q = 0;
  for (let k = 0; k < K; k++) q += (y[k]! - mean) ** 2 / v[k]!;
  const denominator = sw - sw2 / sw;
  return denominator > 0 ? Math.max(0, (q - (K - 1)) / denominator) : 0;
}

/**
 * A block with fewer anchors than this share of the median block's is a period the data holds only in part.
 * Where a log starts with the cases open on its first day carried in (an extract's start, a system's
 * migration), the anchors before that day are only the children whose cases were still open then, and
 * their rates are of those few: on an independent auditor's logs (a13, a 3-year warm-up of which only the
 * still-open episodes were kept), referral → care was 7.6% and 19% in the two blocks before the log's
 * start against 3.5% in the others, and those two blocks alone made the rate's between-block variance 0.33
 * on the logit scale (a run's rate ×0.33 to ×3.1 at the 95% limits), where the others give about 0.
 */
export const THIN_BLOCK_SHARE = 0.5;

/**
 * τ² of a probability from blocks of `n[k]` anchors of which `x[k]` were followed, on the logit scale
 * (empty blocks left out, and thin ones: fewer anchors than THIN_BLOCK_SHARE of the median block's).
 */
export function rateBetweenBlocks(n: ArrayLike<number>, x: ArrayLike<number>): number {
  const { y, v } = blockLogits(n, x);
  return betweenBlockVariance(y, v);
}

/**
 * Each usable block's logit `y`, its sampling variance `v` and its index `block`: empty blocks left out, and thin
 * ones (fewer anchors than THIN_BLOCK_SHARE of the median block's).
 */
function blockLogits(n: ArrayLike<number>, x: ArrayLike<number>): { y: number[]; v: number[]; block: number[] } {
  const y: number[] = [];
  const v: number[] = [];
  const block: number[] = [];
  const sizes = Array.from(n).filter((m) => m > 0).sort((a, b) => a - b);
  const median = sizes.length === 0 ? 0 : sizes.length % 2 === 1 ? sizes[(sizes.length - 1) / 2]! : (sizes[sizes.length / 2 - 1]! + sizes[sizes.length / 2]!) / 2;
  for (let k = 0; k < n.length; k++) {
    if (n[k]! <= 0 || n[k]! < THIN_BLOCK_SHARE * median) continue;
    const a = x[k]! + 0.5;
    const b = n[k]! - x[k]! + 0.5;
    y.push(Math.log(a / b));
    v.push(1 / a + 1 / b);
    block.push(k);
  }
  return { y, v, block };
}

/** A rate's steady drift over its blocks (rateTrend): logit per year, its standard error, τ² around the line, and the years its blocks span. */
export interface RateTrend {
  slope: number;
  se: number;
  between: number;
  years: number;
}

/** Fewest usable blocks a rate's drift is measured from (three years). */
const TREND_MIN_BLOCKS = 6;

/**
 * A probability's steady drift across its half-year blocks (block 0 the latest; `n[k]` anchors, `x[k]` followed),
 * on the logit scale: a weighted line through the blocks' logits, each weighted by its sampling variance plus the
 * blocks' movement around the line (DerSimonian–Laird again); null unless its slope passes a one-sided 0.1% test
 * against Student's t on K − 2 degrees of freedom (4.50 standard errors for ten blocks, not the normal's 3.09: a
 * rate that wanders year by year moves both half-years of a year together, so the line's standard error from ten
 * blocks is about 1.4 times too small, and the normal's 3.09 found a drift in 7 of 40 stocks' logs with none,
 * tests/core/forecast/wandering-rates.test.ts). A front door whose contact -> referral share rose 6% a year was forecast from its two-year mean alone,
 * about a year and a half behind: referrals 11% low on every such log (audit a13f F3).
 */
export function rateTrend(n: ArrayLike<number>, x: ArrayLike<number>, alpha = 0.001): RateTrend | null {
  const { y, v, block } = blockLogits(n, x);
  // each block's middle, in years before the latest block's end
  const t = block.map((k) => -((k + 0.5) * BLOCK_DAYS) / 365.25);
  const K = y.length;
  if (K < TREND_MIN_BLOCKS) return null;
  const line = (tau2: number) => {
    let sw = 0, st = 0, sy = 0;
    for (let k = 0; k < K; k++) {
      const w = 1 / (v[k]! + tau2);
      sw += w; st += w * t[k]!; sy += w * y[k]!;
    }
    const tm = st / sw;
    const ym = sy / sw;
    let stt = 0, sty = 0;
    for (let k = 0; k < K; k++) {
      const w = 1 / (v[k]! + tau2);
      stt += w * (t[k]! - tm) ** 2; sty += w * (t[k]! - tm) * (y[k]! - ym);
    }
    const slope = stt > 0 ? sty / stt : 0;
    return { slope, se: stt > 0 ? Math.sqrt(1 / stt) : Infinity, at: (k: number) => ym + slope * (t[k]! - tm) };
  };
  // τ² around the plain weighted line (the moment estimator with K − 2 degrees of freedom)
  const plain = line(0);
  let q = 0, sw = 0, sw2 = 0;
  for (let k = 0; k < K; k++) {
    q += (y[k]! - plain.at(k)) ** 2 / v[k]!;
    sw += 1 / v[k]!;
    sw2 += 1 / v[k]! ** 2;
  }
  const between = Math.max(0, (q - (K - 2)) / Math.max(1e-12, sw - sw2 / sw));
  const fitted = line(between);
  if (!(Math.abs(fitted.slope) > studentTQuantile(1 - alpha, K - 2) * fitted.se)) return null;
  // A rate that jumped once and held passes the slope's test too, and carried forward it kept rising: an S47 share
  // up from 0.18 to 0.25 in one half-year, flat for three years after, was read as +16-18% a year and the S47s
  // forecast 23-32% high (audit a13g). A drift is kept only where the line fits the blocks better than the best
  // single jump between two levels does (weighted squared error, the same two parameters each).
  if (bestJumpError(y, v) <= q) return null;
  return { slope: fitted.slope, se: fitted.se, between, years: ((block[K - 1]! - block[0]! + 1) * BLOCK_DAYS) / 365.25 };
}

/** The least weighted squared error of two levels, the blocks before some point at one and the rest at the other. */
function bestJumpError(y: readonly number[], v: readonly number[]): number {
  let best = Infinity;
  for (let cut = 1; cut < y.length; cut++) {
    let error = 0;
    for (const [from, to] of [[0, cut], [cut, y.length]] as const) {
      let sw = 0, sy = 0;
      for (let k = from; k < to; k++) { sw += 1 / v[k]!; sy += y[k]! / v[k]!; }
      const mean = sy / sw;
      for (let k = from; k < to; k++) error += (y[k]! - mean) ** 2 / v[k]!;
    }
    best = Math.min(best, error);
  }
  return best;
}

/** τ² of a hazard's level from blocks of `observed[k]` ends where `expected[k]` were expected, on the log scale (blocks with nothing expected left out). */
export function hazardBetweenBlocks(observed: ArrayLike<number>, expected: ArrayLike<number>): number {
  const y: number[] = [];
  const v: number[] = [];
  for (let k = 0; k < observed.length; k++) {
    if (expected[k]! < 1) continue;
    const o = observed[k]! + 0.5;
    y.push(Math.log(o / expected[k]!));
    v.push(1 / o);
  }
  return betweenBlockVariance(y, v);
}
