// One child's journey: every step its dot took, the date and how long the child stayed there, from
// the moves the page already holds. A step still open counts its days so far from the child's waits
// (core/whereabouts.ts waitsOfChild, through the server), the same waits the station's list shows: a
// child back at a station (in care again after a CP plan ends) has one wait in both. A child is named
// by its index in the dataset only (no identifier leaves the server). "Follow" highlights the child's
// dot as time runs.
import { formatDay } from '../../../core/dates.js';
import { ENTRY, type MoveColumns } from '../../../core/journeys.js';
import type { MapStation } from '../../../core/map-schema.js';

const DAY = 86400;

export interface JourneyStep {
  station: string;
  /** arrival date, YYYY-MM-DD */
  date: string;
  /** whole days the child stayed (until its dot left); when `open`, days waited so far at the date
   * shown, as the station's list counts them (null when the child is not counted there then) */
  days: number | null;
  /** when `open` and counted: the date its wait began (earlier than `date` for a child back there) */
  since?: string;
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

/** A station the child is counted at on the date shown (core/whereabouts.ts ChildWait, by station index). */
export interface ShownWait {
  station: number;
  waitedDays: number;
  /** YYYY-MM-DD the wait began */
  since: string;
}

/**
 * The child's steps. A step still open at the end of the data takes its days so far from `waits` (the
 * stations the child is counted at on the date shown): none there, `days` is null.
 */
export function childSteps(moves: MoveColumns, child: number, stations: readonly MapStation[], waits: readonly ShownWait[]): JourneyStep[] {
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
    const date = dateOf(moves.arrive[m]!);
    if (next === undefined) {
      const wait = waits.find((w) => w.station === t);
      steps.push({ station: stations[t]!.name, date, days: wait?.waitedDays ?? null, ...(wait ? { since: wait.since } : {}), open: true, kind: 'arrived', trip });
      return;
    }
    const until = moves.from[next] === t ? moves.leave[next]! : moves.arrive[m]!;
    steps.push({
      station: stations[t]!.name,
      date,
      days: Math.max(0, Math.floor(until / DAY) - Math.floor(moves.arrive[m]! / DAY)),
      open: false,
      kind: 'arrived',
      trip,
    });
  });
  return steps;
}

export interface JourneyPanelOptions {
  longDate(iso: string): string;
  follow(child: number | null): void;
  /** the date shown, YYYY-MM-DD */
  date(): string;
  /** the stations the child is counted at at the end of that date (the station lists' waits) */
  waitsOf(child: number, date: string): Promise<ShownWait[]>;
}

export class JourneyPanel {
  child: number | null = null;
  private following = false;
  /** the waits on screen: for which child and date, and what (null while asked for) */
  private waits: { child: number; date: string; list: ShownWait[] | null; error?: string } | null = null;
  /** resolves when the open journey's waits for the date shown are on screen */
  settled: Promise<void> = Promise.resolve();

  constructor(
    private readonly host: HTMLElement,
    private readonly moves: MoveColumns,
    private readonly stations: readonly MapStation[],
    private readonly options: JourneyPanelOptions,
  ) {}

  open(child: number, focus = true): void {
    this.child = child;
    const date = this.options.date();
    if (this.waits?.child !== child || this.waits.date !== date) {
      const asked: { child: number; date: string; list: ShownWait[] | null; error?: string } = { child, date, list: null };
      this.waits = asked;
      this.settled = this.options.waitsOf(child, date).then(
        (list) => {
          asked.list = list;
        },
        (error: Error) => {
          asked.list = [];
          asked.error = error.message;
        },
      ).then(() => {
        if (this.waits === asked && this.child === child && !this.host.hidden) this.draw(child, false);
      });
    }
    this.draw(child, focus);
  }

  private draw(child: number, focus: boolean): void {
    const { list, date, error } = this.waits!;
    const steps = childSteps(this.moves, child, this.stations, list ?? []);
    const heading = document.createElement('h2');
    heading.id = 'journey-title';
    heading.textContent = `Child ${child + 1}: ${steps.length} step${steps.length === 1 ? '' : 's'}`;
    const table = document.createElement('table');
    table.innerHTML = '<caption>Each step, its date and how long it took</caption><thead><tr><th scope="col">Trip</th><th scope="col">Step</th><th scope="col">Date</th><th scope="col">Days there</th></tr></thead>';
    const body = document.createElement('tbody');
    for (const step of steps) {
      const tr = document.createElement('tr');
      const what = step.kind === 'left' ? `left the map from ${step.station}` : step.station;
      const howLong =
        step.kind !== 'arrived' ? '—'
        : !step.open ? String(step.days)
        : list === null ? '…'
        : step.days === null ? (step.date > date ? 'not yet at the date shown' : 'not counted as waiting')
        : `${step.days} so far${step.since && step.since !== step.date ? ` (since ${this.options.longDate(step.since)})` : ''}`;
      for (const text of [String(step.trip), what, this.options.longDate(step.date), howLong]) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.append(td);
      }
      body.append(tr);
    }
    table.append(body);
    // Every station the child is counted at on the date shown, as the stations' lists count it.
    const now = document.createElement('p');
    now.id = 'journey-waits';
    now.className = 'hint';
    now.textContent =
      list === null ? `Waiting at the end of ${this.options.longDate(date)}: …`
      : error ? `Could not get the child's waits: ${error}`
      : list.length === 0 ? `Not waiting at any station at the end of ${this.options.longDate(date)}.`
      : `Waiting at the end of ${this.options.longDate(date)}: ${list.map((w) => `${this.stations[w.station]!.name}, ${w.waitedDays} days (since ${this.options.longDate(w.since)})`).join('; ')}.`;
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
    this.host.replaceChildren(heading, actions, now, table);
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
