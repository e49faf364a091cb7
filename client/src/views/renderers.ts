// What each view draws from its API JSON (the tables are drawn by tables.ts for every view).
import type { PathwaysView, TwoPointView } from '../../../server/routes/views/pathways.js';
import type { RereferralsView } from '../../../server/routes/views/rereferrals.js';
import type { FlowView } from '../../../server/routes/views/flow.js';
import type { ImpactView } from '../../../server/routes/views/impact.js';
import type { CohortsView } from '../../../server/routes/views/cohorts.js';
import type { FunnelView } from '../../../server/routes/views/funnel.js';
import type { TimeInCareView } from '../../../server/routes/views/time-in-care.js';
import { RATE_KEYS } from '../../../core/metrics.js';
import { barChart, lineChart } from './charts.js';
import { drawFunnel } from './funnel-chart.js';
import { drawSankey } from './sankey.js';
import type { ViewName } from './api.js';

export type Renderer = (chart: HTMLElement, json: never, readout: HTMLElement) => void;

function pathways(chart: HTMLElement, view: PathwaysView, readout: HTMLElement): void {
  const nodes = view.nodes.map((n) => ({ id: n.id, name: `${n.name} ${n.pre ? '(before ' : '('}ep ${n.episode})`, group: n.station }));
  const links = view.links.map((l) => ({ source: l.source, target: l.target, value: l.count, share: l.share }));
  drawSankey(chart, readout, `Pathways ${view.window.from} to ${view.window.to}: ${view.trips} trips`, nodes, links);
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
  drawSankey(chart, readout, `Where ${view.children} children were on ${view.a} and on ${view.b}`, nodes, links);
}

function rereferrals(chart: HTMLElement, view: RereferralsView): void {
  const r = view.series.rolling12;
  lineChart(chart, {
    title: 'Rolling 12 months: re-referral within 12 months (DfE) and previous referral within 36 months',
    x: r.map((p) => p.label),
    yLabel: 'share of referrals',
    percent: true,
    series: [
      { name: '12-month re-referral rate', values: r.map((p) => p.rate12m), lower: r.map((p) => p.ci12m?.lower ?? null), upper: r.map((p) => p.ci12m?.upper ?? null) },
      { name: '36-month share', values: r.map((p) => p.share36m), lower: r.map((p) => p.ci36m?.lower ?? null), upper: r.map((p) => p.ci36m?.upper ?? null) },
    ],
  });
  const m = view.series.monthly;
  lineChart(chart, {
    title: 'Each calendar month',
    x: m.map((p) => p.label),
    yLabel: 'share of referrals',
    percent: true,
    series: [
      { name: '12-month re-referral rate', values: m.map((p) => p.rate12m) },
      { name: '36-month share', values: m.map((p) => p.share36m) },
    ],
  });
  const bins = view.timeSincePrevious.bins;
  barChart(chart, 'Time since the previous referral', bins.map((b) => b.label.replace(' months', '')), bins.map((b) => b.count), 'referrals (months since previous)');
  const g = view.nfaByPrevious.groups;
  barChart(chart, 'Assessments ending NFA, % by number of previous referrals', g.map((x) => x.previousReferrals), g.map((x) => Math.round((x.rate ?? 0) * 1000) / 10), '% NFA');
}

function flow(chart: HTMLElement, view: FlowView): void {
  const busy = view.stations.filter((s) => s.wip.some((v) => v > 0) || s.arrivals.some((v) => v > 0));
  lineChart(chart, { title: 'Work in progress: children in transit from each station (end of week)', x: view.weeks, yLabel: 'children', series: busy.map((s) => ({ name: s.name, values: s.wip })) });
  lineChart(chart, { title: 'Throughput: arrivals at each station per week', x: view.weeks, yLabel: 'arrivals', series: busy.map((s) => ({ name: s.name, values: s.arrivals })) });
  barChart(chart, `Assessment duration (working days): ${pct(view.assessments.share)} within 45`, view.assessments.bins.map((b) => b.label), view.assessments.bins.map((b) => b.count), 'assessments');
  barChart(chart, `S47 to ICPC (working days): ${pct(view.s47ToIcpc.share)} within 15`, view.s47ToIcpc.bins.map((b) => b.label), view.s47ToIcpc.bins.map((b) => b.count), 'S47 enquiries');
  const keys = Object.keys(view.conversion[0]?.rates ?? {});
  lineChart(chart, {
    title: 'Conversion rates by month',
    x: view.conversion.map((c) => c.month),
    yLabel: 'rate',
    percent: true,
    series: keys.map((k) => ({ name: k, values: view.conversion.map((c) => c.rates[k]!.rate) })),
  });
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

function impact(chart: HTMLElement, view: ImpactView): void {
  const verdict = chart.parentElement!.querySelector('.verdict')!;
  const fit = view.regression.referrals_per_week;
  const changed = RATE_KEYS.filter((k) => view.regression[k]?.largerThanNoise);
  verdict.textContent =
    `Marker ${view.marker}${view.markerLabel ? ` (${view.markerLabel})` : ''}, ${view.weeksEitherSide} weeks either side. ` +
    `Referrals per week: ${fit ? fit.verdict : 'too few weeks to tell.'} ` +
    (changed.length ? `Rates that changed by more than the noise: ${changed.join(', ')}.` : 'No rate changed by more than the noise.');
  lineChart(chart, { title: 'Referrals per week either side of the marker', x: view.weeks, yLabel: 'referrals', markAt: view.weeksEitherSide, series: [{ name: 'referrals', values: view.weekly.referrals_per_week }] });
  lineChart(chart, {
    title: 'Weekly rates either side of the marker',
    x: view.weeks,
    yLabel: 'rate',
    percent: true,
    markAt: view.weeksEitherSide,
    series: ['referral_nfa', 'rereferral_12m', 'referral_to_assessment', 'assessment_within_45_wd'].map((k) => ({ name: k, values: view.weekly[k as 'referral_nfa'] })),
  });
}

function cohorts(chart: HTMLElement, view: CohortsView): void {
  const keys = RATE_KEYS.filter((k) => view.a.rates[k].n > 0 || view.b.rates[k].n > 0);
  lineChart(chart, {
    title: `Cohort A (${view.cohortA || 'everyone'}) and B (${view.cohortB || 'everyone'}), rates with 95% intervals`,
    x: keys.map((k) => k),
    yLabel: 'rate',
    percent: true,
    series: [
      { name: `A ${view.cohortA || 'everyone'}`, values: keys.map((k) => view.a.rates[k].rate), lower: keys.map((k) => view.a.rates[k].ci?.lower ?? null), upper: keys.map((k) => view.a.rates[k].ci?.upper ?? null) },
      { name: `B ${view.cohortB || 'everyone'}`, values: keys.map((k) => view.b.rates[k].rate), lower: keys.map((k) => view.b.rates[k].ci?.lower ?? null), upper: keys.map((k) => view.b.rates[k].ci?.upper ?? null) },
    ],
  });
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
  lineChart(chart, {
    title: `${view.kind === 'cla' ? 'Still in care' : 'Still on a CP plan'}, by days since the start (censored at ${view.censoredAt})`,
    x: days,
    yLabel: 'share still in',
    percent: true,
    step: true,
    series: view.groups.map((g) => ({ name: `${g.group} (n=${g.curve.n})`, values: at(g, 'survival'), lower: at(g, 'lower'), upper: at(g, 'upper') })),
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
