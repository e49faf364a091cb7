// Time in care on the "trips-growth" log (tests/synth/generators/trips.ts, 20% more arrivals a year, return gaps
// ×6), log against copies: why its copies' cla_days_median runs long (README "Synthetic data", issue 10).
// Per log seed and copy seed: care begun while a CP plan is open (periods begun in the window, Kaplan–Meier
// median censored at the data's end; how many ended with the plan still open, and their median), care begun
// without a plan, the next event after care begun on a plan, care entries per year of the window, and the
// median of periods ended in the window (cla_days_median's sample) over all and over those begun before the
// window's last year. Usage: SEEDS=5,2 COPIES=1,6 npx tsx bench/synth-care-plans.ts [children]
import { dayFromCivil } from '../core/dates.js';
import type { EventTable } from '../core/event-table.js';
import { EV, EVENT_TYPES } from '../core/events.js';
import { fittedPeriod } from '../synth/generate.js';
import { fitModel } from '../synth/fit.js';
import { generateDataset } from '../synth/output.js';
import { kmMedian } from '../tests/synth/care-stats.js';
import { tripsLog } from '../tests/synth/generators/trips.js';

const FROM = dayFromCivil(2018, 4, 1);
const TO = dayFromCivil(2025, 3, 31);
const YEARS = 7;
const children = Number(process.argv[2] ?? 50_000);
const medianOf = (xs: number[]): number => (xs.length ? [...xs].sort((a, b) => a - b)[xs.length >> 1]! : NaN);
function care(table: EventTable): string {
  const begun = { plan: [] as Array<[number, boolean]>, none: [] as Array<[number, boolean]> };
  const endedInPlan: number[] = [];
  const next = new Map<string, number>();
  const entries = new Array<number>(YEARS).fill(0);
  const endedBy = Array.from({ length: YEARS }, () => [] as number[]);
  for (let c = 0; c < table.childIds.length; c++) {
    let start = -1;
    let plans = 0;
    let onPlan = false;
    for (let i = table.childStart[c]!; i < table.childStart[c + 1]!; i++) {
      const type = table.type[i]!;
      const day = table.day[i]!;
      if (type === EV.cp_plan_start) plans++;
      else if (type === EV.cp_plan_end && plans > 0) plans--;
      else if (type === EV.cla_start) {
        start = day;
        onPlan = plans > 0;
        if (day >= FROM) entries[Math.min(YEARS - 1, Math.floor((day - FROM) / 365.25))]!++;
        if (onPlan && i + 1 < table.childStart[c + 1]!) {
          const k = EVENT_TYPES[table.type[i + 1]!]!;
          next.set(k, (next.get(k) ?? 0) + 1);
        }
      } else if (type === EV.cla_end && start >= 0) {
        if (start >= FROM) {
          (onPlan ? begun.plan : begun.none).push([day - start, true]);
          if (onPlan && plans > 0) endedInPlan.push(day - start);
          endedBy[Math.min(YEARS - 1, Math.floor((start - FROM) / 365.25))]!.push(day - start);
        }
        start = -1;
      }
    }
    if (start >= FROM) (onPlan ? begun.plan : begun.none).push([TO - start, false]);
  }
  const all = endedBy.flat();
  const early = endedBy.slice(0, YEARS - 1).flat();
  return [
    `begun on a CP plan ${begun.plan.length} (KM median ${kmMedian(begun.plan)}; ended with the plan open ${endedInPlan.length}, median ${medianOf(endedInPlan)})`,
    `without ${begun.none.length} (KM median ${kmMedian(begun.none)})`,
    `next after care begun on a plan: ${[...next].sort().map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `entries by year ${entries.join(' ')}`,
    `ended in the window ${all.length}, median ${medianOf(all)}; begun before the last year ${early.length}, median ${medianOf(early)}`,
  ].join('; ');
}

for (const seed of (process.env.SEEDS ?? '5').split(',').map(Number)) {
  const real = tripsLog({ children, from: FROM, to: TO, seed }, { ids: true, gapScale: 6, growth: 1.2 });
  console.log(`log seed ${seed}: ${care(real.table)}`);
  const model = fitModel(real.table, real.children);
  for (const copy of (process.env.COPIES ?? '1,6').split(',').map(Number)) {
    const synthetic = generateDataset(model, { children: real.table.childIds.length, ...fittedPeriod(model), seed: copy });
    console.log(`  copy seed ${copy}: ${care(synthetic.table)}`);
  }
}
