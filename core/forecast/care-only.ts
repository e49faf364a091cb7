// Care-only mode: the deterministic daily population model councils know from Social Finance's demand
// model and its open port, data-to-insight/cs-demand-model: children in care counted per state (age
// band × placement type), moving each day by fixed daily rates between states, plus fixed daily numbers
// (entrants come from outside, `from` null). Re-implemented from the arithmetic its published tests
// state (tests/test_prediction.py and tests/test_prediction_ageing.py at commit 45c06e4), so an analyst
// can put our figures beside the spreadsheet they already trust:
// - over a step of d days each daily rate r becomes 1 − (1 − r)^d, and each fixed number n becomes n × d;
// - a fixed number between states is a rate on the state's stock at the step's start (n × d / stock), so it
//   never moves more children than the state holds (a number of 10 a day drains a state of 100 in ten
//   days and then moves none: test_predictor_single_adjustment); a number from outside arrives as it is;
// - a state loses its stock × the sum of its rates, all of it when they sum to 1 or more, shared among
//   destinations in proportion to their rates;
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

/** One step of `days` days: the rates and the fixed numbers (as rates on the starting stock) act together. */
export function transitionPopulation(population: Population, options: { rates?: Flow[]; numbers?: Flow[]; days?: number }): Population {
  const days = options.days ?? 1;
  if (!(days > 0)) throw new RangeError('a step must be at least a day');
  /** each move's rate over the step, by state left (a number turned into a rate on that state's stock) */
  const outgoing = new Map<string, Map<string | null, number>>();
  const add = (from: string, to: string | null, value: number) => {
    let moves = outgoing.get(from);
    if (!moves) outgoing.set(from, (moves = new Map()));
    moves.set(to, (moves.get(to) ?? 0) + value);
  };
  for (const flow of options.rates ?? []) {
    if (flow.from === null) throw new RangeError('a rate needs a state to leave from; use numbers for entrants');
    // One day moves stock × rate exactly, as the original does: 1 − (1 − 0.3) is 0.30000000000000004 in
    // floating point, which made its `== 105` fixture 105.00000000000001 (audit a13).
    add(flow.from, flow.to, days === 1 ? flow.value : 1 - Math.pow(1 - flow.value, days));
  }
  const arriving: Flow[] = [];
  for (const flow of options.numbers ?? []) {
    if (flow.from === null) {
      arriving.push(flow);
      continue;
    }
    const stock = population.get(flow.from) ?? 0;
    // a state holding no one moves no one (the original's n / 0 comes to nothing moved)
    if (stock > 0) add(flow.from, flow.to, (flow.value * days) / stock);
  }
  const next = new Map(population);
  const transferIn = new Map<string, number>();
  for (const [from, moves] of outgoing) {
    const stock = population.get(from) ?? 0;
    let total = 0;
    for (const value of moves.values()) total += value;
    if (!(stock > 0) || !(total > 0)) continue;
    const out = Math.min(stock, stock * total);
    next.set(from, (next.get(from) ?? 0) - out);
    for (const [to, value] of moves) if (to !== null) transferIn.set(to, (transferIn.get(to) ?? 0) + (value / total) * out);
  }
  for (const flow of arriving) if (flow.to !== null) transferIn.set(flow.to, (transferIn.get(flow.to) ?? 0) + flow.value * days);
  for (const [to, value] of transferIn) next.set(to, (next.get(to) ?? 0) + value);
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
