// GET /api/datasets/:name/views/rereferrals: the 12-month re-referral rate and 36-month share over the
// 12 months ending each month (the DfE measure), each point marked incomplete where its look-back starts
// before the data; time since the previous referral; NFA after assessment by previous referrals;
// headline figures. Single months are not published beside the rolling sums: the two together would
// give every small monthly count back by subtraction.
import type { FastifyPluginAsync } from 'fastify';
import { DatasetParamsSchema } from '../../../core/api-schemas.js';
import { windowText } from '../../../core/analysis/date-text.js';
import { countHeadline, headlineTable, headlineWindow, rateHeadline } from '../../../core/analysis/headlines.js';
import { tallyRate, tallyWindows } from '../../../core/analysis/rate-indicators.js';
import { cohortLookBackNote, everLookBackNote } from '../../../core/analysis/cutoffs.js';
import { nfaByPreviousReferrals, rereferralSeries, timeSincePreviousReferral, type RatePoint } from '../../../core/analysis/rereferrals.js';
import { makeTable, type Cell, type ColumnSpec } from '../../../core/analysis/view-table.js';
import { addMonths, formatDay } from '../../../core/dates.js';
import { longDate } from '../../../core/analysis/date-text.js';
import type { ZodTypeProvider } from '../../zod-provider.js';
import { ciCells, ciColumns, round4 } from './format.js';
import { BaseViewQuerySchema } from './schemas.js';
import { keyOf, type ViewService } from './service.js';

type Rows = Array<Record<string, Cell>>;

export interface RereferralsView {
  dataset: string;
  window: { from: string; to: string };
  cohort: string;
  /** the cohort's previous referrals counted only from the data's first date (cutoffs.ts cohortLookBackNote), or null */
  cohortNote: string | null;
  headlines: Rows;
  /** the 12 months ending each month of the window (windows reaching before the data are not computed) */
  rolling12: Rows;
  timeSincePrevious: Rows;
  nfaByPrevious: Rows;
}

const seriesColumns: ColumnSpec[] = [
  ['month', 'Month', 'date'],
  ['from', 'From', 'date', { hidden: true }],
  ['to', 'To', 'date', { hidden: true }],
  ['referrals', 'Referrals', 'count'],
  ['rereferrals12m', 'Re-referrals within 12 months', 'count'],
  ['rate12m', '12-month re-referral rate', 'rate', { basis: ['rereferrals12m', 'referrals'] }],
  ...ciColumns('ci12m', '12-month rate', ['rereferrals12m', 'referrals']),
  ['incomplete12m', '12-month rate incomplete?', 'text'],
  ['prior36m', 'With a referral in the previous 36 months', 'count'],
  ['share36m', '36-month share', 'rate', { basis: ['prior36m', 'referrals'] }],
  ...ciColumns('ci36m', '36-month share', ['prior36m', 'referrals']),
  ['incomplete36m', '36-month share incomplete?', 'text'],
];

type PublishedPoint = Omit<RatePoint, 'referrals' | 'rereferrals12m' | 'prior36m'> & { referrals: number | null; rereferrals12m: number | null; prior36m: number | null };

const seriesRow = (p: PublishedPoint) => ({
  month: p.label,
  from: formatDay(p.from),
  to: formatDay(p.to),
  referrals: p.referrals,
  rereferrals12m: p.rereferrals12m,
  rate12m: round4(p.rate12m),
  ...ciCells('ci12m', p.ci12m),
  incomplete12m: p.incomplete12m,
  prior36m: p.prior36m,
  share36m: round4(p.share36m),
  ...ciCells('ci36m', p.ci36m),
  incomplete36m: p.incomplete36m,
});


export const rereferralsRoutes: FastifyPluginAsync<{ service: ViewService }> = async (parent, { service }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  app.get('/api/datasets/:name/views/rereferrals', { schema: { params: DatasetParamsSchema, querystring: BaseViewQuerySchema } }, async (request, reply) => {
    const { name } = request.params;
    const q = request.query;
    const { info, version } = service.dataset(name, request.exactCounts);
    const window = service.window(info, q, request.exactCounts, undefined, 'span');
    const span = service.span(info);
    const key = `rereferrals|${name}|${version}|${keyOf({ ...window, cohort: q.cohort })}`;
    return service.respond(request, reply, key, q, `${name}-rereferrals`, () => {
      const { ctx } = service.context(name);
      const include = service.mask(ctx, q.cohort);
      const series = rereferralSeries(ctx.prepared, ctx.indicators, window.from, window.to, include, span);
      const since = timeSincePreviousReferral(ctx.table, window, include);
      const nfa = nfaByPreviousReferrals(ctx.table, ctx.anchors, window, include);
      const referralsIn = (w: { from: number; to: number }) => tallyRate(tallyWindows(ctx.prepared, ctx.indicators, [w], include)[0]!, 'referral_nfa').n;
      const hw = headlineWindow(window);
      const headlines = [
        rateHeadline(ctx.prepared, ctx.indicators, 'rereferral_12m', 'Re-referrals within 12 months', hw, span, include),
        rateHeadline(ctx.prepared, ctx.indicators, 'prior_referral_36m', 'Referrals with another in the previous 36 months', hw, span, include),
        rateHeadline(ctx.prepared, ctx.indicators, 'referral_nfa', 'Referrals ending in no further action', hw, span, include),
        countHeadline('referrals', 'Referrals', referralsIn, hw, span),
      ];
      const withPrevious = since.referrals - since.firstReferrals;
      // "Any time before" and the number of previous referrals look back to the data's first date, however far.
      const everCut = everLookBackNote(window.from, span.first);
      // A 12-month window that starts before the data's first date is not a 12-month figure: left out.
      const rolling: PublishedPoint[] = series.rolling12.map((p) => (p.from < span.first ? { ...p, referrals: null, rereferrals12m: null, prior36m: null, rate12m: null, ci12m: null, share36m: null, ci36m: null, incomplete12m: 'Not computed: these 12 months start before the data.', incomplete36m: 'Not computed: these 12 months start before the data.' } : p));
      const tables = [
        headlineTable(headlines, hw, span),
        makeTable('rolling', 'Re-referrals over the 12 months ending each month', seriesColumns, rolling.map(seriesRow)),
        makeTable(
          'time-since',
          `Time since the child's previous referral, for referrals ${windowText(window.from, window.to)}`,
          [['bin', 'Time since the previous referral', 'text'], ['count', 'Referrals', 'count'], ['with_previous', 'Referrals with a previous one', 'count', { hidden: true }], ['share', 'Share of those with a previous referral', 'rate', { basis: ['count', 'with_previous'] }], ['incomplete', 'Incomplete?', 'text']],
          [
            ...since.bins.map((b) => ({ bin: b.label, count: b.count, with_previous: withPrevious, share: round4(b.share), incomplete: lookBackNote(b.fromMonths, b.toMonths, window, span.first) })),
            { bin: 'Any time before (all with a previous referral)', count: withPrevious, with_previous: withPrevious, share: withPrevious > 0 ? 1 : null, incomplete: everCut },
            { bin: 'No previous referral', count: since.firstReferrals, with_previous: null, share: null, incomplete: everCut },
            { bin: 'All referrals', count: since.referrals, with_previous: null, share: null },
          ],
        ),
        makeTable(
          'nfa-by-previous',
          'Assessments ending in no further action, by the number of previous referrals',
          [['previous', 'Previous referrals', 'text'], ['assessments', 'Assessments ended', 'count'], ['nfa', 'Ended NFA', 'count'], ['rate', 'NFA rate', 'rate', { basis: ['nfa', 'assessments'] }], ...ciColumns('ci', 'NFA rate', ['nfa', 'assessments']), ['incomplete', 'Incomplete?', 'text']],
          nfa.groups.map((g) => ({ previous: g.previousReferrals, assessments: g.assessments, nfa: g.nfa, rate: round4(g.rate), ...ciCells('ci', g.ci), incomplete: everCut })),
        ),
      ];

      return {
        tables,
        assemble: (published): RereferralsView => ({
          dataset: name,
          window: { from: formatDay(window.from), to: formatDay(window.to) },
          cohort: q.cohort?.key ?? '',
          cohortNote: cohortLookBackNote(q.cohort?.filter, window.from, span.first),
          headlines: published.rows('headlines'),
          rolling12: published.rows('rolling'),
          timeSincePrevious: published.rows('time-since'),
          nfaByPrevious: published.rows('nfa-by-previous'),
        }),
      };
    });
  });
};

/**
 * Whether the data reach back far enough to see a gap of [lo, hi) months before a referral in the window
 * (review v9b finding 9): a gap longer than the data's span cannot be seen at all (a 0 there means
 * nothing), and one longer than the time from the data's start to the window's start is seen only for
 * the window's later referrals. An open bin (hi null) is cut whenever the data start inside its reach.
 */
export function lookBackNote(lo: number, hi: number | null, window: { from: number; to: number }, first: number): string | null {
  if (addMonths(window.to, -lo) < first) return `Cannot be seen: no referral in the window has ${lo} months of data before it (the data start on ${longDate(first)}).`;
  if (hi === null || addMonths(window.from, -hi) < first) return `Incomplete: the data start on ${longDate(first)}, so for referrals early in the window a gap this long is before the data and not counted.`;
  return null;
}
