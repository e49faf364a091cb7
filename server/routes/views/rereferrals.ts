// GET /api/datasets/:name/views/rereferrals: the 12-month re-referral rate and 36-month share, monthly
// and rolling 12 months; time since the previous referral; NFA after assessment by previous referrals.
import type { FastifyPluginAsync } from 'fastify';
import { DatasetParamsSchema } from '../../../core/api-schemas.js';
import { nfaByPreviousReferrals, rereferralSeries, timeSincePreviousReferral, type NfaByPrevious, type RatePoint, type RereferralSeries, type TimeSinceHistogram } from '../../../core/analysis/rereferrals.js';
import { makeTable } from '../../../core/analysis/view-table.js';
import { formatDay } from '../../../core/dates.js';
import type { ZodTypeProvider } from '../../zod-provider.js';
import { ciCells, ciColumns, round4 } from './format.js';
import { BaseViewQuerySchema } from './schemas.js';
import { keyOf, type ViewResult, type ViewService } from './service.js';

export interface RereferralsView extends ViewResult {
  dataset: string;
  window: { from: string; to: string };
  cohort: string;
  series: RereferralSeries;
  timeSincePrevious: TimeSinceHistogram;
  nfaByPrevious: NfaByPrevious;
}

const seriesColumns = [
  ['month', 'Month', 'date'],
  ['referrals', 'Referrals', 'count'],
  ['rereferrals12m', 'Re-referrals within 12 months', 'count'],
  ['rate12m', '12-month re-referral rate', 'rate'],
  ...ciColumns('ci12m', '12-month rate'),
  ['prior36m', 'With a referral in the previous 36 months', 'count'],
  ['share36m', '36-month share', 'rate'],
  ...ciColumns('ci36m', '36-month share'),
] as const;

const seriesRow = (p: RatePoint) => ({
  month: p.label,
  referrals: p.referrals,
  rereferrals12m: p.rereferrals12m,
  rate12m: round4(p.rate12m),
  ...ciCells('ci12m', p.ci12m),
  prior36m: p.prior36m,
  share36m: round4(p.share36m),
  ...ciCells('ci36m', p.ci36m),
});

export const rereferralsRoutes: FastifyPluginAsync<{ service: ViewService }> = async (parent, { service }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  app.get('/api/datasets/:name/views/rereferrals', { schema: { params: DatasetParamsSchema, querystring: BaseViewQuerySchema } }, async (request, reply) => {
    const { name } = request.params;
    const q = request.query;
    const { info, version } = service.dataset(name);
    const window = service.window(info, q);
    const key = `rereferrals|${name}|${version}|${keyOf({ ...window, cohort: q.cohort })}`;
    const { value, hit } = service.cached(key, (): RereferralsView => {
      const { ctx } = service.context(name);
      const include = service.mask(ctx, q.cohort);
      const series = rereferralSeries(ctx.prepared, ctx.indicators, window.from, window.to, include);
      const since = timeSincePreviousReferral(ctx.table, window, include);
      const nfa = nfaByPreviousReferrals(ctx.table, ctx.anchors, window, include);
      return {
        dataset: name,
        window: { from: formatDay(window.from), to: formatDay(window.to) },
        cohort: q.cohort?.key ?? '',
        series,
        timeSincePrevious: since,
        nfaByPrevious: nfa,
        tables: [
          makeTable('monthly', 'Re-referrals by calendar month', seriesColumns, series.monthly.map(seriesRow)),
          makeTable('rolling', 'Re-referrals over the 12 months ending each month', seriesColumns, series.rolling12.map(seriesRow)),
          makeTable(
            'time-since',
            'Time since the previous referral (referrals in the window that had one)',
            [['bin', 'Time since previous referral', 'text'], ['count', 'Referrals', 'count'], ['share', 'Share', 'rate']],
            since.bins.map((b) => ({ bin: b.label, count: b.count, share: round4(b.share) })),
          ),
          makeTable(
            'nfa-by-previous',
            'Assessments ending in no further action, by the number of previous referrals',
            [['previous', 'Previous referrals', 'text'], ['assessments', 'Assessments ended', 'count'], ['nfa', 'Ended NFA', 'count'], ['rate', 'NFA rate', 'rate'], ...ciColumns('ci', 'NFA rate')],
            nfa.groups.map((g) => ({ previous: g.previousReferrals, assessments: g.assessments, nfa: g.nfa, rate: round4(g.rate), ...ciCells('ci', g.ci) })),
          ),
        ],
      };
    });
    return service.send(reply, value, q, `${name}-rereferrals`, hit);
  });
};
