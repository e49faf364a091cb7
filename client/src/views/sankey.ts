// The pathways and two-point Sankeys with d3-sankey. d3-sankey mutates what it is given and throws on
// cycles; the API's pathways are acyclic by construction and are copied here before layout. A link
// whose count is suppressed ([c]) is drawn thin and dashed at a nominal width (SUPPRESSED_WIDTH) and
// says [c]. sankey-columns.ts first cuts the graph down to what fits the page.
import * as d3 from 'd3';
import { sankey, sankeyLinkHorizontal, type SankeyLink, type SankeyNode } from 'd3-sankey';
import { chartWidth, PALETTE, wrapText } from './charts.js';
import type { Figure } from './figure.js';
import { OTHER_GROUP, simplifySankey, type ColumnNode, type SimplifiedSankey } from './sankey-columns.js';

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
  /** the published count (null: [c], or a gathered band with a [c] part) and share */
  count: number | null;
  share: number | null;
  /** published links gathered into this band, and the sum of their published counts */
  merged: number;
  atLeast: number;
}
type N = SankeyNode<ColumnNode, LaidLink>;
type L = SankeyLink<ColumnNode, LaidLink>;

const NODE_WIDTH = 12;
const FONT_SIZE = 12;
const LINE_HEIGHT = 14;
/** The narrowest space between columns that still holds a wrapped label ("Strategy discussion (ep 1)"). */
const MIN_COLUMN_GAP = 112;
/** The least space between two labels of a column. */
const LABEL_GAP = 4;
/** The height left for the bands of the busiest column, beside the space between its nodes. */
const BAND_SPACE = 200;

/**
 * Fits the page: as many columns as leave MIN_COLUMN_GAP for each one's label (trips that go on are
 * gathered into "Later steps"), the largest `maxPerColumn − 1` nodes of a column and "Other", labels
 * wrapped to the gap and moved apart within their column so no two overlap.
 */
export function drawSankey(
  figure: Figure, nodes: readonly SankeyInputNode[], links: readonly SankeyInputLink[], options: { maxPerColumn?: number; otherName?: (gathered: number) => string } = {},
): SimplifiedSankey | null {
  if (links.length === 0) {
    const p = document.createElement('p');
    p.textContent = 'No journeys in this window and cohort.';
    figure.body.append(p);
    return null;
  }
  const width = chartWidth(figure);
  const maxColumns = Math.max(2, Math.floor((width - 8) / MIN_COLUMN_GAP));
  const simple = simplifySankey(nodes, links, { maxColumns, maxPerColumn: options.maxPerColumn ?? 7, ...(options.otherName ? { otherName: options.otherName } : {}) });
  const box = document.createElement('div');
  box.className = 'sankey-fit';
  figure.body.append(box);
  const svg = d3
    .select(box)
    .append('svg')
    .attr('width', '100%')
    .attr('role', 'img')
    .attr('aria-label', figure.element.querySelector('h3')?.textContent ?? 'Sankey')
    .attr('font-size', FONT_SIZE)
    .attr('font-family', "system-ui, 'Segoe UI', Helvetica, Arial, sans-serif");
  const labels = svg.append('g').attr('class', 'sankey-labels');
  const probe = labels.append('text');
  const textWidth = (text: string) => {
    probe.text(text);
    return probe.node()!.getComputedTextLength();
  };
  // Every label sits right of its node. The last column keeps only the margin its longest label needs
  // (at most an even share), and the columns before it spread over the rest: a two-column chart fills
  // its frame instead of leaving the right half for labels (review v9b finding 11b).
  const last = simple.columns - 1;
  const evenGap = (width - 8 - NODE_WIDTH) / simple.columns;
  const lastLabelWidth = Math.min(evenGap - NODE_WIDTH - 10, Math.ceil(d3.max(simple.nodes.filter((n) => n.column === last), (n) => textWidth(n.name)) ?? 0));
  const lastMargin = lastLabelWidth + 8;
  const gap = simple.columns > 1 ? (width - 8 - NODE_WIDTH - lastMargin) / (simple.columns - 1) : evenGap;
  const labelWidthOf = (n: ColumnNode) => (n.column === last ? lastLabelWidth : gap - NODE_WIDTH - 10);
  // Wrap the labels first: their heights decide the space between nodes and how tall the chart is.
  const wrapped = new Map<string, string[]>();
  for (const n of simple.nodes) wrapped.set(n.id, wrapText(probe.node()!, n.name, labelWidthOf(n)));
  probe.remove();
  const labelHeight = (id: string) => wrapped.get(id)!.length * LINE_HEIGHT;
  // Nodes stand at least one label (plus a gap) apart, so each label fits beside its own node however
  // thin the node: labels are never stacked away from what they name (review v9b finding 11a).
  const padding = (d3.max(simple.nodes, (n) => labelHeight(n.id)) ?? LINE_HEIGHT) + LABEL_GAP + 2;
  const busiest = d3.max(d3.rollup(simple.nodes, (ns) => ns.length, (n) => n.column).values()) ?? 1;
  const height = Math.max(320, (busiest - 1) * padding + BAND_SPACE + 16);
  svg.attr('viewBox', `0 0 ${width} ${height}`);
  const layout = sankey<ColumnNode, LaidLink>()
    .nodeId((n) => n.id)
    .nodeAlign((n) => n.column)
    .nodeWidth(NODE_WIDTH)
    .nodePadding(padding)
    .extent([
      [4, 8],
      [4 + NODE_WIDTH + gap * last, height - 8],
    ]);
  const graph = layout({
    nodes: simple.nodes.map((n) => ({ ...n })),
    links: simple.links.map((l) => ({ source: l.source, target: l.target, value: l.width, count: l.value, share: l.share, merged: l.merged, atLeast: l.atLeast })),
  });
  const groups = [...new Set(simple.nodes.map((n) => n.group).filter((g) => g !== OTHER_GROUP))];
  const colour = (group: string) => (group === OTHER_GROUP ? '#9a968a' : PALETTE[groups.indexOf(group) % PALETTE.length]!);
  const fmtShare = (s: number | null) => (s === null ? '' : ` (${(s * 100).toFixed(1)}% of the first)`);
  const describe = (l: L) => {
    const s = (l.source as N).name;
    const t = (l.target as N).name;
    if (l.count !== null) return `${s} → ${t}: ${l.count.toLocaleString('en-GB')}${fmtShare(l.share)}`;
    if (l.merged === 1) return `${s} → ${t}: [c] (fewer than 5)`;
    return `${s} → ${t}: at least ${l.atLeast.toLocaleString('en-GB')} (${l.merged} links, some fewer than 5 and shown as [c])`;
  };
  svg
    .insert('g', '.sankey-labels')
    .attr('fill', 'none')
    .selectAll('path')
    .data(graph.links)
    .join('path')
    .attr('d', sankeyLinkHorizontal())
    .attr('stroke', (l) => colour((l.source as N).group))
    .attr('stroke-opacity', 0.35)
    .attr('stroke-width', (l) => Math.max(1, l.width ?? 1))
    .attr('stroke-dasharray', (l) => (l.count === null && l.merged === 1 ? '3 2' : null))
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
  const total = (n: N) => {
    const ins = (n.targetLinks ?? []) as L[];
    const list = ins.length ? ins : ((n.sourceLinks ?? []) as L[]);
    return list.some((l) => l.count === null) ? null : d3.sum(list, (l) => l.count ?? 0);
  };
  const nodeText = (n: N) => `${n.name}: ${total(n)?.toLocaleString('en-GB') ?? 'includes [c]'}${n.members.length ? ` — ${n.members.join(', ')}` : ''}`;
  svg
    .insert('g', '.sankey-labels')
    .selectAll('rect')
    .data(graph.nodes)
    .join('rect')
    .attr('x', (n) => n.x0!)
    .attr('y', (n) => n.y0!)
    .attr('width', (n) => n.x1! - n.x0!)
    .attr('height', (n) => Math.max(1, n.y1! - n.y0!))
    .attr('fill', (n) => colour(n.group))
    .append('title')
    .text(nodeText);
  // Labels right of their node, each column's moved apart (top to bottom, then back up from the foot).
  const tops = new Map<string, number>();
  for (const column of d3.groups(graph.nodes, (n) => n.column).map(([, ns]) => ns)) {
    const order = [...column].sort((a, b) => (a.y0! + a.y1!) - (b.y0! + b.y1!));
    let bottom = 0;
    for (const n of order) {
      const top = Math.max((n.y0! + n.y1!) / 2 - labelHeight(n.id) / 2, bottom + LABEL_GAP, 2);
      tops.set(n.id, top);
      bottom = top + labelHeight(n.id);
    }
    let ceiling = height - 2;
    for (const n of [...order].reverse()) {
      const top = Math.min(tops.get(n.id)!, ceiling - labelHeight(n.id));
      tops.set(n.id, top);
      ceiling = top - LABEL_GAP;
    }
  }
  labels
    .selectAll('text')
    .data(graph.nodes)
    .join('text')
    .attr('class', 'sankey-label')
    .attr('x', (n) => n.x1! + 4)
    .attr('y', (n) => tops.get(n.id)!)
    .attr('paint-order', 'stroke')
    .attr('stroke', '#fff')
    .attr('stroke-width', 3)
    .attr('stroke-linejoin', 'round')
    .each(function (n) {
      const text = d3.select(this);
      wrapped.get(n.id)!.forEach((line, i) => text.append('tspan').attr('x', n.x1! + 4).attr('dy', i === 0 ? '0.95em' : LINE_HEIGHT).text(line));
    })
    .append('title')
    .text(nodeText);
  // A label of a column with links to its right sits on those links: a pale backing keeps it readable where
  // bands cross it ("Early help" and "CIN plan" of the two-date chart were struck through by other bands).
  labels.selectAll<SVGTextElement, N>('text.sankey-label').each(function (n) {
    if (n.column === last) return;
    const box = this.getBBox();
    labels.insert('rect', () => this).attr('class', 'sankey-label-back').attr('x', box.x - 2).attr('y', box.y - 1).attr('width', box.width + 4).attr('height', box.height + 2).attr('rx', 2).attr('fill', '#fff').attr('opacity', 0.85);
  });
  return simple;
}
