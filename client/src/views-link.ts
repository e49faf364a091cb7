// The map page's link to the views keeps the dataset, the date and the cohort the map shows (read from
// the map's URL when the link is followed), so the views open on what the reader was looking at.
export function keepStateInViewsLink(link: HTMLAnchorElement | null): void {
  link?.addEventListener('click', () => {
    const from = new URLSearchParams(window.location.search);
    const state = new URLSearchParams({ view: 'flow' });
    const dataset = from.get('dataset') ?? document.querySelector<HTMLSelectElement>('#dataset-picker')?.value;
    if (dataset) state.set('dataset', dataset);
    if (from.get('date')) state.set('to', from.get('date')!);
    if (from.get('from')) state.set('from', from.get('from')!);
    if (from.get('cohort')) state.set('cohort', from.get('cohort')!);
    link.href = `./views.html#${state.toString()}`;
  });
}

/** A link to the "What next" page that carries the dataset shown (from the URL, its hash or the picker). */
export function keepDatasetInForecastLink(link: HTMLAnchorElement | null, picker: string): void {
  link?.addEventListener('click', () => {
    const state = new URLSearchParams(window.location.hash.slice(1));
    const dataset = state.get('dataset') ?? new URLSearchParams(window.location.search).get('dataset') ?? document.querySelector<HTMLSelectElement>(picker)?.value;
    link.href = dataset ? `./forecast.html#${new URLSearchParams({ dataset }).toString()}` : './forecast.html';
  });
}
