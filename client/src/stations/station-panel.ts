// The stations as HTML: a focusable button over each station (hover or focus shows its numbers in a
// tooltip), and the "table" alternative with the same numbers for every station. Both refresh on a
// timer a few times a second, not per frame.
import type { MapStation } from '../../../core/map-schema.js';
import { stationCountsAt, type StationCounts, type StationIndex } from './station-stats.js';

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return 'no arrivals in the last 13 weeks';
  const days = seconds / 86400;
  if (days >= 1) return `${days >= 10 ? Math.round(days) : days.toFixed(1)} days`;
  const hours = seconds / 3600;
  return hours >= 1 ? `${hours.toFixed(1)} hours` : `${Math.round(seconds / 60)} minutes`;
}

export interface StationPanelElements {
  buttons: HTMLElement;
  tooltip: HTMLElement;
  table: HTMLElement;
}

export class StationPanel {
  private focused = -1;
  private readonly buttons: HTMLButtonElement[] = [];

  constructor(
    private readonly stations: readonly MapStation[],
    private readonly index: StationIndex,
    private readonly elements: StationPanelElements,
    private readonly now: () => number,
    private readonly dateOf: (time: number) => string,
  ) {
    elements.buttons.replaceChildren();
    stations.forEach((station, s) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'station-hit';
      button.dataset.station = station.id;
      button.setAttribute('aria-label', station.name);
      const show = () => {
        this.focused = s;
        this.refresh();
      };
      const hide = () => {
        if (this.focused === s) this.focused = -1;
        this.elements.tooltip.hidden = true;
      };
      button.addEventListener('pointerenter', show);
      button.addEventListener('focus', show);
      button.addEventListener('pointerleave', hide);
      button.addEventListener('blur', hide);
      elements.buttons.appendChild(button);
      this.buttons.push(button);
    });
  }

  /** Moves the buttons over the stations (after a pan, zoom or resize). */
  place(toScreen: (x: number, y: number) => { x: number; y: number }): void {
    this.stations.forEach((station, s) => {
      const p = toScreen(station.x, station.y);
      const button = this.buttons[s]!;
      button.style.left = `${p.x}px`;
      button.style.top = `${p.y}px`;
    });
    if (this.focused >= 0) this.refresh();
  }

  counts(s: number): StationCounts {
    return stationCountsAt(this.index, s, this.now());
  }

  /** Updates the open tooltip and, when shown, the table. */
  refresh(): void {
    const time = this.now();
    if (this.focused >= 0) {
      const s = this.focused;
      const c = stationCountsAt(this.index, s, time);
      const station = this.stations[s]!;
      const tip = this.elements.tooltip;
      tip.replaceChildren();
      const title = document.createElement('strong');
      title.textContent = station.name;
      tip.append(
        title,
        line(`${c.inTransitTowards} in transit towards it`),
        line(`${c.arrivedThisWeek} arrived in the last 7 days`),
        line(`median time to reach it: ${formatDuration(c.medianSecondsToReach)}`),
        line(`${c.queue} in transit from it (queue)`),
      );
      const button = this.buttons[s]!;
      tip.style.left = `${parseFloat(button.style.left) + 18}px`;
      tip.style.top = `${parseFloat(button.style.top) + 12}px`;
      tip.hidden = false;
      button.setAttribute('aria-description', tip.textContent ?? '');
    }
    if (!this.elements.table.hidden) this.fillTable(time);
  }

  private fillTable(time: number): void {
    const body = this.elements.table.querySelector('tbody')!;
    const dateCell = this.elements.table.querySelector('#table-date');
    if (dateCell) dateCell.textContent = this.dateOf(time);
    const rows = this.stations.map((station, s) => {
      const c = stationCountsAt(this.index, s, time);
      const tr = document.createElement('tr');
      tr.dataset.station = station.id;
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = station.name;
      tr.append(th, cell(c.inTransitTowards), cell(c.arrivedThisWeek), cell(c.medianSecondsToReach === null ? '—' : formatDuration(c.medianSecondsToReach)), cell(c.queue));
      return tr;
    });
    body.replaceChildren(...rows);
  }
}

function line(text: string): HTMLElement {
  const span = document.createElement('span');
  span.style.display = 'block';
  span.textContent = text;
  return span;
}

function cell(value: number | string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = String(value);
  return td;
}
