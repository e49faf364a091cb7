// The pathways and two-point Sankeys with d3-sankey. d3-sankey mutates what it is given and throws on
// cycles; the API's pathways are acyclic by construction and are copied here before layout.
import * as d3 from 'd3';
import { sankey, sankeyLinkHorizontal, type SankeyLink, type SankeyNode } from 'd3-sankey';
import { PALETTE } from './charts.js';
import { appendChartHeading } from './charts.js';

export interface SankeyInputNode {
  id: string;
  name: string;
  /** colour group (the station) */
  group: string;
}

export interface SankeyInputLink {
  source: string;
  target: string;
  value: number;
  share: number;
}

type N = SankeyNode<SankeyInputNode, SankeyInputLink>;
type L = SankeyLink<SankeyInputNode, SankeyInputLink>;

export function drawSankey(host: HTMLElement, readout: HTMLElement, title: string, subtitle: string, nodes: readonly SankeyInputNode[], links: readonly SankeyInputLink[]): void {
  appendChartHeading(host, title, subtitle);
  if (links.length === 0) {
    const p = document.createElement('p');
    p.textContent = 'No journeys in this window and cohort.';
    host.append(p);
    return;
  }
  const columns = new Set(nodes.map((n) => n.id.replace(/^.*@/, ''))).size;
  // About 120 units per column, so a column's labels have room before the next column's nodes.
  const width = Math.max(1100, columns * 130);
  const height = Math.max(360, Math.min(900, nodes.length * 14 + 80, 60 * columns + 300));
  const layout = sankey<SankeyInputNode, SankeyInputLink>()
    .nodeId((n) => n.id)
    .nodeWidth(12)
    .nodePadding(10)
    .extent([
      [8, 8],
      [width - 160, height - 8],
    ]);
  const graph = layout({ nodes: nodes.map((n) => ({ ...n })), links: links.map((l) => ({ ...l })) });
  const groups = [...new Set(nodes.map((n) => n.group))];
  const colour = (group: string) => PALETTE[groups.indexOf(group) % PALETTE.length]!;
  // Drawn at its natural size in a scrolling box: scaled down to the page, a many-column Sankey's labels
  // would be too small to read.
  const scroller = document.createElement('div');
  scroller.className = 'sankey-scroll';
  host.append(scroller);
  const svg = d3.select(scroller).append('svg').attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`).attr('role', 'img').attr('aria-label', `${title}. ${subtitle}`);
  const describe = (l: L) => {
    const s = l.source as N;
    const t = l.target as N;
    return `${s.name} → ${t.name}: ${l.value} (${(l.share * 100).toFixed(1)}% of ${s.name})`;
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
    .on('mouseenter', function (_event, l) {
      d3.select(this).attr('stroke-opacity', 0.7);
      readout.textContent = describe(l);
    })
    .on('mouseleave', function () {
      d3.select(this).attr('stroke-opacity', 0.35);
    })
    .append('title')
    .text(describe);
  const node = svg.append('g').selectAll('g').data(graph.nodes).join('g');
  node
    .append('rect')
    .attr('x', (n) => n.x0!)
    .attr('y', (n) => n.y0!)
    .attr('width', (n) => n.x1! - n.x0!)
    .attr('height', (n) => Math.max(1, n.y1! - n.y0!))
    .attr('fill', (n) => colour(n.group))
    .append('title')
    .text((n) => `${n.name}: ${n.value}`);
  // Label only nodes tall enough to hold one without colliding; the rest have a hover title and are in
  // the table. A white halo keeps a label readable where it crosses the bands.
  node
    .append('text')
    .attr('x', (n) => n.x1! + 4)
    .attr('y', (n) => (n.y0! + n.y1!) / 2)
    .attr('dy', '0.35em')
    .attr('font-size', 11)
    .attr('paint-order', 'stroke')
    .attr('stroke', '#fff')
    .attr('stroke-width', 3)
    .attr('stroke-linejoin', 'round')
    .text((n) => (n.y1! - n.y0! >= 20 ? `${n.name} ${(n.value ?? 0).toLocaleString('en-GB')}` : ''));
}
