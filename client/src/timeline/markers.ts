// Timeline markers (an inspection, a threshold change): the list with add and delete through the API,
// and the moment playback passes one — a pulse on the map and a banner, or the banner alone when the
// user prefers reduced motion.
import { Graphics } from 'pixi.js';
import { parseDay } from '../../../core/dates.js';
import { addMarker, deleteMarker, listMarkers, type Marker, type MarkerKind } from '../api.js';
import { markerPassed } from './clock.js';

const DAY = 86400;


export interface MarkerElements {
  list: HTMLUListElement;
  form: HTMLFormElement;
  banner: HTMLElement;
}

export class MarkerController {
  markers: Marker[] = [];
  /** marker times in data seconds, aligned with `markers` */
  times = new Float64Array(0);
  private bannerTimer = 0;
  private pulseStart = -1;

  constructor(
    private readonly dataset: string,
    private readonly originDay: number,
    private readonly el: MarkerElements,
    private readonly pulse: Graphics,
    private readonly centre: { x: number; y: number; radius: number },
    private readonly reducedMotion: boolean,
    private readonly onChange: (markers: readonly Marker[]) => void,
    private readonly onError: (message: string) => void,
  ) {
    el.form.addEventListener('submit', (event) => {
      event.preventDefault();
      const data = new FormData(el.form);
      const marker = { date: String(data.get('date') ?? ''), label: String(data.get('label') ?? '').trim(), kind: String(data.get('kind')) as MarkerKind };
      addMarker(dataset, marker)
        .then(() => {
          el.form.reset();
          return this.reload();
        })
        .catch((error: Error) => onError(error.message));
    });
  }

  async reload(): Promise<void> {
    this.markers = await listMarkers(this.dataset);
    this.times = Float64Array.from(this.markers, (m) => ((parseDay(m.date) ?? this.originDay) - this.originDay) * DAY);
    this.renderList();
    this.onChange(this.markers);
  }

  /** Per frame: announces a marker the clock just passed (O(markers), independent of dots). */
  check(previous: number, current: number, nowMs: number): void {
    const i = markerPassed(this.times, previous, current);
    if (i >= 0) this.announce(this.markers[i]!, nowMs);
    if (this.pulseStart >= 0) this.drawPulse(nowMs);
  }

  private announce(marker: Marker, nowMs: number): void {
    const banner = this.el.banner;
    banner.textContent = `${marker.date}: ${marker.label}`;
    banner.hidden = false;
    window.clearTimeout(this.bannerTimer);
    this.bannerTimer = window.setTimeout(() => (banner.hidden = true), 3500);
    if (!this.reducedMotion) this.pulseStart = nowMs;
  }

  private drawPulse(nowMs: number): void {
    const age = (nowMs - this.pulseStart) / 1400;
    const g = this.pulse;
    g.clear();
    if (age >= 1) {
      this.pulseStart = -1;
      return;
    }
    const { x, y, radius } = this.centre;
    g.circle(x, y, radius * (0.2 + 0.8 * age)).stroke({ width: 10, color: 0xb1281c, alpha: 0.6 * (1 - age) });
  }

  private renderList(): void {
    this.el.list.replaceChildren(
      ...this.markers.map((marker) => {
        const li = document.createElement('li');
        const text = document.createElement('span');
        text.textContent = `${marker.date} ${marker.label} (${marker.kind.replace('_', ' ')})`;
        const remove = document.createElement('button');
        remove.type = 'button';
        remove.textContent = '×';
        remove.setAttribute('aria-label', `Delete marker ${marker.label} on ${marker.date}`);
        remove.addEventListener('click', () => {
          deleteMarker(this.dataset, marker.id)
            .then(() => this.reload())
            .catch((error: Error) => this.onError(error.message));
        });
        li.append(text, remove);
        return li;
      }),
    );
  }
}
