// Time in care and time on a CP plan as survival curves: from each start dated in the window to its
// paired end (metrics.md pairing), or censored at the dataset's last day when it has not ended, by
// cohort group. Kaplan–Meier with Greenwood 95% bands, read on a grid of days as a life table (the
// numbers at risk, ended and still open in each interval, and the share still in at its end).
import type { ChildAttributes } from '../children.js';
import { EV } from '../events.js';
import type { MetricsWindow, PreparedMetrics } from '../metrics.js';
import { COHORT_VALUES, cohortValueOf, type CohortAnchors, type CohortDimension } from './cohort.js';
import { kaplanMeier, KM_MIN_AT_RISK, lifeTable, survivalQuantile, type KaplanMeierCurve, type LifeTableRow } from './kaplan-meier.js';

export const SPELL_KINDS = ['cla', 'cp_plan'] as const;
export type SpellKind = (typeof SPELL_KINDS)[number];
/** Every paired stay whose length a view gives a median of: the spells, and assessments (start to end). */
export type StayKind = SpellKind | 'assessment';
const START_TYPE: Record<StayKind, number> = { cla: EV.cla_start, cp_plan: EV.cp_plan_start, assessment: EV.assessment_start };

/** Monthly for the first year, quarterly to four years, then yearly to six. */
export const LIFE_TABLE_DAYS = [0, 30, 61, 91, 122, 152, 183, 213, 243, 274, 304, 335, 365, 456, 548, 639, 730, 821, 913, 1004, 1095, 1186, 1278, 1369, 1461, 1826, 2191];

export interface SurvivalGroup {
  /** the group's value ('all' when not grouped; '(blank)' for not recorded) */
  group: string;
  curve: KaplanMeierCurve;
  table: LifeTableRow[];
}

export interface TimeInCare {
  kind: StayKind;
  censorDay: number;
  groupBy: CohortDimension | null;
  groups: SurvivalGroup[];
}

export function timeToEnd(
  prepared: PreparedMetrics, kind: StayKind, window: MetricsWindow, censorDay: number,
  options: { include?: Uint8Array | null; groupBy?: CohortDimension | null; children?: ChildAttributes; anchors?: CohortAnchors } = {},
): TimeInCare {
  const { include = null, groupBy = null } = options;
  if (groupBy && (!options.children || !options.anchors)) throw new Error('timeToEnd: grouping needs children and anchors');
  const { table, firstPairedEndDay } = prepared;
  const startType = START_TYPE[kind];
  const values = groupBy ? COHORT_VALUES[groupBy] : ['all'];
  const times: number[][] = values.map(() => []);
  const events: boolean[][] = values.map(() => []);
  for (let i = 0; i < table.length; i++) {
    if (table.type[i] !== startType) continue;
    const d = table.day[i]!;
    if (d < window.from || d > window.to || (include && include[i] === 0)) continue;
    const g = groupBy ? cohortValueOf(groupBy, i, table, options.children!, options.anchors!) : 0;
    const end = firstPairedEndDay[i]!;
    const ended = end <= censorDay;
    times[g]!.push((ended ? end : Math.max(censorDay, d)) - d);
    events[g]!.push(ended);
  }
  const groups = values
    .map((value, g) => {
      const curve = kaplanMeier(times[g]!, events[g]!);
      // cut where fewer than KM_MIN_AT_RISK are still followed: the median (headline and groups table
      // alike) and the life table's survival are read only before the cut
      const cut = { ...curve, median: survivalQuantile(curve, 0.5) };
      return { group: value === '' ? '(blank)' : value, curve: cut, table: lifeTable(times[g]!, events[g]!, LIFE_TABLE_DAYS, curve, KM_MIN_AT_RISK) };
    })
    .filter((group) => group.curve.n > 0);
  return { kind, censorDay, groupBy, groups };
}
