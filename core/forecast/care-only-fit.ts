// The care-only mode estimated from a dataset: cs-demand-model's daily rates between (age band ×
// placement type) over a reference window, from the dataset's spells in care, projected forward with
// predictPopulation (care-only.ts). What follows the public model (data-to-insight/cs-demand-model,
// read for this, no code copied):
// - states: the age brackets of its config (birth to 1, 1 to 5, 5 to 10, 10 to 16, 16 to 18+; the
//   AgeBrackets enum of its config, and tests/test_config_age_brackets.py @2309ace) × the placement
//   categories Fostering (U1–U6), Residential (K2, R1), Supported (H5, P2) and Other (every other code)
//   (its PlacementCategories enum); a spell whose placement the files did not give is kept apart as
//   `not_recorded` (periods of care from events alone, as the demo's, have no placement);
// - before and after: a child's episode that ends on the day the next one starts is a move between
//   them, otherwise the child enters from / leaves to "not in care" (its datacontainer's
//   placement_type_before / _after, the DEC of one episode equal to the next one's DECOM);
// - rates (cs_demand_model/population_stats.py, the PopulationStats that prediction.py @1e37ccc
//   imports: raw_transition_rates): for each day of the reference window, the moves out of a state that
//   day over the state's stock the day before; the rate is the mean of those daily fractions over the
//   window's days (a day whose state was empty adds 0);
// - entrants (population_stats.py daily_entrants): spells that start in the window with the child not
//   in care the day before, per state, over the window's length in days: a fixed daily number;
// - ageing (prediction.py ageing_out / ModelPredictor.age_population): a child leaves an age band at
//   1 / (its length in days) a day into the next band, same placement; the last band ("16 to 18+", no
//   end in its config) does not age out: leaving care at 18 is among the observed exits already.
// Where this differs: ages are whole years from the date of birth on each day (the model bins age at
// the episode's start, later versions split an episode at a bracket's boundary, as here), and a spell
// moving within one category (U4 → U5) is no move. Children with no date of birth are left out and counted.
import { addMonths, formatDay } from '../dates.js';
import { ageingRates, CARE_AGE_BANDS, combineRates, predictPopulation, stateKey, type Flow, type Population } from './care-only.js';
import { ageOn, asOfRefusal } from './fit.js';
import { lastDayOfMonth, monthLabel, monthOfDay } from './months.js';

const PLACEMENT_CODES: Record<string, readonly string[]> = {
  fostering: ['U1', 'U2', 'U3', 'U4', 'U5', 'U6'],
  residential: ['K2', 'R1'],
  supported: ['H5', 'P2'],
};
export const CARE_PLACEMENTS = ['fostering', 'residential', 'supported', 'other', 'not_recorded'] as const;
export type CarePlacement = (typeof CARE_PLACEMENTS)[number];

/** The demand model's placement category of an SSDA903 placement code (null or blank: not recorded). */
export function placementCategory(code: string | null): CarePlacement {
  const c = code?.trim().toUpperCase() ?? '';
  if (c === '') return 'not_recorded';
  for (const [category, codes] of Object.entries(PLACEMENT_CODES)) if (codes.includes(c)) return category as CarePlacement;
  return 'other';
}

/** The demand model's age band on `day` (whole years; 18 and over stay in the last band), null when the age is not known. */
export function careBandOn(dob: number, day: number): string | null {
  const age = ageOn(dob, day);
  if (age < 0) return null;
  for (const [band, , end] of CARE_AGE_BANDS) if (age < end) return band;
  return CARE_AGE_BANDS[CARE_AGE_BANDS.length - 1]![0];
}

/** A stretch of care in one placement: an SSDA903 episode, or a whole period of care when the files gave none. */
export interface CareSpell {
  /** the child's index in the dataset */
  child: number;
  start: number;
  /** the day it ended (the next spell starts that day), null while open */
  end: number | null;
  /** SSDA903 placement code, null when not recorded */
  placement: string | null;
}

export interface CareRates {
  /** the reference window: the days after `from` up to and including `to` */
  from: number;
  to: number;
  days: number;
  /** children in care on `to`, per state (age band|placement) */
  population: Population;
  /** daily rates of the observed moves (placement changes; `to` null: leaving care) */
  rates: Flow[];
  /** daily numbers of entrants into each state (`from` null) */
  entrants: Flow[];
  /** placement categories seen in the spells used */
  placements: CarePlacement[];
  /** children left out: no date of birth */
  childrenWithoutDob: number;
}

/** Daily rates and entrants over the window (from, to], and the population on `to`. */
export function estimateCareRates(spells: readonly CareSpell[], dob: ArrayLike<number>, from: number, to: number): CareRates {
  if (!(to > from)) throw new RangeError('the reference window needs at least one day');
  const days = to - from;
  const withoutDob = new Set<number>();
  const used = spells
    .filter((s) => s.end === null || s.end > s.start)
    .filter((s) => {
      if (careBandOn(dob[s.child]!, s.start) !== null) return true;
      withoutDob.add(s.child);
      return false;
    })
    .sort((a, b) => a.child - b.child || a.start - b.start);
  const placements = new Set<CarePlacement>();
  /** stock per state on each day from..to (index day − from) */
  const stock = new Map<string, Float64Array>();
  const stockOf = (state: string) => {
    let s = stock.get(state);
    if (!s) stock.set(state, (s = new Float64Array(days + 1)));
    return s;
  };
  const stateOn = (spell: CareSpell, day: number) => stateKey(careBandOn(dob[spell.child]!, day)!, placementCategory(spell.placement));
  for (const spell of used) {
    placements.add(placementCategory(spell.placement));
    const first = Math.max(spell.start, from);
    const last = Math.min(spell.end === null ? to : spell.end - 1, to);
    for (let day = first; day <= last; day++) stockOf(stateOn(spell, day))[day - from]! += 1;
  }
  const moves = new Map<string, Flow>();
  const entrants = new Map<string, Flow>();
  const add = (into: Map<string, Flow>, from: string | null, to: string | null, value: number) => {
    const key = JSON.stringify([from, to]);
    const seen = into.get(key);
    if (seen) seen.value += value;
    else into.set(key, { from, to, value });
  };
  used.forEach((spell, k) => {
    const next = used[k + 1]?.child === spell.child && used[k + 1]!.start === spell.end ? used[k + 1]! : null;
    const previous = used[k - 1]?.child === spell.child && used[k - 1]!.end === spell.start ? used[k - 1]! : null;
    if (spell.end !== null && spell.end > from && spell.end <= to) {
      const state = stateOn(spell, spell.end - 1);
      const category = next ? placementCategory(next.placement) : null;
      if (category !== placementCategory(spell.placement)) {
        const target = category === null ? null : stateKey(careBandOn(dob[spell.child]!, spell.end - 1)!, category);
        // one child of the state's stock the day before: this day's fraction of it
        add(moves, state, target, 1 / stock.get(state)![spell.end - 1 - from]!);
      }
    }
    if (!previous && spell.start > from && spell.start <= to) add(entrants, null, stateOn(spell, spell.start), 1);
  });
  const population: Population = new Map();
  for (const [state, s] of stock) if (s[days]! > 0) population.set(state, s[days]!);
  return {
    from,
    to,
    days,
    population,
    rates: [...moves.values()].map((f) => ({ ...f, value: f.value / days })),
    entrants: [...entrants.values()].map((f) => ({ ...f, value: f.value / days })),
    placements: CARE_PLACEMENTS.filter((p) => placements.has(p)),
    childrenWithoutDob: withoutDob.size,
  };
}

export interface CareOnlyResult {
  asOf: string;
  reference: { from: string; to: string; days: number };
  /** the months after asOf, as the forecast labels them */
  months: string[];
  placements: CarePlacement[];
  /** month-end children looked after: `looked_after` (all) and one series per placement category */
  series: Record<string, number[]>;
  /** on asOf, the same keys */
  start: Record<string, number>;
  rates: { from: string; to: string | null; perDay: number }[];
  entrants: { to: string; perDay: number }[];
  childrenWithoutDob: number;
}

const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;

/** The care-only projection: rates over (referenceFrom, asOf], the population on asOf moved forward day by day, read at each month end. */
export function careOnlyForecast(spells: readonly CareSpell[], dob: ArrayLike<number>, options: { asOf: number; months: number; referenceFrom: number }): CareOnlyResult {
  const fitted = estimateCareRates(spells, dob, options.referenceFrom, options.asOf);
  const ageing = ageingRates(fitted.placements).filter((f) => f.to !== null);
  const rates = combineRates(fitted.rates, ageing);
  // the forecast's months: the month under way on asOf (unless asOf is its last day) and those after
  const firstMonth = monthOfDay(options.asOf) + (lastDayOfMonth(monthOfDay(options.asOf)) === options.asOf ? 1 : 0);
  const ends = Array.from({ length: options.months }, (_, m) => lastDayOfMonth(firstMonth + m));
  const daily = predictPopulation(fitted.population, { rates, numbers: fitted.entrants, steps: ends[ends.length - 1]! - options.asOf });
  const byPlacement = (population: Population) => {
    const out: Record<string, number> = { looked_after: 0 };
    for (const p of fitted.placements) out[p] = 0;
    for (const [state, n] of population) {
      const placement = state.slice(state.indexOf('|') + 1);
      out[placement] = (out[placement] ?? 0) + n;
      out.looked_after! += n;
    }
    return out;
  };
  const series: Record<string, number[]> = {};
  for (const end of ends) {
    for (const [key, n] of Object.entries(byPlacement(daily[end - options.asOf - 1]!))) (series[key] ??= []).push(round(n, 1));
  }
  return {
    asOf: formatDay(options.asOf),
    reference: { from: formatDay(fitted.from), to: formatDay(fitted.to), days: fitted.days },
    months: ends.map((_, m) => monthLabel(firstMonth + m)),
    placements: fitted.placements,
    series,
    start: byPlacement(fitted.population),
    rates: fitted.rates.map((f) => ({ from: f.from!, to: f.to, perDay: round(f.value, 8) })),
    entrants: fitted.entrants.map((f) => ({ to: f.to!, perDay: round(f.value, 8) })),
    childrenWithoutDob: fitted.childrenWithoutDob,
  };
}

/** Shortest reference window: a mean of daily moves over fewer days says little. */
export const MIN_REFERENCE_DAYS = 28;

/**
 * The forecast date and the reference window's first day (default: a year before asOf, not before the
 * data's first date), or why they cannot be used, naming the field (the API answers 400, the CLI stops).
 */
export function careOnlyDates(first: number, last: number, asOf: number, reference: number | undefined): { referenceFrom: number } | { field: 'asOf' | 'reference'; refusal: string } {
  const refusal = asOfRefusal(first, last, asOf);
  if (refusal) return { field: 'asOf', refusal };
  if (reference === undefined) return { referenceFrom: Math.max(first, addMonths(asOf, -12)) };
  if (reference < first) return { field: 'reference', refusal: `${formatDay(reference)} is before the data's first date ${formatDay(first)}` };
  if (asOf - reference < MIN_REFERENCE_DAYS) return { field: 'reference', refusal: `${formatDay(reference)} leaves ${asOf - reference} days before asOf ${formatDay(asOf)}; the reference window needs at least ${MIN_REFERENCE_DAYS}` };
  return { referenceFrom: reference };
}

/** The placement types of the children in care on `day` (spells open then), as shares; `not_recorded` where the files gave none. */
export function placementMixAt(spells: readonly CareSpell[], day: number): { at: string; children: number; shares: Record<string, number> } {
  const counts: Record<string, number> = {};
  let children = 0;
  for (const s of spells) {
    if (s.start > day || (s.end !== null && s.end <= day)) continue;
    const code = s.placement?.trim().toUpperCase() || 'not_recorded';
    counts[code] = (counts[code] ?? 0) + 1;
    children++;
  }
  const shares = Object.fromEntries(Object.entries(counts).sort().map(([code, n]) => [code, n / children]));
  return { at: formatDay(day), children, shares };
}
