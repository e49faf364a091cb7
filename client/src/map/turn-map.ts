// A landscape map on a portrait screen (a phone held upright) is drawn turned a quarter clockwise:
// the journey then runs top to bottom and the whole map is drawn larger than it would be fitted to the
// phone's width (front-door at 390×844: 0.53 pixels per design unit, drawn 318×592 px, instead of 0.31
// and 351×188 px).
// The turn is of the map's coordinates, not of the picture, so the station names stay horizontal and
// everything placed in design units (tracks, queues, labels, station buttons) follows unchanged.
import type { MapDefinition } from '../../../core/map-schema.js';
import type { TrackGeometry } from '../../../core/tracks.js';

/** Turning pays only when it draws the map this much larger than fitting it as it is. */
const WORTH_TURNING = 1.2;

/** Whether a map of width × height fits a screen much larger turned a quarter. */
export function shouldTurn(map: { width: number; height: number }, screen: { width: number; height: number }): boolean {
  if (screen.width <= 0 || screen.height <= 0) return false;
  const asIs = Math.min(screen.width / map.width, screen.height / map.height);
  const turned = Math.min(screen.width / map.height, screen.height / map.width);
  return turned > asIs * WORTH_TURNING;
}

/** (x, y) turned a quarter clockwise in a map `height` tall: the left edge becomes the top. */
const turnPoint = (height: number, x: number, y: number): [number, number] => [height - y, x];

/**
 * The map turned a quarter clockwise. The map file's label placements were drawn for the map as it
 * is, so they are dropped: the label layout places every name round its station.
 */
export function turnMap(map: MapDefinition): MapDefinition {
  const h = map.height;
  return {
    ...map,
    width: map.height,
    height: map.width,
    stations: map.stations.map(({ label: _label, ...station }) => {
      const [x, y] = turnPoint(h, station.x, station.y);
      return { ...station, x, y };
    }),
    lines: map.lines.map((line) => ({ ...line, path: line.path.map((p) => (typeof p === 'string' ? p : turnPoint(h, p[0], p[1]))) })),
  };
}

/** The tracks of `map` (as the server computed them) turned with it. */
export function turnTracks(tracks: TrackGeometry, map: { height: number }): TrackGeometry {
  const points = new Float32Array(tracks.points.length);
  for (let i = 0; i < points.length; i += 2) {
    const [x, y] = turnPoint(map.height, tracks.points[i]!, tracks.points[i + 1]!);
    points[i] = x;
    points[i + 1] = y;
  }
  return { ...tracks, points };
}

/** The map and its tracks as they are drawn on a screen of this size: turned when that pays. */
export function orientForScreen<T extends { map: MapDefinition; tracks: TrackGeometry }>(loaded: T, screen: { width: number; height: number }): T & { turned: boolean } {
  if (!shouldTurn(loaded.map, screen)) return { ...loaded, turned: false };
  return { ...loaded, map: turnMap(loaded.map), tracks: turnTracks(loaded.tracks, loaded.map), turned: true };
}
