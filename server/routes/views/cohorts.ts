// GET /api/datasets/:name/views/cohorts?a=COHORT&b=COHORT: two cohorts side by side on every rate and
// median of metrics.md, with 95% intervals, the difference of each rate, headline figures, and each
// figure marked incomplete where the data's edges cut it short.
import type { FastifyPluginAsync } from 'fastify';
import { DatasetParamsSchema } from '../../../core/api-schemas.js';
import { compareCohorts } from '../../../core/analysis/compare-cohorts.js';
import { cohortInWords } from '../../../core/analysis/cohort.js';
import { cohortLookBackNote, completeness, outsideDataNote } from '../../../core/analysis/cutoffs.js';
import { longDate, windowText } from '../../../core/analysis/date-text.js';
import { headlineTable, headlineWindow, rateHeadline } from '../../../core/analysis/headlines.js';
import { MEASURE_NAMES } from '../../../core/analysis/impact.js';
import { MEDIAN_KEYS, STAY_MEDIANS, type MedianFigure } from '../../../core/analysis/rate-summary.js';
import { makeTable, type Cell } from '../../../core/analysis/view-table.js';
import { formatDay } from '../../../core/dates.js';
import { RATE_KEYS } from '../../../core/metrics.js';
import type { ZodTypeProvider } from '../../zod-provider.js';
import { ciCells, ciColumns, round1, round4 } from './format.js';
import { CohortsQuerySchema } from './schemas.js';
import { keyOf, type ViewService } from './service.js';
import type { CohortCounts } from '../../../core/disclosure/disclose.js';

type Rows = Array<Record<string, Cell>>;

/** The counts a difference A − B is built on, in the order recompute expects. */
const AB = ['a_k', 'a_n', 'b_k', 'b_n'];

export interface CohortsView {
  dataset: string;
  window: { from: string; to: string };
  cohortA: string;
  cohortB: string;
  /** cohort A's and B's previous referrals counted only from the data's first date (cutoffs.ts cohortLookBackNote), or null */
  cohortNote: string | null;
  headlines: Rows;
  rates: Rows;
  medians: Rows;
}

// The stays' medians are those of the stays begun in the window, still running ones counted until the
// data's last day (Kaplan–Meier, the time-in-care view's curve); their n is the stays that ended, which a
// median is built on (one child's own length), as in the time-in-care view.
const MEDIAN_NAMES: Record<(typeof MEDIAN_KEYS)[number], string> = {
  assessment_days_median: 'Days from start to end of an assessment, assessments begun (Kaplan–Meier)',
  s47_to_icpc_wd_median: 'Working days from section 47 to ICPC',
  cp_plan_days_median: 'Days on a CP plan, plans begun (Kaplan–Meier, as in Time in care)',
  cla_days_median: 'Days in care, periods begun (Kaplan–Meier, as in Time in care)',
};

export const cohortsRoutes: FastifyPluginAsync<{ service: ViewService }> = async (parent, { service }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  app.get('/api/datasets/:name/views/cohorts', { schema: { params: DatasetParamsSchema, querystring: CohortsQuerySchema } }, async (request, reply) => {
    const { name } = request.params;
    const q = request.query;
    const { info, version } = service.dataset(name, request.exactCounts);
    const window = service.window(info, q, request.exactCounts, 12);
    const span = service.span(info);
    const key = `cohorts|${name}|${version}|${keyOf({ ...window, a: q.a, b: q.b, seed: q.seed })}`;
    return service.respond(request, reply, key, q, `${name}-cohorts`, () => {
      const { ctx } = service.context(name);
      const maskA = service.mask(ctx, q.a);
      const maskB = service.mask(ctx, q.b);
      const result = compareCohorts(ctx.prepared, ctx.indicators, window, maskA, maskB, { seed: q.seed, censorDay: span.last });
      const cohortA = q.a?.key ?? '';
      const cohortB = q.b?.key ?? '';
      // named in words ("A (female)"), not the filter's code ("A (sex:F)")
      const nameA = `A (${q.a?.filter ? cohortInWords(q.a.filter) : 'everyone'})`;
      const nameB = `B (${q.b?.filter ? cohortInWords(q.b.filter) : 'everyone'})`;
      const note = (key: Parameters<typeof completeness>[0]) => completeness(key, window, span, ctx.prepared.calendar).note;
      // A Kaplan–Meier median needs no look-back (its stays begin in the window); it is incomplete where
      // a stay still running on the data's last day, followed for less than the median, could yet end
      // before it, or where the curve does not fall to a half ("not reached"). No counts in the note.
      const medianNote = (k: (typeof MEDIAN_KEYS)[number], figures: Array<MedianFigure | null>) => {
        if (!STAY_MEDIANS[k]) return note(k);
        const parts: string[] = [];
        const outside = outsideDataNote(window, span);
        if (outside) parts.push(outside.replace(/^Incomplete: /, '').replace(/\.$/, ''));
        const short = figures.filter((f) => f && f.openShort > 0);
        if (short.length > 0) {
          const which = figures.length === 2 && short.length === 1 ? ` (${short[0] === figures[0] ? 'A' : 'B'})` : '';
          const notReached = short.some((f) => f!.median === null);
          parts.push(`some stays${which} were still running on ${longDate(span.last)}, the data's last date, and count until then (Kaplan–Meier); ${notReached ? 'the median is not reached where fewer than half had ended (or too few were still followed), and ' : ''}later data can move the median`);
        }
        return parts.length ? `Incomplete: ${parts.join('; ')}.` : null;
      };
      const hw = headlineWindow(window);
      const headlines = (['rereferral_12m', 'referral_nfa'] as const).flatMap((k) => [
        rateHeadline(ctx.prepared, ctx.indicators, k, `${capital(MEASURE_NAMES[k])}: ${nameA}`, hw, span, maskA),
        rateHeadline(ctx.prepared, ctx.indicators, k, `${capital(MEASURE_NAMES[k])}: ${nameB}`, hw, span, maskB),
      ]);
      const tables = [
        headlineTable(headlines, hw, span),
        makeTable(
          'rates',
          `Rates, ${windowText(window.from, window.to)}: ${nameA} and ${nameB}, with 95% Wilson intervals; difference A − B with Newcombe's interval`,
          [
            ['rate', 'Rate key', 'text', { hidden: true }],
            ['name', 'Rate', 'text'],
            ['a_k', `${nameA}: count`, 'count'],
            ['a_n', `${nameA}: out of`, 'count'],
            ['a_rate', `${nameA}: rate`, 'rate', { basis: ['a_k', 'a_n'] }],
            ...ciColumns('a_ci', nameA, ['a_k', 'a_n']),
            ['b_k', `${nameB}: count`, 'count'],
            ['b_n', `${nameB}: out of`, 'count'],
            ['b_rate', `${nameB}: rate`, 'rate', { basis: ['b_k', 'b_n'] }],
            ...ciColumns('b_ci', nameB, ['b_k', 'b_n']),
            ['diff', 'Difference A − B', 'rate', { basis: AB, recompute: 'difference' }],
            ['diff_ci_lower', 'Difference 95% CI lower', 'rate', { basis: AB, recompute: 'newcombe_lower' }],
            ['diff_ci_upper', 'Difference 95% CI upper', 'rate', { basis: AB, recompute: 'newcombe_upper' }],
            ['differs', 'Interval excludes no difference', 'text', { basis: AB, recompute: 'newcombe_excludes_zero' }],
            ['incomplete', 'Incomplete?', 'text'],
          ],
          RATE_KEYS.map((k) => {
            const ra = result.a.rates[k];
            const rb = result.b.rates[k];
            const d = result.differences[k];
            return {
              rate: k, name: capital(MEASURE_NAMES[k]),
              a_k: ra.k, a_n: ra.n, a_rate: round4(ra.rate), ...ciCells('a_ci', ra.ci),
              b_k: rb.k, b_n: rb.n, b_rate: round4(rb.rate), ...ciCells('b_ci', rb.ci),
              diff: round4(d?.estimate), ...ciCells('diff_ci', d), differs: d ? (d.excludesZero ? 'yes' : 'no') : null,
              incomplete: note(k),
            };
          }),
        ),
        makeTable(
          'medians',
          `Medians, ${windowText(window.from, window.to)}: ${nameA} and ${nameB}; the lengths of stays (assessments, CP plans, periods of care) begun in the window, those still running on ${formatDay(span.last)} counted until then (Kaplan–Meier, 95% interval from the Greenwood band; — where not reached, fewer than half having ended); section 47 to ICPC with a 95% bootstrap interval`,
          [
            ['median', 'Median key', 'text', { hidden: true }],
            ['name', 'Median', 'text'],
            ['a_n', `${nameA}: values (for a stay, those that ended)`, 'count'],
            ['a_open', `${nameA}: stays still running`, 'count'],
            ['a_median', `${nameA}: median`, 'number', { basis: ['a_n'] }],
            ['a_lower', `${nameA}: 95% CI lower`, 'number', { basis: ['a_n'] }],
            ['a_upper', `${nameA}: 95% CI upper`, 'number', { basis: ['a_n'] }],
            ['b_n', `${nameB}: values (for a stay, those that ended)`, 'count'],
            ['b_open', `${nameB}: stays still running`, 'count'],
            ['b_median', `${nameB}: median`, 'number', { basis: ['b_n'] }],
            ['b_lower', `${nameB}: 95% CI lower`, 'number', { basis: ['b_n'] }],
            ['b_upper', `${nameB}: 95% CI upper`, 'number', { basis: ['b_n'] }],
            ['incomplete', 'Incomplete?', 'text'],
          ],
          MEDIAN_KEYS.map((k) => {
            const ma = result.a.medians[k];
            const mb = result.b.medians[k];
            return {
              median: k, name: MEDIAN_NAMES[k],
              a_n: ma?.n ?? 0, a_open: STAY_MEDIANS[k] ? (ma?.open ?? 0) : null,
              a_median: round1(ma?.median), a_lower: round1(ma?.lower), a_upper: round1(ma?.upper),
              b_n: mb?.n ?? 0, b_open: STAY_MEDIANS[k] ? (mb?.open ?? 0) : null,
              b_median: round1(mb?.median), b_lower: round1(mb?.lower), b_upper: round1(mb?.upper),
              incomplete: medianNote(k, [ma, mb]),
            };
          }),
        ),
      ];
      // A real cohort's counts (A's columns and headline rows, or B's) go by the cohort policy, as in any
      // view asked with that cohort: rounded to 5 alone, A's small counts came back from everyone's and
      // its complement's (cohort-attack.test.ts); everyone's stay as everyone's answers show them.
      const side = (real: boolean, prefix: 'a_' | 'b_', odd: number): CohortCounts[] => {
        // the headlines' rows are each measure's A then B
        const rows = headlines.flatMap((_, i) => (i % 2 === odd ? [i] : []));
        return real ? [{ table: 'rates', columns: [`${prefix}k`, `${prefix}n`] }, { table: 'medians', columns: [`${prefix}n`, `${prefix}open`] }, { table: 'headlines', rows }] : [];
      };
      const cohortCounts = [...side(cohortA !== '', 'a_', 0), ...side(cohortB !== '', 'b_', 1)];
      return {
        tables,
        cohortCounts,
        assemble: (published): CohortsView => ({
          dataset: name,
          window: { from: formatDay(window.from), to: formatDay(window.to) },
          cohortA,
          cohortB,
          cohortNote: [...new Set([q.a, q.b].map((c) => cohortLookBackNote(c?.filter, window.from, span.first)).filter((n) => n !== null))].join(' ') || null,
          headlines: published.rows('headlines'),
          rates: published.rows('rates'),
          medians: published.rows('medians'),
        }),
      };
    });
  });
};

function capital(text: string): string {
  return text[0]!.toUpperCase() + text.slice(1);
}
