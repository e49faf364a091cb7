// GET /api/datasets/:name/views/flow: work in progress per station per week, arrivals per week, time
// spent at each station, assessment and S47→ICPC durations against their targets, conversion by month.
import type { FastifyPluginAsync } from 'fastify';
import { DatasetParamsSchema } from '../../../core/api-schemas.js';
import { ASSESSMENT_EDGES, S47_ICPC_EDGES, durationsAgainstTarget, stationFlow, workInProgress, type FlowResult, type TargetHistogram, type WorkInProgress } from '../../../core/analysis/flow.js';
import { CONVERSION_KEYS, conversionSeries, type ConversionPoint } from '../../../core/analysis/conversion.js';
import { makeTable, type ViewTable } from '../../../core/analysis/view-table.js';
import { durationSamples, monthWindows, weekWindows } from '../../../core/analysis/windows.js';
import { formatDay } from '../../../core/dates.js';
import type { ZodTypeProvider } from '../../zod-provider.js';
import { ciCells, ciColumns, round1, round4 } from './format.js';
import { FlowQuerySchema } from './schemas.js';
import { keyOf, type ViewResult, type ViewService } from './service.js';

export interface FlowView extends ViewResult, FlowResult {
  dataset: string;
  window: { from: string; to: string };
  cohort: string;
  map: string;
  /** children waiting at each station at the end of each week (the map's stations endpoint, weekly) */
  workInProgress: WorkInProgress;
  assessments: TargetHistogram;
  s47ToIcpc: TargetHistogram;
  conversion: ConversionPoint[];
}

function histogramTable(id: string, title: string, h: TargetHistogram): ViewTable {
  return makeTable(
    id,
    `${title}: ${h.withinTarget} of ${h.n} within ${h.target} working days`,
    [['bin', 'Working days', 'text'], ['count', 'Count', 'count'], ['within', `Within ${h.target} WD`, 'text']],
    h.bins.map((b) => ({ bin: b.label, count: b.count, within: b.to !== null && b.to <= h.target ? 'yes' : 'no' })),
  );
}

export const flowRoutes: FastifyPluginAsync<{ service: ViewService }> = async (parent, { service }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  app.get('/api/datasets/:name/views/flow', { schema: { params: DatasetParamsSchema, querystring: FlowQuerySchema } }, async (request, reply) => {
    const { name } = request.params;
    const q = request.query;
    const { info, version } = service.dataset(name);
    const window = service.window(info, q, 12);
    const map = service.map(q.map);
    const key = `flow|${name}|${version}|${keyOf({ ...window, cohort: q.cohort, map: q.map })}`;
    const { value, hit } = service.cached(key, (): FlowView => {
      const { ctx } = service.context(name);
      const include = service.mask(ctx, q.cohort);
      const weeks = weekWindows(window.from, window.to);
      const flow = stationFlow(ctx.steps(map), weeks, window, include);
      const wip = workInProgress(ctx.whereabouts(map), map, weeks, window, include);
      const samples = durationSamples(ctx.prepared, window, include);
      const assessments = durationsAgainstTarget(samples.assessmentWorkingDays, 45, ASSESSMENT_EDGES);
      const s47ToIcpc = durationsAgainstTarget(samples.s47ToIcpcWorkingDays, 15, S47_ICPC_EDGES);
      const months = monthWindows(window.from, window.to);
      const conversion = conversionSeries(ctx.prepared, ctx.indicators, months, include);
      const stationColumns = flow.stations.map((s) => [s.station, s.name, 'count'] as const);
      const weekly = (pick: (s: FlowResult['stations'][number]) => number[]) =>
        flow.weeks.map((week, w) => ({ week, ...Object.fromEntries(flow.stations.map((s) => [s.station, pick(s)[w]!])) }));
      return {
        dataset: name,
        window: { from: formatDay(window.from), to: formatDay(window.to) },
        cohort: q.cohort?.key ?? '',
        map: q.map,
        ...flow,
        workInProgress: wip,
        assessments,
        s47ToIcpc,
        conversion,
        tables: [
          makeTable(
            'wip',
            'Children waiting at each station at the end of each week (of them, past the target in brackets)',
            [['day', 'End of week', 'date'], ...wip.stations.flatMap((s) => [[s.station, s.name, 'count'] as const, ...(s.targetWorkingDays === null ? [] : [[`${s.station}_over`, `${s.name} past ${s.targetWorkingDays} working days`, 'count'] as const])])],
            wip.days.map((day, w) => ({
              day,
              ...Object.fromEntries(wip.stations.flatMap((s) => [[s.station, s.waiting[w]!], ...(s.targetWorkingDays === null ? [] : [[`${s.station}_over`, s.overTarget[w]!]])])),
            })),
          ),
          makeTable('arrivals', 'Arrivals at each station per week', [['week', 'Week beginning', 'date'], ...stationColumns], weekly((s) => s.arrivals)),
          makeTable(
            'time-spent',
            'Days at each station before the next step (moves ending in the window)',
            [['station', 'Station', 'text'], ['n', 'Moves', 'count'], ['mean', 'Mean days', 'number'], ['p10', '10th percentile', 'number'], ['p25', '25th percentile', 'number'], ['p50', 'Median', 'number'], ['p75', '75th percentile', 'number'], ['p90', '90th percentile', 'number']],
            flow.stations.map((s) => ({
              station: s.name,
              n: s.timeSpent.n,
              mean: round1(s.timeSpent.mean),
              ...Object.fromEntries(s.timeSpent.quantiles.map((x) => [`p${Math.round(x.q * 100)}`, round1(x.days)])),
            })),
          ),
          histogramTable('assessment-45wd', 'Assessment duration against 45 working days', assessments),
          histogramTable('s47-icpc-15wd', 'S47 to ICPC against 15 working days', s47ToIcpc),
          makeTable(
            'conversion',
            'Conversion rates by month',
            [['month', 'Month', 'date'], ...CONVERSION_KEYS.flatMap((k) => [[`${k}_n`, `${k} denominator`, 'count'] as const, [`${k}_k`, `${k} numerator`, 'count'] as const, [k, k, 'rate'] as const, ...ciColumns(k, k)])],
            conversion.map((c) => ({
              month: c.month,
              ...Object.fromEntries(CONVERSION_KEYS.flatMap((k) => {
                const r = c.rates[k]!;
                return [[`${k}_n`, r.n], [`${k}_k`, r.k], [k, round4(r.rate)], ...Object.entries(ciCells(k, r.lower === null ? null : { lower: r.lower, upper: r.upper! }))];
              })),
            })),
          ),
        ],
      };
    });
    return service.send(reply, value, q, `${name}-flow`, hit);
  });
};
