// What each view draws from its API JSON. Every number drawn, hovered or read out comes from the
// view's published rows (so a [c] in the table is a [c] on the chart); the tables themselves are drawn
// by tables.ts and the headline figures by headlines.ts.
import * as d3 from 'd3';
import { cohortTextInWords } from '../../../core/analysis/cohort.js';
import type { PathwaysView, TwoPointView } from '../../../server/routes/views/pathways.js';
import type { RereferralsView } from '../../../server/routes/views/rereferrals.js';
import type { FlowView } from '../../../server/routes/views/flow.js';
import type { ImpactView } from '../../../server/routes/views/impact.js';
import type { CohortsView } from '../../../server/routes/views/cohorts.js';
import type { FunnelView } from '../../../server/routes/views/funnel.js';
import type { TimeInCareView } from '../../../server/routes/views/time-in-care.js';
import type { Cell } from '../../../core/analysis/view-table.js';
import { ENGLAND } from '../../../core/analysis/england.js';
import { barChart, lineChart, PALETTE } from './charts.js';
import { dotWhiskerChart, type DotGroup } from './dot-whisker.js';
import { appendFigure } from './figure.js';
import { drawFunnel } from './funnel-chart.js';
import { coarseStepNote, gapText, isoDay, longDate, num, pct, rateLabel, value, windowText } from './labels.js';
import { SURVIVAL_MIN_AT_RISK, SURVIVAL_STEP } from '../../../core/disclosure/survival.js';
import { drawSankey } from './sankey.js';
import { pathwayGraph } from './pathway-ends.js';
import { drawWorkInProgress } from './wip-chart.js';
import type { ViewName } from './api.js';

export type Renderer = (chart: HTMLElement, json: never) => void;
type Row = Record<string, Cell>;

function pathways(chart: HTMLElement, view: PathwaysView): void {
  const fig = appendFigure(
    chart,
    `Where trips went, step by step: trips starting ${windowText(view.window.from, view.window.to)}`,
    `Read left to right: each column is the next step of a trip; band width = number of trips. "ep 2" is the child’s second episode (a re-referral); "Contacts before ep 1" gathers every contact, early help and NFA before the first referral (hover for which), and its bands end where those trips stopped ("NFA (before ep 1)": a contact ending in no further action, never referred). ${(view as { disclosure?: { exactCounts?: boolean } }).disclosure?.exactCounts ? 'Exact counts (this server is started to show them).' : 'Counts are rounded to 5; [c] links (fewer than 5) are drawn thin and dashed.'}`,
  );
  const { nodes, links } = pathwayGraph(view);
  const drawn = drawSankey(fig, nodes, links);
  const left = view.leftOut.filter((r) => r.count !== 0).map((r) => `${r.what}: ${num(r.count)}`);
  if (drawn?.gathered) left.unshift(`${drawn.gathered} smaller or later steps are gathered into "Other" and "Later steps" bands (hover for which; every link is in the table)`);
  if (left.length) fig.note(`Not drawn separately — ${left.join('; ')}.`);
}

function twoPoint(chart: HTMLElement, view: TwoPointView): void {
  const fig = appendFigure(
    chart,
    `Where children were on ${longDate(view.a)} (left) and on ${longDate(view.b)} (right)`,
    'Band width = number of children moving from their place on the first date to their place on the second. A child is where the map counts it that day: at each step it is still waiting in (a child on a CP plan while looked after is at "CP plan + Looked after"), so the children at each station are the map\'s number (the table below the chart). Children waiting nowhere: "Not yet seen" (no record yet), the exit of their last step (NFA, Closed), or "No open step".',
  );
  const names = new Map<string, string>();
  for (const l of view.links) {
    names.set(`A:${l.from_id}`, `${l.from}`);
    names.set(`B:${l.to_id}`, `${l.to}`);
  }
  const nodes = [...names].map(([id, name]) => ({ id, name, group: id.slice(2) }));
  const links = view.links.map((l) => ({ source: `A:${l.from_id}`, target: `B:${l.to_id}`, value: value(l.count), share: value(l.share) }));
  const drawn = drawSankey(fig, nodes, links, { maxPerColumn: 9, otherName: (n) => `Other (${n} smaller places)` });
  // What "Other" holds, in words: a director cannot hover a printed chart. Places joined by "+" are two at once.
  const others = (drawn?.nodes ?? []).filter((n) => n.members.length > 0);
  if (others.length) {
    const side = (column: number) => (column === 0 ? `on ${longDate(view.a)}` : `on ${longDate(view.b)}`);
    const combined = others.some((n) => n.members.some((m) => m.includes(' + ')));
    fig.note(`${others.map((n) => `"${n.name}" ${side(n.column)}: ${n.members.join(', ')}`).join('. ')}.${combined ? ' A place joined by "+" holds the children at both steps at once (an assessment still open while a section 47 runs, say).' : ''} Every place is in the tables below.`);
  }
  // Show the dates the server chose, so the pickers never look empty while a chart is drawn.
  const form = chart.parentElement?.querySelector('form');
  for (const [name, date] of [['a', view.a], ['b', view.b]] as const) {
    const input = form?.querySelector<HTMLInputElement>(`input[name=${name}]`);
    if (input && !input.value) input.value = date;
  }
}

function rereferrals(chart: HTMLElement, view: RereferralsView): void {
  const span = windowText(view.window.from, view.window.to);
  const r = view.rolling12;
  const fig = appendFigure(
    chart,
    'Re-referrals within 12 months, and referrals with another in the previous 36 months',
    `${span}. Each point is the 12 months ending that month. Solid: share of referrals with another of the same child in the previous 12 months (the DfE measure). Dashed: the same within 36 months. Shaded bands: 95% intervals.`,
  );
  const incomplete12 = r.map((p) => p.incomplete12m !== null);
  const incomplete36 = r.map((p) => p.incomplete36m !== null);
  lineChart(fig, {
    x: r.map((p) => String(p.month)),
    yLabel: '% of referrals',
    xLabel: '12 months ending',
    percent: true,
    incompleteBands: [
      { flags: incomplete12, name: '12-month look-back cut off', note: 'Hatched ╱: the 12-month look-back reaches before the data’s first date, so earlier referrals are missing and the 12-month rate reads low (dotted). Blank: 12 months that start before the data are not computed.' },
      { flags: incomplete36, name: '36-month look-back cut off', note: 'Hatched ╲ (crossed where both are cut off): the 36-month look-back reaches before the data’s first date, so the 36-month share reads low there (dotted) and climbs as the data lengthen; it is complete only from 36 months after the data start.' },
    ],
    references: ENGLAND.rereferral_12m ? [{ value: ENGLAND.rereferral_12m.value, label: `England ${ENGLAND.rereferral_12m.year}, within 12 months` }] : [],
    series: [
      { name: 'Within 12 months', values: r.map((p) => value(p.rate12m)), lower: r.map((p) => value(p.ci12m_lower)), upper: r.map((p) => value(p.ci12m_upper)), incomplete: incomplete12, cells: r.map((p) => p.rate12m) },
      { name: 'Within 36 months', values: r.map((p) => value(p.share36m)), lower: r.map((p) => value(p.ci36m_lower)), upper: r.map((p) => value(p.ci36m_upper)), incomplete: incomplete36, cells: r.map((p) => p.share36m) },
    ],
  });
  const bins = view.timeSincePrevious.filter((b) => String(b.bin).endsWith('months'));
  const since = appendFigure(chart, 'How long since the child’s previous referral', `${span}. Referrals in the window that had an earlier referral of the same child, by whole months since that earlier referral.`);
  const unseen = (b: Row) => String(b.incomplete ?? '').startsWith('Cannot be seen');
  barChart(since, {
    labels: bins.map((b) => String(b.bin).replace(' months', '')),
    // a gap longer than the data's span cannot be seen: no bar (not a 0); one the data's start cuts for
    // the window's earlier referrals is flagged
    values: bins.map((b) => (unseen(b) ? null : value(b.count))),
    gaps: bins.map((b) => (unseen(b) ? 'not in the data' : gapText(b.count, { n: b.with_previous }))),
    flagged: bins.map((b) => b.incomplete !== null && b.incomplete !== undefined && !unseen(b)),
    flagLabel: 'incomplete: the data start too late to see every gap this long',
    yLabel: 'referrals',
    xLabel: 'months since the previous referral',
  });
  if (bins.some((b) => b.incomplete !== null && b.incomplete !== undefined)) since.note(`Gaps the data cannot show: ${bins.filter(unseen).map((b) => b.bin).join(', ') || 'none'} (longer than the data run before the window's referrals); red bars are cut for the window's earlier referrals. See the table's "Incomplete?" column.`);
  const g = view.nfaByPrevious;
  const nfa = appendFigure(chart, 'Assessments ending in no further action, by the child’s previous referrals', `${span}. Share of assessments ending NFA, grouped by how many referrals the child had before this episode; whiskers are 95% intervals.`);
  barChart(nfa, {
    labels: g.map((x) => String(x.previous)),
    values: g.map((x) => value(x.rate)),
    lower: g.map((x) => value(x.ci_lower)),
    upper: g.map((x) => value(x.ci_upper)),
    gaps: g.map((x) => gapText(x.rate, { n: x.assessments })),
    yLabel: '% of assessments ending NFA',
    xLabel: 'number of previous referrals',
    percent: true,
  });
  // previous referrals are counted from the data's first date: where that is under 36 months before the window, say so
  const cut = g.find((x) => x.incomplete !== null && x.incomplete !== undefined)?.incomplete;
  if (cut) nfa.note(String(cut));
}

/** How many station lines a time chart can hold and still be read. */
const MAX_LINES = 6;

function busiest(rows: readonly Row[], stations: FlowView['stations']) {
  const total = (id: string) => rows.reduce((s, r) => s + (value(r[id]) ?? 0), 0);
  const ranked = stations.filter((s) => total(s.station) > 0).sort((a, b) => total(b.station) - total(a.station));
  const rest = ranked.slice(MAX_LINES).map((s) => s.name);
  return { shown: ranked.slice(0, MAX_LINES), note: rest.length ? `The other stations (${rest.join(', ')}) are in the tables.` : '' };
}

function flow(chart: HTMLElement, view: FlowView): void {
  const span = windowText(view.window.from, view.window.to);
  // Work in progress: the map's count of children waiting at each station (GET /stations) at the end of
  // each week, as published through disclosure control.
  const lastDay = view.workInProgress.days[view.workInProgress.days.length - 1];
  const wipFigure = appendFigure(
    chart,
    lastDay ? `Work in progress: children waiting at each station, week by week to ${longDate(lastDay)}` : 'Work in progress',
    `${span}. Children whose step at a station is still open at the end of each week: the same count as the map's station on that date. Section 47 in two charts: enquiries open, then children awaiting an ICPC (the enquiry ended with a conference to come, no conference yet; together the map's Section 47). Dashed dark red line, hatched below: waiting longer than the station's target (assessment 45, section 47 to ICPC 15 working days, counted from the enquiry's start, so for those awaiting ICPC too). Grey hatched strip along the bottom: weeks with 1 to 4 children ([c]).${view.workInProgress.stations.some((s) => s.unpairedEnds) ? ' Purple at the top of a queue: periods counted open though an end of theirs was recorded under another episode, so probably ended (the map’s “may have ended”).' : ''} A station with no week of 5 or more says so instead of drawing a chart.`,
  );
  drawWorkInProgress(wipFigure, view.workInProgress);

  const arrivals = busiest(view.arrivals, view.stations);
  const arrivalsFigure = appendFigure(chart, 'Arrivals at each station, week by week', `${span}. Steps arriving at each station in each week; a week cut by the window's ends counts only its days inside the window.`);
  lineChart(arrivalsFigure, {
    x: view.arrivals.map((w) => String(w.week)),
    yLabel: 'arrivals a week',
    xLabel: 'week beginning',
    incomplete: view.arrivals.map((w) => w.part !== null),
    incompleteLabel: 'Hatched: part-weeks at the window’s ends (only the days inside the window are counted).',
    series: arrivals.shown.map((s) => ({ name: s.name, values: view.arrivals.map((w) => value(w[s.station])), cells: view.arrivals.map((w) => w[s.station]) })),
  });
  if (arrivals.note) arrivalsFigure.note(arrivals.note);

  const stays = view.stays.filter((s) => value(s.arrivals) !== 0);
  const staysFigure = appendFigure(chart, 'How long children stay at each station', `${span}, stays begun in the window: an assessment, plan or period of care lasts until it ends, any other step until the child's next step (the map's own stays). Bar: median days; whisker: from the 25th to the 75th percentile. Stays still running at the data’s last date count until then (Kaplan–Meier), so long stays are not left out.`);
  barChart(staysFigure, {
    labels: stays.map((s) => String(s.station)),
    values: stays.map((s) => value(s.p50)),
    lower: stays.map((s) => value(s.p25)),
    upper: stays.map((s) => value(s.p75)),
    gaps: stays.map((s) => gapText(s.p50, { n: s.arrivals, open: s.still_there })),
    yLabel: 'days (median)',
    xLabel: 'station',
  });

  for (const [histogram, title, what] of [
    [view.assessments, 'Assessment length against the 45 working-day target', 'Assessments ended in the window, by working days from start to end.'],
    [view.s47ToIcpc, 'Section 47 enquiry to initial conference against 15 working days', 'Section 47 enquiries started in the window that led to an ICPC, by working days to the conference.'],
  ] as const) {
    const bins = histogram.bins.filter((b) => b.within === 'yes' || b.within === 'no').filter((b) => !String(b.bin).startsWith('Within') && b.bin !== 'All');
    const fig = appendFigure(chart, `${title}: ${pct(histogram.share)} within`, `${span}. ${what} Red bars are past the target.`);
    barChart(fig, {
      labels: bins.map((b) => String(b.bin)),
      values: bins.map((b) => value(b.count)),
      flagged: bins.map((b) => b.within === 'no'),
      flagLabel: `past ${histogram.target} working days`,
      // the target drawn where the bins cross it: after the last bin within it
      target: { after: bins.reduce((last, b, i) => (b.within === 'yes' ? i : last), -1), label: `Target: ${histogram.target} working days` },
      yLabel: 'number',
      xLabel: 'working days',
    });
    if (histogram.note) fig.note(histogram.note);
  }

  const keys = ['contact_to_referral', 'referral_to_assessment', 'referral_nfa', 's47_to_icpc', 'icpc_to_cp_plan'];
  const conversion = appendFigure(chart, 'Conversion from one stage to the next, month by month', `${span}. For each month, the share of cases at one stage that went on to the next.`);
  const incompleteKeys = keys.filter((k) => view.conversion.some((c) => c[`${k}_incomplete`] !== null));
  lineChart(conversion, {
    x: view.conversion.map((c) => String(c.month)),
    yLabel: '% converted',
    xLabel: 'month',
    percent: true,
    incomplete: view.conversion.map((c) => keys.some((k) => c[`${k}_incomplete`] !== null)),
    incompleteLabel: `Hatched: months whose follow-up runs past the data’s last date (${incompleteKeys.map(rateLabel).join('; ')}): what happens next is not in the data yet, so those shares read low.`,
    series: keys.map((k) => ({ name: rateLabel(k), values: view.conversion.map((c) => value(c[k])), cells: view.conversion.map((c) => c[k]) })),
  });
}

const GROUP_MARKS: ReadonlyArray<Omit<DotGroup, 'name'>> = [
  { colour: PALETTE[0]!, shape: d3.symbolCircle, shapeName: 'circle' },
  { colour: PALETTE[1]!, shape: d3.symbolTriangle, shapeName: 'triangle' },
];

const points = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)} points`;
const tickPoints = (x: number) => (Math.abs(x) < 1e-9 ? '0' : `${x > 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(0)}`);

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th, 21st. */
function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** An untested measure's reason in a few words, for its row of a chart (the full reason is in the hover and the line below). */
function untestedShort(reason: string, verb: string): string {
  const why = /too little data either side/.test(reason)
    ? 'too little data either side'
    : /cut short/.test(reason)
      ? "the data's edges cut it short"
      : /season unknown/.test(reason)
        ? 'season unknown'
        : 'too little usable data';
  return `not ${verb}: ${why}`;
}

/** The weekly measure an impact page draws: the first that changed, else NFA at referral. */
let impactMeasure: string | null = null;

function impact(chart: HTMLElement, view: ImpactView): void {
  const verdict = chart.parentElement!.querySelector('.verdict')!;
  const when = `${longDate(view.marker)}${view.markerLabel ? ` (${view.markerLabel})` : ''}`;
  // The verdict in one sentence, then a line per measure (those that changed first), then how it was decided.
  const { readout } = view;
  const lines = [...readout.measures.filter((m) => m.changed), ...readout.measures.filter((m) => !m.changed)];
  const list = document.createElement('ul');
  list.className = 'verdict-measures';
  list.append(...lines.map((m) => Object.assign(document.createElement('li'), { className: m.changed ? 'changed' : '', textContent: m.text })));
  verdict.replaceChildren(
    Object.assign(document.createElement('p'), { className: 'verdict-lead', textContent: `At the marker on ${when}: ${readout.verdict}` }),
    // days with far fewer records than usual: what the data shows, that it may be a recording gap or a closure, and what was done
    ...(readout.recording ? [Object.assign(document.createElement('p'), { className: 'verdict-recording', textContent: readout.recording })] : []),
    ...(view.tested > 0 ? [list] : []),
    ...(readout.method ? [Object.assign(document.createElement('p'), { className: 'verdict-method', textContent: readout.method })] : []),
  );
  const rates = view.findings.filter((f) => f.measure !== 'referrals_per_week');
  const weekly = view.findings.find((f) => f.measure === 'referrals_per_week')!;
  const levels = [...new Set(view.findings.map((f) => f.intervalLevel).filter((l): l is number => l !== null))];
  const levelText = levels.length ? `${Math.min(...levels) === Math.max(...levels) ? `${(levels[0]! * 100).toFixed(1)}%` : `${(Math.min(...levels) * 100).toFixed(1)}–${(Math.max(...levels) * 100).toFixed(1)}%`}` : '';
  const after = view.windows.after;
  const cal = view.calibration;
  // The words for what the model measured: the jump at the marker (max-t) or the average gap after it (series).
  const jumpModel = view.model === 'max-t';
  // The 'series' model is exploratory (audit 9c: it called changes at 10 of 78 placebo markers): its words never say changed.
  const noChange = jumpModel ? 'no change beyond the jumps at ordinary weeks' : 'exploratory, no verdict';
  const notTested = jumpModel ? 'not tested' : 'not estimated';
  const untestedWhy = view.findings.find((f) => f.untested)?.untested ?? '';
  const fig = appendFigure(
    chart,
    jumpModel ? 'How far each measure jumped at the marker, against the jumps at every other week of the data' : 'How far each measure sat after the marker from its earlier trend and season (exploratory: no verdict)',
    jumpModel
      ? cal
        ? `The jump at the marker: ${cal.statistic === 'lines' ? `a line through the ${cal.weeksAfter} weeks from the marker minus a line through the ${cal.weeksBefore} weeks before it, where they meet` : 'the step there in a model of the measure’s whole weekly series (a level that may drift, noise that may echo, a month pattern where the data show one)'}, in percentage points. Whiskers reach as far as the ${ordinal(cal.allowed + 1)} largest jump (in standard errors) of any measure at the ${cal.positions} weeks of this data where the same windows fit: a filled mark is beyond that, so changed; a hollow one is not.`
        : `The jump at the marker is the step there in a model of the measure’s whole weekly series, set against the jumps at every other week of the data. No jump is drawn here: ${untestedWhy ? untestedWhy.replace(/: too little data either side to tell$/, '') : 'too few whole weeks of data around the marker'}.`
      : `Average over the after window (${windowText(after.from, after.to)}) of what happened minus what the earlier trend and the season predicted, in percentage points. Whiskers are as wide as Holm's correction for ${view.tested} measures at once makes them (${levelText || 'none estimated'}). Exploratory: this test called changes too often on test data with no change, so it gives no verdict and every mark is hollow; whether a measure moved is for the default test.`,
  );
  dotWhiskerChart(
    fig,
    [{ name: 'Change', ...GROUP_MARKS[0]! }],
    rates.map((f) => ({
      label: rateLabel(f.measure),
      values: [{
        value: f.estimate, lower: f.lower, upper: f.upper, emphasis: f.changed,
        detail: f.untested ? `${notTested}: ${f.untested}` : f.changed ? `changed, ${f.direction}` : !jumpModel ? noChange : `${noChange}${f.detectable != null ? `; changes smaller than ${points(f.detectable).replace(/^\+/, '')} could not be seen here` : ''}`,
        short: f.untested ? untestedShort(f.untested, notTested.replace(/^not /, '')) : undefined,
      }],
    })),
    { zeroLine: true, format: points, tickFormat: tickPoints, axisLabel: jumpModel ? 'jump at the marker (percentage points)' : 'change after the marker (percentage points)' },
  );
  // The change in trend at the marker (per year), from the same weeks: its own chart, information only. The verdict
  // is the jump's alone, so no mark here is filled (review v9d finding 5).
  if (jumpModel && cal?.trend && rates.some((f) => f.trend)) {
    const perYear = (x: number) => `${points(x)} a year`;
    const trendFig = appendFigure(
      chart,
      'Change in each measure’s trend at the marker, per year: information beside the verdict, not part of it',
      `The slope of the line through the ${cal.weeksAfter} weeks from the marker minus the slope of the line through the ${cal.weeksBefore} weeks before, in percentage points a year. Whiskers reach as far as the ${ordinal(cal.allowed + 1)} largest change in trend (in standard errors) of any measure at the ${cal.positions} weeks of this data where the same windows fit, the same rule as the jumps’. Whether a measure changed is decided by its jump alone, so every mark here is hollow; a change in trend is a prompt to look at the weekly chart below.`,
    );
    dotWhiskerChart(
      trendFig,
      [{ name: 'Change in trend', ...GROUP_MARKS[0]! }],
      rates.map((f) => ({
        label: rateLabel(f.measure),
        values: [{
          value: f.trend?.estimate ?? null, lower: f.trend?.lower ?? null, upper: f.trend?.upper ?? null, emphasis: false,
          short: f.untested ? untestedShort(f.untested, 'tested') : undefined,
          detail: f.untested ? `not tested: ${f.untested}` : f.trend ? `not part of the verdict; changes in trend smaller than ${perYear(f.trend.detectable).replace(/^\+/, '')} could not be seen here` : 'no change in trend estimated',
        }],
      })),
      { zeroLine: true, format: perYear, tickFormat: tickPoints, axisLabel: 'change in trend at the marker (percentage points a year)' },
    );
  }
  if (after.clipped || view.windows.before.clipped) {
    fig.note(`The data’s edge shortens the windows: before ${view.windows.before.days} of ${view.windows.before.requestedDays} days, after ${after.days} of ${after.requestedDays}.`);
  }
  const weeks = view.weeks;
  const markAt = weeks.findIndex((w) => w.t === 0);
  const region = (from: number, to: number) => ({ from: weeks.findIndex((w) => w.t === from), to: weeks.findIndex((w) => w.t === to) });
  const before = region(-view.weeksEitherSide, -1);
  const afterRegion = region(0, Math.min(view.weeksEitherSide - 1, weeks[weeks.length - 1]?.t ?? 0));
  const regions = [
    ...(before.to >= 0 ? [{ from: Math.max(0, before.from), to: before.to, label: 'before' }] : []),
    ...(afterRegion.from >= 0 ? [{ from: afterRegion.from, to: afterRegion.to < 0 ? weeks.length - 1 : afterRegion.to, label: 'after' }] : []),
  ];
  // The dashed line's name in the legend: with the level shift it is the model's own line less the jump.
  const counterfactualName = jumpModel && view.calibration?.statistic !== 'lines' ? 'Without the jump' : 'Earlier trend carried on';
  const fitWords = jumpModel
    ? view.calibration?.statistic === 'lines'
      ? 'the lines through the weeks before and from the marker (solid grey), and the line before carried on (dashed).'
      : 'the model’s level (solid grey: its average, its month pattern where it has one, and the jump; the drift from week to week it allows is not drawn), and from the marker the same without the jump (dashed): the gap between them at the marker is the jump.'
    : 'the fitted trend and season (solid grey), and where the earlier trend and season would have gone (dashed).';
  const changeWord = jumpModel ? 'Jump at the marker' : 'Average change after the marker';
  // The weekly charts draw the whole series, the data's first week to its last, with the windows the test compares
  // shaded; a week is hatched only where it is left out for a reason of its own (a part-week, a look-back or
  // follow-up the data's edges cut short, a dip in recording), not for being outside the weeks the test reads.
  const leftOut = (used: unknown) => used !== 'yes' && used !== 'outside-fit';
  const gapWords = 'days with far fewer records than usual (a recording gap or a real closure) and the weeks after them';
  const spanNote = (figure: ReturnType<typeof appendFigure>) => {
    const first = weeks.find((w) => w.whole) ?? weeks[0];
    const last = [...weeks].reverse().find((w) => w.whole) ?? weeks[weeks.length - 1];
    if (!first || !last) return;
    figure.note(`The whole series is drawn, weeks beginning ${longDate(first.start)} to ${longDate(last.start)}. Shaded: the ${view.weeksEitherSide} weeks before the marker and the ${view.weeksEitherSide} from it that the test compares; ${jumpModel ? 'the lines are fitted through those weeks alone' : `the fit reads the ${weeks.filter((w) => w.read).length} weeks around them`}, and the weeks beyond are drawn for context.`);
  };
  const referrals = appendFigure(
    chart,
    `Referrals a week: ${weekly.changed ? `changed (${weekly.direction})` : weekly.untested ? notTested : noChange}`,
    `Each week's referrals, ${fitWords} ${weekly.estimate !== null ? `${changeWord} ${weekly.estimate >= 0 ? '+' : '−'}${Math.abs(weekly.estimate).toFixed(1)} a week (interval ${weekly.lower!.toFixed(1)} to ${weekly.upper!.toFixed(1)}).` : weekly.untested ?? ''}`,
  );
  lineChart(referrals, {
    x: weeks.map((w) => w.start),
    yLabel: 'referrals a week',
    xLabel: 'week beginning',
    markAt: markAt >= 0 ? markAt : undefined,
    markLabel: longDate(view.marker),
    regions,
    incomplete: view.weeklyReferrals.map((w) => leftOut(w.used)),
    incompleteLabel: `Hatched: weeks left out of the test (part-weeks at the data’s edges, or ${gapWords}).`,
    series: [
      // A part-week is not a week's referrals: left out of the line (hatched instead), never drawn as a dip.
      // A dip in recording's weeks are drawn as recorded (the dip and the rise after it that the verdict names), hatched.
      { name: 'Referrals', values: view.weeklyReferrals.map((w) => (w.used === 'part-week' ? null : value(w.referrals))) },
      { name: 'Fitted', values: view.weeklyReferrals.map((w) => value(w.fitted)), colour: '#5b6270', unlabelled: true },
      { name: counterfactualName, values: view.weeklyReferrals.map((w) => (w.t !== null && (w.t as number) >= 0 ? value(w.counterfactual) : null)), dashed: true, colour: '#1c1f26', unlabelled: true },
    ],
  });
  spanNote(referrals);
  // One rate's weekly series, chosen with a picker: the first that changed, else NFA at referral.
  const picker = document.createElement('label');
  picker.className = 'measure-picker';
  picker.textContent = 'Rate shown week by week: ';
  const select = document.createElement('select');
  for (const f of rates) select.append(new Option(rateLabel(f.measure), f.measure));
  const firstChanged = rates.find((f) => f.changed)?.measure;
  select.value = impactMeasure && rates.some((f) => f.measure === impactMeasure) ? impactMeasure : firstChanged ?? 'referral_nfa';
  picker.append(select);
  chart.append(picker);
  const holder = document.createElement('div');
  chart.append(holder);
  const drawRate = () => {
    impactMeasure = select.value;
    holder.replaceChildren();
    const f = rates.find((x) => x.measure === select.value)!;
    const rows = view.weeklyRates.filter((r) => r.measure === select.value);
    const blocks = new Map(view.fourWeeklyRates.filter((r) => r.measure === select.value).map((r) => [r.t as number, r]));
    const suppressed = [...blocks.values()].filter((b) => b.value === '[c]').length;
    const figure = appendFigure(
      holder,
      `${rateLabel(f.measure)}, four weeks at a time: ${f.changed ? `changed (${f.direction})` : f.untested ? notTested : noChange}`,
      `Dots: the share over each four weeks from the marker. Lines: ${fitWords} ${f.estimate !== null ? `${changeWord} ${points(f.estimate)} (interval ${points(f.lower!)} to ${points(f.upper!)}).` : f.untested ?? ''}`,
    );
    lineChart(figure, {
      x: weeks.map((w) => w.start),
      yLabel: '% of cases',
      xLabel: 'week beginning',
      percent: true,
      markAt: markAt >= 0 ? markAt : undefined,
      markLabel: longDate(view.marker),
      regions,
      incomplete: rows.map((r) => leftOut(r.used)),
      incompleteLabel: `Hatched: weeks left out of the test (part-weeks, weeks whose look-back or follow-up the data’s edges cut short, or ${gapWords}).`,
      series: [
        { name: 'Four-week share', values: weeks.map((w) => (w.t % 4 === 0 || w === weeks[0] ? value(blocks.get(Math.floor(w.t / 4) * 4)?.value) : null)) },
        { name: 'Fitted', values: rows.map((r) => value(r.fitted)), colour: '#5b6270', unlabelled: true, solid: true },
        { name: counterfactualName, values: rows.map((r) => ((r.t as number) >= 0 ? value(r.counterfactual) : null)), dashed: true, colour: '#1c1f26', unlabelled: true },
      ],
    });
    spanNote(figure);
    if (suppressed > 0) figure.note(`${suppressed} of ${blocks.size} four-week shares are suppressed ([c]: built on fewer than 5) and not drawn.`);
  };
  select.addEventListener('change', drawRate);
  drawRate();
}

function cohorts(chart: HTMLElement, view: CohortsView): void {
  const nameA = cohortTextInWords(view.cohortA);
  const nameB = cohortTextInWords(view.cohortB);
  const fig = appendFigure(
    chart,
    `Cohort A (${nameA}) against cohort B (${nameB}), every rate`,
    `${windowText(view.window.from, view.window.to)}. Each row is one rate: the share of that cohort's cases that reached the outcome named. Whiskers are 95% intervals (Wilson): where they overlap a lot, the difference may be noise.`,
  );
  const rows = view.rates.filter((r) => (value(r.a_n) ?? 1) > 0 || (value(r.b_n) ?? 1) > 0);
  dotWhiskerChart(
    fig,
    [
      { name: `A: ${nameA}`, ...GROUP_MARKS[0]! },
      { name: `B: ${nameB}`, ...GROUP_MARKS[1]! },
    ],
    // an incomplete rate (the data's edges cut it short) is drawn hollow and says so in its label and
    // read-out, not only in the note under the chart (audit 9c finding 11)
    rows.map((r) => ({
      label: r.incomplete !== null ? `${String(r.name)} (incomplete)` : String(r.name),
      values: (['a', 'b'] as const).map((s) => ({
        value: value(r[`${s}_rate`]),
        lower: value(r[`${s}_ci_lower`]),
        upper: value(r[`${s}_ci_upper`]),
        emphasis: r.incomplete === null,
        detail: value(r[`${s}_rate`]) === null ? (r[`${s}_n`] === 0 ? 'no cases' : '[c]') : `${num(r[`${s}_k`])} of ${num(r[`${s}_n`])}${r.incomplete !== null ? ', incomplete' : ''}`,
      })),
    })),
    { domain: [0, 1], axisLabel: 'share (%): dot = estimate, whisker = 95% interval' },
  );
  const incomplete = view.rates.filter((r) => r.incomplete !== null).map((r) => r.name);
  if (incomplete.length) fig.note(`Incomplete in this window (the data's edges cut them short; drawn hollow): ${incomplete.join('; ')}.`);
}

function timeInCare(chart: HTMLElement, view: TimeInCareView): void {
  const care = view.kind === 'cla';
  const groups = [...new Set(view.lifeTable.map((r) => String(r.group)))];
  const grid = [0, ...[...new Set(view.lifeTable.filter((r) => r.to !== null).map((r) => (r.to as number) + 1))].sort((a, b) => a - b)];
  // the axis ends at the longest follow-up the data allow (a stay begun on the window's first day,
  // followed to the data's last), not at the life table's last row (2,190 days on a 2-year log)
  const longest = isoDay(view.censoredAt) - isoDay(view.window.from);
  const days = grid.filter((_d, i) => i === 0 || grid[i - 1]! < longest);
  const at = (group: string, pick: 'survival' | 'lower' | 'upper') =>
    days.map((d) => {
      if (d === 0) return 1;
      const row = view.lifeTable.find((r) => r.group === group && r.to !== null && (r.to as number) + 1 === d);
      return row ? value(row[pick]) : null;
    });
  const drawn = groups.filter((g) => view.lifeTable.some((r) => r.group === g && typeof r.survival === 'number' && r.to !== null));
  const spells = view.groups.map((g) => `${g.group}: ${num(g.spells)}`).join(', ');
  const fig = appendFigure(
    chart,
    care ? 'How long children stay in care' : 'How long child protection plans last',
    `${care ? 'Periods of care' : 'CP plans'} starting ${windowText(view.window.from, view.window.to)} (${spells}). Each line is the share still ${care ? 'in care' : 'on the plan'} after the number of days shown (Kaplan–Meier): stays still running on ${longDate(view.censoredAt)} count until then, so long stays are not left out. Shaded: 95% interval.`,
  );
  lineChart(fig, {
    x: days,
    xNumeric: true,
    step: true,
    yLabel: `% still ${care ? 'in care' : 'on a plan'}`,
    xLabel: `days since ${care ? 'entering care' : 'the plan started'}`,
    percent: true,
    format: (v) => `${(v * 100).toFixed(1)}%`,
    connectGaps: true,
    // a cohort of previous referrals, or groups by them, cut by the data's first date: every line dotted and faint,
    // as an incomplete figure is, and the note said under the chart (and so in its downloads)
    series: drawn.map((g) => ({ name: g, values: at(g, 'survival'), lower: at(g, 'lower'), upper: at(g, 'upper'), ...(view.cohortNote ? { incomplete: days.map(() => true) } : {}) })),
  });
  if (view.cohortNote) fig.note(`Dotted: ${view.cohortNote}`);
  // a group with no share past day 0 (every one [c] or not read) would be a flat line at 100%: left out, and said
  const undrawn = groups.filter((g) => !drawn.includes(g));
  if (undrawn.length) fig.note(`Not drawn: ${undrawn.join(', ')}, too few followed to give a share at any interval's end.`);
  const exactCounts = Boolean((view as { disclosure?: { exactCounts?: boolean } }).disclosure?.exactCounts);
  // the server's rule for a viewer (core/disclosure/survival.ts): shares to 5 points, where at least 40 are followed
  const stopsAt = exactCounts ? 10 : SURVIVAL_MIN_AT_RISK;
  fig.note(`Each line stops where fewer than ${stopsAt} are still followed: past that point a fall is a few children's own${exactCounts ? '' : ' (its share is [c])'}. The axis ends at ${num(longest)} days, the longest follow-up the data allow.`);
  if (!exactCounts) fig.note(`Shares are worked out from the exact stays and given to the nearest ${Math.round(SURVIVAL_STEP * 100)} percentage points, the band widened to the ${Math.round(SURVIVAL_STEP * 100)} points outside it.`);
  const coarse = coarseStepNote(view.lifeTable as never, care ? 'in care' : 'on a plan');
  if (coarse) fig.note(coarse);
}

export const RENDERERS: Record<ViewName, Renderer> = {
  pathways: pathways as Renderer,
  'two-point': twoPoint as Renderer,
  rereferrals: rereferrals as Renderer,
  flow: flow as Renderer,
  impact: impact as Renderer,
  cohorts: cohorts as Renderer,
  funnel: ((chart: HTMLElement, view: FunnelView) => {
    const fig = appendFigure(
      chart,
      `${rateLabel(view.rate)}: each council against its volume`,
      `${windowText(view.window.from, view.window.to)}. Each point is a council's rate (up) against the number of cases it is a rate of (across), placed against ${view.targetKind === 'england' ? `England's ${view.england?.year} figure` : `the rate of ${view.pooled}`}. A council outside the funnel differs by more than chance would explain.`,
    );
    drawFunnel(fig, view);
  }) as Renderer,
  'time-in-care': timeInCare as Renderer,
};

