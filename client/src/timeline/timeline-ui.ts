// The timeline controls: play/pause, speed, a scrubber over the dataset's days, the big current
// date, a date jump, and the markers drawn as ticks on the scrubber. DOM writes happen only when the
// shown day changes.
import { formatDay, parseDay } from '../../../core/dates.js';
import type { Marker } from '../api.js';
import { SPEEDS, endOfDay, type Clock } from './clock.js';

const DAY = 86400;

/** "31 Mar 2025" for an ISO date. */
export function longDate(iso: string): string {
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export interface TimelineElements {
  play: HTMLButtonElement;
  speed: HTMLSelectElement;
  scrub: HTMLInputElement;
  date: HTMLOutputElement;
  jump: HTMLInputElement;
  ticks: HTMLElement;
}

export class TimelineUI {
  private shownDay = Number.NaN;

  constructor(
    clock: Clock,
    private readonly originDay: number,
    private readonly el: TimelineElements,
  ) {
    const { start, end, rate } = clock.snapshot;
    el.speed.replaceChildren(
      ...SPEEDS.map((option, i) => {
        const o = document.createElement('option');
        o.value = String(i);
        o.textContent = option.label;
        o.selected = option.rate === rate;
        return o;
      }),
    );
    el.scrub.min = String(Math.floor(start / DAY));
    // The clock ends at the last second of the last day (interactive.ts): that day is the last to show.
    el.scrub.max = String(Math.ceil(end / DAY) - 1);
    el.jump.min = formatDay(originDay + Math.floor(start / DAY));
    el.jump.max = formatDay(originDay + Math.ceil(end / DAY) - 1);

    el.play.addEventListener('click', () => clock.toggle());
    el.speed.addEventListener('change', () => clock.setRate(SPEEDS[Number(el.speed.value)]!.rate));
    el.scrub.addEventListener('input', () => clock.seek(endOfDay(Number(el.scrub.value))));
    el.jump.addEventListener('change', () => {
      const day = parseDay(el.jump.value);
      if (day !== null) clock.seek(endOfDay(day - originDay));
    });
    // The box shows the map's date, except while someone is typing a date into it.
    el.jump.addEventListener('blur', () => {
      if (this.el.date.dataset.date) el.jump.value = this.el.date.dataset.date;
    });
    clock.onChange((state, reason) => {
      if (reason === 'play' || reason === 'pause') this.showPlaying(state.playing);
      this.show(state.time);
    });
    this.showPlaying(clock.snapshot.playing);
    this.show(clock.time);
  }

  dateOf(time: number): string {
    return formatDay(this.originDay + Math.floor(time / DAY));
  }

  setMarkers(markers: readonly Marker[]): void {
    const min = Number(this.el.scrub.min);
    const span = Math.max(1, Number(this.el.scrub.max) - min);
    this.el.ticks.replaceChildren(
      ...markers.flatMap((marker) => {
        const day = parseDay(marker.date);
        if (day === null) return [];
        const tick = document.createElement('span');
        tick.className = 'marker-tick';
        tick.title = `${marker.date}: ${marker.label}`;
        tick.style.left = `${(100 * (day - this.originDay - min)) / span}%`;
        return [tick];
      }),
    );
  }

  private showPlaying(playing: boolean): void {
    this.el.play.textContent = playing ? '❚❚' : '▶';
    this.el.play.setAttribute('aria-label', playing ? 'Pause' : 'Play');
  }

  private show(time: number): void {
    const day = Math.floor(time / DAY);
    if (day === this.shownDay) return;
    this.shownDay = day;
    const date = formatDay(this.originDay + day);
    this.el.date.dataset.date = date;
    this.el.date.textContent = longDate(date);
    this.el.scrub.value = String(day);
    if (document.activeElement !== this.el.jump) this.el.jump.value = date;
    this.el.scrub.setAttribute('aria-valuetext', date);
  }
}
