// Trips that stop inside a gathered node. The pathways chart gathers the contacts, early help and NFAs
// before an episode into one node ("Contacts before ep 1") and drops the links inside it, so a trip of
// contact → NFA that never reached a referral had no band at all: the node was drawn at the size of the
// few trips that went on (33 of the demo's 1,041). Here each gathered step's trips that go no further
// (its trips less the links out of it) become a link to a node of their own beside the episode, named
// as the step is ("NFA (before ep 1)"), so every trip has a band. Pure data in, data out.
import type { PathwaysView } from '../../../server/routes/views/pathways.js';
import { value } from './labels.js';
import { gatherNodes } from './sankey-columns.js';
import type { SankeyInputLink, SankeyInputNode } from './sankey.js';

export interface StepNode extends SankeyInputNode {
  /** trips through this step (published: null when [c]) */
  trips: number | null;
}

/**
 * For every node `gatheredInto` maps to a group, the trips that stop there as a link from it to an end
 * node of its group and station (one per pair, so 2 NFAs before episode 1 share one). A count is null
 * ([c]) when a link out is; a difference of 0 or below (rounded counts) gives no link.
 */
export function tripEnds(
  nodes: readonly StepNode[],
  links: readonly SankeyInputLink[],
  gatheredInto: (n: SankeyInputNode) => string | null,
): { nodes: SankeyInputNode[]; links: SankeyInputLink[] } {
  const out = new Map<string, { sum: number; suppressed: boolean }>();
  for (const l of links) {
    const o = out.get(l.source) ?? { sum: 0, suppressed: false };
    if (l.value === null) o.suppressed = true;
    else o.sum += l.value;
    out.set(l.source, o);
  }
  const endNodes = new Map<string, SankeyInputNode>();
  const endLinks: SankeyInputLink[] = [];
  for (const n of nodes) {
    const group = gatheredInto(n);
    if (group === null) continue;
    // a step of 1 to 4 trips ([c]) has no band to give; one whose links out include a [c] gets a [c] band
    // when its published links leave some of its trips unaccounted for
    if (n.trips === null) continue;
    const o = out.get(n.id) ?? { sum: 0, suppressed: false };
    if (n.trips - o.sum <= 0) continue;
    const stopped = o.suppressed ? null : n.trips - o.sum;
    const id = `end:${group}:${n.group}`;
    if (!endNodes.has(id)) endNodes.set(id, { id, name: n.name, group: n.group });
    endLinks.push({ source: n.id, target: id, value: stopped, share: null });
  }
  return { nodes: [...endNodes.values()], links: endLinks };
}

/**
 * The pathways view's graph as the chart draws it: the steps before each episode gathered into one node
 * ("Contacts before ep 1"), with the trips that stop inside it given bands to where they stopped.
 */
export function pathwayGraph(view: Pick<PathwaysView, 'nodes' | 'links'>): { nodes: SankeyInputNode[]; links: SankeyInputLink[] } {
  const all = view.nodes.map((n) => ({ id: String(n.id), name: `${n.name} ${n.pre === 'yes' ? '(before ep ' : '(ep '}${n.episode})`, group: String(n.station), trips: value(n.trips) }));
  const episodeOf = new Map(view.nodes.map((n) => [String(n.id), n.pre === 'yes' ? Number(n.episode) : null]));
  // A chain of contacts, early help and NFAs before an episode otherwise takes up to six columns and
  // pushes the episode itself off the page.
  const beforeEpisode = (n: { id: string }) => {
    const episode = episodeOf.get(n.id);
    return episode == null ? null : `before@${episode}`;
  };
  const stepLinks = view.links.map((l) => ({ source: String(l.source), target: String(l.target), value: value(l.count), share: value(l.share) }));
  const ends = tripEnds(all, stepLinks, beforeEpisode);
  return gatherNodes(
    [...all.map(({ trips: _, ...n }) => n), ...ends.nodes],
    [...stepLinks, ...ends.links],
    beforeEpisode,
    (key) => `Contacts before ep ${key.slice(key.indexOf('@') + 1)}`,
  );
}
