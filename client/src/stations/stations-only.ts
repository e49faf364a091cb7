// The map for a viewer, who sees aggregates only: the stations and lines, each station's children
// waiting at the end of a chosen day as the stations endpoint gives them to a viewer (the disclosure
// policy: [c] for 1 to 4, others rounded to 5), with the same badges, tooltips and table as the map
// with dots, and no dots: a dot is one child's step, which needs the analyst role. The page says so
// rather than failing on the moves' 403.
import { POLICY_NOTE } from '../../../core/disclosure/policy.js';
import type { MapDefinition, MapStation } from '../../../core/map-schema.js';
import { drawMap } from '../map/draw-map.js';
import { fitMapViewport } from '../map/fit-map.js';
import { lineKey } from '../map/line-key.js';
import { renderCohortNote, renderLineKey } from '../panels/legend-filters.js';
import { createScene } from '../map/scene.js';
import { $, showStatus } from '../page-controls.js';
import { longDate } from '../timeline/timeline-ui.js';
import { StationBadges } from './station-badges.js';
import type { TrackGeometry } from '../../../core/tracks.js';
import { DEFAULT_DOT_STYLE } from '../dots/dot-uniforms.js';
import { QueueAreas, queueRoom } from '../dots/queue-areas.js';
import { StationPanel, captionText } from './station-panel.js';
import { StationsSource, type StationsAnswer } from './stations-source.js';
import { showInViewsLink } from '../views-link.js';
import { allowAll, cohortQuery, describeFilter, masksFromCohort, type FilterMasks } from '../dots/cohort-filter.js';
import { renderFilterChip } from '../panels/legend-filters.js';

export interface StationsOnlyOptions {
  map: MapDefinition;
  /** the map's tracks (their station order is the stations') */
  tracks: TrackGeometry;
  dataset: string;
  /** the dataset's first day (YYYY-MM-DD); null when it has no events */
  firstDay: string | null;
  /** the dataset's last day (YYYY-MM-DD), shown first; null when it has no events */
  lastDay: string | null;
  /** ?date= of the page, if any */
  date: string | null;
  /** ?cohort= of the page (the views' syntax), if any: the counts are the cohort's, as on the map with dots */
  cohort: string | null;
}

/** The sentence under the map: what the numbers are and why there are no dots. */
export const NO_DOTS_NOTE = 'Dots (one per child) need the analyst role: you are signed in as a viewer, so the map shows the number of children waiting at each station.';

export async function startStationsOnly(o: StationsOnlyOptions): Promise<void> {
  document.body.classList.add('stations-only');
  const byId = new Map(o.map.stations.map((s) => [s.id, s]));
  const stations: MapStation[] = o.tracks.stationIds.map((id) => byId.get(id)!);

  const scene = await createScene($('#canvas-host'));
  const drawn = drawMap(o.map);
  renderLineKey($<HTMLUListElement>('#line-key'), lineKey(o.map));
  scene.layers.base.addChild(drawn.base);
  scene.layers.labels.addChild(drawn.labels);
  const viewport = fitMapViewport(scene, o.map, drawn);

  // Halos in each station's room clear of other stations' tracks, as on the map with dots.
  const areas = new QueueAreas(stations, queueRoom(stations, o.tracks), DEFAULT_DOT_STYLE.queueSpacing);
  const badges = new StationBadges(stations, drawn.labelTexts, () => ({ scale: viewport.scale, visible: viewport.visible(4) }), { areas, spacing: DEFAULT_DOT_STYLE.queueSpacing });
  scene.layers.badges.addChild(badges.graphics);
  const table = $('#station-table');
  // A cohort from the views' link: counted and named (chip, caption, table) and handed back to the views.
  let masks: FilterMasks = allowAll();
  try {
    if (o.cohort) masks = masksFromCohort(o.cohort);
  } catch (error) {
    showStatus(`The link's cohort was not applied (${(error as Error).message}): the map shows every child.`);
  }
  const cohort = () => cohortQuery(masks) ?? '';
  const panel = new StationPanel(stations, { buttons: $('#station-buttons'), tooltip: $('#tooltip'), table, list: $('#station-list') }, { longDate, filterText: () => describeFilter(masks) });
  const place = () => {
    panel.place((x, y) => viewport.toScreen(x, y));
    badges.redraw();
  };
  viewport.onChange(place);
  place();

  const caption = $('#map-caption');
  const note = $('#viewer-note');
  note.textContent = `${NO_DOTS_NOTE} ${POLICY_NOTE}`;
  note.hidden = false;
  const show = (answer: StationsAnswer) => {
    badges.update(answer.stations);
    panel.show(answer);
    const mark = renderCohortNote($('#cohort-note'), answer.cohortNote);
    caption.textContent = captionText(longDate(answer.at), answer.stations, describeFilter(masks) ? `filter: ${describeFilter(masks)}${mark}` : 'all children');
    viewport.recheckInsets();
  };
  const source = new StationsSource(o.dataset, o.map.id, o.tracks.stationIds, show, showStatus);

  const tableToggle = $<HTMLButtonElement>('#table-toggle');
  tableToggle.addEventListener('click', () => {
    table.hidden = !table.hidden;
    tableToggle.setAttribute('aria-pressed', String(!table.hidden));
    panel.refresh();
  });

  // The timeline keeps only its date box: the day whose numbers are shown.
  // Only days of the data are asked for (the endpoint refuses others: nothing is known there).
  const jump = $<HTMLInputElement>('#jump-date');
  if (o.firstDay !== null) jump.min = o.firstDay;
  if (o.lastDay !== null) jump.max = o.lastDay;
  if (o.firstDay === null || o.lastDay === null) {
    caption.textContent = 'This dataset has no events yet.';
    return;
  }
  const within = (day: string) => (day < o.firstDay! ? o.firstDay! : day > o.lastDay! ? o.lastDay! : day);
  const first = within(o.date ?? o.lastDay);
  jump.value = first;
  $<HTMLOutputElement>('#current-date').textContent = longDate(first);
  const ask = (day: string) => {
    source.request(day, cohort());
    showInViewsLink({ date: day, cohort: cohort() });
  };
  const showChip = () =>
    renderFilterChip($('#filter-chip'), masks, () => {
      masks = allowAll();
      const url = new URL(window.location.href);
      url.searchParams.delete('cohort');
      history.replaceState(history.state, '', url.href);
      showChip();
      ask(jump.value);
    });
  showChip();
  jump.addEventListener('change', () => {
    if (!jump.value) return;
    jump.value = within(jump.value);
    $<HTMLOutputElement>('#current-date').textContent = longDate(jump.value);
    ask(jump.value);
  });
  ask(first);
  await source.whenSettled();
  (window as unknown as { journeyMap: unknown }).journeyMap = {
    stationsOnly: true,
    whenSettled: () => source.whenSettled(),
    stationCounts: (id: string) => source.current?.stations.find((s) => s.id === id) ?? null,
  };
}
