// The map's period stations: those where a child waits between a paired start and its end (an assessment,
// a CP plan, a period of care). The map's stations endpoint, the flow view and the forecast all count
// periods open at them, so which stations they are is decided here once, from the map's rules.
import { EV } from './events.js';
import type { MapDefinition } from './map-schema.js';
import { PAIRED_EVENTS } from './metrics.js';

export interface MapPeriodStation {
  id: string;
  /** the map's plausibility horizon (staleAfterDays): a period open longer is probably a record never
   * closed, counted apart (pastHorizon) and neither simulated nor in the forecast's stock; null when none */
  horizon: number | null;
  /** the event type code that opens a period here */
  startType: number;
}

/** Stations every rule of which reaching them is the start of a paired period ending there. */
export function periodStations(map: MapDefinition): MapPeriodStation[] {
  const startTypes = new Set(PAIRED_EVENTS.map(([s]) => s));
  const out: MapPeriodStation[] = [];
  for (const station of map.stations) {
    if (station.kind === 'exit') continue;
    let startType = -1;
    let ok = true;
    for (const rule of map.rules) {
      const k = rule.stations.indexOf(station.id);
      if (k < 0) continue;
      const type = EV[rule.event];
      if (!startTypes.has(type) || k !== rule.stations.length - 1 || (startType >= 0 && startType !== type)) ok = false;
      startType = type;
    }
    if (ok && startType >= 0) out.push({ id: station.id, horizon: station.staleAfterDays ?? null, startType });
  }
  return out;
}
