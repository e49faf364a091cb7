// A Sankey a reader can take in: at most `maxColumns` columns (trips that go on are gathered into one
// "Later steps" node after the last) and at most `maxPerColumn` nodes a column (the smaller ones
// gathered into one "Other" node of that column). Pure data in, data out: no DOM, input not mutated.
// Columns are each node's longest-path depth, the column d3-sankey's left alignment gives it, so the
// result is still acyclic (every link goes to a later column) and merged nodes keep their column.
import type { SankeyInputLink, SankeyInputNode } from './sankey.js';

export interface ColumnNode extends SankeyInputNode {
  column: number;
  /** the names gathered into this node ("Other", "Later steps"), else empty */
  members: string[];
}

export interface ColumnLink extends SankeyInputLink {
  /** how many published links were gathered into this one */
  merged: number;
  /** the band width the layout gives it: published counts, and SUPPRESSED_WIDTH for each [c] part */
  width: number;
  /** the sum of its published parts (a lower bound when a part is [c]) */
  atLeast: number;
}

export interface SimplifiedSankey {
  nodes: ColumnNode[];
  links: ColumnLink[];
  columns: number;
  /** nodes gathered into "Other" or "Later steps" */
  gathered: number;
}

/** The band width a [c] link takes in the layout (it has no published count). */
export const SUPPRESSED_WIDTH = 2;

export const OTHER_GROUP = 'other';

/** Longest-path depth of every node (links must not form a cycle). */
export function nodeColumns(nodes: readonly SankeyInputNode[], links: readonly SankeyInputLink[]): Map<string, number> {
  const outs = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  const indegree = new Map<string, number>(nodes.map((n) => [n.id, 0]));
  for (const l of links) {
    if (!outs.has(l.source) || !outs.has(l.target)) throw new Error(`sankey link ${l.source} → ${l.target}: missing node`);
    outs.get(l.source)!.push(l.target);
    indegree.set(l.target, indegree.get(l.target)! + 1);
  }
  const depth = new Map<string, number>(nodes.map((n) => [n.id, 0]));
  const queue = nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  let seen = 0;
  while (queue.length) {
    const id = queue.shift()!;
    seen++;
    for (const t of outs.get(id)!) {
      depth.set(t, Math.max(depth.get(t)!, depth.get(id)! + 1));
      indegree.set(t, indegree.get(t)! - 1);
      if (indegree.get(t) === 0) queue.push(t);
    }
  }
  if (seen !== nodes.length) throw new Error('sankey: circular link');
  return depth;
}

const widthOf = (l: SankeyInputLink) => l.value ?? SUPPRESSED_WIDTH;

/** Gathers columns after the last and the smaller nodes of each column, merging links that then join the same pair. */
export function simplifySankey(
  nodes: readonly SankeyInputNode[],
  links: readonly SankeyInputLink[],
  options: { maxColumns: number; maxPerColumn: number; otherName?: (gathered: number) => string },
): SimplifiedSankey {
  const { maxColumns, maxPerColumn, otherName = (n: number) => `Other (${n} steps)` } = options;
  if (maxColumns < 2 || maxPerColumn < 2) throw new RangeError(`simplifySankey: maxColumns and maxPerColumn must be at least 2 (got ${maxColumns}, ${maxPerColumn})`);
  const depth = nodeColumns(nodes, links);
  const columns = Math.max(0, ...depth.values()) + 1;
  // The last column kept for real nodes; when there are more, one more column holds "Later steps".
  const lastReal = columns > maxColumns ? maxColumns - 2 : columns - 1;
  const later: ColumnNode = { id: 'later@', name: 'Later steps', group: OTHER_GROUP, column: lastReal + 1, members: [] };
  // A node's size: the larger of what comes in and what goes out, as d3-sankey sizes it.
  const size = new Map<string, { in: number; out: number }>(nodes.map((n) => [n.id, { in: 0, out: 0 }]));
  for (const l of links) {
    size.get(l.source)!.out += widthOf(l);
    size.get(l.target)!.in += widthOf(l);
  }
  const sizeOf = (id: string) => Math.max(size.get(id)!.in, size.get(id)!.out);
  const target = new Map<string, ColumnNode>();
  const byColumn = new Map<number, SankeyInputNode[]>();
  for (const n of nodes) {
    const d = depth.get(n.id)!;
    if (d > lastReal) {
      later.members.push(n.name);
      target.set(n.id, later);
    } else byColumn.set(d, [...(byColumn.get(d) ?? []), n]);
  }
  const kept: ColumnNode[] = [];
  let gathered = later.members.length;
  for (const [d, list] of [...byColumn].sort((a, b) => a[0] - b[0])) {
    const ranked = [...list].sort((a, b) => sizeOf(b.id) - sizeOf(a.id));
    const keep = ranked.length > maxPerColumn ? ranked.slice(0, maxPerColumn - 1) : ranked;
    for (const n of keep) {
      const node: ColumnNode = { ...n, column: d, members: [] };
      kept.push(node);
      target.set(n.id, node);
    }
    if (keep.length < ranked.length) {
      const other: ColumnNode = { id: `other@${d}`, name: otherName(ranked.length - keep.length), group: OTHER_GROUP, column: d, members: [] };
      for (const n of ranked.slice(keep.length)) {
        other.members.push(n.name);
        target.set(n.id, other);
      }
      gathered += other.members.length;
      kept.push(other);
    }
  }
  if (later.members.length) kept.push(later);
  const merged = mergeLinks(links, (id) => target.get(id)!.id, (id) => target.get(id)!.members.length > 0, (id) => target.get(id) === later);
  return {
    nodes: kept,
    links: merged,
    columns: Math.min(columns, lastReal + (later.members.length ? 2 : 1)),
    gathered,
  };
}

/**
 * Links re-pointed through `to` (a node id to the id of the node it is gathered into), those that then
 * join the same pair merged, and links that fall inside one node (or leave `dropFrom`) left out. A
 * count stays published only when every part is; a share only when the source was not gathered (the
 * parts then share its total).
 */
export function mergeLinks(links: readonly SankeyInputLink[], to: (id: string) => string, gathered: (id: string) => boolean, dropFrom: (id: string) => boolean = () => false): ColumnLink[] {
  const merged = new Map<string, ColumnLink>();
  for (const l of links) {
    const source = to(l.source);
    const target = to(l.target);
    if (source === target || dropFrom(l.source)) continue;
    const shared = !gathered(l.source);
    const key = `${source}>${target}`;
    const m = merged.get(key);
    if (!m) {
      merged.set(key, { source, target, value: l.value, share: shared ? l.share : null, merged: 1, width: widthOf(l), atLeast: l.value ?? 0 });
      continue;
    }
    m.merged++;
    m.width += widthOf(l);
    m.atLeast += l.value ?? 0;
    m.value = m.value === null || l.value === null ? null : m.value + l.value;
    m.share = m.share === null || l.share === null || !shared ? null : m.share + l.share;
  }
  return [...merged.values()];
}

/**
 * Gathers the nodes `keyOf` maps to the same key into one node named by `nameOf(key)`; nodes it maps
 * to null are kept. Links inside a gathered node are left out (a contact after a contact before the
 * same episode), so a chain of steps becomes one node and the graph stays acyclic.
 */
export function gatherNodes(
  nodes: readonly SankeyInputNode[], links: readonly SankeyInputLink[], keyOf: (n: SankeyInputNode) => string | null, nameOf: (key: string, members: string[]) => string,
): { nodes: SankeyInputNode[]; links: SankeyInputLink[] } {
  const into = new Map<string, string>();
  const members = new Map<string, string[]>();
  const out: SankeyInputNode[] = [];
  for (const n of nodes) {
    const key = keyOf(n);
    if (key === null) {
      into.set(n.id, n.id);
      out.push(n);
      continue;
    }
    if (!members.has(key)) {
      members.set(key, []);
      out.push({ id: key, name: key, group: n.group });
    }
    members.get(key)!.push(n.name);
    into.set(n.id, key);
  }
  for (const n of out) if (members.has(n.id)) n.name = nameOf(n.id, members.get(n.id)!);
  const gathered = (id: string) => members.has(into.get(id)!);
  return { nodes: out, links: mergeLinks(links, (id) => into.get(id)!, gathered) };
}
