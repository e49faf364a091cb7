// The views page: a tab per view, the dataset/window/cohort pickers shared by all, each view's own
// controls, and for each view its charts, its tables and their CSV links. State lives in the URL hash
// (#view=flow&dataset=…) so a view can be linked to.
import '../csp.js';
import { listDatasets, listMarkers } from '../api.js';
import { RATE_KEYS } from '../../../core/metrics.js';
import { fetchView, viewUrl, type ViewName } from './api.js';
import { RENDERERS } from './renderers.js';
import { renderTables } from './tables.js';
import { rateLabel } from './labels.js';
import { mountSessionControl } from '../session.js';

const VIEWS: ViewName[] = ['pathways', 'two-point', 'rereferrals', 'flow', 'impact', 'cohorts', 'funnel', 'time-in-care'];
const $ = <T extends Element>(selector: string, root: ParentNode = document) => root.querySelector<T>(selector)!;
const status = $<HTMLElement>('#status');
const datasetPicker = $<HTMLSelectElement>('#dataset');
const globalForm = $<HTMLFormElement>('#global-controls');
let active: ViewName = 'pathways';
let loadCount = 0;
const datasetInfo = new Map<string, { from: string | null; to: string | null }>();

function panel(view: ViewName): HTMLElement {
  return $<HTMLElement>(`#panel-${view}`);
}

function globalParams(): Record<string, string> {
  return { from: $<HTMLInputElement>('#from').value, to: $<HTMLInputElement>('#to').value, cohort: $<HTMLInputElement>('#cohort').value.trim() };
}

function viewParams(view: ViewName): Record<string, string> {
  const form = panel(view).querySelector('form');
  const params: Record<string, string> = {};
  if (form) for (const [k, v] of new FormData(form)) params[k] = String(v).trim();
  return params;
}

async function show(view: ViewName): Promise<void> {
  const dataset = datasetPicker.value;
  if (!dataset && view !== 'funnel') return;
  const host = panel(view);
  const chart = $<HTMLElement>('.chart', host);
  const output = $<HTMLElement>('.view-output', host);
  const readout = host.querySelector<HTMLElement>('.hover-readout') ?? document.createElement('p');
  const params = { ...globalParams(), ...viewParams(view) };
  if (view === 'impact' && params.date) delete params.marker;
  if (view === 'cohorts') delete params.cohort;
  const url = viewUrl(view, dataset, params);
  const ticket = ++loadCount;
  host.setAttribute('aria-busy', 'true');
  status.textContent = '';
  try {
    const json = await fetchView(url);
    if (ticket !== loadCount) return; // a later request superseded this one
    chart.replaceChildren();
    RENDERERS[view](chart, json as never, readout);
    renderTables(output, json.tables, url);
    host.dataset.loadedUrl = url;
  } catch (error) {
    status.textContent = (error as Error).message;
    chart.replaceChildren();
    output.replaceChildren();
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
  history.replaceState(null, '', `#view=${view}&dataset=${encodeURIComponent(datasetPicker.value)}`);
  void show(view);
}

async function fillMarkers(): Promise<void> {
  const picker = $<HTMLSelectElement>('#panel-impact select[name=marker]');
  picker.replaceChildren();
  const markers = datasetPicker.value ? await listMarkers(datasetPicker.value) : [];
  for (const m of markers) picker.append(new Option(`${m.date} ${m.label}`, String(m.id)));
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

async function start(): Promise<void> {
  const hash = new URLSearchParams(location.hash.slice(1));
  const datasets = await listDatasets();
  for (const d of datasets) datasetInfo.set(d.name, { from: d.from ?? null, to: d.to ?? null });
  for (const d of datasets) datasetPicker.append(new Option(`${d.name} (${d.from ?? '—'} to ${d.to ?? '—'})`, d.name));
  if (hash.get('dataset') && datasets.some((d) => d.name === hash.get('dataset'))) datasetPicker.value = hash.get('dataset')!;
  if (datasets.length === 0) status.textContent = 'No datasets yet: import one first (see the README).';
  const rate = $<HTMLSelectElement>('#panel-funnel select[name=rate]');
  for (const key of RATE_KEYS) rate.append(new Option(rateLabel(key), key));
  rate.value = 'rereferral_12m';
  await fillMarkers();

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
  // A link to another view of this page (#view=…&dataset=…) changes only the hash: follow it.
  window.addEventListener('hashchange', () => {
    const next = new URLSearchParams(location.hash.slice(1));
    const name = next.get('dataset');
    const view = next.get('view') as ViewName | null;
    const go = () => select(view && VIEWS.includes(view) ? view : active);
    if (name && name !== datasetPicker.value && datasets.some((d) => d.name === name)) {
      datasetPicker.value = name;
      void fillMarkers().then(go);
    } else go();
  });
  const initial = hash.get('view') as ViewName | null;
  select(initial && VIEWS.includes(initial) ? initial : 'pathways');
}

void start().catch((error: Error) => {
  status.textContent = error.message;
});

void mountSessionControl(document.querySelector('.views-bar')!);
