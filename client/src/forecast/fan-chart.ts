// A fan chart as plain data in, SVG out: months on x, the 95%, 80% and 50% bands of the runs as
// nested areas and the median as a line; optionally a second fan (the baseline, drawn grey under the
// scenario), the recorded months before it as a solid line leading into it, the value at the start date,
// a line of what happened (back-test) and a zero line (a difference). Lines are labelled at their ends;
// the chart is drawn at its displayed width so its text is 12 px on a phone too. The value under the
// pointer or the arrow keys goes to `readout`.
import * as d3 from 'd3';
import type { Band } from '../../../core/forecast/forecast.js';
import { formatValue as formatCount, monthName } from './labels.js';

export interface Fan {
  label: string;
  band: Band;
  /** CSS colour of the bands and the median */
  colour: string;
}

export interface FanChartInput {
  months: string[];
  fans: Fan[];
  /** what happened, a value a month (back-test) */
  actual?: number[];
  /** the months before `months[0]` as recorded, drawn as a solid line leading into the fan */
  history?: { months: string[]; values: number[] };
  /** the measure's value on the start date (month-end stocks); `at`: how far into months[0] that date
   * is (0: the end of the month before), for placing it after the recorded months */
  start?: { label: string; value: number; at?: number };
  zeroLine?: boolean;
  unit: string;
  ariaLabel: string;
  /** how a value is written in the readout and on the y axis (counts by default; money for costs) */
  format?: (v: number) => string;
  /** each x value's name ("April 2025" by default; quarters for costs) and its short axis form */
  period?: { name: (label: string) => string; short: (label: string) => string };
  /** CSS pixels wide (default: the host's width): drawn at that size, so its text is FONT_PX on screen */
  width?: number;
}

/** Text size on screen, in CSS pixels: the chart is drawn at its displayed width, never scaled down. */
export const FONT_PX = 12;
const HEIGHT = 270;
const MIN_WIDTH = 280;
const RECORDED_COLOUR = '#1c1f26';
/** about how wide a character of the chart's text is, for margins and tick spacing */
const CHAR_PX = FONT_PX * 0.6;
/** the same for the lines' bold end labels (DejaVu Sans Bold, Chromium's fallback, is wider): "what happened" was cut at the right edge (audit a13f) */
const BOLD_CHAR_PX = FONT_PX * 0.7;

/** The band edges a quantile pair describes, widest first so narrower bands draw on top. */
const BANDS = [
  { lo: (b: Band, m: number) => b.p2_5[m]!, hi: (b: Band, m: number) => b.p97_5[m]!, opacity: 0.18 },
  { lo: (b: Band, m: number) => b.p10[m]!, hi: (b: Band, m: number) => b.p90[m]!, opacity: 0.3 },
  { lo: (b: Band, m: number) => b.p25[m]!, hi: (b: Band, m: number) => b.p75[m]!, opacity: 0.42 },
];

const monthIndex = (label: string) => {
  const [y, m] = label.split('-').map(Number) as [number, number];
  return y * 12 + m - 1;
};

/**
 * Tick positions (indices from -history to n − 1) for `count` labels at most, and which of them carry a label.
 * Months: over a year or less, on calendar months a whole step apart (1, 2 or 3); over more, every 6 months
 * (April and October) or, where those do not fit, every 12 (April, the financial year's start), a label on
 * every tick or, where even those do not fit, on every second or third (a tick each April all the same):
 * before, a step of 24 or 60 months left one tick over a 36-month forecast with its 24 months of history
 * (audit a13d M4). Quarters: every step-th, each labelled.
 */
export function tickIndices(labelAt: (i: number) => string, first: number, last: number, count: number, monthly: boolean): { ticks: number[]; labelled: number[] } {
  const total = last - first + 1;
  const fit = Math.max(1, count);
  if (!monthly) {
    const every = Math.max(1, Math.ceil(total / fit));
    const ticks = d3.range(first, last + 1, every);
    return { ticks, labelled: ticks };
  }
  const on = (step: number, offset: number) => {
    const out: number[] = [];
    for (let i = first; i <= last; i++) if ((((monthIndex(labelAt(i)) - offset) % step) + step) % step === 0) out.push(i);
    return out;
  };
  if (total <= 12) {
    // the smallest step whose ticks fit
    for (const step of [1, 2, 3, 6, 12]) {
      const out = on(step, 0);
      if (out.length <= fit && out.length > 0) return { ticks: out, labelled: out };
    }
    return { ticks: [first], labelled: [first] };
  }
  const halfYears = on(6, 3);
  if (halfYears.length <= fit) return { ticks: halfYears, labelled: halfYears };
  const years = on(12, 3);
  const every = Math.ceil(years.length / fit);
  return { ticks: years, labelled: years.filter((_, k) => k % every === 0) };
}

/**
 * Where the recorded line's own label goes: above or below a run of recorded points it spans (`width` px from the
 * run's first point, `offset(k)` px from point 0 to point k), clear of every point of the run, inside the plot
 * (`top` to `bottom`, y down); the first such run, else null (the "recorded" heading by the forecast's date names the
 * line). It sat on the line where the first points reached the top (audit a13f).
 */
export function recordedLabelPlace(ys: readonly number[], top: number, bottom: number, width: number, offset: (k: number) => number): { index: number; y: number } | null {
  for (let i = 0; i < ys.length; i++) {
    let highest = Infinity;
    let lowest = -Infinity;
    let spans = false;
    for (let k = i; k < ys.length; k++) {
      highest = Math.min(highest, ys[k]!);
      lowest = Math.max(lowest, ys[k]!);
      if (offset(k) - offset(i) >= width) {
        spans = true;
        break;
      }
    }
    if (!spans) return null;
    // the text's baseline: above the run, its top FONT_PX higher; below it, its baseline FONT_PX lower
    if (highest - 6 - FONT_PX >= top) return { index: i, y: highest - 6 };
    if (lowest + 6 + FONT_PX <= bottom) return { index: i, y: lowest + 6 + FONT_PX };
  }
  return null;
}

export function drawFanChart(host: HTMLElement, input: FanChartInput, readout: HTMLElement): SVGSVGElement {
  const n = input.months.length;
  const history = input.history && input.history.values.length > 0 ? input.history : null;
  const h = history?.values.length ?? 0;
  const width = Math.max(MIN_WIDTH, Math.floor(input.width ?? (host.clientWidth || 560)));
  const format = input.format ?? formatCount;
  const name = input.period?.name ?? monthName;
  const labelAt = (i: number) => (i < 0 ? history!.months[h + i]! : input.months[i]!);

  // Lines are labelled at their right ends: the margin holds the longest label.
  const endLabels = [...input.fans.map((f) => f.label), ...(input.actual ? ['what happened'] : [])];
  const values: number[] = [];
  for (const fan of input.fans) values.push(...fan.band.p2_5, ...fan.band.p97_5);
  if (input.actual) values.push(...input.actual);
  if (history) values.push(...history.values);
  if (input.start) values.push(input.start.value);
  if (input.zeroLine) values.push(0);
  const [lo, hi] = d3.extent(values) as [number, number];
  const y0 = d3.scaleLinear([Math.min(0, lo), hi === lo ? hi + 1 : hi], [0, 1]).nice();
  const yTickWidth = Math.max(...y0.ticks(5).map((v) => (input.format ? input.format(v) : d3.format(',~r')(v)).length)) * CHAR_PX + 12;
  const margin = { top: 22, right: Math.ceil(Math.max(...endLabels.map((l) => l.length)) * BOLD_CHAR_PX + 12), bottom: 34, left: Math.ceil(Math.max(40, yTickWidth)) };
  const startX = input.start ? (h > 0 ? -1 + (input.start.at ?? 0) : -1) : 0;
  const x0 = h > 0 ? -h : input.start ? -1 : 0;
  const x = d3.scaleLinear([x0, Math.max(x0 + 1, n - 1)], [margin.left, width - margin.right]);
  const y = y0.copy().range([HEIGHT - margin.bottom, margin.top]);

  const svg = d3.create('svg').attr('viewBox', `0 0 ${width} ${HEIGHT}`).attr('width', width).attr('height', HEIGHT).attr('role', 'img').attr('aria-label', input.ariaLabel);
  svg.attr('font-size', FONT_PX).attr('font-family', "system-ui, 'Segoe UI', Helvetica, Arial, sans-serif");

  const first = h > 0 ? -h : 0;
  const { ticks, labelled } = tickIndices(labelAt, first, n - 1, Math.floor((width - margin.left - margin.right) / ((input.period ? 15 : 13) * CHAR_PX)), !input.period);
  const withLabel = new Set(labelled);
  svg.append('g').attr('class', 'x-axis').attr('transform', `translate(0,${HEIGHT - margin.bottom})`)
    .call(d3.axisBottom(x).tickValues(ticks).tickFormat((i) => (withLabel.has(Number(i)) ? (input.period?.short ?? monthName)(labelAt(Number(i))) : '')))
    .attr('font-size', FONT_PX)
    // a label near either edge would run past it: anchor it at that edge instead of centring it
    .call((g) => g.selectAll<SVGTextElement, number>('.tick text').attr('text-anchor', (i) => (x(i) - margin.left < 50 ? 'start' : width - x(i) < 70 ? 'end' : 'middle')));
  // Counts and money are whole numbers: a tick between two (a chart of zeros spans 0 to 1) would read as
  // a rounded lie. Fractions only where fewer than two whole ticks remain (a small difference's medians).
  const integers = y.ticks(5).filter(Number.isInteger);
  const whole = integers.length >= 2 ? integers : y.ticks(5);
  const yAxis = input.format
    ? d3.axisLeft(y).tickValues(whole).tickFormat((v) => input.format!(Number(v)))
    : d3.axisLeft(y).tickValues(whole).tickFormat(d3.format(',~r'));
  svg.append('g').attr('class', 'y-axis').attr('transform', `translate(${margin.left},0)`).call(yAxis).attr('font-size', FONT_PX)
    .call((g) => g.selectAll('.tick line').clone().attr('x2', width - margin.left - margin.right).attr('stroke-opacity', 0.08));
  if (input.zeroLine) svg.append('line').attr('x1', margin.left).attr('x2', width - margin.right).attr('y1', y(0)).attr('y2', y(0)).attr('stroke', '#1c1f26').attr('stroke-width', 1);

  // Where the record ends and the forecast begins.
  if (h > 0) {
    const at = x(startX);
    svg.append('line').attr('class', 'as-of').attr('x1', at).attr('x2', at).attr('y1', margin.top - 4).attr('y2', HEIGHT - margin.bottom).attr('stroke', '#1c1f26').attr('stroke-opacity', 0.35).attr('stroke-dasharray', '3 3');
    svg.append('text').attr('x', at - 4).attr('y', margin.top - 8).attr('text-anchor', 'end').attr('fill', '#44474f').text('recorded');
    svg.append('text').attr('x', at + 4).attr('y', margin.top - 8).attr('fill', '#44474f').text('forecast');
  }

  const months = d3.range(n);
  const ends: Array<{ label: string; colour: string; y: number }> = [];
  input.fans.forEach((fan, f) => {
    const g = svg.append('g').attr('class', 'fan').attr('data-fan', fan.label);
    for (const band of BANDS) {
      const area = d3.area<number>().x((m) => x(m)).y0((m) => y(band.lo(fan.band, m))).y1((m) => y(band.hi(fan.band, m)));
      g.append('path').attr('class', 'band').attr('d', area(months)).attr('fill', fan.colour).attr('fill-opacity', band.opacity * (f === 0 && input.fans.length > 1 ? 0.8 : 1));
    }
    const line = d3.line<number>().x((m) => x(m)).y((m) => y(fan.band.p50[m]!));
    g.append('path').attr('class', 'median').attr('d', line(months)).attr('fill', 'none').attr('stroke', fan.colour).attr('stroke-width', 2).attr('stroke-dasharray', f === 0 && input.fans.length > 1 ? '5 3' : null);
    ends.push({ label: fan.label, colour: fan.colour, y: y(fan.band.p50[n - 1]!) });
  });
  if (history) {
    // The recorded months, then (stocks) the value on the start date: one solid line into the fan.
    const points: Array<[number, number]> = history.values.map((v, k) => [x(k - h), y(v)]);
    if (input.start) points.push([x(startX), y(input.start.value)]);
    const g = svg.append('g').attr('class', 'recorded');
    g.append('path').attr('class', 'history').attr('d', d3.line()(points)).attr('fill', 'none').attr('stroke', RECORDED_COLOUR).attr('stroke-width', 2);
    g.selectAll('circle').data(history.values).join('circle').attr('class', 'history-point').attr('cx', (_, k) => x(k - h)).attr('cy', (v) => y(v)).attr('r', 2).attr('fill', RECORDED_COLOUR);
  }
  if (input.start) {
    svg.append('circle').attr('class', 'start').attr('cx', x(startX)).attr('cy', y(input.start.value)).attr('r', 3.5).attr('fill', '#1c1f26');
  }
  if (input.actual) {
    const actual = input.actual;
    svg.append('path').attr('class', 'actual').attr('d', d3.line<number>().x((m) => x(m)).y((m) => y(actual[m]!))(months)).attr('fill', 'none').attr('stroke', '#1c1f26').attr('stroke-width', 1.5);
    svg.append('g').selectAll('circle').data(months).join('circle').attr('cx', (m) => x(m)).attr('cy', (m) => y(actual[m]!)).attr('r', 2.5).attr('fill', '#1c1f26');
    ends.push({ label: 'what happened', colour: '#1c1f26', y: y(actual[n - 1]!) });
  }
  // Labels at the lines' right ends, moved apart where they would overlap.
  ends.sort((a, b) => a.y - b.y);
  for (let k = 1; k < ends.length; k++) ends[k]!.y = Math.max(ends[k]!.y, ends[k - 1]!.y + FONT_PX + 2);
  const overflow = ends.length > 0 ? ends.at(-1)!.y - (HEIGHT - margin.bottom) : 0;
  if (overflow > 0) ends.forEach((e) => (e.y -= overflow));
  svg.append('g').attr('class', 'line-labels').selectAll('text').data(ends).join('text')
    .attr('x', x(n - 1) + 6).attr('y', (e) => e.y).attr('dy', '0.35em').attr('fill', (e) => e.colour).attr('font-weight', 600).text((e) => e.label);
  const place = history ? recordedLabelPlace(history.values.map((v) => y(v)), margin.top, HEIGHT - margin.bottom, 'recorded'.length * BOLD_CHAR_PX, (k) => x(k - h) - x(-h)) : null;
  if (place) {
    svg.append('text').attr('class', 'line-label').attr('x', x(place.index - h)).attr('y', place.y).attr('fill', RECORDED_COLOUR).attr('font-weight', 600)
      .attr('stroke', '#ffffff').attr('stroke-width', 3).attr('paint-order', 'stroke').text('recorded');
  }

  const rule = svg.append('line').attr('y1', margin.top).attr('y2', HEIGHT - margin.bottom).attr('stroke', '#1c1f26').attr('stroke-opacity', 0.4).attr('visibility', 'hidden');
  const show = (m: number) => {
    rule.attr('x1', x(m)).attr('x2', x(m)).attr('visibility', 'visible');
    readout.textContent = m < 0 ? `${name(labelAt(m))}, ${input.unit}: recorded ${format(history!.values[h + m]!)}` : readoutText(input, m);
  };
  let focused = n - 1;
  svg.append('rect').attr('x', margin.left).attr('y', margin.top).attr('width', width - margin.left - margin.right).attr('height', HEIGHT - margin.top - margin.bottom)
    .attr('fill', 'transparent').attr('tabindex', 0).attr('aria-label', `${input.ariaLabel}: arrow keys read each month`)
    .on('pointermove', (event: PointerEvent) => {
      focused = Math.max(first, Math.min(n - 1, Math.round(x.invert(d3.pointer(event)[0]))));
      show(focused);
    })
    .on('pointerleave', () => rule.attr('visibility', 'hidden'))
    .on('keydown', (event: KeyboardEvent) => {
      if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
      focused = Math.max(first, Math.min(n - 1, focused + (event.key === 'ArrowRight' ? 1 : -1)));
      show(focused);
      event.preventDefault();
    })
    .on('focus', () => show(focused));
  const node = svg.node()!;
  host.append(node);
  return node;
}

/** "April 2025: scenario median 120 (50%: 112–128; 80%: 100–140; 95%: 92–151); actual 118" */
export function readoutText(input: FanChartInput, m: number): string {
  const formatValue = input.format ?? formatCount;
  const parts = input.fans.map((fan) => {
    const b = fan.band;
    // a band of zero width is a deterministic line (the care-only model): its value alone
    if (b.p2_5[m] === b.p97_5[m]) return `${fan.label} ${formatValue(b.p50[m]!)}`;
    return `${fan.label} median ${formatValue(b.p50[m]!)} (50%: ${formatValue(b.p25[m]!)} to ${formatValue(b.p75[m]!)}; 80%: ${formatValue(b.p10[m]!)} to ${formatValue(b.p90[m]!)}; 95%: ${formatValue(b.p2_5[m]!)} to ${formatValue(b.p97_5[m]!)})`;
  });
  if (input.actual) parts.push(`what happened ${formatValue(input.actual[m]!)}`);
  return `${(input.period?.name ?? monthName)(input.months[m]!)}, ${input.unit}: ${parts.join('; ')}`;
}

/** The legend under a chart, as HTML-free DOM. */
export function legend(fans: Fan[], extras: Array<{ label: string; colour: string }> = []): HTMLElement {
  const element = document.createElement('p');
  element.className = 'legend';
  for (const fan of fans) {
    const item = document.createElement('span');
    const swatch = document.createElement('i');
    swatch.style.background = fan.colour;
    swatch.style.opacity = '0.6';
    item.append(swatch, `${fan.label}: line the median, bands hold 50%, 80% and 95% of runs`);
    element.append(item);
  }
  for (const extra of extras) {
    const item = document.createElement('span');
    const swatch = document.createElement('i');
    swatch.style.background = extra.colour;
    swatch.style.height = '3px';
    item.append(swatch, extra.label);
    element.append(item);
  }
  return element;
}
