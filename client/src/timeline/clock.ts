// The animation clock: current data time (seconds since the dataset's origin day), playing or not,
// and the speed in data seconds per real second. Pure state; the UI and the frame loop drive it.

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
