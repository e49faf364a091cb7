// The funnel plot: each council's rate against its volume, the target (all councils together, or
// England), the 95% and 99.8% limits, and England's figure as a line. A council's position comes from
// the API (exact binomial tails), not from where its dot falls against the drawn limits.
import * as d3 from 'd3';
import type { FunnelView } from '../../../server/routes/views/funnel.js';
import { chartWidth } from './charts.js';
import type { Figure } from './figure.js';
import { isNumber, pct } from './labels.js';
import { placePointLabels } from './point-labels.js';

const POSITION_TEXT: Record<string, string> = {
  'below_99.8': 'below the 99.8% limit',
  below_95: 'below the 95% limit',
  within: 'within the limits',
  above_95: 'above the 95% limit',
  'above_99.8': 'above the 99.8% limit',
  incomplete: 'not placed: incomplete (the data’s edges cut the window short)',
};

export function drawFunnel(figure: Figure, view: FunnelView): void {
  const hidden = view.points.filter((p) => !isNumber(p.rate) || !isNumber(p.n));
  const hiddenNote = () => hidden.length && figure.note(`Not drawn (rate suppressed: built on fewer than 5, or out of fewer than 40): ${hidden.map((p) => p.dataset).join(', ')}.`);
  if (view.target === null) {
    // Without a target nothing can be placed: say so, rather than leave an empty space.
    figure.note('No funnel drawn: the target, the rate of the complete councils together, is suppressed ([c]: built on fewer than 5, or out of fewer than 40), so no council can be placed against it. Choose England’s figure as the target.');
    hiddenNote();
    return;
  }
  const target = view.target;
  const W = chartWidth(figure);
  const narrow = W < 560;
  const H = narrow ? 300 : 360;
  const M = { top: 22, right: 14, bottom: 44, left: 56 };
  const points = view.points.filter((p) => isNumber(p.rate) && isNumber(p.n));
  const maxN = Math.max(2, ...points.map((p) => p.n as number)) * 1.1;
  const xs = d3.scaleLinear().domain([0, maxN]).range([M.left, W - M.right]);
  const curve = view.curve.filter((c) => (c.n as number) >= 5 && isNumber(c.lower998) && isNumber(c.upper998)) as Array<Record<string, number>>;
  const near = [...points.map((p) => p.rate as number), target, ...(view.england ? [view.england.value] : []), ...curve.filter((c) => c.n! >= Math.min(20, maxN / 4)).flatMap((c) => [c.lower998!, c.upper998!])];
  const ys = d3.scaleLinear().domain([Math.max(0, d3.min(near)! - 0.03), Math.min(1, d3.max(near)! + 0.03)]).nice().range([H - M.bottom, M.top]);
  const svg = d3.select(figure.body).append('svg').attr('viewBox', `0 0 ${W} ${H}`).attr('width', '100%').attr('role', 'img').attr('aria-label', figure.element.querySelector('h3')?.textContent ?? 'Funnel plot').attr('font-size', 12).attr('font-family', "system-ui, 'Segoe UI', Helvetica, Arial, sans-serif");
  const clip = `funnel-clip-${Math.random().toString(36).slice(2)}`;
  svg.append('defs').append('clipPath').attr('id', clip).append('rect').attr('x', M.left).attr('y', M.top).attr('width', W - M.left - M.right).attr('height', H - M.top - M.bottom);
  svg.append('g').attr('transform', `translate(0,${H - M.bottom})`).call(d3.axisBottom(xs).ticks(narrow ? 4 : 8).tickFormat(d3.format(',d')));
  svg.append('g').attr('transform', `translate(${M.left},0)`).call(d3.axisLeft(ys).ticks(6).tickFormat(d3.format('.0%')));
  svg.append('text').attr('x', (M.left + W - M.right) / 2).attr('y', H - 6).attr('text-anchor', 'middle').text('volume: number of cases the rate is out of');
  svg.append('text').attr('x', M.left).attr('y', 12).attr('font-weight', 600).text('rate');
  const limit = (pick: 'lower95' | 'upper95' | 'lower998' | 'upper998', dash: string) =>
    svg
      .append('path')
      .attr('d', d3.line<Record<string, number>>().x((c) => xs(c.n!)).y((c) => ys(c[pick]!)).curve(d3.curveMonotoneX)(curve))
      .attr('fill', 'none')
      .attr('clip-path', `url(#${clip})`)
      .attr('stroke', '#5b6270')
      .attr('stroke-dasharray', dash);
  limit('lower95', '6 3');
  limit('upper95', '6 3');
  limit('lower998', '2 2');
  limit('upper998', '2 2');
  const hline = (value: number, text: string, dash: string | null, below: boolean) => {
    svg.append('line').attr('x1', xs(0)).attr('x2', W - M.right).attr('y1', ys(value)).attr('y2', ys(value)).attr('stroke', '#1c1f26').attr('stroke-width', 1.5).attr('stroke-dasharray', dash);
    svg
      .append('text')
      .attr('x', W - M.right - 4)
      .attr('y', ys(value) + (below ? 14 : -5))
      .attr('class', 'line-label')
      .attr('text-anchor', 'end')
      .attr('font-size', 11)
      .attr('paint-order', 'stroke')
      .attr('stroke', '#fff')
      .attr('stroke-width', 3)
      .text(text);
  };
  const england = view.england && view.targetKind !== 'england' ? view.england : null;
  // Two lines close together: one label above its line, the other below.
  const englandBelow = england !== null && england.value <= target;
  hline(target, `${view.targetKind === 'england' ? `England (${view.england?.year})` : capitalised(view.pooled)} ${pct(target)}`, null, england !== null && !englandBelow);
  if (england) hline(england.value, `England ${pct(england.value)} (${england.year})`, '8 3 2 3', englandBelow);
  const shape = (position: unknown) => (position === 'within' ? d3.symbolCircle : String(position).startsWith('above') ? d3.symbolTriangle : d3.symbolSquare);
  const describe = (p: (typeof points)[number]) => `${p.dataset}: ${pct(p.rate)} of ${(p.n as number).toLocaleString('en-GB')}, ${POSITION_TEXT[String(p.position)] ?? 'no position'}${p.p_upper === null ? '' : ` (P as high or higher ${p.p_upper}, as low or lower ${p.p_lower})`}`;
  const marks = svg.selectAll('g.point').data(points).join('g').attr('class', 'point').attr('tabindex', 0).attr('aria-label', describe);
  marks.on('mouseenter focus', (_e, p) => {
    figure.readout.textContent = describe(p);
  });
  marks
    .append('path')
    .attr('d', (p) => d3.symbol(shape(p.position), 90)())
    .attr('transform', (p) => `translate(${xs(p.n as number)},${ys(p.rate as number)})`)
    .attr('fill', (p) => (p.position === 'incomplete' ? '#fff' : '#0b5cad'))
    .attr('stroke', '#0b5cad')
    .attr('stroke-width', (p) => (p.position === 'incomplete' ? 2 : 0))
    .attr('stroke-dasharray', (p) => (p.position === 'incomplete' ? '3 2' : null))
    .append('title')
    .text(describe);
  // Names placed so that none covers another or a mark (issue 9 audit: "tiny" and "small12" were drawn on
  // top of each other); one that fits nowhere is left off, and said below: its point names it on hover.
  const probe = svg.append('text').attr('visibility', 'hidden');
  const measure = (text: string) => {
    probe.text(text);
    const width = (probe.node() as SVGTextElement).getComputedTextLength?.() || text.length * 7;
    return { width, height: 14 };
  };
  const lineLabels = svg.selectAll<SVGTextElement, unknown>('text.line-label').nodes().map((t) => {
    const b = t.getBBox();
    return { x0: b.x, y0: b.y, x1: b.x + b.width, y1: b.y + b.height };
  });
  probe.remove();
  // the larger councils first: their names are the ones read first
  const order = points.map((_, i) => i).sort((a, b) => (points[b]!.n as number) - (points[a]!.n as number));
  const placed = placePointLabels(
    order.map((i) => ({ x: xs(points[i]!.n as number), y: ys(points[i]!.rate as number), ...measure(String(points[i]!.dataset)) })),
    { markRadius: 6, bounds: { x0: M.left, y0: M.top, x1: W - 2, y1: H - M.bottom }, obstacles: lineLabels },
  );
  const labelOf = new Map(order.map((i, j) => [points[i]!, placed[j] ?? null]));
  marks.each(function (p) {
    const at = labelOf.get(p);
    if (!at) return;
    const g = d3.select(this);
    if (at.leader) {
      const px = xs(p.n as number);
      const py = ys(p.rate as number);
      const ex = at.anchor === 'end' ? at.box.x1 : at.box.x0;
      g.append('line').attr('class', 'leader').attr('x1', px).attr('y1', py).attr('x2', ex).attr('y2', at.y).attr('stroke', '#8a909c').attr('stroke-width', 1);
    }
    g.append('text').attr('x', at.x).attr('y', at.y + 4).attr('text-anchor', at.anchor).attr('paint-order', 'stroke').attr('stroke', '#fff').attr('stroke-width', 3).text(String(p.dataset));
  });
  const unnamed = points.filter((p) => !labelOf.get(p));
  figure.note('Dashed: 95% limits; dotted: 99.8% limits. Circles are within the limits, triangles above, squares below: each council is placed by the exact chance of a rate as far from the target, not by where its dot falls against the drawn lines.');
  const incomplete = points.filter((p) => p.position === 'incomplete');
  if (incomplete.length) figure.note(`Hollow, dashed: ${incomplete.map((p) => p.dataset).join(', ')}: incomplete in this window (the data’s edges cut it short), so not placed against the limits${view.targetKind === 'england' ? '' : incomplete.length === points.length ? '; with no complete council the target pools them all' : ' and left out of the target'}.`);
  if (view.targetNote && !incomplete.length) figure.note(view.targetNote);
  if (unnamed.length) figure.note(`Too close to name on the chart: ${unnamed.map((p) => p.dataset).join(', ')} (point at each to read it, or see the table).`);
  hiddenNote();
}

const capitalised = (text: string) => text[0]!.toUpperCase() + text.slice(1);
