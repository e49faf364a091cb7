// Generates synthetic children from a model: each child gets attributes drawn from the joint cells,
// a first-arrival date from the arrival curve, then trips walked along the journey chain, with a
// return after each trip drawn from the returns model (by previous episodes, and whether an earlier trip
// had a CP plan). An optional burn-in lets children arrive before the period so that it opens with
// history. Deterministic per seed; ids are `SYN-` + random.
import { NO_DATE } from '../core/children.js';
import { addMonths, civilFromDay, formatDay, weekday } from '../core/dates.js';
import { EV } from '../core/events.js';
import { AGES, PREVS, TARGET_END, compileModel, type CompiledChoice, type CompiledModel } from './compile.js';
import { drawDays } from './durations.js';
import type { Model } from './model.js';
import { createRandom, cumulativeOf, pickCumulative, type Random } from './random.js';
import { historyBucketIndex } from './states.js';

export interface GenerateOptions {
  /** children written: each has at least one event in [from, to] */
  children: number;
  /** first day number of the period (events before it are not written) */
  from: number;
  /** last day number of the period (events after it are not written) */
  to: number;
  seed: number;
  /**
   * Day children start arriving (default `from`). Earlier than `from`, it is a burn-in: children arrive
   * and come back before the period, so the period opens with children already known, on plans and
   * in care, as a council's extract does; their events before `from` are simulated but not written.
   */
  historyFrom?: number;
}

export interface SyntheticChild {
  id: string;
  dob: number;
  sex: string;
  ethnicity: string;
  disability: string;
  /** parallel arrays, in date order */
  types: number[];
  days: number[];
  outcomes: string[];
  sources: string[];
}

/** Age in days at the start of each age band (index into AGE_BANDS) and one past its end. */
const AGE_DAYS: Record<string, readonly [number, number]> = {
  under_1: [0, 365],
  '1_4': [365, 1826],
  '5_9': [1826, 3653],
  '10_15': [3653, 5844],
  '16_plus': [5844, 6574],
};
const MAX_STEPS_PER_TRIP = 200;

function pick(choice: CompiledChoice, random: Random): string {
  return choice.codes[pickCumulative(choice.cumulative, random)]!;
}

/** Cumulative arrival weights of each day of [from, to]. */
function arrivalCurve(model: Model, from: number, to: number): Float64Array {
  const { trendPerYear, monthOfYear, dayOfWeek } = model.arrivals;
  const weights: number[] = [];
  for (let d = from; d <= to; d++) {
    const month = civilFromDay(d).month;
    weights.push(Math.pow(trendPerYear, (d - from) / 365.25) * monthOfYear[month - 1]! * dayOfWeek[weekday(d)]!);
  }
  return cumulativeOf(weights);
}

function checkOptions(options: GenerateOptions): void {
  const { children, from, to, seed, historyFrom = from } = options;
  if (!Number.isInteger(children) || children < 1) throw new RangeError(`children must be a positive integer, got ${children}`);
  if (!Number.isInteger(from) || !Number.isInteger(to) || to < from) throw new RangeError(`invalid period: day ${from} to day ${to}`);
  if (!Number.isInteger(historyFrom) || historyFrom > from) throw new RangeError(`historyFrom (${formatDay(historyFrom)}) must be on or before from (${formatDay(from)})`);
  if (!Number.isFinite(seed)) throw new RangeError(`invalid seed: ${seed}`);
}

const ID_CHARS = '0123456789abcdefghijklmnopqrstuvwxyz';

/** `SYN-` and ten random base-36 characters: never a council's id, and no order or count given away. */
function randomId(random: Random): string {
  let id = 'SYN-';
  for (let k = 0; k < 10; k++) id += ID_CHARS[random.int(36)];
  return id;
}

/**
 * Calls `emit` once per synthetic child, in order. The arrays handed over are reused between
 * children: copy them if you keep them.
 */
export function generateChildren(model: Model | CompiledModel, options: GenerateOptions, emit: (child: SyntheticChild) => void): void {
  checkOptions(options);
  const compiled = 'cells' in model ? model : compileModel(model);
  const random = createRandom(options.seed);
  const historyFrom = options.historyFrom ?? options.from;
  const arrivals = arrivalCurve(compiled.model, historyFrom, options.to);
  const usedIds = new Set<string>();
  const child: SyntheticChild = { id: '', dob: NO_DATE, sex: '', ethnicity: '', disability: '', types: [], days: [], outcomes: [], sources: [] };

  for (let n = 0; n < options.children; n++) {
    let id: string;
    do id = randomId(random);
    while (usedIds.has(id));
    usedIds.add(id);
    child.id = id;
    child.types.length = child.days.length = child.outcomes.length = child.sources.length = 0;

    const cell = compiled.childCells[pickCumulative(compiled.childCumulative, random)]!;
    const ageBand = cell.age === '*' ? pick(compiled.marginals.age, random) : cell.age;
    child.sex = cell.sex === '*' ? pick(compiled.marginals.sex, random) : cell.sex;
    const group = cell.ethnicityGroup === '*' ? pick(compiled.marginals.ethnicityGroup, random) : cell.ethnicityGroup;
    const codes = compiled.ethnicityByGroup.get(group);
    child.ethnicity = codes ? pick(codes, random) : '';
    child.disability = cell.disability === '*' ? pick(compiled.marginals.disability, random) : cell.disability;

    const arrival = historyFrom + pickCumulative(arrivals, random);
    const span = AGE_DAYS[ageBand];
    child.dob = span ? arrival - span[0] - random.int(span[1] - span[0]) : NO_DATE;
    walkJourney(compiled, child, arrival, options.to, random);
    dropBefore(child, options.from);
    if (child.types.length > 0) emit(child);
    else n--; // no event in the period (or an empty first trip): draw again so that `children` children are written
  }
}

/** Removes the events dated before `from` (the burn-in), as an extract starting on `from` would. */
function dropBefore(child: SyntheticChild, from: number): void {
  let k = 0;
  while (k < child.days.length && child.days[k]! < from) k++;
  if (k === 0) return;
  for (const list of [child.types, child.days, child.outcomes, child.sources] as unknown[][]) list.splice(0, k);
}

/** Reasons a period of care ends on an 18th birthday, with their shares (CLA ceased 2024: 18+ and
 * remained with carers 16%, independent living 13% supported and 3% unsupported, other 8%). */
const AT_EIGHTEEN: ReadonlyArray<readonly [string, number]> = [['E17', 0.4], ['E5', 0.33], ['E6', 0.08], ['E8', 0.19]];

function reasonAtEighteen(random: Random): string {
  let u = random.next();
  for (const [code, share] of AT_EIGHTEEN) if ((u -= share) < 0) return code;
  return 'E8';
}

/**
 * Walks trips from `arrival` until the child stops returning or the period ends. Care ends on the
 * 18th birthday at the latest, and no trip starts after it.
 */
function walkJourney(compiled: CompiledModel, child: SyntheticChild, arrival: number, to: number, random: Random): void {
  // Birthdays that change the age band (1st, 5th, 10th, 16th), so a step needs no calendar arithmetic.
  const known = child.dob !== NO_DATE;
  const b1 = known ? addMonths(child.dob, 12) : 0;
  const b5 = known ? addMonths(child.dob, 60) : 0;
  const b10 = known ? addMonths(child.dob, 120) : 0;
  const b16 = known ? addMonths(child.dob, 192) : 0;
  const b18 = known ? addMonths(child.dob, 216) : Infinity;
  const ageBand = (d: number): number => (!known || d < child.dob ? 0 : d < b1 ? 1 : d < b5 ? 2 : d < b10 ? 3 : d < b16 ? 4 : 5);
  let day = arrival;
  let referrals = 0;
  // A CP plan in an earlier trip (not the current one: within a trip the open spans say so).
  let hadPlan = false;
  for (;;) {
    let state = compiled.startState;
    let tripHasReferral = false;
    let tripHasPlan = false;
    let lastContact = -1;
    for (let steps = 0; steps < MAX_STEPS_PER_TRIP; steps++) {
      const age = ageBand(day);
      const history = historyBucketIndex(tripHasReferral ? referrals - 1 : referrals, hadPlan);
      const cell = compiled.cells[state * AGES * PREVS + age * PREVS + history];
      if (!cell || cell.steps.length === 0) break;
      let step = cell.steps[pickCumulative(cell.cumulative, random)]!;
      let next = step.target === TARGET_END || state === compiled.startState ? day : day + drawDays(step.sameDay, step.logQuantiles, random);
      // Care does not start at 18 or over: draw another step (a few tries, then let it be).
      for (let tries = 0; step.type === EV.cla_start && next >= b18 && tries < 8; tries++) {
        step = cell.steps[pickCumulative(cell.cumulative, random)]!;
        next = step.target === TARGET_END ? day : day + drawDays(step.sameDay, step.logQuantiles, random);
      }
      if (step.target === TARGET_END) break;
      let outcome = step.outcome;
      day = next;
      if (step.type === EV.cla_end && day > b18) {
        day = Math.max(b18, child.days[child.days.length - 1]!);
        outcome = reasonAtEighteen(random);
      }
      if (day > to) return;
      let source = '';
      if (step.type === EV.contact) {
        source = pick(compiled.contactSources, random);
        lastContact = child.types.length;
      } else if (step.type === EV.referral) {
        // A referral that a contact just asked for keeps the contact's source.
        const fromContact = lastContact >= 0 && lastContact === child.types.length - 1 && child.outcomes[lastContact] === 'referral';
        source = fromContact ? child.sources[lastContact]! : pick(compiled.referralSources, random);
        referrals++;
        tripHasReferral = true;
      } else if (step.type === EV.cp_plan_start) tripHasPlan = true;
      child.types.push(step.type);
      child.days.push(day);
      child.outcomes.push(outcome);
      child.sources.push(source);
      state = step.target;
    }
    hadPlan ||= tripHasPlan;
    const back = compiled.returns[ageBand(day) * PREVS + historyBucketIndex(referrals, hadPlan)];
    if (!back || random.next() >= back.probability) return;
    day += drawDays(back.sameDay, back.logQuantiles, random);
    if (day > to || day >= b18) return;
  }
}
