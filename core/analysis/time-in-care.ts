// Time in care and time on a CP plan as survival curves: from each start dated in the window to its
// paired end (metrics.md pairing), or censored at the dataset's last day when it has not ended, by
// cohort group. Kaplan–Meier with Greenwood 95% bands and numbers at risk.
import type { ChildAttributes } from '../children.js';
import { EV } from '../events.js';
import type { MetricsWindow, PreparedMetrics } from '../metrics.js';
import { COHORT_VALUES, cohortValueOf, type CohortAnchors, type CohortDimension } from './cohort.js';
import { kaplanMeier, numbersAtRisk, type KaplanMeierCurve } from './kaplan-meier.js';

export const SPELL_KINDS = ['cla', 'cp_plan'] as const;
export type SpellKind = (typeof SPELL_KINDS)[number];

export const AT_RISK_DAYS = [0, 91, 182, 365, 730, 1095, 1461];

export interface SurvivalGroup {
  /** the group's value ('all' when not grouped; '(blank)' for not recorded) */
  group: string;
  curve: KaplanMeierCurve;
  atRisk: Array<{ day: number; n: number }>;
}

export interface TimeInCare {
  kind: SpellKind;
  censorDay: number;
  groupBy: CohortDimension | null;
  groups: SurvivalGroup[];
}

export function timeToEnd(
  prepared: PreparedMetrics, kind: SpellKind, window: MetricsWindow, censorDay: number,
  options: { include?: Uint8Array | null; groupBy?: CohortDimension | null; children?: ChildAttributes; anchors?: CohortAnchors } = {},
): TimeInCare {
  const { include = null, groupBy = null } = options;
  if (groupBy && (!options.children || !options.anchors)) throw new Error('timeToEnd: grouping needs children and anchors');
  const { table, firstPairedEndDay } = prepared;
  const startType = kind === 'cla' ? EV.cla_start : EV.cp_plan_start;
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
    .map((value, g) => ({
      group: value === '' ? '(blank)' : value,
      curve: kaplanMeier(times[g]!, events[g]!),
      atRisk: numbersAtRisk(times[g]!, AT_RISK_DAYS).map((n, k) => ({ day: AT_RISK_DAYS[k]!, n })),
    }))
    .filter((group) => group.curve.n > 0);
  return { kind, censorDay, groupBy, groups };
}
