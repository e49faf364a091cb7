// Draws a map definition tube-style with Pixi: each segment along the track its dots travel (offset in
// lanes where segments share a corridor, core/tracks.ts) in its line's colour, a tick for each plain
// station, a white ring for each interchange, a boxed mark for each exit, and the station labels.
// Everything is in the map's design coordinates; the viewport scales it to the window.
import { Container, Graphics, Text } from 'pixi.js';
import type { MapDefinition, MapStation } from '../../../core/map-schema.js';
import { computeTracks } from '../../../core/tracks.js';
import { TRACK_STYLE } from './line-key.js';

export const MAP_BACKGROUND = 0xf6f5f0;
export const LINE_WIDTH = TRACK_STYLE.full.width;
/** station names' size in design units (fit-map.ts grows them while the map is drawn small) */
export const LABEL_FONT_SIZE = 17;
const INK = 0x1c1f26;

export interface DrawnMap {
  /** lines and station marks, drawn under the dots */
  base: Container;
  /** station names, drawn over the dots */
  labels: Container;
  /** each station's name, by station index (the badges add the number waiting) */
  labelTexts: Text[];
  /** station index → design position */
  positions: { x: number; y: number }[];
  /** how many tracks are drawn thin and pale (no child travelled them) */
  faintTracks: number;
}

type Point = [number, number];

function pointOf(stations: Map<string, MapStation>, item: string | [number, number]): Point {
  if (typeof item !== 'string') return item;
  const station = stations.get(item);
  if (!station) throw new Error(`map: unknown station "${item}" in a line path`);
  return [station.x, station.y];
}

/** Unit direction of the first line segment touching a station (for its tick), or horizontal. */
function directionAt(map: MapDefinition, byId: Map<string, MapStation>, id: string): Point {
  for (const line of map.lines) {
    const i = line.path.indexOf(id);
    if (i < 0) continue;
    const here = pointOf(byId, id);
    const neighbour = line.path[i + 1] ?? line.path[i - 1];
    if (neighbour === undefined) continue;
    const there = pointOf(byId, neighbour);
    const dx = there[0] - here[0];
    const dy = there[1] - here[1];
    const length = Math.hypot(dx, dy);
    if (length > 0) return [dx / length, dy / length];
  }
  return [1, 0];
}

function lineColourAt(map: MapDefinition, id: string): number {
  const line = map.lines.find((l) => l.path.includes(id));
  return line ? parseInt(line.colour.slice(1), 16) : INK;
}

/** Sizes of the station marks, design units (strokes are centred on their outline). */
const MARK = { ringRadius: 9, exitHalf: 11, stroke: 3.5, tick: 11, tickWidth: 6 };

/** Direction a plain station's tick points (away from its label side, as on the tube map). */
function tickNormal(map: MapDefinition, byId: Map<string, MapStation>, station: MapStation): Point {
  const [dx, dy] = directionAt(map, byId, station.id);
  const side = station.label && station.label.dy < 0 ? 1 : -1;
  return [-dy * side, dx * side];
}

/** The box each station's mark covers as drawn, design units, in the map's station order. */
export function markBoxes(map: MapDefinition): { x0: number; y0: number; x1: number; y1: number }[] {
  const byId = new Map(map.stations.map((s) => [s.id, s]));
  return map.stations.map((station) => {
    const { x, y } = station;
    if (station.kind !== 'station') {
      const r = (station.kind === 'interchange' ? MARK.ringRadius : MARK.exitHalf) + MARK.stroke / 2;
      return { x0: x - r, y0: y - r, x1: x + r, y1: y + r };
    }
    const [nx, ny] = tickNormal(map, byId, station);
    const ends = [[x, y], [x + nx * MARK.tick, y + ny * MARK.tick]];
    const w = MARK.tickWidth / 2;
    const xs = ends.flatMap(([px]) => [px! - Math.abs(ny) * w, px! + Math.abs(ny) * w]);
    const ys = ends.flatMap(([, py]) => [py! - Math.abs(nx) * w, py! + Math.abs(nx) * w]);
    return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
  });
}

/**
 * Draws the map. `travelled(a, b)` says whether some child moved between stations a and b (ids): a track
 * none did is drawn thin and pale under the others (line-key.ts), every one still drawn; absent, all full.
 */
export function drawMap(map: MapDefinition, travelled?: (a: string, b: string) => boolean): DrawnMap {
  const container = new Container({ label: `map ${map.id}` });
  const byId = new Map(map.stations.map((s) => [s.id, s]));

  const lines = new Graphics({ label: 'lines' });
  const segments = computeTracks(map).segmentList;
  const full = segments.map((segment) => travelled?.(map.stations[segment.a]!.id, map.stations[segment.b]!.id) ?? true);
  // The faint first, so a travelled track is never drawn over by one nobody took.
  for (const pass of [false, true]) {
    segments.forEach((segment, i) => {
      if (full[i] !== pass) return;
      const [first, ...rest] = segment.track;
      if (!first) return;
      lines.moveTo(first[0], first[1]);
      for (const p of rest) lines.lineTo(p[0], p[1]);
      const style = pass ? TRACK_STYLE.full : TRACK_STYLE.faint;
      lines.stroke({ width: style.width, color: map.lines[segment.line]!.colour, alpha: style.alpha, cap: 'round', join: 'round' });
    });
  }
  container.addChild(lines);

  const marks = new Graphics({ label: 'stations' });
  for (const station of map.stations) {
    const { x, y } = station;
    if (station.kind === 'interchange') {
      marks.circle(x, y, MARK.ringRadius).fill(0xffffff).stroke({ width: MARK.stroke, color: INK });
    } else if (station.kind === 'exit') {
      const h = MARK.exitHalf;
      marks.roundRect(x - h, y - h, 2 * h, 2 * h, 4).fill(0xffffff).stroke({ width: MARK.stroke, color: INK });
      marks.moveTo(x - 5, y - 5).lineTo(x + 5, y + 5).moveTo(x + 5, y - 5).lineTo(x - 5, y + 5).stroke({ width: 2.5, color: INK });
    } else {
      const [nx, ny] = tickNormal(map, byId, station);
      marks.moveTo(x, y).lineTo(x + nx * MARK.tick, y + ny * MARK.tick).stroke({ width: MARK.tickWidth, color: lineColourAt(map, station.id), cap: 'butt' });
    }
  }
  container.addChild(marks);

  const labels = new Container({ label: 'labels' });
  const labelTexts: Text[] = [];
  for (const station of map.stations) {
    const label = station.label ?? { dx: 0, dy: -18, anchor: 'middle' as const };
    const text = new Text({
      text: station.name,
      style: {
        fontFamily: 'system-ui, Segoe UI, Helvetica, Arial, sans-serif',
        fontSize: LABEL_FONT_SIZE,
        fontWeight: '600',
        fill: INK,
      },
      resolution: 3,
    });
    text.anchor.set(label.anchor === 'start' ? 0 : label.anchor === 'end' ? 1 : 0.5, 0.5);
    text.position.set(station.x + label.dx, station.y + label.dy);
    labels.addChild(text);
    labelTexts.push(text);
  }
  return { base: container, labels, labelTexts, positions: map.stations.map((s) => ({ x: s.x, y: s.y })), faintTracks: full.filter((f) => !f).length };
}
