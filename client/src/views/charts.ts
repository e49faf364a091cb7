// The line and bar charts of the views page, drawn with d3 into a figure (figure.ts). Plain data in,
// SVG out: each chart is as wide as the page allows (so text stays readable on a phone), labels its
// lines at their ends, shades the periods a note calls incomplete, and reads its values out on hover
// and on keyboard focus (arrow keys move along the x axis).
import * as d3 from 'd3';
import type { Figure } from './figure.js';
import { monthOf } from './labels.js';

/**
 * The left axis of a chart: percentages, or plain numbers written out ('1,200', '0.5'), never d3's SI
 * prefixes ('500m' for half a child); for counts only whole-number ticks.
 */
export function valueAxis(ys: d3.ScaleLinear<number, number>, ticks: number, kind: 'percent' | 'count' | 'number'): d3.Axis<d3.NumberValue> {
  const axis = d3.axisLeft(ys);
  if (kind === 'percent') return axis.ticks(ticks).tickFormat(d3.format('.0%'));
  const values = ys.ticks(ticks).filter((v) => kind !== 'count' || Number.isInteger(v));
  return axis.tickValues(values).tickFormat((v) => Number(v).toLocaleString('en-GB', { maximumFractionDigits: 2 }));
}

export const PALETTE = ['#0b5cad', '#c0392b', '#1e8449', '#7d3c98', '#b9770e', '#17a589', '#5d6d7e', '#d35400', '#2e4053', '#a93226', '#196f3d', '#6c3483'];
export const DASHES = ['', '6 3', '2 2', '8 3 2 3'];

export interface LineSeries {
  name: string;
  values: ReadonlyArray<number | null>;
  lower?: ReadonlyArray<number | null>;
  upper?: ReadonlyArray<number | null>;
  /** a dashed line (a counterfactual) */
  dashed?: boolean;
  /** a solid line whatever its place in the list (a fit) */
  solid?: boolean;
  colour?: string;
  /** no label at the line's end (the legend says it) */
  unlabelled?: boolean;
  /** per point: drawn dotted and faint where the figure is incomplete */
  incomplete?: ReadonlyArray<boolean>;
  /** the published cells behind `values`: a null value whose cell is [c] reads "[c]" (suppressed), not "—" (no data) */
  cells?: ReadonlyArray<unknown>;
}

export interface Reference {
  value: number;
  label: string;
}

export interface Region {
  from: number;
  to: number;
  label: string;
}

export interface LineChartOptions {
  /** x values: ISO dates or months (shown as "April 2024") or numbers */
  x: ReadonlyArray<string | number>;
  series: readonly LineSeries[];
  yLabel: string;
  xLabel?: string;
  percent?: boolean;
  /** place points at their numeric x rather than evenly by index */
  xNumeric?: boolean;
  step?: boolean;
  /** index of the marker (a vertical dashed line just before it) */
  markAt?: number;
  markLabel?: string;
  /** horizontal lines: England's figure, a target */
  references?: readonly Reference[];
  /** per x: true where the figure is incomplete (shaded, and said in the note) */
  incomplete?: ReadonlyArray<boolean>;
  incompleteLabel?: string;
  /** further incomplete stretches, each hatched its own way (crossing where they overlap), named at the top and in a note */
  incompleteBands?: ReadonlyArray<{ flags: ReadonlyArray<boolean>; name: string; note: string }>;
  /** shaded spans of x indexes (before and after windows) */
  regions?: readonly Region[];
  /** how a value reads in the readout */
  format?: (v: number) => string;
  /** the y axis starts at 0 (default) */
  zero?: boolean;
  /** draw each line through its gaps (a survival curve read on a grid, some points suppressed) */
  connectGaps?: boolean;
}

const M = { top: 26, right: 150, bottom: 44, left: 56 };
const MIN_W = 330;
const MAX_W = 1100;

/** The chart's width in SVG units: the figure's own width, so that 12px text is 12px on a phone too. */
export function chartWidth(figure: Figure): number {
  const width = figure.body.clientWidth || figure.element.clientWidth || 900;
  return Math.max(MIN_W, Math.min(MAX_W, Math.floor(width)));
}

function xTickText(x: string | number): string {
  if (typeof x === 'number') return d3.format(',')(x);
  return /^\d{4}-\d{2}/.test(x) ? monthOf(x) : x;
}

function readoutText(x: string | number): string {
  if (typeof x === 'number') return `day ${x}`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(x)) return `week of ${xLongDate(x)}`;
  return /^\d{4}-\d{2}$/.test(x) ? monthOf(x) : x;
}

function xLongDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${Number(d)} ${monthOf(`${y}-${m}`)}`;
}

/** `count` evenly spaced indexes from 0 to n−1 (always including the last), for readable date axes. */
function evenTicks(n: number, count: number): number[] {
  if (n <= count) return d3.range(n);
  const step = Math.ceil((n - 1) / (count - 1));
  const out = d3.range(0, n, step);
  if (n - 1 - out[out.length - 1]! < step) out.pop();
  out.push(n - 1);
  return out;
}

function svgFor(figure: Figure, width: number, height: number, label: string) {
  return d3
    .select(figure.body)
    .append('svg')
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('width', '100%')
    .attr('role', 'img')
    .attr('aria-label', label)
    .attr('font-size', 12)
    .attr('font-family', "system-ui, 'Segoe UI', Helvetica, Arial, sans-serif");
}

let patternCount = 0;

/** A diagonal hatch for shading incomplete periods and suppressed bars (colour is never the only cue). */
function hatch(svg: d3.Selection<SVGSVGElement, unknown, null, undefined>, colour: string, angle = 45): string {
  const id = `hatch-${++patternCount}`;
  const p = svg.append('defs').append('pattern').attr('id', id).attr('width', 6).attr('height', 6).attr('patternUnits', 'userSpaceOnUse').attr('patternTransform', `rotate(${angle})`);
  p.append('rect').attr('width', 6).attr('height', 6).attr('fill', colour).attr('opacity', 0.12);
  p.append('line').attr('x1', 0).attr('y1', 0).attr('x2', 0).attr('y2', 6).attr('stroke', colour).attr('stroke-width', 1.5).attr('opacity', 0.45);
  return `url(#${id})`;
}

export function lineChart(figure: Figure, options: LineChartOptions): void {
  const { x: labels, series } = options;
  const W = chartWidth(figure);
  const narrow = W < 560;
  const right = narrow ? 12 : M.right;
  const H = narrow ? 260 : 300;
  const svg = svgFor(figure, W, H, `${figure.element.querySelector('h3')?.textContent ?? ''}. ${options.yLabel} by ${options.xLabel ?? 'x'}.`);
  const numeric = options.xNumeric === true;
  const xMax = numeric ? Math.max(1, ...labels.map(Number)) : Math.max(1, labels.length - 1);
  const scale = d3.scaleLinear().domain([0, xMax]).range([M.left, W - right]);
  const xs = (k: number) => scale(numeric ? Number(labels[k] ?? 0) : k);
  const all = series.flatMap((s) => [...s.values, ...(s.upper ?? []), ...(s.lower ?? [])]).filter((v): v is number => v !== null && Number.isFinite(v));
  all.push(...(options.references ?? []).map((r) => r.value));
  const top = Math.max(options.percent ? 0.05 : 1, d3.max(all) ?? 1);
  const bottom = options.zero === false ? (d3.min(all) ?? 0) : Math.min(0, d3.min(all) ?? 0);
  const ys = d3.scaleLinear().domain([bottom, top]).nice().range([H - M.bottom, M.top]);
  const format = options.format ?? (options.percent ? (v: number) => `${(v * 100).toFixed(1)}%` : (v: number) => v.toLocaleString('en-GB', { maximumFractionDigits: 1 }));

  // Shaded regions (before/after) and incomplete periods, under everything else.
  const regionLabels: Array<{ a: number; b: number; text: d3.Selection<SVGTextElement, unknown, null, undefined> }> = [];
  for (const region of options.regions ?? []) {
    const a = xs(region.from) - (numeric ? 0 : 0.5 * (scale(1) - scale(0)));
    const b = xs(region.to) + (numeric ? 0 : 0.5 * (scale(1) - scale(0)));
    svg.append('rect').attr('x', a).attr('y', M.top).attr('width', Math.max(0, b - a)).attr('height', H - M.bottom - M.top).attr('fill', '#eef3f9');
    regionLabels.push({ a, b, text: svg.append('text').attr('x', (a + b) / 2).attr('y', M.top - 6).attr('text-anchor', 'middle').attr('fill', '#44474f').text(region.label) });
  }
  // Neighbouring windows narrower than their names (26 weeks in seven years at 390 px read "beforafter"): each name
  // stands outside its window's far edge, the first ending at its right edge, the next starting at its left.
  regionLabels.forEach((r, i) => {
    const next = regionLabels[i + 1];
    if (!next) return;
    const box = r.text.node()!.getBBox();
    const nextBox = next.text.node()!.getBBox();
    if (box.x + box.width + 4 <= nextBox.x) return;
    r.text.attr('text-anchor', 'end').attr('x', r.b - 3);
    next.text.attr('text-anchor', 'start').attr('x', next.a + 3);
  });
  if (options.incomplete?.some(Boolean)) {
    const fill = hatch(svg, '#8a6d00');
    const half = numeric ? 0 : 0.5 * (scale(1) - scale(0));
    options.incomplete.forEach((flag, k) => {
      if (!flag) return;
      // At least 6 px wide, so one hatched week can be seen on a long axis.
      const w = Math.max(6, 2 * half);
      svg.append('rect').attr('class', 'incomplete').attr('x', xs(k) - w / 2).attr('y', M.top).attr('width', w).attr('height', H - M.bottom - M.top).attr('fill', fill);
    });
    figure.note(options.incompleteLabel ?? 'Hatched: incomplete periods, where the data’s first or last date cuts the figure short.');
  }
  (options.incompleteBands ?? []).forEach((band, b) => {
    if (!band.flags.some(Boolean)) return;
    const fill = hatch(svg, '#8a6d00', b % 2 === 0 ? 45 : -45);
    const half = numeric ? 0 : 0.5 * (scale(1) - scale(0));
    band.flags.forEach((flag, k) => {
      if (flag) svg.append('rect').attr('class', 'incomplete').attr('x', xs(k) - half).attr('y', M.top).attr('width', Math.max(1, 2 * half)).attr('height', H - M.bottom - M.top).attr('fill', fill);
    });
    // the stretch named above it, at its first point
    const first = band.flags.findIndex(Boolean);
    const last = band.flags.length - 1 - [...band.flags].reverse().findIndex(Boolean);
    // from the stretch's left edge (never left of the axis), or ending at its right edge when it is at the right
    const atRight = xs(first) > (M.left + W - right) / 2;
    svg.append('text').attr('class', 'incomplete-label').attr('x', atRight ? xs(last) + half - 2 : Math.max(M.left + 4, xs(first) - half + 2)).attr('y', M.top + 12 + 13 * b).attr('text-anchor', atRight ? 'end' : 'start').attr('font-size', 11).attr('fill', '#5c4a00').attr('paint-order', 'stroke').attr('stroke', '#fff').attr('stroke-width', 3).attr('stroke-linejoin', 'round').text(band.name);
    figure.note(band.note);
  });
  const ticks = Math.max(2, Math.min(narrow ? 3 : 7, labels.length));
  const axis = numeric
    ? d3.axisBottom(scale).ticks(narrow ? 4 : 8).tickFormat(d3.format('~d'))
    : d3.axisBottom(scale).tickValues(evenTicks(labels.length, ticks)).tickFormat((i) => xTickText(labels[Math.round(Number(i))] ?? ''));
  const xAxis = svg.append('g').attr('transform', `translate(0,${H - M.bottom})`).call(axis).attr('font-size', 12);
  xAxis.selectAll<SVGTextElement, unknown>('.tick:last-of-type text').attr('text-anchor', 'end');
  xAxis.selectAll<SVGTextElement, unknown>('.tick:first-of-type text').attr('text-anchor', 'start');
  svg
    .append('g')
    .attr('transform', `translate(${M.left},0)`)
    .call(valueAxis(ys, 5, options.percent ? 'percent' : 'number'))
    .attr('font-size', 12);
  svg
    .append('g')
    .selectAll('line')
    .data(ys.ticks(5))
    .join('line')
    .attr('x1', M.left)
    .attr('x2', W - right)
    .attr('y1', (t) => ys(t))
    .attr('y2', (t) => ys(t))
    .attr('stroke', '#ebe9e2');
  const yTitle = svg.append('text').attr('x', M.left).attr('y', 14).attr('font-weight', 600).text(options.yLabel);
  if (options.xLabel) svg.append('text').attr('x', (M.left + W - right) / 2).attr('y', H - 6).attr('text-anchor', 'middle').text(options.xLabel);

  for (const ref of options.references ?? []) {
    const y = ys(ref.value);
    svg.append('line').attr('x1', M.left).attr('x2', W - right).attr('y1', y).attr('y2', y).attr('stroke', '#1c1f26').attr('stroke-dasharray', '8 3 2 3').attr('stroke-width', 1.5);
    const label = svg
      .append('text')
      .attr('class', 'reference-label')
      .attr('x', W - right - 6)
      .attr('text-anchor', 'end')
      .attr('y', y - 4)
      .attr('font-size', 11)
      .attr('paint-order', 'stroke')
      .attr('stroke', '#fff')
      .attr('stroke-width', 3)
      .text(`${ref.label}: ${format(ref.value)}`);
    // Placed where it crosses no line of the chart (England's 22.6% ran across the 12-month line at 1440 and 390 px),
    // shortened to the words before its comma if the whole label fits nowhere, else where it always stood.
    const texts = [`${ref.label}: ${format(ref.value)}`, ...(ref.label.includes(',') ? [`${ref.label.slice(0, ref.label.indexOf(','))}: ${format(ref.value)}`] : [])];
    if (!placeClear(svg, label, texts, y, { left: M.left, right: W - right, top: M.top, bottom: H - M.bottom }, (x0, x1, top, bottom) => crossesLines(series, xs, ys, x0, x1, top, bottom))) {
      // nowhere beside its line is clear of the data (390 px): a key above the plot, right of the axis title
      const titleEnd = yTitle.node()!.getBBox().x + yTitle.node()!.getBBox().width;
      const key = texts.find((text) => {
        label.text(text).attr('x', W - right).attr('y', 14);
        return label.node()!.getBBox().x - 34 > titleEnd + 8;
      });
      if (key) {
        const x = label.node()!.getBBox().x;
        svg.append('line').attr('class', 'reference-key').attr('x1', x - 30).attr('x2', x - 4).attr('y1', 10).attr('y2', 10).attr('stroke', '#1c1f26').attr('stroke-dasharray', '8 3 2 3').attr('stroke-width', 1.5);
      } else {
        label.text(texts[0]!).attr('x', W - right - 6).attr('y', y - 4);
        avoid(svg, label, y);
      }
    }
  }

  const curve = options.step ? d3.curveStepAfter : d3.curveLinear;
  const ends: Array<{ y: number; lineY: number; x: number; text: string; colour: string }> = [];
  series.forEach((s, i) => {
    const colour = s.colour ?? PALETTE[i % PALETTE.length]!;
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
    // Complete points solid; incomplete ones (and the step into them) dotted and faint.
    const flag = (k: number) => s.incomplete?.[k] === true;
    const indexes = options.connectGaps ? d3.range(s.values.length).filter((k) => s.values[k] != null) : d3.range(s.values.length);
    const line = (keep: (k: number) => boolean) =>
      d3
        .line<number>()
        .defined((k) => s.values[k] != null && keep(k))
        .x((k) => xs(k))
        .y((k) => ys(s.values[k]!))
        .curve(curve)(indexes);
    svg
      .append('path')
      .attr('d', line((k) => !flag(k)))
      .attr('fill', 'none')
      .attr('stroke', colour)
      .attr('stroke-width', s.dashed || s.solid ? 1.5 : 2)
      .attr('stroke-dasharray', s.dashed ? '5 4' : s.solid ? '' : DASHES[i % DASHES.length]!);
    if (s.incomplete?.some(Boolean)) {
      svg
        .append('path')
        .attr('d', line((k) => flag(k) || flag(k - 1) || flag(k + 1)))
        .attr('fill', 'none')
        .attr('stroke', colour)
        .attr('stroke-width', 1.5)
        .attr('stroke-dasharray', '1 3')
        .attr('opacity', 0.8);
    }
    // Single points between gaps would not show as a line: mark each defined point that has no neighbour.
    s.values.forEach((v, k) => {
      if (v == null || options.connectGaps || s.values[k - 1] != null || s.values[k + 1] != null) return;
      svg.append('circle').attr('cx', xs(k)).attr('cy', ys(v)).attr('r', 3.5).attr('fill', colour);
    });
    let last = s.values.length - 1;
    while (last >= 0 && s.values[last] == null) last--;
    if (last >= 0 && !s.unlabelled) ends.push({ y: ys(s.values[last]!), lineY: ys(s.values[last]!), x: xs(last), text: s.name, colour });
  });
  // Lines labelled at their ends (wide charts), wrapped to the margin (never cut short) and nudged
  // apart by their wrapped heights; a narrow chart keeps its legend instead.
  if (!narrow) {
    const probe = svg.append('text').attr('font-weight', 600);
    const wrapped = ends.map((e) => ({ ...e, lines: wrapText(probe.node()!, e.text, right - 10) }));
    probe.remove();
    wrapped.sort((a, b) => a.y - b.y);
    let bottom = -Infinity;
    for (const e of wrapped) {
      const top = Math.max(e.y - 9, bottom + 3);
      e.y = top + 9;
      bottom = top + e.lines.length * LABEL_LINE;
    }
    // then back up from the chart's foot, so the lowest labels are not pushed out of it (six stations ending
    // near 0 in a part-week put "Assessment" below the flow view's arrivals chart, cut off)
    let ceiling = H - 2;
    for (const e of [...wrapped].reverse()) {
      const top = Math.min(e.y - 9, ceiling - e.lines.length * LABEL_LINE);
      e.y = top + 9;
      ceiling = top - 3;
    }
    for (const e of wrapped) {
      // A line that stops short of the right edge (a survival curve with too few still followed) is joined to
      // its label by a dotted leader, so the label is not read as belonging to empty space.
      if (W - right - e.x > 16) svg.append('line').attr('class', 'label-leader').attr('x1', e.x + 4).attr('x2', W - right + 2).attr('y1', e.lineY).attr('y2', e.y).attr('stroke', e.colour).attr('stroke-width', 1).attr('stroke-dasharray', '2 3').attr('opacity', 0.7);
      const text = svg.append('text').attr('class', 'line-label').attr('y', e.y + 4).attr('fill', e.colour).attr('font-weight', 600);
      e.lines.forEach((line, k) => text.append('tspan').attr('x', W - right + 6).attr('dy', k === 0 ? 0 : LABEL_LINE).text(line));
    }
  }
  if (narrow || series.some((s) => s.unlabelled)) legend(figure, series);

  if (options.markAt !== undefined) {
    const mx = numeric ? xs(options.markAt) : xs(options.markAt) - 0.5 * (scale(1) - scale(0));
    svg.append('line').attr('x1', mx).attr('x2', mx).attr('y1', M.top).attr('y2', H - M.bottom).attr('stroke', '#1c1f26').attr('stroke-width', 1.5).attr('stroke-dasharray', '4 4');
    svg.append('text').attr('x', mx + 4).attr('y', M.top + 12).text(options.markLabel ?? 'marker');
  }
  // focus starts at the last point with a value; where the chart's end has none (a survival curve whose lines
  // stop before the axis does), at the first value (review v9d finding 9: "day 1095: all —")
  const hasValue = (k: number) => series.some((s) => s.values[k] != null || s.cells?.[k] === '[c]');
  const start = hasValue(labels.length - 1) ? labels.length - 1 : Math.max(0, d3.range(labels.length).findIndex(hasValue));
  cursor(svg, figure, W, H, right, labels.length, xs, start, (k) =>
    `${readoutText(labels[k]!)}: ${series.map((s) => `${s.name} ${s.values[k] == null ? (s.cells?.[k] === '[c]' ? '[c]' : '—') : format(s.values[k]!)}${s.lower?.[k] != null && s.upper?.[k] != null ? ` (interval ${format(s.lower[k]!)} to ${format(s.upper[k]!)})` : ''}${s.incomplete?.[k] && s.values[k] != null ? ', incomplete' : ''}`).join('; ')}${options.incomplete?.[k] ? ' — incomplete' : ''}`,
  );
}

const LABEL_LINE = 13;

/**
 * Whether any series' line (its drawn segments between neighbouring values) passes through the box
 * [x0, x1] × [top, bottom], in SVG units.
 */
function crossesLines(series: readonly LineSeries[], xs: (k: number) => number, ys: (v: number) => number, x0: number, x1: number, top: number, bottom: number): boolean {
  for (const s of series) {
    const v = s.values;
    for (let k = 0; k < v.length; k++) {
      const a = v[k];
      if (a == null) continue;
      const b = v[k + 1];
      const xa = xs(k);
      const xb = b == null ? xa : xs(k + 1);
      if (xb < x0 || xa > x1) continue;
      const ya = ys(a);
      const yb = b == null ? ya : ys(b);
      // the segment clipped to [x0, x1]
      const at = (x: number) => (xb === xa ? ya : ya + ((yb - ya) * (x - xa)) / (xb - xa));
      const lo = Math.min(at(Math.max(x0, xa)), at(Math.min(x1, xb)));
      const hi = Math.max(at(Math.max(x0, xa)), at(Math.min(x1, xb)));
      if (hi >= top && lo <= bottom) return true;
    }
  }
  return false;
}

/**
 * Moves a line's label (right-aligned text) to the first place beside its line, above then below, from the
 * right edge leftwards, trying each of `texts` in turn, that stays inside the plot and clear of the chart's
 * lines (`hits`) and of the names of incomplete stretches. false when there is no such place.
 */
function placeClear(
  svg: d3.Selection<SVGSVGElement, unknown, null, undefined>, label: d3.Selection<SVGTextElement, unknown, null, undefined>, texts: readonly string[], lineY: number,
  plot: { left: number; right: number; top: number; bottom: number }, hits: (x0: number, x1: number, top: number, bottom: number) => boolean,
): boolean {
  const names = [...svg.node()!.querySelectorAll<SVGTextElement>('.incomplete-label')].map((t) => t.getBBox());
  for (const text of texts) {
    label.text(text);
    const width = label.node()!.getComputedTextLength();
    for (const y of [lineY - 4, lineY + 14]) {
      const top = y - 10;
      const bottom = y + 3;
      if (top < plot.top || bottom > plot.bottom) continue;
      for (let x = plot.right - 6; x - width >= plot.left + 4; x -= 8) {
        const x0 = x - width - 2;
        if (hits(x0, x + 2, top, bottom) || names.some((o) => x0 < o.x + o.width && o.x < x + 2 && top < o.y + o.height && o.y < bottom)) continue;
        label.attr('x', x).attr('y', y);
        return true;
      }
    }
  }
  return false;
}

/**
 * A reference line's label that would sit on the name of an incomplete stretch (at 390 px England's
 * figure ran over "12-month look-back cut off") moves below its line, then further down, until it is clear.
 */
function avoid(svg: d3.Selection<SVGSVGElement, unknown, null, undefined>, label: d3.Selection<SVGTextElement, unknown, null, undefined>, lineY: number): void {
  const others = [...svg.node()!.querySelectorAll<SVGTextElement>('.incomplete-label')].map((t) => t.getBBox());
  if (others.length === 0) return;
  const hits = () => {
    const b = label.node()!.getBBox();
    return others.some((o) => b.x < o.x + o.width && o.x < b.x + b.width && b.y < o.y + o.height && o.y < b.y + b.height);
  };
  for (const y of [lineY + 14, ...others.map((o) => o.y + o.height + 12)]) {
    if (!hits()) return;
    label.attr('y', y);
  }
}

/** Splits `text` into lines no wider than `max` pixels as drawn by `probe` (a word longer than that gets a line of its own). */
export function wrapText(probe: SVGTextElement, text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    probe.textContent = next;
    if (line && probe.getComputedTextLength() > max) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

function legend(figure: Figure, series: readonly LineSeries[]): void {
  const el = document.createElement('div');
  el.className = 'legend';
  series.forEach((s, i) => {
    const span = document.createElement('span');
    const icon = d3.select(span).append('svg').attr('width', 28).attr('height', 10).attr('aria-hidden', 'true');
    icon
      .append('line')
      .attr('x1', 1)
      .attr('x2', 27)
      .attr('y1', 5)
      .attr('y2', 5)
      .attr('stroke', s.colour ?? PALETTE[i % PALETTE.length]!)
      .attr('stroke-width', 3)
      // a line incomplete wherever it has a value is drawn dotted only (above): its key is too
      .attr('stroke-dasharray', s.values.every((v, k) => v == null || s.incomplete?.[k] === true) && s.incomplete?.some(Boolean) ? '1 3' : s.dashed ? '5 4' : s.solid ? '' : DASHES[i % DASHES.length]!);
    span.append(s.name);
    el.append(span);
  });
  figure.body.append(el);
}

/**
 * A focusable layer over the plot: pointer or arrow keys pick an x index, a rule marks it, and the
 * figure's readout says every series' value there.
 */
export function cursor(
  svg: d3.Selection<SVGSVGElement, unknown, null, undefined>, figure: Figure, W: number, H: number, right: number, n: number, xs: (k: number) => number, start: number, describe: (k: number) => string,
  margin: { top: number; bottom: number; left: number } = M,
): void {
  if (n === 0) return;
  const rule = svg.append('line').attr('class', 'cursor-rule').attr('y1', margin.top).attr('y2', H - margin.bottom).attr('stroke', '#1c1f26').attr('stroke-width', 1).attr('opacity', 0);
  let at = start;
  const show = (k: number) => {
    at = Math.max(0, Math.min(n - 1, k));
    rule.attr('x1', xs(at)).attr('x2', xs(at)).attr('opacity', 0.5);
    figure.readout.textContent = describe(at);
  };
  const nearest = (px: number) => {
    let best = 0;
    for (let k = 1; k < n; k++) if (Math.abs(xs(k) - px) < Math.abs(xs(best) - px)) best = k;
    return best;
  };
  svg
    .append('rect')
    .attr('class', 'cursor-layer')
    .attr('x', margin.left)
    .attr('y', margin.top)
    .attr('width', Math.max(1, W - right - margin.left))
    .attr('height', H - margin.bottom - margin.top)
    .attr('fill', 'transparent')
    .attr('tabindex', 0)
    .attr('role', 'slider')
    .attr('aria-label', 'Read values: arrow keys move along the chart')
    .attr('aria-valuemin', 0)
    .attr('aria-valuemax', n - 1)
    .on('pointermove', (event: PointerEvent) => {
      const [px] = d3.pointer(event, svg.node());
      show(nearest(px));
    })
    .on('focus', () => show(at))
    .on('blur pointerleave', () => rule.attr('opacity', 0))
    .on('keydown', (event: KeyboardEvent) => {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : event.key === 'End' ? n : event.key === 'Home' ? -n : 0;
      if (!step) return;
      event.preventDefault();
      show(at + step);
    });
}

export interface BarChartOptions {
  labels: readonly string[];
  /** null draws a hatched stub marked [c] */
  values: ReadonlyArray<number | null>;
  yLabel: string;
  xLabel?: string;
  percent?: boolean;
  lower?: ReadonlyArray<number | null>;
  upper?: ReadonlyArray<number | null>;
  /** per bar: drawn in the second colour and said in the readout (e.g. past the target) */
  flagged?: ReadonlyArray<boolean>;
  flagLabel?: string;
  references?: readonly Reference[];
  /** a vertical target line after bar `after`, labelled (the 45 or 15 working-day target) */
  target?: { after: number; label: string };
  /** what a bar with no value says (labels.ts gapText): "[c]" is drawn hatched, any other text plain */
  gaps?: ReadonlyArray<string>;
}

export function barChart(figure: Figure, options: BarChartOptions): void {
  const { labels, values } = options;
  const W = chartWidth(figure);
  const narrow = W < 560;
  const H = narrow ? 240 : 280;
  const right = 16;
  const svg = svgFor(figure, W, H, `${figure.element.querySelector('h3')?.textContent ?? ''}. ${options.yLabel} by ${options.xLabel ?? 'group'}.`);
  const xs = d3.scaleBand<string>().domain(labels).range([M.left, W - right]).padding(0.15);
  const numbers = [...values, ...(options.upper ?? [])].filter((v): v is number => v !== null);
  const top = options.percent ? Math.min(1, Math.max(0.1, (d3.max(numbers) ?? 0) * 1.15)) : Math.max(1, (d3.max(numbers) ?? 1) * 1.1);
  const ys = d3.scaleLinear().domain([0, top]).nice().range([H - M.bottom, M.top]);
  const fmt = options.percent ? (v: number) => `${(v * 100).toFixed(1)}%` : (v: number) => v.toLocaleString('en-GB');
  const xAxis = svg.append('g').attr('transform', `translate(0,${H - M.bottom})`).call(d3.axisBottom(xs)).attr('font-size', narrow ? 10 : 12);
  if (narrow && labels.length > 6) {
    // Slanted at 30° the labels of bands 25 px apart ran into each other at 390 px (review v9d finding 9):
    // upright they are a band apart, and the chart grows downwards to hold the longest.
    xAxis.selectAll('text').attr('transform', 'rotate(-90)').attr('text-anchor', 'end').attr('dx', '-0.6em').attr('dy', '0.32em').attr('x', 0).attr('y', 0);
    const longest = Math.max(0, ...xAxis.selectAll<SVGTextElement, unknown>('text').nodes().map((t) => t.getComputedTextLength()));
    const extra = Math.max(0, Math.ceil(longest + 24 - (M.bottom - 4)));
    svg.attr('viewBox', `0 0 ${W} ${H + extra}`);
    svg.selectAll<SVGTextElement, unknown>('text.x-title').attr('y', H + extra - 4);
    xAxis.attr('data-upright', 'true');
    svg.attr('data-extra', extra);
  }
  svg
    .append('g')
    .attr('transform', `translate(${M.left},0)`)
    .call(valueAxis(ys, 5, options.percent ? 'percent' : values.every((v) => v === null || Number.isInteger(v)) ? 'count' : 'number'))
    .attr('font-size', 12);
  svg.append('text').attr('x', M.left).attr('y', 14).attr('font-weight', 600).text(options.yLabel);
  if (options.xLabel) svg.append('text').attr('class', 'x-title').attr('x', (M.left + W - right) / 2).attr('y', H - 4 + Number(svg.attr('data-extra') ?? 0)).attr('text-anchor', 'middle').text(options.xLabel);
  const suppressed = hatch(svg, '#5b6270');
  const gap = (i: number) => options.gaps?.[i] ?? '[c]';
  const describe = (i: number) =>
    `${labels[i]}: ${values[i] === null ? (gap(i) === '[c]' ? '[c] (fewer than 5, or built on fewer than 5)' : gap(i)) : fmt(values[i]!)}${options.lower?.[i] != null && options.upper?.[i] != null ? `, interval ${fmt(options.lower[i]!)} to ${fmt(options.upper[i]!)}` : ''}${options.flagged?.[i] ? ` (${options.flagLabel ?? 'flagged'})` : ''}`;
  labels.forEach((label, i) => {
    const v = values[i];
    const x = xs(label)!;
    const g = svg.append('g').attr('tabindex', 0).attr('role', 'img').attr('aria-label', describe(i));
    g.on('mouseenter focus', () => {
      figure.readout.textContent = describe(i);
    });
    if (v === null || v === undefined) {
      if (gap(i) === '[c]') {
        g.append('rect').attr('x', x).attr('y', ys(0) - 8).attr('width', xs.bandwidth()).attr('height', 8).attr('fill', suppressed).attr('stroke', '#5b6270');
        g.append('text').attr('x', x + xs.bandwidth() / 2).attr('y', ys(0) - 12).attr('text-anchor', 'middle').text('[c]');
        return;
      }
      // nothing suppressed: say what is missing, on the bar's place (wrapped to the bar's width)
      const text = g.append('text').attr('class', 'bar-gap').attr('x', x + xs.bandwidth() / 2).attr('y', ys(0) - 30).attr('text-anchor', 'middle').attr('font-size', 11).attr('fill', '#5b6270');
      // a bar too narrow for words gets a dash; the words are in its hover text and the note under the chart
      const words = xs.bandwidth() < 48 ? ['—'] : gap(i).split(' ');
      const perLine = Math.max(8, Math.floor(xs.bandwidth() / 6));
      const lines: string[] = [];
      for (const w of words) {
        const last = lines[lines.length - 1];
        if (last !== undefined && (last + ' ' + w).length <= perLine) lines[lines.length - 1] = `${last} ${w}`;
        else lines.push(w);
      }
      lines.forEach((line, j) => text.append('tspan').attr('x', x + xs.bandwidth() / 2).attr('dy', j === 0 ? 0 : 13).text(line));
      return;
    }
    g.append('rect')
      .attr('x', x)
      .attr('width', xs.bandwidth())
      .attr('y', ys(v))
      .attr('height', ys(0) - ys(v))
      .attr('fill', options.flagged?.[i] ? PALETTE[1]! : PALETTE[0]!)
      .append('title')
      .text(describe(i));
    const lo = options.lower?.[i];
    const hi = options.upper?.[i];
    if (lo != null && hi != null) {
      const cx = x + xs.bandwidth() / 2;
      g.append('line').attr('x1', cx).attr('x2', cx).attr('y1', ys(lo)).attr('y2', ys(hi)).attr('stroke', '#1c1f26').attr('stroke-width', 1.5);
      for (const end of [lo, hi]) g.append('line').attr('x1', cx - 5).attr('x2', cx + 5).attr('y1', ys(end)).attr('y2', ys(end)).attr('stroke', '#1c1f26').attr('stroke-width', 1.5);
    }
    if (!narrow || labels.length <= 6) {
      g.append('text')
        .attr('x', x + xs.bandwidth() / 2)
        .attr('y', Math.min(ys(v), hi != null ? ys(hi) : Infinity) - 4)
        .attr('text-anchor', 'middle')
        .text(fmt(v));
    }
  });
  for (const ref of options.references ?? []) {
    const y = ys(ref.value);
    svg.append('line').attr('x1', M.left).attr('x2', W - right).attr('y1', y).attr('y2', y).attr('stroke', '#1c1f26').attr('stroke-dasharray', '1 3').attr('stroke-width', 1.5);
    svg.append('text').attr('x', W - right - 2).attr('y', y - 4).attr('text-anchor', 'end').attr('font-size', 11).text(`${ref.label} ${fmt(ref.value)}`);
  }
  if (options.target && labels[options.target.after] !== undefined) {
    const x = xs(labels[options.target.after]!)! + xs.bandwidth() + (xs.step() - xs.bandwidth()) / 2;
    svg.append('line').attr('class', 'target-line').attr('x1', x).attr('x2', x).attr('y1', M.top - 4).attr('y2', H - M.bottom).attr('stroke', '#1c1f26').attr('stroke-width', 2).attr('stroke-dasharray', '6 3');
    const rightSide = x < (M.left + W - right) / 2;
    svg.append('text').attr('class', 'target-label').attr('x', x + (rightSide ? 5 : -5)).attr('y', M.top + 8).attr('text-anchor', rightSide ? 'start' : 'end').attr('font-size', 12).attr('font-weight', 600).text(options.target.label);
  }
  if (options.flagged?.some(Boolean) && options.flagLabel) {
    const el = document.createElement('div');
    el.className = 'legend';
    el.innerHTML = `<span><svg width="14" height="10" aria-hidden="true"><rect width="14" height="10" fill="${PALETTE[0]}"/></svg>within</span><span><svg width="14" height="10" aria-hidden="true"><rect width="14" height="10" fill="${PALETTE[1]}"/></svg>${options.flagLabel}</span>`;
    figure.body.append(el);
  }
}
