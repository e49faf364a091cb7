// The interactive map: clock and timeline, the stations' numbers (badges, tooltips, table and caption,
// all from the stations endpoint for the date shown and the active filter), markers, filters with their
// chip, legend, step numbers on the segments, one child's journey, exports, keyboard, and
// `window.journeyMap` for tests and scripts. Per frame: advance the clock, set the dot uniforms, check
// markers; everything that counts runs on a 250 ms timer and only when the day or filter changed.
import type { MoveColumns } from '../../core/journeys.js';
import { contactStations, type MapDefinition, type MapStation } from '../../core/map-schema.js';
import { formatDay, parseDay } from '../../core/dates.js';
import { englandWalesCalendar } from '../../core/working-days.js';
import { computeTracks, segmentKey } from '../../core/tracks.js';
import type { Text, WebGLRenderer } from 'pixi.js';
import type { DotLayer } from './dots/dot-layer.js';
import { allowAll, cohortQuery, describeFilter, masksFromCohort, type FilterField, type FilterMasks } from './dots/cohort-filter.js';
import { DotPositions } from './dots/dot-positions.js';
import { FollowMarker, followRadiusPx } from './dots/follow-marker.js';
import { StationDotsCache } from './dots/station-dots.js';
import { COLOUR_MODES, COLOUR_SCHEMES, colourLookBackNote, type ColourMode } from './dots/palette.js';
import type { Queues } from './dots/queue-slots.js';
import type { QueueAreas } from './dots/queue-areas.js';
import type { PackedTracks } from './dots/track-texture.js';
import { bindExportControls, pngRows } from './export/export-controls.js';
import { JourneyPanel } from './journey/child-journey.js';
import { markBoxes } from './map/draw-map.js';
import type { LineKeyEntry } from './map/line-key.js';
import type { Scene } from './map/scene.js';
import type { Viewport } from './map/viewport.js';
import { bindKeys, $, showStatus } from './page-controls.js';
import { fetchChildWaits, fetchStationChildren } from './api.js';
import { FilterPanel, fillColourPicker, renderCohortNote, renderFilterChip, renderLegend, renderLegendNote, renderLineKey } from './panels/legend-filters.js';
import { segmentFlow, type SegmentFlow } from './segments/segment-flow.js';
import { SegmentLabels } from './segments/segment-labels.js';
import { fillSegmentTable, hiddenNote } from './segments/segment-table.js';
import { StationBadges } from './stations/station-badges.js';
import { StationPanel, captionLead } from './stations/station-panel.js';
import { StationsSource, type StationsAnswer } from './stations/stations-source.js';
import { Clock, SPEEDS, endOfDay, openingTime } from './timeline/clock.js';
import { MarkerController } from './timeline/markers.js';
import { TimelineUI, longDate } from './timeline/timeline-ui.js';
import { showInViewsLink } from './views-link.js';

const DAY = 86400;

export interface InteractiveOptions {
  scene: Scene;
  viewport: Viewport;
  dots: DotLayer;
  map: MapDefinition;
  /** what each line colour means, for the legend and exports */
  lineKey: LineKeyEntry[];
  /** stations in the moves' index order */
  stations: MapStation[];
  labelTexts: Text[];
  moves: MoveColumns;
  queues: Queues;
  /** the stations' queue areas and the dots' spacing, for the halos (queue-areas.ts) */
  queueAreas: { areas: QueueAreas; spacing: number };
  tracks: PackedTracks;
  dataset: string;
  mapId: string;
  originDay: number;
  span: { start: number; end: number };
  /** the data's first day (days since 1970) as the dataset list gives it, the stations' answers' too; null when none */
  dataFirst: number | null;
  initialTime: number | null;
  /** `?cohort=` of the page (the views' syntax): the filter it opens with; null or '' for every child */
  initialCohort: string | null;
  colour: ColourMode;
  reducedMotion: boolean;
  bytes: number;
}

export function startInteractive(o: InteractiveOptions): void {
  const { scene, viewport, dots, stations, moves } = o;
  const marks = markBoxes(o.map);
  const { app } = scene;
  // It stops at the last second of the last day, whose numbers it then shows (not 00:00 of the next).
  const clock = new Clock(o.span.start, o.span.end - 1, { rate: SPEEDS[0]!.rate });
  // Reduced motion starts paused at the data's last day, so the still map shows who is waiting now.
  clock.seek(o.initialTime ?? (o.reducedMotion ? o.span.end - 1 : openingTime(o.span)));
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

  const isExit = stations.map((s) => s.kind === 'exit');
  const positions = new DotPositions(moves, o.queues, o.tracks, isExit);
  let masks: FilterMasks;
  const filterText = () => describeFilter(masks);
  /** the last second of the day shown: the moment the stations' numbers describe */
  const endOfShownDay = () => (Math.floor(clock.time / DAY) + 1) * DAY - 1;
  // The dots waiting at each station at the end of the day shown, placed once per day and filter.
  const stationDotsCache = new StationDotsCache(positions, stations);
  const shownDots = () => stationDotsCache.at(endOfShownDay(), dots.timing(), masks, String(cohortQuery(masks)));

  // The followed child's dot: highlighted above every dot and name (and so in exports), placed each frame.
  const followMarker = new FollowMarker(moves, positions);
  scene.world.addChildAt(followMarker.graphics, scene.world.getChildIndex(scene.layers.labels) + 1);
  const placeFollowed = () => followMarker.update(clock.time, dots.timing(), masks, viewport.scale, dots.radiusPx);
  const stationOf = new Map(stations.map((s, i) => [s.id, i]));
  const journey = new JourneyPanel($('#journey-panel'), moves, stations, {
    longDate,
    follow: (child) => {
      dots.follow(child ?? -1);
      followMarker.follow(child ?? -1);
      placeFollowed();
    },
    date: () => timeline.dateOf(clock.time),
    waitsOf: async (child, date) => {
      const { steps } = await fetchChildWaits(o.dataset, o.mapId, child, date);
      return steps.map((w) => ({ station: stationOf.get(w.station)!, since: w.since, until: w.until, days: w.days, unpairedEnds: w.unpairedEnds }));
    },
  });
  const badges = new StationBadges(stations, o.labelTexts, () => ({ scale: viewport.scale, visible: viewport.visible(4) }), o.queueAreas);
  scene.layers.badges.addChild(badges.graphics);
  const table = $('#station-table');
  const panel = new StationPanel(stations, { buttons: $('#station-buttons'), tooltip: $('#tooltip'), table, list: $('#station-list') }, {
    longDate,
    uncountedPastHorizon: contactStations(o.map),
    filterText,
    childrenAt: async (s) => {
      const cohort = cohortQuery(masks);
      if (cohort === null) return [];
      const { at, children } = await fetchStationChildren(o.dataset, o.mapId, stations[s]!.id, timeline.dateOf(clock.time), cohort);
      const atDay = parseDay(at)!;
      // Where each child's one dot is now (filter or not: the child is counted here either way).
      const dotOf = new Map(positions.all(clock.time, dots.timing(), allowAll()).map((d) => [d.child, d]));
      return children.map((c) => {
        const d = dotOf.get(c.child);
        return { ...c, since: longDate(formatDay(atDay - c.waitedDays)), dotAt: d?.station === s ? null : d === undefined ? 'none shown' : d.station < 0 ? 'in transit' : stations[d.station]!.name };
      });
    },
    dotsHere: () => shownDots().here,
    openChild: (child) => journey.open(child),
    claimTap: (clientX, clientY, pointerType) => {
      const rect = app.canvas.getBoundingClientRect();
      return tapAt(clientX - rect.left, clientY - rect.top, pointerType);
    },
  });
  // The step numbers keep clear of the names and queues: placed again when those move (set below).
  let replaceSegments = () => {};
  const place = () => {
    panel.place((x, y) => viewport.toScreen(x, y));
    badges.redraw();
    replaceSegments();
  };
  viewport.onChange(place);
  place();
  /**
   * Opens the journey of the dot at canvas point (sx, sy): within 10 CSS px for a finger, within the
   * dot's own radius and 2 px for a mouse. Whether a dot was there.
   */
  function openDotAt(sx: number, sy: number, pointerType: string): boolean {
    const p = viewport.toDesign(sx, sy);
    const reach = pointerType === 'mouse' ? dots.radiusPx + 2 : Math.max(10, dots.radiusPx + 2);
    const hit = positions.pick(p.x, p.y, reach / viewport.scale, clock.time, dots.timing(), masks);
    if (hit) journey.open(hit.child);
    return hit !== null;
  }
  /** The station whose name (and number) is drawn at canvas point (sx, sy), or -1. */
  const labelAt = (sx: number, sy: number) =>
    o.labelTexts.findIndex((text) => {
      if (!text.visible) return false;
      const b = text.getBounds();
      return sx >= b.minX && sx <= b.maxX && sy >= b.minY && sy <= b.maxY;
    });
  /**
   * A tap or click at canvas point (sx, sy), on the canvas or on a station's button (a phone moves a tap
   * near a button onto it): on a station's name, which is drawn over the dots, it lists that station's
   * children; elsewhere it opens the journey of the dot there. Whether either was there.
   */
  function tapAt(sx: number, sy: number, pointerType: string): boolean {
    const s = labelAt(sx, sy);
    if (s >= 0) panel.openList(s);
    return s >= 0 || openDotAt(sx, sy, pointerType);
  }
  viewport.onTap((x, y, pointerType) => {
    const p = viewport.toScreen(x, y);
    tapAt(p.x, p.y, pointerType);
  });

  const caption = $('#map-caption');
  const showAnswer = (answer: StationsAnswer) => {
    badges.update(answer.stations);
    replaceSegments();
    panel.show(answer);
    const who = filterText();
    const mark = renderCohortNote($('#cohort-note'), answer.cohortNote);
    // On a phone the chip beside the map names the filter, so the caption says only that one is on (CSS).
    const span = (className: string, text: string) => Object.assign(document.createElement('span'), { className, textContent: text });
    caption.replaceChildren(
      `${captionLead(longDate(answer.at), answer.stations)} · `,
      ...(who ? [span('caption-filter', `filter: ${who}${mark}`), span('caption-filter-short', `filter on${mark}`)] : ['all children']),
    );
    viewport.recheckInsets();
  };
  const source = new StationsSource(o.dataset, o.mapId, stations.map((s) => s.id), showAnswer, showStatus);

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
  // Dots coloured by previous referrals on a day less than 36 months after the data's first day: the legend says
  // their count is cut (palette.ts colourLookBackNote). Decided per day shown and colour mode, kept between, so
  // neither a frame nor a video's frame recomputes it; the legend is redrawn only when it changes.
  let noteKey = '';
  let noteText: string | null = null;
  const legendNoteAt = (day: string): string | null => {
    const key = `${colour}|${day}`;
    if (key !== noteKey) {
      noteKey = key;
      noteText = colourLookBackNote(colour, parseDay(day)!, o.dataFirst);
    }
    return noteText;
  };
  let legendNoteShown: string | null | undefined;
  const refreshLegendNote = () => {
    const text = legendNoteAt(timeline.dateOf(clock.time));
    if (text === legendNoteShown) return;
    legendNoteShown = text;
    renderLegendNote($('#legend-title'), $('#legend-note'), text);
  };
  const setColour = (mode: ColourMode) => {
    if (!COLOUR_MODES.includes(mode)) throw new Error(`unknown colour mode "${mode}": one of ${COLOUR_MODES.join(', ')}`);
    colour = mode;
    dots.setColours(COLOUR_SCHEMES[mode]);
    renderLegend($<HTMLUListElement>('#legend'), mode);
    refreshLegendNote();
    $<HTMLSelectElement>('#colour-mode').value = mode;
  };
  fillColourPicker($<HTMLSelectElement>('#colour-mode'), colour, setColour);
  setColour(colour);
  renderLineKey($<HTMLUListElement>('#line-key'), o.lineKey);

  // Step numbers on the segments, for arrivals in the chosen window up to the date shown.
  // Each step's label is outlined, and its leader drawn, in its track's line colour (as draw-map.ts draws it).
  const drawnTracks = computeTracks(o.map);
  const mapIndex = stations.map((station) => o.map.stations.indexOf(station));
  const trackColour = (from: number, to: number): number => {
    const segment = drawnTracks.segments.get(segmentKey(mapIndex[from]!, mapIndex[to]!));
    return segment ? parseInt(o.map.lines[segment.line]!.colour.slice(1), 16) : 0x1c1f26;
  };
  const segments = new SegmentLabels(o.tracks, stations, trackColour);
  // The slow steps' dashes lie on their tracks under the stations' names; signs and numbers over them.
  scene.layers.labels.addChildAt(segments.trackMarks, 0);
  scene.layers.labels.addChild(segments.container);
  const segmentsToggle = $<HTMLButtonElement>('#segments-toggle');
  const segmentsWindow = $<HTMLSelectElement>('#segments-window');
  const calendar = englandWalesCalendar();
  let segmentsKey = '';
  const currentFlows = () => {
    const end = endOfShownDay();
    return segmentFlow(moves, stations, { start: end + 1 - Number(segmentsWindow.value) * DAY, end }, masks, calendar);
  };
  const segmentsNote = $('#segments-note');
  const segmentsTable = $('#segments-table');
  let flowsShown: SegmentFlow[] = [];
  /** Labels the steps clear of the stations' names and queues (the halo, or the farthest dot when further). */
  /** Each station's queue as a disc (map units): out to its halo, or its farthest dot when further. */
  const queueDiscs = () => {
    const { extent, here } = shownDots();
    const dotRadius = dots.radiusPx / viewport.scale;
    return stations.map((st, s) => ({ x: st.x, y: st.y, r: Math.max(badges.haloRadii[s] ?? 0, here[s]! > 0 ? extent[s]! + dotRadius : 0) }));
  };
  const placeSegments = () => {
    segments.update(flowsShown, {
      boxes: badges.backBoxes,
      queues: queueDiscs(),
      within: viewport.visible(2),
    }, viewport.scale);
    const note = hiddenNote(segments.all);
    segmentsNote.textContent = note;
    segmentsNote.hidden = !segments.visible || note === '';
    fillSegmentTable(segmentsTable, segments.all, stations, segmentsWindow.selectedOptions[0]?.textContent ?? '');
    segmentsTable.hidden = !segments.visible || segments.all.length === 0;
  };
  replaceSegments = () => {
    if (segments.visible) placeSegments();
  };
  const refreshSegments = (force = false) => {
    if (!segments.visible) return;
    const key = `${Math.floor(clock.time / DAY)}|${segmentsWindow.value}|${cohortQuery(masks)}`;
    if (key === segmentsKey && !force) return;
    segmentsKey = key;
    flowsShown = currentFlows();
    placeSegments();
  };
  const setSegments = (on: boolean) => {
    segments.visible = on;
    segmentsToggle.setAttribute('aria-pressed', String(on));
    $('#segments-hint').hidden = !on;
    if (!on) segmentsNote.hidden = segmentsTable.hidden = true;
    refreshSegments(true);
  };
  segmentsToggle.addEventListener('click', () => setSegments(!segments.visible));
  segmentsWindow.addEventListener('change', () => refreshSegments(true));

  let shownDay = '';
  // While a video records, each frame whose day changes needs that day's station numbers and segment labels
  // (drawn on the frame; nothing when hidden); the views link and the journey panel, off the frame, follow
  // the day the map is left on when it ends.
  let recording = false;
  const refreshCounts = () => {
    const day = timeline.dateOf(clock.time);
    shownDay = day;
    refreshLegendNote();
    const cohort = cohortQuery(masks);
    source.request(day, cohort);
    refreshSegments();
    if (recording) return;
    // The views link carries the day and the cohort shown (a filter that leaves nobody has no cohort to carry).
    showInViewsLink(cohort === null ? { date: day } : { date: day, cohort });
    journey.refresh();
  };
  const filters = new FilterPanel($('#filters'), (next) => {
    masks = next;
    dots.setFilters(next);
    renderFilterChip($('#filter-chip'), next, () => filters.clear());
    viewport.recheckInsets();
    writeCohortToUrl(cohortQuery(next));
    refreshCounts();
  });
  masks = filters.masks;
  renderFilterChip($('#filter-chip'), masks, () => filters.clear());
  // A link from the views carries their cohort: applied as if ticked by hand (chip, counts, dots, links).
  const linked = o.initialCohort ? cohortFromLink(o.initialCohort) : null;
  if (linked) filters.setAll(linked);
  else refreshCounts();
  // A jump (Go to, the scrubber, a key) asks at once, so the numbers never describe the day jumped
  // from; while playing, the timer asks as days pass.
  clock.onChange((_, reason) => {
    if (reason === 'seek' && timeline.dateOf(clock.time) !== shownDay) refreshCounts();
  });
  const countsTimer = window.setInterval(() => {
    if (timeline.dateOf(clock.time) !== shownDay) refreshCounts();
  }, 250);

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

  const mapName = o.map.name;
  // What the numbers on the map count, said on every exported frame (a board reader sees "Assessment · 824").
  const numbersMean = 'Numbers: children waiting at each station at the end of the day shown; two open starts of one child count twice';
  const exportOverlay = (time: number, range?: { from: number; to: number }) => {
    // A video's frames keep one header: its note is its first day's, when the look-back is cut most.
    const legendNote = legendNoteAt(timeline.dateOf(range ? range.from : time));
    return {
      title: `Children's journeys: ${mapName} map`,
      subtitle: range
        ? `Dataset ${o.dataset} · ${longDate(timeline.dateOf(range.from))} to ${longDate(timeline.dateOf(range.to))} · now ${longDate(timeline.dateOf(time))}`
        : `Dataset ${o.dataset} · ${longDate(timeline.dateOf(time))}`,
      caption: numbersMean,
      legendTitle: `${COLOUR_SCHEMES[colour].title}${legendNote ? ' *' : ''}`,
      legend: COLOUR_SCHEMES[colour].entries,
      lineKey: o.lineKey,
      filter: filterText(),
      ...(segments.visible ? { steps: stepsWindowText(time) } : {}),
      ...(legendNote ? { legendNote: `* ${legendNote}` } : {}),
    };
  };
  /**
   * The step numbers' window at a moment, for an export: a board reader sees "← 25 · 250 d to next" and
   * must know over which weeks (review v8f finding 5). A video's window moves with its running date.
   */
  const stepsWindowText = (time: number) => {
    const last = parseDay(timeline.dateOf(time))!;
    const days = Number(segmentsWindow.value);
    const label = segmentsWindow.selectedOptions[0]?.textContent ?? `last ${days} days`;
    return `Step numbers: ${label} (${longDate(formatDay(last - days + 1))} to ${longDate(formatDay(last))}): children who took each step, median days to the next station; ⚠ over the station's target`;
  };
  /** The map as drawn now, CSS pixels of the canvas: lines, station marks, names, badges, step numbers and queues. */
  const drawnExtent = () => {
    const boxes = [scene.layers.base, scene.layers.badges, scene.layers.labels].map((layer) => layer.getBounds()).filter((b) => b.width > 0 && b.height > 0);
    const extent = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
    for (const b of boxes) {
      extent.x0 = Math.min(extent.x0, b.minX);
      extent.y0 = Math.min(extent.y0, b.minY);
      extent.x1 = Math.max(extent.x1, b.maxX);
      extent.y1 = Math.max(extent.y1, b.maxY);
    }
    for (const q of queueDiscs()) {
      if (q.r <= 0) continue;
      const a = viewport.toScreen(q.x - q.r, q.y - q.r);
      const z = viewport.toScreen(q.x + q.r, q.y + q.r);
      extent.x0 = Math.min(extent.x0, a.x);
      extent.y0 = Math.min(extent.y0, a.y);
      extent.x1 = Math.max(extent.x1, z.x);
      extent.y1 = Math.max(extent.y1, z.y);
    }
    return extent.x1 > extent.x0 ? extent : null;
  };
  bindExportControls({
    canvas: app.canvas,
    render: () => {
      dots.setTime(clock.time);
      placeFollowed();
      app.render();
    },
    // A video frame shows the stations' numbers of its own date, however many days a second it runs
    // through (a 3 s video of 90 days drew the first day's numbers on every frame: review v8h finding 1).
    prepare: (from, to) => {
      const days: string[] = [];
      for (let t = from; t <= to + DAY - 1; t += DAY) days.push(timeline.dateOf(Math.min(t, to)));
      return source.prefetch([...new Set(days)], cohortQuery(masks));
    },
    recording: (on) => {
      recording = on;
      if (!on) refreshCounts();
    },
    ready: async () => {
      const day = timeline.dateOf(clock.time);
      if (day !== shownDay) refreshCounts();
      await source.whenSettled();
      const shown = source.current;
      if (shown?.at !== day || shown.cohort !== cohortQuery(masks)) throw new Error(`export video: the stations' numbers for ${day} did not arrive; nothing was saved`);
    },
    clock,
    originDay: o.originDay,
    dateOf: (t) => timeline.dateOf(t),
    fileStem: (date) => `journeys-${o.dataset}-${o.mapId}-${date ?? timeline.dateOf(clock.time)}`,
    onError: showStatus,
    overlay: exportOverlay,
    extent: drawnExtent,
  });

  let previous = clock.time;
  app.ticker.add((ticker) => {
    clock.advance(ticker.deltaMS / 1000);
    const time = clock.time;
    dots.setTime(time);
    placeFollowed();
    if (clock.snapshot.playing) markers.check(previous, time, performance.now());
    previous = time;
  });
  dots.setTime(clock.time);
  if (!o.reducedMotion && o.initialTime === null) clock.play();

  const toTime = (when: number | string): number => {
    if (typeof when === 'number') return when;
    const day = parseDay(when);
    if (day === null) throw new Error(`setTime: expected seconds or YYYY-MM-DD, got "${when}"`);
    return endOfDay(day - o.originDay);
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
    clearFilter: () => filters.clear(),
    /** resolves when the stations' numbers for the date and filter shown are on screen */
    settled: () => source.whenSettled(),
    /** the stations endpoint's answer on screen */
    get stationsAnswer() {
      return source.current;
    },
    stationCounts: (id: string) => source.current?.stations[stationIndex(id)] ?? null,
    /** per station, the dots waiting there at the end of the day shown and the farthest one's distance (map units), and how many times they were placed */
    stationDots: () => ({ ...shownDots(), computed: stationDotsCache.computed }),
    /** the dots waiting at a station now (child index and days waited) */
    dotsAt: (id: string) => positions.waitingAt(stationIndex(id), clock.time, dots.timing(), masks).map((d) => ({ child: d.child, x: d.x, y: d.y })),
    /** every dot on screen now, where the shader draws it (design units) */
    dotPositions: () => positions.all(clock.time, dots.timing(), masks).map((d) => ({ child: d.child, x: d.x, y: d.y, station: d.station })),
    /** seconds of data time a hop between stations takes at this speed (hop-order.ts) */
    get hop() {
      return dots.timing().hop;
    },
    openJourney: (child: number) => journey.open(child),
    /** resolves when the open journey's waits for the date shown are on screen */
    journeySettled: () => journey.settled,
    /** the canvas rows (its pixels) an exported PNG keeps now: the map as drawn, with a margin */
    exportRows: () => pngRows(app.canvas, drawnExtent()),
    /** the words an exported PNG carries now, or a video's frame at a date (YYYY-MM-DD) */
    exportOverlay: (date?: string) => exportOverlay(date === undefined ? clock.time : toTime(date)),
    setSegmentLabels: setSegments,
    /** the step-number labels on the map now: each one's box (map units) and the steps left off for space */
    segmentLabels: () => ({
      shown: segments.placements.map((p) => ({ ...segments.all[p.index]!.flow, from: stations[segments.all[p.index]!.flow.from]!.id, to: stations[segments.all[p.index]!.flow.to]!.id, box: p.box, overQueue: p.overQueue, leader: p.leader })),
      /** the steps over target, each marked on its track: its warning sign's centre and box (map units) and its dashes */
      slow: segments.slowMarks.map((m) => ({ from: stations[m.flow.from]!.id, to: stations[m.flow.to]!.id, x: m.x, y: m.y, box: m.box, size: m.size, dashes: m.dashes, leader: m.leader })),
      /** what they keep clear of (map units): each station's name and number on its back, and its mark as drawn */
      names: badges.backBoxes.map((box, s) => ({ id: stations[s]!.id, box })),
      marks: stations.map((station) => ({ id: station.id, box: marks[o.map.stations.indexOf(station)]! })),
      hidden: segments.hidden.map((h) => ({ from: stations[h.flow.from]!.id, to: stations[h.flow.to]!.id, text: h.text })),
      /** their type size on screen, CSS pixels */
      fontPx: segments.fontPx,
    }),
    /** the track from one station to another as drawn (its polyline), CSS pixels of the canvas */
    trackPath: (from: string, to: string) => {
      const ids = drawnTracks.stationIds;
      const k = ids.indexOf(from) * ids.length + ids.indexOf(to);
      const flat = drawnTracks.points.subarray(drawnTracks.offsets[k], drawnTracks.offsets[k + 1]);
      return Array.from({ length: flat.length / 2 }, (_, i) => viewport.toScreen(flat[2 * i]!, flat[2 * i + 1]!));
    },
    /** the step numbers for the window and date shown (whether drawn or not) */
    segmentFlows: () => currentFlows().map((f) => ({ ...f, from: stations[f.from]!.id, to: stations[f.to]!.id })),
    /** renders now (tests read pixels right after) */
    render: () => {
      placeFollowed();
      app.render();
    },
    /** the followed dot's highlight as drawn: its centre and radius, CSS pixels of the canvas; null when none */
    followHighlight: () => {
      const at = followMarker.at;
      if (!at) return null;
      const p = viewport.toScreen(at.x, at.y);
      return { x: p.x, y: p.y, radius: followRadiusPx(dots.radiusPx) };
    },
    /** each station's label as drawn: its text, its box in CSS pixels of the canvas, its font size on screen */
    labelBoxes: () =>
      o.labelTexts.map((text, s) => {
        const b = text.getBounds();
        const back = badges.backBoxes[s];
        const a = back ? viewport.toScreen(back.x0, back.y0) : null;
        const z = back ? viewport.toScreen(back.x1, back.y1) : null;
        return {
          id: stations[s]!.id,
          text: text.text,
          x0: b.minX,
          y0: b.minY,
          x1: b.maxX,
          y1: b.maxY,
          fontPx: Number(text.style.fontSize) * text.scale.x * viewport.scale,
          /** its back as drawn (CSS pixels), how opaque, and whether names are drawn above the dots */
          back: a && z ? { x0: a.x, y0: a.y, x1: z.x, y1: z.y } : null,
          backAlpha: badges.backAlphas()[s] ?? 0,
          aboveDots: scene.world.getChildIndex(scene.layers.labels) > scene.world.getChildIndex(scene.layers.dots),
        };
      }),
    /** the lines and station marks as drawn: their box in CSS pixels of the canvas */
    drawnBox: () => {
      const b = scene.layers.base.getBounds();
      return { x0: b.minX, y0: b.minY, x1: b.maxX, y1: b.maxY };
    },
    /** each station's mark as drawn: its box in CSS pixels of the canvas */
    markBoxes: () => {
      const byId = new Map(o.map.stations.map((s, i) => [s.id, marks[i]!]));
      return stations.map((station) => {
        const m = byId.get(station.id)!;
        const a = viewport.toScreen(m.x0, m.y0);
        const b = viewport.toScreen(m.x1, m.y1);
        return { id: station.id, x0: a.x, y0: a.y, x1: b.x, y1: b.y };
      });
    },
    /** the labels' layout: which form (full names, short names, stacked) and the clashes left */
    get labelForm() {
      const layout = badges.layout;
      return { form: layout?.form ?? null, clashes: layout?.clashes ?? null, clashing: layout?.clashing.map((s) => stations[s]!.id) ?? [] };
    },
    /** CSS pixel position in the canvas of a map design point */
    toScreen: (x: number, y: number) => viewport.toScreen(x, y),
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
        filters: { ...masks },
        drawnBuckets: dots.drawnBuckets,
        drawnInstances: dots.drawnInstances,
        zoom: viewport.scale,
        following: journey.child,
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

/** The masks of a linked cohort, or null (and a status line) when the link's cohort cannot be read. */
function cohortFromLink(text: string): FilterMasks | null {
  try {
    return masksFromCohort(text);
  } catch (error) {
    showStatus(`The link's cohort was not applied (${(error as Error).message}): the map shows every child.`);
    return null;
  }
}

/** Keeps the page's own address on the filter shown (`cohort=`, the views' syntax), so a reload or a copied address keeps it. */
function writeCohortToUrl(cohort: string | null): void {
  const url = new URL(window.location.href);
  if (cohort) url.searchParams.set('cohort', cohort);
  else url.searchParams.delete('cohort');
  if (url.href !== window.location.href) history.replaceState(history.state, '', url.href);
}
