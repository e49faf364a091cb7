// A dot-and-whisker chart: one row per measure (label on the left), each group a mark with its own
// shape AND colour (colour is never the only cue) and a whisker for its interval, on a shared axis
// (0–100% for shares, or centred on 0 for changes). A suppressed value says [c] in its row.
import * as d3 from 'd3';
import { chartWidth } from './charts.js';
import type { Figure } from './figure.js';

export interface DotGroup {
  name: string;
  colour: string;
  shape: d3.SymbolType;
  /** shape name for the legend, e.g. "circle" */
  shapeName: string;
}

export interface DotValue {
  value: number | null;
  lower: number | null;
  upper: number | null;
  /** what the readout says about the value ("12 of 40", "not tested: …") */
  detail?: string;
  /** drawn filled (true) or hollow (false): e.g. changed or not */
  emphasis?: boolean;
  /**
   * the words drawn in the row when there is no value (default: detail, or [c]); keep it short, the row is one line
   * of SVG text: the full detail is in the hover and focus readout (a long "not tested: …" ran off the chart at 1440 px)
   */
  short?: string;
}

export interface DotRow {
  label: string;
  values: readonly DotValue[];
}

export function dotWhiskerChart(figure: Figure, groups: readonly DotGroup[], rows: readonly DotRow[], options: { domain?: [number, number]; zeroLine?: boolean; format?: (v: number) => string; tickFormat?: (v: number) => string; axisLabel: string }): void {
  const fmt = options.format ?? ((x: number) => `${(x * 100).toFixed(1)}%`);
  if (groups.length > 1) {
    const legend = document.createElement('div');
    legend.className = 'legend legend-marks';
    for (const g of groups) {
      const item = document.createElement('span');
      const icon = d3.select(item).append('svg').attr('width', 14).attr('height', 14).attr('viewBox', '-7 -7 14 14').attr('aria-hidden', 'true');
      icon.append('path').attr('d', d3.symbol(g.shape, 70)()).attr('fill', g.colour);
      item.append(`${g.name} (${g.shapeName})`);
      legend.append(item);
    }
    figure.body.append(legend);
  }
  const W = chartWidth(figure);
  const narrow = W < 560;
  const labelWidth = narrow ? 0 : Math.min(360, Math.round(W * 0.36));
  const rowH = narrow ? 50 : 34;
  const M = { top: 30, right: 24, bottom: 40, left: narrow ? 12 : 0 };
  const H = M.top + rows.length * rowH + M.bottom;
  const all = rows.flatMap((r) => r.values.flatMap((v) => [v.value, v.lower, v.upper])).filter((v): v is number => v !== null && Number.isFinite(v));
  const domain = options.domain ?? (d3.extent([0, ...all]) as [number, number]);
  const xs = d3.scaleLinear().domain(domain).nice().range([M.left + labelWidth, W - M.right]);
  const svg = d3.select(figure.body).append('svg').attr('viewBox', `0 0 ${W} ${H}`).attr('width', '100%').attr('role', 'img').attr('aria-label', figure.element.querySelector('h3')?.textContent ?? '').attr('class', 'dot-whisker').attr('font-size', 12).attr('font-family', "system-ui, 'Segoe UI', Helvetica, Arial, sans-serif");
  const tickFormat = (v: d3.NumberValue) => (options.tickFormat ?? (options.format ? fmt : (x: number) => `${Math.round(x * 100)}%`))(Number(v));
  svg.append('g').attr('transform', `translate(0,${M.top})`).call(d3.axisTop(xs).ticks(narrow ? 4 : 8).tickFormat(tickFormat));
  svg.append('g').attr('transform', `translate(0,${H - M.bottom})`).call(d3.axisBottom(xs).ticks(narrow ? 4 : 8).tickFormat(tickFormat));
  svg.append('g').selectAll('line').data(xs.ticks(narrow ? 4 : 8)).join('line').attr('x1', (t) => xs(t)).attr('x2', (t) => xs(t)).attr('y1', M.top).attr('y2', H - M.bottom).attr('stroke', '#e3e1da');
  if (options.zeroLine) svg.append('line').attr('x1', xs(0)).attr('x2', xs(0)).attr('y1', M.top).attr('y2', H - M.bottom).attr('stroke', '#1c1f26').attr('stroke-width', 1.5);
  svg.append('text').attr('x', (M.left + labelWidth + W - M.right) / 2).attr('y', H - 6).attr('text-anchor', 'middle').text(options.axisLabel);
  const offsets = groups.map((_, i) => (i - (groups.length - 1) / 2) * 9);
  rows.forEach((row, r) => {
    const y = M.top + r * rowH + rowH / 2 + (narrow ? 8 : 0);
    const g = svg.append('g');
    if (r % 2 === 0) g.append('rect').attr('x', 0).attr('y', M.top + r * rowH).attr('width', W).attr('height', rowH).attr('fill', '#f4f3ee').lower();
    // On a narrow chart the label sits above its row's marks, across the zero line and grid: a halo in the row's own
    // colour keeps it readable where they cross it.
    if (narrow) {
      g.append('text').attr('x', M.left).attr('y', M.top + r * rowH + 13).attr('font-weight', 600)
        .attr('stroke', r % 2 === 0 ? '#f4f3ee' : '#fff').attr('stroke-width', 4).attr('stroke-linejoin', 'round').attr('paint-order', 'stroke').text(row.label);
    }
    else g.append('text').attr('x', labelWidth - 10).attr('y', y).attr('dy', '0.35em').attr('text-anchor', 'end').attr('font-size', 13).text(row.label);
    row.values.forEach((v, i) => {
      const group = groups[i]!;
      const yy = y + offsets[i]!;
      const tip = `${row.label}${groups.length > 1 ? `, ${group.name}` : ''}: ${v.value === null ? v.detail ?? '[c]' : `${fmt(v.value)}${v.lower !== null && v.upper !== null ? `, interval ${fmt(v.lower)} to ${fmt(v.upper)}` : ''}${v.detail ? ` (${v.detail})` : ''}`}`;
      const mark = g.append('g').attr('tabindex', 0).attr('aria-label', tip);
      mark.on('mouseenter focus', () => {
        figure.readout.textContent = tip;
      });
      if (v.value === null) {
        mark.append('text').attr('x', xs.range()[0]! + 4).attr('y', yy).attr('dy', '0.35em').attr('font-size', 11).attr('fill', '#44474f').text(`${groups.length > 1 ? `${group.name}: ` : ''}${v.short ?? v.detail ?? '[c]'}`);
        return;
      }
      if (v.lower !== null && v.upper !== null) {
        mark.append('line').attr('x1', xs(v.lower)).attr('x2', xs(v.upper)).attr('y1', yy).attr('y2', yy).attr('stroke', group.colour).attr('stroke-width', 2);
        for (const end of [v.lower, v.upper]) mark.append('line').attr('x1', xs(end)).attr('x2', xs(end)).attr('y1', yy - 4).attr('y2', yy + 4).attr('stroke', group.colour).attr('stroke-width', 2);
      }
      mark
        .append('path')
        .attr('d', d3.symbol(group.shape, 80)())
        .attr('transform', `translate(${xs(v.value)},${yy})`)
        .attr('fill', v.emphasis === false ? '#fff' : group.colour)
        .attr('stroke', v.emphasis === false ? group.colour : '#fff')
        .attr('stroke-width', v.emphasis === false ? 2 : 1)
        .append('title')
        .text(tip);
    });
  });
}
