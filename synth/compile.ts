// Turns a validated Model into lookup tables for the generator: states numbered, every transition
// cell's cumulative weights and target states precomputed, and each (state, age band, previous
// episodes) resolved once to its finest cell, so a step of a journey is a few array reads.
import { AGE_BANDS } from '../core/children.js';
import { ETHNICITY_GROUPS, EVENT_TYPES, OUTCOMES_BY_EVENT, SOURCE_CODES } from '../core/events.js';
import type { CodeShare, Duration, Model } from './model.js';
import { cumulativeOf } from './random.js';
import { COARSER, END, HISTORY_BUCKETS, START, applyEvent, parseState, parseStep, plainBucket, stateKey } from './states.js';

export const TARGET_END = -1;
export const TARGET_COARSER = -2;

export interface CompiledStep {
  /** state index, TARGET_END or TARGET_COARSER */
  target: number;
  type: number;
  outcome: string;
  sameDay: number;
  logQuantiles: Float64Array;
}

export interface CompiledCell {
  /** after compilation: concrete steps only (a deferral to the coarser cell is resolved into them) */
  steps: CompiledStep[];
  cumulative: Float64Array;
  parent: CompiledCell | null;
  /** the probabilities as given, before resolving deferrals */
  given: number[];
}

export interface CompiledReturn {
  probability: number;
  sameDay: number;
  logQuantiles: Float64Array;
}

export interface CompiledChoice {
  codes: string[];
  cumulative: Float64Array;
}

export interface CompiledModel {
  model: Model;
  stateKeys: string[];
  startState: number;
  /** [state * AGES * PREVS + age * PREVS + prev] → finest cell, or null (the trip ends there) */
  cells: (CompiledCell | null)[];
  /** [age * PREVS + prev] */
  returns: (CompiledReturn | null)[];
  childCells: { age: string; sex: string; ethnicityGroup: string; disability: string }[];
  childCumulative: Float64Array;
  marginals: Record<'age' | 'sex' | 'ethnicityGroup' | 'disability', CompiledChoice>;
  /** ethnicity codes by group name ('' = blank) */
  ethnicityByGroup: Map<string, CompiledChoice>;
  contactSources: CompiledChoice;
  referralSources: CompiledChoice;
}

export const AGES = AGE_BANDS.length;
/** History buckets (HISTORY_BUCKETS: previous episodes, and a CP plan in an earlier trip). */
export const PREVS = HISTORY_BUCKETS.length;

function choice(shares: readonly CodeShare[], what: string): CompiledChoice {
  if (shares.length === 0) return { codes: [''], cumulative: Float64Array.of(1) };
  if (shares.some((s) => !(s.share >= 0))) throw new RangeError(`negative share in ${what}`);
  return { codes: shares.map((s) => s.code), cumulative: cumulativeOf(shares.map((s) => s.share)) };
}

/** Candidate (age, prev) cells from finest to coarsest; a plan bucket (`2cp`) falls back to its plain one (`2`). */
function fallbacks(age: string, prev: string): Array<[string, string]> {
  const plain = plainBucket(prev);
  const withPlan: Array<[string, string]> = plain === prev ? [] : [[age, prev], ['*', prev]];
  return [...withPlan, [age, plain], ['*', plain], [age, '*'], ['*', '*']];
}

function checkStep(label: string, from: string): { type: number; outcome: string } {
  const step = parseStep(label);
  const allowed = OUTCOMES_BY_EVENT[EVENT_TYPES[step.type]!];
  if (step.outcome !== '' && !allowed.includes(step.outcome)) {
    throw new RangeError(`step "${label}" from state "${from}": outcome "${step.outcome}" is not a ${EVENT_TYPES[step.type]} outcome`);
  }
  return step;
}

export function compileModel(model: Model): CompiledModel {
  const stateIndex = new Map<string, number>();
  const stateKeys: string[] = [];
  const stateOf = (key: string): number => {
    let s = stateIndex.get(key);
    if (s === undefined) {
      stateIndex.set(key, (s = stateKeys.length));
      stateKeys.push(key);
    }
    return s;
  };
  const startState = stateOf(START);

  // Durations live in the coarsest cell of each state; finer cells only reweight the steps.
  const coarseDurations = new Map<string, Duration>();
  for (const cell of model.transitions) {
    if (cell.age !== '*' || cell.prev !== '*') continue;
    for (const n of cell.next) if (n.duration) coarseDurations.set(`${cell.from} -> ${n.to}`, n.duration);
  }
  const byKey = new Map<string, CompiledCell>();
  for (const cell of model.transitions) {
    const { mask } = parseState(cell.from);
    const steps: CompiledStep[] = cell.next.map((n) => {
      if (n.to === END || n.to === COARSER) {
        return { target: n.to === END ? TARGET_END : TARGET_COARSER, type: -1, outcome: '', sameDay: 0, logQuantiles: new Float64Array(0) };
      }
      const { type, outcome } = checkStep(n.to, cell.from);
      const after = applyEvent(mask, type);
      if (after < 0) throw new RangeError(`step "${n.to}" from state "${cell.from}" ends a span that is not open`);
      const duration: Duration | undefined = n.duration ?? coarseDurations.get(`${cell.from} -> ${n.to}`);
      if (!duration && cell.from !== START) throw new RangeError(`step "${n.to}" from state "${cell.from}" has no duration`);
      return {
        target: stateOf(stateKey(type, outcome, after)),
        type,
        outcome,
        sameDay: duration?.sameDay ?? 1,
        logQuantiles: Float64Array.from(duration?.logQuantiles ?? []),
      };
    });
    const key = `${cell.from}|${cell.age}|${cell.prev}`;
    if (byKey.has(key)) throw new RangeError(`transition cell ${key} appears twice`);
    byKey.set(key, { steps, cumulative: cumulativeOf(cell.next.map((n) => n.p)), parent: null, given: cell.next.map((n) => n.p) });
    stateOf(cell.from);
  }
  // Parents: the next coarser cell that exists.
  for (const [key, cell] of byKey) {
    const [from, age, prev] = key.split('|') as [string, string, string];
    const chain = fallbacks(age, prev).filter(([a, p]) => a !== age || p !== prev);
    for (const [a, p] of chain) {
      const parent = byKey.get(`${from}|${a}|${p}`);
      if (parent) {
        cell.parent = parent;
        break;
      }
    }
    if (!cell.parent && cell.steps.some((s) => s.target === TARGET_COARSER)) {
      throw new RangeError(`transition cell ${key} defers to a coarser cell but none exists`);
    }
  }

  // A deferred share goes to the coarser cell's steps that this cell does not list itself (those were
  // too rare here to be kept), in the coarser cell's proportions: coarse cells first, then finer ones.
  const resolved = new Set<CompiledCell>();
  const resolve = (cell: CompiledCell): void => {
    if (resolved.has(cell)) return;
    resolved.add(cell);
    const deferred = cell.steps.reduce((sum, s, i) => sum + (s.target === TARGET_COARSER ? cell.given[i]! : 0), 0);
    if (deferred === 0 || !cell.parent) return;
    resolve(cell.parent);
    const own = cell.steps.filter((s) => s.target !== TARGET_COARSER);
    const ownWeights = own.map((s) => cell.given[cell.steps.indexOf(s)]!);
    const listed = new Set(own.map((s) => `${s.target}|${s.type}|${s.outcome}`));
    const parentSteps = cell.parent.steps;
    const parentWeights = parentSteps.map((_, i) => cell.parent!.cumulative[i]! - (i > 0 ? cell.parent!.cumulative[i - 1]! : 0));
    const rest = parentSteps.map((s, i) => (listed.has(`${s.target}|${s.type}|${s.outcome}`) ? 0 : parentWeights[i]!));
    const restTotal = rest.reduce((a, b) => a + b, 0);
    const steps = [...own];
    const weights = [...ownWeights];
    if (restTotal > 0) {
      parentSteps.forEach((s, i) => {
        if (rest[i]! > 0) {
          steps.push(s);
          weights.push((deferred * rest[i]!) / restTotal);
        }
      });
    }
    cell.steps = steps;
    cell.cumulative = cumulativeOf(weights);
  };
  for (const cell of byKey.values()) resolve(cell);

  const cells: (CompiledCell | null)[] = new Array(stateKeys.length * AGES * PREVS).fill(null);
  stateKeys.forEach((key, s) => {
    AGE_BANDS.forEach((age, a) => {
      HISTORY_BUCKETS.forEach((prev, p) => {
        for (const [fa, fp] of fallbacks(age, prev)) {
          const cell = byKey.get(`${key}|${fa}|${fp}`);
          if (cell) {
            cells[s * AGES * PREVS + a * PREVS + p] = cell;
            break;
          }
        }
      });
    });
  });
  if (!cells[startState * AGES * PREVS]) throw new RangeError('model has no transition cell from "start"');

  const returnByKey = new Map(model.returns.map((r) => [`${r.age}|${r.prev}`, r]));
  const returns: (CompiledReturn | null)[] = [];
  AGE_BANDS.forEach((age) => {
    HISTORY_BUCKETS.forEach((prev) => {
      const found = fallbacks(age, prev).map(([a, p]) => returnByKey.get(`${a}|${p}`)).find((r) => r);
      returns.push(found ? { probability: found.probability, sameDay: found.gap.sameDay, logQuantiles: Float64Array.from(found.gap.logQuantiles) } : null);
    });
  });

  const ethnicityByGroup = new Map<string, CodeShare[]>();
  for (const e of model.children.marginals.ethnicity) {
    const group = e.code === '' ? '' : ETHNICITY_GROUPS[e.code];
    if (group === undefined) throw new RangeError(`unknown ethnicity code "${e.code}" in children.marginals.ethnicity`);
    if (!ethnicityByGroup.has(group)) ethnicityByGroup.set(group, []);
    ethnicityByGroup.get(group)!.push(e);
  }
  for (const s of [...model.sources.contact, ...model.sources.referral]) {
    if (s.code !== '' && !(SOURCE_CODES as readonly string[]).includes(s.code)) throw new RangeError(`unknown source code "${s.code}" in sources`);
  }

  return {
    model,
    stateKeys,
    startState,
    cells,
    returns,
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
  };
}
