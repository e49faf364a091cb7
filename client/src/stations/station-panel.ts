// The stations as HTML: a focusable button over each station (hover or focus shows its numbers in a
// tooltip; Enter or a click lists the children waiting there, to open one's journey), and the "table"
// alternative with the same numbers for every station. Every number is the stations endpoint's answer
// for the date shown and the active filter, so tooltip, table, badges and API agree. A child waiting
// on two open steps (an assessment while on a CP plan) counts at both but has one dot, at its latest
// step: tooltip and table say how many of a station's children are shown as dots there, and its list
// (the children its number counts) says where each other child's dot is. A station's number counts open
// steps (as the metrics count open periods): a child with two starts and no end counts twice there, so
// where a station's children are fewer than its number, tooltip, table, badge and list say both.
import type { MapStation } from '../../../core/map-schema.js';
import type { PublishedStation } from '../../../core/disclosure/aggregates.js';
import type { StationsAnswer } from './stations-source.js';

export interface StationPanelElements {
  buttons: HTMLElement;
  tooltip: HTMLElement;
  table: HTMLElement;
  list: HTMLElement;
}

/** A child a station counts: its index (no identifier), days waited so far, and where its dot is. */
export interface WaitingChild {
  child: number;
  /** its longest wait there */
  waitedDays: number;
  /** how many of the station's open steps are its own (starts with no end) */
  starts: number;
  /** "25 Oct 2023": the day its longest wait began */
  since: string;
  /** null when its dot waits at this station; otherwise where it is ("Section 47", "in transit") */
  dotAt: string | null;
}

export interface StationPanelOptions {
  /** "31 Mar 2025" for an ISO date */
  longDate(iso: string): string;
  /** stations whose waits past the horizon are not in their number (contacts: core/journey-walk.ts contactStations) */
  uncountedPastHorizon?: ReadonlySet<string>;
  /** the active filter in words, '' for none */
  filterText(): string;
  /** the children station s counts now, longest wait first (absent: no dots, no list of children) */
  childrenAt?(s: number): Promise<WaitingChild[]>;
  /** per station: the dots shown waiting there now (absent: no dots) */
  dotsHere?(): number[];
  /** opens one child's journey */
  openChild?(child: number): void;
  /**
   * A click or tap on a station's button at (clientX, clientY) by a pointer of this type: true when what
   * is drawn there took it (a dot's journey or a station's name opened), so this station's list does not.
   */
  claimTap?(clientX: number, clientY: number, pointerType: string): boolean;
}

/** A count as shown: '[c]' (1 to 4, suppressed for a viewer) stays as it is. */
export const countText = (value: number | '[c]') => (typeof value === 'number' ? value.toLocaleString('en-GB') : value);
const days = (value: number | '[c]' | null) => (value === null ? '—' : typeof value === 'string' ? value : `${Number.isInteger(value) ? value : value.toFixed(1)}`);

/** Whether a station's open steps outnumber its children (some child has two starts and no end there). */
export function fewerChildren(answer: Pick<PublishedStation, 'waiting' | 'children'>): boolean {
  return typeof answer.waiting === 'number' && typeof answer.children === 'number' && answer.children < answer.waiting;
}

/** "390 open · 364 children" where a station's children are fewer than its open steps, else "390 waiting". */
export function waitingWords(answer: Pick<PublishedStation, 'waiting' | 'children'>): string {
  return fewerChildren(answer) ? `${countText(answer.waiting)} open · ${countText(answer.children)} children` : `${countText(answer.waiting)} waiting`;
}

/** Why a station's number can be more than its children, in words. */
export const TWO_STARTS_NOTE = 'A child with two starts and no end counts twice in the open number, as in the metrics, and once in children.';

/**
 * The caption under the map: what its numbers count on `date`, for whom. Where some station's children
 * are fewer than its open steps, it says the numbers are open steps.
 */
export function captionText(date: string, stations: readonly Pick<PublishedStation, 'waiting' | 'children'>[], who: string): string {
  return `${captionLead(date, stations)} · ${who}`;
}

/** What the numbers count on `date`: children, or open steps where some child has two starts with no end. */
export function captionLead(date: string, stations: readonly Pick<PublishedStation, 'waiting' | 'children'>[]): string {
  return stations.some(fewerChildren) ? `Open steps at each station at the end of ${date} (some children count twice)` : `Children waiting at each station at the end of ${date}`;
}

/** The lines a station's tooltip says. */
export function stationSummary(station: MapStation, answer: PublishedStation, date: string, dotsHere?: number, uncounted = false, exact = true): string[] {
  if (station.kind === 'exit') return [`An exit: nobody waits here. Trips that end here leave the map.`];
  const lines = [`${waitingWords(answer)} at the end of ${date}`];
  const split = splitText(answer);
  if (split) lines.push(split);
  if (fewerChildren(answer)) lines.push(TWO_STARTS_NOTE);
  const shown = shownText(typeof answer.children === 'number' ? answer.children : answer.waiting, dotsHere);
  if (shown) lines.push(shown);
  // without exact counts the server gives the 5th longest wait (the longest one child's alone is never shown)
  if (answer.waiting !== 0) lines.push(`median wait ${days(answer.medianWaitDays)} days, ${exact ? 'longest' : 'the 5 longest'} ${days(answer.longestWaitDays)} days${exact ? '' : ' or more'}`);
  if (station.targetWorkingDays !== undefined) lines.push(`${countText(answer.overTarget)} past the ${station.targetWorkingDays} working-day target`);
  const awaiting = answer.parts?.[1];
  if (awaiting && awaiting.waiting !== 0) lines.push(`awaiting ICPC: median ${days(awaiting.medianWaitDays)} days since the enquiry ended, longest ${days(awaiting.longestWaitDays)} days`);
  const stale = staleText(station, answer, uncounted);
  if (stale) lines.push(`Data quality: ${stale}`);
  // the count may be short: before the run-in after the data's first day, or ends missing (core/analysis/run-in.ts)
  const short = incompleteText(answer);
  if (short) lines.push(short);
  const unpaired = unpairedText(answer);
  if (unpaired) lines.push(`Data quality: ${unpaired}`);
  return lines;
}

/**
 * The station's sentence when some of its open periods have an end recorded under another episode (the
 * stations endpoint's `unpairedNote`, the number the forecast's warning gives), else ''.
 */
export function unpairedText(answer: PublishedStation): string {
  return (answer as PublishedStation & { unpairedNote?: string | null }).unpairedNote ?? '';
}

/**
 * "48 enquiries open, 12 awaiting ICPC" at the Section 47 station of a map with a station of its own for
 * the ICPC (the stations answer's `parts`): an enquiry that ended with a conference to come keeps the
 * child, and its dot, at Section 47 until the conference. '' elsewhere.
 */
export function splitText(answer: PublishedStation): string {
  if (!answer.parts) return '';
  const [open, awaiting] = answer.parts;
  return `${countText(open.waiting)} ${open.waiting === 1 ? 'enquiry' : 'enquiries'} open, ${countText(awaiting.waiting)} awaiting ICPC`;
}

/** The station's own sentence when its count may be short (the stations endpoint's `note`), else ''. */
export function incompleteText(answer: PublishedStation): string {
  const a = answer as PublishedStation & { incomplete?: boolean; note?: string | null };
  return a.incomplete && a.note ? a.note : '';
}

/** "over 90 days", "over a year", "over 2 years": a plausibility horizon in words. */
export function horizonWords(days: number): string {
  return days % 365 === 0 ? (days === 365 ? 'over a year' : `over ${days / 365} years`) : `over ${days} days`;
}

/**
 * "12 open for over 90 days: probably records never closed" when some of a station's waiting children
 * are past its plausibility horizon (the map's staleAfterDays), else ''. The numbers still count them,
 * except at a station of contacts (`uncounted`): "553 contacts over 90 days with no referral recorded:
 * not counted here".
 */
export function staleText(station: MapStation, answer: PublishedStation, uncounted = false): string {
  if (station.staleAfterDays === undefined || answer.pastHorizon === 0) return '';
  if (uncounted) return `${countText(answer.pastHorizon)} contacts ${horizonWords(station.staleAfterDays)} with no referral recorded: not counted here`;
  return `${countText(answer.pastHorizon)} open for ${horizonWords(station.staleAfterDays)}: probably records never closed`;
}

/**
 * "1,070 shown here, 166 shown at another open step" when some of a station's children (one dot each)
 * have their dot elsewhere.
 */
export function shownText(children: number | '[c]', dotsHere: number | undefined): string {
  if (dotsHere === undefined || typeof children !== 'number' || dotsHere >= children) return '';
  return `${dotsHere.toLocaleString('en-GB')} shown here, ${(children - dotsHere).toLocaleString('en-GB')} shown at another open step`;
}

export class StationPanel {
  private focused = -1;
  private listed = -1;
  /** Whether the next list drawn takes the focus (one was just opened). */
  private focusOnFill = false;
  private readonly buttons: HTMLButtonElement[] = [];
  private answer: StationsAnswer | null = null;
  /** the list asked for last (a later answer replaces an earlier one) */
  private listRequest = 0;

  constructor(
    private readonly stations: readonly MapStation[],
    private readonly elements: StationPanelElements,
    private readonly options: StationPanelOptions,
  ) {
    elements.buttons.replaceChildren();
    stations.forEach((station, s) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'station-hit';
      button.dataset.station = station.id;
      button.setAttribute('aria-label', station.name);
      button.setAttribute('aria-controls', 'station-list');
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
      if (options.childrenAt) {
        button.addEventListener('click', (event) => {
          // A dot waiting under the button is what a pointer meant (review v8c finding 4: on a phone a
          // quarter of the waiting dots sit under one), and so is a station's name a phone moved the tap
          // from. Enter and Space (detail 0), and a tap on nothing else, list this station.
          const pointerType = (event as PointerEvent).pointerType || 'mouse';
          if (event.detail > 0 && options.claimTap?.(event.clientX, event.clientY, pointerType)) return;
          this.openList(s);
        });
      }
      else button.removeAttribute('aria-controls');
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

  show(answer: StationsAnswer): void {
    this.answer = answer;
    this.refresh();
  }

  /** Updates the open tooltip and, when shown, the table and the station's list. */
  refresh(): void {
    const answer = this.answer;
    if (!answer) return;
    const date = this.options.longDate(answer.at);
    const needDots = this.focused >= 0 || !this.elements.table.hidden;
    const here = needDots ? this.options.dotsHere?.() : undefined;
    if (this.focused >= 0) {
      const s = this.focused;
      const station = this.stations[s]!;
      const tip = this.elements.tooltip;
      const title = document.createElement('strong');
      title.textContent = station.name;
      const filter = this.options.filterText();
      tip.replaceChildren(title, ...stationSummary(station, answer.stations[s]!, date, here?.[s], this.options.uncountedPastHorizon?.has(station.id), answer.disclosure?.exactCounts ?? true).map(line), ...(filter ? [line(`filter: ${filter}`)] : []));
      const button = this.buttons[s]!;
      tip.style.left = `${parseFloat(button.style.left) + 18}px`;
      tip.style.top = `${parseFloat(button.style.top) + 12}px`;
      tip.hidden = false;
      button.setAttribute('aria-description', tip.textContent ?? '');
    }
    if (!this.elements.table.hidden) this.fillTable(answer, date, here);
    if (this.listed >= 0 && !this.elements.list.hidden) this.fillList(this.listed);
  }

  private fillTable(answer: StationsAnswer, date: string, here: number[] | undefined): void {
    const table = this.elements.table;
    const caption = table.querySelector('#table-date');
    if (caption) caption.textContent = date;
    const longest = table.querySelector('#table-longest');
    if (longest) longest.textContent = answer.disclosure?.exactCounts === false ? 'Longest wait at least 5 share (days)' : 'Longest wait (days)';
    const who = table.querySelector('#table-cohort');
    if (who) who.textContent = this.options.filterText() || 'all children';
    const rows = this.stations.map((station, s) => {
      const a = answer.stations[s]!;
      const tr = document.createElement('tr');
      tr.dataset.station = station.id;
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = station.name;
      const exit = station.kind === 'exit';
      // Waits past the station's plausibility horizon: a data-quality note under its name.
      const stale = exit ? '' : staleText(station, a, this.options.uncountedPastHorizon?.has(station.id));
      if (stale) th.append(Object.assign(document.createElement('span'), { className: 'stale', textContent: stale }));
      // Section 47 in its two parts, under its name (its numbers are both together, as its dots are).
      const split = exit ? '' : splitText(a);
      if (split) th.append(Object.assign(document.createElement('span'), { className: 'split', textContent: split }));
      // In the table the count alone, the sentence on hover: a phone's table held every sentence in full and
      // grew past its panel (map.test.ts, the awkward log: 1,168 px of rows in 773).
      const unpaired = exit ? '' : unpairedText(a);
      const unpairedEnds = (a as PublishedStation & { unpairedEnds?: number | string }).unpairedEnds;
      if (unpaired) th.append(Object.assign(document.createElement('span'), { className: 'stale unpaired', textContent: `${unpairedEnds ?? 'some'} may have ended`, title: unpaired }));
      const short = exit ? '' : incompleteText(a);
      if (short) {
        tr.classList.add('incomplete');
        th.append(Object.assign(document.createElement('span'), { className: 'stale incomplete', textContent: short }));
      }
      tr.append(
        th,
        cell(exit ? '—' : countText(a.waiting)),
        Object.assign(cell(exit ? '—' : countText(a.children)), { className: fewerChildren(a) ? 'children fewer' : 'children' }),
        cell(exit ? '—' : days(a.medianWaitDays)),
        cell(exit ? '—' : days(a.longestWaitDays)),
        cell(station.targetWorkingDays === undefined ? '—' : `${countText(a.overTarget)} (${station.targetWorkingDays} WD)`),
        Object.assign(cell(exit || here === undefined ? '—' : shownText(typeof a.children === 'number' ? a.children : a.waiting, here[s]) || 'all'), { className: 'dots-only dots-here' }),
      );
      return tr;
    });
    table.querySelector('tbody')!.replaceChildren(...rows);
    // Where a station's children are fewer than its open steps, the note under the table says why.
    const note = table.querySelector<HTMLElement>('#table-note');
    if (note) {
      const fewer = this.stations.flatMap((station, s) => (station.kind !== 'exit' && fewerChildren(answer.stations[s]!) ? [`${station.name} ${waitingWords(answer.stations[s]!)}`] : []));
      note.hidden = fewer.length === 0;
      note.textContent = fewer.length === 0 ? '' : `Waiting counts open steps: at Assessment, CP plan, Looked after, CIN plan and Early help each start with no end, as the metrics count open periods. ${TWO_STARTS_NOTE} Here: ${fewer.join('; ')}.`;
    }
  }

  /** The children a station counts, each a button that opens the child's journey. */
  openList(s: number): void {
    this.listed = s;
    // Never the last list (another station's, or another date's) while this one is asked for.
    this.elements.list.replaceChildren(Object.assign(document.createElement('p'), { className: 'hint', textContent: `Listing the children at ${this.stations[s]!.name}…` }));
    this.elements.list.hidden = false;
    // The first list drawn takes the focus, whichever request draws it (a refit's refill can overtake this one).
    this.focusOnFill = true;
    void this.fillList(s);
  }

  /** Whether this request's list was drawn (not overtaken by a later one). */
  private async fillList(s: number): Promise<boolean> {
    const request = ++this.listRequest;
    const station = this.stations[s]!;
    const list = this.elements.list;
    let dots: WaitingChild[];
    try {
      dots = (await this.options.childrenAt?.(s)) ?? [];
    } catch (error) {
      if (request !== this.listRequest) return false;
      list.replaceChildren(Object.assign(document.createElement('p'), { textContent: `Could not list the children at ${station.name}: ${(error as Error).message}` }));
      return false;
    }
    if (request !== this.listRequest || this.listed !== s) return false;
    const here = dots.filter((d) => d.dotAt === null).length;
    const starts = dots.reduce((sum, d) => sum + d.starts, 0);
    const heading = document.createElement('h2');
    heading.textContent = `${station.name}: ${waitingWords({ waiting: starts, children: dots.length })}${here < dots.length ? `, ${here.toLocaleString('en-GB')} shown here` : ''}`;
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'close';
    close.textContent = 'Close';
    close.addEventListener('click', () => {
      list.hidden = true;
      this.listed = -1;
      this.focusOnFill = false;
      this.buttons[s]?.focus();
    });
    const note = document.createElement('p');
    note.className = 'hint';
    note.textContent = `Each child counted here, once, by its number in this dataset (no identifier leaves the server). A child waiting on two open steps has one dot, at its latest step.${starts > dots.length ? ` ${TWO_STARTS_NOTE}` : ''} Choose one to see its journey.`;
    const items = document.createElement('ul');
    for (const dot of dots.slice(0, 200)) {
      const li = document.createElement('li');
      const open = document.createElement('button');
      open.type = 'button';
      open.dataset.child = String(dot.child);
      const twice = dot.starts > 1 ? `, ${dot.starts} starts with no end since ${dot.since}` : '';
      open.textContent = `Child ${dot.child}: waiting ${dot.waitedDays} days${twice}${dot.dotAt === null ? '' : ` (dot at ${dot.dotAt})`}`;
      open.addEventListener('click', () => this.options.openChild?.(dot.child));
      li.append(open);
      items.append(li);
    }
    const more = dots.length > 200 ? [Object.assign(document.createElement('p'), { className: 'hint', textContent: `The 200 longest waits of ${dots.length}.` })] : [];
    // A refill (new numbers, a refit of the map) replaces the buttons: a keyboard user inside the list keeps
    // their place (the same child's button, else the first) instead of being dropped onto the page's body.
    const active = document.activeElement;
    const inList = active instanceof HTMLElement && list.contains(active);
    const child = inList ? active.dataset.child : undefined;
    list.replaceChildren(heading, note, items, ...more, close);
    const first = list.querySelector<HTMLButtonElement>('button');
    if (this.focusOnFill) first?.focus();
    else if (inList && child === undefined) close.focus();
    else if (inList) (items.querySelector<HTMLButtonElement>(`button[data-child="${child}"]`) ?? first)?.focus();
    this.focusOnFill = false;
    return true;
  }
}

function line(text: string): HTMLElement {
  const span = document.createElement('span');
  span.style.display = 'block';
  span.textContent = text;
  return span;
}

function cell(value: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = value;
  return td;
}
