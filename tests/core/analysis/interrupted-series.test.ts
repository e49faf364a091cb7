import { describe, expect, it } from 'vitest';
import { interruptedSeries, type SeriesPoint } from '../../../core/analysis/interrupted-series.js';
import { fitAr1, fitDriftNoise, fitWeighted, contrastVariance } from '../../../core/analysis/linear-model.js';
import { fitLocalLevel } from '../../../core/analysis/local-level.js';
import { holm } from '../../../core/analysis/multiplicity.js';
import { studentTCdf } from '../../../core/analysis/student-t.js';
import { seededRandom } from '../../../core/random.js';

const season = (day: number) => 0.03 * Math.sin((2 * Math.PI * day) / 365.25) + 0.01 * Math.cos((4 * Math.PI * day) / 365.25);

function series(from: number, to: number, value: (t: number, day: number) => number, weight = () => 100): SeriesPoint[] {
  return Array.from({ length: to - from + 1 }, (_, i) => {
    const t = from + i;
    const midDay = 19_500 + 7 * t + 3;
    return { t, value: value(t, midDay), weight: weight(), midDay };
  });
}

describe('interruptedSeries', () => {
  it('recovers the jump, the change of trend and the season exactly from a noise-free series', () => {
    const points = series(-60, 25, (t, d) => 0.1 + 0.001 * t + season(d) + (t >= 0 ? 0.05 + 0.002 * t : 0));
    const fit = interruptedSeries(points, { harmonics: 2 });
    if (!fit.ok) throw new Error(fit.reason);
    expect(fit.levelChange.estimate).toBeCloseTo(0.05, 9);
    expect(fit.slopeChange.estimate).toBeCloseTo(0.002, 9);
    // The effect is the average gap over the after weeks 0…25: 0.05 + 0.002 × 12.5.
    expect(fit.effect.estimate).toBeCloseTo(0.075, 9);
    const last = fit.fitted[fit.fitted.length - 1]!;
    expect(last.fitted - last.counterfactual).toBeCloseTo(0.05 + 0.002 * 25, 9);
  });

  it('tests the jump at the change, or a level change against one trend, when asked (the bench compares them)', () => {
    const points = series(-60, 25, (t, d) => 0.1 + 0.001 * t + season(d) + (t >= 0 ? 0.05 + 0.002 * t : 0));
    const jump = interruptedSeries(points, { harmonics: 2, effect: 'jump', calibrateEvery: 0 });
    if (!jump.ok) throw new Error(jump.reason);
    // The jump leaves out the change of trend that the average gap (0.075) carries.
    expect(jump.effect.estimate).toBeCloseTo(0.05, 9);
    const level = series(-60, 25, (t, d) => 0.1 + 0.001 * t + season(d) + (t >= 0 ? 0.05 : 0));
    const oneTrend = interruptedSeries(level, { harmonics: 2, slopeChange: false, calibrateEvery: 0 });
    if (!oneTrend.ok) throw new Error(oneTrend.reason);
    expect(oneTrend.effect.estimate).toBeCloseTo(0.05, 9);
    expect(oneTrend.slopeChange.estimate).toBe(0);
    const last = oneTrend.fitted[oneTrend.fitted.length - 1]!;
    expect(last.fitted - last.counterfactual).toBeCloseTo(0.05, 9);
  });

  it('with calendar covariates, a holiday dip that ends at the change is not read as a jump', () => {
    // Weeks −6…−1 and 46…51 are holidays (share 1) where the value falls by 0.04; nothing changes at 0.
    const holiday = (t: number) => ((t >= -6 && t < 0) || (t >= 46 && t < 52) ? 1 : 0);
    const points = series(-60, 51, (t, d) => 0.2 + 0.0005 * t + season(d) - 0.04 * holiday(t)).map((p) => ({ ...p, covariates: [5, holiday(p.t)] }));
    const without = interruptedSeries(points, { effect: 'jump', calibrateEvery: 0 });
    const withCalendar = interruptedSeries(points, { effect: 'jump', calibrateEvery: 0, covariates: true, harmonics: 2 });
    if (!without.ok || !withCalendar.ok) throw new Error('refused');
    expect(Math.abs(without.effect.estimate)).toBeGreaterThan(0.01);
    expect(withCalendar.effect.estimate).toBeCloseTo(0, 9);
    // The constant covariate (5 working days every week) is left out rather than making the design singular.
    expect(withCalendar.df).toBe(without.df - 3);
  });

  it('averages the effect over the after window only, though it learns the later trend from more weeks', () => {
    const points = series(-52, 51, (t) => 0.2 + (t >= 0 ? 0.01 * t : 0));
    const fit = interruptedSeries(points, { effectPeriods: 10 });
    if (!fit.ok) throw new Error(fit.reason);
    expect(fit.effect.estimate).toBeCloseTo(0.01 * 4.5, 9);
  });

  it('refuses, saying why, with too few weeks before or after or less than a year in all', () => {
    const few = interruptedSeries(series(-10, 40, () => 1));
    expect(few.ok).toBe(false);
    expect(!few.ok && few.reason).toMatch(/^10 usable weeks before the change; at least 26/);
    const late = interruptedSeries(series(-60, 2, () => 1));
    expect(!late.ok && late.reason).toMatch(/^3 usable weeks from the change on; at least 4/);
    const short = interruptedSeries(series(-30, 10, () => 1));
    expect(!short.ok && short.reason).toMatch(/span 41 weeks; a full year/);
  });

  it('leaves out weeks with no cases (weight 0) rather than counting them as 0', () => {
    const points = series(-60, 25, (t) => 0.3 + (t >= 0 ? 0.1 : 0)).map((p) => (p.t % 5 === 0 ? { ...p, value: 0, weight: 0 } : p));
    const fit = interruptedSeries(points);
    if (!fit.ok) throw new Error(fit.reason);
    expect(fit.levelChange.estimate).toBeCloseTo(0.1, 9);
    expect(fit.before + fit.after).toBe(points.filter((p) => p.weight > 0).length);
  });

  it('holds its 5% error rate on pure noise with correlated weeks (AR(1), ρ = 0.4) and uneven weights', () => {
    const random = seededRandom(2024);
    const gauss = () => Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
    let rejected = 0;
    const runs = 600;
    for (let r = 0; r < runs; r++) {
      let e = 0;
      const points = series(-60, 25, (t, d) => {
        e = 0.4 * e + Math.sqrt(1 - 0.16) * gauss();
        return 0.25 + 0.0004 * t + season(d) + 0.02 * e;
      });
      const fit = interruptedSeries(points, { harmonics: 2 });
      if (fit.ok && fit.effect.p < 0.05) rejected++;
    }
    // The in-series placebo only ever widens the interval, so on a well-specified series the test is a little
    // conservative; it must still reject sometimes (a test that never rejects sees nothing).
    expect(rejected / runs).toBeGreaterThan(0.01);
    expect(rejected / runs).toBeLessThan(0.06);
  });

  it('never narrows the interval by calibrating against fake changes, and keeps a real step', () => {
    const random = seededRandom(5);
    const gauss = () => Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
    const points = series(-60, 40, (t, d) => 0.1 + 0.0002 * t + season(d) + (t >= 0 ? 0.07 : 0) + 0.005 * gauss());
    const calibrated = interruptedSeries(points);
    const plain = interruptedSeries(points, { calibrateEvery: 0 });
    if (!calibrated.ok || !plain.ok) throw new Error('not fitted');
    expect(calibrated.effect.estimate).toBe(plain.effect.estimate);
    expect(calibrated.effect.se).toBeGreaterThanOrEqual(plain.effect.se);
    expect(calibrated.inflation).toBeCloseTo(calibrated.effect.se / plain.effect.se, 9);
    expect(calibrated.effect.p).toBeLessThan(0.001);
  });
});

describe('a series that does not vary', () => {
  it('reports no change at all (every contact became a referral): rounding residue is not a signal', () => {
    const points = series(-60, 40, () => 1);
    for (const noise of ['ar1', 'drift', 'level', 'level-echo'] as const) {
      for (const effect of ['average', 'jump'] as const) {
        const fit = interruptedSeries(points, { noise, effect, calibrateEvery: 0 });
        if (!fit.ok) throw new Error(fit.reason);
        expect(fit.effect.estimate).toBe(0);
        expect(fit.effect.p).toBe(1);
      }
    }
  });
});

describe('fitDriftNoise (a drift that echoes from week to week plus each week\'s own noise)', () => {
  it('finds the drift and widens the slope\'s interval over the plain one; with no drift it is weighted least squares', () => {
    const random = seededRandom(11);
    const gauss = () => Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
    let u = 0;
    const X: number[][] = [];
    const y: number[] = [];
    const w: number[] = [];
    const time: number[] = [];
    for (let t = 0; t < 130; t++) {
      u = 0.85 * u + Math.sqrt(1 - 0.85 ** 2) * 0.01 * gauss();
      const n = 150 + Math.floor(150 * random());
      X.push([1, t]);
      y.push(0.1 + 0.0001 * t + u + Math.sqrt(0.09 / n) * gauss());
      w.push(n);
      time.push(t);
    }
    const fit = fitDriftNoise(X, y, w, time)!;
    // True drift: φ = 0.85, λ = 0.01² ÷ (0.09 / mean n ≈ 225) = 0.25.
    expect(fit.phi).toBeGreaterThan(0.6);
    expect(fit.lambda).toBeGreaterThan(0.08);
    expect(fit.lambda).toBeLessThan(1);
    const c = [0, 1];
    expect(Math.sqrt(contrastVariance(fit.cov, c))).toBeGreaterThan(1.5 * Math.sqrt(contrastVariance(fit.plainCov, c)));
    const none = fitDriftNoise(X, y, w, time, { phi: 0.5, lambda: 0 })!;
    const wls = fitWeighted(X, y, w)!;
    expect(none.beta[1]).toBeCloseTo(wls.beta[1]!, 12);
  });
});

describe('fitLocalLevel (a random-walk level plus each week\'s own noise, the level\'s start diffuse)', () => {
  const gaussOf = (seed: number) => {
    const random = seededRandom(seed);
    return { random, gauss: () => Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random()) };
  };

  it('is weighted least squares when the level does not wander (q = 0), gaps and all', () => {
    const { random, gauss } = gaussOf(3);
    const X: number[][] = [];
    const y: number[] = [];
    const w: number[] = [];
    const time: number[] = [];
    for (let t = -50; t < 40; t++) {
      if (t === -20 || t === 7 || t === 8) continue;
      X.push([1, t, t >= 0 ? 1 : 0]);
      y.push(0.1 + 0.0005 * t + (t >= 0 ? 0.03 : 0) + 0.02 * gauss());
      w.push(100 + Math.floor(200 * random()));
      time.push(t);
    }
    const fixed = fitLocalLevel(X, y, w, time, { fixed: { q: 0, kappa: 0, r: 0, phi: 0, lambda: 0 } })!;
    const wls = fitWeighted(X, y, w)!;
    for (let a = 0; a < 3; a++) expect(fixed.beta[a]).toBeCloseTo(wls.beta[a]!, 12);
    expect(fixed.cov[2]![2]! * fixed.df).toBeCloseTo(wls.cov[2]![2]! * wls.df, 12);
  });

  it('learns how much the level wanders, and its jump test keeps its level on random walks with binomial noise', () => {
    const { random, gauss } = gaussOf(17);
    let rejected = 0;
    let found = 0;
    const qs: number[] = [];
    const runs = 120;
    for (let run = 0; run < runs; run++) {
      for (const step of [0, 0.07]) {
        let level = 0;
        const X: number[][] = [];
        const y: number[] = [];
        const w: number[] = [];
        const time: number[] = [];
        for (let t = -60; t < 40; t++) {
          // Level steps of 0.3 points a week; a week of about 250 cases at 7% has a binomial SD of 1.6 points.
          level += 0.003 * gauss();
          const n = 200 + Math.floor(100 * random());
          const p = 0.07 + level + (t >= 0 ? step : 0);
          X.push([1, t, t >= 0 ? 1 : 0]);
          y.push(p + Math.sqrt((p * (1 - p)) / n) * gauss());
          w.push(n);
          time.push(t);
        }
        const fit = fitLocalLevel(X, y, w, time, { extraNoise: false })!;
        const z = fit.beta[2]! / Math.sqrt(fit.cov[2]![2]!);
        const p = 2 * (1 - studentTCdf(Math.abs(z), fit.df));
        if (step === 0) {
          qs.push(fit.q);
          if (p < 0.05) rejected++;
        } else if (p < 0.005 && z > 0) found++;
      }
    }
    // True q = 0.003² ÷ (0.07 × 0.93 ÷ 250) ≈ 0.035; REML's median lands near it.
    const median = [...qs].sort((a, b) => a - b)[runs / 2]!;
    expect(median).toBeGreaterThan(0.01);
    expect(median).toBeLessThan(0.1);
    expect(rejected / runs).toBeGreaterThan(0.01);
    expect(rejected / runs).toBeLessThan(0.1);
    expect(found).toBe(runs);
  });

  it('draws its fitted line through the wandering level', () => {
    const { gauss } = gaussOf(5);
    const points = series(-60, 40, (t) => 0.2 + 0.02 * Math.sin(t / 9) + (t >= 0 ? 0.05 : 0) + 0.002 * gauss());
    const fit = interruptedSeries(points, { noise: 'level' });
    if (!fit.ok) throw new Error(fit.reason);
    const worst = Math.max(...fit.fitted.map((f, i) => Math.abs(f.fitted - points[i]!.value)));
    expect(worst).toBeLessThan(0.01);
    expect(fit.effect.estimate).toBeGreaterThan(0.04);
    expect(fit.effect.estimate).toBeLessThan(0.06);
  });
});

describe('fitWeighted and fitAr1', () => {
  it('solves weighted least squares exactly and weights rows by their denominators', () => {
    const X = [[1, 0], [1, 1], [1, 2], [1, 3]];
    const fit = fitWeighted(X, [1, 3, 5, 7], [1, 2, 3, 4])!;
    expect(fit.beta[0]).toBeCloseTo(1, 12);
    expect(fit.beta[1]).toBeCloseTo(2, 12);
    // A heavy row pulls the line to itself.
    const pulled = fitWeighted(X, [1, 3, 5, 10], [1, 1, 1, 1000])!;
    expect(pulled.beta[0]! + 3 * pulled.beta[1]!).toBeCloseTo(10, 1);
  });

  it('widens the interval when weeks echo each other: the AR(1) standard error exceeds the plain one', () => {
    const random = seededRandom(7);
    const gauss = () => Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
    let e = 0;
    const X: number[][] = [];
    const y: number[] = [];
    const time: number[] = [];
    for (let t = 0; t < 120; t++) {
      e = 0.7 * e + gauss();
      X.push([1, t]);
      y.push(5 + 0.01 * t + e);
      time.push(t);
    }
    const fit = fitAr1(X, y, y.map(() => 1), time)!;
    expect(fit.rho).toBeGreaterThan(0.5);
    const c = [0, 1];
    expect(Math.sqrt(contrastVariance(fit.cov, c))).toBeGreaterThan(1.5 * Math.sqrt(contrastVariance(fit.plainCov, c)));
    expect(2 * (1 - studentTCdf(Math.abs(fit.beta[1]! / Math.sqrt(contrastVariance(fit.cov, c))), fit.df))).toBeGreaterThan(0.001);
  });
});

describe('holm', () => {
  it('rejects step-down at α/(m − i + 1) and reports adjusted p-values', () => {
    const d = holm([0.01, 0.04, 0.03, 0.005, null], 0.05);
    expect(d.m).toBe(4);
    // Sorted: .005 < .0125 ✓, .01 < .0167 ✓, .03 ≥ .025 ✗ — stop.
    expect(d.rejected).toEqual([true, false, false, true, false]);
    expect(d.adjusted[3]).toBeCloseTo(0.02, 12);
    expect(d.adjusted[0]).toBeCloseTo(0.03, 12);
    expect(d.adjusted[2]).toBeCloseTo(0.06, 12);
    expect(d.adjusted[1]).toBeCloseTo(0.06, 12);
    expect(d.adjusted[4]).toBeNull();
  });

  it('gives each measure an interval level that agrees with its decision, for any p-values', () => {
    const random = seededRandom(99);
    for (let run = 0; run < 500; run++) {
      const ps = Array.from({ length: 10 }, () => (random() < 0.3 ? random() * 0.01 : random()));
      const d = holm(ps, 0.05);
      ps.forEach((p, i) => {
        expect(d.rejected[i]).toBe(d.adjusted[i]! < 0.05);
        // An interval at level 1 − a excludes no change exactly when p < a.
        expect(p < d.intervalAlpha[i]!).toBe(d.rejected[i]);
      });
    }
  });
});
