// Where each child was on date A and on date B, a two-column Sankey. A child's place on a date is
// where the map counts it at the end of that day (core/whereabouts.ts, the stations endpoint's and the
// flow view's work in progress's own answer): the station of each step it is waiting in, so a child
// whose ICPC and CP plan start fall on one day is on the CP plan, not "at ICPC" (review v9d finding 3).
// A child the map counts at two stations (a CP plan while looked after) has one place named by both
// ("CP plan + Looked after"), so the places partition the children and the bands add up; the children
// at each station (`atA`, `atB`) are the map's counts exactly, a child in two counted at each.
// Children the map counts nowhere on a date have one of the view's own places, which partition the rest:
// "Not yet seen" (no step by then), the exit of their latest step (NFA, closed), "In another cohort"
// (their open steps or latest step fall outside the cohort, as an age band moves on), or "No open step".
import type { JourneySteps } from './journey-steps.js';
import { openStationsAt, stationsAt, type Whereabouts } from '../whereabouts.js';

export const NOT_SEEN = 'not_seen';
export const NO_OPEN_STEP = 'no_open_step';
export const OTHER_COHORT = 'other_cohort';

export interface TwoPointLink {
  /** place at A: station ids joined by '+', an exit's id, or not_seen / no_open_step / other_cohort */
  from: string;
  /** place at B */
  to: string;
  count: number;
  /** count / children whose place on A is `from` */
  share: number;
}

export interface TwoPointPlace {
  id: string;
  name: string;
  /** waiting at one station or more (counted by the map); false for the view's own places */
  open: boolean;
  /** an exit of the map (the place of a child whose latest step was that exit) */
  exit: boolean;
}

export interface TwoPointDate {
  /** per station of the map, in its order: children counted there at the end of the day (stationsAt's `children`) */
  stations: Array<{ id: string; name: string; children: number }>;
  /** children counted at one station or more, each once */
  open: number;
  /** the children counted nowhere, by their place (not seen, an exit, another cohort, no open step): with `open`, every child */
  elsewhere: Array<{ id: string; name: string; children: number }>;
}

export interface TwoPointPathways {
  dateA: number;
  dateB: number;
  /** children in the view: seen by B (in the cohort) */
  children: number;
  /** every place a link uses */
  places: TwoPointPlace[];
  links: TwoPointLink[];
  atA: TwoPointDate;
  atB: TwoPointDate;
}

const OWN_NAMES: Record<string, string> = {
  [NOT_SEEN]: 'Not yet seen',
  [NO_OPEN_STEP]: 'No open step',
  [OTHER_COHORT]: 'In another cohort',
};

/**
 * `include` (per event row) is the cohort: a child's stays count where the row that started them is in
 * it (as the map counts them), and a child is in the view when it is counted somewhere in the cohort on
 * A or on B, or the row of its latest step by B is in it. Throws when B is before A.
 */
export function twoPointPathways(steps: JourneySteps, where: Whereabouts, dateA: number, dateB: number, include: Uint8Array | null = null): TwoPointPathways {
  if (dateB < dateA) throw new RangeError('twoPointPathways: date B must be on or after date A');
  const names = steps.stationIds.map((id, i) => [id, steps.stationNames[i]!] as const);
  const stationName = new Map(names);
  const openA = openStationsAt(where, dateA, include);
  const openB = openStationsAt(where, dateB, include);
  // a child's open steps in any cohort: one counted outside the cohort is "in another cohort", not closed
  const anyA = include ? openStationsAt(where, dateA, null) : openA;
  const anyB = include ? openStationsAt(where, dateB, null) : openB;
  const placeIds = new Map<string, TwoPointPlace>();
  const placeOf = (c: number, open: Map<number, number[]>, any: Map<number, number[]>, latest: number): string => {
    const here = open.get(c);
    if (here) {
      const id = here.map((s) => where.stationIds[s]!).join('+');
      if (!placeIds.has(id)) placeIds.set(id, { id, name: here.map((s) => stationName.get(where.stationIds[s]!)!).join(' + '), open: true, exit: false });
      return id;
    }
    let id: string;
    if (latest < 0) id = NOT_SEEN;
    else if (any.has(c) || (include && include[steps.row[latest]!] !== 1)) id = OTHER_COHORT;
    else if (steps.stationIsExit[steps.station[latest]!]) id = steps.stationIds[steps.station[latest]!]!;
    else id = NO_OPEN_STEP;
    if (!placeIds.has(id)) placeIds.set(id, { id, name: OWN_NAMES[id] ?? stationName.get(id)!, open: false, exit: !(id in OWN_NAMES) });
    return id;
  };

  const counts = new Map<string, number>();
  const fromCounts = new Map<string, number>();
  const toCounts = new Map<string, number>();
  let children = 0;
  let k = 0;
  while (k < steps.count) {
    const c = steps.child[k]!;
    let atA = -1;
    let atB = -1;
    for (; k < steps.count && steps.child[k] === c; k++) {
      // Trips interleave in time (a contact during an episode joins the next run), so compare dates;
      // on a tie the later step wins, being later in the day's order.
      const d = steps.day[k]!;
      if (d <= dateA && (atA < 0 || d >= steps.day[atA]!)) atA = k;
      if (d <= dateB && (atB < 0 || d >= steps.day[atB]!)) atB = k;
    }
    if (atB < 0 && !openA.has(c) && !openB.has(c)) continue;
    if (include && !openA.has(c) && !openB.has(c) && include[steps.row[atB]!] !== 1) continue;
    children++;
    const from = placeOf(c, openA, anyA, atA);
    const to = placeOf(c, openB, anyB, atB);
    const key = `${from}>${to}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    fromCounts.set(from, (fromCounts.get(from) ?? 0) + 1);
    toCounts.set(to, (toCounts.get(to) ?? 0) + 1);
  }
  const links = [...counts].map(([key, count]) => {
    const [from, to] = key.split('>') as [string, string];
    return { from, to, count, share: count / fromCounts.get(from)! };
  });
  links.sort((a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));

  const onDate = (day: number, placeCounts: Map<string, number>): TwoPointDate => {
    // The map's own count, from the function the stations endpoint calls.
    const map = stationsAt(where, day, include).stations;
    const order = [NOT_SEEN, ...steps.stationIds.filter((_, s) => steps.stationIsExit[s]), OTHER_COHORT, NO_OPEN_STEP];
    return {
      stations: map.map((s) => ({ id: s.id, name: stationName.get(s.id) ?? s.id, children: s.children })),
      open: [...placeCounts].reduce((n, [id, count]) => n + (placeIds.get(id)!.open ? count : 0), 0),
      elsewhere: order.filter((id) => placeCounts.has(id)).map((id) => ({ id, name: placeIds.get(id)!.name, children: placeCounts.get(id)! })),
    };
  };
  return {
    dateA,
    dateB,
    children,
    places: [...placeIds.values()],
    links,
    atA: onDate(dateA, fromCounts),
    atB: onDate(dateB, toCounts),
  };
}
