// The moves of a dataset on a map, encoded for the wire (core/wire.ts), computed once and kept in the
// `moves_cache` table. A row is fresh while its `map_hash` equals the map file's current hash (editing a
// map recomputes); a replaced or deleted dataset's rows are purged with it. The ETag is a hash of the
// payload bytes, so it is strong and survives restarts.
//
// Served payloads are kept in memory (an LRU bounded by bytes) and shared: a hundred clients
// downloading the same file hold one copy of it, streamed to each in slices. A cold build runs once
// however many ask at once, on the compute worker when the service has one (`build`).
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Statement } from 'better-sqlite3';
import { buildMoves, type MoveColumns } from '../core/journeys.js';
import { decodeMoves, encodeMoves, type MovesHeader } from '../core/wire.js';
import type { Store } from './db/store.js';
import { NotFoundError } from './errors.js';
import { Lru } from './lru.js';
import { datasetCaches } from './dataset-caches.js';
import type { MapsRegistry } from './maps-registry.js';

export interface CachedMoves {
  /** strong ETag, quotes included */
  readonly etag: string;
  /** true when this call computed the moves (nothing fresh was cached) */
  readonly computed: boolean;
  /** the payload bytes; read from the database only when called */
  payload(): Buffer;
}

export interface ServedMoves {
  readonly etag: string;
  readonly computed: boolean;
  /** shared by every request for these moves: never write to it */
  readonly payload: Buffer;
}

export interface MovesCache {
  /** computes here if needed; throws NotFoundError for an unknown dataset or map */
  get(datasetName: string, mapId: string): CachedMoves;
  /** for serving: fresh moves from memory or the database, built once (elsewhere, if `build` was given) */
  serve(datasetName: string, mapId: string): Promise<ServedMoves>;
  /** the decoded columns (views into a private copy of the payload) */
  columns(datasetName: string, mapId: string): { header: MovesHeader; moves: MoveColumns };
}

export interface MovesCacheOptions {
  /**
   * Gets the moves somewhere else (the compute worker), building and storing them there if need be,
   * so that neither the build nor reading the payload happens on this thread; default: here.
   */
  fetch?: (datasetName: string, mapId: string) => Promise<{ etag: string; payload: Buffer }>;
  /** bytes of payloads kept in memory; @default 256 MiB */
  memoryBytes?: number;
}

interface CacheRow {
  map_hash: string;
  etag: string;
}

/**
 * The payload as a stream of slices of the one shared buffer (no copy per client), one slice per turn of
 * the event loop: on loopback or a fast network the kernel takes megabytes per write, so slices pulled
 * synchronously let 100 concurrent downloads write some 300 MB in one turn and stall every other request
 * for 0.2-0.5 s (audit a12b finding 4; `npx tsx bench/download-stall.ts`).
 */
export function streamPayload(payload: Buffer, sliceBytes = 64 * 1024): Readable {
  let at = 0;
  return new Readable({
    highWaterMark: sliceBytes,
    read() {
      setImmediate(() => {
        if (at >= payload.length) {
          this.push(null);
          return;
        }
        const slice = payload.subarray(at, at + sliceBytes);
        at += slice.length;
        this.push(slice);
      });
    },
  });
}

export function createMovesCache(store: Store, maps: MapsRegistry, options: MovesCacheOptions = {}): MovesCache {
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
  const inMemory = new Lru<string, Buffer>(64, { maxWeight: options.memoryBytes ?? 256 * 1024 ** 2, weigh: (b) => b.length });
  const building = new Map<string, Promise<{ etag: string; payload: Buffer }>>();
  // kept payloads are keyed by dataset id: the name each id had, to drop them when it changes
  const nameOfId = new Map<number, string>();
  datasetCaches(store).add('moves', inMemory, (key) => nameOfId.get(Number(key.split('\u0000', 1)[0])));
  store.onChange((name) => { for (const [id, n] of nameOfId) if (n === name && !inMemory.keys().some((k) => k.startsWith(`${id}\u0000`))) nameOfId.delete(id); });

  function lookup(datasetName: string, mapId: string) {
    const registered = maps.get(mapId);
    if (!registered) throw new NotFoundError(`map "${mapId}"`);
    const datasetId = store.datasetId(datasetName);
    if (datasetId === null) throw new NotFoundError(`dataset "${datasetName}"`);
    const row = selectEtag.get(datasetId, mapId);
    return { registered, datasetId, fresh: row && row.map_hash === registered.hash ? row : null };
  }

  function readPayload(datasetId: number, mapId: string): Buffer {
    const stored = selectPayload.get(datasetId, mapId);
    if (!stored) throw new Error(`moves_cache row for dataset ${datasetId} map ${mapId} vanished`);
    return stored.payload;
  }

  function get(datasetName: string, mapId: string): CachedMoves {
    const { registered, datasetId, fresh } = lookup(datasetName, mapId);
    if (fresh) return { etag: fresh.etag, computed: false, payload: () => readPayload(datasetId, mapId) };

    const loaded = store.loadDataset(datasetName);
    if (!loaded) throw new NotFoundError(`dataset "${datasetName}"`);
    const moves = buildMoves(loaded.table, loaded.children, registered.map);
    const encoded = encodeMoves(moves, mapId, registered.tracks.stationIds);
    const payload = Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
    const etag = `"${createHash('sha256').update(payload).digest('base64url').slice(0, 32)}"`;
    upsert.run(loaded.id, mapId, registered.hash, etag, payload);
    return { etag, computed: true, payload: () => payload };
  }

  const fetchElsewhere = options.fetch;
  const fetchHere = (datasetName: string, mapId: string) => {
    const cached = get(datasetName, mapId);
    return Promise.resolve({ etag: cached.etag, payload: cached.payload() });
  };

  async function serve(datasetName: string, mapId: string): Promise<ServedMoves> {
    const { datasetId, fresh } = lookup(datasetName, mapId);
    if (fresh) {
      const kept = inMemory.get(`${datasetId}\u0000${mapId}\u0000${fresh.etag}`);
      if (kept !== undefined) return { etag: fresh.etag, computed: false, payload: kept };
    }
    // Built (or read) once however many ask at once.
    const key = `${datasetId}\u0000${mapId}`;
    let pending = building.get(key);
    if (pending === undefined) {
      pending = (fetchElsewhere ?? fetchHere)(datasetName, mapId).finally(() => building.delete(key));
      building.set(key, pending);
    }
    const { etag, payload } = await pending;
    nameOfId.set(datasetId, datasetName);
    inMemory.set(`${datasetId}\u0000${mapId}\u0000${etag}`, payload);
    return { etag, computed: !fresh, payload };
  }

  return {
    get,
    serve,
    columns(datasetName, mapId) {
      const bytes = get(datasetName, mapId).payload();
      // decodeMoves returns views; give it an ArrayBuffer of its own, 4-byte aligned from 0.
      const copy = new Uint8Array(bytes.byteLength);
      copy.set(bytes);
      return decodeMoves(copy.buffer);
    },
  };
}
