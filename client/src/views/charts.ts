// Small d3 charts used by several views: lines over time with optional 95% bands, and bars. Each chart
// is drawn fresh into its host (an <svg> of a fixed viewBox that scales to the page).
import * as d3 from 'd3';

export const PALETTE = ['#0b5cad', '#c0392b', '#1e8449', '#7d3c98', '#b9770e', '#17a589', '#5d6d7e', '#d35400', '#2e4053', '#a93226', '#196f3d', '#6c3483'];
const DASHES = ['', '6 3', '2 2', '8 3 2 3'];

export interface LineSeries {
  name: string;
  values: ReadonlyArray<number | null>;
  lower?: ReadonlyArray<number | null>;
  upper?: ReadonlyArray<number | null>;
}

export interface LineChartOptions {
  title: string;
  /** x labels, one per value: dates `YYYY-MM[-DD]` or numbers */
  x: ReadonlyArray<string | number>;
  series: readonly LineSeries[];
  yLabel: string;
  percent?: boolean;
  /** index on the x axis to mark with a vertical line (a marker) */
  markAt?: number;
  step?: boolean;
}

const W = 900;
const H = 300;
const M = { top: 16, right: 16, bottom: 36, left: 56 };

function frame(host: HTMLElement, title: string) {
  const heading = document.createElement('h3');
  heading.textContent = title;
  host.append(heading);
  const svg = d3.select(host).append('svg').attr('viewBox', `0 0 ${W} ${H}`).attr('role', 'img').attr('aria-label', title);
  return svg;
}

function legend(host: HTMLElement, names: readonly string[]): void {
  const el = document.createElement('div');
  el.className = 'legend';
  names.forEach((name, i) => {
    const span = document.createElement('span');
    span.textContent = name;
    span.style.setProperty('--swatch', PALETTE[i % PALETTE.length]!);
    // Colour is never the only cue: the dash pattern of the line is named in the legend too.
    if (DASHES[i % DASHES.length]) span.textContent += ` (${['', 'dashed', 'dotted', 'dash-dot'][i % DASHES.length]})`;
    el.append(span);
  });
  host.append(el);
}

export function lineChart(host: HTMLElement, options: LineChartOptions): void {
  const svg = frame(host, options.title);
  const { x: labels, series } = options;
  const xs = d3.scaleLinear().domain([0, Math.max(1, labels.length - 1)]).range([M.left, W - M.right]);
  const all = series.flatMap((s) => [...s.values, ...(s.upper ?? []), ...(s.lower ?? [])]).filter((v): v is number => v !== null);
  const top = Math.max(options.percent ? 0.05 : 1, d3.max(all) ?? 1);
  const ys = d3.scaleLinear().domain([Math.min(0, d3.min(all) ?? 0), top]).nice().range([H - M.bottom, M.top]);
  const ticks = Math.min(10, labels.length);
  svg
    .append('g')
    .attr('transform', `translate(0,${H - M.bottom})`)
    .call(d3.axisBottom(xs).ticks(ticks).tickFormat((i) => String(labels[Math.round(Number(i))] ?? '')));
  svg.append('g').attr('transform', `translate(${M.left},0)`).call(d3.axisLeft(ys).ticks(6).tickFormat(options.percent ? d3.format('.0%') : d3.format('~s')));
  svg.append('text').attr('x', M.left + 6).attr('y', 11).attr('font-size', 11).text(options.yLabel);
  const curve = options.step ? d3.curveStepAfter : d3.curveLinear;
  series.forEach((s, i) => {
    const colour = PALETTE[i % PALETTE.length]!;
    if (s.lower && s.upper) {
      const area = d3
        .area<number>()
        .defined((k) => s.lower![k] != null && s.upper![k] != null)
        .x((k) => xs(k))
        .y0((k) => ys(s.lower![k]!))
        .y1((k) => ys(s.upper![k]!))
        .curve(curve);
      svg.append('path').attr('d', area(d3.range(s.values.length))).attr('fill', colour).attr('opacity', 0.15);
    }
    const line = d3
      .line<number>()
      .defined((k) => s.values[k] != null)
      .x((k) => xs(k))
      .y((k) => ys(s.values[k]!))
      .curve(curve);
    svg
      .append('path')
      .attr('d', line(d3.range(s.values.length)))
      .attr('fill', 'none')
      .attr('stroke', colour)
      .attr('stroke-width', 2)
      .attr('stroke-dasharray', DASHES[i % DASHES.length]!);
  });
  if (options.markAt !== undefined) {
    svg
      .append('line')
      .attr('x1', xs(options.markAt - 0.5))
      .attr('x2', xs(options.markAt - 0.5))
      .attr('y1', M.top)
      .attr('y2', H - M.bottom)
      .attr('stroke', '#1c1f26')
      .attr('stroke-dasharray', '4 4');
  }
  legend(host, series.map((s) => s.name));
}

export function barChart(host: HTMLElement, title: string, labels: readonly string[], values: readonly number[], yLabel: string): void {
  const svg = frame(host, title);
  const xs = d3.scaleBand<string>().domain(labels).range([M.left, W - M.right]).padding(0.15);
  const ys = d3.scaleLinear().domain([0, Math.max(1, d3.max(values) ?? 1)]).nice().range([H - M.bottom, M.top]);
  svg.append('g').attr('transform', `translate(0,${H - M.bottom})`).call(d3.axisBottom(xs));
  svg.append('g').attr('transform', `translate(${M.left},0)`).call(d3.axisLeft(ys).ticks(6));
  svg.append('text').attr('x', M.left + 6).attr('y', 11).attr('font-size', 11).text(yLabel);
  svg
    .selectAll('rect')
    .data(values)
    .join('rect')
    .attr('x', (_, i) => xs(labels[i]!)!)
    .attr('width', xs.bandwidth())
    .attr('y', (v) => ys(v))
    .attr('height', (v) => ys(0) - ys(v))
    .attr('fill', PALETTE[0]!)
    .append('title')
    .text((v, i) => `${labels[i]}: ${v}`);
}
