// GET /api/compare/funnel?rate=KEY&from&to&target=pooled|england: each dataset (council) a point of
// the rate against its volume, placed by exact binomial tail probabilities against the target (the
// pooled rate of all councils, or England's published figure), with the 95% and 99.8% limits drawn
// (Spiegelhalter 2005) and England's figure as a line where one is published.
import type { FastifyPluginAsync } from 'fastify';
import { windowText } from '../../../core/analysis/date-text.js';
import { englandFigure } from '../../../core/analysis/england.js';
import { funnelCurve, funnelLimits, funnelPosition, funnelTails } from '../../../core/analysis/funnel.js';
import { headlineTable, lastYearWindow, NO_FIGURE, type HeadlineDraft, type HeadlineFigure } from '../../../core/analysis/headlines.js';
import { MEASURE_NAMES } from '../../../core/analysis/impact.js';
import { tallyRate, tallyWindows } from '../../../core/analysis/rate-indicators.js';
import { cohortLookBackNote, completeRange, completeness } from '../../../core/analysis/cutoffs.js';
import type { CohortFilter } from '../../../core/analysis/cohort.js';
import { makeTable, type Cell } from '../../../core/analysis/view-table.js';
import { addMonths, formatDay, parseDay } from '../../../core/dates.js';
import { countPolicyOf, publishCount, publishCountAs, publishShare, SUPPRESSED, tooFewForRate } from '../../../core/disclosure/policy.js';
import type { MetricsWindow } from '../../../core/metrics.js';
import type { Store } from '../../db/store.js';
import { BadRequestError } from '../../errors.js';
import type { ZodTypeProvider } from '../../zod-provider.js';
import { round4 } from './format.js';
import { FunnelQuerySchema } from './schemas.js';
import { clipDay, financialYearOf } from '../dataset-window.js';
import { isYearsOnly, publishedSpan } from '../../../core/disclosure/aggregates.js';
import { keyOf, type ViewService } from './service.js';

type Rows = Array<Record<string, Cell>>;

export interface FunnelView {
  rate: string;
  window: { from: string; to: string };
  cohort: string;
  /** the councils whose data start too late for the cohort's previous referrals, each note naming them (cutoffs.ts cohortLookBackNote), or null */
  cohortNote: string | null;
  /** what the points are placed against */
  targetKind: 'pooled' | 'england';
  target: number | null;
  /** England's published figure for the rate, when there is one */
  england: { value: number; year: string; source: string } | null;
  method: string;
  /** which councils the target pools, when an incomplete one is left out */
  targetNote: string | null;
  /** the pooled target's councils in words ("the complete councils together" when some are cut short), as the headlines name them */
  pooled: string;
  headlines: Rows;
  points: Rows;
  curve: Rows;
}

export const funnelRoutes: FastifyPluginAsync<{ service: ViewService; store: Store }> = async (parent, { service, store }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  app.get('/api/compare/funnel', { schema: { querystring: FunnelQuerySchema } }, async (request, reply) => {
    const q = request.query;
    // A council of 1 to 4 children is left out for a viewer: it is never placed (fewer than 40), and its counts
    // in windows a day apart would date its events (a viewer sees its dates as years: isYearsOnly).
    const datasets = store.listDatasets().filter((d) => d.to !== null && d.from !== null && !isYearsOnly(d, request.exactCounts)).map((d) => publishedSpan(d, request.exactCounts));
    if (datasets.length === 0) throw new BadRequestError('there are no datasets with events to compare');
    // Default window: the 12 months ending on the last day whose follow-up is complete in every council (the
    // earliest last date less the rate's follow-up: 7 days for a contact, 45 working days for an assessment),
    // so every council is fully covered and placed (review v9d finding 10: ending on the last date itself
    // flagged 5 of 9 rates incomplete everywhere and placed no council). A date the query gives is clipped to
    // the span of all the datasets' dates, as a dataset's window is to its own, and flagged if it is cut.
    const first = Math.min(...datasets.map((d) => parseDay(d.from!)!));
    const last = Math.max(...datasets.map((d) => parseDay(d.to!)!));
    const followedUp = (d: (typeof datasets)[number]) => completeRange(q.rate, service.span(d), service.context(d.name).ctx.prepared.calendar).to;
    // A viewer's window is one financial year, as every view's is (dataset-window.ts financialYearOf: audit a12g
    // F3), the one holding the date asked for or, by default, the last date every council has followed up; it ends
    // on 31 March or the data's last date, not on that date, which moves with each upload and would make a second
    // window overlapping the year.
    const year = request.exactCounts ? null : financialYearOf(clipDay(q.to ?? q.from ?? Math.min(...datasets.map(followedUp)), first, last));
    const given = year ?? q;
    const to = given.to === undefined ? Math.min(...datasets.map(followedUp)) : clipDay(given.to, first, last);
    const from = given.from === undefined ? addMonths(to, -12) + 1 : clipDay(given.from, first, last);
    if (from > to) throw new BadRequestError(`query.from: from must be on or before to (${formatDay(from)} is after ${formatDay(to)})`);
    const england = englandFigure(q.rate);
    if (q.target === 'england' && !england) throw new BadRequestError(`query.target: England publishes no figure for ${q.rate}`);
    const versions = datasets.map((d) => `${d.name}:${store.version(d.name)}`).join(',');
    const key = `funnel|${versions}|${keyOf({ from, to, rate: q.rate, cohort: q.cohort, target: q.target })}`;
    return service.respond(request, reply, key, q, `funnel-${q.rate}`, (exact) => {
      const window = { from, to };
      const tally = (w: MetricsWindow) =>
        datasets.map((d) => {
          const { ctx } = service.context(d.name);
          const [t] = tallyWindows(ctx.prepared, ctx.indicators, [w], service.mask(ctx, q.cohort));
          const span = service.span(d);
          // a council whose cohort of previous referrals the data's first date cuts (cutoffs.ts cohortLookBackNote)
          // is incomplete as one whose look-back or follow-up is cut: drawn hollow, not placed, not in the target
          const notes = [completeness(q.rate, w, span, ctx.prepared.calendar).note, cohortLookBackNote(q.cohort?.filter, w.from, span.first)].filter((n) => n !== null);
          return { dataset: d.name, ...tallyRate(t!, q.rate), note: notes.join(' ') || null };
        });
      const tallied = tally(window);
      const pooled = (rows: typeof tallied): HeadlineFigure => {
        const k = rows.reduce((s, t) => s + t.k, 0);
        const n = rows.reduce((s, t) => s + t.n, 0);
        const notes = rows.filter((r) => r.note).map((r) => r.dataset);
        return { k, n, value: n === 0 ? null : k / n, note: notes.length ? `Incomplete for ${notes.join(', ')}: the data's edges cut this window short.` : null };
      };
      const earliestFirst = Math.min(...datasets.map((d) => parseDay(d.from!)!));
      const earlier = lastYearWindow(window, { first: earliestFirst, last: to });
      const talliedEarlier = earlier ? tally(earlier) : null;
      const name = capital(MEASURE_NAMES[q.rate]);
      const draft = (key: string, label: string, unit: HeadlineDraft['unit'], figure: (rows: typeof tallied) => HeadlineFigure): HeadlineDraft => ({
        key, label, unit, current: figure(tallied), lastYear: talliedEarlier ? figure(talliedEarlier) : null, england: unit === 'share' ? england : null,
      });
      // Four figures a leader reads first: the pooled rate, how many cases it is over, and the spread
      // between the highest and the lowest council (each a council's own k/n, suppressed like its row).
      // The council is chosen in this window, and its figure a year earlier is its own (issue 9 audit:
      // the highest council of each year was taken, so "a year earlier" read another council's rate);
      // a viewer's councils are ranked by their published rates, and only those with one (a [c] rate
      // ranked as the lowest gave its order away).
      const policy = countPolicyOf(q.cohort?.key);
      const rankBy = (t: CouncilTally): number | null => {
        if (t.n === 0 || t.rate === null) return null;
        if (exact) return t.rate;
        const k = publishCountAs(t.k, policy);
        const n = publishCountAs(t.n, policy);
        const share = k === SUPPRESSED || n === SUPPRESSED ? SUPPRESSED : publishShare(k, n);
        return typeof share === 'number' ? share : null;
      };
      // The councils whose figure is complete. One whose look-back or follow-up the data's edges cut reads
      // low (or high) for that reason alone: it is not named the highest or lowest while any council's
      // figure is complete, and the target pools the complete ones only, so it is drawn hollow, never
      // placed as an outlier (review v9b finding 6). When every council is cut, all are used and the note
      // says so.
      const complete = tallied.filter((t) => t.note === null);
      const pooledOver = complete.length > 0 ? complete : tallied;
      // Highest first. Councils tied at the top (or the bottom) are named together: naming the first of
      // them by its name's order said one council was the highest and the lowest when all read 0.0%.
      const ranked = rankCouncils(pooledOver, rankBy);
      const TIED_EARLIER: HeadlineFigure = { k: null, n: null, value: null, note: 'Not shown for tied councils: each has its own.' };
      const councilDraft = (which: 'highest' | 'lowest' | 'every'): HeadlineDraft => {
        const end = which === 'lowest' ? ranked[ranked.length - 1] : ranked[0];
        const tied = end ? ranked.filter((t) => rankBy(t) === rankBy(end)) : [];
        const top = tied[0];
        const before = top && talliedEarlier ? talliedEarlier.find((t) => t.dataset === top.dataset) : undefined;
        const names = tied.map((t) => t.dataset).join(', ');
        return {
          key: which === 'every' ? 'highest' : which,
          label:
            which === 'every' ? `${name}: every council the same (${names})`
            : tied.length > 1 ? `${name}: the ${which} councils, tied (${names})`
            : `${name}: the ${which} council (${top?.dataset ?? 'none'})`,
          unit: 'share',
          current: !top ? NO_FIGURE : tied.length > 1 ? { k: null, n: null, value: top.rate, note: null } : { k: top.k, n: top.n, value: top.rate, note: top.note },
          lastYear: !top || !talliedEarlier ? null : tied.length > 1 ? TIED_EARLIER : sameCouncilEarlier(top.dataset, before),
          england,
        };
      };
      const allTied = ranked.length > 1 && rankBy(ranked[0]!) === rankBy(ranked[ranked.length - 1]!);
      // The headline's "together" is the target's: the same councils pooled (audit 9c finding 10: the
      // headline pooled every council, 9.2%, beside a target line of the complete ones, 10.7%).
      const pooledNames = new Set(pooledOver.map((t) => t.dataset));
      const together = complete.length > 0 && complete.length < tallied.length ? 'the complete councils together' : 'all councils together';
      const pooledAsTarget = (rows: typeof tallied) => pooled(rows.filter((t) => pooledNames.has(t.dataset)));
      const headlines: HeadlineDraft[] = [
        draft(q.rate, `${name}, ${together}`, 'share', pooledAsTarget),
        draft('cases', `Cases the rate is taken over, ${together}`, 'count', (rows) => {
          const p = pooledAsTarget(rows);
          return { k: p.n, n: null, value: p.n, note: p.note };
        }),
        // one council to rank is not both the highest and the lowest: it is named once, as what it is
        ...(ranked.length === 1
          ? [{ ...councilDraft('highest'), label: `${name}: the only council ${complete.length === 1 ? 'whose figure is complete' : 'with a figure'} (${ranked[0]!.dataset})` }]
          : allTied ? [councilDraft('every')]
          : [councilDraft('highest'), councilDraft('lowest')]),
      ];
      const targetFigure = pooled(pooledOver);
      // A viewer's target, limits and tail probabilities come from the published (rounded) counts: the
      // exact ones, and limits drawn around them to 2 decimals, give the exact counts back (12 of 12
      // published as 10 of 10 had limits that only n = 12 gives, review v9b finding 5).
      const pooledShare = exact ? targetFigure.value : publishShare(targetFigure.k ?? 0, targetFigure.n ?? 0);
      const target = q.target === 'england' ? england!.value : pooledShare === SUPPRESSED ? null : pooledShare;
      const shown = (count: number): number | null => {
        if (exact) return count;
        const c = publishCount(count);
        return c === SUPPRESSED ? null : c;
      };
      // A viewer's limits go to the disclosure policy unrounded, which gives them to 2 decimals: rounded to 4 first,
      // a limit of 0.09496 read 0.0950 and then 0.1, where the published counts give 0.09.
      const limit = (x: number | undefined): number | null => (exact ? round4(x) : x ?? null);
      const maxN = Math.max(1, ...tallied.map((p) => shown(p.n) ?? 0));
      const curve = target === null ? [] : funnelCurve(target, maxN * 1.1);
      const targetNote =
        q.target === 'england' ? null
        : complete.length === 0 ? 'Every council is incomplete in this window: the target pools them all, so read it with care.'
        : complete.length < tallied.length ? `The target pools the councils whose figure is complete; ${tallied.filter((t) => t.note !== null).map((t) => t.dataset).join(', ')} (incomplete: the data's edges cut the window short) are drawn hollow and not placed.`
        : null;
      const tables = [
        headlineTable(headlines, window, { first: earliestFirst, last: to }),
        makeTable(
          'councils',
          `${capital(MEASURE_NAMES[q.rate])} by council against its volume, ${windowText(from, to)}; placed against ${q.target === 'england' ? `England's ${england!.year} figure` : `the rate of ${together}`}`,
          [
            ['dataset', 'Council (dataset)', 'text'], ['k', 'Count', 'count'], ['n', 'Out of', 'count'], ['rate', 'Rate', 'rate', { basis: ['k', 'n'] }],
            ['lower998', '99.8% lower limit', 'rate', { basis: ['n'] }], ['lower95', '95% lower limit', 'rate', { basis: ['n'] }],
            ['upper95', '95% upper limit', 'rate', { basis: ['n'] }], ['upper998', '99.8% upper limit', 'rate', { basis: ['n'] }],
            ['p_lower', 'P(as low or lower)', 'number', { basis: ['k', 'n'] }], ['p_upper', 'P(as high or higher)', 'number', { basis: ['k', 'n'] }],
            ['position', 'Position', 'text', { basis: ['k', 'n'] }],
            ['incomplete', 'Incomplete?', 'text'],
          ],
          tallied.map((t) => {
            // the counts the limits and tails are worked out from: a viewer's are the published ones, and
            // none when the published n is too few to give a rate
            const n = shown(t.n);
            const k = shown(t.k);
            const placed = target !== null && n !== null && n > 0 && k !== null && (exact || !tooFewForRate(n));
            const limits = placed ? funnelLimits(target, n) : null;
            const tails = placed && t.note === null ? funnelTails(k, n, target) : null;
            return {
              dataset: t.dataset, k: t.k, n: t.n, rate: round4(t.rate),
              lower998: limit(limits?.lower998), lower95: limit(limits?.lower95), upper95: limit(limits?.upper95), upper998: limit(limits?.upper998),
              p_lower: tails ? Number(tails.lower.toPrecision(4)) : null, p_upper: tails ? Number(tails.upper.toPrecision(4)) : null,
              // incomplete whether or not there is a target to place it against (it never is placed)
              position: t.note !== null ? 'incomplete' : !placed ? null : funnelPosition(k, n, target),
              incomplete: t.note,
            };
          }),
          targetNote ?? undefined,
        ),
        makeTable(
          'limits',
          'The funnel: 95% and 99.8% limits around the target at each volume (exact binomial, Spiegelhalter 2005)',
          [['n', 'Volume', 'id'], ['lower998', '99.8% lower', 'rate', { basis: [] }], ['lower95', '95% lower', 'rate', { basis: [] }], ['upper95', '95% upper', 'rate', { basis: [] }], ['upper998', '99.8% upper', 'rate', { basis: [] }]],
          curve.map((c) => ({ n: c.n, lower998: limit(c.lower998), lower95: limit(c.lower95), upper95: limit(c.upper95), upper998: limit(c.upper998) })),
        ),
      ];
      return {
        tables,
        assemble: (published): FunnelView => ({
          rate: q.rate,
          window: { from: formatDay(from), to: formatDay(to) },
          cohort: q.cohort?.key ?? '',
          cohortNote: councilsCohortNote(datasets, q.cohort?.filter, from),
          targetKind: q.target,
          target: target === null ? null : round4(target),
          england: england ? { value: england.value, year: england.year, source: england.source } : null,
          targetNote,
          pooled: together,
          method: 'positions from exact binomial tail probabilities (each side at 2.5% and 0.1%); limits drawn as exact binomial with interpolation (Spiegelhalter 2005, appendix A.1.1); a council whose figure is incomplete is not placed and not in the pooled target; without exact numbers, limits and tails come from the published counts and need a published volume of at least 40',
          headlines: published.rows('headlines'),
          points: published.rows('councils'),
          curve: published.rows('limits'),
        }),
      };
    });
  });
};

type CouncilTally = { dataset: string; k: number; n: number; rate: number | null; note: string | null };

/** The councils with a rate to rank by (`rankBy`: the exact rate, or the one a viewer is shown), highest first; ties by name. */
function rankCouncils<T extends CouncilTally>(rows: readonly T[], rankBy: (t: T) => number | null): T[] {
  return rows
    .map((r) => ({ r, v: rankBy(r) }))
    .filter((x): x is { r: T; v: number } => x.v !== null)
    .sort((x, y) => y.v - x.v || x.r.dataset.localeCompare(y.r.dataset))
    .map((x) => x.r);
}

/**
 * A council's own figure a year earlier: none when it has no cases then ("No data"), and not published when
 * the data's edges cut it short (its data start inside that window), rather than a rate of part of a year.
 */
export function sameCouncilEarlier(dataset: string, before: CouncilTally | undefined): HeadlineFigure {
  if (!before || before.n === 0 || before.rate === null) return { k: null, n: null, value: null, note: `No data for ${dataset} a year earlier.` };
  if (before.note !== null) return { k: null, n: null, value: null, note: `Not published: ${before.note}` };
  return { k: before.k, n: before.n, value: before.rate, note: null };
}

function capital(text: string): string {
  return text[0]!.toUpperCase() + text.slice(1);
}

/** Each council's previous referrals are counted from its own first date: the notes of those cut, each naming its councils ("For a, b: Incomplete: …"). */
function councilsCohortNote(datasets: ReadonlyArray<{ name: string; from: string | null }>, filter: CohortFilter | undefined, from: number): string | null {
  const councils = new Map<string, string[]>();
  for (const d of datasets) {
    const note = cohortLookBackNote(filter, from, parseDay(d.from!)!);
    if (note !== null) councils.set(note, [...(councils.get(note) ?? []), d.name]);
  }
  return [...councils].map(([note, names]) => `For ${names.join(', ')}: ${note}`).join(' ') || null;
}
