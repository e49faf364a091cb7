// The funnel plot: each council's rate against its volume, the pooled rate, and the 95% and 99.8% limits.
import * as d3 from 'd3';
import type { FunnelView } from '../../../server/routes/views/funnel.js';
import { rateLabel, windowText } from './labels.js';
import { appendChartHeading } from './charts.js';

export function drawFunnel(host: HTMLElement, view: FunnelView): void {
  const title = `${rateLabel(view.rate)}: each council against its volume`;
  const subtitle =
    `${windowText(view.window.from, view.window.to)}. Each point is a council's rate (up) against the number of cases it is a rate of (across). ` +
    `The solid line is the rate of all councils together (${view.target === null ? '—' : `${(view.target * 100).toFixed(1)}%`}); a council outside the funnel differs by more than chance would explain.`;
  appendChartHeading(host, title, subtitle);
  if (view.target === null) return;
  const W = 900;
  const H = 360;
  const M = { top: 22, right: 90, bottom: 44, left: 56 };
  const maxN = Math.max(2, ...view.points.map((p) => p.n)) * 1.1;
  const xs = d3.scaleLinear().domain([0, maxN]).range([M.left, W - M.right]);
  // Zoom on the points and the limits from a volume of 20 up: the limits at tiny volumes run to 0% and 100%.
  const near = [...view.points.map((p) => p.rate ?? view.target!), ...view.curve.filter((c) => c.n >= Math.min(20, maxN / 4)).flatMap((c) => [c.lower998, c.upper998])];
  const ys = d3.scaleLinear().domain([Math.max(0, d3.min(near)! - 0.03), Math.min(1, d3.max(near)! + 0.03)]).nice().range([H - M.bottom, M.top]);
  const svg = d3.select(host).append('svg').attr('viewBox', `0 0 ${W} ${H}`).attr('role', 'img').attr('aria-label', title);
  svg.append('defs').append('clipPath').attr('id', 'funnel-clip').append('rect').attr('x', M.left).attr('y', M.top).attr('width', W - M.left - M.right).attr('height', H - M.top - M.bottom);
  svg.append('g').attr('transform', `translate(0,${H - M.bottom})`).call(d3.axisBottom(xs).ticks(8).tickFormat(d3.format(',d'))).attr('font-size', 12);
  svg.append('g').attr('transform', `translate(${M.left},0)`).call(d3.axisLeft(ys).ticks(8).tickFormat(d3.format('.0%'))).attr('font-size', 12);
  svg.append('text').attr('x', (M.left + W - M.right) / 2).attr('y', H - 6).attr('text-anchor', 'middle').attr('font-size', 12).text('volume: number of cases the rate is out of');
  svg.append('text').attr('x', M.left).attr('y', 12).attr('font-size', 12).attr('font-weight', 600).text('rate (%)');
  const curve = view.curve.filter((c) => c.n >= 5);
  const limit = (pick: 'lower95' | 'upper95' | 'lower998' | 'upper998', dash: string) =>
    svg
      .append('path')
      .attr('d', d3.line<(typeof curve)[number]>().x((c) => xs(c.n)).y((c) => ys(c[pick])).curve(d3.curveMonotoneX)(curve))
      .attr('fill', 'none')
      .attr('clip-path', 'url(#funnel-clip)')
      .attr('stroke', '#5b6270')
      .attr('stroke-dasharray', dash);
  limit('lower95', '6 3');
  limit('upper95', '6 3');
  limit('lower998', '2 2');
  limit('upper998', '2 2');
  svg.append('line').attr('x1', xs(0)).attr('x2', xs(maxN)).attr('y1', ys(view.target)).attr('y2', ys(view.target)).attr('stroke', '#1c1f26');
  const shape = (position: string | null) => (position === 'within' ? d3.symbolCircle : position?.startsWith('above') ? d3.symbolTriangle : d3.symbolSquare);
  svg
    .selectAll('path.point')
    .data(view.points.filter((p) => p.rate !== null))
    .join('path')
    .attr('class', 'point')
    .attr('d', (p) => d3.symbol(shape(p.position), 80)())
    .attr('transform', (p) => `translate(${xs(p.n)},${ys(p.rate!)})`)
    .attr('fill', '#0b5cad')
    .append('title')
    .text((p) => `${p.dataset}: ${(p.rate! * 100).toFixed(1)}% of ${p.n} (${p.position})`);
  svg
    .selectAll('text.label')
    .data(view.points.filter((p) => p.rate !== null))
    .join('text')
    .attr('class', 'label')
    .attr('x', (p) => xs(p.n) + 8)
    .attr('y', (p) => ys(p.rate!) + 4)
    .attr('font-size', 12)
    .text((p) => p.dataset);
  const note = document.createElement('p');
  note.className = 'hint';
  note.textContent = 'Dashed: 95% limits; dotted: 99.8% limits; solid: pooled rate. Circles are within the 95% limits, triangles above, squares below.';
  host.append(note);
}
