// One child's journey: each step the child took up to the date shown, when it began, when it ended (or
// that it is still open) and how long it took, read from the same periods the stations' numbers count
// (core/whereabouts.ts waitsOfChild, through the server): an assessment open until it ends as the
// metrics pair it, care for its whole period, a contact until the child's next move. A step still open
// counts its days to the date shown, and no date after it is shown. Exits (NFA, Closed) and leaving the
// map come from the moves the page holds, up to the date shown. A child is named by its index in the
// dataset only (no identifier leaves the server). "Follow" highlights the child's dot as time runs.
import { formatDay } from '../../../core/dates.js';
import { ENTRY, type MoveColumns } from '../../../core/journeys.js';
import type { MapStation } from '../../../core/map-schema.js';

const DAY = 86400;

export interface JourneyStep {
  station: string;
  kind: 'step' | 'exit' | 'left';
  /** the day it began (an exit: the day the child reached it), YYYY-MM-DD */
  date: string;
  /** the day it ended, YYYY-MM-DD; null while open at the date shown, and for exits */
  until: string | null;
  /** calendar days it took, or (open) days so far at the date shown; null for exits */
  days: number | null;
  open: boolean;
  /**
   * an exit reached by an end the metrics pair with no start: the period of its kind still open, which
   * the child is still counted at (its station's name and the day it began)
   */
  unpairedOf?: { station: string; since: string };
}

/** The moves of one child, in order (the columns are sorted by departure, a child's moves in turn). */
export function movesOfChild(moves: MoveColumns, child: number): number[] {
  const out: number[] = [];
  for (let m = 0; m < moves.count; m++) if (moves.child[m] === child) out.push(m);
  return out;
}

/** One of the child's steps up to the date shown (core/whereabouts.ts ChildStep, by station index). */
export interface ShownStep {
  station: number;
  /** YYYY-MM-DD it began */
  since: string;
  /** YYYY-MM-DD it ended, or null when open at the date shown */
  until: string | null;
  days: number;
  /** YYYY-MM-DD of ends of its kind recorded while it was open that the metrics pair with no start */
  unpairedEnds?: string[];
}

/**
 * The child's rows at the date shown: `steps` (the stays the stations count, in the order they began)
 * with the exits and departures from the map that its moves reach by `date` placed among them by day:
 * an exit comes after the steps it ends that day, before those that go on.
 */
export function childSteps(moves: MoveColumns, child: number, stations: readonly MapStation[], steps: readonly ShownStep[], date: string): JourneyStep[] {
  const dateOf = (t: number) => formatDay(moves.originDay + Math.floor(t / DAY));
  const exits: JourneyStep[] = [];
  for (const m of movesOfChild(moves, child)) {
    const f = moves.from[m]!;
    const t = moves.to[m]!;
    if (f !== ENTRY && f === t) exits.push({ station: stations[t]!.name, kind: 'left', date: dateOf(moves.leave[m]!), until: null, days: null, open: false });
    else if (stations[t]!.kind === 'exit') exits.push({ station: stations[t]!.name, kind: 'exit', date: dateOf(moves.arrive[m]!), until: null, days: null, open: false });
  }
  const out: JourneyStep[] = [];
  let e = 0;
  const shown = exits.filter((x) => x.date <= date);
  // An exit on the day of an unpaired end: the end did not close the period, which is still counted.
  for (const x of shown) {
    const held = x.kind === 'exit' ? steps.find((st) => st.unpairedEnds?.includes(x.date)) : undefined;
    if (held) x.unpairedOf = { station: stations[held.station]!.name, since: held.since };
  }
  for (const step of steps) {
    // Exits dated before this step began, or on its first day when it goes on past that day.
    while (e < shown.length && (shown[e]!.date < step.since || (shown[e]!.date === step.since && step.until !== step.since))) out.push(shown[e++]!);
    out.push({ station: stations[step.station]!.name, kind: 'step', date: step.since, until: step.until, days: step.days, open: step.until === null });
  }
  while (e < shown.length) out.push(shown[e++]!);
  return out;
}

export interface JourneyPanelOptions {
  longDate(iso: string): string;
  follow(child: number | null): void;
  /** the date shown, YYYY-MM-DD */
  date(): string;
  /** the child's steps begun by the end of that date, as the stations count them (GET .../children/:child/waits) */
  waitsOf(child: number, date: string): Promise<ShownStep[]>;
}

export class JourneyPanel {
  child: number | null = null;
  private following = false;
  /** the waits on screen: for which child and date, and what (null while asked for) */
  private waits: { child: number; date: string; list: ShownStep[] | null; error?: string } | null = null;
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
      const asked: { child: number; date: string; list: ShownStep[] | null; error?: string } = { child, date, list: null };
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
    const steps = list === null ? null : childSteps(this.moves, child, this.stations, list, date);
    const long = (iso: string) => this.options.longDate(iso);
    const heading = document.createElement('h2');
    heading.id = 'journey-title';
    heading.textContent = steps === null ? `Child ${child}` : `Child ${child}: ${steps.length} step${steps.length === 1 ? '' : 's'} by ${long(date)}`;
    const table = document.createElement('table');
    table.innerHTML = '<caption>Each step to the date shown, when it began and ended, and how long it took</caption><thead><tr><th scope="col">Step</th><th scope="col">Began</th><th scope="col">Ended</th><th scope="col">Days</th></tr></thead>';
    const body = document.createElement('tbody');
    const row = (cells: string[]) => {
      const tr = document.createElement('tr');
      for (const text of cells) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.append(td);
      }
      body.append(tr);
    };
    if (steps === null) row(['…', '…', '…', '…']);
    for (const step of steps ?? []) {
      if (step.kind === 'left') row([`left the map from ${step.station}`, long(step.date), '—', '—']);
      else if (step.kind === 'exit') row([step.unpairedOf ? `${step.station}: an end not paired (see below)` : step.station, long(step.date), '—', '—']);
      else row([step.station, long(step.date), step.open ? 'open' : long(step.until!), step.open ? `${step.days} so far` : String(step.days)]);
    }
    table.append(body);
    // Every station the child is counted at on the date shown, as the stations' lists count it.
    const open = (list ?? []).filter((w) => w.until === null).sort((a, b) => b.days - a.days || a.station - b.station);
    const now = document.createElement('p');
    now.id = 'journey-waits';
    now.className = 'hint';
    now.textContent =
      list === null ? `Waiting at the end of ${long(date)}: …`
      : error ? `Could not get the child's steps: ${error}`
      : open.length === 0 ? `Not waiting at any station at the end of ${long(date)}.`
      : `Waiting at the end of ${long(date)}: ${open.map((w) => `${this.stations[w.station]!.name}, ${w.days} days (since ${long(w.since)})`).join('; ')}.`;
    // Ends the metrics do not pair: why the child is still counted where the panel shows an exit.
    const notes = (steps ?? []).flatMap((step) =>
      step.kind === 'exit' && step.unpairedOf
        ? [
            Object.assign(document.createElement('p'), {
              className: 'hint journey-unpaired',
              textContent: `${step.station} ${long(step.date)}: an end recorded under another referral episode, so it is not paired with ${step.unpairedOf.station} (since ${long(step.unpairedOf.since)}): counted as still at ${step.unpairedOf.station}, as the metrics pair an end only with a start of its own episode. The dot goes back there.`,
            }),
          ]
        : [],
    );
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
    this.host.replaceChildren(heading, actions, now, table, ...notes);
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
