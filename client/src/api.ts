// The HTTP API as the map client uses it. Every failure throws an Error naming the request and the
// server's reason, so the page can say what went wrong.
import type { MapDefinition } from '../../core/map-schema.js';
import type { TrackGeometry } from '../../core/tracks.js';
import type { MovesHeader } from '../../core/wire.js';
import { decodeMoves } from '../../core/wire.js';
import { fetchSignedIn } from './session.js';
import type { MoveColumns } from '../../core/journeys.js';
import type { ChildWaitsResponse, Marker, MarkerKind, MapSummary, StationChildrenResponse, StationsResponse } from '../../core/api-schemas.js';

export interface DatasetSummary {
  name: string;
  from: string | null;
  to: string | null;
  /** '[c]' when 1 to 4 and the signed-in role sees no exact counts (a viewer) */
  rows: number | '[c]';
  children: number | '[c]';
}

export interface MapWithTracks {
  map: MapDefinition;
  tracks: TrackGeometry;
}

export type { Marker, MarkerKind, MapSummary };

/** An API answer that was not 2xx: `status` says which (403: the signed-in role may not). */
export class HttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function request(path: string, init?: RequestInit): Promise<Response> {
  const response = await fetchSignedIn(path, init);
  if (!response.ok) {
    let reason = response.statusText;
    try {
      const body = (await response.json()) as { error?: string };
      if (body.error) reason = body.error;
    } catch {
      // not JSON: keep the status text
    }
    throw new HttpError(`${init?.method ?? 'GET'} ${path} failed (${response.status}): ${reason}`, response.status);
  }
  return response;
}

/** GET (or `init`) a JSON answer; throws an Error naming the request and the server's reason. */
export async function json<T>(path: string, init?: RequestInit): Promise<T> {
  return (await (await request(path, init)).json()) as T;
}

const datasetPath = (name: string) => `/api/datasets/${encodeURIComponent(name)}`;

export const listDatasets = () => json<DatasetSummary[]>('/api/datasets');
export const listMaps = () => json<MapSummary[]>('/api/maps');

export async function loadMap(id: string): Promise<MapWithTracks> {
  const body = await json<{ map: MapDefinition; tracks: { stationIds: string[]; points: number[]; offsets: number[]; lengths: number[] } }>(
    `/api/maps/${encodeURIComponent(id)}`,
  );
  const { stationIds, points, offsets, lengths } = body.tracks;
  return {
    map: body.map,
    tracks: { stationIds, points: Float32Array.from(points), offsets: Uint32Array.from(offsets), lengths: Float32Array.from(lengths) },
  };
}

/** The binary moves of a dataset on a map, decoded as typed-array views (no copy). */
export async function loadMoves(dataset: string, mapId: string): Promise<{ header: MovesHeader; moves: MoveColumns; bytes: number }> {
  const response = await request(`${datasetPath(dataset)}/moves?map=${encodeURIComponent(mapId)}`);
  const buffer = await response.arrayBuffer();
  return { ...decodeMoves(buffer), bytes: buffer.byteLength };
}

/** Each station's waiting children at the end of `at` (YYYY-MM-DD), for a cohort ('' = everyone). */
export function fetchStations(dataset: string, mapId: string, at: string, cohort: string): Promise<StationsResponse> {
  const query = new URLSearchParams({ map: mapId, at });
  if (cohort) query.set('cohort', cohort);
  return json<StationsResponse>(`${datasetPath(dataset)}/stations?${query}`);
}

/** The children a station's number counts at the end of `at` (an analyst's: child-level, by index). */
export function fetchStationChildren(dataset: string, mapId: string, station: string, at: string, cohort: string): Promise<StationChildrenResponse> {
  const query = new URLSearchParams({ map: mapId, at });
  if (cohort) query.set('cohort', cohort);
  return json<StationChildrenResponse>(`${datasetPath(dataset)}/stations/${encodeURIComponent(station)}/children?${query}`);
}

/** One child's (by index) steps begun by the end of `at`: begun, ended or open, days (an analyst's). */
export function fetchChildWaits(dataset: string, mapId: string, child: number, at: string): Promise<ChildWaitsResponse> {
  return json<ChildWaitsResponse>(`${datasetPath(dataset)}/children/${child}/waits?${new URLSearchParams({ map: mapId, at })}`);
}

export const listMarkers = (dataset: string) => json<Marker[]>(`${datasetPath(dataset)}/markers`);

export const addMarker = (dataset: string, marker: { date: string; label: string; kind: MarkerKind }) =>
  json<Marker>(`${datasetPath(dataset)}/markers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(marker),
  });

export async function deleteMarker(dataset: string, id: number): Promise<void> {
  await request(`${datasetPath(dataset)}/markers/${id}`, { method: 'DELETE' });
}
