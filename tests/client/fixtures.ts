// Hand-built move columns and the shipped front-door map, for the client's pure modules.
import { readFileSync } from 'node:fs';
import { ENTRY, type MoveColumns } from '../../core/journeys.js';
import { parseMapDefinition, type MapDefinition } from '../../core/map-schema.js';

export interface MoveRow {
  child: number;
  from: number | 'entry';
  to: number;
  depart: number;
  /** end of the wait at `from` (default: arrive) */
  leave?: number;
  arrive: number;
  episode?: number;
  cohort?: number;
}

/** Columns from rows given in departure order. */
export function moveColumns(rows: readonly MoveRow[], originDay = 19000): MoveColumns {
  return {
    count: rows.length,
    originDay,
    child: Uint32Array.from(rows, (r) => r.child),
    episode: Uint8Array.from(rows, (r) => r.episode ?? 1),
    from: Uint8Array.from(rows, (r) => (r.from === 'entry' ? ENTRY : r.from)),
    to: Uint8Array.from(rows, (r) => r.to),
    depart: Uint32Array.from(rows, (r) => r.depart),
    leave: Uint32Array.from(rows, (r) => r.leave ?? r.arrive),
    arrive: Uint32Array.from(rows, (r) => r.arrive),
    cohort: Uint16Array.from(rows, (r) => r.cohort ?? 0),
  };
}

export function frontDoorMap(): MapDefinition {
  const path = new URL('../../maps/front-door.json', import.meta.url);
  return parseMapDefinition(JSON.parse(readFileSync(path, 'utf8')), 'maps/front-door.json');
}
