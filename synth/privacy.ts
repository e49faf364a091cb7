// Whether a synthetic dataset gives away real children: (1) copied journeys: synthetic journeys of 6 or
// more events, as sequences of (event, date), equal to a real one, against the rate at which two halves
// of the real data match each other by chance (an independent sample of the same process); (2) distance
// to closest record: synthetic children must not sit closer to real children than real children sit to
// each other (beyond sampling noise); (3) the model obeys the small-cell rule; (4) no synthetic id is a
// real id.
import { EVENT_TYPES } from '../core/events.js';
import type { EventTable } from '../core/event-table.js';
import type { Dataset } from './fidelity.js';
import type { Model } from './model.js';
import { createRandom } from './random.js';

/** Journeys with fewer events are too common to identify anyone and are not counted as copies. */
export const COPY_MIN_EVENTS = 6;
/** Distances are taken for children with at least this many events: shorter journeys coincide by chance. */
export const DCR_MIN_EVENTS = 3;
/**
 * Children whose closest distance is taken, on each side (synthetic, and the real half compared with the
 * other). With 1,000 a side the baseline's share below its own 5th percentile moved by about 0.75 points
 * from one sample to another, so 3 standard errors allowed 3.1 points of excess: a generator that moved
 * the dates of 8% of real journeys by a day passed, and an honest copy of the backlog log failed when its
 * baseline sample drew low (4.1% where independent samples of the same process average 5.7%). 2,000 a
 * side allow about 2.1 points and take about 1.6 times as long.
 */
const DCR_QUERIES = 2000;
/** Standard errors of sampling noise allowed before a difference counts. */
const NOISE_SE = 3;
/** Distance units: days. A difference of one in an event count costs as much as 30 days. */
const COUNT_COST = 30;
const MAX_DATE_COST = 365;
const MAX_COUNT = 10;

export const DCR_DISTANCE =
  'per child, for each event type: the number of events (capped at 10; each unit of difference costs 30) and the date of the first one ' +
  '(difference in days, capped at 365; present on one side only costs 365); summed over event types';

export interface PrivacyReport {
  journeys: {
    /** synthetic children whose whole journey (event, date) equals a real child's */
    matches: number;
    /** of which with at least COPY_MIN_EVENTS events */
    informativeMatches: number;
    /** informative matches expected by chance, from how often two halves of the real data match, one moved by whole weeks (CHANCE_SHIFTS) */
    expectedByChance: number;
    /**
     * what that is worked out from: informative journeys of the first real half equal to one of the second once
     * moved by a shift, summed over the `shifts` shifts (CHANCE_SHIFTS; a whole count, which disclosure control
     * treats as one), the halves' sizes and the synthetic children
     */
    chance: { halfMatches: number; shifts: number; halves: [number, number]; synthetic: number };
    /** most informative matches allowed: the expected number plus 3 Poisson standard errors (at least 3) */
    allowed: number;
    pass: boolean;
  };
  dcr: {
    distance: string;
    /**
     * Over children with at least DCR_MIN_EVENTS events, distances to the closest child of one half of
     * the real data: from synthetic children, and from the other half (the baseline). `closeShare`: share
     * closer than the baseline's 5th percentile; `zeroShare`: share at distance 0.
     */
    syntheticToReal: { median: number; p5: number; zeroShare: number; closeShare: number };
    realToReal: { median: number; p5: number; zeroShare: number; closeShare: number };
    /** how many children each side's shares are taken over */
    queries: { syntheticToReal: number; realToReal: number };
    /** how far the synthetic shares may exceed the baseline's (3 standard errors of the difference) */
    allowedExcess: { closeShare: number; zeroShare: number };
    pass: boolean;
  };
  smallCells: { minCell: number; violations: string[]; pass: boolean } | null;
  sharedIds: { count: number; pass: boolean };
  pass: boolean;
}

/**
 * Whole weeks by which the real baseline's queries are moved. Brothers and sisters referred together share a
 * journey to the day, and the two halves of the real data split them: compared as they are, each sibling pair was
 * a "chance" match and each sibling at distance 0 (audit a10h, a log with 16% of children in sibling groups: 2,972
 * chance matches, so a copy with 3,000 real journeys pasted in passed, and the 5th-percentile distance was 0, so no
 * copy could sit closer). An independent sample of the same process has other families: its journeys coincide with
 * the real ones only as often as journeys a few weeks apart do (whole weeks keep the weekdays).
 */
export const CHANCE_SHIFTS = [-14, -7, 7, 14];

function journeyKeys(table: EventTable, children: readonly number[], shift = 0): Map<string, number> {
  const keys = new Map<string, number>();
  for (const c of children) {
    let key = '';
    const lo = table.childStart[c]!;
    const hi = table.childStart[c + 1]!;
    for (let i = lo; i < hi; i++) key += `${table.type[i]}@${table.day[i]! + shift};`;
    keys.set(key, hi - lo);
  }
  return keys;
}

function countMatches(table: EventTable, children: readonly number[], reference: Map<string, number>, shift = 0): { all: number; informative: number } {
  let all = 0;
  let informative = 0;
  for (const [key, length] of journeyKeys(table, children, shift)) {
    if (!reference.has(key)) continue;
    all++;
    if (length >= COPY_MIN_EVENTS) informative++;
  }
  return { all, informative };
}

/** One feature row per child: counts and first dates per event type (dates moved by `shift(row)` days). */
function features(table: EventTable, children: readonly number[], shift: (row: number) => number = () => 0): Float64Array {
  const width = EVENT_TYPES.length * 2;
  const out = new Float64Array(children.length * width).fill(NaN);
  children.forEach((c, row) => {
    const base = row * width;
    const moved = shift(row);
    for (let t = 0; t < EVENT_TYPES.length; t++) out[base + 2 * t] = 0;
    for (let i = table.childStart[c]!; i < table.childStart[c + 1]!; i++) {
      const t = table.type[i]!;
      out[base + 2 * t] = Math.min(MAX_COUNT, out[base + 2 * t]! + 1);
      if (Number.isNaN(out[base + 2 * t + 1]!)) out[base + 2 * t + 1] = table.day[i]! + moved;
    }
  });
  return out;
}

function distance(a: Float64Array, i: number, b: Float64Array, j: number, width: number, bound: number): number {
  let d = 0;
  for (let k = 0; k < width; k += 2) {
    d += Math.abs(a[i * width + k]! - b[j * width + k]!) * COUNT_COST;
    const x = a[i * width + k + 1]!;
    const y = b[j * width + k + 1]!;
    const xa = Number.isNaN(x);
    const ya = Number.isNaN(y);
    if (xa !== ya) d += MAX_DATE_COST;
    else if (!xa) d += Math.min(MAX_DATE_COST, Math.abs(x - y));
    if (d >= bound) return d;
  }
  return d;
}

function closestDistances(queries: Float64Array, reference: Float64Array): number[] {
  const width = EVENT_TYPES.length * 2;
  const nq = queries.length / width;
  const nr = reference.length / width;
  const out: number[] = [];
  for (let i = 0; i < nq; i++) {
    let best = Infinity;
    for (let j = 0; j < nr && best > 0; j++) best = Math.min(best, distance(queries, i, reference, j, width, best));
    out.push(best);
  }
  return out;
}

function summary(values: number[], close: number): { median: number; p5: number; zeroShare: number; closeShare: number } {
  const sorted = [...values].sort((x, y) => x - y);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  const n = Math.max(1, sorted.length);
  return { median: at(0.5), p5: at(0.05), zeroShare: sorted.filter((v) => v === 0).length / n, closeShare: sorted.filter((v) => v < close).length / n };
}

/** Three standard errors of the difference of two shares measured on n1 and n2 queries (pooled). */
function allowedExcess(p1: number, n1: number, p2: number, n2: number): number {
  const pooled = Math.max((p1 * n1 + p2 * n2) / Math.max(1, n1 + n2), 1 / Math.max(1, n1 + n2));
  return NOISE_SE * Math.sqrt(pooled * (1 - pooled) * (1 / Math.max(1, n1) + 1 / Math.max(1, n2)));
}

/** A seeded random sample of at most `limit` indices (never aligned with how the real halves are split). */
function sample(indices: readonly number[], limit: number, seed: number): number[] {
  if (indices.length <= limit) return [...indices];
  const random = createRandom(seed);
  const pool = [...indices];
  for (let k = 0; k < limit; k++) {
    const j = k + random.int(pool.length - k);
    [pool[k], pool[j]] = [pool[j]!, pool[k]!];
  }
  return pool.slice(0, limit);
}

/** The cells of a model that describe fewer than its minCell children (0 = describes none). */
export function smallCellViolations(model: Model): string[] {
  const min = model.minCell;
  const bad: string[] = [];
  const check = (what: string, n: number): void => {
    if (n > 0 && n < min) bad.push(`${what} describes fewer than ${min} children`);
  };
  for (const cell of model.transitions) {
    const name = `transitions from ${cell.from} (age ${cell.age}, previous ${cell.prev})`;
    check(name, cell.children);
    for (const step of cell.next) {
      check(`${name} -> ${step.to}`, step.children);
      if (step.duration) check(`${name} -> ${step.to} duration`, step.duration.children);
    }
  }
  for (const c of model.children.cells) check(`children ${c.age}/${c.sex}/${c.ethnicityGroup}/${c.disability}`, c.children);
  for (const [field, list] of Object.entries(model.children.marginals)) for (const s of list) check(`children ${field} ${s.code || 'blank'}`, s.children);
  for (const [field, list] of Object.entries(model.sources)) for (const s of list) check(`${field} source ${s.code || 'blank'}`, s.children);
  for (const [k, n] of (model.fittedOn.carried?.byYear ?? []).entries()) check(`children carried in from ${k} years before the extract`, n);
  if (model.minCell < 10) bad.push(`minCell ${model.minCell} is below 10`);
  return bad;
}

/**
 * Informative matches expected by chance: the first real half's matches in the second, per child of that
 * half, scaled to the whole real data as the reference and to the synthetic children as the queries.
 */
export function expectedMatches({ halfMatches, shifts, halves: [a, b], synthetic }: PrivacyReport['journeys']['chance']): number {
  return a && b && shifts ? (halfMatches / shifts / a) * ((a + b) / b) * synthetic : 0;
}

/** Most informative matches allowed: the expected number plus 3 Poisson standard errors (at least 3). */
export function allowedMatches(expected: number): number {
  return expected + Math.max(3, NOISE_SE * Math.sqrt(expected));
}

export function privacyReport(real: Dataset, synthetic: Dataset, model: Model | null): PrivacyReport {
  const realChildren = real.table.childIds.map((_, c) => c);
  const halfA = realChildren.filter((c) => c % 2 === 0);
  const halfB = realChildren.filter((c) => c % 2 === 1);
  const synChildren = synthetic.table.childIds.map((_, c) => c);

  const realKeys = journeyKeys(real.table, realChildren);
  const synMatches = countMatches(synthetic.table, synChildren, realKeys);
  // The first half's journeys moved by whole weeks, against the second's (CHANCE_SHIFTS: not its siblings).
  const halfBKeys = journeyKeys(real.table, halfB);
  const halfMatches = CHANCE_SHIFTS.reduce((sum, shift) => sum + countMatches(real.table, halfA, halfBKeys, shift).informative, 0);
  // Chance matches grow with both the number of queries and the size of the reference.
  const chance = { halfMatches, shifts: CHANCE_SHIFTS.length, halves: [halfA.length, halfB.length] as [number, number], synthetic: synChildren.length };
  const expectedByChance = expectedMatches(chance);

  // Distances are taken for children with informative journeys: one-contact journeys coincide by chance.
  const informative = (table: EventTable) => (c: number): boolean => table.childStart[c + 1]! - table.childStart[c]! >= DCR_MIN_EVENTS;
  const reference = features(real.table, halfB);
  const synDistances = closestDistances(features(synthetic.table, sample(synChildren.filter(informative(synthetic.table)), DCR_QUERIES, 1)), reference);
  // The baseline's queries a week later or earlier, in turn (as CHANCE_SHIFTS, for the distances): their siblings in
  // the other half are then not at distance 0.
  const realDistances = closestDistances(features(real.table, sample(halfA.filter(informative(real.table)), DCR_QUERIES, 2), (row) => (row % 2 === 0 ? 7 : -7)), reference);
  const baseline5 = summary(realDistances, 0).p5;
  const dcrReal = summary(realDistances, baseline5);
  const dcrSyn = summary(synDistances, baseline5);

  const realIds = new Set(real.table.childIds);
  const shared = synthetic.table.childIds.filter((id) => realIds.has(id)).length;
  const violations = model ? smallCellViolations(model) : null;

  const allowed = allowedMatches(expectedByChance);
  const journeysPass = synMatches.informative <= allowed;
  // Synthetic children may not sit closer to real ones than real ones sit to each other: no more of them
  // below the baseline's 5th percentile, and no more at distance 0, than sampling noise explains.
  const excess = {
    closeShare: allowedExcess(dcrReal.closeShare, realDistances.length, dcrSyn.closeShare, synDistances.length),
    zeroShare: allowedExcess(dcrReal.zeroShare, realDistances.length, dcrSyn.zeroShare, synDistances.length),
  };
  const dcrPass = dcrSyn.closeShare <= dcrReal.closeShare + excess.closeShare && dcrSyn.zeroShare <= dcrReal.zeroShare + excess.zeroShare;
  const report: PrivacyReport = {
    journeys: { matches: synMatches.all, informativeMatches: synMatches.informative, expectedByChance, chance, allowed, pass: journeysPass },
    dcr: { distance: DCR_DISTANCE, syntheticToReal: dcrSyn, realToReal: dcrReal, queries: { syntheticToReal: synDistances.length, realToReal: realDistances.length }, allowedExcess: excess, pass: dcrPass },
    smallCells: violations && model ? { minCell: model.minCell, violations, pass: violations.length === 0 } : null,
    sharedIds: { count: shared, pass: shared === 0 },
    pass: false,
  };
  report.pass = journeysPass && dcrPass && (report.smallCells?.pass ?? true) && report.sharedIds.pass;
  return report;
}
