// The words for periods counted open though an end of their kind was recorded under another episode
// (whereabouts.ts unpairedOpenAt): the map's station (stations endpoint `unpairedNote`) and the forecast's
// warning say the same numbers from the same count.
import { longDate } from './analysis/date-text.js';
import { EV } from './events.js';
import { periodStations } from './forecast/fit.js';
import type { MapDefinition } from './map-schema.js';

/** Plural names of the periods each paired start opens. */
const PERIODS: Record<number, string> = {
  [EV.assessment_start]: 'assessments',
  [EV.cp_plan_start]: 'CP plans',
  [EV.cla_start]: 'periods of care',
  [EV.cin_plan_start]: 'CIN plans',
  [EV.early_help_start]: 'early help periods',
};

/** "CP plans" for a period station opened by `startType`; `fallback` (e.g. "open steps at X") otherwise. */
export function periodsNoun(startType: number, fallback: string): string {
  return PERIODS[startType] ?? fallback;
}

/**
 * What the periods of each period station of the map (forecast/fit.ts periodStations) are called in the
 * station's sentence: the map's stations endpoint and the flow view's work in progress read the one map.
 */
export function stationPeriodNouns(map: MapDefinition): Map<string, string> {
  return new Map(periodStations(map).map((p) => [p.id, periodsNoun(p.startType, 'periods')]));
}

const WHY = "episode ids given on some of a child's rows and not others";

/**
 * The station's sentence when some of its open periods have an end recorded under another episode, or null
 * (none): `n` of the `open` it counts at the end of `day`.
 */
export function unpairedStationText(n: number | '[c]', open: number | '[c]', noun: string, day: number): string | null {
  if (n === 0) return null;
  return `${n} of the ${open} ${noun} open on ${longDate(day)} have an end recorded under another episode (${WHY}): counted open, as the events spec links them and the metrics pair them, but probably ended.`;
}

/**
 * The forecast's warning when its start stock holds such periods, or null: `n` of the `start` it starts from
 * (the stations' count on asOf less those past the horizon).
 */
export function unpairedForecastText(n: number, start: number, noun: string, asOf: number): string | null {
  if (n === 0) return null;
  return (
    `${n} of the ${start} ${noun} open on ${longDate(asOf)} have an end recorded under another episode (${WHY}); ` +
    `they are counted open as the events spec links them, so the forecast starts from them: the stock may be overstated by up to ${n}.`
  );
}
