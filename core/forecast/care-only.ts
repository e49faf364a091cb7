// Care-only mode: the deterministic daily population model councils know from Social Finance's demand
// model and its open port, data-to-insight/cs-demand-model: children in care counted per state (age
// band × placement type), moving each day by fixed daily rates between states, plus fixed daily numbers
// (entrants come from outside, `from` null). Re-implemented from the arithmetic its published tests
// state (tests/test_prediction.py, tests/test_prediction_ageing.py), so an analyst can put our figures
// beside the spreadsheet they already trust:
// - a state whose outgoing rates sum above 1 is drained completely, shared in proportion to its rates;
// - over a step of d days a state loses 1 − (1 − r)^d of its children (r its total daily rate), shared
//   among destinations in proportion to their rates; fixed numbers move d times their daily amount;
// - ageing: a child leaves an age band at 1 / (the band's length in days) a day, into the next band
//   with the same placement type.

export type Population = Map<string, number>;

export interface Flow {
  /** null: from outside (an entrant) */
  from: string | null;
  /** null: out of care */
  to: string | null;
  /** daily fraction (rates) or daily number (numbers) */
  value: number;
}

/**
 * Two sets of rates as one: the same move's rates added, a move in either kept (cs-demand-model's
 * combine_rates, tests/test_prediction_ageing.py @45c06e4: ageing and the observed transitions act together).
 */
export function combineRates(a: readonly Flow[], b: readonly Flow[]): Flow[] {
  const byMove = new Map<string, Flow>();
  for (const f of [...a, ...b]) {
    const key = JSON.stringify([f.from, f.to]);
    const seen = byMove.get(key);
    byMove.set(key, seen ? { ...seen, value: seen.value + f.value } : { ...f });
  }
  return [...byMove.values()];
}

/** One step of `days` days: rates act on the starting population, then fixed numbers are added. */
export function transitionPopulation(population: Population, options: { rates?: Flow[]; numbers?: Flow[]; days?: number }): Population {
  const days = options.days ?? 1;
  const next = new Map(population);
  const outgoing = new Map<string, Flow[]>();
  for (const flow of options.rates ?? []) {
    if (flow.from === null) throw new RangeError('a rate needs a state to leave from; use numbers for entrants');
    let list = outgoing.get(flow.from);
    if (!list) outgoing.set(flow.from, (list = []));
    list.push(flow);
  }
  for (const [from, flows] of outgoing) {
    const stock = population.get(from) ?? 0;
    const total = flows.reduce((s, f) => s + f.value, 0);
    if (stock === 0 || total <= 0) continue;
    // Each flow moves stock × its rate × the share of one day's leavers that `days` days compound to.
    // One day moves stock × rate exactly, as the original does: 1 − (1 − 0.3) is 0.30000000000000004 in
    // floating point, which made its `== 105` fixture 105.00000000000001 (audit a13).
    const scale = total >= 1 ? 1 / total : days === 1 ? 1 : (1 - Math.pow(1 - total, days)) / total;
    let leaving = 0;
    for (const f of flows) {
      const moved = stock * f.value * scale;
      leaving += moved;
      if (f.to !== null) next.set(f.to, (next.get(f.to) ?? 0) + moved);
    }
    // rates summing to 1 or more drain the state: all of it leaves, not a sum that rounds short of it
    next.set(from, (next.get(from) ?? 0) - (total >= 1 ? stock : leaving));
  }
  for (const f of options.numbers ?? []) {
    if (f.from !== null) next.set(f.from, (next.get(f.from) ?? 0) - f.value * days);
    if (f.to !== null) next.set(f.to, (next.get(f.to) ?? 0) + f.value * days);
  }
  return next;
}

/** Populations after each of `steps` steps of `stepDays` days. */
export function predictPopulation(population: Population, options: { rates?: Flow[]; numbers?: Flow[]; steps: number; stepDays?: number }): Population[] {
  const out: Population[] = [];
  let current = population;
  for (let k = 0; k < options.steps; k++) {
    current = transitionPopulation(current, { rates: options.rates, numbers: options.numbers, days: options.stepDays ?? 1 });
    out.push(current);
  }
  return out;
}

/** Age bands of the demand model: [name, first year of age, first year past it]. */
export const CARE_AGE_BANDS = [
  ['birth_to_one', 0, 1],
  ['one_to_five', 1, 5],
  ['five_to_ten', 5, 10],
  ['ten_to_sixteen', 10, 16],
  ['sixteen_to_eighteen', 16, 18],
] as const;

export const stateKey = (band: string, placement: string): string => `${band}|${placement}`;

/** Daily ageing rates of each band into the next, for each placement type (the last band ages out of care). */
export function ageingRates(placements: readonly string[]): Flow[] {
  const flows: Flow[] = [];
  CARE_AGE_BANDS.forEach(([band, lo, hi], k) => {
    const next = CARE_AGE_BANDS[k + 1];
    for (const p of placements) flows.push({ from: stateKey(band, p), to: next ? stateKey(next[0], p) : null, value: 1 / ((hi - lo) * 365) });
  });
  return flows;
}
