import { describe, expect, it } from 'vitest';
import { bootstrapMedianCI, quantileSorted } from '../../../core/analysis/bootstrap.js';
import { binomialCdf, funnelLimits, funnelPosition, funnelTails } from '../../../core/analysis/funnel.js';
import { kaplanMeier, numbersAtRisk, survivalAt } from '../../../core/analysis/kaplan-meier.js';
import { studentTQuantile } from '../../../core/analysis/student-t.js';
import { wilsonInterval } from '../../../core/analysis/wilson.js';
import { seededRandom } from '../../../core/random.js';

describe('wilsonInterval', () => {
  it('gives [0, 0.2775] for 0 of 10 (z²/(n+z²), the published value)', () => {
    const ci = wilsonInterval(0, 10)!;
    expect(ci.lower).toBe(0);
    expect(ci.upper).toBeCloseTo(0.2775, 4);
  });
  it('matches Newcombe (1998, Stat Med 17:857) table I: 81/263 → 0.2553–0.3662, 15/148 → 0.0624–0.1605', () => {
    const a = wilsonInterval(81, 263)!;
    expect(a.lower).toBeCloseTo(0.2553, 4);
    expect(a.upper).toBeCloseTo(0.3662, 4);
    const b = wilsonInterval(15, 148)!;
    expect(b.lower).toBeCloseTo(0.0624, 4);
    expect(b.upper).toBeCloseTo(0.1605, 4);
  });
  it('is symmetric: k of n mirrors n−k of n, and n of n reaches exactly 1', () => {
    const lo = wilsonInterval(3, 17)!;
    const hi = wilsonInterval(14, 17)!;
    expect(lo.lower).toBeCloseTo(1 - hi.upper, 12);
    expect(wilsonInterval(10, 10)!.upper).toBe(1);
    expect(wilsonInterval(10, 10)!.lower).toBeCloseTo(10 / 13.8416, 4);
  });
  it('is null with no trials and rejects k > n', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(5, 4)).toThrow(/k=5, n=4/);
  });
});

describe('bootstrapMedianCI', () => {
  const values = [12, 3, 45, 7, 7, 30, 21, 9, 16, 5, 40, 11];
  it('is deterministic for a seed and brackets the sample median', () => {
    const a = bootstrapMedianCI(values, { seed: 42, reps: 500 })!;
    const b = bootstrapMedianCI(values, { seed: 42, reps: 500 })!;
    expect(a).toEqual(b);
    expect(a.median).toBe(11.5);
    expect(a.lower).toBeLessThanOrEqual(11.5);
    expect(a.upper).toBeGreaterThanOrEqual(11.5);
    expect(a.lower).toBeGreaterThanOrEqual(3);
    expect(a.upper).toBeLessThanOrEqual(45);
  });
  it('collapses to the value when every value is the same, and is null for no values', () => {
    expect(bootstrapMedianCI([4, 4, 4, 4], { seed: 1, reps: 50 })).toEqual({ median: 4, n: 4, lower: 4, upper: 4 });
    expect(bootstrapMedianCI([])).toBeNull();
  });
  it('narrows as the sample grows', () => {
    const random = seededRandom(7);
    const small = Array.from({ length: 30 }, () => Math.round(random() * 100));
    const large = Array.from({ length: 3000 }, () => Math.round(random() * 100));
    const s = bootstrapMedianCI(small, { seed: 3, reps: 300 })!;
    const l = bootstrapMedianCI(large, { seed: 3, reps: 300 })!;
    expect(l.upper - l.lower).toBeLessThan(s.upper - s.lower);
  });
  it('draws resampled medians with the same distribution as resampling by hand (odd and even n)', () => {
    for (const n of [41, 40]) {
      const random = seededRandom(n);
      const sample = Array.from({ length: n }, () => Math.round(random() * random() * 200));
      const sorted = [...sample].sort((a, b) => a - b);
      // Brute force: 20,000 resamples of n values, the share of resampled medians ≤ each sample value.
      const draw = seededRandom(99);
      const reps = 20000;
      const brute: number[] = [];
      for (let r = 0; r < reps; r++) {
        const resample = Array.from({ length: n }, () => sample[Math.floor(draw() * n)]!).sort((a, b) => a - b);
        brute.push(n % 2 ? resample[(n - 1) / 2]! : (resample[n / 2 - 1]! + resample[n / 2]!) / 2);
      }
      brute.sort((a, b) => a - b);
      const fast = bootstrapMedianCI(sample, { seed: 5, reps })!;
      // Percentile bounds agree to within one step between neighbouring sample values.
      const step = (x: number) => {
        const i = sorted.findIndex((v) => v >= x);
        return Math.max(1, (sorted[Math.min(n - 1, i + 1)]! - sorted[Math.max(0, i - 1)]!));
      };
      expect(Math.abs(fast.lower - quantileSorted(brute, 0.025))).toBeLessThanOrEqual(step(fast.lower));
      expect(Math.abs(fast.upper - quantileSorted(brute, 0.975))).toBeLessThanOrEqual(step(fast.upper));
    }
  });
  it('uses type-7 quantiles', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
  });
});

describe('studentTQuantile', () => {
  it('matches printed tables: t(0.975, 1) = 12.706, t(0.975, 10) = 2.228, t(0.975, 30) = 2.042', () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062, 3);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.2281, 4);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.0423, 4);
    expect(studentTQuantile(0.025, 10)).toBeCloseTo(-2.2281, 4);
  });
});

describe('funnelLimits (exact binomial, Spiegelhalter 2005 appendix interpolation)', () => {
  it('matches the formula worked by hand for p0 = 0.5, n = 4', () => {
    // CDF of Bin(4, .5): 1/16, 5/16, 11/16, 15/16, 1.
    // 97.5%: r = 4, α = (1 − .975)/(1 − 15/16) = 0.4, limit (4 − 0.4)/4 = 0.9.
    // 99.9%: r = 4, α = 0.001/0.0625 = 0.016, limit 3.984/4 = 0.996.
    // 2.5%: r = 0, α = (1/16 − .025)/(1/16) = 0.6, (0 − 0.6)/4 < 0 → 0.
    const l = funnelLimits(0.5, 4);
    expect(l.upper95).toBeCloseTo(0.9, 12);
    expect(l.upper998).toBeCloseTo(0.996, 12);
    expect(l.lower95).toBe(0);
    expect(l.lower998).toBe(0);
  });
  it('matches the formula for p0 = 0.2, n = 10 (lower 95%)', () => {
    // P(X ≤ 0) = 0.8^10 = 0.10737 ≥ 0.025 so r = 0; α = (0.10737 − 0.025)/0.10737; limit negative → 0.
    expect(funnelLimits(0.2, 10).lower95).toBe(0);
    // 97.5%: smallest r with P(X ≤ r) ≥ .975 is 5 (P(≤4) = .96721, P(≤5) = .99363).
    const at5 = binomialCdf(5, 10, 0.2);
    const at4 = binomialCdf(4, 10, 0.2);
    expect(at4).toBeCloseTo(0.967207, 6);
    expect(at5).toBeCloseTo(0.993631, 6);
    expect(funnelLimits(0.2, 10).upper95).toBeCloseTo((5 - (at5 - 0.975) / (at5 - at4)) / 10, 12);
  });
  it('approaches the normal approximation p0 ± z·√(p0(1−p0)/n) for large n', () => {
    const p0 = 0.22;
    const n = 20000;
    const sd = Math.sqrt((p0 * (1 - p0)) / n);
    const l = funnelLimits(p0, n);
    expect(Math.abs(l.upper95 - (p0 + 1.959964 * sd))).toBeLessThan(2 / n);
    expect(Math.abs(l.lower95 - (p0 - 1.959964 * sd))).toBeLessThan(2 / n);
    expect(Math.abs(l.upper998 - (p0 + 3.090232 * sd))).toBeLessThan(3 / n);
  });
  it('places an observation by its exact tail probabilities, each side at 2.5% and 0.1%', () => {
    // 120 of 400 against 0.3 is the expected count.
    expect(funnelPosition(120, 400, 0.3)).toBe('within');
    expect(funnelPosition(200, 400, 0.3)).toBe('above_99.8');
    // Σ C(400,i)·.3^i·.7^(400−i) summed by hand (Python, exact integers): P(X ≤ 102) = 0.026762 (within),
    // P(X ≤ 100) = 0.015532 (below 95%), P(X ≤ 90) = 0.000485 (below 99.8%).
    expect(funnelTails(102, 400, 0.3).lower).toBeCloseTo(0.026762, 6);
    expect(funnelTails(100, 400, 0.3).lower).toBeCloseTo(0.015532, 6);
    expect(funnelPosition(102, 400, 0.3)).toBe('within');
    expect(funnelPosition(100, 400, 0.3)).toBe('below_95');
    expect(funnelPosition(90, 400, 0.3)).toBe('below_99.8');
  });
  it('does not call 12 of 12 at a target of 86.2% an outlier: P(12 of 12) = 0.862^12 = 0.168', () => {
    const tails = funnelTails(12, 12, 0.862);
    expect(tails.upper).toBeCloseTo(0.862 ** 12, 12);
    expect(tails.upper).toBeCloseTo(0.168, 3);
    expect(funnelPosition(12, 12, 0.862)).toBe('within');
    // …although 12/12 = 100% lies above the interpolated 99.8% limit drawn at n = 12.
    expect(1).toBeGreaterThan(funnelLimits(0.862, 12).upper998);
    // A perfect score is an outlier only when chance makes it rare: 60 of 60 at 86.2% has P = 0.862^60 ≈ 1.3e-4.
    expect(funnelPosition(60, 60, 0.862)).toBe('above_99.8');
    expect(funnelPosition(0, 30, 0.3)).toBe('below_99.8'); // 0.7^30 = 2.3e-5
    expect(funnelPosition(0, 5, 0.3)).toBe('within'); // 0.7^5 = 0.17
  });
  it('computes a small upper tail directly, without losing digits to 1 − (1 − p)', () => {
    // P(X ≥ 50 | 50, 0.5) = 2^-50
    expect(funnelTails(50, 50, 0.5).upper / 2 ** -50).toBeCloseTo(1, 9);
    expect(() => funnelTails(5, 4, 0.5)).toThrow(/k ≤ n/);
  });
});

describe('kaplanMeier', () => {
  // Freireich et al. (1963) 6-MP arm of the leukaemia remission trial, as tabulated in Kleinbaum &
  // Klein, "Survival Analysis: A Self-Learning Text" (3rd ed., ch. 2) and R's survival::gehan:
  // weeks of remission, + = censored. S(t) and Greenwood SEs below are the printed ones.
  const data = '6 6 6 6+ 7 9+ 10 10+ 11+ 13 16 17+ 19+ 20+ 22 23 25+ 32+ 32+ 34+ 35+'.split(' ');
  const times = data.map((s) => parseFloat(s));
  const events = data.map((s) => !s.endsWith('+'));
  const curve = kaplanMeier(times, events);
  it('reproduces the textbook survival estimates and Greenwood standard errors', () => {
    const expected: Array<[number, number, number, number]> = [
      [6, 21, 0.8571, 0.0764],
      [7, 17, 0.8067, 0.0869],
      [10, 15, 0.7529, 0.0963],
      [13, 12, 0.6902, 0.1068],
      [16, 11, 0.6275, 0.1141],
      [22, 7, 0.5378, 0.1282],
      [23, 6, 0.4482, 0.1346],
    ];
    expect(curve.steps.map((s) => s.time)).toEqual(expected.map((e) => e[0]));
    curve.steps.forEach((step, i) => {
      const [, atRisk, survival, se] = expected[i]!;
      expect(step.atRisk).toBe(atRisk);
      expect(step.survival).toBeCloseTo(survival, 4);
      expect(step.se).toBeCloseTo(se, 4);
      expect(step.lower).toBeCloseTo(Math.max(0, step.survival - 1.96 * step.se), 12);
    });
    expect(curve.events).toBe(9);
    expect(curve.censored).toBe(12);
    expect(curve.median).toBe(23);
  });
  it('reads survival at a time and numbers at risk', () => {
    expect(survivalAt(curve, 12)!.survival).toBeCloseTo(0.7529, 4);
    expect(survivalAt(curve, 5)).toBeNull();
    expect(numbersAtRisk(times, [0, 10, 20, 30])).toEqual([21, 15, 8, 4]);
  });
  it('drops to zero when everyone has the event', () => {
    const c = kaplanMeier([1, 2, 2], [true, true, true]);
    expect(c.steps[0]!.survival).toBeCloseTo(2 / 3, 12);
    expect(c.steps[1]!.survival).toBe(0);
    expect(c.steps[1]!.se).toBe(0);
  });
});
