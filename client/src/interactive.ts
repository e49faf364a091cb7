// The interactive map: clock and timeline, station badges/tooltips/table, markers, filters, legend,
// exports, keyboard, and `window.journeyMap` for tests and scripts. Per frame: advance the clock, set
// the dot uniforms, check markers; everything that counts children runs on a 250 ms timer.
import type { MoveColumns } from '../../core/journeys.js';
import type { MapDefinition, MapStation } from '../../core/map-schema.js';
import { parseDay } from '../../core/dates.js';
import type { WebGLRenderer } from 'pixi.js';
import type { DotLayer } from './dots/dot-layer.js';
import type { FilterField } from './dots/cohort-filter.js';
import { COLOUR_MODES, COLOUR_SCHEMES, type ColourMode } from './dots/palette.js';
import { canvasPng, download, recordWebm } from './export/export-media.js';
import type { Scene } from './map/scene.js';
import type { Viewport } from './map/viewport.js';
import { bindKeys, $, showStatus } from './page-controls.js';
import { FilterPanel, fillColourPicker, renderLegend } from './panels/legend-filters.js';
import { StationBadges } from './stations/station-badges.js';
import { StationPanel } from './stations/station-panel.js';
import { indexStations, queuesAt, stationCountsAt } from './stations/station-stats.js';
import { Clock, SPEEDS } from './timeline/clock.js';
import { MarkerController } from './timeline/markers.js';
import { TimelineUI } from './timeline/timeline-ui.js';

const DAY = 86400;

export interface InteractiveOptions {
  scene: Scene;
  viewport: Viewport;
  dots: DotLayer;
  map: MapDefinition;
  /** stations in the moves' index order */
  stations: MapStation[];
  moves: MoveColumns;
  dataset: string;
  mapId: string;
  originDay: number;
  span: { start: number; end: number };
  initialTime: number | null;
  colour: ColourMode;
  reducedMotion: boolean;
  bytes: number;
}

export function startInteractive(o: InteractiveOptions): void {
  const { scene, viewport, dots, stations, moves } = o;
  const { app } = scene;
  const clock = new Clock(o.span.start, o.span.end, { rate: SPEEDS[0]!.rate });
  // Reduced motion starts paused, part-way through, so the still map already shows children.
  clock.seek(o.initialTime ?? (o.reducedMotion ? (o.span.start + o.span.end) / 2 : o.span.start));
  dots.setSpeed(clock.snapshot.rate);
  clock.onChange((state, reason) => {
    if (reason === 'speed') dots.setSpeed(state.rate);
  });

  const timeline = new TimelineUI(clock, o.originDay, {
    play: $<HTMLButtonElement>('#play'),
    speed: $<HTMLSelectElement>('#speed'),
    scrub: $<HTMLInputElement>('#scrub'),
    date: $<HTMLOutputElement>('#current-date'),
    jump: $<HTMLInputElement>('#jump-date'),
    ticks: $('#marker-ticks'),
  });

  const index = indexStations(moves, stations.length);
  const badges = new StationBadges(stations.map((s) => ({ x: s.x, y: s.y })));
  scene.layers.badges.addChild(badges.graphics);
  const table = $('#station-table');
  const panel = new StationPanel(stations, index, { buttons: $('#station-buttons'), tooltip: $('#tooltip'), table }, () => clock.time, (t) => timeline.dateOf(t));
  const place = () => panel.place((x, y) => viewport.toScreen(x, y));
  viewport.onChange(place);
  place();

  const markers = new MarkerController(
    o.dataset,
    o.originDay,
    { list: $<HTMLUListElement>('#marker-list'), form: $<HTMLFormElement>('#marker-form'), banner: $('#pulse-banner') },
    scene.layers.pulse,
    { x: o.map.width / 2, y: o.map.height / 2, radius: Math.max(o.map.width, o.map.height) / 2 },
    o.reducedMotion,
    (list) => timeline.setMarkers(list),
    showStatus,
  );
  markers.reload().catch((error: Error) => showStatus(error.message));

  let colour = o.colour;
  const setColour = (mode: ColourMode) => {
    if (!COLOUR_MODES.includes(mode)) throw new Error(`unknown colour mode "${mode}": one of ${COLOUR_MODES.join(', ')}`);
    colour = mode;
    dots.setColours(COLOUR_SCHEMES[mode]);
    renderLegend($<HTMLUListElement>('#legend'), mode);
    $<HTMLSelectElement>('#colour-mode').value = mode;
  };
  fillColourPicker($<HTMLSelectElement>('#colour-mode'), colour, setColour);
  setColour(colour);
  const filters = new FilterPanel($('#filters'), (masks) => dots.setFilters(masks));

  const queues = new Uint32Array(stations.length);
  const refreshCounts = () => {
    badges.update(queuesAt(index, clock.time, queues));
    panel.refresh();
  };
  refreshCounts();
  const countsTimer = window.setInterval(refreshCounts, 250);

  const tableToggle = $<HTMLButtonElement>('#table-toggle');
  tableToggle.addEventListener('click', () => {
    table.hidden = !table.hidden;
    tableToggle.setAttribute('aria-pressed', String(!table.hidden));
    panel.refresh();
  });

  $('#zoom-in').addEventListener('click', () => viewport.zoomAt(1.25, app.screen.width / 2, app.screen.height / 2));
  $('#zoom-out').addEventListener('click', () => viewport.zoomAt(0.8, app.screen.width / 2, app.screen.height / 2));
  $('#zoom-reset').addEventListener('click', () => viewport.fit(app.screen.width, app.screen.height));
  bindKeys({
    togglePlay: () => clock.toggle(),
    step: (days) => clock.seek(clock.time + days * DAY),
    zoom: (factor) => viewport.zoomAt(factor, app.screen.width / 2, app.screen.height / 2),
  });

  const fileStem = () => `journeys-${o.dataset}-${o.mapId}-${timeline.dateOf(clock.time)}`;
  $('#export-png').addEventListener('click', () => {
    canvasPng(app.canvas, () => app.render())
      .then((blob) => download(blob, `${fileStem()}.png`))
      .catch((error: Error) => showStatus(error.message));
  });
  const dialog = $<HTMLDialogElement>('#webm-dialog');
  const webmForm = $<HTMLFormElement>('#webm-form');
  $('#export-webm').addEventListener('click', () => {
    (webmForm.elements.namedItem('from') as HTMLInputElement).value = timeline.dateOf(clock.time);
    (webmForm.elements.namedItem('to') as HTMLInputElement).value = timeline.dateOf(Math.min(o.span.end, clock.time + 90 * DAY));
    dialog.showModal();
  });
  dialog.addEventListener('close', () => {
    if (dialog.returnValue !== 'record') return;
    const from = parseDay((webmForm.elements.namedItem('from') as HTMLInputElement).value);
    const to = parseDay((webmForm.elements.namedItem('to') as HTMLInputElement).value);
    if (from === null || to === null) return showStatus('Export video: give both dates.');
    const name = `${fileStem()}.webm`;
    recordWebm(app.canvas, clock, (from - o.originDay) * DAY, (to - o.originDay) * DAY)
      .then((blob) => download(blob, name))
      .catch((error: Error) => showStatus(error.message));
  });

  let previous = clock.time;
  app.ticker.add((ticker) => {
    clock.advance(ticker.deltaMS / 1000);
    const time = clock.time;
    dots.setTime(time);
    if (clock.snapshot.playing) markers.check(previous, time, performance.now());
    previous = time;
  });
  dots.setTime(clock.time);
  if (!o.reducedMotion && o.initialTime === null) clock.play();

  const toTime = (when: number | string): number => {
    if (typeof when === 'number') return when;
    const day = parseDay(when);
    if (day === null) throw new Error(`setTime: expected seconds or YYYY-MM-DD, got "${when}"`);
    return (day - o.originDay) * DAY;
  };
  const stationIndex = (id: string) => {
    const s = stations.findIndex((st) => st.id === id);
    if (s < 0) throw new Error(`unknown station "${id}"`);
    return s;
  };
  const hooks = {
    renderer: app.renderer.name,
    rendererType: app.renderer.type,
    dataset: o.dataset,
    map: o.mapId,
    dots: moves.count,
    buckets: dots.bucketCount,
    bytes: o.bytes,
    reducedMotion: o.reducedMotion,
    play: () => clock.play(),
    pause: () => clock.pause(),
    setTime: (when: number | string) => {
      clock.seek(toTime(when));
      previous = clock.time;
      dots.setTime(clock.time);
      refreshCounts();
    },
    setSpeed: (rate: number) => clock.setRate(rate),
    setColourMode: setColour,
    setFilter: (field: FilterField, value: number, allowed: boolean) => filters.set(field, value, allowed),
    /** renders now (tests read pixels right after) */
    render: () => app.render(),
    /** CSS pixel position in the canvas of a map design point */
    toScreen: (x: number, y: number) => viewport.toScreen(x, y),
    stationCounts: (id: string) => stationCountsAt(index, stationIndex(id), clock.time),
    readPixel: (x: number, y: number) => readPixel(app.renderer as WebGLRenderer, x, y),
    get state() {
      const s = clock.snapshot;
      return {
        time: s.time,
        date: timeline.dateOf(s.time),
        playing: s.playing,
        rate: s.rate,
        start: s.start,
        end: s.end,
        colour,
        filters: { ...filters.masks },
        drawnBuckets: dots.drawnBuckets,
        drawnInstances: dots.drawnInstances,
        zoom: viewport.scale,
      };
    },
    stop: () => {
      window.clearInterval(countsTimer);
      app.ticker.stop();
    },
  };
  (window as unknown as { journeyMap: typeof hooks }).journeyMap = hooks;
}

/** RGBA of the CSS pixel (x, y) of the canvas, read from the preserved drawing buffer. */
function readPixel(renderer: WebGLRenderer, x: number, y: number): [number, number, number, number] {
  const gl = renderer.gl;
  const scale = renderer.resolution;
  const out = new Uint8Array(4);
  gl.bindFramebuffer(gl.FRAMEBUFFER, null);
  gl.readPixels(Math.round(x * scale), gl.drawingBufferHeight - 1 - Math.round(y * scale), 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, out);
  return [out[0]!, out[1]!, out[2]!, out[3]!];
}
