// A fan chart as plain data in, SVG out: months on x, the 95%, 80% and 50% bands of the runs as
// nested areas and the median as a line; optionally a second fan (the baseline, drawn grey under the scenario), the value at the start date, a line of what happened (back-test) and a zero line (a
// difference). The value under the pointer or the arrow keys goes to `readout`.
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
  /** the measure's value on the start date (month-end stocks), drawn at the left edge */
  start?: { label: string; value: number };
  zeroLine?: boolean;
  unit: string;
  ariaLabel: string;
  /** how a value is written in the readout and on the y axis (counts by default; money for costs) */
  format?: (v: number) => string;
  /** each x value's name ("April 2025" by default; quarters for costs) and its short axis form */
  period?: { name: (label: string) => string; short: (label: string) => string };
}

const WIDTH = 560;
const HEIGHT = 260;
const MARGIN = { top: 12, right: 14, bottom: 30, left: 52 };

/** The band edges a quantile pair describes, widest first so narrower bands draw on top. */
const BANDS = [
  { lo: (b: Band, m: number) => b.p2_5[m]!, hi: (b: Band, m: number) => b.p97_5[m]!, opacity: 0.18 },
  { lo: (b: Band, m: number) => b.p10[m]!, hi: (b: Band, m: number) => b.p90[m]!, opacity: 0.3 },
  { lo: (b: Band, m: number) => b.p25[m]!, hi: (b: Band, m: number) => b.p75[m]!, opacity: 0.42 },
];

export function drawFanChart(host: HTMLElement, input: FanChartInput, readout: HTMLElement): SVGSVGElement {
  const n = input.months.length;
  const values: number[] = [];
  for (const fan of input.fans) values.push(...fan.band.p2_5, ...fan.band.p97_5);
  if (input.actual) values.push(...input.actual);
  if (input.start) values.push(input.start.value);
  if (input.zeroLine) values.push(0);
  const [lo, hi] = d3.extent(values) as [number, number];
  const x = d3.scaleLinear([input.start ? -1 : 0, Math.max(1, n - 1)], [MARGIN.left, WIDTH - MARGIN.right]);
  const y = d3.scaleLinear([Math.min(0, lo), hi === lo ? hi + 1 : hi], [HEIGHT - MARGIN.bottom, MARGIN.top]).nice();

  const svg = d3.create('svg').attr('viewBox', `0 0 ${WIDTH} ${HEIGHT}`).attr('width', WIDTH).attr('height', HEIGHT).attr('role', 'img').attr('aria-label', input.ariaLabel);
  svg.attr('font-size', 11).attr('font-family', "system-ui, 'Segoe UI', Helvetica, Arial, sans-serif");

  const tickEvery = Math.max(1, Math.ceil(n / 6));
  svg.append('g').attr('transform', `translate(0,${HEIGHT - MARGIN.bottom})`)
    .call(d3.axisBottom(x).tickValues(d3.range(0, n, tickEvery)).tickFormat((m) => (input.period?.short ?? shortMonth)(input.months[Number(m)]!)))
    // a label on the last point would run past the right edge: end it there instead of centring it
    .call((g) => g.selectAll<SVGTextElement, number>('.tick text').filter((m) => m === n - 1).attr('text-anchor', 'end'));
  // Money is in whole pounds: a tick between two (a chart of zeros spans 0 to 1) would read as a rounded lie.
  const yAxis = input.format
    ? d3.axisLeft(y).tickValues(y.ticks(5).filter(Number.isInteger)).tickFormat((v) => input.format!(Number(v)))
    : d3.axisLeft(y).ticks(5, ',~r');
  svg.append('g').attr('transform', `translate(${MARGIN.left},0)`).call(yAxis)
    .call((g) => g.selectAll('.tick line').clone().attr('x2', WIDTH - MARGIN.left - MARGIN.right).attr('stroke-opacity', 0.08));
  if (input.zeroLine) svg.append('line').attr('x1', MARGIN.left).attr('x2', WIDTH - MARGIN.right).attr('y1', y(0)).attr('y2', y(0)).attr('stroke', '#1c1f26').attr('stroke-width', 1);

  const months = d3.range(n);
  input.fans.forEach((fan, f) => {
    const g = svg.append('g').attr('class', 'fan').attr('data-fan', fan.label);
    for (const band of BANDS) {
      const area = d3.area<number>().x((m) => x(m)).y0((m) => y(band.lo(fan.band, m))).y1((m) => y(band.hi(fan.band, m)));
      g.append('path').attr('class', 'band').attr('d', area(months)).attr('fill', fan.colour).attr('fill-opacity', band.opacity * (f === 0 && input.fans.length > 1 ? 0.8 : 1));
    }
    const line = d3.line<number>().x((m) => x(m)).y((m) => y(fan.band.p50[m]!));
    g.append('path').attr('class', 'median').attr('d', line(months)).attr('fill', 'none').attr('stroke', fan.colour).attr('stroke-width', 2).attr('stroke-dasharray', f === 0 && input.fans.length > 1 ? '5 3' : null);
  });
  if (input.start) {
    svg.append('circle').attr('cx', x(-1)).attr('cy', y(input.start.value)).attr('r', 3.5).attr('fill', '#1c1f26');
  }
  if (input.actual) {
    const actual = input.actual;
    svg.append('path').attr('class', 'actual').attr('d', d3.line<number>().x((m) => x(m)).y((m) => y(actual[m]!))(months)).attr('fill', 'none').attr('stroke', '#1c1f26').attr('stroke-width', 1.5);
    svg.append('g').selectAll('circle').data(months).join('circle').attr('cx', (m) => x(m)).attr('cy', (m) => y(actual[m]!)).attr('r', 2.5).attr('fill', '#1c1f26');
  }

  const rule = svg.append('line').attr('y1', MARGIN.top).attr('y2', HEIGHT - MARGIN.bottom).attr('stroke', '#1c1f26').attr('stroke-opacity', 0.4).attr('visibility', 'hidden');
  const show = (m: number) => {
    rule.attr('x1', x(m)).attr('x2', x(m)).attr('visibility', 'visible');
    readout.textContent = readoutText(input, m);
  };
  let focused = n - 1;
  svg.append('rect').attr('x', MARGIN.left).attr('y', MARGIN.top).attr('width', WIDTH - MARGIN.left - MARGIN.right).attr('height', HEIGHT - MARGIN.top - MARGIN.bottom)
    .attr('fill', 'transparent').attr('tabindex', 0).attr('aria-label', `${input.ariaLabel}: arrow keys read each month`)
    .on('pointermove', (event: PointerEvent) => {
      focused = Math.max(0, Math.min(n - 1, Math.round(x.invert(d3.pointer(event)[0]))));
      show(focused);
    })
    .on('pointerleave', () => rule.attr('visibility', 'hidden'))
    .on('keydown', (event: KeyboardEvent) => {
      if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
      focused = Math.max(0, Math.min(n - 1, focused + (event.key === 'ArrowRight' ? 1 : -1)));
      show(focused);
      event.preventDefault();
    })
    .on('focus', () => show(focused));
  const node = svg.node()!;
  host.append(node);
  return node;
}

function shortMonth(month: string): string {
  const [name, year] = monthName(month).split(' ');
  return `${name!.slice(0, 3)} ${year}`;
}

/** "April 2025: scenario median 120 (50%: 112–128; 80%: 100–140; 95%: 92–151); actual 118" */
export function readoutText(input: FanChartInput, m: number): string {
  const formatValue = input.format ?? formatCount;
  const parts = input.fans.map((fan) => {
    const b = fan.band;
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
