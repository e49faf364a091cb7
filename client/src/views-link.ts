// The map page's link to the views keeps the dataset, the date and the cohort the map shows, so the
// views open on what the reader was looking at. Its href is kept current (set at start and whenever the
// day shown or the filter changes), so copying the link or opening it with a middle click keeps them
// too, not only a left click (review v9b finding 11c).

/** What the map shows: its dataset, the day shown (ISO) and the cohort filter (the API's syntax, '' for everyone). */
export interface MapShown {
  dataset?: string | null;
  date?: string | null;
  cohort?: string | null;
}

const shown: MapShown = {};

/** The views page's address for what the map shows (`search`: the map's own query, for `from`). */
export function viewsHref(state: MapShown, search: string): string {
  const from = new URLSearchParams(search);
  const params = new URLSearchParams({ view: 'flow' });
  if (state.dataset) params.set('dataset', state.dataset);
  if (state.date) params.set('to', state.date);
  // The window's start came with the map's link from the views; kept while the day shown is not before it.
  const start = from.get('from');
  if (start && !(state.date && state.date < start)) params.set('from', start);
  if (state.cohort) params.set('cohort', state.cohort);
  return `./views.html#${params.toString()}`;
}

/** Records what the map now shows and rewrites the views link's href to match. */
export function showInViewsLink(change: MapShown): void {
  Object.assign(shown, change);
  const link = document.querySelector<HTMLAnchorElement>('#views-link');
  if (link) link.href = viewsHref(shown, window.location.search);
}

/** Starts the views link from the map's URL (dataset, date, cohort); the page updates it as they change. */
export function keepStateInViewsLink(link: HTMLAnchorElement | null): void {
  if (!link) return;
  const from = new URLSearchParams(window.location.search);
  showInViewsLink({ dataset: from.get('dataset'), date: from.get('date'), cohort: from.get('cohort') });
}

/**
 * A link to the "What next" page that carries the dataset shown (from the URL, its hash or the picker). Its href
 * is kept current, not only set on click, so a link read, copied or opened in a new tab carries it too. A forecast
 * runs on the whole dataset up to a date: the views' window and cohort do not apply to it.
 */
export function keepDatasetInForecastLink(link: HTMLAnchorElement | null, picker: string): void {
  if (!link) return;
  const update = () => {
    const state = new URLSearchParams(window.location.hash.slice(1));
    const dataset = state.get('dataset') ?? new URLSearchParams(window.location.search).get('dataset') ?? document.querySelector<HTMLSelectElement>(picker)?.value;
    link.href = dataset ? `./forecast.html#${new URLSearchParams({ dataset }).toString()}` : './forecast.html';
  };
  update();
  window.addEventListener('hashchange', update);
  document.querySelector<HTMLSelectElement>(picker)?.addEventListener('change', update);
  for (const event of ['click', 'focus', 'pointerenter'] as const) link.addEventListener(event, update);
}
