// A dot-and-whisker chart: one row per metric (label on the left), each group a mark with its own
// shape AND colour (colour is never the only cue) and a whisker for its 95% interval, on a 0–100% axis.
import * as d3 from 'd3';
import { appendChartHeading } from './charts.js';

export interface DotGroup {
  name: string;
  colour: string;
  shape: d3.SymbolType;
  /** shape name for the legend, e.g. "circle" */
  shapeName: string;
}

export interface DotRow {
  label: string;
  /** one estimate per group, in the groups' order */
  values: ReadonlyArray<{ rate: number | null; lower: number | null; upper: number | null; k: number; n: number }>;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function dotWhiskerChart(host: HTMLElement, title: string, subtitle: string, groups: readonly DotGroup[], rows: readonly DotRow[]): void {
  appendChartHeading(host, title, subtitle);
  const legend = document.createElement('div');
  legend.className = 'legend legend-marks';
  for (const g of groups) {
    const item = document.createElement('span');
    item.className = 'legend-mark';
    const icon = d3.select(item).append('svg').attr('width', 14).attr('height', 14).attr('viewBox', '-7 -7 14 14').attr('aria-hidden', 'true');
    icon.append('path').attr('d', d3.symbol(g.shape, 70)()).attr('fill', g.colour);
    item.append(`${g.name} (${g.shapeName})`);
    legend.append(item);
  }
  host.append(legend);

  const labelWidth = 350;
  const W = 960;
  const rowH = 34;
  const M = { top: 30, right: 24, bottom: 40 };
  const H = M.top + rows.length * rowH + M.bottom;
  const xs = d3.scaleLinear().domain([0, 1]).range([labelWidth, W - M.right]);
  const svg = d3.select(host).append('svg').attr('viewBox', `0 0 ${W} ${H}`).attr('role', 'img').attr('aria-label', `${title}. ${subtitle}`).attr('class', 'dot-whisker');
  // Gridlines and the axis at the top and bottom, so a reader can read a value from any row.
  svg.append('g').attr('transform', `translate(0,${M.top})`).call(d3.axisTop(xs).ticks(10).tickFormat(d3.format('.0%'))).attr('font-size', 12);
  svg
    .append('g')
    .attr('transform', `translate(0,${H - M.bottom})`)
    .call(d3.axisBottom(xs).ticks(10).tickFormat(d3.format('.0%')))
    .attr('font-size', 12);
  svg
    .append('g')
    .selectAll('line')
    .data(xs.ticks(10))
    .join('line')
    .attr('x1', (t) => xs(t))
    .attr('x2', (t) => xs(t))
    .attr('y1', M.top)
    .attr('y2', H - M.bottom)
    .attr('stroke', '#e3e1da');
  svg
    .append('text')
    .attr('x', (labelWidth + W - M.right) / 2)
    .attr('y', H - 6)
    .attr('text-anchor', 'middle')
    .attr('font-size', 12)
    .text('share (%), dot = estimate, whisker = 95% interval');
  const offsets = groups.map((_, i) => (i - (groups.length - 1) / 2) * 9);
  rows.forEach((row, r) => {
    const y = M.top + r * rowH + rowH / 2;
    const g = svg.append('g');
    if (r % 2 === 0) g.append('rect').attr('x', 0).attr('y', y - rowH / 2).attr('width', W).attr('height', rowH).attr('fill', '#f4f3ee').lower();
    g.append('text').attr('x', labelWidth - 10).attr('y', y).attr('dy', '0.35em').attr('text-anchor', 'end').attr('font-size', 13).text(row.label);
    row.values.forEach((v, i) => {
      const group = groups[i]!;
      const yy = y + offsets[i]!;
      const tip = `${row.label}, ${group.name}: ${v.rate === null ? 'no cases' : `${pct(v.rate)} (${v.k} of ${v.n})`}${v.lower !== null && v.upper !== null ? `, 95% interval ${pct(v.lower)} to ${pct(v.upper)}` : ''}`;
      if (v.rate === null) {
        g.append('text').attr('x', xs(0) + 4).attr('y', yy).attr('dy', '0.35em').attr('font-size', 11).attr('fill', '#5b6270').text(`${group.name}: no cases`);
        return;
      }
      if (v.lower !== null && v.upper !== null) {
        g.append('line').attr('x1', xs(v.lower)).attr('x2', xs(v.upper)).attr('y1', yy).attr('y2', yy).attr('stroke', group.colour).attr('stroke-width', 2);
        for (const end of [v.lower, v.upper]) {
          g.append('line').attr('x1', xs(end)).attr('x2', xs(end)).attr('y1', yy - 4).attr('y2', yy + 4).attr('stroke', group.colour).attr('stroke-width', 2);
        }
      }
      g.append('path')
        .attr('d', d3.symbol(group.shape, 80)())
        .attr('transform', `translate(${xs(v.rate)},${yy})`)
        .attr('fill', group.colour)
        .attr('stroke', '#fff')
        .attr('stroke-width', 1)
        .append('title')
        .text(tip);
    });
  });
}
