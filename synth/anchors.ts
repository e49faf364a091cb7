// Which day a step's duration is best counted from. Each step has a natural anchor (states.ts
// anchorDay: an end from its start, an ICPC from its S47, a CP plan from its conference) and the previous
// event. Which describes the data better depends on how the council works: a period of care runs its
// own length whatever happens during it (count from its start), while a CP plan that ends when the child
// comes into care ends days after the care starts (count from the previous event). The fit compares the
// two by likelihood on the data and keeps the better; the generator draws from it.

/** Log-scale bins of days: day 0 on its own, then bins of log(1 + days) this wide. */
const BIN_WIDTH = 0.2;
const BINS = 60;
/** Log-likelihood per observation by which the previous event must beat the natural anchor. */
const MARGIN = 0.05;

function binOf(days: number): number {
  return days <= 0 ? 0 : Math.min(BINS - 1, 1 + Math.floor(Math.log1p(days) / BIN_WIDTH));
}

/** Width in days of a bin (for densities per day, comparable between the two ways of counting). */
function widthOf(bin: number): number {
  return bin === 0 ? 1 : Math.max(1, Math.expm1(bin * BIN_WIDTH) - Math.expm1((bin - 1) * BIN_WIDTH));
}

/** A smoothed weighted histogram: probability of each bin. */
function histogram(values: readonly number[], weights: readonly number[], skip: readonly boolean[]): Float64Array {
  const p = new Float64Array(BINS).fill(0.5 / BINS);
  let total = 0.5;
  for (let i = 0; i < values.length; i++) {
    if (skip[i] || !(weights[i]! > 0)) continue;
    p[binOf(values[i]!)]! += weights[i]!;
    total += weights[i]!;
  }
  for (let b = 0; b < BINS; b++) p[b]! /= total;
  return p;
}

/**
 * Whether any a[i] differs from b[i]. (A function of its own: the loop in previousEventFitsBetter was compiled on
 * stack (OSR) before the rest had run, and that code, entered on every later call, gave up just after it.)
 */
function differ(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return true;
  return false;
}

/**
 * True when the days since the previous event (`sinceLast`) describe the step better than the days since
 * its natural anchor (`sinceAnchor`, drawn at least the time already spent, `sinceAnchor - sinceLast`).
 * Observations `cut` short (an end on the 18th birthday) are left out of the comparison.
 */
export function previousEventFitsBetter(sinceAnchor: readonly number[], sinceLast: readonly number[], weights: readonly number[], cut: readonly boolean[]): boolean {
  if (!differ(sinceAnchor, sinceLast)) return false;
  const fromLast = histogram(sinceLast, weights, cut);
  const fromAnchor = histogram(sinceAnchor, weights, cut);
  // Survival of the anchored duration from each bin on (P(days ≥ bin's start)).
  const survival = new Float64Array(BINS + 1);
  for (let b = BINS - 1; b >= 0; b--) survival[b] = survival[b + 1]! + fromAnchor[b]!;
  let logLast = 0;
  let logAnchor = 0;
  let total = 0;
  // (loops, not forEach with a closure made per call)
  for (let i = 0; i < sinceAnchor.length; i++) {
    if (cut[i] || !(weights[i]! > 0)) continue;
    const l = sinceAnchor[i]!;
    const t = sinceLast[i]!;
    const w = weights[i]!;
    total += w;
    logLast += w * Math.log(fromLast[binOf(t)]! / widthOf(binOf(t)));
    const spent = l - t;
    const bin = binOf(l);
    logAnchor += w * (Math.log(fromAnchor[bin]! / widthOf(bin)) - Math.log(Math.max(1e-12, survival[spent > 0 ? binOf(spent) : 0]!)));
  }
  // Near a tie the natural anchor stays: the previous event must fit clearly better.
  return logLast > logAnchor + MARGIN * total;
}
