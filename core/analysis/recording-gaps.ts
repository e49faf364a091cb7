// Recording gaps: days when a log holds implausibly few events for the days around them (a case system down, an
// export that missed a fortnight). A gap is a dip in the data but not in the work, so the impact view leaves the
// weeks it touches out of every measure's weekly series and names it, instead of calling the dip (or the catch-up
// after it) a change.
//
// The rule, for each of two daily series, contacts and all events:
// - each day's capacity is 1 on a working day (England and Wales calendar) and ρ on a weekend or bank holiday,
//   ρ = the series' events per non-working day ÷ its events per working day over the whole log;
// - a day's expected count μ = its capacity × the median count of the working days within 28 days either side
//   (the day itself left out), so quiet weekends, bank holidays and the month-of-year season are expected;
// - a day is LOW when it holds fewer than LOW_SHARE (a tenth) of μ; a run of consecutive low days is a gap when
//   it holds at least one working day (a quiet weekend alone is never a gap), its total X is below a tenth of its
//   expected total M, and X is improbable as quasi-Poisson noise even allowing for every day of the log being
//   looked at: P(Poisson(M/φ) ≤ X/φ) < 0.001 ÷ the log's working days, φ = the series' dispersion (median over
//   working days of (x − μ)²/μ ÷ 0.4549, at least 1). A deep August or December, the Christmas lull (a third of
//   November's days in the tests' logs), a bank holiday and a quiet weekend are not a tenth of their neighbours; a
//   day or a run with nothing recorded is. With a quarter instead of a tenth and 0.1% for each run, 3 of 4 test logs
//   without a gap had one named (29 and 30 December; a Friday and weekend, or one day, of a council with 7 contacts
//   a working day).
// Runs of the two series that touch or overlap are one gap, said with the contacts' figures when contacts found it.
// What a gap leaves out: its own days and the CATCH_UP_DAYS after it. Work that arrived during a gap is often
// recorded late, as a rise after it (the reviewer's generator moves the gap's children 15 to 40 days on): with the
// gap's weeks alone left out, that rise was called "referrals a week up" at the gap's first Monday on 2 of 3 logs.
import { formatDay } from '../dates.js';
import { EV } from '../events.js';
import type { PreparedMetrics } from '../metrics.js';
import type { DataSpan } from './cutoffs.js';

/** A day is low when it holds fewer than this share of the events expected from the days around it. */
export const LOW_SHARE = 0.1;
/** Days either side whose working days give a day's expected count. */
export const GAP_NEIGHBOUR_DAYS = 28;
/** One-sided tail probability, over the whole log (divided by its working days for each run), below which a run of low days is a gap. */
export const GAP_TAIL = 0.001;
/** Days after a gap that may hold its backlog recorded late: left out with the gap. */
export const CATCH_UP_DAYS = 42;
/** Gap runs this close (days from the end of one to the start of the next) are one gap. */
export const MERGE_DAYS = 7;
/** Fewest working days around a day for its expected count to be trusted. */
const MIN_NEIGHBOURS = 10;

export interface RecordingGap {
  /** first and last day of the gap (ISO) */
  from: string;
  to: string;
  /** which series found it (its figures are given): contacts, or all events */
  series: 'contacts' | 'events';
  /** events of that series recorded in the gap, and about how many the days around it lead one to expect */
  events: number;
  expected: number;
  /** last day left out of the weekly series with the gap: its end plus CATCH_UP_DAYS (or the data's end) */
  leftOutTo: string;
}

export interface RecordingGaps {
  gaps: RecordingGap[];
  /** per day of the span (index day − span.first): 1 inside a gap */
  day: Uint8Array;
  /** per day of the span: 1 inside a gap or within CATCH_UP_DAYS after one (what the weekly series leave out) */
  leftOut: Uint8Array;
  first: number;
}

interface Run {
  from: number;
  to: number;
}

/** log P(X ≤ x) for X ~ Poisson(m), x ≥ 0 (summed from the mode down, in log space). */
function poissonLowerTail(x: number, m: number): number {
  const k = Math.floor(x);
  if (k < 0) return -Infinity;
  if (m <= 0) return 0;
  if (k >= m) return Math.log(1); // at or above the mean: not in the lower tail
  // log pmf(k) = k log m − m − log k!
  let logFact = 0;
  for (let i = 2; i <= k; i++) logFact += Math.log(i);
  let term = k * Math.log(m) - m - logFact;
  let sum = 0;
  const top = term;
  for (let i = k; i >= 0; i--) {
    sum += Math.exp(term - top);
    term += Math.log(i) - Math.log(m); // pmf(i − 1) = pmf(i) · i / m
    if (i > 0 && term - top < -40) break;
  }
  return top + Math.log(sum);
}

/** The gaps of one daily series: runs of low days whose total is improbably low. */
function seriesGaps(counts: Float64Array, working: Uint8Array): { runs: Array<Run & { x: number; m: number }>; mu: Float64Array } {
  const n = counts.length;
  let onW = 0, nW = 0, onO = 0, nO = 0;
  for (let i = 0; i < n; i++) {
    if (working[i]) { onW += counts[i]!; nW++; } else { onO += counts[i]!; nO++; }
  }
  if (onW <= 0 || nW === 0) return { runs: [], mu: new Float64Array(n) };
  const rho = nO > 0 ? Math.min(1, Math.max(0.01, onO / nO / (onW / nW))) : 1;
  const mu = new Float64Array(n).fill(NaN);
  const around: number[] = [];
  for (let d = 0; d < n; d++) {
    around.length = 0;
    for (let i = Math.max(0, d - GAP_NEIGHBOUR_DAYS); i <= Math.min(n - 1, d + GAP_NEIGHBOUR_DAYS); i++) if (i !== d && working[i]) around.push(counts[i]!);
    if (around.length < MIN_NEIGHBOURS) continue;
    around.sort((a, b) => a - b);
    const median = (around[(around.length - 1) >> 1]! + around[around.length >> 1]!) / 2;
    mu[d] = (working[d] ? 1 : rho) * median;
  }
  // dispersion over working days: median of (x − μ)²/μ over the median of χ²₁ (0.4549)
  const pearson: number[] = [];
  for (let d = 0; d < n; d++) if (working[d] && mu[d]! > 0) pearson.push((counts[d]! - mu[d]!) ** 2 / mu[d]!);
  pearson.sort((a, b) => a - b);
  const phi = pearson.length ? Math.max(1, pearson[pearson.length >> 1]! / 0.4549) : 1;
  const logTail = Math.log(GAP_TAIL / Math.max(1, nW));
  // below a tenth of the day's expectation AND below half of what a weekend day there would hold: a working day
  // that looks like a weekend (an office closed for a day, a local holiday) is not a gap
  const weekendDay = (d: number) => (working[d] ? rho * mu[d]! : mu[d]!);
  const low = (d: number) => mu[d]! > 0 && counts[d]! < LOW_SHARE * mu[d]! && counts[d]! < 0.5 * weekendDay(d);
  const out: Array<Run & { x: number; m: number }> = [];
  for (let d = 0; d < n; ) {
    if (!low(d)) { d++; continue; }
    let e = d;
    let x = 0, m = 0;
    let workingDays = 0;
    while (e < n && low(e)) { x += counts[e]!; m += mu[e]!; workingDays += working[e]!; e++; }
    // a run of weekend and bank-holiday days alone is a quiet weekend, never a gap
    if (workingDays > 0 && x < LOW_SHARE * m && poissonLowerTail(x / phi, m / phi) < logTail) out.push({ from: d, to: e - 1, x, m });
    d = e;
  }
  return { runs: out, mu };
}

/** Σ of the expected counts over days [from, to) (days without an expectation count 0). */
function expectedOver(mu: Float64Array, from: number, to: number): number {
  let m = 0;
  for (let i = from; i < to; i++) if (mu[i]! > 0) m += mu[i]!;
  return m;
}

const cache = new WeakMap<PreparedMetrics, Map<string, RecordingGaps>>();

/** The recording gaps of the whole log (not a cohort's: a gap is in the recording, whoever it would have held). */
export function recordingGaps(prepared: PreparedMetrics, span: DataSpan): RecordingGaps {
  let bySpan = cache.get(prepared);
  if (!bySpan) cache.set(prepared, (bySpan = new Map()));
  const key = `${span.first}|${span.last}`;
  const hit = bySpan.get(key);
  if (hit) return hit;
  const n = Math.max(0, span.last - span.first + 1);
  const contacts = new Float64Array(n);
  const events = new Float64Array(n);
  const { table } = prepared;
  for (let i = 0; i < table.length; i++) {
    const d = table.day[i]! - span.first;
    if (d < 0 || d >= n) continue;
    events[d]!++;
    if (table.type[i] === EV.contact) contacts[d]!++;
  }
  const working = new Uint8Array(n);
  for (let d = 0; d < n; d++) working[d] = prepared.calendar.between(span.first + d - 1, span.first + d);
  const day = new Uint8Array(n);
  const byContacts = seriesGaps(contacts, working);
  const byEvents = seriesGaps(events, working);
  const contactsMu = byContacts.mu;
  const eventsMu = byEvents.mu;
  const found = [
    ...byContacts.runs.map((r) => ({ ...r, series: 'contacts' as const })),
    ...byEvents.runs.map((r) => ({ ...r, series: 'events' as const })),
  ];
  // gap days closer than MERGE_DAYS are one gap (the days between are left out with it): an outage with a few part-days
  found.sort((a, b) => a.from - b.from);
  let end = -Infinity;
  for (const r of found) {
    day.fill(1, r.from - end <= MERGE_DAYS ? end : r.from, r.to + 1);
    end = Math.max(end, r.to);
  }
  // one gap per run of gap days, said with the contacts' figures where contacts found part of it
  const gaps: RecordingGap[] = [];
  const leftOut = new Uint8Array(n);
  for (let d = 0; d < n; ) {
    if (!day[d]) { d++; continue; }
    let e = d;
    while (e < n && day[e]) e++;
    const inside = found.filter((r) => r.from <= e - 1 && r.to >= d);
    // the figures cover the whole merged stretch, days between runs included
    const stretch = (series: 'contacts' | 'events') => {
      const c = series === 'contacts' ? contacts : events;
      let x = 0;
      for (let i = d; i < e; i++) x += c[i]!;
      return x;
    };
    const series = inside.some((r) => r.series === 'contacts') ? 'contacts' : 'events';
    const until = Math.min(n - 1, e - 1 + CATCH_UP_DAYS);
    leftOut.fill(1, d, until + 1);
    gaps.push({
      from: formatDay(span.first + d), to: formatDay(span.first + e - 1), series,
      events: stretch(series), expected: Math.round(expectedOver(series === 'contacts' ? contactsMu : eventsMu, d, e)), leftOutTo: formatDay(span.first + until),
    });
    d = e;
  }
  const result = { gaps, day, leftOut, first: span.first };
  bySpan.set(key, result);
  return result;
}

/** Whether any day of [from, to] is inside a recording gap or the catch-up days after it (left out of the weekly series). */
export function touchesGap(gaps: RecordingGaps, from: number, to: number): boolean {
  for (let d = Math.max(from, gaps.first); d <= Math.min(to, gaps.first + gaps.leftOut.length - 1); d++) if (gaps.leftOut[d - gaps.first]) return true;
  return false;
}
