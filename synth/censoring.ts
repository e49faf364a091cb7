// Right-censoring. A dataset stops on its last date, so a step still under way then (a plan not yet
// ended, a child not yet back) is censored: counting only finished steps would make long steps look
// rare, and the generator, cut at its own end date, would then shorten them twice. The Aalen–Johansen
// estimator weights each finished step by the chance of being still at risk when it happened.

export interface Observation {
  /** days until the step, or until censoring */
  t: number;
  /** index of the step taken, or -1 when censored */
  cause: number;
}

/**
 * Weight of each observation (0 for censored ones) such that, per cause, the weights sum to the
 * cumulative incidence of that cause by the largest time seen, and their spread over t is the
 * estimated distribution of t given that cause.
 */
export function incidenceWeights(observations: readonly Observation[]): Float64Array {
  const order = observations.map((_, i) => i);
  // At equal times, steps come before censorings (the usual convention).
  order.sort((a, b) => observations[a]!.t - observations[b]!.t || (observations[a]!.cause < 0 ? 1 : 0) - (observations[b]!.cause < 0 ? 1 : 0));
  const weights = new Float64Array(observations.length);
  let atRisk = observations.length;
  let survival = 1;
  let k = 0;
  while (k < order.length) {
    const t = observations[order[k]!]!.t;
    let events = 0;
    let censored = 0;
    let j = k;
    for (; j < order.length && observations[order[j]!]!.t === t; j++) {
      if (observations[order[j]!]!.cause >= 0) events++;
      else censored++;
    }
    if (events > 0) {
      const w = survival / atRisk;
      for (let m = k; m < j; m++) if (observations[order[m]!]!.cause >= 0) weights[order[m]!] = w;
      survival *= 1 - events / atRisk;
    }
    atRisk -= events + censored;
    k = j;
  }
  return weights;
}
