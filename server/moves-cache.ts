// The moves of a dataset on a map, encoded for the wire (core/wire.ts), computed once and kept in the
// `moves_cache` table. A row is fresh while its `map_hash` equals the map file's current hash (editing a
// map recomputes); replacing or deleting a dataset empties its rows (the store does that). The ETag is
// a hash of the payload bytes, so it is strong and survives restarts.
import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import { buildMoves, type MoveColumns } from '../core/journeys.js';
import { decodeMoves, encodeMoves, type MovesHeader } from '../core/wire.js';
import type { Store } from './db/store.js';
import { NotFoundError } from './errors.js';
import type { MapsRegistry } from './maps-registry.js';

export interface CachedMoves {
  /** strong ETag, quotes included */
  readonly etag: string;
  /** true when this call computed the moves (nothing fresh was cached) */
  readonly computed: boolean;
  /** the payload bytes; read from the database only when called */
  payload(): Buffer;
}

export interface MovesCache {
  /** throws NotFoundError for an unknown dataset or map */
  get(datasetName: string, mapId: string): CachedMoves;
  /** the decoded columns (views into a private copy of the payload) */
  columns(datasetName: string, mapId: string): { header: MovesHeader; moves: MoveColumns };
}

interface CacheRow {
  map_hash: string;
  etag: string;
}

export function createMovesCache(store: Store, maps: MapsRegistry): MovesCache {
  const selectEtag: Statement<[number, string], CacheRow> = store.db.prepare(
    'SELECT map_hash, etag FROM moves_cache WHERE dataset_id = ? AND map_id = ?',
  );
  const selectPayload: Statement<[number, string], { payload: Buffer }> = store.db.prepare(
    'SELECT payload FROM moves_cache WHERE dataset_id = ? AND map_id = ?',
  );
  const upsert = store.db.prepare<[number, string, string, string, Buffer]>(
    `INSERT INTO moves_cache (dataset_id, map_id, map_hash, etag, payload) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (dataset_id, map_id) DO UPDATE SET map_hash = excluded.map_hash, etag = excluded.etag, payload = excluded.payload`,
  );

  function get(datasetName: string, mapId: string): CachedMoves {
    const registered = maps.get(mapId);
    if (!registered) throw new NotFoundError(`map "${mapId}"`);
    const datasetId = store.datasetId(datasetName);
    if (datasetId === null) throw new NotFoundError(`dataset "${datasetName}"`);

    const row = selectEtag.get(datasetId, mapId);
    if (row && row.map_hash === registered.hash) {
      return {
        etag: row.etag,
        computed: false,
        payload: () => {
          const stored = selectPayload.get(datasetId, mapId);
          if (!stored) throw new Error(`moves_cache row for dataset ${datasetId} map ${mapId} vanished`);
          return stored.payload;
        },
      };
    }

    const loaded = store.loadDataset(datasetName);
    if (!loaded) throw new NotFoundError(`dataset "${datasetName}"`);
    const moves = buildMoves(loaded.table, loaded.children, registered.map);
    const encoded = encodeMoves(moves, mapId, registered.tracks.stationIds);
    const payload = Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
    const etag = `"${createHash('sha256').update(payload).digest('base64url').slice(0, 32)}"`;
    upsert.run(loaded.id, mapId, registered.hash, etag, payload);
    return { etag, computed: true, payload: () => payload };
  }

  return {
    get,
    columns(datasetName, mapId) {
      const bytes = get(datasetName, mapId).payload();
      // decodeMoves returns views; give it an ArrayBuffer of its own, 4-byte aligned from 0.
      const copy = new Uint8Array(bytes.byteLength);
      copy.set(bytes);
      return decodeMoves(copy.buffer);
    },
  };
}
