// What each view draws from its API JSON (the tables are drawn by tables.ts for every view).
import type { PathwaysView, TwoPointView } from '../../../server/routes/views/pathways.js';
import type { RereferralsView } from '../../../server/routes/views/rereferrals.js';
import type { FlowView } from '../../../server/routes/views/flow.js';
import type { ImpactView } from '../../../server/routes/views/impact.js';
import type { CohortsView } from '../../../server/routes/views/cohorts.js';
import type { FunnelView } from '../../../server/routes/views/funnel.js';
import type { TimeInCareView } from '../../../server/routes/views/time-in-care.js';
import { RATE_KEYS } from '../../../core/metrics.js';
import * as d3 from 'd3';
import { barChart, lineChart, PALETTE } from './charts.js';
import { dotWhiskerChart, type DotGroup } from './dot-whisker.js';
import { count, longDate, rateLabel, windowText } from './labels.js';
import { drawFunnel } from './funnel-chart.js';
import { drawSankey } from './sankey.js';
import { drawWorkInProgress } from './wip-chart.js';
import type { ViewName } from './api.js';

export type Renderer = (chart: HTMLElement, json: never, readout: HTMLElement) => void;

function pathways(chart: HTMLElement, view: PathwaysView, readout: HTMLElement): void {
  const nodes = view.nodes.map((n) => ({ id: n.id, name: `${n.name} ${n.pre ? '(before ep ' : '(ep '}${n.episode})`, group: n.station }));
  const links = view.links.map((l) => ({ source: l.source, target: l.target, value: l.count, share: l.share }));
  drawSankey(
    chart,
    readout,
    `Pathways of ${count(view.trips)} trips starting ${windowText(view.window.from, view.window.to)}`,
    'Read left to right: each column is the next step of a trip; band width = number of trips. "ep 2" = the child\'s second episode (a re-referral); "before ep 1" = contacts before the first referral.',
    nodes,
    links,
  );
  const left = view.leftOut;
  if (left.tripsBeyondMaxEpisodes || left.stepsBeyondMaxSteps) {
    const p = document.createElement('p');
    p.className = 'hint';
    p.textContent = `Not drawn: ${left.tripsBeyondMaxEpisodes} trips of later episodes, ${left.stepsBeyondMaxSteps} steps beyond the step limit.`;
    chart.append(p);
  }
}

function twoPoint(chart: HTMLElement, view: TwoPointView, readout: HTMLElement): void {
  const name = new Map(view.stations.map((s) => [s.id, s.name]));
  const used = new Set(view.links.flatMap((l) => [`A:${l.from}`, `B:${l.to}`]));
  const nodes = [...used].map((id) => ({ id, name: `${name.get(id.slice(2))} (${id[0] === 'A' ? view.a : view.b})`, group: id.slice(2) }));
  const links = view.links.map((l) => ({ source: `A:${l.from}`, target: `B:${l.to}`, value: l.count, share: l.share }));
  drawSankey(
    chart,
    readout,
    `Where ${count(view.children)} children were on ${longDate(view.a)} (left) and on ${longDate(view.b)} (right)`,
    'Band width = number of children moving from their stage on the first date to their stage on the second. "Not yet seen" = no record by the first date.',
    nodes,
    links,
  );
  // Show the dates the server chose, so the pickers never look empty while a chart is drawn.
  const form = chart.parentElement?.querySelector('form');
  for (const [name, value] of [['a', view.a], ['b', view.b]] as const) {
    const input = form?.querySelector<HTMLInputElement>(`input[name=${name}]`);
    if (input && !input.value) input.value = value;
  }
}

function rereferrals(chart: HTMLElement, view: RereferralsView): void {
  const span = windowText(view.window.from, view.window.to);
  const r = view.series.rolling12;
  lineChart(chart, {
    title: 'Re-referral rates, rolling 12 months',
    subtitle: `${span}. Each point covers the 12 months ending that month. Solid: share of referrals with another referral of the same child in the previous 12 months (DfE measure). Dashed: the same within 36 months. Shaded: 95% interval.`,
    x: r.map((p) => p.label),
    yLabel: '% of referrals',
    xLabel: 'month (end of the 12 months)',
    percent: true,
    series: [
      { name: 'Re-referred within 12 months (DfE)', values: r.map((p) => p.rate12m), lower: r.map((p) => p.ci12m?.lower ?? null), upper: r.map((p) => p.ci12m?.upper ?? null) },
      { name: 'Previous referral within 36 months', values: r.map((p) => p.share36m), lower: r.map((p) => p.ci36m?.lower ?? null), upper: r.map((p) => p.ci36m?.upper ?? null) },
    ],
  });
  const m = view.series.monthly;
  lineChart(chart, {
    title: 'Re-referral rates, each calendar month',
    subtitle: `${span}. The same two rates for the referrals of each single month: noisier, but shows a recent change sooner. Early months are low because the data has no earlier history to look back on.`,
    x: m.map((p) => p.label),
    yLabel: '% of referrals',
    xLabel: 'month of referral',
    percent: true,
    series: [
      { name: 'Re-referred within 12 months (DfE)', values: m.map((p) => p.rate12m) },
      { name: 'Previous referral within 36 months', values: m.map((p) => p.share36m) },
    ],
  });
  const bins = view.timeSincePrevious.bins;
  barChart(chart, {
    title: 'How long since the child\'s previous referral',
    subtitle: `${span}. Referrals in the window that had an earlier referral of the same child, by months since that earlier referral.`,
    labels: bins.map((b) => b.label.replace(' months', '')),
    values: bins.map((b) => b.count),
    yLabel: 'number of referrals',
    xLabel: 'months since the previous referral',
  });
  const g = view.nfaByPrevious.groups;
  barChart(chart, {
    title: 'Assessments ending in no further action, by the child\'s previous referrals',
    subtitle: `${span}. Share of assessments ending NFA, grouped by how many referrals the child had before this one.`,
    labels: g.map((x) => x.previousReferrals),
    values: g.map((x) => x.rate ?? 0),
    yLabel: '% of assessments ending NFA',
    xLabel: 'number of previous referrals',
    percent: true,
  });
}

/** How many station lines a time chart can hold and still be read. */
const MAX_LINES = 6;

function flow(chart: HTMLElement, view: FlowView): void {
  const span = windowText(view.window.from, view.window.to);
  const total = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const busiest = (pick: (s: FlowView['stations'][number]) => number[]) => {
    const ranked = view.stations.filter((s) => total(pick(s)) > 0).sort((a, b) => total(pick(b)) - total(pick(a)));
    const shown = ranked.slice(0, MAX_LINES);
    const rest = ranked.slice(MAX_LINES).map((s) => s.name);
    return { shown, note: rest.length ? ` Showing the ${MAX_LINES} busiest stations; the others (${rest.join(', ')}) are in the tables.` : '' };
  };
  drawWorkInProgress(chart, view.workInProgress, span);
  const arrivals = busiest((s) => s.arrivals);
  lineChart(chart, {
    title: 'Throughput: arrivals at each station per week',
    subtitle: `${span}. Number of steps arriving at each station in each week.${arrivals.note}`,
    x: view.weeks,
    yLabel: 'arrivals per week',
    xLabel: 'week starting',
    series: arrivals.shown.map((s) => ({ name: s.name, values: s.arrivals })),
  });
  barChart(chart, {
    title: `Assessment duration: ${pct(view.assessments.share)} within the 45 working-day target`,
    subtitle: `${span}. Assessments completed in the window, by working days from start to end; bars up to 41–45 are within target.`,
    labels: view.assessments.bins.map((b) => b.label),
    values: view.assessments.bins.map((b) => b.count),
    yLabel: 'assessments',
    xLabel: 'working days from start to end',
  });
  barChart(chart, {
    title: `Section 47 to initial conference: ${pct(view.s47ToIcpc.share)} within 15 working days`,
    subtitle: `${span}. Section 47 enquiries started in the window that led to an ICPC, by working days from the enquiry to the conference.`,
    labels: view.s47ToIcpc.bins.map((b) => b.label),
    values: view.s47ToIcpc.bins.map((b) => b.count),
    yLabel: 'S47 enquiries',
    xLabel: 'working days from S47 start to ICPC',
  });
  const keys = Object.keys(view.conversion[0]?.rates ?? {});
  lineChart(chart, {
    title: 'Conversion rates by month',
    subtitle: `${span}. For each month, the share of cases at one stage that went on to the next.`,
    x: view.conversion.map((c) => c.month),
    yLabel: '% converted',
    xLabel: 'month',
    percent: true,
    series: keys.map((k) => ({ name: rateLabel(k), values: view.conversion.map((c) => c.rates[k]!.rate) })),
  });
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

const GROUP_MARKS: ReadonlyArray<Omit<DotGroup, 'name'>> = [
  { colour: PALETTE[0]!, shape: d3.symbolCircle, shapeName: 'circle' },
  { colour: PALETTE[1]!, shape: d3.symbolTriangle, shapeName: 'triangle' },
];

/** One dot-and-whisker row per rate that has any cases, for two window summaries side by side. */
function rateRows(a: CohortsView['a'], b: CohortsView['b']) {
  const keys = RATE_KEYS.filter((k) => a.rates[k].n > 0 || b.rates[k].n > 0);
  return keys.map((k) => ({
    label: rateLabel(k),
    values: [a, b].map((s) => ({ rate: s.rates[k].rate, lower: s.rates[k].ci?.lower ?? null, upper: s.rates[k].ci?.upper ?? null, k: s.rates[k].k, n: s.rates[k].n })),
  }));
}

function impact(chart: HTMLElement, view: ImpactView): void {
  const verdict = chart.parentElement!.querySelector('.verdict')!;
  const fit = view.regression.referrals_per_week;
  const changed = RATE_KEYS.filter((k) => view.regression[k]?.largerThanNoise);
  const when = `${longDate(view.marker)}${view.markerLabel ? ` (${view.markerLabel})` : ''}`;
  verdict.textContent =
    `Change on ${when}, ${view.weeksEitherSide} weeks either side. ` +
    `Referrals per week: ${fit ? fit.verdict : 'too few weeks to tell.'} ` +
    (changed.length ? `Rates that changed by more than the noise: ${changed.map(rateLabel).join('; ')}.` : 'No rate changed by more than the noise.');
  const span = `${view.weeks.length} weeks from ${longDate(view.weeks[0] ?? view.marker)}; the dashed line marks ${longDate(view.marker)}`;
  dotWhiskerChart(
    chart,
    `Each rate before and after ${longDate(view.marker)}`,
    `Before = the ${view.weeksEitherSide} weeks up to the change; after = the ${view.weeksEitherSide} weeks from it. Whiskers are 95% intervals: where they overlap a lot, the difference may be noise.`,
    [
      { name: 'Before', ...GROUP_MARKS[0]! },
      { name: 'After', ...GROUP_MARKS[1]! },
    ],
    rateRows(view.before, view.after),
  );
  lineChart(chart, {
    title: 'Referrals per week either side of the change',
    subtitle: `${span}. Number of referrals received each week.`,
    x: view.weeks,
    yLabel: 'referrals per week',
    xLabel: 'week starting',
    markAt: view.weeksEitherSide,
    series: [{ name: 'referrals per week', values: view.weekly.referrals_per_week }],
  });
  lineChart(chart, {
    title: 'Weekly rates either side of the change',
    subtitle: `${span}. Each rate for the cases of each single week (weeks with no cases are gaps).`,
    x: view.weeks,
    yLabel: '% of cases',
    xLabel: 'week starting',
    percent: true,
    markAt: view.weeksEitherSide,
    series: (['referral_nfa', 'rereferral_12m', 'referral_to_assessment', 'assessment_within_45_wd'] as const).map((k) => ({ name: rateLabel(k), values: view.weekly[k] })),
  });
}

function cohorts(chart: HTMLElement, view: CohortsView): void {
  const nameA = view.cohortA || 'everyone';
  const nameB = view.cohortB || 'everyone';
  dotWhiskerChart(
    chart,
    `Cohort A (${nameA}) against cohort B (${nameB})`,
    `${windowText(view.window.from, view.window.to)}. Each row is one rate: the share of that cohort's cases that reached the outcome named. Whiskers are 95% intervals (Wilson): where they overlap a lot, the difference may be noise. Hover a mark for its counts.`,
    [
      { name: `A: ${nameA}`, ...GROUP_MARKS[0]! },
      { name: `B: ${nameB}`, ...GROUP_MARKS[1]! },
    ],
    rateRows(view.a, view.b),
  );
}

function timeInCare(chart: HTMLElement, view: TimeInCareView): void {
  const days = [...new Set(view.groups.flatMap((g) => [0, ...g.curve.steps.map((s) => s.time)]))].sort((a, b) => a - b);
  const at = (g: TimeInCareView['groups'][number], pick: 'survival' | 'lower' | 'upper') =>
    days.map((d) => {
      let v = 1;
      for (const s of g.curve.steps) {
        if (s.time > d) break;
        v = s[pick];
      }
      return v;
    });
  const care = view.kind === 'cla';
  const spells = view.groups.reduce((sum, g) => sum + g.curve.n, 0);
  lineChart(chart, {
    title: care ? 'How long children stay in care' : 'How long child protection plans last',
    subtitle:
      `${count(spells)} ${care ? 'periods of care' : 'CP plans'} starting ${windowText(view.window.from, view.window.to)}. ` +
      `Each line is the share still ${care ? 'in care' : 'on the plan'} after the number of days shown (Kaplan–Meier); ` +
      `those still open on ${longDate(view.censoredAt)} count until then. Shaded: 95% interval.`,
    x: days,
    xNumeric: true,
    yLabel: `% still ${care ? 'in care' : 'on a plan'}`,
    xLabel: `days since ${care ? 'entering care' : 'the plan started'}`,
    percent: true,
    step: true,
    series: view.groups.map((g) => ({ name: `${g.group} (${count(g.curve.n)} ${care ? 'periods' : 'plans'})`, values: at(g, 'survival'), lower: at(g, 'lower'), upper: at(g, 'upper') })),
  });
}

export const RENDERERS: Record<ViewName, Renderer> = {
  pathways: pathways as Renderer,
  'two-point': twoPoint as Renderer,
  rereferrals: rereferrals as Renderer,
  flow: flow as Renderer,
  impact: impact as Renderer,
  cohorts: cohorts as Renderer,
  funnel: ((chart: HTMLElement, view: FunnelView) => drawFunnel(chart, view)) as Renderer,
  'time-in-care': timeInCare as Renderer,
};
