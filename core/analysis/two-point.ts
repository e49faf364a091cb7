// Where each child was on date A and on date B: the station of the child's latest step on or before
// the date, or "not yet seen" when the child has no step by then. A two-column Sankey.
import type { JourneySteps } from './journey-steps.js';

export const NOT_SEEN = 'not_seen';

export interface TwoPointLink {
  /** station id at A (or not_seen) */
  from: string;
  /** station id at B */
  to: string;
  count: number;
  /** count / children at `from` on A */
  share: number;
}

export interface TwoPointPathways {
  dateA: number;
  dateB: number;
  /** children seen by B (in the cohort) */
  children: number;
  stations: Array<{ id: string; name: string }>;
  links: TwoPointLink[];
}

/**
 * `include` (per event row) keeps a child when the row of its latest step on or before B is in the
 * cohort. Throws when B is before A.
 */
export function twoPointPathways(steps: JourneySteps, dateA: number, dateB: number, include: Uint8Array | null = null): TwoPointPathways {
  if (dateB < dateA) throw new RangeError('twoPointPathways: date B must be on or after date A');
  const counts = new Map<string, number>();
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
    if (atB < 0) continue;
    if (include && include[steps.row[atB]!] !== 1) continue;
    children++;
    const from = atA < 0 ? NOT_SEEN : steps.stationIds[steps.station[atA]!]!;
    const to = steps.stationIds[steps.station[atB]!]!;
    const key = `${from}>${to}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const fromTotals = new Map<string, number>();
  for (const [key, count] of counts) {
    const from = key.slice(0, key.indexOf('>'));
    fromTotals.set(from, (fromTotals.get(from) ?? 0) + count);
  }
  const links = [...counts].map(([key, count]) => {
    const [from, to] = key.split('>') as [string, string];
    return { from, to, count, share: count / fromTotals.get(from)! };
  });
  links.sort((a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return {
    dateA,
    dateB,
    children,
    stations: [{ id: NOT_SEEN, name: 'Not yet seen' }, ...steps.stationIds.map((id, i) => ({ id, name: steps.stationNames[i]! }))],
    links,
  };
}
