// Turns raw tallies into model cells under the small-cell rule: a cell describing fewer than minCell
// children is merged into a coarser cell (a step of a fine transition cell becomes "draw from the
// coarser cell"; a joint attribute cell loses its finest attribute) or, at the coarsest level, dropped.
// Every merge is listed by name in `merged`; counts of small cells are never written.
import { AGE_BANDS } from '../core/children.js';
import { incidenceWeights, sortedTimes, type SortedTimes } from './censoring.js';
import { previousEventFitsBetter } from './anchors.js';
import { durationFromSamples, durationsDiffer, type DurationSamples } from './durations.js';
import type { ChildCell, CodeShare, Model, NextStep, TransitionCell } from './model.js';
import { COARSER, EIGHTEEN, END, START, mergedStepName, pooledStateName, siblingBaseName, siblingStateNames } from './states.js';

/** Observations of one cell: parallel arrays, appended child by child. */
/** A cell as the fit builds it (typed columns) or a test does (arrays): read only by index. */
type Cell = ObservationCell<ArrayLike<number>>;

export interface ObservationCell<Numbers extends ArrayLike<number> = number[]> {
  children: Numbers;
  /** step label, or null when censored (the data ended, or the next event broke the grammar) */
  to: (string | null)[];
  /** days since the state was entered (until the step or the censoring): what censoring is undone on */
  t: Numbers;
  /** days from the step's anchor (synth/states.ts anchorDay): what the step's duration describes */
  l: Numbers;
  /**
   * the step's duration was cut short (an end on the 18th birthday): its natural length is at least `l`; on a
   * censored observation, censored by the 18th birthday (a period of care or a plan it ended, fit.ts HELD_AT_EIGHTEEN)
   */
  cut: boolean[];
  /** days of `t` before which the state was not under watch (it began before the extract did): 0 usually */
  entry: Numbers;
  /**
   * days the state would have been watched had no step come (to the data's end or the 18th birthday): `t`
   * for a censored observation, at least `t` for a step. Absent: `t` (each observation watched until its step).
   */
  watch?: Numbers;
  /**
   * the same to the data's end alone, the 18th birthday aside (absent: `watch`): for a state in care, which
   * the birthday ends rather than hides (horizonOf)
   */
  reach?: Numbers;
  /** the age band (index) at the start of the span a step ends (a care end's: the care's start), -1 for others; absent: none */
  spanBand?: Numbers;
  /** the log shift of a span end's length by the year its span began (duration-trends.ts), 0 for others; absent: none */
  trendShift?: Numbers;
  /** `t` and `entry` sorted as censoring.ts sortedTimes sorts them, where the cell's maker has them (absent: sorted when needed) */
  sortedTimes?: SortedTimes;
}

type Merged = Model['merged'];

/** A fine cell's step keeps its own duration only with this many children behind it (else the coarser cell's). */
export const DURATION_MIN_CHILDREN = 30;

function distinct(children: ArrayLike<number>): number {
  let n = 0;
  let last = -1;
  for (let i = 0; i < children.length; i++) if (children[i] !== last) (n++, (last = children[i]!));
  return n;
}

interface Target {
  children: number;
  /** the largest child added so far: observations come child by child, so a child above it is new */
  lastChild: number;
  /** the distinct children (for a pooled group's count), in the order first added */
  childList: number[];
  /**
   * the same as a set, made only once a child comes out of order (a coarsest cell's borrowed tail): a
   * set filled for every observation of every cell was a tenth of the fit's time
   */
  childSet: Set<number> | null;
  weight: number;
  /** days since the natural anchor, days since the previous event, weights, cut short */
  l: number[];
  t: number[];
  w: number[];
  cut: boolean[];
  /** the age band at the ended span's start (-1: none) */
  band: number[];
  /** the year's log shift of the ended span's length (0: none) */
  trend: number[];
}

interface Tally {
  children: number;
  /** per target: children, cumulative incidence, anchored durations and their weights */
  targets: Map<string, Target>;
  /** 1 minus the summed incidence, but `eighteen`: the chance of no further event ever (0 for the first state) */
  end: number;
  /** of what the steps leave, the share the 18th birthday held (heldToEighteen): no end of the journey */
  eighteen: number;
}

/**
 * A fine cell is watched for less long than its state's coarsest cell when its children were seen for a
 * shorter span (in an extract with history before it, the plain history buckets hold only the children
 * first seen years into it). Past its horizon, what it cannot see would count as "no further event ever":
 * a child who comes back after five years would, in a copy, never come back. Its steps from there on are
 * taken from the coarsest cell's, given no step by then, scaled to the fine cell's own chance of none.
 */
export const TAIL_AT_RISK = 20;

/** The coarsest cell of a state, kept for the fine cells' tails: its steps ordered by `t`, and its survival. */
interface CoarseTail {
  cell: Cell;
  weights: Float64Array;
  /** indices of its steps (not censored), by increasing t */
  order: Uint32Array;
  /** total weight of its steps by the time of order[k] inclusive */
  cumulative: Float64Array;
}

function coarseTail(cell: ReadOnce, weights: Float64Array): CoarseTail {
  // The steps by t, ties in index order: the cell's own time order (censoring.ts sortedTimes, as stable), its censored left out.
  const to = cell.to;
  const order = cell.sorted.order.filter((i) => to[i] !== null);
  const cumulative = new Float64Array(order.length);
  let sum = 0;
  order.forEach((i, k) => (cumulative[k] = sum += weights[i]!));
  return { cell, weights, order, cumulative };
}

/**
 * The time up to which at least TAIL_AT_RISK of the cell's observations would still be watched had no step
 * come. A child whose step came is not lost to sight by it: counting it as
 * watched only until its step put the horizon of a small cell at a fraction of its steps, and its
 * children's later steps came from the coarsest cell (an enquiry after an earlier CP plan led to a
 * conference as often as any enquiry: 48% in the copy of the "backlog" log, 60% in the log).
 * A cell of fewer: its shortest watch (so it borrows nearly all), or for a care state
 * (`toDataEnd`: watched to the data's end, `reach`) the median of its observations' reach: a small care
 * cell keeps its early steps (care at 16 in a council of 3,000 children: with its shortest reach the copies of
 * the five "careers" logs of tests/synth/care-ages.test.ts held 655 care entries at 16+, against 778 real
 * and 683 before care cells borrowed; with the median, 670).
 */
function horizonOf(cell: Cell, toDataEnd = false): number {
  const watch = (toDataEnd ? cell.reach : undefined) ?? cell.watch ?? cell.t;
  const n = watch.length;
  if (n === 0) return Infinity;
  if (toDataEnd && n < TAIL_AT_RISK) return Float64Array.from(watch).sort()[n >> 1]!;
  // The TAIL_AT_RISK-th largest (the smallest when there are fewer), kept as the least of the largest so far:
  // the value sorting them all gives at n − TAIL_AT_RISK, without sorting every fine cell's watch.
  const m = Math.min(n, TAIL_AT_RISK);
  const top = Float64Array.from({ length: m }, (_, i) => watch[i]!).sort();
  for (let i = m; i < n; i++) {
    const v = watch[i]!;
    if (!(v > top[0]!)) continue;
    let k = 0;
    for (; k + 1 < m && top[k + 1]! < v; k++) top[k] = top[k + 1]!;
    top[k] = v;
  }
  return top[0]!;
}

function addTarget(targets: Tally['targets'], to: string, child: number, weight: number, l: number, t: number, cut: boolean, band: number, trend: number): void {
  let entry = targets.get(to);
  if (!entry) targets.set(to, (entry = { children: 0, lastChild: -1, childList: [], childSet: null, weight: 0, l: [], t: [], w: [], cut: [], band: [], trend: [] }));
  if (entry.childSet === null && child < entry.lastChild) entry.childSet = new Set(entry.childList);
  if (entry.childSet === null ? child > entry.lastChild : !entry.childSet.has(child)) {
    entry.children++;
    entry.childList.push(child);
    entry.childSet?.add(child);
    if (child > entry.lastChild) entry.lastChild = child;
  }
  entry.weight += weight;
  entry.l.push(l);
  entry.t.push(t);
  entry.w.push(weight);
  entry.cut.push(cut);
  entry.band.push(band);
  entry.trend.push(trend);
}

/**
 * A cell whose columns are read from its source once each, and its times sorted once: a fit's cell gathers
 * `to` and `cut` anew at each read (fit.ts StoredCell), and a cell's weights are taken under up to three
 * censorings (weightsOf twice, heldToEighteen), each sorting its times: reading and sorting again was a
 * fifth of buildTransitionCells.
 */
class ReadOnce implements Cell {
  private toRead?: (string | null)[];
  private cutRead?: boolean[];
  private sortedRead?: SortedTimes;
  constructor(private readonly source: Cell) {}
  get children() { return this.source.children; }
  get t() { return this.source.t; }
  get l() { return this.source.l; }
  get entry() { return this.source.entry; }
  get watch() { return this.source.watch; }
  get reach() { return this.source.reach; }
  get spanBand() { return this.source.spanBand; }
  get trendShift() { return this.source.trendShift; }
  get to() { return (this.toRead ??= this.source.to); }
  get cut() { return (this.cutRead ??= this.source.cut); }
  get sorted() { return (this.sortedRead ??= this.source.sortedTimes ?? sortedTimes(this.t, this.entry)); }
}

function weightsOf(cell: ReadOnce, heldIsCause = true): Float64Array {
  const to = cell.to;
  const censored = new Uint8Array(to.length);
  // (heldIsCause: a stay the 18th birthday ended is a cause, as heldToEighteen counts it, not censoring)
  const cut = heldIsCause ? cell.cut : null;
  for (let i = 0; i < to.length; i++) censored[i] = to[i] === null && (cut === null || cut[i] !== true) ? 1 : 0;
  // (`entry` is in `sorted`, as its sorted entries: not read again, nor gathered by a fit's cell that has none)
  return incidenceWeights(cell.t, censored, undefined, cell.sorted);
}

/**
 * The share of a cell's stays the 18th birthday ended (`cut` on an observation with no step), as a cause
 * beside its steps (weightsOf takes them so). What it left is no fine cell's blind spot to fill with the
 * coarsest cell's later steps: scaled up to it, those few long steps of children years from 18 (a CIN plan
 * of 1,807 days, the cell's own longest 564) became the plans of young people at 16-17, due past the data's
 * end and left open past 18 (county, 20,000 children, log seed 1: 25 young people on a plan past 18 at
 * the end, the log 7). It is the cell's own target (EIGHTEEN), not "no further event".
 */
function heldToEighteen(cell: ReadOnce, horizon: number): number {
  const { to, cut, t } = cell;
  const censored = new Uint8Array(to.length);
  // (the loops in functions of their own, as tally's: the first one's OSR code bailed out after it on later calls)
  if (!heldCensoring(to, cut, censored)) return 0;
  const w = incidenceWeights(t, censored, undefined, cell.sorted);
  // (a cause in the steps' weights: all of it, horizon Infinity, so the tail fills none of it)
  return heldShare(to, cut, t, w, horizon);
}

/** Marks in `censored` the stays censored but not by the 18th birthday; whether the birthday held any. */
function heldCensoring(to: readonly (string | null)[], cut: readonly boolean[], censored: Uint8Array): boolean {
  let any = false;
  for (let i = 0; i < to.length; i++) {
    const held = to[i] === null && cut[i] === true;
    censored[i] = to[i] === null && !held ? 1 : 0;
    any ||= held;
  }
  return any;
}

/** The weight of the stays the 18th birthday held by `horizon`. */
function heldShare(to: readonly (string | null)[], cut: readonly boolean[], t: ArrayLike<number>, w: Float64Array, horizon: number): number {
  let share = 0;
  for (let i = 0; i < to.length; i++) if (to[i] === null && cut[i] === true && t[i]! <= horizon) share += w[i]!;
  return share;
}

/** The cell's own steps up to its horizon into `targets`; returns their summed weight. */
function tallyOwn(targets: Tally['targets'], cell: ReadOnce, weights: Float64Array, horizon: number): number {
  let incidence = 0;
  // Each column read once (a cell of the fit gathers a column when it is first read: fit.ts StoredCell).
  const { children, t, l, cut, spanBand, trendShift } = cell;
  const steps = cell.to;
  for (let i = 0; i < steps.length; i++) {
    const to = steps[i]!;
    if (to === null || t[i]! > horizon) continue;
    addTarget(targets, to, children[i]!, weights[i]!, l[i]!, t[i]!, cut[i]!, spanBand?.[i] ?? -1, trendShift?.[i] ?? 0);
    incidence += weights[i]!;
  }
  return incidence;
}

/**
 * The coarsest cell's steps after the horizon, given none by then, times the fine cell's chance of none by then,
 * into `targets`; returns `incidence` with their weight added.
 */
function tallyTail(targets: Tally['targets'], tail: CoarseTail, horizon: number, incidence: number, kept: number): number {
  // (the first of the tail's steps past the horizon: by bisection, the steps being in time order)
  const tailT = tail.cell.t;
  let k = 0;
  for (let hi = tail.order.length; k < hi; ) {
    const mid = (k + hi) >> 1;
    if (tailT[tail.order[mid]!]! <= horizon) k = mid + 1;
    else hi = mid;
  }
  const coarseLeft = 1 - (k > 0 ? tail.cumulative[k - 1]! : 0);
  const scale = coarseLeft > 1e-9 ? Math.max(0, 1 - incidence - kept) / coarseLeft : 0;
  if (scale > 0) {
    const c = tail.cell;
    const { to, children: tailChildren, l: tailL, cut: tailCut, spanBand: tailBand, trendShift: tailTrend } = c;
    for (; k < tail.order.length; k++) {
      const i = tail.order[k]!;
      const w = tail.weights[i]! * scale;
      addTarget(targets, to[i]!, tailChildren[i]!, w, tailL[i]!, tailT[i]!, tailCut[i]!, tailBand?.[i] ?? -1, tailTrend?.[i] ?? 0);
      incidence += w;
    }
  }
  return incidence;
}

/** The cell's steps and their chances (Aalen–Johansen); past its horizon, the coarsest cell's tail when given. */
function tally(cell: ReadOnce, weights = weightsOf(cell), tail?: CoarseTail, toDataEnd = false, inCare = false, heldIsCause = true): Tally {
  const targets: Tally['targets'] = new Map();
  const horizon = tail ? horizonOf(cell, toDataEnd) : Infinity;
  const held = heldToEighteen(cell, heldIsCause ? Infinity : horizon);
  // In care the birthday's share does borrow: the coarsest cell's later care ends stand for when care would
  // have ended, and the generator ends any due after the birthday on it (E8). Kept apart as 'eighteen', the
  // county copy's young people who came into care at 16+ left it before 18 15 times against the log's 42
  // (their ends drawn from every age's lengths, the birthday's share on top), its time in care +14.0%.
  const kept = inCare ? 0 : held;
  // (the loops in functions of their own: a loop in tally was compiled on stack (OSR) before any cell had a tail, and
  // that code, entered on every later call, gave up at the tail's first read each time, 51 times in the bench's fit)
  let incidence = tallyOwn(targets, cell, weights, horizon);
  if (tail && horizon < Infinity) incidence = tallyTail(targets, tail, horizon, incidence, kept);
  const left = Math.max(0, 1 - incidence);
  const eighteen = Math.min(held, left);
  return { children: distinct(cell.children), targets, end: left - eighteen, eighteen };
}

/**
 * Per span end event (`cla_end`), the log shift of each age band at the span's start (span-durations.ts),
 * by band index: the generator adds it to a duration taken from a cell pooling every age (compile.ts
 * ageSpecific), so such a cell's durations have it taken off first, each span its own band's. Without that
 * a reason given at one age only kept that age's lengths and had the shift added again (the drift log, 50,000
 * children: care begun at 16 ended E8 a median 116 days in the log and 72 in the copy).
 */
export type SpanShifts = Map<string, Float64Array>;

export function spanShifts(spans: Model['spanDurations']): SpanShifts {
  const out: SpanShifts = new Map();
  for (const s of spans ?? []) {
    if (!out.has(s.event)) out.set(s.event, new Float64Array(AGE_BANDS.length));
    out.get(s.event)![AGE_BANDS.indexOf(s.age)] = s.logShift;
  }
  return out;
}

/** Steps whose fine cells' durations are tested against the coarsest cell's (see buildTransitionCells). */
const SPAN_END = /^cp_plan_end:/;
/**
 * Steps whose durations may take more knots than 21 where those miss the data: CP plan ends (a gap after the first
 * review), and assessments, counted in working days: a share authorised on the 45th working day is an atom that knots
 * 5% apart spread over the days after it (audit a10p log E: 9.8% of assessments on the 45th, the copy's within 45
 * working days 1.7-2.0 points short with 21 knots).
 */
const MORE_KNOTS = /^(cp_plan_end|assessment_end):/;

/**
 * Days after the anchor each state was entered (`l − t`, at least 0). (A function of its own: a loop in samplesOf was
 * compiled on stack (OSR) and that code, entered on every later call, gave up after the loop each time.)
 */
function enteredOf(l: readonly number[], t: readonly number[]): number[] {
  const entered = new Array<number>(l.length);
  for (let i = 0; i < entered.length; i++) entered[i] = Math.max(0, l[i]! - t[i]!);
  return entered;
}

/**
 * A step's observed durations: from its anchor or the previous event, each span's age-band shift and its
 * year's shift (duration-trends.ts) taken off: the generator adds them back.
 */
function samplesOf(entry: Target, fromPrevious: boolean, shifts?: Float64Array): DurationSamples {
  const days = fromPrevious ? entry.t : entry.l;
  // Counted from the anchor, a step taken from a state entered later was seen only because it lasted that long.
  const entered = fromPrevious ? undefined : enteredOf(entry.l, entry.t);
  // The year's shift is of a span's length: not of days from the previous event, and never of a same-day step (the
  // generator shifts only a duration's days after its same-day share). Taken off days from the previous event, it
  // turned every early-help start's same-day assessment end into 0.02-0.06 days, and the copy's 97% same-day link
  // fell to 20% (audit a10n).
  const trended = !fromPrevious && anyNonZero(entry.trend);
  if (!shifts && !trended) return { days, weights: entry.w, cut: entry.cut, entered };
  return { days: unshifted(days, entry, shifts, trended), weights: entry.w, cut: entry.cut, entered: entered && unshifted(entered, entry, shifts, trended) };
}

function anyNonZero(values: readonly number[]): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) return true;
  return false;
}

/**
 * `days` with each one's span's age-band shift and year's shift taken off (samplesOf). (A loop, not a map with a
 * closure made per call: the arrays map made in V8's optimised code differed from the interpreter's, and
 * durationFromSamples bailed out on them.)
 */
function unshifted(days: readonly number[], entry: Target, shifts: Float64Array | undefined, trended: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < days.length; i++) {
    const d = days[i]!;
    const s = (shifts && entry.band[i]! >= 0 ? shifts[entry.band[i]!]! : 0) + (trended && d > 0 ? entry.trend[i]! : 0);
    out.push(s === 0 ? d : Math.expm1(Math.max(0, Math.log1p(d) - s)));
  }
  return out;
}

/** The duration of step `to` from its samples (a CP plan's or an assessment's end may take more knots than 21: durationFromSamples). */
function duration(s: DurationSamples, children: number, to: string, moreKnots: RegExp) {
  return durationFromSamples(s.days, children, s.weights, s.cut, moreKnots.test(to), s.entered);
}

/** Events of each outcome over every state (`event` → `outcome label` → events and distinct children). */
type PooledOutcomes = Map<string, Map<string, { events: number; children: number }>>;

const eventOf = (label: string): string => label.slice(0, label.indexOf(':'));

function pooledOutcomes(tallies: Iterable<Tally>): PooledOutcomes {
  const out: PooledOutcomes = new Map();
  /** per outcome label: its targets over every state */
  const byLabel = new Map<string, Target[]>();
  let maxChild = -1;
  for (const t of tallies) {
    for (const [to, e] of t.targets) {
      const event = eventOf(to);
      if (!out.has(event)) out.set(event, new Map());
      const byOutcome = out.get(event)!;
      if (!byOutcome.has(to)) (byOutcome.set(to, { events: 0, children: 0 }), byLabel.set(to, []));
      byOutcome.get(to)!.events += e.l.length;
      byLabel.get(to)!.push(e);
      for (const c of e.childList) if (c > maxChild) maxChild = c;
    }
  }
  // Distinct children per label: each child stamped with the label's number when first met (a set per label was costly).
  const stamp = new Int32Array(maxChild + 1);
  let label = 0;
  for (const byOutcome of out.values()) {
    for (const [to, o] of byOutcome) {
      label++;
      for (const e of byLabel.get(to)!) {
        for (const c of e.childList) if (stamp[c] !== label) (stamp[c] = label), o.children++;
      }
    }
  }
  return out;
}

/**
 * The steps of a state's coarsest cell under the small-cell rule. A step of fewer than minCell children
 * would be dropped, and a rare outcome (a conference deciding on no plan in a small council) would vanish
 * from the synthetic data though every state has a few. Instead the state's rare outcomes of an event are
 * pooled (with its next smallest outcomes, until the group describes minCell children): the group keeps
 * the state's chance of that event, split in the shares its outcomes have over all states (each outcome
 * there describing minCell children), and its outcomes too small for their own duration take the group's.
 */
function poolRareOutcomes(
  from: string, state: Tally, pooled: PooledOutcomes, minCell: number, merged: Merged, siblingsOf: (event: string) => Tally[] = () => [],
): Array<[string, Target]> {
  const targets = state.targets;
  const byEvent = new Map<string, Array<[string, Target]>>();
  for (const [to, e] of targets) {
    const event = eventOf(to);
    if (!byEvent.has(event)) byEvent.set(event, []);
    byEvent.get(event)!.push([to, e]);
  }
  const out: Array<[string, Target]> = [];
  for (const [event, steps] of byEvent) {
    const small = steps.filter(([, e]) => e.children < minCell);
    if (small.length === 0) {
      out.push(...steps);
      continue;
    }
    const large = steps.filter(([, e]) => e.children >= minCell).sort((a, b) => a[1].children - b[1].children);
    const group = [...small];
    const members = new Set<number>();
    for (const [, e] of small) for (const c of e.childList) members.add(c);
    while (members.size < minCell && large.length > 0) {
      const [to, e] = large.shift()!;
      group.push([to, e]);
      for (const c of e.childList) members.add(c);
    }
    out.push(...large);
    const shares = pooled.get(event)!;
    const kept = group.filter(([to]) => shares.get(to)!.children >= minCell);
    const all: Target = { children: 0, lastChild: -1, childList: [], childSet: members, weight: 0, l: [], t: [], w: [], cut: [], band: [], trend: [] };
    const addSamples = (e: Target): void => {
      all.l.push(...e.l);
      all.t.push(...e.t);
      all.w.push(...e.w);
      all.cut.push(...e.cut);
      all.band.push(...e.band);
      all.trend.push(...e.trend);
    };
    for (const [, e] of group) (all.weight += e.weight), addSamples(e);
    // The event's chance in the state: its own, or where its own children are too few, pooled with its
    // sibling states' (states.ts SIBLING_LETTERS), weighted by their children, their samples too: the
    // cell then describes the pooled children, at least minCell of them.
    let chance = all.weight;
    let via = 'states';
    if (members.size < minCell && large.length === 0 && kept.length > 0) {
      let weighted = all.weight * state.children;
      let children = state.children;
      for (const sibling of siblingsOf(event)) {
        for (const [to, e] of sibling.targets) {
          if (eventOf(to) !== event) continue;
          weighted += e.weight * sibling.children;
          for (const c of e.childList) members.add(c);
          addSamples(e);
        }
        children += sibling.children;
      }
      chance = weighted / children;
      via = 'states and sibling states';
    }
    if (members.size < minCell || kept.length === 0) {
      for (const [to] of small) merged.push({ cell: `step ${from} -> ${to}`, into: 'dropped' });
      continue;
    }
    all.children = members.size;
    all.childList = [...members];
    const events = kept.reduce((sum, [to]) => sum + shares.get(to)!.events, 0);
    for (const [to, e] of group) {
      if (!kept.some(([k]) => k === to)) {
        merged.push({ cell: `step ${from} -> ${to}`, into: 'dropped' });
        continue;
      }
      const own = e.children >= minCell ? e : all;
      out.push([to, { ...own, children: members.size, weight: (chance * shares.get(to)!.events) / events }]);
      if (e.children < minCell) merged.push({ cell: `step ${from} -> ${to}`, into: `${event} outcomes pooled over ${via}` });
    }
  }
  return out;
}

/**
 * Whether a journey may not end in a state (`event:outcome/letters`): it holds care, an assessment, a CIN
 * plan or a CP plan open (letters l, a, n, p; generate.ts leftOpen), which only a step ends.
 */
/** Whether a state (`event:outcome/letters`) holds care (letter l). */
function inCareState(from: string): boolean {
  const slash = from.lastIndexOf('/');
  return slash >= 0 && from.indexOf('l', slash + 1) > 0;
}

function mayNotEnd(from: string): boolean {
  const slash = from.lastIndexOf('/');
  if (slash < 0) return false;
  for (let k = slash + 1; k < from.length; k++) if ('lanp'.includes(from[k]!)) return true;
  return false;
}

/**
 * The coarsest cells by state, a state too rare for the small-cell rule pooled into its sibling without the
 * letter (states.ts SIBLING_LETTERS) where that one is too rare as well and the two together hold minCell
 * children: the pooled cell is written as the sibling's, and the generator walks the rarer state as it
 * (compile.ts stateIndexOf). A sibling with minCell children of its own keeps its cell; the rarer state
 * walks as it all the same.
 */
function poolSiblingStates(cells: Map<string, Cell>, minCell: number, merged: Merged): Map<string, Cell> {
  const out = new Map(cells);
  for (const [from, cell] of cells) {
    const base = siblingBaseName(from);
    const other = base === null ? undefined : cells.get(base);
    if (other === undefined || !out.has(from) || !out.has(base!)) continue;
    if (distinct(cell.children) >= minCell || distinct(other.children) >= minCell) continue;
    const union = concatCells(other, cell);
    const children = new Set<number>();
    for (let i = 0; i < union.children.length; i++) children.add(union.children[i]!);
    if (children.size < minCell) continue;
    out.set(base!, union);
    out.delete(from);
    merged.push({ cell: `transitions from ${from}`, into: `its sibling state ${base}` });
  }
  return out;
}

/** Two cells' observations as one, ordered by child (distinct counts runs of the same child). */
function concatCells(a: Cell, b: Cell): Cell {
  // Each column read once (a fit's cell gathers a column at each read: fit.ts StoredCell).
  const columns = (c: Cell) => {
    const t = Array.from(c.t);
    const watch = c.watch ? Array.from(c.watch) : t;
    return {
      children: Array.from(c.children), to: c.to, t, l: Array.from(c.l), cut: c.cut, entry: Array.from(c.entry), watch,
      reach: c.reach ? Array.from(c.reach) : watch, spanBand: c.spanBand ? Array.from(c.spanBand) : t.map(() => -1),
      trendShift: c.trendShift ? Array.from(c.trendShift) : t.map(() => 0),
    };
  };
  const both = [columns(a), columns(b)];
  const rows = both.flatMap((c, which) => c.children.map((child, i) => ({ child, which, i })));
  rows.sort((x, y) => x.child - y.child);
  const col = <K extends keyof ReturnType<typeof columns>>(k: K) => rows.map(({ which, i }) => both[which]![k][i]!) as Array<ReturnType<typeof columns>[K][number]>;
  return { children: col('children'), to: col('to'), t: col('t'), l: col('l'), cut: col('cut'), entry: col('entry'), watch: col('watch'), reach: col('reach'), spanBand: col('spanBand'), trendShift: col('trendShift') };
}

/**
 * `borrowTails`: the data is an extract with history before it, whose plain history buckets hold only
 * children first seen years into it (fit.ts), watched for less long than their states: their tails come
 * from the coarsest cells (see TAIL_AT_RISK). Elsewhere a fine cell's late steps are its own (children at
 * higher risk come back sooner, and the coarsest cell would dilute that: a falling-conversion log with
 * child-level risk lost 5 points of its last years' referrals when every log borrowed).
 * A state in care, or with an assessment or a plan open (mayNotEnd), borrows in every log, up to its horizon
 * to the data's end (`reach`): past the last a fine
 * cell saw, "no further event" would be what censoring left, and the generator, which may not leave a child
 * in care, drew those care ends past the longest the data saw (generate.ts pastLongest), so copies' care ran
 * long (county, 50,000 children: a cell of care begun without a plan with one earlier episode said "no
 * further event" 25% of the time, its state 3%). The 18th birthday is no horizon there: it ends care, and
 * borrowing past it gave care begun at 16 the coarsest cell's years (tests/synth/care-tail.test.ts). A plan
 * state's fine cell said "no further event" as care's did (audit a10's log C: 32% for a CP plan of a child
 * with an earlier plan and a closed case), and the copy's plans ran past the longest the data saw: its CP
 * plan median 216 days against the log's 193 (+11.9%), 204 once plan states borrowed too.
 */
export function buildTransitionCells(
  store: Map<string, Cell>, minCell: number, merged: Merged, durationMinChildren = DURATION_MIN_CHILDREN, borrowTails = false,
  spans: Model['spanDurations'] = [],
  /** whether assessments' days are working days (fit.ts FitOptions.calendarDays): their atoms then may take more knots */
  workingDays = true,
): TransitionCell[] {
  const shifts = spanShifts(spans);
  const moreKnots = workingDays ? MORE_KNOTS : SPAN_END;
  const out: TransitionCell[] = [];
  const coarse = new Map<string, Set<string>>();
  /** `from -> to` of the steps whose days count from the previous event (anchors.ts) */
  const fromPrevious = new Set<string>();
  const coarsest = new Map<string, Tally>();
  const tails = new Map<string, CoarseTail>();
  /** a state's pooled state (states.ts ANY_OUTCOME), whose finer cell its own coarsest cell is */
  const pooledOf = new Map<string, string | null>();
  const pooledStateOf = (from: string): string | null => {
    if (!pooledOf.has(from)) pooledOf.set(from, pooledStateName(from));
    return pooledOf.get(from)!;
  };
  // A coarsest cell's step, as every finer cell's durations are tested against it: its samples taken once per
  // shift (with or without: a finer cell pooling every age or not), and so its distribution (durations.ts).
  const wholeSampled = new Map<Target, Map<Float64Array | undefined, DurationSamples>>();
  const wholeSamples = (whole: Target, previous: boolean, shift: Float64Array | undefined): DurationSamples => {
    let byShift = wholeSampled.get(whole);
    if (!byShift) wholeSampled.set(whole, (byShift = new Map()));
    let samples = byShift.get(shift);
    if (!samples) byShift.set(shift, (samples = samplesOf(whole, previous, shift)));
    return samples;
  };
  const coarsestCells = new Map<string, Cell>();
  for (const [key, cell] of store) {
    const [from, age, prev] = key.split('|') as [string, string, string];
    if (age !== '*' || prev !== '*' || pooledStateOf(from) !== null) continue;
    coarsestCells.set(from, cell);
  }
  for (const [from, source] of poolSiblingStates(coarsestCells, minCell, merged)) {
    const cell = new ReadOnce(source);
    const weights = weightsOf(cell);
    coarsest.set(from, tally(cell, weights));
    // (the tails finer cells borrow are as they were: the birthday censors there, as in the finer cells)
    if ((borrowTails || mayNotEnd(from)) && from !== START) tails.set(from, coarseTail(cell, weightsOf(cell, false)));
  }
  const pooled = pooledOutcomes(coarsest.values());
  const siblingsOf = (from: string) => (event: string): Tally[] => siblingStateNames(from, event).flatMap((s) => coarsest.get(s) ?? []);
  // Coarsest cells first (one per state): every step there has its duration; small steps there are
  // pooled with the other outcomes of their event (poolRareOutcomes) or dropped.
  for (const [from, t] of coarsest) {
    if (t.children < minCell) {
      merged.push({ cell: `transitions from ${from}`, into: 'dropped (journeys end there)' });
      continue;
    }
    const next: NextStep[] = [];
    for (const [to, e] of poolRareOutcomes(from, t, pooled, minCell, merged, siblingsOf(from))) {
      const step: NextStep = { to, p: e.weight, children: e.children };
      if (from !== START && previousEventFitsBetter(e.l, e.t, e.w, e.cut)) {
        step.anchor = 'previous';
        fromPrevious.add(`${from} -> ${to}`);
      }
      step.duration = duration(samplesOf(e, step.anchor === 'previous', shifts.get(eventOf(to))), e.children, to, moreKnots);
      next.push(step);
    }
    // No further event: its chance describes the whole cell (it is what the steps leave).
    if (from !== START && t.end > 0) next.push({ to: END, p: t.end, children: t.children });
    if (from !== START && t.eighteen > 0) next.push({ to: EIGHTEEN, p: t.eighteen, children: t.children });
    const total = next.reduce((sum, n) => sum + n.p, 0);
    if (next.length === 0 || total <= 0) {
      merged.push({ cell: `transitions from ${from}`, into: 'dropped (journeys end there)' });
      continue;
    }
    next.forEach((n) => (n.p /= total));
    coarse.set(from, new Set(next.map((n) => n.to)));
    out.push({ from, age: '*', prev: '*', children: t.children, next });
  }
  // Finer cells: by history, by age band (over every history), then by age band and history. Small steps
  // defer to the coarser cell (compile.ts: the age band's first). The age-band level keeps no durations of
  // its own: a finer cell's durations come from its history's cell as before, so only the steps keep age.
  for (const [key, source] of store) {
    const [from, age, prev] = key.split('|') as [string, string, string];
    const parent = pooledStateOf(from);
    if (age === '*' && prev === '*' && parent === null) continue;
    // A pooled state's reasons (states.ts ANY_OUTCOME) keep only the steps the pooled state has.
    const coarsestOf = coarse.has(from) ? from : parent;
    const allowed = coarsestOf === null ? undefined : coarse.get(coarsestOf);
    const name = `transitions from ${from} (age ${age}, history ${prev})`;
    if (!allowed) continue;
    // Pooled over ages the birthday's stays are a cause: censored, their share went to the later steps of
    // children years from 18 (CP plans per referral 0.095, source 0.099). An age's own cells keep it censored:
    // a cause there too, the county copy held 41 young people on a plan past 18 at the end (log 12).
    // A cell of fewer than minCell children is merged whatever its steps: told from its children alone,
    // before its weights and steps are taken (a small council's data has many such cells).
    if (distinct(source.children) < minCell) {
      merged.push({ cell: name, into: age === '*' && prev === '*' ? `${parent}` : age === '*' || prev === '*' ? 'all ages and histories' : `age ${age}, all histories (else all ages, history ${prev})` });
      continue;
    }
    const pooledAges = age === '*';
    const cell = new ReadOnce(source);
    const t = tally(cell, weightsOf(cell, pooledAges), tails.get(coarsestOf!), mayNotEnd(from), inCareState(from), pooledAges);
    const ageOnly = age !== '*' && prev === '*';
    const next: NextStep[] = [];
    let deferred = 0;
    for (const [to, e] of t.targets) {
      if (e.children < minCell || !allowed.has(to)) {
        deferred += e.weight;
        merged.push({ cell: mergedStepName(from, to, age, prev), into: 'the coarser cell' });
      } else {
        const step: NextStep = { to, p: e.weight, children: e.children };
        // A cell of one age band keeps its durations as they are (the generator shifts only those pooling every age).
        // A CP plan's end keeps its own only where it differs from the state's coarsest cell's beyond noise
        // (durationsDiffer). Other steps keep theirs: taken from the coarsest cell, care's and assessments'
        // ends moved the backlog log's first-year referrals 3,882 → 4,213 (its carried children came back sooner).
        if (!ageOnly && e.children >= Math.max(minCell, durationMinChildren)) {
          const previous = fromPrevious.has(`${coarsestOf} -> ${to}`);
          const shift = age === '*' ? shifts.get(eventOf(to)) : undefined;
          const whole = SPAN_END.test(to) ? coarsest.get(coarsestOf!)?.targets.get(to) : undefined;
          const own = samplesOf(e, previous, shift);
          if (whole === undefined || durationsDiffer(own, wholeSamples(whole, previous, shift))) step.duration = duration(own, e.children, to, moreKnots);
        }
        next.push(step);
      }
    }
    if (from !== START && t.end > 0) {
      if (allowed.has(END)) next.push({ to: END, p: t.end, children: t.children });
      else deferred += t.end;
    }
    // (whether or not the coarsest cell has it: there later steps of children years from 18 may leave none)
    if (from !== START && t.eighteen > 0) next.push({ to: EIGHTEEN, p: t.eighteen, children: t.children });
    const total = next.reduce((sum, n) => sum + n.p, 0) + deferred;
    if (next.length === 0 || total <= 0) continue;
    if (deferred > 0) next.push({ to: COARSER, p: deferred, children: 0 });
    next.forEach((n) => (n.p /= total));
    out.push({ from, age: age as TransitionCell['age'], prev: prev as TransitionCell['prev'], children: t.children, next });
  }
  return out;
}

export interface ChildDescription {
  age: string;
  sex: string;
  ethnicityGroup: string;
  ethnicity: string;
  disability: string;
}

const CHILD_LEVELS: ReadonlyArray<ReadonlyArray<keyof ChildCell>> = [
  ['age', 'sex', 'ethnicityGroup', 'disability'],
  ['age', 'sex', 'ethnicityGroup'],
  ['age', 'sex'],
  ['age'],
  [],
];

export function buildChildCells(children: readonly ChildDescription[], minCell: number, merged: Merged): Model['children'] {
  // Each attribute's values numbered in the order first met, so that a child's cell at a level is a number
  // (a key joined from strings per child and level, and maps keyed by them, were a twentieth of the fit).
  const fields: ReadonlyArray<keyof ChildDescription> = ['age', 'sex', 'ethnicityGroup', 'disability', 'ethnicity'];
  const numbered = new Map(fields.map((field) => {
    const ids = new Int32Array(children.length);
    const values: string[] = [];
    const idOf = new Map<string, number>();
    children.forEach((child, i) => {
      let id = idOf.get(child[field]);
      if (id === undefined) idOf.set(child[field], (id = values.length)), values.push(child[field]);
      ids[i] = id;
    });
    return [field, { ids, values }];
  }));
  // Each child sits in the finest joint cell of at least minCell children; smaller cells lose attributes.
  let pending: number[] = children.map((_, i) => i);
  const cells: ChildCell[] = [];
  for (const [level, keep] of CHILD_LEVELS.entries()) {
    const groups = new Map<number, number[]>();
    const columns = keep.map((k) => numbered.get(k as keyof ChildDescription)!);
    for (const i of pending) {
      let key = 0;
      for (let f = 0; f < columns.length; f++) key = key * columns[f]!.values.length + columns[f]!.ids[i]!;
      let members = groups.get(key);
      if (!members) groups.set(key, (members = []));
      members.push(i);
    }
    pending = [];
    for (const members of groups.values()) {
      const sample = children[members[0]!]!;
      const cell: ChildCell = {
        age: keep.includes('age') ? (sample.age as ChildCell['age']) : '*',
        sex: keep.includes('sex') ? (sample.sex as ChildCell['sex']) : '*',
        ethnicityGroup: keep.includes('ethnicityGroup') ? (sample.ethnicityGroup as ChildCell['ethnicityGroup']) : '*',
        disability: keep.includes('disability') ? (sample.disability as ChildCell['disability']) : '*',
        children: members.length,
      };
      if (members.length >= minCell) cells.push(cell);
      else {
        const name = `children ${keep.map((k) => `${k}=${cell[k] || 'blank'}`).join(', ') || 'all'}`;
        merged.push({ cell: name, into: level + 1 < CHILD_LEVELS.length ? `cell without ${keep.at(-1)}` : 'dropped' });
        pending.push(...members);
      }
    }
  }
  const marginal = (field: keyof ChildDescription): CodeShare[] => {
    // (counted by number; the map lists the values in the order first met, as counting by value did)
    const { ids, values } = numbered.get(field)!;
    const tally = new Float64Array(values.length);
    for (let i = 0; i < ids.length; i++) tally[ids[i]!]!++;
    const counts = new Map(values.map((v, id) => [v, tally[id]!]));
    const childSets = new Map([...counts].map(([k, n]) => [k, n]));
    return codeShares(`children ${field}`, counts, childSets, minCell, merged);
  };
  return {
    cells,
    marginals: {
      age: marginal('age').filter((s) => (AGE_BANDS as readonly string[]).includes(s.code)),
      sex: marginal('sex'),
      ethnicityGroup: marginal('ethnicityGroup'),
      ethnicity: marginal('ethnicity'),
      disability: marginal('disability'),
    },
  };
}

/** Shares of codes by events, keeping only codes seen for at least minCell children. */
export function codeShares(
  what: string, events: Map<string, number>, children: Map<string, Set<number> | number>, minCell: number, merged: Merged,
): CodeShare[] {
  const kept: CodeShare[] = [];
  let total = 0;
  for (const [code, n] of events) {
    const c = children.get(code);
    const count = typeof c === 'number' ? c : (c?.size ?? 0);
    if (count < minCell) {
      merged.push({ cell: `${what} ${code || 'blank'}`, into: 'dropped' });
      continue;
    }
    kept.push({ code, share: n, children: count });
    total += n;
  }
  kept.forEach((k) => (k.share /= total));
  return kept.sort((a, b) => b.share - a.share);
}

