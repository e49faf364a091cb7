// The animation clock: current data time (seconds since the dataset's origin day), playing or not,
// and the speed in data seconds per real second. Pure state; the UI and the frame loop drive it.

import { parseDay } from '../../../core/dates.js';

const DAY = 86400;

/**
 * The clock time that shows day `day` (days since the origin day): its last second, after every move
 * dated that day and before any of the next, the instant the stations' numbers for that date describe.
 */
export function endOfDay(day: number): number {
  return day * DAY + DAY - 1;
}

export interface SpeedOption {
  label: string;
  /** data seconds per real second */
  rate: number;
}

/** From a day per second to a year per minute. */
export const SPEEDS: readonly SpeedOption[] = [
  { label: '1 day per second', rate: DAY },
  { label: '2 days per second', rate: 2 * DAY },
  { label: '3 days per second', rate: 3 * DAY },
  { label: '4½ days per second', rate: 4.5 * DAY },
  { label: '1 year per minute', rate: (365.25 * DAY) / 60 },
];

export interface ClockState {
  time: number;
  playing: boolean;
  rate: number;
  start: number;
  end: number;
}

export type ClockListener = (state: Readonly<ClockState>, reason: 'tick' | 'seek' | 'play' | 'pause' | 'speed') => void;

export class Clock {
  private state: ClockState;
  private listeners: ClockListener[] = [];

  constructor(start: number, end: number, options: { rate?: number; time?: number } = {}) {
    if (!(end >= start)) throw new Error(`clock: end ${end} is before start ${start}`);
    this.state = { time: options.time ?? start, playing: false, rate: options.rate ?? DAY, start, end };
  }

  get time(): number {
    return this.state.time;
  }

  get snapshot(): Readonly<ClockState> {
    return this.state;
  }

  onChange(listener: ClockListener): void {
    this.listeners.push(listener);
  }

  play(): void {
    if (this.state.playing) return;
    if (this.state.time >= this.state.end) this.state.time = this.state.start;
    this.state.playing = true;
    this.emit('play');
  }

  pause(): void {
    if (!this.state.playing) return;
    this.state.playing = false;
    this.emit('pause');
  }

  toggle(): void {
    if (this.state.playing) this.pause();
    else this.play();
  }

  seek(time: number): void {
    this.state.time = Math.min(this.state.end, Math.max(this.state.start, time));
    this.emit('seek');
  }

  setRate(rate: number): void {
    if (!(rate > 0)) throw new Error(`clock: speed must be positive, got ${rate}`);
    this.state.rate = rate;
    this.emit('speed');
  }

  /** Advances by `realSeconds` of wall time when playing; stops at the end. */
  advance(realSeconds: number): void {
    if (!this.state.playing || realSeconds <= 0) return;
    const next = this.state.time + realSeconds * this.state.rate;
    this.state.time = Math.min(next, this.state.end);
    if (this.state.time >= this.state.end) this.state.playing = false;
    this.emit(this.state.playing ? 'tick' : 'pause');
  }

  private emit(reason: Parameters<ClockListener>[1]): void {
    for (const listener of this.listeners) listener(this.state, reason);
  }
}

/** Index of the first marker time in (previous, current], or -1: playback passed it this frame. */
export function markerPassed(times: Float64Array, previous: number, current: number): number {
  if (current <= previous) return -1;
  for (let i = 0; i < times.length; i++) if (times[i]! > previous && times[i]! <= current) return i;
  return -1;
}

/**
 * Where the map opens when no date is asked for: a year before the data's last day (or its first day when it
 * holds less), so the first thing seen is a year of the service running with its queues already formed; a
 * dataset whose journeys all begin on its first day would otherwise open on an empty map and need minutes of
 * playing to fill. "Go to" and the slider still reach every day from the first.
 */
export function openingTime(span: { start: number; end: number }): number {
  return Math.max(span.start, span.end - 365 * DAY);
}

/**
 * The timeline's span in seconds since the origin day: from the first day of the data (or of a move) to
 * the end of its last day. The last day is the last event's date, as the metrics and the stations
 * endpoint read the data's end, even when no dot moves that day (an end that moves nobody), and never later.
 */
export function timelineSpan(moves: { count: number; depart: ArrayLike<number>; arrive: ArrayLike<number> }, originDay: number, dataset: { from: string | null; to: string | null }): { start: number; end: number } {
  let start = Infinity;
  let end = -Infinity;
  for (let i = 0; i < moves.count; i++) {
    if (moves.depart[i]! < start) start = moves.depart[i]!;
    if (moves.arrive[i]! > end) end = moves.arrive[i]!;
  }
  const first = dataset.from === null ? null : parseDay(dataset.from);
  const last = dataset.to === null ? null : parseDay(dataset.to);
  if (first !== null) start = Math.min(start, (first - originDay) * DAY);
  // The data's last day ends the timeline, even where a dot's short dwell at an exit runs past it: no date
  // after the data may be offered, as nothing is known there.
  if (last !== null) end = (last - originDay) * DAY;
  if (!Number.isFinite(start) || !Number.isFinite(end)) start = end = 0;
  // It runs to the end of its last day (that day's last second shows its numbers).
  return { start: Math.floor(start / DAY) * DAY, end: (Math.floor(end / DAY) + 1) * DAY };
}
