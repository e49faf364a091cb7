// The views page: a tab per view, the dataset, window and cohort shared by all (the cohort chosen with
// checkboxes), each view's own controls, and for each view its headline figures, its charts and its
// tables with their CSV links. State lives in the URL hash (#view=flow&dataset=…&from=…&to=…&cohort=…),
// so a view can be linked to, and the link back to the map carries the dataset, the date and the cohort.
import '../csp.js';
import { listDatasets, listMarkers } from '../api.js';
import { RATE_KEYS } from '../../../core/metrics.js';
import { fetchView, viewUrl, type ViewJson, type ViewName } from './api.js';
import { createCohortPicker } from './cohort-picker.js';
import { cohortTextInWords } from '../../../core/analysis/cohort.js';
import { setExportContext } from './figure.js';
import { renderHeadlines } from './headlines.js';
import { longDate, rateLabel, windowText } from './labels.js';
import { DEFAULT_IMPACT_WEEKS } from '../../../core/analysis/impact.js';
import { RENDERERS } from './renderers.js';
import { renderTables } from './tables.js';
import { mountSessionControl } from '../session.js';
import type { Cell } from '../../../core/analysis/view-table.js';
import { keepDatasetInForecastLink } from '../views-link.js';

const VIEWS: ViewName[] = ['pathways', 'two-point', 'rereferrals', 'flow', 'impact', 'cohorts', 'funnel', 'time-in-care'];
const $ = <T extends Element>(selector: string, root: ParentNode = document) => root.querySelector<T>(selector)!;
const status = $<HTMLElement>('#status');
const datasetPicker = $<HTMLSelectElement>('#dataset');
const globalForm = $<HTMLFormElement>('#global-controls');
const fromInput = $<HTMLInputElement>('#from');
const toInput = $<HTMLInputElement>('#to');
const cohort = createCohortPicker('Cohort');
$('#cohort-host').append(cohort.element);
const cohortA = createCohortPicker('Cohort A');
const cohortB = createCohortPicker('Cohort B');
$('#panel-cohorts .cohort-a').append(cohortA.element);
$('#panel-cohorts .cohort-b').append(cohortB.element);
cohortA.set('sex:F');
cohortB.set('sex:M');
let active: ViewName = 'pathways';
let loadCount = 0;
const datasetInfo = new Map<string, { from: string | null; to: string | null }>();
const lastJson = new Map<ViewName, { json: ViewJson; url: string }>();

function panel(view: ViewName): HTMLElement {
  return $<HTMLElement>(`#panel-${view}`);
}

function globalParams(): Record<string, string> {
  return { from: fromInput.value, to: toInput.value, cohort: cohort.value() };
}

function viewParams(view: ViewName): Record<string, string> {
  const form = panel(view).querySelector('form');
  const params: Record<string, string> = {};
  if (form) for (const [k, v] of new FormData(form)) params[k] = String(v).trim();
  if (view === 'cohorts') {
    params.a = cohortA.value();
    params.b = cohortB.value();
  }
  return params;
}

/** The page's state in the hash, so that a reload or a shared link shows the same thing. */
function writeHash(): void {
  const state = new URLSearchParams({ view: active, dataset: datasetPicker.value });
  for (const [k, v] of Object.entries(globalParams())) if (v) state.set(k, v);
  // The impact view's marker (or date), weeks and test are its state too: a shared link showed the first marker.
  if (active === 'impact') {
    const p = viewParams('impact');
    if (p.date) state.set('date', p.date);
    else if (p.marker) state.set('marker', p.marker);
    if (p.weeks && p.weeks !== '26') state.set('weeks', p.weeks);
    if (p.model && p.model !== 'max-t') state.set('model', p.model);
  }
  history.replaceState(null, '', `#${state.toString()}`);
}

/** The impact form from a link's marker (or date), weeks and test; the date is the reader's, never the midpoint. */
function readImpactState(state: URLSearchParams): void {
  const form = panel('impact');
  const date = $<HTMLInputElement>('input[name=date]', form);
  const marker = $<HTMLSelectElement>('select[name=marker]', form);
  if (state.get('date')) {
    date.value = state.get('date')!;
    delete date.dataset.auto;
  } else if (state.get('marker') && [...marker.options].some((o) => o.value === state.get('marker'))) {
    marker.value = state.get('marker')!;
    // the link names a marker: a date typed before (or followed from an earlier link) would take its place
    date.value = '';
    delete date.dataset.auto;
  }
  if (state.get('weeks')) $<HTMLInputElement>('input[name=weeks]', form).value = state.get('weeks')!;
  if (state.get('model')) $<HTMLSelectElement>('select[name=model]', form).value = state.get('model')!;
}

/** Back to the map with the same dataset, the window's last date and the cohort. */
function updateMapLink(window: { from: string; to: string } | undefined): void {
  const params = new URLSearchParams();
  if (datasetPicker.value) params.set('dataset', datasetPicker.value);
  const to = toInput.value || window?.to;
  if (to) params.set('date', to);
  if (fromInput.value) params.set('from', fromInput.value);
  if (cohort.value()) params.set('cohort', cohort.value());
  $<HTMLAnchorElement>('#map-link').href = `/?${params.toString()}`;
}

function draw(view: ViewName): void {
  const loaded = lastJson.get(view);
  if (!loaded) return;
  const { json, url } = loaded;
  const host = panel(view);
  const chart = $<HTMLElement>('.chart', host);
  const w = (json.window as { from: string; to: string } | undefined) ?? (json.a ? { from: String(json.a), to: String(json.b) } : undefined);
  // The impact view's window is its weeks either side of the marker, and the marker is said with it (review v9d finding 7).
  const impactWindows = view === 'impact' ? (json.windows as { before: { from: string }; after: { to: string } } | undefined) : undefined;
  const windowWords = impactWindows ? windowText(impactWindows.before.from, impactWindows.after.to) : w ? windowText(w.from, w.to) : '';
  const marker = view === 'impact' && typeof json.marker === 'string' ? `${longDate(json.marker)}${typeof json.markerLabel === 'string' && json.markerLabel ? ` (${json.markerLabel})` : ''}` : undefined;
  const cohortWords = view === 'cohorts' ? `A ${cohortTextInWords(String(json.cohortA ?? ''))}, B ${cohortTextInWords(String(json.cohortB ?? ''))}` : cohort.describe();
  setExportContext({ dataset: view === 'funnel' ? 'all councils' : datasetPicker.value, window: windowWords, marker, cohort: view === 'cohorts' ? '' : cohortWords, cohortNote: typeof json.cohortNote === 'string' ? json.cohortNote : null, exactCounts: Boolean((json.disclosure as { exactCounts?: boolean } | undefined)?.exactCounts), policyNote: (json.disclosure as { note?: string | null } | undefined)?.note ?? null });
  chart.replaceChildren();
  const headlineTitle = json.tables.find((t) => t.id === 'headlines')?.title ?? null;
  renderHeadlines($<HTMLElement>('.headlines-host', host), (json.headlines as Array<Record<string, Cell>> | undefined) ?? [], headlineTitle);
  RENDERERS[view](chart, json as never);
  renderTables($<HTMLElement>('.view-output', host), json.tables, url, (json.disclosure as { note?: string | null } | undefined)?.note ?? null, {
    dataset: view === 'funnel' ? 'all councils' : datasetPicker.value,
    window: `${marker ? `marker ${marker}, ` : ''}${windowWords}`,
    cohort: cohortWords,
  });
  host.dataset.loadedUrl = url;
  updateMapLink(w);
  showWindowNote(view, json, w);
  showCohortNote(view, json);
}

/**
 * A cohort of previous referrals counts them from the data's first date only: where that is less than 36 months
 * before the window the view's `cohortNote` says so (core/analysis/cutoffs.ts cohortLookBackNote), shown under
 * the cohort it is about (the page's, or the cohorts view's A and B).
 */
function showCohortNote(view: ViewName, json: ViewJson | null): void {
  const text = typeof json?.cohortNote === 'string' ? json.cohortNote : '';
  const notes: Array<[HTMLElement, boolean]> = [[$<HTMLElement>('#cohort-note'), view !== 'cohorts'], [$<HTMLElement>('#panel-cohorts .cohort-lookback'), view === 'cohorts']];
  for (const [note, here] of notes) {
    note.textContent = here ? text : '';
    note.hidden = note.textContent === '';
  }
}

/**
 * Without exact counts (a viewer) a view is given for one financial year or the data's whole span whatever window is
 * asked (server/routes/dataset-window.ts), the two dates are a 31 March or the data's last day, and the impact view
 * is of a saved marker with its weeks fixed (overlapping windows gave small counts away); said above the views, with
 * the dates, so that what is asked for and what is shown are never silently different.
 */
function showWindowNote(view: ViewName, json: ViewJson, w: { from: string; to: string } | undefined): void {
  const note = $<HTMLElement>('#window-note');
  const exact = Boolean((json.disclosure as { exactCounts?: boolean } | undefined)?.exactCounts);
  const yearly = !exact && w !== undefined && view !== 'impact' && view !== 'two-point';
  // the hint on an empty window (the whole dataset, or its last 12 months) is the analyst's: a viewer's is the note
  $<HTMLElement>('#window-hint').hidden = yearly;
  const text = exact ? ''
    : view === 'two-point' && w
      ? `Shown for ${longDate(w.from)} and ${longDate(w.to)}: without exact counts, the two dates are a financial year's end (31 March) or the data's last day, the one on or before each date asked, so that comparing dates cannot give small numbers away.`
      : view === 'impact'
        ? `Without exact counts, the impact view is of a saved marker with ${DEFAULT_IMPACT_WEEKS} weeks either side (an analyst saves markers), so that moving the dates cannot give small numbers away.`
        : w === undefined ? ''
        : view === 'rereferrals' || view === 'time-in-care'
          ? `Shown for the data's whole span, ${windowText(w.from, w.to)}: without exact counts, this view is given for every date of the data whatever window is asked, so that comparing windows cannot give small numbers away.`
          : `Shown for the financial year ${windowText(w.from, w.to)}: without exact counts, views are given for whole financial years (1 April to 31 March, cut to the data's dates), the one holding the window's end, so that comparing windows cannot give small numbers away.`;
  note.hidden = text === '';
  note.textContent = text;
}

async function show(view: ViewName): Promise<void> {
  const dataset = datasetPicker.value;
  if (!dataset && view !== 'funnel') return;
  const host = panel(view);
  const params = { ...globalParams(), ...viewParams(view) };
  if (view === 'impact' && params.date) delete params.marker;
  if (view === 'cohorts') delete params.cohort;
  if (view === 'impact') {
    // The impact window is set by the marker and the weeks either side, not the page's window.
    delete params.from;
    delete params.to;
  }
  const url = viewUrl(view, dataset, params);
  const ticket = ++loadCount;
  host.setAttribute('aria-busy', 'true');
  status.textContent = '';
  writeHash();
  try {
    const json = await fetchView(url);
    if (ticket !== loadCount) return; // a later request superseded this one
    lastJson.set(view, { json, url });
    draw(view);
  } catch (error) {
    status.textContent = (error as Error).message;
    showCohortNote(view, null);
    $<HTMLElement>('.chart', host).replaceChildren();
    $<HTMLElement>('.view-output', host).replaceChildren();
  } finally {
    host.removeAttribute('aria-busy');
  }
}

function select(view: ViewName, focus = false): void {
  active = view;
  for (const v of VIEWS) {
    const tab = $<HTMLButtonElement>(`#tab-${v}`);
    tab.setAttribute('aria-selected', String(v === view));
    tab.tabIndex = v === view ? 0 : -1;
    panel(v).hidden = v !== view;
  }
  if (focus) $<HTMLButtonElement>(`#tab-${view}`).focus();
  $<HTMLButtonElement>(`#tab-${view}`).scrollIntoView({ block: 'nearest', inline: 'nearest' });
  void show(view);
}

async function fillMarkers(): Promise<void> {
  const picker = $<HTMLSelectElement>('#panel-impact select[name=marker]');
  picker.replaceChildren();
  const markers = datasetPicker.value ? await listMarkers(datasetPicker.value) : [];
  for (const m of markers) picker.append(new Option(`${longDate(m.date)}: ${m.label}`, String(m.id)));
  if (markers.length === 0) picker.append(new Option('(no markers: add one on the map, or give a date)', ''));
  // With no marker to pick, start from the middle of the dataset so the view shows something rather
  // than an error; the date stays editable.
  const date = $<HTMLInputElement>('#panel-impact input[name=date]');
  const info = datasetInfo.get(datasetPicker.value);
  if (date.dataset.auto === 'true') date.value = '';
  delete date.dataset.auto;
  if (markers.length === 0 && !date.value && info?.from && info.to) {
    date.value = midpoint(info.from, info.to);
    date.dataset.auto = 'true';
  }
}

function midpoint(from: string, to: string): string {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return new Date(a + Math.round((b - a) / 2 / 86_400_000) * 86_400_000).toISOString().slice(0, 10);
}

/** Reads dataset, window and cohort from the hash (or the query, for links from the map). */
function readState(): URLSearchParams {
  const state = new URLSearchParams(location.hash.slice(1));
  for (const [k, v] of new URLSearchParams(location.search)) if (!state.has(k)) state.set(k, v);
  return state;
}

async function start(): Promise<void> {
  const state = readState();
  const datasets = await listDatasets();
  for (const d of datasets) datasetInfo.set(d.name, { from: d.from ?? null, to: d.to ?? null });
  for (const d of datasets) datasetPicker.append(new Option(`${d.name} (${d.from ?? '—'} to ${d.to ?? '—'})`, d.name));
  if (state.get('dataset') && datasets.some((d) => d.name === state.get('dataset'))) datasetPicker.value = state.get('dataset')!;
  if (datasets.length === 0) status.textContent = 'No datasets yet: import one first (see the README).';
  fromInput.value = state.get('from') ?? '';
  toInput.value = state.get('to') ?? '';
  cohort.set(state.get('cohort') ?? '');
  const rate = $<HTMLSelectElement>('#panel-funnel select[name=rate]');
  for (const key of RATE_KEYS) rate.append(new Option(rateLabel(key), key));
  rate.value = 'rereferral_12m';
  await fillMarkers();
  readImpactState(state);

  const tabs = VIEWS.map((v) => $<HTMLButtonElement>(`#tab-${v}`));
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => select(VIEWS[i]!));
    tab.addEventListener('keydown', (event) => {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (step) select(VIEWS[(i + step + VIEWS.length) % VIEWS.length]!, true);
    });
  });
  for (const v of VIEWS) {
    panel(v).querySelector('form')?.addEventListener('submit', (event) => {
      event.preventDefault();
      void show(v);
    });
  }
  globalForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void show(active);
  });
  datasetPicker.addEventListener('change', () => {
    void fillMarkers().then(() => select(active));
  });
  // A link to this page (#view=…&dataset=…&from=…&date=…) changes only the hash: follow all of it. The window and the
  // impact view's date were left as they were, so a link to another date showed the old one (audit a9m F3).
  window.addEventListener('hashchange', () => {
    const next = readState();
    const name = next.get('dataset');
    const view = next.get('view') as ViewName | null;
    const before = JSON.stringify([globalParams(), viewParams('impact')]);
    if (next.has('cohort')) cohort.set(next.get('cohort') ?? '');
    fromInput.value = next.get('from') ?? '';
    toInput.value = next.get('to') ?? '';
    const go = () => select(view && VIEWS.includes(view) ? view : active);
    if (name && name !== datasetPicker.value && datasets.some((d) => d.name === name)) {
      datasetPicker.value = name;
      void fillMarkers().then(() => {
        readImpactState(next);
        go();
      });
      return;
    }
    readImpactState(next);
    if (view !== active || JSON.stringify([globalParams(), viewParams('impact')]) !== before) go();
  });
  // Charts are drawn to the page's width (readable on a phone): redraw the open view on a real resize.
  let width = window.innerWidth;
  let timer: ReturnType<typeof setTimeout> | undefined;
  window.addEventListener('resize', () => {
    if (Math.abs(window.innerWidth - width) < 40) return;
    width = window.innerWidth;
    clearTimeout(timer);
    timer = setTimeout(() => draw(active), 200);
  });
  const initial = state.get('view') as ViewName | null;
  select(initial && VIEWS.includes(initial) ? initial : 'pathways');
}

keepDatasetInForecastLink(document.querySelector<HTMLAnchorElement>('#forecast-link'), '#dataset');
void start().catch((error: Error) => {
  status.textContent = error.message;
});

void mountSessionControl(document.querySelector('.views-bar')!).then((session) => {
  // a viewer's cohort narrows one dimension (the server refuses two: server/routes/views/service.ts)
  if (session?.exactCounts === false) for (const picker of [cohort, cohortA, cohortB]) picker.oneDimension(true);
});
