// The difference of two proportions with Newcombe's hybrid score interval (Newcombe 1998, Stat Med
// 17:873, method 10), built from the two Wilson intervals: good coverage even for small counts.
import { wilsonInterval, type Interval } from './wilson.js';

export interface ProportionDifference extends Interval {
  /** pA − pB */
  estimate: number;
  /** true when the 95% interval excludes 0 */
  excludesZero: boolean;
}

export function proportionDifference(kA: number, nA: number, kB: number, nB: number): ProportionDifference | null {
  const a = wilsonInterval(kA, nA);
  const b = wilsonInterval(kB, nB);
  if (!a || !b) return null;
  const pA = kA / nA;
  const pB = kB / nB;
  const estimate = pA - pB;
  const lower = estimate - Math.sqrt((pA - a.lower) ** 2 + (b.upper - pB) ** 2);
  const upper = estimate + Math.sqrt((a.upper - pA) ** 2 + (pB - b.lower) ** 2);
  return { estimate, lower, upper, excludesZero: lower > 0 || upper < 0 };
}
