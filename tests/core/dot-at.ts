// Where a child's dot is at the end of a day, read from the moves: shared by the whereabouts tests.
import { parseDay } from '../../core/dates.js';
import type { EventTable } from '../../core/event-table.js';
import { ENTRY, type MoveColumns } from '../../core/journeys.js';
import type { MapDefinition } from '../../core/map-schema.js';

/** Where a child's dot is at the end of `date`: a station id, 'transit', or null (off the map). */
export function dotAt(map: MapDefinition, moves: MoveColumns, t: EventTable, child: string, date: string): string | null {
  const c = t.childIds.indexOf(child);
  const T = (parseDay(date)! + 1 - moves.originDay) * 86400 - 1;
  let at: string | null = null;
  for (let m = 0; m < moves.count; m++) {
    if (moves.child[m] !== c) continue;
    const [from, to] = [moves.from[m]!, moves.to[m]!];
    if (from !== ENTRY && moves.depart[m]! <= T && T < moves.arrive[m]!) return T < moves.leave[m]! ? map.stations[from]!.id : 'transit';
    if (moves.arrive[m]! <= T) at = from === to || map.stations[to]!.kind === 'exit' ? null : map.stations[to]!.id;
  }
  return at;
}
