// GET /api/datasets/:name/views/flow: arrivals at each station per week, how long children stay at
// each (Kaplan–Meier, stays still running counted), assessment and S47→ICPC durations against their
// targets, conversion by month (each point marked incomplete where the data's edges cut it short),
// headline figures, and work in progress per station per week.
import type { FastifyPluginAsync } from 'fastify';
import { DatasetParamsSchema } from '../../../core/api-schemas.js';
import { CONVERSION_KEYS, conversionSeries } from '../../../core/analysis/conversion.js';
import { cohortLookBackNote, completeness } from '../../../core/analysis/cutoffs.js';
import { runInOf } from '../../../core/analysis/run-in.js';
import { windowText } from '../../../core/analysis/date-text.js';
import { ASSESSMENT_EDGES, S47_ICPC_EDGES, durationsAgainstTarget, workInProgress, type TargetHistogram } from '../../../core/analysis/flow.js';
import { customHeadline, headlineTable, headlineWindow, lastYearWindow, rateHeadline, type HeadlineFigure } from '../../../core/analysis/headlines.js';
import { arrivalsByWeek, stationStays, STAY_QUANTILES } from '../../../core/analysis/station-times.js';
import { makeTable, type Cell, type ViewTable } from '../../../core/analysis/view-table.js';
import { durationSamples, monthWindows, weekWindows } from '../../../core/analysis/windows.js';
import { formatDay } from '../../../core/dates.js';
import type { MetricsWindow } from '../../../core/metrics.js';
import type { ZodTypeProvider } from '../../zod-provider.js';
import { ciCells, ciColumns, round1, round4 } from './format.js';
import { FlowQuerySchema } from './schemas.js';
import { keyOf, type ViewService } from './service.js';
import { publishedWorkInProgress, workInProgressRelations, workInProgressTable, type PublishedWorkInProgress } from './work-in-progress.js';

type Rows = Array<Record<string, Cell>>;

export interface FlowView {
  dataset: string;
  window: { from: string; to: string };
  cohort: string;
  /** the cohort's previous referrals counted only from the data's first date (cutoffs.ts cohortLookBackNote), or null */
  cohortNote: string | null;
  map: string;
  /** week beginning, for the weekly tables */
  weeks: string[];
  stations: Array<{ station: string; name: string }>;
  headlines: Rows;
  wip: Rows;
  /** the wip table's cells per station, as the chart draws them (same numbers as the map's stations endpoint, after disclosure control) */
  workInProgress: PublishedWorkInProgress;
  arrivals: Rows;
  stays: Rows;
  assessments: { target: number; note: string | null; bins: Rows; share: Cell };
  s47ToIcpc: { target: number; note: string | null; bins: Rows; share: Cell };
  conversion: Rows;
}

function histogramTable(id: string, title: string, h: TargetHistogram, note: string | null): ViewTable {
  return makeTable(
    id,
    title,
    [['bin', 'Working days', 'text'], ['count', 'Count', 'count'], ['within', `Within ${h.target} working days`, 'text']],
    [
      ...h.bins.map((b) => ({ bin: b.label, count: b.count, within: b.to !== null && b.to <= h.target ? 'yes' : 'no' })),
      { bin: `All`, count: h.n, within: null },
      { bin: `Within ${h.target} working days`, count: h.withinTarget, within: 'yes' },
    ],
    note ?? undefined,
  );
}

export const flowRoutes: FastifyPluginAsync<{ service: ViewService }> = async (parent, { service }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  app.get('/api/datasets/:name/views/flow', { schema: { params: DatasetParamsSchema, querystring: FlowQuerySchema } }, async (request, reply) => {
    const { name } = request.params;
    const q = request.query;
    const { info, version } = service.dataset(name, request.exactCounts);
    const window = service.window(info, q, request.exactCounts, 12);
    const span = service.span(info);
    const map = service.map(q.map);
    const key = `flow|${name}|${version}|${keyOf({ ...window, cohort: q.cohort, map: q.map })}`;
    return service.respond(request, reply, key, q, `${name}-flow`, () => {
      const { ctx } = service.context(name);
      const include = service.mask(ctx, q.cohort);
      const steps = ctx.steps(map);
      const weeks = weekWindows(window.from, window.to);
      const samples = (w: MetricsWindow) => durationSamples(ctx.prepared, w, include);
      const current = samples(window);
      const assessments = durationsAgainstTarget(current.assessmentWorkingDays, 45, ASSESSMENT_EDGES);
      const s47ToIcpc = durationsAgainstTarget(current.s47ToIcpcWorkingDays, 15, S47_ICPC_EDGES);
      const months = monthWindows(window.from, window.to);
      const conversion = conversionSeries(ctx.prepared, ctx.indicators, months, include);
      const wip = workInProgress(ctx.whereabouts(map), map, weeks, window, include, runInOf(ctx.whereabouts(map), map, span, ctx.table));
      const stays = stationStays(ctx.whereabouts(map), map, window, span.last, include);
      const arrivals = arrivalsByWeek(steps, weeks, window, include);
      const note = (key: Parameters<typeof completeness>[0], w: MetricsWindow = window) => completeness(key, w, span, ctx.prepared.calendar).note;

      const hw = headlineWindow(window);
      const hwSamples = hw.from === window.from ? current : samples(hw);
      const earlier = lastYearWindow(hw, span);
      const earlierSamples = earlier ? samples(earlier) : null;
      const within15 = (days: number[], w: MetricsWindow): HeadlineFigure => {
        const h = durationsAgainstTarget(days, 15, S47_ICPC_EDGES);
        return { k: h.withinTarget, n: h.n, value: h.share, note: note('s47_to_icpc_wd_median', w) };
      };
      const medianWd = (days: number[], w: MetricsWindow): HeadlineFigure => {
        const h = durationsAgainstTarget(days, 45, ASSESSMENT_EDGES);
        return { k: null, n: h.n, value: h.median, note: note('assessment_days_median', w) };
      };
      const headlines = [
        rateHeadline(ctx.prepared, ctx.indicators, 'assessment_within_45_wd', 'Assessments done within 45 working days', hw, span, include),
        customHeadline('icpc_within_15_wd', 'ICPCs within 15 working days of the section 47 enquiry', 'share', within15(hwSamples.s47ToIcpcWorkingDays, hw), earlier ? within15(earlierSamples!.s47ToIcpcWorkingDays, earlier) : null, 'icpc_within_15_wd'),
        customHeadline('assessment_wd_median', 'Median length of the assessments completed (working days)', 'working days', medianWd(hwSamples.assessmentWorkingDays, hw), earlier ? medianWd(earlierSamples!.assessmentWorkingDays, earlier) : null, 'assessment_wd_median'),
        rateHeadline(ctx.prepared, ctx.indicators, 'contact_to_referral', 'Contacts that became referrals', hw, span, include),
      ];
      const tables = [
        headlineTable(headlines, hw, span),
        workInProgressTable(wip, `Children waiting at each station at the end of each week, ${windowText(window.from, window.to)} (the map's count on that day)`),
        makeTable(
          'arrivals',
          `Arrivals at each station per week, ${windowText(window.from, window.to)}`,
          [['week', 'Week beginning', 'date'], ['part', 'Part-week?', 'text'], ...steps.stationIds.map((id, s) => [id, steps.stationNames[s]!, 'count'] as const)],
          weeks.map((w, j) => ({
            week: w.label,
            part: w.from < window.from || w.to > window.to ? 'part-week: only the days in the window are counted' : null,
            ...Object.fromEntries(steps.stationIds.map((id, s) => [id, arrivals[s]![j]!])),
          })),
        ),
        // A percentile of the stays is one child's own stay: built on the stays that ended (moved on), it
        // goes with that count when it is 1 to 4, as with the stays begun (review v9b finding 4).
        makeTable(
          'time-spent',
          `Days at each station (an assessment, plan or period of care until it ends; any other step until the child's next step), stays begun ${windowText(window.from, window.to)}; stays still running on ${formatDay(span.last)} count until then (Kaplan–Meier)`,
          [
            ['station_id', 'Station id', 'text', { hidden: true }],
            ['station', 'Station', 'text'],
            ['arrivals', 'Arrivals', 'count'],
            ['moved_on', 'Moved on', 'count'],
            ['still_there', `Still there on ${formatDay(span.last)}`, 'count'],
            ...STAY_QUANTILES.map((qq) => [`p${Math.round(qq * 100)}`, qq === 0.5 ? 'Median days' : `${Math.round(qq * 100)}th percentile`, 'number', { basis: ['arrivals', 'moved_on'] }] as const),
          ],
          stays.map((s) => ({
            station_id: s.station, station: s.name, arrivals: s.arrivals, moved_on: s.movedOn, still_there: s.stillThere,
            ...Object.fromEntries(s.quantiles.map((x) => [`p${Math.round(x.q * 100)}`, round1(x.days)])),
          })),
        ),
        makeTable(
          'against-targets',
          `Against their targets, ${windowText(window.from, window.to)}`,
          [['measure', 'Measure', 'text'], ['within', 'Within the target', 'count'], ['all', 'All', 'count'], ['share', 'Share within', 'rate', { basis: ['within', 'all'] }], ['incomplete', 'Incomplete?', 'text']],
          [
            { measure: 'Assessments within 45 working days', within: assessments.withinTarget, all: assessments.n, share: round4(assessments.share), incomplete: note('assessment_within_45_wd') },
            { measure: 'ICPCs within 15 working days of the section 47 enquiry', within: s47ToIcpc.withinTarget, all: s47ToIcpc.n, share: round4(s47ToIcpc.share), incomplete: note('s47_to_icpc_wd_median') },
          ],
        ),
        histogramTable('assessment-45wd', `Assessments ended ${windowText(window.from, window.to)}, by working days from start to end`, assessments, note('assessment_within_45_wd')),
        histogramTable('s47-icpc-15wd', `Section 47 enquiries started ${windowText(window.from, window.to)} that led to an ICPC, by working days to the ICPC`, s47ToIcpc, note('s47_to_icpc_wd_median')),
        makeTable(
          'conversion',
          'Conversion rates by month',
          [
            ['month', 'Month', 'date'],
            ...CONVERSION_KEYS.flatMap((k) => [
              [`${k}_n`, `${k}: out of`, 'count'] as const,
              [`${k}_k`, `${k}: count`, 'count'] as const,
              [k, k, 'rate', { basis: [`${k}_k`, `${k}_n`] }] as const,
              ...ciColumns(k, k, [`${k}_k`, `${k}_n`]),
              [`${k}_incomplete`, `${k}: incomplete?`, 'text'] as const,
            ]),
          ],
          conversion.map((c, i) => ({
            month: c.month,
            ...Object.fromEntries(
              CONVERSION_KEYS.flatMap((k) => {
                const r = c.rates[k]!;
                return [[`${k}_n`, r.n], [`${k}_k`, r.k], [k, round4(r.rate)], ...Object.entries(ciCells(k, r.lower === null ? null : { lower: r.lower, upper: r.upper! })), [`${k}_incomplete`, note(k, months[i]!)]];
              }),
            ),
          })),
        ),
      ];
      return {
        tables,
        relations: workInProgressRelations(wip),
        assemble: (published): FlowView => ({
          dataset: name,
          window: { from: formatDay(window.from), to: formatDay(window.to) },
          cohort: q.cohort?.key ?? '',
          cohortNote: cohortLookBackNote(q.cohort?.filter, window.from, span.first),
          map: q.map,
          weeks: weeks.map((w) => w.label),
          stations: steps.stationIds.map((station, s) => ({ station, name: steps.stationNames[s]! })),
          headlines: published.rows('headlines'),
          wip: published.rows('wip'),
          workInProgress: publishedWorkInProgress(wip, published.rows('wip')),
          arrivals: published.rows('arrivals'),
          stays: published.rows('time-spent'),
          assessments: { target: 45, note: note('assessment_within_45_wd'), bins: published.rows('assessment-45wd'), share: published.rows('against-targets')[0]!.share! },
          s47ToIcpc: { target: 15, note: note('s47_to_icpc_wd_median'), bins: published.rows('s47-icpc-15wd'), share: published.rows('against-targets')[1]!.share! },
          conversion: published.rows('conversion'),
        }),
      };
    });
  });
};
