// The states of the journey chain. A state is an event with its outcome plus the set of spans still
// open after it (an assessment, an S47, a plan, a period of care): keeping the open spans in the state
// is what keeps generated journeys coherent (an end is only ever drawn while its start is open).
import { EV, EVENT_TYPES, type EventType } from '../core/events.js';

/** Spans that a start opens and an end closes, with the letter each takes in a state key. */
export const SPANS = [
  { letter: 'e', start: EV.early_help_start, end: EV.early_help_end },
  { letter: 'a', start: EV.assessment_start, end: EV.assessment_end },
  { letter: 's', start: EV.s47_start, end: EV.s47_end },
  { letter: 'n', start: EV.cin_plan_start, end: EV.cin_plan_end },
  { letter: 'p', start: EV.cp_plan_start, end: EV.cp_plan_end },
  { letter: 'l', start: EV.cla_start, end: EV.cla_end },
] as const;

const SPAN_OF_START = new Int8Array(EVENT_TYPES.length).fill(-1);
const SPAN_OF_END = new Int8Array(EVENT_TYPES.length).fill(-1);
SPANS.forEach((s, i) => {
  SPAN_OF_START[s.start] = i;
  SPAN_OF_END[s.end] = i;
});

/** The first state of every trip. */
export const START = 'start';
/** Target of a step that ends the trip. */
export const END = 'end';
/** Target of a step that defers to the coarser cell (the small-cell rule merged it there). */
export const COARSER = 'coarser';

/** The open-span mask after `eventType`, or -1 when it ends a span that is not open (incoherent). */
export function applyEvent(mask: number, eventType: number): number {
  const opens = SPAN_OF_START[eventType]!;
  if (opens >= 0) return mask | (1 << opens);
  const closes = SPAN_OF_END[eventType]!;
  if (closes >= 0) return mask & (1 << closes) ? mask & ~(1 << closes) : -1;
  return mask;
}

export function maskLetters(mask: number): string {
  let out = '';
  SPANS.forEach((s, i) => {
    if (mask & (1 << i)) out += s.letter;
  });
  return out;
}

export function maskFromLetters(letters: string): number {
  let mask = 0;
  for (const ch of letters) {
    const i = SPANS.findIndex((s) => s.letter === ch);
    if (i < 0) throw new RangeError(`unknown span letter "${ch}" in state mask "${letters}"`);
    mask |= 1 << i;
  }
  return mask;
}

/** `event:outcome` — the label of a step target. */
export function stepLabel(eventType: number, outcome: string): string {
  return `${EVENT_TYPES[eventType]}:${outcome}`;
}

/** `event:outcome/mask` — the key of a chain state. */
export function stateKey(eventType: number, outcome: string, mask: number): string {
  return `${EVENT_TYPES[eventType]}:${outcome}/${maskLetters(mask)}`;
}

export interface ParsedStep {
  type: number;
  outcome: string;
}

/** Parses `event:outcome`; throws a RangeError naming the label when the event is unknown. */
export function parseStep(label: string): ParsedStep {
  const colon = label.indexOf(':');
  const name = colon < 0 ? label : label.slice(0, colon);
  const type = EVENT_TYPES.indexOf(name as EventType);
  if (type < 0) throw new RangeError(`unknown event "${name}" in step "${label}"`);
  return { type, outcome: colon < 0 ? '' : label.slice(colon + 1) };
}

/** Parses `event:outcome/mask` (or `start`). */
export function parseState(key: string): { step: ParsedStep | null; mask: number } {
  if (key === START) return { step: null, mask: 0 };
  const slash = key.lastIndexOf('/');
  if (slash < 0) throw new RangeError(`state "${key}" has no "/mask" part`);
  return { step: parseStep(key.slice(0, slash)), mask: maskFromLetters(key.slice(slash + 1)) };
}

/** Buckets of the number of previous referral episodes: 0, 1, 2, 3 or more. */
export const PREV_BUCKETS = ['0', '1', '2', '3+'] as const;
export type PrevBucket = (typeof PREV_BUCKETS)[number];
export function prevBucketIndex(previousEpisodes: number): number {
  return previousEpisodes >= 3 ? 3 : previousEpisodes;
}

/**
 * The same buckets for children who had a CP plan in an earlier trip (`1cp` = one previous episode,
 * with a plan). A returning child who was on a plan is more likely to get another; cells keyed by these
 * fall back to the plain bucket, so a model without them behaves as before.
 */
export const PLAN_BUCKETS = ['1cp', '2cp', '3+cp'] as const;
/** Every history bucket a cell may name: previous episodes, and whether an earlier trip had a CP plan. */
export const HISTORY_BUCKETS = [...PREV_BUCKETS, ...PLAN_BUCKETS] as const;
export type HistoryBucket = (typeof HISTORY_BUCKETS)[number];
/** Index into HISTORY_BUCKETS. */
export function historyBucketIndex(previousEpisodes: number, hadPlan: boolean): number {
  const prev = prevBucketIndex(previousEpisodes);
  return hadPlan && prev > 0 ? PREV_BUCKETS.length + prev - 1 : prev;
}
/** The plain bucket a plan bucket falls back to (itself for a plain one). */
export function plainBucket(bucket: string): string {
  return bucket.endsWith('cp') ? bucket.slice(0, -2) : bucket;
}
