// Turns a validated Model into lookup tables for the generator: states numbered by their code, every
// transition cell's steps parsed once with cumulative weights and the duration it uses (its own, else
// the nearest coarser cell's), and each (state, age band, history) resolved once to its finest cell, so
// a step of a journey is a few array reads.
import { AGE_BANDS } from '../core/children.js';
import { ETHNICITY_GROUPS, EVENT_TYPES, SOURCE_CODES, outcomeCode, type EventType } from '../core/events.js';
import type { CodeShare, Duration, Model } from './model.js';
import { HELD_KINDS } from './model.js';
import { compileTrends, type CompiledTrends } from './outcome-trends.js';
import { compileDurationTrends, type CompiledDurationTrends } from './duration-trends.js';
import { compileStepTrends, type CompiledStepTrends } from './step-trends.js';
import { compileReturnClock, type ReturnClock } from './return-trend.js';
import { compileReturnOdds, type CompiledReturnOdds } from './return-odds.js';
import { compileStepWeekdays, type StepWeekdays } from './step-weekdays.js';
import { workingDayFlags } from './working-day-durations.js';
import { cumulativeOf } from './random.js';
import { COARSER, EIGHTEEN, END, HISTORY_BUCKETS, MASKS, START_CODE, labelCode, maskFromLetters, parseMergedStepName, stateCode, parseLabel, parseStateName, plainBucket, pooledStateName, statesPooledInto, SIBLING_MASK } from './states.js';

export interface CompiledStep {
  /** event code, or -1 for END (the journey ends) or -2 for COARSER (only before deferrals are resolved) */
  type: number;
  outcome: string;
  outcomeCode: number;
  /** labelCode(type, outcomeCode) */
  label: number;
  sameDay: number;
  logQuantiles: Float64Array;
  /** the days count from the previous event, not from the step's own anchor */
  fromPrevious: boolean;
  /** the duration comes from a cell of one age band (else from one pooling every age: see spanShift) */
  ageSpecific: boolean;
  /**
   * which of the model's durations (0 .. CompiledModel.durations - 1) this step draws from, -1 for none:
   * steps of cells that share one fitted duration share its stratified draws (generate.ts DurationSequences)
   */
  durationIndex: number;
}

export interface CompiledCell {
  steps: CompiledStep[];
  cumulative: Float64Array;
  parent: CompiledCell | null;
  /** the cell pools every age band (its end reasons are all ages': see spanReasons) */
  allAges: boolean;
}

export interface CompiledChoice {
  codes: string[];
  cumulative: Float64Array;
}

export interface CompiledModel {
  model: Model;
  /** state code → state index */
  stateIndex: Map<number, number>;
  /**
   * state letters (a bit mask, states.ts) the generator leaves out of a journey's state: g (a strategy
   * discussion awaiting its S47) or t (a referral from another council) for a model fitted before the
   * letter existed, or from data that never has it
   */
  dropLetters: number;
  /** [state index * AGES * HISTORIES + age * HISTORIES + history] → finest cell, or null (the journey ends there) */
  cells: (CompiledCell | null)[];
  startCells: (CompiledCell | null)[];
  childCells: { age: string; sex: string; ethnicityGroup: string; disability: string }[];
  childCumulative: Float64Array;
  marginals: Record<'age' | 'sex' | 'ethnicityGroup' | 'disability', CompiledChoice>;
  /** ethnicity codes by group name ('' = blank) */
  ethnicityByGroup: Map<string, CompiledChoice>;
  contactSources: CompiledChoice;
  referralSources: CompiledChoice;
  /** sources of a contact and the referral it asked for (model.sources.contactReferral), null for a model without them */
  contactReferralSources: CompiledChoice | null;
  /** outcome shares' change over the years (synth/outcome-trends.ts), or null */
  trends: CompiledTrends | null;
  /** how much sooner children come back each year (synth/return-trend.ts), or null */
  returnClock: ReturnClock | null;
  /** the odds of a return within a month or a year by the quarter an idle state began (synth/return-odds.ts), or null */
  returnOdds: CompiledReturnOdds | null;
  /** span ends' log shift by the year they began (synth/duration-trends.ts), or null */
  durationTrends: CompiledDurationTrends | null;
  /** next steps' factors by the year their state began (synth/step-trends.ts), or null */
  stepTrends: CompiledStepTrends | null;
  /**
   * [event code][age band at the span's start] → log shift of a care or CP plan end's duration when it comes
   * from a cell pooling every age (synth/span-durations.ts); null when the model has none.
   */
  spanShift: (Float64Array | null)[] | null;
  /**
   * [event code][age band at the span's start] → outcome code → factor on a span end's reason drawn in a cell
   * pooling every age (the band's share over all ages'); null when the model has none.
   */
  spanReasons: (Map<number, number> | undefined)[][] | null;
  /** model.children.ageWithin by band (a band absent: uniform within it) */
  ageWithin: Map<string, readonly number[]>;
  /** model.closedAtEighteen, 1 when absent */
  closedAtEighteen: number;
  /** model.assessmentOpenAtEighteen, 0 when absent */
  assessmentOpenAtEighteen: number;
  /** [event type] → each weekday's chance a step landing on it is kept (model.stepWeekdays, step-weekdays.ts); null when the model has none */
  stepWeekdays: (StepWeekdays | null)[] | null;
  /** [event type] → 1 where the step's days from its anchor are working days (model.workingDaySteps); null when none */
  workingDays: Uint8Array | null;
  /** model.heldPastEighteen, 0 when absent */
  heldPastEighteen: number;
  /** model.heldPastEighteenByKind in HELD_KINDS' order, each heldPastEighteen where absent */
  heldPastEighteenByKind: number[];
  /** model.openPastEighteen, false when absent */
  openPastEighteen: boolean;
  /** model.closedAtEighteenReason, RC7 when absent */
  closedAtEighteenReason: string;
  /** how many distinct fitted durations the steps draw from (CompiledStep.durationIndex) */
  durations: number;
}

export const AGES = AGE_BANDS.length;
export const HISTORIES = HISTORY_BUCKETS.length;
const STEP_END = -1;
const STEP_COARSER = -2;

function choice(shares: readonly CodeShare[], what: string): CompiledChoice {
  if (shares.length === 0) return { codes: [''], cumulative: Float64Array.of(1) };
  if (shares.some((s) => !(s.share >= 0))) throw new RangeError(`negative share in ${what}`);
  return { codes: shares.map((s) => s.code), cumulative: cumulativeOf(shares.map((s) => s.share)) };
}

/**
 * Candidate (age, history) cells from finest to coarsest; a plan, care or seen-early bucket (`2cp`, `1cl`, `0a`) falls
 * back to its plain one (`2`). A cell too small to keep falls back to its age band over every history
 * (`16_plus|*`) before all ages (a plan or care bucket first to its own history over all ages: an earlier
 * CP plan is the history the default model relies on, having left care the one a return into care
 * follows): pooled over ages, a state's chance of coming into care at 16 or of an adoption was every age's.
 */
function fallbacks(age: string, prev: string): Array<[string, string]> {
  const plain = plainBucket(prev);
  if (plain === prev) return [[age, prev], [age, '*'], ['*', prev], ['*', '*']];
  if (prev.endsWith('cp')) return [[age, prev], ['*', prev], [age, plain], [age, '*'], ['*', plain], ['*', '*']];
  // A care leaver with an earlier plan (states.ts PLAN_CARE_BUCKETS): its pooled bucket (the fit pools 2cpcl
  // and 3+cpcl into 1cpcl), then its plan bucket's chain.
  if (prev.endsWith('cpcl')) return [[age, prev], ['*', prev], ...(prev === '1cpcl' ? [] : [[age, '1cpcl'], ['*', '1cpcl']] as Array<[string, string]>), ...fallbacks(age, `${plain}cp`)];
  // A care bucket of two earlier episodes or more: the fit pools it into 1cl (states.ts fittedBucket).
  if (prev.endsWith('cl')) return [[age, prev], ['*', prev], ...(plain === '0' || plain === '1' ? [] : [[age, '1cl'], ['*', '1cl']] as Array<[string, string]>), [age, plain], [age, '*'], ['*', plain], ['*', '*']];
  return [[age, prev], [age, plain], [age, '*'], ['*', prev], ['*', plain], ['*', '*']];
}

/**
 * Keys (`state|age|history`) of the cells a state's cell in (age, history) falls back through, itself
 * first: its own state's (fallbacks), then, for a state pooled over its last event's outcome (states.ts
 * ANY_OUTCOME: a period of care's reason), the pooled state's.
 */
function cellChain(state: string, age: string, prev: string): string[] {
  const own = fallbacks(age, prev);
  const keys = own.map(([a, p]) => `${state}|${a}|${p}`);
  const pooled = pooledStateName(state);
  if (pooled !== null) keys.push(...own.map(([a, p]) => `${pooled}|${a}|${p}`));
  return keys.filter((k, i) => keys.indexOf(k) === i);
}

/**
 * The steps each fine cell (`state|age|history`) merged into its coarser cell (one `merged` entry per step,
 * states.ts mergedStepName): their labels, and their event types (the coarser cell
 * may hold a rare outcome only pooled with its event's others).
 */
function mergedStepsByCell(merged: Model['merged']): Map<string, { labels: Set<number>; steps: Array<{ label: number | null; type: number }> }> {
  const out = new Map<string, { labels: Set<number>; steps: Array<{ label: number | null; type: number }> }>();
  for (const { cell } of merged) {
    const step = parseMergedStepName(cell);
    if (!step) continue;
    const { from, to, age, prev } = step;
    const type = EVENT_TYPES.indexOf(to.split(':')[0] as EventType);
    if (type < 0) continue;
    const key = `${from}|${age}|${prev}`;
    const entry = out.get(key) ?? { labels: new Set<number>(), steps: [] };
    let label: number | null = null;
    try {
      label = labelCode(type, parseLabel(to).outcomeCode);
      entry.labels.add(label);
    } catch {
      // (an outcome the model does not know: its event alone)
    }
    entry.steps.push({ label, type });
    out.set(key, entry);
  }
  return out;
}

/**
 * E[n | 1 <= n <= minCell - 1] for n ~ Poisson(lambda): how many children a step the coarser cell expects
 * `lambda` of in a cell is seen by there, given that the cell merged it (seen, but by fewer than minCell).
 */
export function mergedMean(lambda: number, minCell: number): number {
  if (!(lambda > 0)) return 1;
  // P(n = k) for k = 0 … minCell - 1, by the recurrence (no factorials).
  let term = Math.exp(-lambda);
  let upToLast = 0;
  let fromOne = 0;
  for (let k = 0; k <= minCell - 1; k++) {
    if (k <= minCell - 2) upToLast += term;
    if (k >= 1) fromOne += term;
    term *= lambda / (k + 1);
  }
  // Σ_{k=1}^{m-1} k P(k) = λ Σ_{j=0}^{m-2} P(j); a λ so large that both underflow: the cap.
  return fromOne > 0 ? (lambda * upToLast) / fromOne : minCell - 1;
}

export function isEndStep(step: CompiledStep): boolean {
  return step.type === STEP_END;
}

export function compileModel(model: Model): CompiledModel {
  const stateIndex = new Map<number, number>();
  const byKey = new Map<string, CompiledCell>();
  const durationOf = new Map<string, Duration>();
  const previousAnchored = new Set<string>();
  const given = new Map<CompiledCell, number[]>();
  const durationIndex = new Map<Duration, number>();
  /** a cell's age band (index), -1 for a cell pooling every age */
  const bandOf = new Map<CompiledCell, number>();
  /** each cell's key, `state|age|history` */
  const keyOf = new Map<CompiledCell, string>();
  /** each cell's children (model `children`) */
  const childrenOf = new Map<CompiledCell, number>();
  const spanReasons = compileSpanReasons(model.spanDurations);
  for (const cell of model.transitions) {
    const code = parseStateName(cell.from);
    if (!stateIndex.has(code)) stateIndex.set(code, stateIndex.size);
    const steps = cell.next.map((n): CompiledStep => {
      if (n.to === END || n.to === EIGHTEEN || n.to === COARSER) {
        // (the birthday's share is drawn as "no further event" is; its own label keeps it apart when a finer cell defers)
        return { type: n.to === COARSER ? STEP_COARSER : STEP_END, outcome: '', outcomeCode: 0, label: n.to === EIGHTEEN ? -3 : -1, sameDay: 0, logQuantiles: new Float64Array(0), fromPrevious: false, ageSpecific: false, durationIndex: -1 };
      }
      const { type, outcome, outcomeCode } = parseLabel(n.to);
      if (n.duration) durationOf.set(`${cell.from}|${cell.age}|${cell.prev}|${n.to}`, n.duration);
      if (n.anchor === 'previous') previousAnchored.add(`${cell.from}|${n.to}`);
      return { type, outcome, outcomeCode, label: labelCode(type, outcomeCode), sameDay: 0, logQuantiles: new Float64Array(0), fromPrevious: false, ageSpecific: false, durationIndex: -1 };
    });
    const key = `${cell.from}|${cell.age}|${cell.prev}`;
    if (byKey.has(key)) throw new RangeError(`transition cell ${key} appears twice`);
    const compiled: CompiledCell = { steps, cumulative: cumulativeOf(cell.next.map((n) => n.p)), parent: null, allAges: cell.age === '*' };
    byKey.set(key, compiled);
    keyOf.set(compiled, key);
    childrenOf.set(compiled, cell.children);
    given.set(compiled, cell.next.map((n) => n.p));
    bandOf.set(compiled, AGE_BANDS.indexOf(cell.age as (typeof AGE_BANDS)[number]));
  }
  // Parents (the next coarser cell that exists), and each step's duration: its own, else the nearest coarser one's.
  for (const cell of model.transitions) {
    const key = `${cell.from}|${cell.age}|${cell.prev}`;
    const compiled = byKey.get(key)!;
    const chain = cellChain(cell.from, cell.age, cell.prev).slice(1);
    compiled.parent = chain.map((k) => byKey.get(k)).find((c) => c !== undefined) ?? null;
    if (!compiled.parent && compiled.steps.some((s) => s.type === STEP_COARSER)) throw new RangeError(`transition cell ${key} defers to a coarser cell but none exists`);
    const anchorState = pooledStateName(cell.from) ?? cell.from;
    cell.next.forEach((n, i) => {
      const step = compiled.steps[i]!;
      if (step.type < 0) return;
      const source = [key, ...chain].find((k) => durationOf.has(`${k}|${n.to}`));
      const found = source ? durationOf.get(`${source}|${n.to}`) : undefined;
      step.ageSpecific = source !== undefined && source.split('|')[1] !== '*';
      if (!found && cell.from !== 'start') throw new RangeError(`step "${n.to}" from state "${cell.from}" has no duration`);
      step.sameDay = found?.sameDay ?? 1;
      step.logQuantiles = Float64Array.from(found?.logQuantiles ?? []);
      if (found) {
        if (!durationIndex.has(found)) durationIndex.set(found, durationIndex.size);
        step.durationIndex = durationIndex.get(found)!;
      }
      step.fromPrevious = previousAnchored.has(`${cell.from}|${n.to}`) || previousAnchored.has(`${anchorState}|${n.to}`);
    });
  }

  // A deferred share goes to the coarser cell's steps that this cell does not list itself (those were
  // too rare here to be kept), in the coarser cell's proportions: coarse cells first, then finer ones.
  // Only to the steps the model names as merged from this cell (`merged`: "step FROM -> TO (age A, history
  // H)"), or of their event when the coarser cell pooled their outcome, where it names any: spread over every
  // step the cell lacks, a 5-9-year-old's share of care begun on a CP plan went a third to the 18th
  // birthday's stays, which no child of that age has (trips-growth log: care begun on a plan 96, copies 62).
  const mergedSteps = mergedStepsByCell(model.merged);
  const resolved = new Set<CompiledCell>();
  const resolve = (cell: CompiledCell): void => {
    if (resolved.has(cell)) return;
    resolved.add(cell);
    const weights = given.get(cell)!;
    const deferred = cell.steps.reduce((sum, s, i) => sum + (s.type === STEP_COARSER ? weights[i]! : 0), 0);
    if (deferred === 0 || !cell.parent) return;
    resolve(cell.parent);
    const own = cell.steps.filter((s) => s.type !== STEP_COARSER);
    const ownWeights = cell.steps.flatMap((s, i) => (s.type === STEP_COARSER ? [] : [weights[i]!]));
    const listed = new Set(own.map((s) => s.label));
    const parentSteps = cell.parent.steps;
    const parentWeights = parentSteps.map((_, i) => cell.parent!.cumulative[i]! - (i > 0 ? cell.parent!.cumulative[i - 1]! : 0));
    let rest = parentSteps.map((s, i) => (listed.has(s.label) ? 0 : parentWeights[i]!));
    const named = mergedSteps.get(keyOf.get(cell)!);
    let byNamed = false;
    if (named) {
      // A named step the coarser cell lacks by its own label (its outcome pooled there) counts by its event.
      const parentLabels = new Set(parentSteps.map((s) => s.label));
      const pooledTypes = new Set(named.steps.filter((n) => n.label === null || !parentLabels.has(n.label)).map((n) => n.type));
      const onlyNamed = rest.map((w, i) => (named.labels.has(parentSteps[i]!.label) || pooledTypes.has(parentSteps[i]!.type) ? w : 0));
      byNamed = onlyNamed.some((w) => w > 0);
      if (byNamed) rest = onlyNamed;
    }
    if (spanReasons && bandOf.get(cell)! >= 0 && cell.parent.allAges) inBandMix(parentSteps, rest, spanReasons, bandOf.get(cell)!);
    if (byNamed) {
      // Each merged step in proportion to the children the coarser cell expects of it in this cell given that
      // it was merged, seen by 1 to minCell - 1 of them: a step merged because it was rare here and one merged
      // because it fell short of minCell by chance are not in the coarser cell's proportions.
      const parentTotal = parentWeights.reduce((a, b) => a + b, 0);
      const children = childrenOf.get(cell)!;
      rest = rest.map((w) => (w > 0 ? mergedMean((children * w) / parentTotal, model.minCell) : 0));
    }
    const restTotal = rest.reduce((a, b) => a + b, 0);
    const steps = [...own];
    const out = [...ownWeights];
    if (restTotal > 0) {
      parentSteps.forEach((s, i) => {
        if (rest[i]! > 0) {
          steps.push(s);
          out.push((deferred * rest[i]!) / restTotal);
        }
      });
    }
    cell.steps = steps;
    cell.cumulative = cumulativeOf(out);
  };
  for (const cell of byKey.values()) resolve(cell);

  const stateCodes = [...stateIndex.keys()];
  const cells: (CompiledCell | null)[] = new Array(stateCodes.length * AGES * HISTORIES).fill(null);
  const nameOf = new Map(model.transitions.map((t) => [parseStateName(t.from), t.from]));
  stateCodes.forEach((code, s) => {
    const name = nameOf.get(code)!;
    AGE_BANDS.forEach((age, a) => {
      HISTORY_BUCKETS.forEach((prev, p) => {
        for (const k of cellChain(name, age, prev)) {
          const cell = byKey.get(k);
          if (cell) {
            cells[s * AGES * HISTORIES + a * HISTORIES + p] = cell;
            break;
          }
        }
      });
    });
  });
  // A state the model lacks (too few children) whose last event is pooled over its outcomes takes the
  // pooled state's cells (states.ts ANY_OUTCOME): without it the journey ended there.
  for (const [code, s] of [...stateIndex]) for (const alias of statesPooledInto(code)) if (!stateIndex.has(alias)) stateIndex.set(alias, s);
  const start = stateIndex.get(START_CODE);
  if (start === undefined) throw new RangeError('model has no transition cell from "start"');
  const startCells = cells.slice(start * AGES * HISTORIES, (start + 1) * AGES * HISTORIES);

  const ethnicityByGroup = new Map<string, CodeShare[]>();
  for (const e of model.children.marginals.ethnicity) {
    const group = e.code === '' ? '' : ETHNICITY_GROUPS[e.code];
    if (group === undefined) throw new RangeError(`unknown ethnicity code "${e.code}" in children.marginals.ethnicity`);
    if (!ethnicityByGroup.has(group)) ethnicityByGroup.set(group, []);
    ethnicityByGroup.get(group)!.push(e);
  }
  for (const s of [...model.sources.contact, ...model.sources.referral, ...(model.sources.contactReferral ?? [])]) {
    if (s.code !== '' && !(SOURCE_CODES as readonly string[]).includes(s.code)) throw new RangeError(`unknown source code "${s.code}" in sources`);
  }

  let letters = 0;
  for (const code of stateIndex.keys()) if (code !== START_CODE) letters |= code % (1 << MASKS);
  let dropLetters = 0;
  for (const letter of 'gt') if ((letters & maskFromLetters(letter)) === 0) dropLetters |= maskFromLetters(letter);
  return {
    model,
    stateIndex,
    dropLetters,
    cells,
    startCells,
    childCells: model.children.cells,
    childCumulative: cumulativeOf(model.children.cells.map((c) => c.children)),
    marginals: {
      age: choice(model.children.marginals.age, 'children.marginals.age'),
      sex: choice(model.children.marginals.sex, 'children.marginals.sex'),
      ethnicityGroup: choice(model.children.marginals.ethnicityGroup, 'children.marginals.ethnicityGroup'),
      disability: choice(model.children.marginals.disability, 'children.marginals.disability'),
    },
    ethnicityByGroup: new Map([...ethnicityByGroup].map(([g, list]) => [g, choice(list, `ethnicity of group ${g}`)])),
    contactSources: choice(model.sources.contact, 'sources.contact'),
    referralSources: choice(model.sources.referral, 'sources.referral'),
    contactReferralSources: model.sources.contactReferral?.length ? choice(model.sources.contactReferral, 'sources.contactReferral') : null,
    trends: compileTrends(model.outcomeTrends),
    returnClock: compileReturnClock(model.returnTrend),
    returnOdds: compileReturnOdds(model.returnOdds),
    durationTrends: compileDurationTrends(model.durationTrends),
    stepTrends: compileStepTrends(model.stepTrends),
    spanShift: compileSpanShift(model.spanDurations),
    spanReasons,
    ageWithin: new Map((model.children.ageWithin ?? []).map((a) => [a.age as string, a.quantiles])),
    closedAtEighteen: model.closedAtEighteen ?? 1,
    assessmentOpenAtEighteen: model.assessmentOpenAtEighteen ?? 0,
    heldPastEighteen: model.heldPastEighteen ?? 0,
    heldPastEighteenByKind: HELD_KINDS.map((kind) => model.heldPastEighteenByKind?.[kind] ?? model.heldPastEighteen ?? 0),
    stepWeekdays: compileStepWeekdays(model.stepWeekdays, model.stepBankHolidays),
    workingDays: workingDayFlags(model.workingDaySteps),
    // (careOpenPastEighteen: the field's name in models written before it covered plans too)
    openPastEighteen: model.openPastEighteen === true || model.careOpenPastEighteen === true,
    closedAtEighteenReason: model.closedAtEighteenReason ?? 'RC7',
    durations: durationIndex.size,
  };
}

function compileSpanShift(spans: Model['spanDurations']): (Float64Array | null)[] | null {
  if (!spans || spans.length === 0) return null;
  // null for an event with no shift: the generator then looks up no age band for its ends
  const out: (Float64Array | null)[] = EVENT_TYPES.map(() => null);
  for (const s of spans) (out[EVENT_TYPES.indexOf(s.event)] ??= new Float64Array(AGES))[AGE_BANDS.indexOf(s.age)] = s.logShift;
  return out;
}

/**
 * A fine cell's share deferred to a cell pooling every age, among a span end's reasons (`weights` of
 * `steps`, in place): in the band's mix (spanReasons), the reasons' total kept. A 16-year-old's cell for
 * care with few children of its own listed one reason and deferred 75% to all ages' cell, whose adoptions
 * and residence orders then ended its care (drift log, 30,000 children).
 */
function inBandMix(steps: readonly CompiledStep[], weights: number[], spanReasons: (Map<number, number> | undefined)[][], band: number): void {
  const byType = new Map<number, { before: number; after: number }>();
  steps.forEach((s, i) => {
    const factors = spanReasons[s.type]?.[band];
    if (!factors || !(weights[i]! > 0)) return;
    const sums = byType.get(s.type) ?? { before: 0, after: 0 };
    sums.before += weights[i]!;
    sums.after += weights[i]! * (factors.get(s.outcomeCode) ?? 1);
    byType.set(s.type, sums);
  });
  steps.forEach((s, i) => {
    const sums = byType.get(s.type);
    if (!sums || !(sums.after > 0) || !(weights[i]! > 0)) return;
    weights[i] = (weights[i]! * (spanReasons[s.type]![band]!.get(s.outcomeCode) ?? 1) * sums.before) / sums.after;
  });
}

function compileSpanReasons(spans: Model['spanDurations']): (Map<number, number> | undefined)[][] | null {
  if (!spans?.some((s) => s.reasons)) return null;
  const out: (Map<number, number> | undefined)[][] = EVENT_TYPES.map(() => new Array(AGES).fill(undefined));
  for (const s of spans) {
    if (s.reasons) out[EVENT_TYPES.indexOf(s.event)]![AGE_BANDS.indexOf(s.age)] = new Map(s.reasons.map((r) => [outcomeCode(r.outcome), r.factor]));
  }
  return out;
}

const FROM_ANOTHER_COUNCIL = maskFromLetters('t');

/**
 * The index of the state of last step `label` and letters `mask` (states.ts) in a compiled model, or
 * undefined when it has none: letters the model never has are left out, and a state with t (a referral
 * from another council) that the model lacks, its small cells dropped, is the same state without t.
 */
export function stateIndexOf(compiled: CompiledModel, label: number, mask: number): number | undefined {
  const kept = mask & ~compiled.dropLetters;
  const index = compiled.stateIndex.get(stateCode(label, kept));
  if (index !== undefined) return index;
  const withoutT = (kept & FROM_ANOTHER_COUNCIL) === 0 ? undefined : compiled.stateIndex.get(stateCode(label, kept & ~FROM_ANOTHER_COUNCIL));
  // A state too rare for the small-cell rule that the fit pooled into its sibling (states.ts SIBLING_LETTERS) walks as it.
  if (withoutT !== undefined || (kept & SIBLING_MASK) === 0) return withoutT;
  return compiled.stateIndex.get(stateCode(label, kept & ~SIBLING_MASK));
}
