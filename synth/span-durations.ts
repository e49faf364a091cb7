// How long a period of care or a CP plan lasts by the child's age band when it began, for the steps whose
// duration the fit could only take from a cell pooling every age (a fine cell of one age band keeps its
// own when it has enough children). Real care lengths depend on the age at entry far more than on the
// state a journey is in when the care ends: infants stay years (adoption), 16-year-olds months (and
// leave at 18). Each span of the data is one observation: from its start to its end, censored where the
// data ends, at the 18th birthday (the end there says only "at least"), or where the grammar refused the
// next event; a span already under way when an extract began counts only from then (left truncation).
// The shift by age band is a Kaplan–Meier median (censoring.ts), never the finished spans' alone, of the
// spans' log lengths relative to their end reason's median (SpanTally.fit), and the generator shifts the
// duration of the drawn reason by it (an accelerated-failure-time step: the shape is the cell's reason's,
// the scale the age band's).
import { AGE_BANDS } from '../core/children.js';
import { outcomeName } from '../core/events.js';
import { incidenceWeights, medianOf, sortedTimes } from './censoring.js';
import type { Model } from './model.js';

/**
 * Span ends whose duration is scaled by the age band at the span's start (the model file allows
 * cp_plan_end too; CP plans are tallied but not scaled: on the test logs their medians by age band were
 * within 2% of each other, and scaling them moved a census-style log's first-year contacts by 5.5%).
 */
export const SPAN_EVENTS = ['cla_end'] as const;
export type SpanEvent = 'cla_end' | 'cp_plan_end';
/** A band's shift is kept only with this many children behind it (and at least the model's minCell). */
export const SPAN_MIN_CHILDREN = 30;
/** Shifts are bounded (log scale): a band whose median is 5 times the pooled one is taken as 5 times. */
const MAX_SHIFT = Math.log(5);

interface Observations {
  t: number[];
  censored: number[];
  entry: number[];
  /** the span's end reason (the event's outcome; null when censored) */
  reason: (string | null)[];
  /** the age band (index) at the span's start */
  band: number[];
  children: Set<number>;
}

/** A reason's median length is its own only with this many ended spans behind it (else all reasons'). */
const REASON_MIN_SPANS = 20;
/** Residuals are taken from this log-scale offset (the estimators want positive times). */
const OFFSET = 20;

export class SpanTally {
  private readonly cells = new Map<string, Observations>();

  /**
   * One span: `days` from its start to its end (or to where it was censored), `ended`: it ended then (not
   * cut by the 18th birthday, the data's end or a refused event); `entry`: days before which it was not
   * under watch (0 unless it began before the extract).
   */
  add(event: SpanEvent, age: number, days: number, ended: boolean, entry: number, child: number, reason: string | null = null): void {
    for (const key of [`${event}|${AGE_BANDS[age] ?? ''}`, `${event}|*`]) {
      let o = this.cells.get(key);
      if (!o) this.cells.set(key, (o = { t: [], censored: [], entry: [], reason: [], band: [], children: new Set() }));
      o.t.push(days);
      o.censored.push(ended ? 0 : 1);
      o.entry.push(entry);
      o.reason.push(ended ? reason : null);
      o.band.push(age);
      o.children.add(child);
    }
  }

  /**
   * Per span event and age band with enough children: the band's log shift WITHIN end reason. The generator
   * draws a span's length from its end reason's own durations, and the reason mix already carries much of
   * the age (infants leave care by adoption, after years; 16-year-olds to independent living, in months):
   * a shift fitted over all reasons (the band's median against all ages') counted the age twice, and stays
   * begun under 5 came out half as long again. Each ended span's residual is log1p(days) less log1p of its
   * reason's median; a censored span (no reason yet) is censored at its residual from the median of every
   * reason. The band's shift is the Kaplan–Meier median of its residuals.
   *
   * A reason's median is taken over the spans' lengths with their band's shift taken off (and the fit takes
   * it off the durations the generator draws from: cells.ts `spanShifts`), refitted in turn with the shifts
   * (SHIFT_ROUNDS): a reason given at one age only (E8, independent living, at 16 and over; E11, adoption,
   * under 5) has that age's lengths, and its median against all ages' gave such a band a shift that the
   * reason already carried. On the drift log (50,000 children) care begun at 16 and ended E8 lasted a
   * median 116 days in the log and 72 in the copy, and backlog's adoptions under 5 (E11) 422 and 578.
   */
  fit(minCell: number, merged: Model['merged']): NonNullable<Model['spanDurations']> {
    const out: NonNullable<Model['spanDurations']> = [];
    const need = Math.max(minCell, SPAN_MIN_CHILDREN);
    for (const event of SPAN_EVENTS as readonly SpanEvent[]) {
      const all = this.cells.get(`${event}|*`);
      const pooled = all && all.children.size >= need ? kmMedian(all) : null;
      if (pooled === null) continue;
      const kept = AGE_BANDS.map((age) => (this.cells.get(`${event}|${age}`)?.children.size ?? 0) >= need);
      const shifts = new Float64Array(AGE_BANDS.length);
      const found: (number | null)[] = AGE_BANDS.map(() => null);
      for (let round = 0; round < SHIFT_ROUNDS; round++) {
        const medians = reasonMedians(all!, shifts);
        AGE_BANDS.forEach((age, b) => {
          const o = this.cells.get(`${event}|${age}`);
          found[b] = o && kept[b] ? kmMedian(residuals(o, medians, pooled)) : null;
        });
        AGE_BANDS.forEach((_, b) => (shifts[b] = found[b] === null ? 0 : Math.max(-MAX_SHIFT, Math.min(MAX_SHIFT, found[b]! - OFFSET))));
        // Each round's reason medians take the shifts in, so the shifts could all drift one way together; held
        // at a mean of 0 over every span, a band without a shift of its own (0: too few children) stays at the
        // level of all ages, as it was when the medians were taken over the spans as they are.
        let sum = 0;
        let inKept = 0;
        for (const b of all!.band) (sum += shifts[b]!), (inKept += kept[b] && found[b] !== null ? 1 : 0);
        if (inKept > 0) AGE_BANDS.forEach((_, b) => { if (found[b] !== null) shifts[b] = Math.max(-MAX_SHIFT, Math.min(MAX_SHIFT, shifts[b]! - sum / inKept)); });
      }
      shrinkShifts(shifts, found, AGE_BANDS.map((age) => this.cells.get(`${event}|${age}`)), reasonMedians(all!, shifts), pooled);
      AGE_BANDS.forEach((age, b) => {
        const o = this.cells.get(`${event}|${age}`);
        if (!o) return;
        if (found[b] === null) merged.push({ cell: `span ${event} age ${age}`, into: 'all ages' });
        else out.push({ event, age, children: o.children.size, logShift: shifts[b]!, reasons: reasonFactors(o, all!) });
      });
    }
    return out;
  }
}

/**
 * Per end reason, the band's share of the ended spans (Aalen–Johansen weights: the chance of ending by that
 * reason) over all ages' share, rounded. The shift above is taken within reason, so a copy keeps the band's
 * lengths only if it also keeps the band's reasons; a cell pooling every age (a band with too few children
 * for fine cells of its own) gave every age the pooled mix. On the drift log (30,000 children) 25% of the
 * copy's care ends begun at 16 and over were adoptions, residence orders or special guardianship (E11, E41,
 * E12: the log has none at 16 and over), each with its reason's longer lengths.
 */
function reasonFactors(band: Observations, all: Observations): { outcome: string; factor: number }[] {
  const ours = reasonShares(band);
  // (a reason is tallied as its outcome code: fit.ts)
  return [...reasonShares(all)].map(([code, share]) => ({ outcome: outcomeName(Number(code)) ?? '', factor: Number(((ours.get(code) ?? 0) / share).toPrecision(4)) }));
}

/** Each end reason's share of the spans' chance of ending (Aalen–Johansen weights of the ended spans). */
function reasonShares(o: Observations): Map<string, number> {
  const weights = incidenceWeights(o.t, Uint8Array.from(o.censored), o.entry);
  const out = new Map<string, number>();
  let total = 0;
  o.reason.forEach((r, i) => {
    if (r === null || !(weights[i]! > 0)) return;
    out.set(r, (out.get(r) ?? 0) + weights[i]!);
    total += weights[i]!;
  });
  for (const [r, w] of out) out.set(r, w / total);
  return out;
}

/** Bootstrap resamples for a band shift's standard error. */
const SHIFT_RESAMPLES = 200;

/**
 * Each band's shift shrunk toward 0 by how much of it its own noise could be (empirical Bayes): shift ×
 * τ² / (τ² + se²), se the band's bootstrap standard error (seeded: the fit stays deterministic) and τ² the
 * spread of the bands' shifts beyond their noise (their children-weighted mean square less their mean se²,
 * at least 0). A process whose care lasts alike at every age gave bands shifts of noise alone, and the copies
 * kept them (trips-growth log 5: care begun at 5-9 ×1.30, from 117 children), where one whose ages differ
 * (drift: ×1.45 at 1-4, ×0.5 at 16+) keeps its shifts.
 */
function shrinkShifts(shifts: Float64Array, found: (number | null)[], bands: (Observations | undefined)[], medians: Map<string, number>, pooled: number): void {
  const se = new Float64Array(shifts.length);
  let square = 0;
  let noise = 0;
  let weight = 0;
  bands.forEach((o, b) => {
    if (!o || found[b] === null) return;
    const r = residuals(o, medians, pooled);
    let seed = (o.t.length * 2654435761 + b * 40503) >>> 0 || 1;
    const next = (): number => (seed = (Math.imul(seed, 48271) >>> 0) % 2147483647 || 1) / 2147483647;
    const draws: number[] = [];
    // A resample is written in time order: each span as many times as it was picked, the spans taken in the
    // residuals' order (sorted once per band). The residuals are not whole days, and a comparator sort of
    // each of the 200 resamples was a twentieth of the fit. A tie's order changes no weight nor the median.
    const size = r.t.length;
    const byTime = Uint32Array.from(r.t.keys()).sort((x, y) => r.t[x]! - r.t[y]!);
    const picked = new Uint32Array(size);
    const t = new Array<number>(size);
    const censored = new Uint8Array(size);
    const entry = new Array<number>(size);
    const order = Uint32Array.from(byTime.keys());
    const anyEntry = r.entry.some((e) => e > 0);
    for (let k = 0; k < SHIFT_RESAMPLES; k++) {
      picked.fill(0);
      for (let j = 0; j < size; j++) picked[Math.floor(next() * size)]!++;
      if (!anyEntry) {
        const m = pickedMedian(r, byTime, picked, size);
        if (m !== null) draws.push(m);
        continue;
      }
      let entered = false;
      let j = 0;
      for (const i of byTime) {
        for (let c = picked[i]!; c > 0; c--, j++) {
          t[j] = r.t[i]!;
          censored[j] = r.censored[i]!;
          entry[j] = r.entry[i]!;
          if (entry[j]! > 0) entered = true;
        }
      }
      const m = medianOf(t, censored, entry, { order, entries: entered ? Float64Array.from(entry).sort() : null });
      if (m !== null) draws.push(m);
    }
    if (draws.length < SHIFT_RESAMPLES / 2) return;
    const mean = draws.reduce((a, c) => a + c, 0) / draws.length;
    se[b] = Math.sqrt(draws.reduce((a, c) => a + (c - mean) ** 2, 0) / (draws.length - 1));
    const n = o.children.size;
    square += n * shifts[b]! ** 2;
    noise += n * se[b]! ** 2;
    weight += n;
  });
  if (weight === 0) return;
  const tau2 = Math.max(0, (square - noise) / weight);
  shifts.forEach((v, b) => {
    if (found[b] !== null && se[b]! > 0) shifts[b] = (v * tau2) / (tau2 + se[b]! ** 2);
  });
}

/** Rounds of reason medians and band shifts fitted in turn (the shifts move by under 0.01 after the third on the test logs). */
const SHIFT_ROUNDS = 4;

/**
 * Per end reason with enough ended spans: its median over all ages of log1p(days) less the span's band shift
 * (`shifts`, by band index; the median found before any shift: log1p of the median days), from the Aalen–Johansen
 * weights (a reason's spans weighted by the chance of being still at risk when they ended, as the fitted
 * durations are: the finished spans alone make long reasons look short).
 */
function reasonMedians(all: Observations, shifts: ArrayLike<number>): Map<string, number> {
  // On the log scale, each span less its band's shift (from OFFSET: the estimators want positive times).
  const t = all.t.map((d, i) => Math.log1p(d) - shifts[all.band[i]!]! + OFFSET);
  const entry = all.entry.map((e, i) => (e > 0 ? Math.log1p(e) - shifts[all.band[i]!]! + OFFSET : 0));
  const weights = incidenceWeights(t, Uint8Array.from(all.censored), entry);
  const spans = new Map<string, number[]>();
  all.reason.forEach((r, i) => {
    if (r === null || !(weights[i]! > 0)) return;
    let list = spans.get(r);
    if (!list) spans.set(r, (list = []));
    list.push(i);
  });
  const out = new Map<string, number>();
  for (const [r, list] of spans) {
    if (list.length < REASON_MIN_SPANS) continue;
    const total = list.reduce((sum, i) => sum + weights[i]!, 0);
    const median = firstReaching(list, t, weights, total / 2);
    if (median !== null) out.set(r, median - OFFSET);
  }
  return out;
}

/** The spans on a log scale relative to their reason's median (or `pooled`'s), from OFFSET. */
function residuals(o: Observations, medians: Map<string, number>, pooled: number): Observations {
  const base = (i: number): number => medians.get(o.reason[i] ?? '') ?? Math.log1p(pooled);
  return {
    t: o.t.map((d, i) => Math.log1p(d) - base(i) + OFFSET),
    censored: o.censored,
    entry: o.entry.map((e, i) => (e > 0 ? Math.log1p(e) - base(i) + OFFSET : 0)),
    reason: o.reason,
    band: o.band,
    children: o.children,
  };
}

/** The Kaplan–Meier median of the spans, or null when the estimate never reaches a half (too much censored). */
function kmMedian(o: Observations): number | null {
  // The weights' own time order (ties by index, as a stable sort of the indices gives): the bootstrap of
  // shrinkShifts takes 200 medians per band, and sorting each twice was a twentieth of the fit.
  return medianOf(o.t, Uint8Array.from(o.censored), o.entry, sortedTimes(o.t, o.entry));
}

/**
 * medianOf a resample of spans none of which entered late: spans `byTime` (in time order), each taken
 * `picked[i]` times (of `size` in all). Each step's weight, the risk set and the running sum are as
 * incidenceWeights and medianOf take them, step by step, without writing the resample out.
 */
function pickedMedian(o: Observations, byTime: Uint32Array, picked: Uint32Array, size: number): number | null {
  let left = 0;
  let survival = 1;
  let sum = 0;
  let k = 0;
  while (k < byTime.length) {
    const time = o.t[byTime[k]!]!;
    let events = 0;
    let gone = 0;
    for (; k < byTime.length && o.t[byTime[k]!] === time; k++) {
      const i = byTime[k]!;
      if (o.censored[i]) gone += picked[i]!;
      else events += picked[i]!;
    }
    const atRisk = size - left;
    if (events > 0 && atRisk > 0) {
      const w = survival / atRisk;
      for (let e = 0; e < events; e++) if (w > 0 && (sum += w) >= 0.5) return time;
      survival *= 1 - events / atRisk;
    }
    left += events + gone;
  }
  return null;
}

/** The first time, in time order, at which the weights of the spans `indices` add up to `level`; null if they never do. */
function firstReaching(indices: number[], t: readonly number[], weights: ArrayLike<number>, level: number): number | null {
  let sum = 0;
  for (const i of [...indices].sort((a, b) => t[a]! - t[b]!)) {
    if ((sum += weights[i]!) >= level) return t[i]!;
  }
  return null;
}
