// The flow view's work in progress: one small chart per station where children wait (never an exit),
// the front door's first, each the weekly count of children waiting at the end of the week; where the
// station has a target (assessment 45, section 47 to ICPC 15 working days) the part past it is drawn
// hatched and dark, with its own dashed line labelled at its end ("past 45 working days"), so colour is
// never the only cue. A station where every week is [c] (1–4 children) or none says so in words
// instead of drawing an empty chart. Each chart reads out the week under the pointer or keyboard under itself. The numbers are
// the map's (GET /stations at each week's last day); the table beside the chart has every one.
import * as d3 from 'd3';
import type { PublishedWorkInProgress } from '../../../server/routes/views/work-in-progress.js';
import { cursor, valueAxis } from './charts.js';
import type { Figure } from './figure.js';
import { longDate, num, value } from './labels.js';

const W = 290;
const H = 150;
const M = { top: 46, right: 10, bottom: 22, left: 40 };
const WAITING = '#4a7fb5';
const OVER = '#8c1d18';
const RUN_IN = '#8a6d00';
/** the top of a queue that may have ended (periods whose end was recorded under another episode) */
const MAY_HAVE_ENDED = '#6a3d9a';

let patterns = 0;

/** Small multiples into the figure's body; a [c] week (1–4 children) leaves a gap in the line. */
export function drawWorkInProgress(figure: Figure, wip: PublishedWorkInProgress): void {
  const host = figure.body;
  const grid = document.createElement('div');
  grid.className = 'small-multiples';
  host.append(grid);
  const weeks = wip.days.length;
  const xs = d3.scaleLinear().domain([0, Math.max(1, weeks - 1)]).range([M.left, W - M.right]);
  // Weeks before a station's run-in ends are hatched and said incomplete; a station whose ends are missing says so.
  const runIn = wip.stations.filter((s) => s.incomplete.some(Boolean));
  if (runIn.length) {
    figure.note(`Hatched ░ and marked “incomplete”: weeks whose count misses children who arrived before the data’s first day (${runIn.map((s) => `${s.name} until ${s.completeFrom ? longDate(s.completeFrom) : 'the end'}`).join('; ')}), so those counts read low and climb as such children would have left.`);
  }
  for (const s of wip.stations) if (s.endsNote) figure.note(`${s.endsNote} Its chart comes last.`);
  // Periods counted open though an end was recorded under another episode: the map station's sentence, under the charts
  for (const s of wip.stations) if (s.unpairedNote) figure.note(`${s.name}: ${s.unpairedNote}`);
  for (const station of wip.stations) {
    const latest = num(station.waiting[weeks - 1] ?? null);
    const over = num(station.overTarget[weeks - 1] ?? null);
    const waiting = station.waiting.map(value);
    const overTarget = station.overTarget.map(value);
    const what = station.endsMissing ? 'starts with no end recorded' : 'waiting';
    const title = station.targetWorkingDays === null
      ? `${station.name}: ${latest} ${what}`
      : `${station.name}: ${latest} waiting, ${over} past ${station.targetWorkingDays} working days`;
    if (!waiting.some((v) => v !== null && v > 0)) {
      const panel = emptyPanel(station.name, station.waiting);
      const ended = mayHaveEnded(station, wip.days);
      if (ended) panel.append(ended);
      grid.append(panel);
      continue;
    }
    const top = Math.max(1, d3.max(waiting, (v) => v ?? 0) ?? 1);
    const ys = d3.scaleLinear().domain([0, top]).nice(4).range([H - M.bottom, M.top]);
    // Each station's chart reads out under itself: one read-out under the whole grid sat a screen or more away
    // from the chart being read at 390 px (Referral, the first, read out below Contact, the last).
    const cell = document.createElement('div');
    cell.className = 'wip-cell';
    grid.append(cell);
    const readout = document.createElement('p');
    readout.className = 'hover-readout wip-readout';
    readout.setAttribute('role', 'status');
    readout.setAttribute('aria-live', 'polite');
    const svg = d3
      .select(cell)
      .append('svg')
      .attr('viewBox', `0 0 ${W} ${H}`)
      .attr('role', 'img')
      .attr('aria-label', `${title} at the end of the last week; weekly since ${longDate(wip.days[0] ?? '')}`)
      .attr('font-size', 11);
    const id = `wip-hatch-${++patterns}`;
    const pattern = svg.append('defs').append('pattern').attr('id', id).attr('width', 5).attr('height', 5).attr('patternUnits', 'userSpaceOnUse').attr('patternTransform', 'rotate(45)');
    pattern.append('rect').attr('width', 5).attr('height', 5).attr('fill', OVER).attr('opacity', 0.35);
    pattern.append('line').attr('x1', 0).attr('y1', 0).attr('x2', 0).attr('y2', 5).attr('stroke', OVER).attr('stroke-width', 2.5);
    svg.append('text').attr('x', 4).attr('y', 15).attr('font-size', 13).attr('font-weight', 700).text(station.name);
    svg
      .append('text')
      .attr('x', 4)
      .attr('y', 31)
      .attr('fill', '#44474f')
      .text(station.targetWorkingDays === null ? `${latest} ${what}` : `${latest} ${what} · ${over} past ${station.targetWorkingDays} working days`);
    if (station.endsMissing) cell.classList.add('wip-ends-missing');
    svg.append('g').attr('transform', `translate(${M.left},0)`).call(valueAxis(ys, 3, 'count')).attr('font-size', 10);
    const ends = [0, weeks - 1];
    svg
      .append('g')
      .attr('transform', `translate(0,${H - M.bottom})`)
      .call(d3.axisBottom(xs).tickValues(ends).tickFormat((i) => longDate(wip.days[Number(i)] ?? '').replace(/^\d+ /, '')))
      .attr('font-size', 10)
      .call((g) => g.selectAll<SVGTextElement, unknown>('.tick:last-of-type text').attr('text-anchor', 'end'))
      .call((g) => g.selectAll<SVGTextElement, unknown>('.tick:first-of-type text').attr('text-anchor', 'start'));
    const k = d3.range(weeks);
    // weeks of 1 to 4 children ([c]): a grey hatched strip along the bottom, so a gap is never read as none
    const few = `wip-few-${patterns}`;
    const fewPattern = svg.select('defs').append('pattern').attr('id', few).attr('width', 4).attr('height', 4).attr('patternUnits', 'userSpaceOnUse').attr('patternTransform', 'rotate(45)');
    fewPattern.append('line').attr('x1', 0).attr('y1', 0).attr('x2', 0).attr('y2', 4).attr('stroke', '#5b6270').attr('stroke-width', 1.5);
    const step = weeks > 1 ? xs(1) - xs(0) : 8;
    station.waiting.forEach((cell, i) => {
      if (cell === '[c]') svg.append('rect').attr('class', 'suppressed-week').attr('x', xs(i) - step / 2).attr('y', ys(0) - 6).attr('width', step).attr('height', 6).attr('fill', `url(#${few})`).append('title').text(`${longDate(wip.days[i] ?? '')}: [c] (1 to 4 children)`);
    });
    if (station.incomplete.some(Boolean)) {
      const runInId = `wip-run-in-${patterns}`;
      const p = svg.select('defs').append('pattern').attr('id', runInId).attr('width', 6).attr('height', 6).attr('patternUnits', 'userSpaceOnUse').attr('patternTransform', 'rotate(-45)');
      p.append('rect').attr('width', 6).attr('height', 6).attr('fill', RUN_IN).attr('opacity', 0.1);
      p.append('line').attr('x1', 0).attr('y1', 0).attr('x2', 0).attr('y2', 6).attr('stroke', RUN_IN).attr('stroke-width', 1.5).attr('opacity', 0.4);
      const first = station.incomplete.indexOf(true);
      const last = station.incomplete.lastIndexOf(true);
      const x0 = Math.max(M.left, xs(first) - step / 2);
      const x1 = Math.min(W - M.right, xs(last) + step / 2);
      svg.insert('rect', 'g').attr('class', 'incomplete run-in').attr('x', x0).attr('y', M.top).attr('width', Math.max(3, x1 - x0)).attr('height', H - M.bottom - M.top).attr('fill', `url(#${runInId})`).append('title').text(station.note ?? 'incomplete');
      const atRight = x0 > (M.left + W - M.right) / 2;
      svg.append('text').attr('class', 'incomplete-label').attr('x', atRight ? x1 - 2 : x0 + 2).attr('y', M.top + 10).attr('text-anchor', atRight ? 'end' : 'start').attr('font-size', 10).attr('fill', '#5c4a00').attr('paint-order', 'stroke').attr('stroke', '#fff').attr('stroke-width', 3).text('incomplete');
    }
    const known = (values: readonly (number | null)[]) => (i: number) => values[i] !== null && values[i] !== undefined;
    const area = (values: readonly (number | null)[]) => d3.area<number>().defined(known(values)).x((i) => xs(i)).y0(ys(0)).y1((i) => ys(values[i] ?? 0))(k);
    svg.append('path').attr('d', area(waiting)).attr('fill', WAITING).attr('opacity', 0.25);
    svg.append('path').attr('d', d3.line<number>().defined(known(waiting)).x((i) => xs(i)).y((i) => ys(waiting[i] ?? 0))(k)).attr('fill', 'none').attr('stroke', WAITING).attr('stroke-width', 2);
    if (station.targetWorkingDays !== null) {
      svg.append('path').attr('d', area(overTarget)).attr('fill', `url(#${id})`).attr('stroke', 'none');
      svg.append('path').attr('class', 'target-line').attr('d', d3.line<number>().defined(known(overTarget)).x((i) => xs(i)).y((i) => ys(overTarget[i] ?? 0))(k)).attr('fill', 'none').attr('stroke', OVER).attr('stroke-width', 2).attr('stroke-dasharray', '5 2');
      // labelled directly, above the line's last known point
      const last = d3.range(weeks - 1, -1, -1).find((i) => overTarget[i] !== null && overTarget[i] !== undefined);
      if (last !== undefined) {
        // labelled above the plot, with a sample of the line, so it never sits on the data
        const key = svg.append('g').attr('class', 'target-label').attr('transform', `translate(${W - M.right},${M.top - 5})`);
        key.append('text').attr('text-anchor', 'end').attr('font-size', 10).attr('font-weight', 600).attr('fill', OVER).text(`past ${station.targetWorkingDays} working days`);
        const width = 10 * `past ${station.targetWorkingDays} working days`.length * 0.62;
        key.append('line').attr('x1', -width - 24).attr('x2', -width - 8).attr('y1', -3).attr('y2', -3).attr('stroke', OVER).attr('stroke-width', 2).attr('stroke-dasharray', '5 2');
      }
    }
    // The top of the queue that may have ended: a purple band from waiting less those periods up to waiting,
    // edged with a dotted line, on the weeks both are published as numbers; said in words under the chart.
    if (station.unpairedEnds) {
      const ended = station.unpairedEnds.map(value);
      const shown = (i: number) => waiting[i] !== null && waiting[i] !== undefined && ended[i] !== null && ended[i] !== undefined && ended[i]! > 0;
      const band = d3.area<number>().defined(shown).x((i) => xs(i)).y0((i) => ys(waiting[i]! - ended[i]!)).y1((i) => ys(waiting[i]!))(k);
      svg.append('path').attr('class', 'may-have-ended').attr('d', band).attr('fill', MAY_HAVE_ENDED).attr('opacity', 0.45).append('title').text(station.unpairedNote ?? 'may have ended');
      svg.append('path').attr('d', d3.line<number>().defined(shown).x((i) => xs(i)).y((i) => ys(waiting[i]! - ended[i]!))(k)).attr('fill', 'none').attr('stroke', MAY_HAVE_ENDED).attr('stroke-width', 1.5).attr('stroke-dasharray', '1 2');
    }
    // Value on hover and keyboard focus, as on every other chart (review v9d finding 6): the published
    // cells, so a week of 1 to 4 children reads [c], never a number or "—".
    // beside the queue it qualifies, not only in the notes and the CSV
    const ended = mayHaveEnded(station, wip.days);
    if (ended) cell.append(ended);
    cell.append(readout);
    const unpaired = (i: number) => {
      const n = station.unpairedEnds?.[i];
      return n === undefined || n === 0 || n === null ? '' : `, ${num(n)} of them may have ended (an end recorded under another episode)`;
    };
    cursor(svg, { ...figure, readout }, W, H, M.right, weeks, xs, weeks - 1, (i) =>
      `${station.name}, end of the week to ${longDate(wip.days[i] ?? '')}: ${num(station.waiting[i] ?? null)} ${what}${station.targetWorkingDays === null ? '' : `, ${num(station.overTarget[i] ?? null)} past ${station.targetWorkingDays} working days`}${unpaired(i)}${station.incomplete[i] ? ' — incomplete (children who arrived before the data’s first day are missing)' : ''}`,
      M,
    );
  }
}

/**
 * Under a station's chart, when some of its count are periods whose end was recorded under another episode
 * (the map's station: "N may have ended"): how many, on the last week with any, the full sentence on hover
 * and in the figure's notes (where the stations endpoint gives one: not at a station some of whose stays are
 * no period, such as Early help). Null when the station has none.
 */
function mayHaveEnded(station: PublishedWorkInProgress['stations'][number], days: readonly string[]): HTMLElement | null {
  const cells = station.unpairedEnds;
  if (!cells) return null;
  const w = cells.findLastIndex((c) => c !== null && c !== 0);
  if (w < 0) return null;
  const p = document.createElement('p');
  p.className = 'wip-unpaired';
  if (station.unpairedNote) p.title = station.unpairedNote;
  const swatch = document.createElement('span');
  swatch.setAttribute('aria-hidden', 'true');
  swatch.className = 'wip-unpaired-swatch';
  // the date only when it is not the chart's last week
  const when = w === days.length - 1 ? '' : ` on ${longDate(days[w] ?? '')}`;
  p.append(swatch, `${num(cells[w])} of the ${num(station.waiting[w] ?? null)}${when} may have ended (purple, top of the queue): an end recorded under another episode${station.unpairedNote ? '; see the note below' : ''}.`);
  return p;
}

/** A station with no week of 5 or more: say why there is no line, rather than draw an empty chart. */
function emptyPanel(name: string, cells: readonly unknown[]): HTMLElement {
  const panel = document.createElement('div');
  panel.className = 'wip-empty';
  panel.setAttribute('role', 'note');
  const suppressed = cells.filter((c) => c === '[c]').length;
  const heading = document.createElement('strong');
  heading.textContent = name;
  const text = document.createElement('p');
  text.textContent = suppressed === 0
    ? 'No child waiting here at the end of any week of this window.'
    : `1 to 4 children waiting at the end of ${suppressed === cells.length ? 'every' : `${suppressed} of the ${cells.length}`} week${cells.length === 1 ? '' : 's'}${suppressed === cells.length ? '' : ', none in the others'}: counts this small are shown as [c] to protect the children, so there is no line to draw. The map's station on a given day, and the table below, give what can be shown.`;
  panel.append(heading, text);
  return panel;
}
