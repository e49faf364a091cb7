// What every view reads, computed once per dataset version: the table, the child attributes, the
// metrics pairings, each event's rate indicators, the cohort anchors and the journey steps on a map.
import type { ChildAttributes } from '../children.js';
import type { EventTable } from '../event-table.js';
import type { MapDefinition } from '../map-schema.js';
import { prepareMetrics, type PreparedMetrics } from '../metrics.js';
import { buildWhereabouts, type Whereabouts } from '../whereabouts.js';
import { cohortAnchors, cohortRowMask, type CohortAnchors, type CohortFilter } from './cohort.js';
import { buildJourneySteps, type JourneySteps } from './journey-steps.js';
import { rateIndicators, type RateIndicators } from './rate-indicators.js';

export interface AnalysisContext {
  readonly table: EventTable;
  readonly children: ChildAttributes;
  readonly prepared: PreparedMetrics;
  readonly indicators: RateIndicators;
  readonly anchors: CohortAnchors;
  /** first and last event day of the dataset (0, -1 when empty) */
  readonly firstDay: number;
  readonly lastDay: number;
  /** journey steps on a map, built on first use per map id */
  steps(map: MapDefinition): JourneySteps;
  /** who waits where on a map (core/whereabouts.ts), built on first use per map id */
  whereabouts(map: MapDefinition): Whereabouts;
  /** the row mask of a cohort (null = everyone), kept per canonical filter text */
  mask(filter: CohortFilter, key: string): Uint8Array | null;
}

export function createAnalysisContext(table: EventTable, children: ChildAttributes): AnalysisContext {
  const prepared = prepareMetrics(table);
  const anchors = cohortAnchors(table);
  const stepsByMap = new Map<string, JourneySteps>();
  const whereaboutsByMap = new Map<string, Whereabouts>();
  const masks = new Map<string, Uint8Array | null>();
  let firstDay = 0;
  let lastDay = -1;
  if (table.length > 0) {
    firstDay = 0x7fffffff;
    lastDay = -0x80000000;
    for (let i = 0; i < table.length; i++) {
      const d = table.day[i]!;
      if (d < firstDay) firstDay = d;
      if (d > lastDay) lastDay = d;
    }
  }
  return {
    table,
    children,
    prepared,
    indicators: rateIndicators(prepared),
    anchors,
    firstDay,
    lastDay,
    steps(map) {
      let steps = stepsByMap.get(map.id);
      if (!steps) stepsByMap.set(map.id, (steps = buildJourneySteps(table, map)));
      return steps;
    },
    whereabouts(map) {
      let where = whereaboutsByMap.get(map.id);
      if (!where) whereaboutsByMap.set(map.id, (where = buildWhereabouts(table, map, { prepared })));
      return where;
    },
    mask(filter, key) {
      if (masks.has(key)) return masks.get(key)!;
      const mask = cohortRowMask(table, children, anchors, filter);
      if (masks.size >= 16) masks.delete(masks.keys().next().value!);
      masks.set(key, mask);
      return mask;
    },
  };
}
