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
  /** one line under the title: the window and what a value means */
  subtitle?: string;
  /** what the x axis counts, printed under it */
  xLabel?: string;
  /** place points at their numeric x (e.g. days) rather than evenly by index */
  xNumeric?: boolean;
}

export interface BarChartOptions {
  title: string;
  subtitle?: string;
  labels: readonly string[];
  values: readonly number[];
  yLabel: string;
  xLabel?: string;
  /** values are fractions 0–1, shown as percentages */
  percent?: boolean;
}

const W = 900;
const H = 300;
const M = { top: 24, right: 20, bottom: 46, left: 60 };

/** Every chart's title (h3) and, when given, the line under it saying its window and what a value means. */
export function appendChartHeading(host: HTMLElement, title: string, subtitle?: string): void {
  const heading = document.createElement('h3');
  heading.textContent = title;
  host.append(heading);
  if (subtitle) {
    const sub = document.createElement('p');
    sub.className = 'chart-subtitle';
    sub.textContent = subtitle;
    host.append(sub);
  }
}

function frame(host: HTMLElement, title: string, subtitle?: string) {
  appendChartHeading(host, title, subtitle);
  const svg = d3
    .select(host)
    .append('svg')
    .attr('viewBox', `0 0 ${W} ${H}`)
    .attr('role', 'img')
    .attr('aria-label', subtitle ? `${title}. ${subtitle}` : title)
    .attr('font-size', 12);
  return svg;
}

function axisTitles(svg: d3.Selection<SVGSVGElement, unknown, null, undefined>, yLabel: string, xLabel?: string): void {
  svg.append('text').attr('x', M.left).attr('y', 14).attr('font-size', 12).attr('font-weight', 600).text(yLabel);
  if (xLabel) svg.append('text').attr('x', (M.left + W - M.right) / 2).attr('y', H - 6).attr('text-anchor', 'middle').attr('font-size', 12).text(xLabel);
}

function legend(host: HTMLElement, names: readonly string[]): void {
  const el = document.createElement('div');
  el.className = 'legend';
  names.forEach((name, i) => {
    const span = document.createElement('span');
    span.className = 'legend-line';
    // Colour is never the only cue: the swatch shows the line's dash pattern, and the name says it.
    const icon = d3.select(span).append('svg').attr('width', 28).attr('height', 10).attr('aria-hidden', 'true');
    icon
      .append('line')
      .attr('x1', 1)
      .attr('x2', 27)
      .attr('y1', 5)
      .attr('y2', 5)
      .attr('stroke', PALETTE[i % PALETTE.length]!)
      .attr('stroke-width', 3)
      .attr('stroke-dasharray', DASHES[i % DASHES.length]!);
    const dash = ['', 'dashed', 'dotted', 'dash-dot'][i % DASHES.length];
    span.append(dash ? `${name} (${dash})` : name);
    el.append(span);
  });
  host.append(el);
}

export function lineChart(host: HTMLElement, options: LineChartOptions): void {
  const svg = frame(host, options.title, options.subtitle);
  const { x: labels, series } = options;
  const numeric = options.xNumeric === true;
  const xMax = numeric ? Math.max(1, ...labels.map(Number)) : Math.max(1, labels.length - 1);
  const scale = d3.scaleLinear().domain([0, xMax]).range([M.left, W - M.right]);
  // by index (evenly spaced labels) or at the numeric x of each point
  const xs = (k: number) => scale(numeric ? Number(labels[k] ?? 0) : k);
  const all = series.flatMap((s) => [...s.values, ...(s.upper ?? []), ...(s.lower ?? [])]).filter((v): v is number => v !== null);
  const top = Math.max(options.percent ? 0.05 : 1, d3.max(all) ?? 1);
  const ys = d3.scaleLinear().domain([Math.min(0, d3.min(all) ?? 0), top]).nice().range([H - M.bottom, M.top]);
  const ticks = Math.min(8, labels.length);
  const bottom = numeric
    ? d3.axisBottom(scale).ticks(10).tickFormat(d3.format('~d'))
    : d3
        .axisBottom(scale)
        .tickValues(evenTicks(labels.length, ticks))
        .tickFormat((i) => String(labels[Math.round(Number(i))] ?? ''));
  const xAxis = svg.append('g').attr('transform', `translate(0,${H - M.bottom})`).call(bottom).attr('font-size', 12);
  // Keep the end labels inside the chart (a centred date at the right edge would be cut off).
  xAxis.selectAll<SVGTextElement, unknown>('.tick:last-of-type text').attr('text-anchor', 'end');
  xAxis.selectAll<SVGTextElement, unknown>('.tick:first-of-type text').attr('text-anchor', 'start');
  svg
    .append('g')
    .attr('transform', `translate(${M.left},0)`)
    .call(d3.axisLeft(ys).ticks(6).tickFormat(options.percent ? d3.format('.0%') : d3.format('~s')))
    .attr('font-size', 12);
  svg
    .append('g')
    .selectAll('line')
    .data(ys.ticks(6))
    .join('line')
    .attr('x1', M.left)
    .attr('x2', W - M.right)
    .attr('y1', (t) => ys(t))
    .attr('y2', (t) => ys(t))
    .attr('stroke', '#ebe9e2');
  axisTitles(svg, options.yLabel, options.xLabel);
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
      .attr('x1', scale(options.markAt - 0.5))
      .attr('x2', scale(options.markAt - 0.5))
      .attr('y1', M.top)
      .attr('y2', H - M.bottom)
      .attr('stroke', '#1c1f26')
      .attr('stroke-dasharray', '4 4');
    svg
      .append('text')
      .attr('x', scale(options.markAt - 0.5) + 4)
      .attr('y', M.top + 10)
      .attr('font-size', 12)
      .text('change ▸');
  }
  legend(host, series.map((s) => s.name));
}

/** `count` evenly spaced indexes from 0 to n−1 (always including the last), for readable date axes. */
function evenTicks(n: number, count: number): number[] {
  if (n <= count) return d3.range(n);
  const step = Math.ceil((n - 1) / (count - 1));
  const out = d3.range(0, n, step);
  if (n - 1 - out[out.length - 1]! < step * 0.8) out.pop();
  out.push(n - 1);
  return out;
}

export function barChart(host: HTMLElement, options: BarChartOptions): void {
  const { labels, values } = options;
  const svg = frame(host, options.title, options.subtitle);
  const xs = d3.scaleBand<string>().domain(labels).range([M.left, W - M.right]).padding(0.15);
  const top = options.percent ? Math.min(1, Math.max(0.1, (d3.max(values) ?? 0) * 1.15)) : Math.max(1, d3.max(values) ?? 1);
  const ys = d3.scaleLinear().domain([0, top]).nice().range([H - M.bottom, M.top]);
  const fmt = options.percent ? (v: number) => `${(v * 100).toFixed(1)}%` : (v: number) => v.toLocaleString('en-GB');
  svg.append('g').attr('transform', `translate(0,${H - M.bottom})`).call(d3.axisBottom(xs)).attr('font-size', 12);
  svg
    .append('g')
    .attr('transform', `translate(${M.left},0)`)
    .call(d3.axisLeft(ys).ticks(6).tickFormat(options.percent ? d3.format('.0%') : d3.format('~s')))
    .attr('font-size', 12);
  axisTitles(svg, options.yLabel, options.xLabel);
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
    .text((v, i) => `${labels[i]}: ${fmt(v)}`);
  // The value on each bar, so a director can quote it without the table.
  svg
    .selectAll('text.bar-value')
    .data(values)
    .join('text')
    .attr('class', 'bar-value')
    .attr('x', (_, i) => xs(labels[i]!)! + xs.bandwidth() / 2)
    .attr('y', (v) => ys(v) - 4)
    .attr('text-anchor', 'middle')
    .attr('font-size', 12)
    .text((v) => fmt(v));
}
