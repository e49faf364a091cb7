// GET /api/datasets/:name/care-periods: every period of care of the dataset (from its cla_start and
// cla_end events, as the map and the metrics see them) with the care episodes the SSDA903 return or
// Annex A's List 8 gave for it: legal status, placement type, provider, category of need, reason
// ended. Children are named by their index in the dataset (as in the moves), never by identifier.
// Child-level data: protected like the data-quality report (issue 12 adds roles at registration).
import type { FastifyPluginAsync } from 'fastify';
import { carePeriods } from '../../core/care-periods.js';
import { DatasetParamsSchema } from '../../core/api-schemas.js';
import { formatDay } from '../../core/dates.js';
import { outcomeName } from '../../core/events.js';
import type { Store } from '../db/store.js';
import type { StoredCareEpisode } from '../db/quality-store.js';
import { NotFoundError } from '../errors.js';
import type { ZodTypeProvider } from '../zod-provider.js';

/** How many periods the answer holds, for the audit record. */
const PERIODS_HEADER = 'x-care-periods';

export interface CarePeriodsRoutesOptions {
  store: Store;
}

export interface CarePeriodView {
  /** the child's index in the dataset */
  child: number;
  /** the child's periods numbered 1, 2, … by start */
  period: number;
  start: string;
  end: string | null;
  reasonEnded: string | null;
  /** of the period's latest episode (null when the files gave no episode for it) */
  legalStatus: string | null;
  placement: string | null;
  episodes: Omit<StoredCareEpisode, 'child' | 'period'>[];
}

export const carePeriodsRoutes: FastifyPluginAsync<CarePeriodsRoutesOptions> = async (parent, { store }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/datasets/:name/care-periods',
    {
      schema: { params: DatasetParamsSchema },
      // Child-level records (every child's periods of care): audited as a download. The hook runs on the
      // service even when the compute worker worked the answer out (app.ts offloads this route: 111 ms on
      // the event loop for a 40,000-child dataset, audit a12), so the count comes back in a header.
      onResponse: async (request, reply) => {
        if (reply.statusCode !== 200) return;
        const periods = Number(reply.getHeader(PERIODS_HEADER));
        request.audit({ action: 'export', dataset: request.params.name, outcome: 'ok', detail: { what: 'care_periods', periods } });
      },
    },
    async (request, reply) => {
      const { name } = request.params;
      const dataset = store.loadDataset(name);
      const episodes = store.careEpisodes(name);
      if (dataset === null || episodes === null) throw new NotFoundError(`dataset "${name}"`);
      const periods = periodsWithEpisodes(dataset.table, episodes);
      void reply.header(PERIODS_HEADER, String(periods.length));
      return { dataset: name, periods };
    },
  );
};

/** The dataset's periods of care, each with its care episodes: those starting on or after it starts (and not after it ends), in the latest such period. */
export function periodsWithEpisodes(table: Parameters<typeof carePeriods>[0], episodes: readonly StoredCareEpisode[]): CarePeriodView[] {
  const views: CarePeriodView[] = [];
  const byChild = new Map<number, CarePeriodView[]>();
  let number = 0;
  for (const p of carePeriods(table)) {
    const own = byChild.get(p.child) ?? [];
    number = own.length + 1;
    const view: CarePeriodView = {
      child: p.child,
      period: number,
      start: formatDay(p.start),
      end: p.end === null ? null : formatDay(p.end),
      reasonEnded: p.end === null ? null : outcomeName(p.endOutcome),
      legalStatus: null,
      placement: null,
      episodes: [],
    };
    own.push(view);
    byChild.set(p.child, own);
    views.push(view);
  }
  for (const e of episodes) {
    // ISO dates compare as text
    const candidates = (byChild.get(e.child) ?? []).filter((p) => p.start <= e.start);
    const period = candidates[candidates.length - 1];
    if (period === undefined || (period.end !== null && e.start > period.end)) continue;
    const { child: _c, period: _p, ...episode } = e;
    period.episodes.push(episode);
    period.legalStatus = e.legalStatus;
    period.placement = e.placement;
  }
  return views;
}
