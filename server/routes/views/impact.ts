// GET /api/datasets/:name/views/impact?marker=ID|date=YYYY-MM-DD&weeks=26[&model=max-t|series]: did anything change at a
// marker? One decision across every measure (core/analysis/impact.ts), the raw figures either side, and
// the weekly series with the fitted trend, all through the disclosure policy.
import type { FastifyPluginAsync } from 'fastify';
import { DatasetParamsSchema } from '../../../core/api-schemas.js';
import { cohortLookBackNote } from '../../../core/analysis/cutoffs.js';
import { longDate, windowText } from '../../../core/analysis/date-text.js';
import { headlineTable, rateHeadline, countHeadline, type HeadlineDraft } from '../../../core/analysis/headlines.js';
import { DEFAULT_IMPACT_WEEKS, impactOfChange, MEASURE_NAMES, WEEKLY_COUNT_KEY, type ClippedWindow, type Finding, type ImpactMeasure, type ImpactResult } from '../../../core/analysis/impact.js';
import { tallyRate, tallyWindows } from '../../../core/analysis/rate-indicators.js';
import { columnIndex, makeTable, type Cell, type ViewTable } from '../../../core/analysis/view-table.js';
import { roundRunning } from '../../../core/disclosure/controlled.js';
import { parseDay } from '../../../core/dates.js';
import { RATE_KEYS } from '../../../core/metrics.js';
import type { Store } from '../../db/store.js';
import { BadRequestError, ForbiddenError, NotFoundError } from '../../errors.js';
import { isYearsOnlySpan } from '../../../core/disclosure/aggregates.js';
import type { ZodTypeProvider } from '../../zod-provider.js';
import { round4 } from './format.js';
import { ImpactQuerySchema } from './schemas.js';
import { keyOf, type ViewService } from './service.js';

export interface ImpactView extends Omit<ImpactResult, 'before' | 'after' | 'weekly' | 'fits' | 'recordingGaps'> {
  /** recording gaps near the marker; events of 1 to 4 are '[c]' unless the server shows exact numbers */
  recordingGaps: Array<Omit<ImpactResult['recordingGaps'][number], 'events'> & { events: number | '[c]' }>;
  dataset: string;
  cohort: string;
  /** the cohort's previous referrals counted only from the data's first date, from the window before the marker (cutoffs.ts cohortLookBackNote), or null */
  cohortNote: string | null;
  markerLabel: string | null;
  windows: { before: ImpactResult['before']['window']; after: ImpactResult['after']['window'] };
  headlines: Array<Record<string, Cell>>;
  /** per measure: the raw figures before and after (disclosure-controlled) */
  raw: Array<Record<string, Cell>>;
  /** weekly referrals, and per rate its weekly k, n, share, use in the fit, fit and earlier trend */
  weeklyReferrals: Array<Record<string, Cell>>;
  weeklyRates: Array<Record<string, Cell>>;
  /** per rate, over four-week blocks from the marker: what the charts draw */
  fourWeeklyRates: Array<Record<string, Cell>>;
}

/** Years of data either side of the marker the impact verdict compares it with (in-time-placebo.ts positions). */
export const IMPACT_SPAN_YEARS = 10;

/**
 * The part of the data's span the verdict reads: at most IMPACT_SPAN_YEARS either side of the marker. A council's
 * extract of ten years or less is read whole, as before; one stray old date (an import accepts 1900-01-01) no
 * longer makes every week since then a position to compare (audit a12e M1: 6,497 positions, 70 s on 40 children).
 */
export function analysedSpan(span: { first: number; last: number }, markerDay: number): { first: number; last: number } {
  const reach = Math.round(IMPACT_SPAN_YEARS * 365.25);
  return { first: Math.max(span.first, markerDay - reach), last: Math.min(span.last, markerDay + reach) };
}

export const impactRoutes: FastifyPluginAsync<{ service: ViewService; store: Store }> = async (parent, { service, store }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const selectMarker = store.db.prepare<[number, number], { day: number; label: string }>('SELECT day, label FROM markers WHERE id = ? AND dataset_id = ?');

  app.get('/api/datasets/:name/views/impact', { schema: { params: DatasetParamsSchema, querystring: ImpactQuerySchema } }, async (request, reply) => {
    const { name } = request.params;
    const q = request.query;
    const { info, version } = service.dataset(name, request.exactCounts);
    // weeks either side of a date would date a 1-4-child dataset's events, which a viewer sees as years
    if (isYearsOnlySpan(info)) throw new BadRequestError(`dataset "${name}" has 1 to 4 children, so a viewer sees its dates only as calendar years: the impact of a date needs its weeks`);
    // A viewer reads the impact of the council's saved markers, with the page's weeks: with a date and weeks of their
    // own, the windows before and after slid a day at a time, each count rounded once for its window, and interval
    // propagation pinned 862 of 3,147 day counts of 1 to 4 on an 800-child council (audit of 2026-12-06, F3; the
    // markers are few and an analyst's to make).
    if (!request.exactCounts && (q.marker === undefined || q.weeks !== DEFAULT_IMPACT_WEEKS)) {
      throw new ForbiddenError(
        `without exact counts the impact view is of a saved marker (marker=ID, from GET /api/datasets/${name}/markers) with ${DEFAULT_IMPACT_WEEKS} weeks either side: ` +
          'a date or weeks of your own would let windows a day apart give small numbers away; ask an analyst to save the marker',
      );
    }
    let markerDay: number;
    let markerLabel: string | null = null;
    if (q.marker !== undefined) {
      const row = selectMarker.get(q.marker, store.datasetId(name)!);
      if (!row) throw new NotFoundError(`marker ${q.marker} of dataset "${name}"`);
      markerDay = row.day;
      markerLabel = row.label;
    } else markerDay = q.date!;
    const span = service.span(info);
    // A marker outside the data has no after (or no before) window at all: refused, naming both, never answered
    // with headlines over 0 days (audit 9c: ?date=2021-01-01 on data from April 2022 led with "NFA 0.0%").
    if (markerDay < span.first || markerDay > span.last) {
      const side = markerDay < span.first ? 'before' : 'after';
      throw new BadRequestError(`the marker date ${longDate(markerDay)} is ${side} the data, which runs from ${longDate(span.first)} to ${longDate(span.last)}`);
    }
    const key = `impact|${name}|${version}|${keyOf({ marker: markerDay, weeks: q.weeks, cohort: q.cohort, model: q.model })}`;
    return service.respond(request, reply, key, q, `${name}-impact`, (exact) => {
      const { ctx } = service.context(name);
      const include = service.mask(ctx, q.cohort);
      const result = impactOfChange(ctx.prepared, ctx.indicators, markerDay, { weeksEitherSide: q.weeks, span: analysedSpan(span, markerDay), include, model: q.model });
      const afterWindow = { from: parseDay(result.after.window.from)!, to: parseDay(result.after.window.to)! };
      const headlines: HeadlineDraft[] = [
        ...(['referral_nfa', 'rereferral_12m', 'assessment_within_45_wd', 's47_to_icpc'] as const).map((k) =>
          rateHeadline(ctx.prepared, ctx.indicators, k, `${MEASURE_NAMES[k][0]!.toUpperCase()}${MEASURE_NAMES[k].slice(1)}, after the marker`, afterWindow, span, include),
        ),
        countHeadline(
          'referrals',
          'Referrals, after the marker',
          (w) => tallyRate(tallyWindows(ctx.prepared, ctx.indicators, [w], include)[0]!, 'referral_nfa').n,
          afterWindow,
          span,
        ),
      ];
      const cohort = { key: q.cohort?.key ?? '', note: cohortLookBackNote(q.cohort?.filter, parseDay(result.before.window.from)!, span.first) };
      return draftImpact(result, headlines.map((h) => clippedHeadline(h, result.after.window)), afterWindow, span, name, cohort, markerLabel, exact);
    });
  });
};

const sentenceCase = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
const daysText = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

/**
 * What the data's edge left of a window, in words: "only 1 day of the 26 weeks (182 days) asked, 3 April 2024, the
 * data's last day", or null when the window is whole.
 */
export function clippedWindowText(w: ClippedWindow, edge: 'end' | 'start'): string | null {
  if (!w.clipped) return null;
  const asked = w.requestedDays % 7 === 0 ? `${w.requestedDays / 7} weeks (${w.requestedDays} days)` : daysText(w.requestedDays);
  const from = parseDay(w.from)!;
  const to = parseDay(w.to)!;
  return `only ${daysText(w.days)} of the ${asked} asked${w.days > 0 ? `, ${from === to ? longDate(from) : windowText(from, to)}` : ''}: the data ${edge === 'end' ? 'end' : 'start'} there`;
}

/**
 * A headline over an after window the data's end cut short is marked incomplete with the length left, this figure and
 * the year-earlier one alike (the same short window a year back): "NFA 26.7%" over 1 day of the 182 asked was shown
 * unmarked beside England's year (audit 9c).
 */
function clippedHeadline(h: HeadlineDraft, after: ClippedWindow): HeadlineDraft {
  const text = clippedWindowText(after, 'end');
  if (!text) return h;
  const mark = (note: string | null, what: string) => `Incomplete: ${what} ${text}.${note ? ` ${sentenceCase(note.replace(/^Incomplete: /, ''))}` : ''}`;
  return {
    ...h,
    current: { ...h.current, note: mark(h.current.note, 'the window after the marker is') },
    lastYear: h.lastYear ? { ...h.lastYear, note: mark(h.lastYear.note, 'the same short window a year earlier: the window after the marker is') } : null,
  };
}

function draftImpact(
  result: ImpactResult, headlines: HeadlineDraft[], afterWindow: { from: number; to: number }, span: { first: number; last: number }, dataset: string, cohort: { key: string; note: string | null }, markerLabel: string | null, exact: boolean,
) {
  const { weeks } = result;
  const fitOf = new Map(result.fits.map((f) => [f.measure, f]));
  const rateKeys = RATE_KEYS;
  // What a viewer is given of the fitted figures (estimates, intervals, fitted lines): a share to 0.1 of a point,
  // referrals a week to 0.1, a p to 2 significant figures; an analyst gets them to 6 significant figures. They are
  // fitted on the exact weekly series (a refit on the rounded counts would move the verdict with the rounding), so
  // they are given no finer than the page says them (README, "Disclosure control").
  const shown = (m: ImpactMeasure, x: number | null | undefined) => (exact ? round6(x) : roundTo(x, m === WEEKLY_COUNT_KEY ? 10 : 1000));
  const fitted = (m: ImpactMeasure, x: number | null | undefined) => (exact ? round4(x) : roundTo(x, m === WEEKLY_COUNT_KEY ? 10 : 1000));
  const pShown = (x: number | null | undefined) => (exact ? round6(x) : x === null || x === undefined || !Number.isFinite(x) ? null : Number(x.toPrecision(2)));
  // A window the data's edge shortened says how much is left, in the table's title and each row's note.
  const beforeCut = clippedWindowText(result.before.window, 'start');
  const afterCut = clippedWindowText(result.after.window, 'end');
  const withCut = (note: string | null, cut: string | null) => (cut ? `Incomplete: ${cut}.${note ? ` ${sentenceCase(note.replace(/^Incomplete: /, ''))}` : ''}` : note);
  const rawTable = makeTable(
    'raw',
    `Each measure before (${windowText(parseDay(result.before.window.from)!, parseDay(result.before.window.to)!)}) and after (${windowText(parseDay(result.after.window.from)!, parseDay(result.after.window.to)!)}), as counted: not adjusted for trend or season${
      [beforeCut && `; before: ${beforeCut}`, afterCut && `; after: ${afterCut}`].filter(Boolean).join('')
    }`,
    [
      ['measure', 'Measure key', 'text', { hidden: true }],
      ['name', 'Measure', 'text'],
      ['before_k', 'Before: count', 'count'],
      ['before_n', 'Before: out of', 'count'],
      ['before_value', 'Before', 'rate', { basis: ['before_k', 'before_n'] }],
      ['before_note', 'Before: incomplete?', 'text'],
      ['after_k', 'After: count', 'count'],
      ['after_n', 'After: out of', 'count'],
      ['after_value', 'After', 'rate', { basis: ['after_k', 'after_n'] }],
      ['after_note', 'After: incomplete?', 'text'],
    ],
    rateKeys.map((m) => {
      const b = result.before.values[m];
      const a = result.after.values[m];
      return {
        measure: m, name: MEASURE_NAMES[m],
        before_k: b.k, before_n: b.n, before_value: round4(b.value), before_note: withCut(b.completeness.note, beforeCut),
        after_k: a.k, after_n: a.n, after_value: round4(a.value), after_note: withCut(a.completeness.note, afterCut),
      };
    }),
  );
  const referralsTable = makeTable(
    'weekly-referrals',
    'Referrals each week, with the fitted trend and where the earlier trend and season would have gone',
    [
      ['week', 'Week beginning', 'date'],
      ['t', 'Weeks from the marker', 'id'],
      ['referrals', 'Referrals', 'count'],
      ['used', 'Used in the fit', 'text'],
      ['fitted', 'Fitted', 'number', { basis: [] }],
      ['counterfactual', 'Earlier trend and season carried on', 'number', { basis: [] }],
    ],
    weeks.map((w, j) => {
      const v = result.weekly[WEEKLY_COUNT_KEY][j]!;
      const fit = fitOf.get(WEEKLY_COUNT_KEY)!;
      return { week: w.start, t: w.t, referrals: v.n, used: v.excluded ?? 'yes', fitted: fitted(WEEKLY_COUNT_KEY, fit.fitted[j]), counterfactual: fitted(WEEKLY_COUNT_KEY, fit.counterfactual[j]) };
    }),
  );
  const rateRows: Array<Record<string, Cell>> = [];
  for (const m of rateKeys) {
    const fit = fitOf.get(m)!;
    weeks.forEach((w, j) => {
      const v = result.weekly[m][j]!;
      rateRows.push({ week: w.start, t: w.t, measure: m, k: v.k, n: v.n, value: round4(v.value), used: v.excluded ?? 'yes', fitted: fitted(m, fit.fitted[j]), counterfactual: fitted(m, fit.counterfactual[j]) });
    });
  }
  const ratesTable = makeTable(
    'weekly-rates',
    'Each rate each week, with the fitted trend and where the earlier trend and season would have gone',
    [
      ['week', 'Week beginning', 'date'],
      ['t', 'Weeks from the marker', 'id'],
      ['measure', 'Measure', 'text'],
      ['k', 'Count', 'count'],
      ['n', 'Out of', 'count'],
      ['value', 'Share', 'rate', { basis: ['k', 'n'] }],
      ['used', 'Used in the fit', 'text'],
      ['fitted', 'Fitted', 'rate', { basis: [] }],
      ['counterfactual', 'Earlier trend and season carried on', 'rate', { basis: [] }],
    ],
    rateRows,
  );
  // Four-week blocks (aligned on the marker) for the charts: weekly shares of a small council are
  // mostly [c], and drawing only the weeks that happen to be 0% would mislead.
  const blockRows: Array<Record<string, Cell>> = [];
  for (const m of rateKeys) {
    const byBlock = new Map<number, { start: string; k: number; n: number; whole: number }>();
    weeks.forEach((w, j) => {
      if (!w.whole) return;
      const block = Math.floor(w.t / 4);
      const v = result.weekly[m][j]!;
      const entry = byBlock.get(block) ?? { start: w.start, k: 0, n: 0, whole: 0 };
      entry.k += v.k;
      entry.n += v.n;
      entry.whole++;
      byBlock.set(block, entry);
    });
    for (const [block, b] of [...byBlock].sort((x, y) => x[0] - y[0])) {
      blockRows.push({ week: b.start, t: block * 4, measure: m, weeks: b.whole, k: b.k, n: b.n, value: b.n === 0 ? null : round4(b.k / b.n) });
    }
  }
  const blocksTable = makeTable(
    'four-weekly-rates',
    'Each rate over four-week blocks counted from the marker (whole weeks only)',
    [
      ['week', 'Block beginning', 'date'],
      ['t', 'Weeks from the marker', 'id'],
      ['measure', 'Measure', 'text'],
      ['weeks', 'Whole weeks', 'id'],
      ['k', 'Count', 'count'],
      ['n', 'Out of', 'count'],
      ['value', 'Share', 'rate', { basis: ['k', 'n'] }],
    ],
    blockRows,
  );
  const jumpModel = result.model === 'max-t';
  const findingsTable = makeTable(
    'findings',
    jumpModel
      ? `Did each measure change at the marker? One decision for all ${result.tested} measures tested: each jump against the largest jump of any measure at the ${result.calibration?.positions ?? 0} weeks of the data where the same windows fit (${Math.round(result.alpha * 100)}% overall)`
      : `Did each measure change at the marker? One decision for all ${result.tested} measures tested (Holm's correction, ${Math.round(result.alpha * 100)}% overall)`,
    [
      ['measure', 'Measure key', 'text', { hidden: true }],
      ['name', 'Measure', 'text'],
      ['changed', 'Changed?', 'text'],
      ['direction', 'Direction', 'text'],
      ['estimate', jumpModel ? 'Jump at the marker' : 'Average change after the marker', 'number', { basis: [] }],
      ['lower', 'Interval lower', 'number', { basis: [] }],
      ['upper', 'Interval upper', 'number', { basis: [] }],
      ['level', 'Interval coverage', 'number', { basis: [] }],
      ['detectable', 'Smallest change this data could see (a lower bound)', 'number', { basis: [] }],
      ['p', jumpModel ? 'p (share of weeks with as large a jump in any measure)' : 'p (Holm-adjusted)', 'number', { basis: [] }],
      ['p_raw', jumpModel ? 'p (share of weeks with as large a jump in this measure)' : 'p (this measure alone)', 'number', { basis: [] }],
      ['level_change', 'Jump at the marker', 'number', { basis: [] }],
      ['slope_change', 'Change in trend per week', 'number', { basis: [] }],
      ['trend', 'Change in trend per year (default model; not part of the verdict)', 'number', { basis: [] }],
      ['trend_lower', 'Trend interval lower (per year)', 'number', { basis: [] }],
      ['trend_upper', 'Trend interval upper (per year)', 'number', { basis: [] }],
      ['weeks_before', 'Weeks used before', 'id'],
      ['weeks_after', 'Weeks used after', 'id'],
      ['rho', 'Week-to-week correlation allowed for', 'number', { basis: [] }],
      ['untested', 'Why not tested', 'text'],
    ],
    result.findings.map((f: Finding) => {
      const fit = fitOf.get(f.measure)!;
      const g = (x: number | null | undefined) => shown(f.measure, x);
      return {
        measure: f.measure, name: MEASURE_NAMES[f.measure], changed: f.untested ? 'not tested' : f.changed ? 'yes' : 'no', direction: f.direction,
        estimate: g(f.estimate), lower: g(f.lower), upper: g(f.upper), level: round6(f.intervalLevel), detectable: g(f.detectable), p: pShown(f.p), p_raw: pShown(f.pRaw),
        level_change: g(fit.levelChange?.estimate), slope_change: exact ? round6(fit.slopeChange?.estimate) : null,
        trend: g(f.trend?.estimate), trend_lower: g(f.trend?.lower), trend_upper: g(f.trend?.upper),
        weeks_before: fit.used.before, weeks_after: fit.used.after, rho: exact ? round4(fit.rho) : roundTo(fit.rho, 100), untested: f.untested,
      };
    }),
  );
  const headlineDraft = headlineTable(headlines, afterWindow, span);
  controlWeeklyCounts(result, referralsTable, ratesTable, blocksTable);

  const { before: _b, after: _a, weekly: _w, fits: _f, ...rest } = result;
  return {
    tables: [headlineDraft, findingsTable, rawTable, referralsTable, ratesTable, blocksTable],
    assemble: (published: { rows(id: string): Array<Record<string, Cell>> }): ImpactView => ({
      dataset,
      cohort: cohort.key,
      cohortNote: cohort.note,
      markerLabel,
      ...rest,
      findings: result.findings.map((f) => (exact ? f : {
        ...f,
        estimate: shown(f.measure, f.estimate), lower: shown(f.measure, f.lower), upper: shown(f.measure, f.upper), detectable: shown(f.measure, f.detectable),
        minimumChange: shown(f.measure, f.minimumChange), p: pShown(f.p), pRaw: pShown(f.pRaw),
        trend: f.trend && { estimate: shown(f.measure, f.trend.estimate)!, lower: shown(f.measure, f.trend.lower)!, upper: shown(f.measure, f.trend.upper)!, detectable: shown(f.measure, f.trend.detectable)! },
      })),
      recordingGaps: result.recordingGaps.map((g) => ({ ...g, events: !exact && g.events >= 1 && g.events <= 4 ? ('[c]' as const) : g.events })),
      windows: { before: result.before.window, after: result.after.window },
      headlines: published.rows('headlines'),
      raw: published.rows('raw'),
      weeklyReferrals: published.rows('weekly-referrals'),
      weeklyRates: published.rows('weekly-rates'),
      fourWeeklyRates: published.rows('four-weekly-rates'),
    }),
  };
}

/**
 * For a viewer: the weekly counts and the four-week blocks rounded together (controlled.ts roundRunning),
 * each series' weeks as the steps of its running total rounded to 5 and each block the sum of its
 * published weeks, instead of [c] for 1–4 beside blocks that are their exact sums (review v9d finding 1).
 * The weekly referrals are the referral_nfa series' out-of, so they read the same numbers.
 */
function controlWeeklyCounts(result: ImpactResult, referrals: ViewTable, rates: ViewTable, blocks: ViewTable): void {
  const published = new Map<string, { k: number[]; n: number[] }>();
  for (const m of [...RATE_KEYS, WEEKLY_COUNT_KEY] as const) {
    const series = result.weekly[m];
    published.set(m, { k: roundRunning(series.map((v) => ('k' in v ? v.k : 0))), n: roundRunning(series.map((v) => v.n)) });
  }
  const referralsShown = published.get(WEEKLY_COUNT_KEY)!.n;
  referrals.controlled = { kind: 'running', rows: referralsShown.map((n) => ({ referrals: n })) };
  const weeks = result.weeks.length;
  rates.controlled = { kind: 'running', rows: RATE_KEYS.flatMap((m) => Array.from({ length: weeks }, (_, j) => ({ k: published.get(m)!.k[j]!, n: published.get(m)!.n[j]! }))) };
  const col = (key: string) => columnIndex(blocks, key);
  blocks.controlled = {
    kind: 'running',
    rows: blocks.rows.map((row) => {
      const m = row[col('measure')] as string;
      const t0 = row[col('t')] as number;
      let k = 0;
      let n = 0;
      result.weeks.forEach((w, j) => {
        if (!w.whole || Math.floor(w.t / 4) * 4 !== t0) return;
        k += published.get(m)!.k[j]!;
        n += published.get(m)!.n[j]!;
      });
      return { k, n };
    }),
  };
}

/** x to the nearest 1/per, never rounded to 0 from either side (an interval that excludes 0 still does). */
function roundTo(x: number | null | undefined, per: number): number | null {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  const r = Math.round(x * per) / per;
  return r === 0 && x !== 0 ? Math.sign(x) / per : r;
}

function round6(x: number | null | undefined): number | null {
  return x === null || x === undefined || !Number.isFinite(x) ? null : Number(x.toPrecision(6));
}
