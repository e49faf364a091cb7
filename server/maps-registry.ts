// The maps the service offers, read from `maps/*.json` once at boot. Each file is validated (a bad map
// fails the boot, naming the file) and its tracks are computed once; requests only read the results.
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseMapDefinition, type MapDefinition } from '../core/map-schema.js';
import { computeTracks, type TrackSet } from '../core/tracks.js';
import type { MapSummary } from '../core/api-schemas.js';
import { MOVES_FORMAT_VERSION } from '../core/wire.js';

export interface RegisteredMap {
  readonly map: MapDefinition;
  readonly tracks: TrackSet;
  /** sha256 of the file's bytes and the moves format: moves computed from another version of either are stale */
  readonly hash: string;
  readonly file: string;
  /** the JSON body of GET /api/maps/:id, serialised once */
  readonly detailJson: string;
}

export interface MapsRegistry {
  list(): MapSummary[];
  get(id: string): RegisteredMap | null;
}

export async function loadMapsRegistry(dir: string): Promise<MapsRegistry> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  } catch (error) {
    throw new Error(`cannot read the maps folder ${dir}: ${(error as Error).message}`);
  }
  const byId = new Map<string, RegisteredMap>();
  for (const name of files) {
    const file = join(dir, name);
    const bytes = await readFile(file);
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      throw new Error(`map ${file}: not valid JSON: ${(error as Error).message}`);
    }
    const map = parseMapDefinition(json, file);
    const previous = byId.get(map.id);
    if (previous) throw new Error(`map ${file}: id "${map.id}" is already used by ${basename(previous.file)}`);
    const tracks = computeTracks(map);
    const hash = createHash('sha256').update(bytes).update(`moves v${MOVES_FORMAT_VERSION}`).digest('hex');
    const detailJson = JSON.stringify({
      map,
      tracks: {
        stationIds: tracks.stationIds,
        points: Array.from(tracks.points),
        offsets: Array.from(tracks.offsets),
        lengths: Array.from(tracks.lengths),
      },
    });
    byId.set(map.id, { map, tracks, hash, file, detailJson });
  }
  const summaries: MapSummary[] = [...byId.values()].map(({ map }) => ({
    id: map.id,
    name: map.name,
    ...(map.description !== undefined ? { description: map.description } : {}),
    stations: map.stations.length,
  }));
  return {
    list: () => summaries.map((s) => ({ ...s })),
    get: (id) => byId.get(id) ?? null,
  };
}
