// The seam between the journey generator and the returns writers: a child with its attributes and its
// dated events, exactly what the events CSV carries. The writers never look inside the generator, so any
// generator whose children have these fields (with or without episode numbers) can feed them.
import { NO_DATE } from '../../core/children.js';

export interface ChildEvent {
  /** index into EVENT_TYPES */
  type: number;
  day: number;
  outcome: string;
  source: string;
  /** the referral episode it belongs to (1 = the child's first), 0 = not given (linked by date) */
  episode: number;
}

export interface ReturnChild {
  id: string;
  /** day number, or NO_DATE */
  dob: number;
  sex: string;
  ethnicity: string;
  disability: string;
  /** in date order, same-day events in the order they happened */
  events: ChildEvent[];
}

/** What a generated child looks like from outside: the events CSV's columns, as parallel arrays. */
export interface GeneratedChild {
  id: string;
  dob: number;
  sex: string;
  ethnicity: string;
  disability: string;
  types: readonly number[];
  days: readonly number[];
  outcomes: readonly string[];
  sources: readonly string[];
  /** episode numbers, where the generator gives them */
  episodes?: readonly number[];
  /**
   * nothing of the child before its first event is written (generated with no burn-in, or carried in with
   * spans open on the first day: the file, like the log it copies, holds the ends of what was open then
   * with no start, and no referral before the period for a step of an episode begun before it)
   */
  nothingBefore?: boolean;
}

/** Copies a generated child (the generator reuses its arrays between children). */
export function toReturnChild(child: GeneratedChild): ReturnChild {
  const events: ChildEvent[] = [];
  for (let i = 0; i < child.types.length; i++) {
    events.push({ type: child.types[i]!, day: child.days[i]!, outcome: child.outcomes[i] ?? '', source: child.sources[i] ?? '', episode: child.episodes?.[i] ?? 0 });
  }
  return { id: child.id, dob: child.dob, sex: child.sex, ethnicity: child.ethnicity, disability: child.disability, events };
}

export const hasDob = (child: ReturnChild): boolean => child.dob !== NO_DATE;
