// The map page: loads the chosen dataset's moves and map, builds the GPU buckets once, then each frame
// only advances the clock and sets uniforms. `?bench=N` runs the benchmark instead (bench-mode.ts).
import './csp.js';
import { parseDay } from '../../core/dates.js';
import { HttpError, listDatasets, listMaps, loadMap, loadMoves } from './api.js';
import { measureStationDots, runBenchmark } from './bench/bench-mode.js';
import type { BenchFigures } from './bench/frame-timer.js';
import { allowAll } from './dots/cohort-filter.js';
import { DotPositions } from './dots/dot-positions.js';
import { StationDotsCache, stationDots } from './dots/station-dots.js';
import { BENCH_START, synthesiseInFlight } from './bench/in-flight-moves.js';
import { DotLayer } from './dots/dot-layer.js';
import { bucketMoves } from './dots/move-buckets.js';
import { prepareQueues, spreadQueues } from './dots/queue-slots.js';
import { QueueAreas, queueRoom } from './dots/queue-areas.js';
import { DEFAULT_DOT_STYLE } from './dots/dot-uniforms.js';
import { COLOUR_MODES, COLOUR_SCHEMES, type ColourMode } from './dots/palette.js';
import { packTracks, pairsUsed } from './dots/track-texture.js';
import { ENTRY } from '../../core/journeys.js';
import { drawMap } from './map/draw-map.js';
import { keyWithFaint, lineKey, pairKey, travelledPairs } from './map/line-key.js';
import { createScene } from './map/scene.js';
import { fitMapViewport } from './map/fit-map.js';
import { orientForScreen } from './map/turn-map.js';
import { $, bindMenu, fillPicker, showStatus } from './page-controls.js';
import { startInteractive } from './interactive.js';
import { mayImport, mountSessionControl } from './session.js';
import { keepDatasetInForecastLink, keepStateInViewsLink, showInViewsLink } from './views-link.js';
import { mountImportPanel } from './import/import-panel.js';
import { endOfDay, timelineSpan } from './timeline/clock.js';
import { startStationsOnly } from './stations/stations-only.js';

bindMenu($<HTMLButtonElement>('#menu-toggle'), $('#page-bar'));

async function start(): Promise<void> {
  keepStateInViewsLink(document.querySelector<HTMLAnchorElement>('#views-link'));
  keepDatasetInForecastLink(document.querySelector<HTMLAnchorElement>('#forecast-link'), '#dataset-picker');
  const params = new URLSearchParams(window.location.search);
  const [datasets, maps] = await Promise.all([listDatasets(), listMaps()]);
  if (datasets.length === 0) throw new Error('No dataset is loaded yet. Import an events CSV (POST /api/datasets/NAME) and reload.');
  if (maps.length === 0) throw new Error('The service has no maps (maps/*.json).');
  const datasetName = params.get('dataset') ?? datasets[0]!.name;
  if (!datasets.some((d) => d.name === datasetName)) throw new Error(`Unknown dataset "${datasetName}": choose one of ${datasets.map((d) => d.name).join(', ')}.`);
  showInViewsLink({ dataset: datasetName });
  const mapId = params.get('map') ?? (maps.find((m) => m.id === 'front-door') ?? maps[0]!).id;
  if (!maps.some((m) => m.id === mapId)) throw new Error(`Unknown map "${mapId}": choose one of ${maps.map((m) => m.id).join(', ')}.`);
  fillPicker($<HTMLSelectElement>('#dataset-picker'), datasets.map((d) => ({ value: d.name, label: `${d.name} (${d.children} children)` })), datasetName, 'dataset');
  fillPicker($<HTMLSelectElement>('#map-picker'), maps.map((m) => ({ value: m.id, label: m.name })), mapId, 'map');

  const [served, loaded] = await Promise.all([loadMap(mapId), loadMoves(datasetName, mapId).catch(viewerHasNoMoves)]);
  const { map, tracks, turned } = orientForScreen(served, $('#canvas-host').getBoundingClientRect());
  document.body.classList.toggle('map-turned', turned);
  if (loaded === null) {
    // A viewer may not read the moves (one record per child's step): the map without dots.
    const dataset = datasets.find((d) => d.name === datasetName)!;
    await startStationsOnly({ map, tracks, dataset: datasetName, firstDay: dataset.from, lastDay: dataset.to, date: params.get('date'), cohort: params.get('cohort') });
    showStatus('');
    return;
  }
  const { header } = loaded;
  if (header.stationIds.join() !== tracks.stationIds.join()) {
    throw new Error(`Moves were built for stations [${header.stationIds.join(', ')}] but map "${mapId}" has [${tracks.stationIds.join(', ')}]: reload.`);
  }
  const stationsById = new Map(map.stations.map((s) => [s.id, s]));
  const stations = tracks.stationIds.map((id) => stationsById.get(id)!);
  const isExit = stations.map((s) => s.kind === 'exit');
  // The room each station's queue may take: clear of every track its children do not travel.
  const areas = new QueueAreas(stations, queueRoom(stations, tracks), DEFAULT_DOT_STYLE.queueSpacing);
  const benchDots = params.get('bench');
  const moves = benchDots ? synthesiseInFlight(loaded.moves, Number(benchDots), stations.length) : loaded.moves;
  const packed = packTracks(tracks, pairsUsed(moves.from, moves.to, moves.count, stations.length, ENTRY));
  const queues = prepareQueues(moves, stations.length, isExit);
  // Each queue in its station's room, at one spacing for the whole map (denser everywhere when the
  // biggest queue would not fit at the style's).
  const spacing = spreadQueues(queues, moves, areas, isExit);
  const buckets = bucketMoves(moves, packed, { isExit, queues });

  const scene = await createScene($('#canvas-host'));
  // Tracks no child in the dataset travelled are drawn thin and pale (the map allows them; nobody took them).
  const travelled = travelledPairs(moves.from, moves.to, moves.count, tracks.stationIds, ENTRY);
  const drawn = drawMap(map, benchDots ? undefined : (a, b) => travelled.has(pairKey(a, b)));
  scene.layers.base.addChild(drawn.base);
  scene.layers.labels.addChild(drawn.labels);
  const dots = new DotLayer(packed, buckets, scene.app.renderer.resolution);
  scene.layers.dots.addChild(dots.container);
  const viewport = fitMapViewport(scene, map, drawn, (scale) => dots.setZoom(scale));

  const colourParam = params.get('colour') as ColourMode | null;
  const colour: ColourMode = colourParam && COLOUR_MODES.includes(colourParam) ? colourParam : 'previous';
  dots.setColours(COLOUR_SCHEMES[colour]);

  if (benchDots) {
    scene.app.ticker.stop();
    const figures: BenchFigures = await runBenchmark(scene.app, dots, moves.count);
    const positions = new DotPositions(moves, queues, packed, isExit);
    const kept = new StationDotsCache(positions, stations);
    const at = BENCH_START + 2 * 86400;
    figures.stationDotsMs = measureStationDots(
      () => stationDots(positions.all(at, dots.timing(), allowAll()), stations),
      () => kept.at(at, dots.timing(), allowAll(), 'all'),
    );
    (window as unknown as { journeyMapBench: unknown }).journeyMapBench = figures;
    showStatus('');
    return;
  }

  const listed = datasets.find((d) => d.name === datasetName)!;
  const span = timelineSpan(moves, header.originDay, listed);
  const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const startDate = params.get('date');
  const startDay = startDate ? parseDay(startDate) : null;
  startInteractive({
    scene,
    viewport,
    dots,
    map,
    lineKey: keyWithFaint(lineKey(map), drawn.faintTracks > 0),
    stations,
    labelTexts: drawn.labelTexts,
    moves,
    queues,
    queueAreas: { areas, spacing },
    tracks: packed,
    dataset: datasetName,
    mapId,
    originDay: header.originDay,
    span,
    dataFirst: listed.from === null ? null : parseDay(listed.from),
    initialTime: startDay !== null ? endOfDay(startDay - header.originDay) : null,
    initialCohort: params.get('cohort'),
    colour,
    reducedMotion,
    bytes: loaded.bytes,
  });
  showStatus('');
}

/** null for a 403 on the moves (the signed-in role sees aggregates only); any other failure stands. */
function viewerHasNoMoves(error: unknown): null {
  if (error instanceof HttpError && error.status === 403) return null;
  throw error;
}

start().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  showStatus(message);
  (window as unknown as { journeyMapError: string }).journeyMapError = message;
});

// The import button only for those the server lets import (admins, or anyone with sign-in off): a
// viewer was shown a button that answered 403. Mounted whether or not the map loads, so files can be
// imported even when no dataset exists yet.
void mountSessionControl(document.querySelector('.bar')!).then((session) => {
  if (mayImport(session)) mountImportPanel();
});
