// The pathways and two-point Sankeys with d3-sankey. d3-sankey mutates what it is given and throws on
// cycles; the API's pathways are acyclic by construction and are copied here before layout. A link
// whose count is suppressed ([c]) is drawn thin and dashed at a nominal width of 2 and says [c].
import * as d3 from 'd3';
import { sankey, sankeyLinkHorizontal, type SankeyLink, type SankeyNode } from 'd3-sankey';
import { chartWidth, PALETTE } from './charts.js';
import type { Figure } from './figure.js';

export interface SankeyInputNode {
  id: string;
  name: string;
  /** colour group (the station) */
  group: string;
}

export interface SankeyInputLink {
  source: string;
  target: string;
  /** null: suppressed */
  value: number | null;
  /** share of the source, or null when suppressed */
  share: number | null;
}

interface LaidLink {
  source: string;
  target: string;
  /** the width the layout uses */
  value: number;
  /** the published count (null: [c]) and share */
  count: number | null;
  share: number | null;
}
type N = SankeyNode<SankeyInputNode, LaidLink>;
type L = SankeyLink<SankeyInputNode, LaidLink>;

const SUPPRESSED_WIDTH = 2;

export function drawSankey(figure: Figure, nodes: readonly SankeyInputNode[], links: readonly SankeyInputLink[], options: { fit?: boolean } = {}): void {
  if (links.length === 0) {
    const p = document.createElement('p');
    p.textContent = 'No journeys in this window and cohort.';
    figure.body.append(p);
    return;
  }
  const columnOf = (id: string) => (id.includes('@') ? id.slice(id.indexOf('@')) : id.slice(0, 2));
  const perColumn = new Map<string, number>();
  for (const n of nodes) perColumn.set(columnOf(n.id), (perColumn.get(columnOf(n.id)) ?? 0) + 1);
  const columns = perColumn.size;
  const tallest = Math.max(...perColumn.values());
  const page = chartWidth(figure);
  // A two-date Sankey fits the page; a many-step one keeps ~150 units a column and scrolls sideways.
  const width = options.fit ? page : Math.max(page, columns * 150);
  // Room for every node's padding and label in the fullest column, plus the bands themselves.
  const height = Math.max(360, tallest * 22 + 120);
  const layout = sankey<SankeyInputNode, LaidLink>()
    .nodeId((n) => n.id)
    .nodeWidth(12)
    .nodePadding(14)
    .extent([
      [4, 8],
      [width - 4, height - 8],
    ]);
  const graph = layout({
    nodes: nodes.map((n) => ({ ...n })),
    links: links.map((l) => ({ source: l.source, target: l.target, value: l.value ?? SUPPRESSED_WIDTH, count: l.value, share: l.share })),
  });
  const groups = [...new Set(nodes.map((n) => n.group))];
  const colour = (group: string) => PALETTE[groups.indexOf(group) % PALETTE.length]!;
  const scroller = document.createElement('div');
  scroller.className = options.fit ? 'sankey-fit' : 'sankey-scroll';
  figure.body.append(scroller);
  const svg = d3
    .select(scroller)
    .append('svg')
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('width', options.fit ? '100%' : width)
    .attr('role', 'img')
    .attr('aria-label', figure.element.querySelector('h3')?.textContent ?? 'Sankey')
    .attr('font-size', 12)
    .attr('font-family', "system-ui, 'Segoe UI', Helvetica, Arial, sans-serif");
  const fmtShare = (s: number | null) => (s === null ? '[c]' : `${(s * 100).toFixed(1)}%`);
  const describe = (l: L) => {
    const s = (l.source as N).name;
    const t = (l.target as N).name;
    return l.count === null ? `${s} → ${t}: [c] (fewer than 5)` : `${s} → ${t}: ${l.count.toLocaleString('en-GB')} (${fmtShare(l.share)} of ${s})`;
  };
  svg
    .append('g')
    .attr('fill', 'none')
    .selectAll('path')
    .data(graph.links)
    .join('path')
    .attr('d', sankeyLinkHorizontal())
    .attr('stroke', (l) => colour((l.source as N).group))
    .attr('stroke-opacity', 0.35)
    .attr('stroke-width', (l) => Math.max(1, l.width ?? 1))
    .attr('stroke-dasharray', (l) => (l.count === null ? '3 2' : null))
    .attr('tabindex', 0)
    .attr('aria-label', describe)
    .on('mouseenter focus', function (_event, l) {
      d3.select(this).attr('stroke-opacity', 0.75);
      figure.readout.textContent = describe(l);
    })
    .on('mouseleave blur', function () {
      d3.select(this).attr('stroke-opacity', 0.35);
    })
    .append('title')
    .text(describe);
  const node = svg.append('g').selectAll('g').data(graph.nodes).join('g');
  const total = (n: N) => {
    const ins = (n.targetLinks ?? []) as L[];
    const list = ins.length ? ins : ((n.sourceLinks ?? []) as L[]);
    return list.some((l) => l.count === null) ? null : d3.sum(list, (l) => l.count ?? 0);
  };
  node
    .append('rect')
    .attr('x', (n) => n.x0!)
    .attr('y', (n) => n.y0!)
    .attr('width', (n) => n.x1! - n.x0!)
    .attr('height', (n) => Math.max(1, n.y1! - n.y0!))
    .attr('fill', (n) => colour(n.group))
    .append('title')
    .text((n) => `${n.name}: ${total(n)?.toLocaleString('en-GB') ?? 'includes [c]'}`);
  // Labels inside the drawing: right of a node in the left half, left of it in the right half, so the
  // last column's labels never run off the edge; the padding between nodes (14) leaves room for every label.
  node
    .append('text')
    .attr('x', (n) => (n.x0! < width / 2 ? n.x1! + 4 : n.x0! - 4))
    .attr('text-anchor', (n) => (n.x0! < width / 2 ? 'start' : 'end'))
    .attr('y', (n) => (n.y0! + n.y1!) / 2)
    .attr('dy', '0.35em')
    .attr('paint-order', 'stroke')
    .attr('stroke', '#fff')
    .attr('stroke-width', 3)
    .attr('stroke-linejoin', 'round')
    .text((n) => n.name);
}
