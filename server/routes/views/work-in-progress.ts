// The flow view's work-in-progress table: children waiting at each station at the end of each week.
// Issue 8 owns what "waiting" means (core "who is where"); this file only turns it into a table.
import { stationFlow } from '../../../core/analysis/flow.js';
import type { JourneySteps } from '../../../core/analysis/journey-steps.js';
import { makeTable, type ViewTable } from '../../../core/analysis/view-table.js';
import type { LabelledWindow } from '../../../core/analysis/windows.js';
import type { MetricsWindow } from '../../../core/metrics.js';

export function workInProgressTable(steps: JourneySteps, weeks: readonly LabelledWindow[], window: MetricsWindow, include: Uint8Array | null): ViewTable {
  const flow = stationFlow(steps, weeks, window, include);
  return makeTable(
    'wip',
    'Children waiting at each station at the end of each week',
    [['week', 'Week beginning', 'date'], ...flow.stations.map((s) => [s.station, s.name, 'count'] as const)],
    flow.weeks.map((week, w) => ({ week, ...Object.fromEntries(flow.stations.map((s) => [s.station, s.wip[w]!])) })),
  );
}
