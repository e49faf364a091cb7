// The SVG baseline (`/svg-baseline.html?n=N&map=ID`): what the map would cost drawn the classic way —
// N <circle>s following the same map tracks, each frame's positions computed in JavaScript and written
// by d3. After 5 s it sets `window.journeyMapBench` with the same figures as the WebGL benchmark mode.
import { select } from 'd3';
import { loadMap } from '../api.js';
import { packTracks, pointAlong } from '../dots/track-texture.js';
import { measureFrames } from './frame-timer.js';

async function run(): Promise<void> {
  const params = new URLSearchParams(window.location.search);
  const n = Number(params.get('n') ?? '1000');
  if (!Number.isInteger(n) || n < 1) throw new Error(`svg baseline: n must be a positive integer, got ${params.get('n')}`);
  const { map, tracks } = await loadMap(params.get('map') ?? 'front-door');
  const packed = packTracks(tracks);
  const S = packed.stationCount;
  const svg = select('#svg').attr('viewBox', `0 0 ${map.width} ${map.height}`);
  const byId = new Map(map.stations.map((s) => [s.id, s]));
  for (const line of map.lines) {
    const points = line.path.map((p) => (typeof p === 'string' ? [byId.get(p)!.x, byId.get(p)!.y] : p));
    svg.append('polyline').attr('points', points.join(' ')).attr('fill', 'none').attr('stroke', line.colour).attr('stroke-width', 8);
  }

  // Each dot follows a real (from, to) track, with its own phase and speed (one to three weeks a trip).
  const pairs: number[] = [];
  for (let k = 0; k < S * S; k++) if (Math.floor(k / S) !== k % S && packed.length[k]! > 0) pairs.push(k);
  const pair = new Uint32Array(n);
  const phase = new Float64Array(n);
  const days = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    pair[i] = pairs[i % pairs.length]!;
    phase[i] = (i * 0.6180339887) % 1;
    days[i] = 7 + (i % 15);
  }
  const circles = svg
    .append('g')
    .selectAll('circle')
    .data(Array.from(pair.keys()))
    .join('circle')
    .attr('r', 4.2)
    .attr('fill', '#ffffff')
    .attr('stroke', '#1c1f26')
    .attr('stroke-width', 1);

  const ys = new Float64Array(n);
  const figures = await measureFrames((elapsedMs) => {
    const start = performance.now();
    const day = elapsedMs / 1000;
    circles
      .attr('cx', (i) => {
        const p = pointAlong(packed, pair[i]!, (phase[i]! + day / days[i]!) % 1);
        ys[i] = p.y;
        return p.x.toFixed(1);
      })
      .attr('cy', (i) => ys[i]!.toFixed(1));
    const js = performance.now() - start;
    return { jsMs: js, syncedMs: js };
  });
  (window as unknown as { journeyMapBench: unknown }).journeyMapBench = { renderer: 'svg', dots: n, ...figures };
}

run().catch((error: unknown) => {
  (window as unknown as { journeyMapError: string }).journeyMapError = error instanceof Error ? error.message : String(error);
});
