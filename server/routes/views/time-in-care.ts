// GET /api/datasets/:name/views/time-in-care?kind=cla|cp_plan&by=DIMENSION: Kaplan–Meier of time to
// leaving care (or to the end of a CP plan) for spells starting in the window, censored at the
// dataset's last day, with Greenwood 95% bands and numbers at risk.
import type { FastifyPluginAsync } from 'fastify';
import { DatasetParamsSchema } from '../../../core/api-schemas.js';
import { AT_RISK_DAYS, timeToEnd, type TimeInCare } from '../../../core/analysis/time-in-care.js';
import { makeTable } from '../../../core/analysis/view-table.js';
import { formatDay } from '../../../core/dates.js';
import type { ZodTypeProvider } from '../../zod-provider.js';
import { round4 } from './format.js';
import { TimeInCareQuerySchema } from './schemas.js';
import { keyOf, type ViewResult, type ViewService } from './service.js';

export interface TimeInCareView extends ViewResult, Omit<TimeInCare, 'censorDay'> {
  dataset: string;
  window: { from: string; to: string };
  cohort: string;
  censoredAt: string;
}

export const timeInCareRoutes: FastifyPluginAsync<{ service: ViewService }> = async (parent, { service }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  app.get('/api/datasets/:name/views/time-in-care', { schema: { params: DatasetParamsSchema, querystring: TimeInCareQuerySchema } }, async (request, reply) => {
    const { name } = request.params;
    const q = request.query;
    const { info, version } = service.dataset(name);
    const window = service.window(info, q);
    const key = `time-in-care|${name}|${version}|${keyOf({ ...window, kind: q.kind, by: q.by, cohort: q.cohort })}`;
    const { value, hit } = service.cached(key, (): TimeInCareView => {
      const { ctx } = service.context(name);
      const { censorDay, ...result } = timeToEnd(ctx.prepared, q.kind, window, ctx.lastDay, {
        include: service.mask(ctx, q.cohort),
        groupBy: q.by ?? null,
        children: ctx.children,
        anchors: ctx.anchors,
      });
      const what = q.kind === 'cla' ? 'leaving care' : 'the end of the CP plan';
      return {
        dataset: name,
        window: { from: formatDay(window.from), to: formatDay(window.to) },
        cohort: q.cohort?.key ?? '',
        censoredAt: formatDay(censorDay),
        ...result,
        tables: [
          makeTable(
            'survival',
            `Share not yet at ${what}, by days since the start (Kaplan–Meier, 95% Greenwood band)`,
            [['group', 'Group', 'text'], ['day', 'Days', 'number'], ['at_risk', 'At risk', 'count'], ['events', 'Ended', 'count'], ['censored', 'Censored', 'count'], ['survival', 'Still in', 'rate'], ['lower', '95% CI lower', 'rate'], ['upper', '95% CI upper', 'rate']],
            result.groups.flatMap((g) =>
              g.curve.steps.map((s) => ({ group: g.group, day: s.time, at_risk: s.atRisk, events: s.events, censored: s.censored, survival: round4(s.survival), lower: round4(s.lower), upper: round4(s.upper) })),
            ),
          ),
          makeTable(
            'at-risk',
            'Numbers at risk',
            [['group', 'Group', 'text'], ['n', 'Spells', 'count'], ['median', 'Median days', 'number'], ...AT_RISK_DAYS.map((d) => [`d${d}`, `At risk at day ${d}`, 'count'] as const)],
            result.groups.map((g) => ({ group: g.group, n: g.curve.n, median: g.curve.median, ...Object.fromEntries(g.atRisk.map((r) => [`d${r.day}`, r.n])) })),
          ),
        ],
      };
    });
    return service.send(reply, value, q, `${name}-time-in-care`, hit);
  });
};
