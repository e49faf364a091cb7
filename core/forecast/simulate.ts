// One run of the forecast: parameters drawn from their posteriors, then every open child walked on and
// every new arrival simulated, month by month to the horizon. Counts land in `arrivals` (per ARRIVAL_TYPES,
// per month) and month-end stocks in `stocks` (per period station, per month). Each entity draws from its
// own stream (random.ts), so a scenario on the same seed differs from its baseline only where a lever acts.
import { drawCoefficients, drawCount, driftAt, expectedCount, trendOfRun } from './count-model.js';
import { A, ARRIVAL_TYPES, dayKind, ES, EPISODE_SLOTS, ELSEWHERE, NOT_YET, T, TRANSITIONS, type FittedForecast } from './fit.js';
import { firstDayOfMonth, lastDayOfMonth, monthOfDay } from './months.js';
import { hashInts, Stream } from './random.js';
import { drawDuration, fasterBy, firstLagAfter, FOREVER } from './survival.js';

/** What a scenario changes; the identity for a baseline (levers.ts compiles a scenario into this). */
export interface LeverEffects {
  /** multiplier of a transition's probability for an anchor on `day` */
  rate(transition: number, day: number): number;
  /** multiplier of an arrival stream's expected count in a month starting on `day`; `ages` its arrivals'
   * shares by whole year of age (fit.ts ageShares), for a population projection by age band */
  demand(day: number, ages?: ArrayLike<number>): number;
  /** a period's end day after duration levers and step-down (`u` a uniform of the period's own stream) */
  end(station: string, startDay: number, endDay: number, u: number): number;
}

export const NO_LEVERS: LeverEffects = { rate: () => 1, demand: () => 1, end: (_s, _a, e) => e };

export interface RunResult {
  /** [ARRIVAL_TYPES.length][months] */
  arrivals: Int32Array[];
  /** [stations.length][months]: children waiting at the end of each month */
  stocks: Int32Array[];
}

export interface Grid {
  firstMonth: number;
  months: number;
  /** last day of each month */
  ends: Int32Array;
  /** first simulated day (asOf + 1) and last (the horizon's last day) */
  from: number;
  to: number;
}

/**
 * The forecast's months: from the month after asOf when asOf is its month's last day, else from asOf's
 * own month (its days up to asOf observed, model.observed; the rest simulated), so that no month holds
 * more than its own days.
 */
export function forecastGrid(asOf: number, months: number): Grid {
  const firstMonth = monthOfDay(asOf) + (lastDayOfMonth(monthOfDay(asOf)) === asOf ? 1 : 0);
  const ends = new Int32Array(months);
  for (let m = 0; m < months; m++) ends[m] = lastDayOfMonth(firstMonth + m);
  return { firstMonth, months, ends, from: asOf + 1, to: ends[months - 1]! };
}

/**
 * A rate or expected count as the simulation uses it; one that is not a finite number ≥ 0 (a lever
 * dividing by a zero population, say) is an error: the count draws would never finish on it.
 */
function finite(value: number, what: string): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`forecast: the ${what} rate is not a finite number ≥ 0 (${value}); check the scenario's levers`);
  return value;
}

/**
 * What every run of a forecast shares, computed once per model and grid (not once per run): the month of
 * each simulated day, and per month and arrival stream the running sum of its days' weights.
 */
interface Prepared {
  /** month index (0 … M−1) of day grid.from + k */
  monthOfDay: Int32Array;
  /** per month from grid.from's month: its first simulated day and number of days */
  monthFirst: Int32Array;
  monthDays: Int32Array;
  /** [month][stream]: cumulative day weights (length monthDays) and their total (the month's exposure) */
  cumulative: Float64Array[][];
}

const prepared = new WeakMap<FittedForecast, WeakMap<Grid, Prepared>>();

function prepare(model: FittedForecast, grid: Grid): Prepared {
  let byGrid = prepared.get(model);
  if (!byGrid) prepared.set(model, (byGrid = new WeakMap()));
  const known = byGrid.get(grid);
  if (known) return known;
  const monthOfDay_ = new Int32Array(Math.max(0, grid.to - grid.from + 1));
  for (let m = 0, d = grid.from; d <= grid.to; d++) {
    while (grid.ends[m]! < d) m++;
    monthOfDay_[d - grid.from] = m;
  }
  const startMonth = monthOfDay(grid.from);
  const count = Math.max(0, grid.firstMonth + grid.months - startMonth);
  const monthFirst = new Int32Array(count);
  const monthDays = new Int32Array(count);
  const cumulative: Float64Array[][] = [];
  for (let i = 0; i < count; i++) {
    const month = startMonth + i;
    const first = Math.max(firstDayOfMonth(month), grid.from);
    const days = lastDayOfMonth(month) - first + 1;
    monthFirst[i] = first;
    monthDays[i] = days;
    cumulative.push(
      model.dayWeights.map((dayWeights) => {
        const sums = new Float64Array(days);
        let exposure = 0;
        for (let k = 0; k < days; k++) sums[k] = exposure += dayWeights[dayKind(first + k)]!;
        return sums;
      }),
    );
  }
  const result = { monthOfDay: monthOfDay_, monthFirst, monthDays, cumulative };
  byGrid.set(grid, result);
  return result;
}

const WHAT_PARAMS = 1;
const WHAT_COUNT = 2;
const WHAT_ARRIVAL = 3;
const WHAT_STAY = 4;
const WHAT_CONTACT = 5;
const WHAT_EPISODE = 6;
const WHAT_DRIFT = 7;
const WHAT_BEND = 8;
const WHAT_RATE_TREND = 9;
const U_PER_EPISODE = 27;

/**
 * Run `run`'s probability of each transition (model.transitions' order): its binomial error (Beta), then its
 * movement from one period to the next (logit scale). Seeds `stream` (a new one when not given), which the
 * run goes on drawing its other parameters from; leverWarnings (scenario.ts) reads the same draws.
 */
export function drawRates(model: FittedForecast, seed: number, run: number, stream = new Stream()): number[] {
  stream.seed(hashInts(seed, run, WHAT_PARAMS, 0));
  return model.transitions.map((t) => {
    const q = stream.beta(t.events + 0.5, t.exposure - t.events + 0.5);
    const z = stream.normal();
    if (t.between <= 0 || q <= 0 || q >= 1) return q;
    return 1 / (1 + ((1 - q) / q) * Math.exp(-Math.sqrt(t.between) * z));
  });
}

/** Simulates run number `run` (0-based) of a forecast seeded `seed`. */
export function simulateRun(model: FittedForecast, grid: Grid, seed: number, run: number, levers: LeverEffects = NO_LEVERS): RunResult {
  const { asOf } = model;
  const M = grid.months;
  const prep = prepare(model, grid);
  const arrivals = ARRIVAL_TYPES.map(() => new Int32Array(M));
  const diff = model.stations.map(() => new Int32Array(M + 1));
  const stream = new Stream();

  // Parameters of this run.
  const p = drawRates(model, seed, run, stream);
  // Without levers a rate is its draw (checked once here, not at every step).
  const baseline = levers === NO_LEVERS;
  if (baseline) p.forEach((q, t) => finite(q, TRANSITIONS[t]!.id));
  // A rate that drifts (fit.ts trend): this run's drift, logit per day, from a stream seeded for it; the rate at an
  // anchor day is its draw moved along it, held after the trend's `until`. A model with no drift seeds nothing here
  // and draws as before; with one, the arrivals' and durations' draws below go on from this seed (baseline and
  // scenario alike, so their common draws hold).
  const drift = model.transitions.map((tr, t) => {
    if (!tr.trend) return 0;
    stream.seed(hashInts(seed, run, WHAT_RATE_TREND, t));
    return (tr.trend.slope + tr.trend.se * stream.normal()) / 365.25;
  });
  const rateAt = (t: number, day: number): number => {
    const q = p[t]!;
    const trend = model.transitions[t]!.trend;
    if (trend === null || q <= 0 || q >= 1) return q;
    return 1 / (1 + ((1 - q) / q) * Math.exp(-drift[t]! * (Math.min(day, trend.until) - trend.from)));
  };
  const betas = model.streams.map((s) => drawCoefficients(s, stream));
  // How fast periods end in this run: the hazard × exp(θ), θ ~ N(0, durationSpread²). Under proportional
  // hazards S(t) becomes S(t)^c (drawn from with the same uniforms as S).
  const durations = model.durationSpread.map((sd, s) => fasterBy(model.durations[s]!, Math.exp(sd * stream.normal())));
  // Which trend each stream follows in this run (count-model.ts bentTrends): one uniform for every stream, so
  // streams whose history bent follow their bends together; a bent trend's coefficients from a stream of their own,
  // so a run on the straight trends draws exactly what it drew before bends were averaged in.
  stream.seed(hashInts(seed, run, WHAT_BEND, 0));
  const bendU = stream.next();
  const trends = model.streams.map((s, a) => {
    const t = trendOfRun(s, bendU);
    if (t !== s) {
      stream.seed(hashInts(seed, run, WHAT_BEND, a + 1));
      betas[a] = drawCoefficients(t, stream);
    }
    return t;
  });

  const stationOfArrival = new Int32Array(ARRIVAL_TYPES.length).fill(-1);
  model.stations.forEach((s, k) => {
    if (s.arrival >= 0) stationOfArrival[s.arrival] = k;
  });

  // The observed days of a month under way on asOf.
  if (grid.firstMonth === monthOfDay(asOf)) ARRIVAL_TYPES.forEach((_, a) => (arrivals[a]![0] = model.observed[a]!));

  // The first month whose last day is on or after d (M after the horizon): looked up per simulated day.
  const dayMonths = prep.monthOfDay;
  const from = grid.from;
  const to = grid.to;
  const monthOf = (d: number): number => (d < from ? 0 : d > to ? M : dayMonths[d - from]!);
  const record = (arrival: number, d: number) => {
    if (d <= asOf || d > grid.to) return;
    arrivals[arrival]![monthOf(d)]!++;
  };
  /** A period at station s counted at the end of days start … end − 1 (and no longer than its horizon). */
  const horizons = model.stations.map((st) => st.horizon ?? Infinity);
  const stay = (s: number, start: number, endDay: number) => {
    // counted up to the last day isPastHorizon (core/whereabouts.ts) is false for it
    const end = Math.min(endDay, start + horizons[s]! + 1);
    if (end <= start || start > grid.to || end <= grid.from) return;
    // months m with start <= ends[m] < end
    const a = monthOf(start);
    const b = end > grid.to ? M : monthOf(end);
    if (b <= a) return;
    diff[s]![a]!++;
    diff[s]![b]!--;
  };
  const openPeriod = (arrival: number, d: number, uDuration: number, uLever: number) => {
    const s = stationOfArrival[arrival]!;
    if (s < 0 || d > grid.to) return;
    const duration = drawDuration(durations[s]!, -1, uDuration);
    const end = duration >= FOREVER ? FOREVER : d + duration;
    stay(s, d, levers.end(model.stations[s]!.id, d, end, uLever));
  };
  /**
   * The day a step follows its anchor, or -1: conditional on not having come by asOf for a past anchor.
   * Its two uniforms are the entity's draws k and k + 1 (uAt), made only when needed.
   */
  const fire = (t: number, anchor: number, k: number): number => {
    if (anchor < 0 || anchor > grid.to) return -1;
    const lags = model.transitions[t]!.lags;
    const n = lags.length;
    if (n === 0) return -1;
    const elapsed = anchor <= asOf ? asOf - anchor : -1;
    const i0 = elapsed < 0 ? 0 : firstLagAfter(lags, elapsed);
    if (i0 >= n) return -1;
    const q = baseline ? rateAt(t, anchor) : Math.min(1, finite(rateAt(t, anchor) * levers.rate(t, Math.max(anchor, grid.from)), TRANSITIONS[t]!.id));
    const still = (n - i0) / n;
    const pc = elapsed < 0 ? q : (q * still) / (1 - q + q * still);
    if (uAt(k) >= pc) return -1;
    return anchor + lags[i0 + Math.floor(uAt(k + 1) * (n - i0))]!;
  };
  // An entity's uniforms: draw k of its stream after `base` (a contact's two, then its episode's
  // U_PER_EPISODE), each made only if the journey reaches it (Stream.ahead), the same numbers as drawing
  // them all in turn.
  let base = 0;
  const take = (n: number) => {
    base = stream.state;
    stream.skip(n);
  };
  const fill = () => take(U_PER_EPISODE);
  const uAt = (k: number): number => Stream.ahead(base, k);
  /** One step of an episode: known already, or drawn from its anchor with uniforms u[k … k+3]. */
  const step = (known: ArrayLike<number>, at: number, slot: number, t: number, anchor: number, k: number, arrival: number): number => {
    const seen = known[at + slot]!;
    if (seen !== NOT_YET) return seen === ELSEWHERE ? -1 : seen;
    const d = fire(t, anchor, k);
    if (d >= 0 && arrival >= 0) {
      record(arrival, d);
      openPeriod(arrival, d, uAt(k + 2), uAt(k + 3));
    }
    return d > grid.to ? -1 : d;
  };
  /** A referral's episode from `known[at …]` days (EPISODE_SLOTS; a new referral: all NOT_YET). */
  const episode = (known: ArrayLike<number>, at: number, isNew: boolean) => {
    const ref = known[at + ES.referral]!;
    if (isNew) {
      record(A.referral, ref);
      const q = baseline ? rateAt(T.referral_nfa, ref) : Math.min(1, finite(rateAt(T.referral_nfa, ref) * levers.rate(T.referral_nfa, ref), 'referral_nfa'));
      if (uAt(0) < q) return;
    }
    step(known, at, ES.assessment, T.referral_assessment, ref, 1, A.assessment_start);
    step(known, at, ES.cin_plan, T.referral_cin_plan, ref, 5, A.cin_plan_start);
    const s47 = step(known, at, ES.s47, T.referral_s47, ref, 9, A.s47_start);
    const icpc = step(known, at, ES.icpc, T.s47_icpc, s47, 13, A.icpc);
    const cp = step(known, at, ES.cp_plan, T.icpc_cp_plan, icpc, 17, A.cp_plan_start);
    if (known[at + ES.cla] !== NOT_YET) return;
    // Care: from the CP plan or straight from the referral, whichever comes first.
    const viaCp = fire(T.cp_plan_cla, cp, 21);
    const viaRef = fire(T.referral_cla, ref, 23);
    const cla = viaCp < 0 ? viaRef : viaRef < 0 ? viaCp : Math.min(viaCp, viaRef);
    if (cla >= 0) {
      record(A.cla_start, cla);
      openPeriod(A.cla_start, cla, uAt(25), uAt(26));
    }
  };
  const fresh = new Int32Array(EPISODE_SLOTS.length).fill(NOT_YET);
  /** A contact: two draws decide whether and when a referral follows; only then the episode's draws. */
  const contact = (d: number) => {
    take(2);
    const r = fire(T.contact_referral, d, 0);
    if (r < 0) return;
    // The referral's own episode draws from the same stream, after the contact's two draws.
    fill();
    fresh[ES.referral] = r;
    episode(fresh, 0, true);
  };

  // Periods open on asOf.
  for (let k = 0; k < model.openStays.length; k += 2) {
    const s = model.openStays[k]!;
    const start = model.openStays[k + 1]!;
    stream.seed(hashInts(seed, run, WHAT_STAY, k));
    const duration = drawDuration(durations[s]!, asOf - start, stream.next());
    const end = duration >= FOREVER ? FOREVER : start + duration;
    stay(s, start, levers.end(model.stations[s]!.id, start, end, stream.next()));
  }
  // Contacts and episodes under way.
  for (let k = 0; k < model.openContacts.length; k++) {
    stream.seed(hashInts(seed, run, WHAT_CONTACT, k));
    contact(model.openContacts[k]!);
  }
  const E = EPISODE_SLOTS.length;
  for (let k = 0; k < model.openEpisodes.length; k += E) {
    stream.seed(hashInts(seed, run, WHAT_EPISODE, k));
    fill();
    episode(model.openEpisodes, k, false);
  }

  // New arrivals, month by month (from asOf + 1: the rest of asOf's month first, when asOf is not its last day).
  // A month's arrivals follow its working days: each stream's expected count is its rate × the days'
  // exposure (each day weighted by its kind: working day, weekend, bank holiday), and an arrival's day is
  // drawn with those weights.
  const startMonth = monthOfDay(grid.from);
  // Each stream's wandering level in this run (count-model.ts driftAt), from a stream of its own.
  const wander = model.streams.map((s, a) => (s.drift ? (stream.seed(hashInts(seed, run, WHAT_DRIFT, a)), stream.normal()) : 0));
  for (let i = 0; i < prep.monthFirst.length; i++) {
    const month = startMonth + i;
    const first = prep.monthFirst[i]!;
    const days = prep.monthDays[i]!;
    for (let a = 0; a < ARRIVAL_TYPES.length; a++) {
      const model_ = trends[a]!;
      if (model_.total === 0) continue;
      const weights = prep.cumulative[i]![a]!;
      const exposure = weights[days - 1]!;
      stream.seed(hashInts(seed, run, WHAT_COUNT, a, month));
      const mean = finite(expectedCount(model_, betas[a]!, month) * Math.exp(driftAt(model_, wander[a]!, i)) * exposure * levers.demand(first, model.ageShares[a]), `${ARRIVAL_TYPES[a]} arrivals`);
      const n = drawCount(model_, mean, stream, stream.next());
      for (let i = 0; i < n; i++) {
        stream.seed(hashInts(seed, run, WHAT_ARRIVAL, a * 100000 + month, i));
        const target = stream.next() * exposure;
        // the first day whose running weight exceeds the target (the month's last day at most)
        let k = 0;
        let hi = days - 1;
        while (k < hi) {
          const mid = (k + hi) >>> 1;
          if (weights[mid]! <= target) k = mid + 1;
          else hi = mid;
        }
        const d = first + k;
        if (a === A.contact) {
          record(A.contact, d);
          contact(d);
        } else if (a === A.referral) {
          fill();
          fresh[ES.referral] = d;
          episode(fresh, 0, true);
        } else {
          record(a, d);
          openPeriod(a, d, stream.next(), stream.next());
        }
      }
    }
  }

  const stocks = diff.map((dd) => {
    const out = new Int32Array(M);
    let running = 0;
    for (let m = 0; m < M; m++) out[m] = running += dd[m]!;
    return out;
  });
  return { arrivals, stocks };
}

export const TRANSITION_IDS = TRANSITIONS.map((t) => t.id);
