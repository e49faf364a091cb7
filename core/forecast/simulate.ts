// One run of the forecast: parameters drawn from their posteriors, then every open child walked on and
// every new arrival simulated, month by month to the horizon. Counts land in `arrivals` (per ARRIVAL_TYPES,
// per month) and month-end stocks in `stocks` (per period station, per month). Each entity draws from its
// own stream (random.ts), so a scenario on the same seed differs from its baseline only where a lever acts.
import { drawCoefficients, drawCount, expectedCount } from './count-model.js';
import { A, ARRIVAL_TYPES, dayKind, ES, EPISODE_SLOTS, ELSEWHERE, NOT_YET, T, TRANSITIONS, type FittedForecast } from './fit.js';
import { firstDayOfMonth, lastDayOfMonth, monthOfDay } from './months.js';
import { hashInts, Stream } from './random.js';
import { drawDuration, firstLagAfter, FOREVER } from './survival.js';

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

const WHAT_PARAMS = 1;
const WHAT_COUNT = 2;
const WHAT_ARRIVAL = 3;
const WHAT_STAY = 4;
const WHAT_CONTACT = 5;
const WHAT_EPISODE = 6;
const U_PER_EPISODE = 27;

/** Simulates run number `run` (0-based) of a forecast seeded `seed`. */
export function simulateRun(model: FittedForecast, grid: Grid, seed: number, run: number, levers: LeverEffects = NO_LEVERS): RunResult {
  const { asOf } = model;
  const M = grid.months;
  const arrivals = ARRIVAL_TYPES.map(() => new Int32Array(M));
  const diff = model.stations.map(() => new Int32Array(M + 1));
  const stream = new Stream();
  const u = new Float64Array(U_PER_EPISODE);

  // Parameters of this run.
  stream.seed(hashInts(seed, run, WHAT_PARAMS, 0));
  // A rate: its binomial error (Beta), then its movement from one period to the next (logit scale).
  const p = model.transitions.map((t) => {
    const q = stream.beta(t.events + 0.5, t.exposure - t.events + 0.5);
    const z = stream.normal();
    if (t.between <= 0 || q <= 0 || q >= 1) return q;
    return 1 / (1 + ((1 - q) / q) * Math.exp(-Math.sqrt(t.between) * z));
  });
  const betas = model.streams.map((s) => drawCoefficients(s, stream));
  // How fast periods end in this run: the hazard × exp(θ), θ ~ N(0, durationSpread²). Under proportional
  // hazards S(t) becomes S(t)^c, and a duration drawn from S with u^(1/c) is one drawn from S^c with u.
  const slowness = model.durationSpread.map((sd) => 1 / Math.exp(sd * stream.normal()));

  const stationOfArrival = new Int32Array(ARRIVAL_TYPES.length).fill(-1);
  model.stations.forEach((s, k) => {
    if (s.arrival >= 0) stationOfArrival[s.arrival] = k;
  });

  // The observed days of a month under way on asOf.
  if (grid.firstMonth === monthOfDay(asOf)) ARRIVAL_TYPES.forEach((_, a) => (arrivals[a]![0] = model.observed[a]!));

  const monthOf = (d: number): number => {
    // months are few: a binary search over their last days
    let lo = 0;
    let hi = M;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (grid.ends[mid]! < d) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
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
    const duration = drawDuration(model.durations[s]!, -1, uDuration ** slowness[s]!);
    const end = duration >= FOREVER ? FOREVER : d + duration;
    stay(s, d, levers.end(model.stations[s]!.id, d, end, uLever));
  };
  /** The day a step follows its anchor, or -1: conditional on not having come by asOf for a past anchor. */
  const fire = (t: number, anchor: number, uFire: number, uLag: number): number => {
    if (anchor < 0 || anchor > grid.to) return -1;
    const lags = model.transitions[t]!.lags;
    const n = lags.length;
    if (n === 0) return -1;
    const elapsed = anchor <= asOf ? asOf - anchor : -1;
    const i0 = elapsed < 0 ? 0 : firstLagAfter(lags, elapsed);
    if (i0 >= n) return -1;
    const q = Math.min(1, finite(p[t]! * levers.rate(t, Math.max(anchor, grid.from)), TRANSITIONS[t]!.id));
    const still = (n - i0) / n;
    const pc = elapsed < 0 ? q : (q * still) / (1 - q + q * still);
    if (uFire >= pc) return -1;
    return anchor + lags[i0 + Math.floor(uLag * (n - i0))]!;
  };
  const fill = () => {
    for (let k = 0; k < U_PER_EPISODE; k++) u[k] = stream.next();
  };
  /** One step of an episode: known already, or drawn from its anchor with uniforms u[k … k+3]. */
  const step = (known: ArrayLike<number>, slot: number, t: number, anchor: number, k: number, arrival: number): number => {
    const seen = known[slot]!;
    if (seen !== NOT_YET) return seen === ELSEWHERE ? -1 : seen;
    const d = fire(t, anchor, u[k]!, u[k + 1]!);
    if (d >= 0 && arrival >= 0) {
      record(arrival, d);
      openPeriod(arrival, d, u[k + 2]!, u[k + 3]!);
    }
    return d > grid.to ? -1 : d;
  };
  /** A referral's episode from `known` days (EPISODE_SLOTS; a new referral: all NOT_YET). */
  const episode = (known: ArrayLike<number>, isNew: boolean) => {
    const ref = known[ES.referral]!;
    if (isNew) {
      record(A.referral, ref);
      const q = Math.min(1, finite(p[T.referral_nfa]! * levers.rate(T.referral_nfa, ref), 'referral_nfa'));
      if (u[0]! < q) return;
    }
    step(known, ES.assessment, T.referral_assessment, ref, 1, A.assessment_start);
    step(known, ES.cin_plan, T.referral_cin_plan, ref, 5, A.cin_plan_start);
    const s47 = step(known, ES.s47, T.referral_s47, ref, 9, A.s47_start);
    const icpc = step(known, ES.icpc, T.s47_icpc, s47, 13, A.icpc);
    const cp = step(known, ES.cp_plan, T.icpc_cp_plan, icpc, 17, A.cp_plan_start);
    if (known[ES.cla] !== NOT_YET) return;
    // Care: from the CP plan or straight from the referral, whichever comes first.
    const viaCp = fire(T.cp_plan_cla, cp, u[21]!, u[22]!);
    const viaRef = fire(T.referral_cla, ref, u[23]!, u[24]!);
    const cla = viaCp < 0 ? viaRef : viaRef < 0 ? viaCp : Math.min(viaCp, viaRef);
    if (cla >= 0) {
      record(A.cla_start, cla);
      openPeriod(A.cla_start, cla, u[25]!, u[26]!);
    }
  };
  const fresh = new Int32Array(EPISODE_SLOTS.length).fill(NOT_YET);
  /** A contact: two draws decide whether and when a referral follows; only then the episode's draws. */
  const contact = (d: number) => {
    const r = fire(T.contact_referral, d, stream.next(), stream.next());
    if (r < 0) return;
    // The referral's own episode draws from the same stream, after the contact's two draws.
    fill();
    fresh[ES.referral] = r;
    episode(fresh, true);
  };

  // Periods open on asOf.
  for (let k = 0; k < model.openStays.length; k += 2) {
    const s = model.openStays[k]!;
    const start = model.openStays[k + 1]!;
    stream.seed(hashInts(seed, run, WHAT_STAY, k));
    const duration = drawDuration(model.durations[s]!, asOf - start, stream.next() ** slowness[s]!);
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
    episode(model.openEpisodes.subarray(k, k + E), false);
  }

  // New arrivals, month by month (from asOf + 1: the rest of asOf's month first, when asOf is not its last day).
  // A month's arrivals follow its working days: each stream's expected count is its rate × the days'
  // exposure (each day weighted by its kind: working day, weekend, bank holiday), and an arrival's day is
  // drawn with those weights.
  const startMonth = monthOfDay(grid.from);
  const weights = new Float64Array(31);
  for (let month = startMonth; month < grid.firstMonth + M; month++) {
    const first = Math.max(firstDayOfMonth(month), grid.from);
    const last = lastDayOfMonth(month);
    const kinds = Uint8Array.from({ length: last - first + 1 }, (_, k) => dayKind(first + k));
    for (let a = 0; a < ARRIVAL_TYPES.length; a++) {
      const model_ = model.streams[a]!;
      if (model_.total === 0) continue;
      const dayWeights = model.dayWeights[a]!;
      let exposure = 0;
      for (let k = 0; k < kinds.length; k++) weights[k] = exposure += dayWeights[kinds[k]!]!;
      stream.seed(hashInts(seed, run, WHAT_COUNT, a, month));
      const mean = finite(expectedCount(model_, betas[a]!, month) * exposure * levers.demand(first, model.ageShares[a]), `${ARRIVAL_TYPES[a]} arrivals`);
      const n = drawCount(model_, mean, stream, stream.next());
      for (let i = 0; i < n; i++) {
        stream.seed(hashInts(seed, run, WHAT_ARRIVAL, a * 100000 + month, i));
        const target = stream.next() * exposure;
        let k = 0;
        while (k < kinds.length - 1 && weights[k]! <= target) k++;
        const d = first + k;
        if (a === A.contact) {
          record(A.contact, d);
          contact(d);
        } else if (a === A.referral) {
          fill();
          fresh[ES.referral] = d;
          episode(fresh, true);
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
