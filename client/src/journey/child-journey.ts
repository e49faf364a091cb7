// One child's journey: every step its dot took, the date and how long the child stayed there, from
// the moves the page already holds. A child is named by its index in the dataset only (no identifier
// leaves the server). "Follow" highlights the child's dot as time runs.
import { formatDay } from '../../../core/dates.js';
import { ENTRY, type MoveColumns } from '../../../core/journeys.js';
import type { MapStation } from '../../../core/map-schema.js';

const DAY = 86400;

export interface JourneyStep {
  station: string;
  /** arrival date, YYYY-MM-DD */
  date: string;
  /** whole days the child stayed (until its dot left); when `open`, days waited so far by the date
   * shown (null when the step begins after it) */
  days: number | null;
  /** still there at the end of the data */
  open: boolean;
  kind: 'arrived' | 'exit' | 'left';
  trip: number;
}

/** The moves of one child, in order (the columns are sorted by departure, a child's moves in turn). */
export function movesOfChild(moves: MoveColumns, child: number): number[] {
  const out: number[] = [];
  for (let m = 0; m < moves.count; m++) if (moves.child[m] === child) out.push(m);
  return out;
}

/** The child's steps; a step still open at the end of the data counts its days to `now` (the time shown). */
export function childSteps(moves: MoveColumns, child: number, stations: readonly MapStation[], now: number): JourneyStep[] {
  const list = movesOfChild(moves, child);
  const dateOf = (t: number) => formatDay(moves.originDay + Math.floor(t / DAY));
  const steps: JourneyStep[] = [];
  list.forEach((m, k) => {
    const f = moves.from[m]!;
    const t = moves.to[m]!;
    const trip = moves.episode[m]!;
    if (f !== ENTRY && f === t) {
      steps.push({ station: stations[t]!.name, date: dateOf(moves.leave[m]!), days: null, open: false, kind: 'left', trip });
      return;
    }
    if (stations[t]!.kind === 'exit') {
      steps.push({ station: stations[t]!.name, date: dateOf(moves.arrive[m]!), days: null, open: false, kind: 'exit', trip });
      return;
    }
    const next = list[k + 1];
    const leftAt = next !== undefined && moves.from[next] === t ? moves.leave[next]! : null;
    const stillThere = next === undefined;
    const until = leftAt ?? (stillThere ? now : moves.arrive[m]!);
    steps.push({
      station: stations[t]!.name,
      date: dateOf(moves.arrive[m]!),
      days: stillThere && moves.arrive[m]! > now ? null : Math.max(0, Math.floor(until / DAY) - Math.floor(moves.arrive[m]! / DAY)),
      open: stillThere,
      kind: 'arrived',
      trip,
    });
  });
  return steps;
}

export interface JourneyPanelOptions {
  longDate(iso: string): string;
  follow(child: number | null): void;
  /** the clock time shown */
  now(): number;
}

export class JourneyPanel {
  child: number | null = null;
  private following = false;

  constructor(
    private readonly host: HTMLElement,
    private readonly moves: MoveColumns,
    private readonly stations: readonly MapStation[],
    private readonly options: JourneyPanelOptions,
  ) {}

  open(child: number, focus = true): void {
    this.child = child;
    const steps = childSteps(this.moves, child, this.stations, this.options.now());
    const heading = document.createElement('h2');
    heading.id = 'journey-title';
    heading.textContent = `Child ${child + 1}: ${steps.length} steps`;
    const table = document.createElement('table');
    table.innerHTML = '<caption>Each step, its date and how long it took</caption><thead><tr><th scope="col">Trip</th><th scope="col">Step</th><th scope="col">Date</th><th scope="col">Days there</th></tr></thead>';
    const body = document.createElement('tbody');
    for (const step of steps) {
      const tr = document.createElement('tr');
      const what = step.kind === 'left' ? `left the map from ${step.station}` : step.station;
      const howLong = step.kind !== 'arrived' ? '—' : !step.open ? String(step.days) : step.days === null ? 'open at the end of the data' : `${step.days} so far`;
      for (const text of [String(step.trip), what, this.options.longDate(step.date), howLong]) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.append(td);
      }
      body.append(tr);
    }
    table.append(body);
    const follow = document.createElement('button');
    follow.type = 'button';
    follow.id = 'journey-follow';
    follow.textContent = 'Follow this dot';
    follow.setAttribute('aria-pressed', String(this.following));
    follow.addEventListener('click', () => this.setFollowing(!this.following));
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Close';
    close.addEventListener('click', () => this.close());
    const actions = document.createElement('div');
    actions.className = 'actions';
    actions.append(follow, close);
    this.host.replaceChildren(heading, actions, table);
    this.host.hidden = false;
    if (this.following) this.options.follow(child);
    if (focus) follow.focus();
  }

  /** Redraws the open journey for the date now shown ("so far" counts to it). */
  refresh(): void {
    if (this.child !== null && !this.host.hidden) this.open(this.child, false);
  }

  setFollowing(on: boolean): void {
    this.following = on;
    this.host.querySelector('#journey-follow')?.setAttribute('aria-pressed', String(on));
    this.options.follow(on && this.child !== null ? this.child : null);
  }

  close(): void {
    this.host.hidden = true;
    this.setFollowing(false);
    this.child = null;
  }
}
