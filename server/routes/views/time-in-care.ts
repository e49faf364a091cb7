// GET /api/datasets/:name/views/time-in-care?kind=cla|cp_plan&by=DIMENSION: how long children stay in
// care (or on a CP plan) from starts in the window, stays still running counted until the data's last
// day (Kaplan–Meier, Greenwood 95% bands), as a life table on a grid of days, with headline figures.
import type { FastifyPluginAsync } from 'fastify';
import { DatasetParamsSchema } from '../../../core/api-schemas.js';
import { windowText } from '../../../core/analysis/date-text.js';
import { countHeadline, customHeadline, headlineTable, headlineWindow, lastYearWindow, type HeadlineFigure } from '../../../core/analysis/headlines.js';
import { KM_MIN_AT_RISK } from '../../../core/analysis/kaplan-meier.js';
import { timeToEnd, type SpellKind, type SurvivalGroup } from '../../../core/analysis/time-in-care.js';
import { makeTable, type Cell, type ViewTable } from '../../../core/analysis/view-table.js';
import { CONTROLLED_LABEL, SUPPRESSED } from '../../../core/disclosure/policy.js';
import { roundBreakdown, roundLifeTable, type Departures, type PublishedLife } from '../../../core/disclosure/controlled.js';
import { publishMedian, publishSurvival } from '../../../core/disclosure/survival.js';
import { cohortLookBackNote, outsideDataNote } from '../../../core/analysis/cutoffs.js';
import { formatDay } from '../../../core/dates.js';
import type { MetricsWindow } from '../../../core/metrics.js';
import type { ZodTypeProvider } from '../../zod-provider.js';
import { TimeInCareQuerySchema } from './schemas.js';
import { keyOf, type ViewService } from './service.js';

type Rows = Array<Record<string, Cell>>;

export interface TimeInCareView {
  dataset: string;
  window: { from: string; to: string };
  cohort: string;
  /** the cohort's previous referrals, or the groups' by=prev, counted only from the data's first date (cutoffs.ts cohortLookBackNote), or null; every row's `incomplete` then */
  cohortNote: string | null;
  kind: SpellKind;
  groupBy: string | null;
  censoredAt: string;
  headlines: Rows;
  /** per group: spells, ended, still open, Kaplan–Meier median and share still in after a year */
  groups: Rows;
  /** per group and interval of days: at risk, ended, still open (censored), share still in at its end */
  lifeTable: Rows;
}

export const timeInCareRoutes: FastifyPluginAsync<{ service: ViewService }> = async (parent, { service }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  app.get('/api/datasets/:name/views/time-in-care', { schema: { params: DatasetParamsSchema, querystring: TimeInCareQuerySchema } }, async (request, reply) => {
    const { name } = request.params;
    const q = request.query;
    const { info, version } = service.dataset(name, request.exactCounts);
    const window = service.window(info, q, request.exactCounts, undefined, 'span');
    const span = service.span(info);
    const key = `time-in-care|${name}|${version}|${keyOf({ ...window, kind: q.kind, by: q.by, cohort: q.cohort })}`;
    return service.respond(request, reply, key, q, `${name}-time-in-care`, (exact) => {
      const { ctx } = service.context(name);
      const include = service.mask(ctx, q.cohort);
      // The same window is asked for by the table, the headlines and the count beside them: worked out once.
      const computed = new Map<string, ReturnType<typeof timeToEnd>>();
      const spells = (w: MetricsWindow, groupBy: typeof q.by | null = null, censorDay = span.last) => {
        const id = `${w.from}|${w.to}|${groupBy ?? ''}|${censorDay}`;
        let found = computed.get(id);
        if (!found) computed.set(id, (found = timeToEnd(ctx.prepared, q.kind, w, censorDay, { include, groupBy, children: ctx.children, anchors: ctx.anchors })));
        return found;
      };
      const result = spells(window, q.by ?? null);
      const care = q.kind === 'cla';
      const what = care ? 'in care' : 'on the plan';
      // A viewer's counts rounded together (core/disclosure/controlled.ts), and everyone's for the
      // headlines: the shares and medians below are published beside them by one function each
      // (core/disclosure/survival.ts), so the life table, the groups, the headlines, the chart and the
      // CSV read the same figure.
      const everyoneOfWindow = q.by ? spells(window).groups[0] ?? null : null;
      const published = exact ? null : publishLife(result.groups, everyoneOfWindow);
      // The count a share or a median is published beside: the viewer's rounded one; for a viewer's group
      // whose counts are withheld, [c] (so are its shares and median: whether one is given must not say
      // how many the exact count holds); the exact one for exact counts.
      const shown = (life: PublishedLife | null, pick: (l: PublishedLife) => Cell, exactCount: number): Cell => (life ? pick(life) : exact ? exactCount : SUPPRESSED);
      /** The share still in on day 365 (the end of the life table's row to day 364), as the request sees it. */
      const stillInAtAYear = (g: SurvivalGroup, life: PublishedLife | null): Cell => {
        if (!followedForAYear(g.table)) return null;
        const i = g.table.findIndex((r) => r.to === 365);
        return publishSurvival(g.table[i]!, shown(life, (l) => l.atRisk[i]!, g.table[i]!.atRisk), exact).survival;
      };
      // Headlines for everyone in the window, beside the starts of a year earlier followed for as long:
      // censored a year before the data's end (audit 9c finding 9: "median not reached yet, a year
      // earlier 389 days" set starts followed under a year beside starts followed up to two).
      const everyone = (w: MetricsWindow, censorDay = span.last): HeadlineFigure[] => {
        const g = spells(w, null, censorDay).groups[0];
        const n = g?.curve.n ?? 0;
        const life = g && !exact ? roundLifeTable(departures(g)) : null;
        // the same cut-off rule as every figure (cutoffs.ts): a window running outside the data misses
        // the starts outside it, as the count of starts beside these says
        const outside = outsideDataNote(w, span);
        const notFollowed = g && !followedForAYear(g.table) ? `Incomplete: no ${care ? 'period of care' : 'plan'} that started then could be followed for a full year before the data end.` : null;
        return [
          // k: the spells that ended, which the median is built on (one child's own length when 1 to 4)
          { k: g?.curve.events ?? null, n, value: g ? (publishMedian(g.curve.median, shown(life, (l) => l.endedTotal, g.curve.events), exact) as number | null) : null, note: outside },
          { k: null, n, value: g ? (stillInAtAYear(g, life) as number | null) : null, note: notFollowed ?? outside },
        ];
      };
      const hw = headlineWindow(window);
      const earlier = lastYearWindow(hw, span);
      const [median, stillIn] = everyone(hw);
      const [lastMedian, lastStillIn] = earlier ? everyone(earlier, span.last - (hw.to - earlier.to)) : [null, null];
      const headlines = [
        countHeadline('spells', care ? 'Periods of care starting' : 'CP plans starting', (w) => spells(w).groups[0]?.curve.n ?? 0, hw, span),
        customHeadline('median_days', `Median ${care ? 'time in care' : 'time on a plan'} (days, Kaplan–Meier)`, 'days', median!, lastMedian ?? null),
        customHeadline('still_in_after_a_year', `Still ${what} a year after starting`, 'share', stillIn!, lastStillIn ?? null),
      ];

      // Previous referrals are counted from the data's first date only: a cohort of them, or groups by them
      // (by=prev), over a window starting less than 36 months after it are cut short, every row alike.
      const cohortNote = cohortLookBackNote(q.cohort?.filter, window.from, span.first, q.by ?? null);
      const groupRows = result.groups.map((g, k) => {
        const life = published ? published[k]! : null;
        return {
          group: g.group,
          spells: g.curve.n,
          ended: g.curve.events,
          open: g.curve.censored,
          median: publishMedian(g.curve.median, shown(life, (l) => l.endedTotal, g.curve.events), exact),
          still_in_1y: stillInAtAYear(g, life),
          incomplete: cohortNote,
        };
      });
      const lifeRows: Array<Record<string, Cell>> = [];
      result.groups.forEach((g, k) => {
        const life = published ? published[k]! : null;
        g.table.forEach((r, i) => {
          lifeRows.push({
            group: g.group,
            from: r.from,
            to: r.to === null ? null : r.to - 1,
            at_risk: r.atRisk,
            ended: r.ended,
            censored: r.censored,
            ...publishSurvival(r, shown(life, (l) => l.atRisk[i]!, r.atRisk), exact),
            incomplete: cohortNote,
          });
        });
      });
      const tables = [
        headlineTable(headlines, hw, span),
        makeTable(
          'groups',
          `${care ? 'Periods of care' : 'CP plans'} starting ${windowText(window.from, window.to)}, by group`,
          [
            ['group', 'Group', 'text'],
            ['spells', care ? 'Periods started' : 'Plans started', 'count'],
            ['ended', 'Ended by the data\'s last day', 'count'],
            ['open', 'Still open then', 'count'],
            // built on the spells begun and those that ended (the default basis: every count of the row)
            // built on the spells that ended (one basis count: not read as a ratio of two)
            // the median and the share at a year as a viewer sees them, published above (survival.ts)
            ['median', 'Median days (Kaplan–Meier)', 'number', { basis: ['ended'], published: true }],
            ['still_in_1y', `Still ${what} after a year`, 'rate', { basis: ['ended'], published: true }],
            ['incomplete', 'Incomplete?', 'text'],
          ],
          groupRows,
        ),
        makeTable(
          'life-table',
          `Share still ${what}, by days since the start (Kaplan–Meier, 95% Greenwood band); stays still running on ${formatDay(span.last)} count until then`,
          [
            ['group', 'Group', 'text'],
            ['from', 'From day', 'id'],
            ['to', 'To day', 'id'],
            ['at_risk', `Still ${what} at the start`, 'count'],
            ['ended', 'Ended in the interval', 'count'],
            ['censored', 'Still open at the data\'s end', 'count'],
            ['survival', `Still ${what} at the end`, 'rate', { basis: ['at_risk', 'ended'], published: true }],
            ['lower', '95% CI lower', 'rate', { basis: ['at_risk', 'ended'], published: true }],
            ['upper', '95% CI upper', 'rate', { basis: ['at_risk', 'ended'], published: true }],
            ['incomplete', 'Incomplete?', 'text'],
          ],
          lifeRows,
        ),
      ];
      if (published) controlCounts(tables, published, result.groups, everyoneOfWindow, hw.from === window.from && hw.to === window.to);
      return {
        tables,
        assemble: (published): TimeInCareView => ({
          dataset: name,
          window: { from: formatDay(window.from), to: formatDay(window.to) },
          cohort: q.cohort?.key ?? '',
          cohortNote,
          kind: q.kind,
          groupBy: q.by ?? null,
          censoredAt: formatDay(result.censorDay),
          headlines: published.rows('headlines'),
          groups: published.rows('groups'),
          lifeTable: published.rows('life-table'),
        }),
      };
    });
  });
};

/** Whether anyone was still followed (in the step, data not ended) a year after starting: else a share at a year is not known. */
function followedForAYear(table: ReadonlyArray<{ from: number; atRisk: number }>): boolean {
  return table.some((r) => r.from >= 365 && r.atRisk > 0);
}

const departures = (g: { table: ReadonlyArray<{ ended: number; censored: number }> }): Departures => ({ ended: g.table.map((r) => r.ended), censored: g.table.map((r) => r.censored) });

/**
 * For a viewer: the life table's counts, the groups' totals and the headlines' counts of the same starts
 * rounded together (core/disclosure/controlled.ts), so each is the same number wherever it is shown and
 * every sum between them (down a group's rows, a group's totals, the groups of a breakdown adding up to
 * everyone) holds of the published numbers: none can be solved back. A breakdown that cannot be rounded
 * so is withheld (its counts [c]).
 */
/** A viewer's life table counts for each group, rounded together (a breakdown adding up to everyone's); null for a group withheld. */
function publishLife(groups: readonly SurvivalGroup[], everyone: SurvivalGroup | null): Array<PublishedLife | null> {
  return everyone ? (roundBreakdown(groups.map(departures), departures(everyone)) ?? groups.map(() => null)) : groups.map((g) => roundLifeTable(departures(g)));
}

function controlCounts(tables: ViewTable[], published: ReadonlyArray<PublishedLife | null>, groups: readonly SurvivalGroup[], everyone: SurvivalGroup | null, headlineIsWindow: boolean): void {
  const [headlines, groupTable, life] = tables as [ViewTable, ViewTable, ViewTable];
  const withheld = { at_risk: SUPPRESSED, ended: SUPPRESSED, censored: SUPPRESSED, spells: SUPPRESSED, open: SUPPRESSED } as const;
  groupTable.controlled = { figuresFrom: KM_MIN_AT_RISK, rows: published.map((p) => (p ? { spells: p.spells, ended: p.endedTotal, open: p.open } : withheld)) };
  life.controlled = { rows: published.flatMap((p, g) => groups[g]!.table.map((_, i) => (p ? { at_risk: p.atRisk[i]!, ended: p.ended[i]!, censored: p.censored[i]! } : withheld))) };
  for (const t of [groupTable, life]) for (const c of t.columns) if (c.kind === 'count') c.label += CONTROLLED_LABEL;
  // everyone's figures of the headline window, when it is the window of the tables
  const all = everyone ? roundLifeTable(departures(everyone)) : published[0];
  if (headlineIsWindow && all) headlines.controlled = { rows: [{ k: all.spells }, { k: all.endedTotal, n: all.spells }, { n: all.spells }] };
}
