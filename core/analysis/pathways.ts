// The Sankey of pathways, unrolled so that it has no cycles (d3-sankey cannot draw them): a node is a
// station at a step of a trip, `station@episode` with the step's position. A repeat visit within an
// episode (assessment → S47 → assessment) therefore gets its own node rather than being folded, and
// every link goes forward: from step s to s+1 of a trip, or from a trip's last step to the first
// step of the child's next trip (so a re-referral is a visible flow into episode 2).
import type { JourneySteps } from './journey-steps.js';

export interface PathwayOptions {
  /** trips whose first step is dated in [from, to] are drawn, with all their steps */
  from: number;
  to: number;
  /** trips of episode ordinal above this are left out (and counted). @default 3 */
  maxEpisodes?: number;
  /** steps after this many in one trip are left out (and counted). @default 6 */
  maxSteps?: number;
  /** per event row: 1 = in the cohort (a trip counts when its first step's row is); null = all */
  include?: Uint8Array | null;
}

export interface PathwayNode {
  /** `${station}@${episode}` plus `pre` and the step, e.g. `assessment@2.3`, `contact@1pre.1` */
  id: string;
  station: string;
  name: string;
  episode: number;
  /** true for the events in no episode before episode `episode` */
  pre: boolean;
  step: number;
  /** trips passing through */
  value: number;
}

export interface PathwayLink {
  source: string;
  target: string;
  /** trips taking this link */
  count: number;
  /** count / source node's value */
  share: number;
  /** true when the link joins one trip to the child's next (a return) */
  between: boolean;
}

export interface Pathways {
  nodes: PathwayNode[];
  links: PathwayLink[];
  trips: number;
  /** what was left out, so nothing is dropped silently */
  leftOut: { tripsBeyondMaxEpisodes: number; stepsBeyondMaxSteps: number };
}

export function unrollPathways(steps: JourneySteps, options: PathwayOptions): Pathways {
  const { from, to, maxEpisodes = 3, maxSteps = 6, include = null } = options;
  if (!(maxEpisodes >= 1 && maxSteps >= 1)) throw new RangeError(`unrollPathways: maxEpisodes and maxSteps must be ≥ 1`);
  const nodes = new Map<string, PathwayNode>();
  const links = new Map<string, PathwayLink>();
  let trips = 0;
  let tripsBeyondMaxEpisodes = 0;
  let stepsBeyondMaxSteps = 0;

  const nodeFor = (k: number, position: number): PathwayNode => {
    const station = steps.station[k]!;
    const episode = steps.ordinal[k]!;
    const pre = steps.pre[k] === 1;
    const id = `${steps.stationIds[station]}@${episode}${pre ? 'pre' : ''}.${position}`;
    let node = nodes.get(id);
    if (!node) {
      node = { id, station: steps.stationIds[station]!, name: steps.stationNames[station]!, episode, pre, step: position, value: 0 };
      nodes.set(id, node);
    }
    return node;
  };
  const addLink = (source: PathwayNode, target: PathwayNode, between: boolean): void => {
    const key = `${source.id}>${target.id}`;
    let link = links.get(key);
    if (!link) links.set(key, (link = { source: source.id, target: target.id, count: 0, share: 0, between }));
    link.count++;
  };

  let previousChild = -1;
  let previousTail: PathwayNode | null = null; // last node of the child's previous drawn trip
  let k = 0;
  while (k < steps.count) {
    const t = steps.trip[k]!;
    let end = k;
    while (end < steps.count && steps.trip[end] === t) end++;
    const c = steps.child[k]!;
    if (c !== previousChild) {
      previousChild = c;
      previousTail = null;
    }
    const inWindow = steps.day[k]! >= from && steps.day[k]! <= to;
    const inCohort = include === null || include[steps.row[k]!] === 1;
    if (!inWindow || !inCohort) {
      previousTail = null;
    } else if (steps.ordinal[k]! > maxEpisodes) {
      tripsBeyondMaxEpisodes++;
      previousTail = null;
    } else {
      trips++;
      let previous: PathwayNode | null = previousTail;
      const between = previousTail !== null;
      for (let j = k; j < end; j++) {
        const position = j - k + 1;
        if (position > maxSteps) {
          stepsBeyondMaxSteps += end - j;
          break;
        }
        const node = nodeFor(j, position);
        node.value++;
        if (previous) addLink(previous, node, between && j === k);
        previous = node;
      }
      previousTail = previous;
    }
    k = end;
  }

  for (const link of links.values()) link.share = link.count / nodes.get(link.source)!.value;
  const nodeList = [...nodes.values()].sort(
    (a, b) => a.episode - b.episode || Number(b.pre) - Number(a.pre) || a.step - b.step || a.station.localeCompare(b.station),
  );
  const linkList = [...links.values()].sort((a, b) => b.count - a.count || a.source.localeCompare(b.source) || a.target.localeCompare(b.target));
  return { nodes: nodeList, links: linkList, trips, leftOut: { tripsBeyondMaxEpisodes, stepsBeyondMaxSteps } };
}

/** The links as d3-sankey wants them, on fresh objects: d3-sankey mutates what it is given. */
export function sankeyInput(pathways: Pathways): { nodes: Array<{ id: string; name: string }>; links: Array<{ source: string; target: string; value: number }> } {
  return {
    nodes: pathways.nodes.map((n) => ({ id: n.id, name: n.name })),
    links: pathways.links.map((l) => ({ source: l.source, target: l.target, value: l.count })),
  };
}
