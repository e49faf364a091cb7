// Each child's events as the stations of a map they visit (the map's rules say which), grouped into
// trips: one per referral episode, plus the runs of events in no episode (contacts, early help) that
// come between episodes. The Sankey, the two-point view and the flow view all read these steps.
//
// Trips: an event in no episode joins the episode of the child's next episode event when that is
// dated 0–7 days after it (a contact that converted, as metrics.md counts conversion); otherwise it
// joins the "pre" run before the child's next episode (or after the last one). Trips are numbered by
// episode: episode k of the child is trip (k, main) and the run before it (k, pre); the order
// (k, pre) < (k, main) < (k+1, pre) is the order in time.
import { findRule, type MapDefinition } from '../map-schema.js';
import { EVENT_TYPES, outcomeName } from '../events.js';
import type { EventTable } from '../event-table.js';

export const NO_STATION = 255;

export interface JourneySteps {
  readonly stationIds: readonly string[];
  readonly stationNames: readonly string[];
  /** true for exits (NFA, closed): nobody is in transit from them */
  readonly stationIsExit: readonly boolean[];
  readonly count: number;
  readonly child: Int32Array;
  /** the event row that produced the step */
  readonly row: Int32Array;
  readonly day: Int32Array;
  readonly station: Uint8Array;
  /** episode ordinal k of the child (1 = first episode) */
  readonly ordinal: Int32Array;
  /** 1 = the run of events in no episode before episode k, 0 = episode k itself */
  readonly pre: Uint8Array;
  /** trip number unique across the dataset; steps of a trip are consecutive and in date order */
  readonly trip: Int32Array;
  readonly tripCount: number;
}

const CONVERSION_DAYS = 7;

/** The stations each (event type, outcome code) visits, per the first matching rule of the map. */
function compileRules(map: MapDefinition): (type: number, outcome: number) => readonly number[] {
  const stationIndex = new Map(map.stations.map((s, i) => [s.id, i]));
  const cache = new Map<number, readonly number[]>();
  return (type, outcome) => {
    const key = type * 256 + outcome;
    let stations = cache.get(key);
    if (!stations) {
      const event = EVENT_TYPES[type]!;
      const rule = map.rules[findRule(map.rules, event, outcomeName(outcome))];
      // The map is validated to have a rule for every (event, outcome); guard anyway, loudly.
      if (!rule) throw new Error(`map "${map.id}" has no rule for ${event} with outcome ${outcomeName(outcome) ?? 'blank'}`);
      stations = rule.stations.map((id) => stationIndex.get(id)!);
      cache.set(key, stations);
    }
    return stations;
  };
}

export function buildJourneySteps(table: EventTable, map: MapDefinition): JourneySteps {
  const stationsOf = compileRules(map);
  const child: number[] = [];
  const row: number[] = [];
  const day: number[] = [];
  const station: number[] = [];
  const ordinal: number[] = [];
  const pre: number[] = [];
  const trip: number[] = [];
  let tripCount = 0;

  // Per child: group rows by trip key, order trips by (ordinal, pre first), then emit steps trip by trip.
  const tripRows = new Map<number, number[]>();
  const episodeOrdinal = new Map<number, number>();
  for (let c = 0; c < table.childIds.length; c++) {
    const lo = table.childStart[c]!;
    const hi = table.childStart[c + 1]!;
    tripRows.clear();
    episodeOrdinal.clear();
    for (let i = lo; i < hi; i++) {
      const e = table.episode[i]!;
      if (e >= 0 && !episodeOrdinal.has(e)) episodeOrdinal.set(e, episodeOrdinal.size + 1);
    }
    let nextEpisodeRow = lo; // first row ≥ i with an episode, advanced lazily
    let episodesSeen = 0; // episodes whose first row is before i
    const seen = new Set<number>();
    for (let i = lo; i < hi; i++) {
      const e = table.episode[i]!;
      let key: number;
      if (e >= 0) {
        if (!seen.has(e)) {
          seen.add(e);
          episodesSeen = Math.max(episodesSeen, episodeOrdinal.get(e)!);
        }
        key = episodeOrdinal.get(e)! * 2 + 1; // (k, main)
      } else {
        if (nextEpisodeRow <= i) nextEpisodeRow = i + 1;
        while (nextEpisodeRow < hi && table.episode[nextEpisodeRow]! < 0) nextEpisodeRow++;
        const next = nextEpisodeRow < hi ? table.episode[nextEpisodeRow]! : -1;
        if (next >= 0 && table.day[nextEpisodeRow]! - table.day[i]! <= CONVERSION_DAYS) key = episodeOrdinal.get(next)! * 2 + 1;
        else key = (episodesSeen + 1) * 2; // (k, pre): before episode k = the next one
      }
      let rows = tripRows.get(key);
      if (!rows) tripRows.set(key, (rows = []));
      rows.push(i);
    }
    const keys = [...tripRows.keys()].sort((a, b) => a - b);
    for (const key of keys) {
      const rows = tripRows.get(key)!;
      const t = tripCount++;
      for (const i of rows) {
        for (const s of stationsOf(table.type[i]!, table.outcome[i]!)) {
          child.push(c);
          row.push(i);
          day.push(table.day[i]!);
          station.push(s);
          ordinal.push(key >> 1);
          pre.push(key & 1 ? 0 : 1);
          trip.push(t);
        }
      }
    }
  }
  return {
    stationIds: map.stations.map((s) => s.id),
    stationNames: map.stations.map((s) => s.name),
    stationIsExit: map.stations.map((s) => s.kind === 'exit'),
    count: child.length,
    child: Int32Array.from(child),
    row: Int32Array.from(row),
    day: Int32Array.from(day),
    station: Uint8Array.from(station),
    ordinal: Int32Array.from(ordinal),
    pre: Uint8Array.from(pre),
    trip: Int32Array.from(trip),
    tripCount,
  };
}
