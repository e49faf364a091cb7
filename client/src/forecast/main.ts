// The "What next" page: a forecast of a dataset from a date as fan charts, a scenario drawn over its
// baseline with the difference, scenarios saved by name, and a back-test against what happened. It
// talks to the server only over the HTTP API (server/routes/forecast.ts). State (dataset, asOf,
// months, runs) lives in the hash so a reload or a link shows the same forecast.
import type { ForecastResult, Band } from '../../../core/forecast/forecast.js';
import { incompleteStockText } from '../../../core/forecast/incomplete-text.js';
import type { Backtest } from '../../../core/forecast/backtest.js';
import type { CostResult, ScenarioBody } from '../../../core/forecast/scenario.js';
import { HttpError, json, listDatasets, type DatasetSummary } from '../api.js';
import { download } from '../export/export-media.js';
import { $ } from '../page-controls.js';
import { mountSessionControl, type SessionInfo } from '../session.js';
import { appendFigure, setExportContext } from '../views/figure.js';
import { drawFanChart, legend, type Fan } from './fan-chart.js';
import { bandsCsv, dayName, formatPounds, measureGroups, monthName, quarterName, quarterShort, type MeasureLabel } from './labels.js';
import type { CareOnlyResult } from '../../../core/forecast/care-only-fit.js';
import { drawCareOnly } from './care-only.js';
import { COST_STATIONS, describeLevers, inFormWords, LeverFormError, mountLeverRows, readLevers, writeLevers } from './levers-form.js';

interface ScenarioResult extends ForecastResult {
  baseline: Record<string, Band>;
  difference: Record<string, Band>;
  costs?: { scenario: CostResult; baseline: CostResult; difference: CostResult };
}
interface SavedScenario {
  name: string;
  savedAt: string;
  scenario: ScenarioBody;
}

const STATION_NAMES: Record<string, string> = { looked_after: 'children looked after', cp_plan: 'CP plans', cin_plan: 'CIN plans', assessment: 'open assessments' };
/** Quarters on a cost chart's axis and readout, a quarter the forecast only partly covers named by its months. */
const quartersOf = (quarterMonths: string[][] | undefined, quarters: string[]) => {
  const monthsOf = (q: string) => quarterMonths?.[quarters.indexOf(q)];
  return { name: (q: string) => quarterName(q, monthsOf(q)), short: (q: string) => quarterShort(q, monthsOf(q)) };
};

const BASELINE_COLOUR = '#6b7280';
const FORECAST_COLOUR = '#0b5cad';
const SCENARIO_COLOUR = '#c0392b';

const datasetPicker = $<HTMLSelectElement>('#dataset');
const asOfInput = $<HTMLInputElement>('#as-of');
const monthsInput = $<HTMLInputElement>('#months');
const runsInput = $<HTMLInputElement>('#runs');
const leversForm = $<HTMLFormElement>('#levers');
mountLeverRows(leversForm);
const status = $('#status');
const datasets = new Map<string, DatasetSummary>();
/** what the levers form asks for: levers, costs or both (null: the baseline alone) */
let scenario: ScenarioBody | null = null;

const datasetPath = () => `/api/datasets/${encodeURIComponent(datasetPicker.value)}`;

/** The request's query: asOf only when given (the server defaults to the data's last date). */
function forecastQuery(): URLSearchParams {
  const query = new URLSearchParams({ months: monthsInput.value || '24', runs: runsInput.value || '1000' });
  if (asOfInput.value) query.set('asOf', asOfInput.value);
  return query;
}

/** A random id for one request's progress (crypto.randomUUID needs a secure context; this does not). */
function progressId(): string {
  return [...crypto.getRandomValues(new Uint8Array(12))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const POLL_MS = 250;

/**
 * Runs `work` with the progress bar showing `text`. With `follow` (the id the request carries), the bar
 * shows the runs done as the server's worker threads report them (forecasts, scenarios, back-tests);
 * without it (saving, loading) the bar moves without a figure.
 */
async function withProgress<T>(text: string, work: () => Promise<T>, follow?: string): Promise<T | null> {
  const progress = $('#progress');
  const bar = $<HTMLProgressElement>('#progress-bar');
  const label = $('#progress-text');
  bar.removeAttribute('value');
  label.textContent = follow ? `${text} starting…` : `${text} (the server does not report how far it has got)`;
  progress.hidden = false;
  document.body.dataset.busy = 'true';
  status.textContent = '';
  let finished = false;
  const poll = async () => {
    while (follow && !finished) {
      try {
        const { done, total } = await json<{ done: number; total: number | null }>(`${datasetPath()}/forecast/progress?id=${follow}`);
        if (finished) break;
        if (total === null) continue; // the request has not reached the server yet
        bar.max = total;
        bar.value = done;
        label.textContent = `${text} ${done.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')} runs done (${Math.floor((100 * done) / total)}%)`;
      } catch {
        break; // polling ends, not the forecast
      } finally {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    }
  };
  void poll();
  try {
    return await work();
  } catch (error) {
    if (error instanceof HttpError && error.status === 403) showNotForThisRole(null);
    else status.textContent = inFormWords(error instanceof Error ? error.message : String(error), scenario);
    return null;
  } finally {
    finished = true;
    progress.hidden = true;
    delete document.body.dataset.busy;
  }
}

/**
 * Forecasts need the analyst role (the API answers 403 to a viewer): the page says why instead of
 * showing the refusal, and offers what a viewer can see.
 */
function showNotForThisRole(role: string | null): void {
  $<HTMLFormElement>('#forecast-controls').hidden = true;
  $('#forecast-hint').hidden = true;
  const note = document.createElement('section');
  note.id = 'role-note';
  note.className = 'panel wide';
  note.setAttribute('role', 'note');
  const heading = document.createElement('h2');
  heading.textContent = 'Forecasts need the analyst role';
  const why = document.createElement('p');
  why.textContent = `You are signed in as ${role ? `a ${role}` : 'someone without the analyst role'}. A forecast starts from the exact number of children at each station on its date and simulates them one by one. Everything a viewer sees follows the disclosure policy (a count of 1 to 4 is shown as [c], other counts are rounded to the nearest 5), and that policy does not cover forecasts yet, so forecasts, scenarios and back-tests are open to analysts and administrators only.`;
  const instead = document.createElement('p');
  instead.append('You can see the children waiting at each station on the ');
  const dataset = pageState().get('dataset');
  const map = document.createElement('a');
  map.href = dataset ? `/?${new URLSearchParams({ dataset }).toString()}` : '/';
  map.textContent = 'map';
  const views = document.createElement('a');
  views.href = `./views.html${dataset ? `#${new URLSearchParams({ view: 'flow', dataset }).toString()}` : ''}`;
  views.textContent = 'views';
  instead.append(map, ' and the trends in the ', views, ', under that policy. An administrator can give you the analyst role if your work needs forecasts.');
  note.append(heading, why, instead);
  $('#forecast-main').replaceChildren(note);
}

function writeHash(): void {
  const state = new URLSearchParams({ dataset: datasetPicker.value, months: monthsInput.value, runs: runsInput.value });
  if (asOfInput.value) state.set('asOf', asOfInput.value);
  history.replaceState(null, '', `#${state.toString()}`);
  const info = datasets.get(datasetPicker.value);
  const map = new URLSearchParams({ dataset: datasetPicker.value });
  if (asOfInput.value || info?.to) map.set('date', asOfInput.value || info!.to!);
  $<HTMLAnchorElement>('#map-link').href = `/?${map.toString()}`;
  $<HTMLAnchorElement>('#views-link').href = `./views.html#${new URLSearchParams({ view: 'flow', dataset: datasetPicker.value }).toString()}`;
}

/** A figure with PNG/SVG (views' figure) and a CSV download of the numbers drawn. */
function chartFigure(host: HTMLElement, title: string, subtitle: string, csv: () => string, fileStem: string) {
  const figure = appendFigure(host, title, subtitle);
  figure.element.classList.add('fan-chart');
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = 'Download CSV';
  button.setAttribute('aria-label', `Download "${title}" as CSV`);
  button.addEventListener('click', () => download(new Blob([csv()], { type: 'text/csv' }), `${datasetPicker.value}-${fileStem}.csv`));
  figure.element.querySelector('.chart-tools')!.append(button);
  return figure;
}

/** How far into `month` the day `asOf` is (0 when asOf ends the month before it): where the start value sits. */
function asOfFraction(asOf: string, month: string): number {
  if (asOf.slice(0, 7) !== month) return 0;
  const [y, m, d] = asOf.split('-').map(Number) as [number, number, number];
  return d / new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The forecast drawn last, redrawn (not recomputed) when the charts' width changes. */
let drawn: ForecastResult | ScenarioResult | null = null;

function drawForecast(result: ForecastResult | ScenarioResult): void {
  drawn = result;
  const host = $('#charts');
  host.replaceChildren();
  const grid = document.createElement('div');
  grid.className = 'chart-groups';
  host.append(grid);
  // A date inside a month: that month is the first, its days up to the date as recorded, the rest forecast.
  const underWay = result.months[0] === result.asOf.slice(0, 7) ? ` (${monthName(result.months[0])}: as recorded up to ${dayName(result.asOf)}, forecast after)` : '';
  const range = `${dayName(result.asOf)} forward, ${result.months.length} months${underWay}, ${result.runs.toLocaleString('en-GB')} runs`;
  // A forecast is open to analysts only and its figures are exact (no disclosure policy covers forecasts yet): the
  // downloads say so, not the viewers' note of [c] and rounding (audit a13f F1).
  setExportContext({ dataset: datasetPicker.value, window: `forecast from ${range}`, exactCounts: true, englandSource: false });
  // Costs alone are asked with a POST and no lever: the "scenario" is then the baseline itself.
  const withScenario = 'baseline' in result && scenario !== null && scenario.levers.length > 0;
  $('#scenario-summary').textContent = withScenario && scenario
    ? `Scenario (red) against the baseline (grey, dashed median), on the same random draws: ${describeLevers(scenario)}.`
    : 'Baseline: the data as it is. Move a lever and run the scenario to compare.';
  // The API's warnings, shown above the charts: the data's on every forecast (a start stock holding periods
  // an end under another episode would have closed; referrals the contact → referral lever cannot reach),
  // the levers' on a scenario (a cap with no phase-in ends every period over it at once).
  const warnings = result.warnings ?? [];
  const warningList = $('#scenario-warnings');
  warningList.replaceChildren(...warnings.map((text) => Object.assign(document.createElement('li'), { textContent: inFormWords(text, withScenario ? scenario : null) })));
  warningList.hidden = warnings.length === 0;
  // Every measure the forecast has, arrivals then stocks, each group under its own heading.
  const at = asOfFraction(result.asOf, result.months[0]!);
  for (const group of measureGroups(Object.keys(result.series))) {
    const heading = document.createElement('h3');
    heading.className = 'group-title';
    heading.textContent = group.title;
    const groupGrid = document.createElement('div');
    groupGrid.className = 'chart-grid';
    groupGrid.dataset.group = group.id;
    grid.append(heading, groupGrid);
    for (const measure of group.measures) {
      const band = result.series[measure.key]!;
      const fans: Fan[] = withScenario
        ? [{ label: 'baseline', band: result.baseline[measure.key]!, colour: BASELINE_COLOUR }, { label: 'scenario', band, colour: SCENARIO_COLOUR }]
        : [{ label: 'forecast', band, colour: FORECAST_COLOUR }];
      const start = result.start[measure.key];
      const recorded = result.history?.series[measure.key];
      const history = recorded ? { months: result.history.months, values: recorded } : undefined;
      const short = incompleteStockText(result.incomplete?.[measure.key]);
      drawMeasure(groupGrid, measure, result.months, fans, `Forecast from ${range}.${neverClosed(result.pastHorizon?.[measure.key])}${short ? ` ${short}` : ''}`, {
        ...(start !== undefined ? { start: { label: `on ${dayName(result.asOf)}`, value: start, at } } : {}),
        ...(history ? { history } : {}),
      });
      if (withScenario && 'difference' in result) {
        const difference = result.difference[measure.key]!;
        if (isZeroBand(difference)) {
          noDifference(groupGrid, measure, result.runs);
          continue;
        }
        drawMeasure(groupGrid, { ...measure, key: `${measure.key}-difference`, title: `${measure.title}: scenario minus baseline`, unit: `difference in ${measure.unit}` },
          result.months, [{ label: 'difference', band: difference, colour: SCENARIO_COLOUR }], `Per-run difference on the same random draws, ${range}.`, { zeroLine: true });
      }
    }
  }
  if ('costs' in result && result.costs) drawCosts(host, result.costs, withScenario, range);
}

/** Whether every run's difference is 0 in every month: the scenario's levers never reach this measure. */
function isZeroBand(band: Band): boolean {
  // every other quantile lies between these two
  return band.p2_5.every((v) => v === 0) && band.p97_5.every((v) => v === 0);
}

/** In place of an empty difference chart, one sentence that says so. */
function noDifference(host: HTMLElement, measure: MeasureLabel, runs: number): void {
  const figure = document.createElement('figure');
  figure.className = 'chart-figure no-difference';
  figure.dataset.measure = `${measure.key}-difference`;
  const title = document.createElement('h3');
  title.textContent = `${measure.title}: scenario minus baseline`;
  const text = document.createElement('p');
  text.className = 'hint';
  text.textContent = `No difference: in all ${runs.toLocaleString('en-GB')} runs and every month the scenario gives the same number as the baseline, because its levers do not reach this measure.`;
  figure.append(title, text);
  host.append(figure);
}

/** Money per calendar quarter: the total (scenario over baseline, and their difference), then each station costed. */
function drawCosts(host: HTMLElement, costs: NonNullable<ScenarioResult['costs']>, withScenario: boolean, range: string): void {
  const heading = document.createElement('h3');
  heading.textContent = 'Cost per quarter';
  const note = document.createElement('p');
  note.className = 'hint';
  const weekly = scenario?.costs;
  const mix = costs.scenario.placementMix;
  const perPlacement = Object.entries(weekly?.weeklyPerPlacement ?? {});
  const shareOf = (code: string) => `${Math.round((mix?.shares[code] ?? 0) * 100)}%`;
  note.textContent = weekly
    ? `Children at each month's end × weeks in the month × the weekly cost (${[...Object.entries(weekly.weekly).map(([s, c]) => `${STATION_NAMES[s] ?? s} ${formatPounds(c)}`), ...perPlacement.map(([code, c]) => `looked after in ${code} ${formatPounds(c)}`)].join(', ')}), inflated ${weekly.inflationPerYear}% a year, summed per calendar quarter (a quarter only partly forecast counts only its forecast months).${
      mix ? ` Children looked after are shared out by their placement types on ${dayName(mix.at)}, carried forward (${mix.children} children: ${Object.keys(mix.shares).map((code) => `${code === 'not_recorded' ? 'not recorded' : code} ${shareOf(code)}`).join(', ')}); those in a type with no cost given take the looked-after cost${weekly.weekly.looked_after === undefined ? ', none given: £0' : ''}.` : ''}`
    : '';
  const grid = document.createElement('div');
  grid.className = 'chart-grid';
  host.append(heading, note, grid);
  const quarters = costs.scenario.quarters;
  const money: MeasureOptions = { ...MONEY, quarterMonths: costs.scenario.quarterMonths };
  const subtitle = `Forecast from ${range}.`;
  const total = { key: 'cost_total', title: 'Cost per quarter, all stations costed', unit: '£ in the quarter' };
  const fans: Fan[] = withScenario
    ? [{ label: 'baseline', band: costs.baseline.series.cost_total!, colour: BASELINE_COLOUR }, { label: 'scenario', band: costs.scenario.series.cost_total!, colour: SCENARIO_COLOUR }]
    : [{ label: 'forecast', band: costs.scenario.series.cost_total!, colour: FORECAST_COLOUR }];
  drawMeasure(grid, total, quarters, fans, subtitle, money);
  if (withScenario) {
    drawMeasure(grid, { key: 'cost_total-difference', title: 'Cost per quarter: scenario minus baseline', unit: 'difference in £ in the quarter' }, quarters,
      [{ label: 'difference', band: costs.difference.series.cost_total!, colour: SCENARIO_COLOUR }], `Per-run difference on the same random draws, ${range}.`, { ...money, zeroLine: true });
  }
  const parts = [
    ...COST_STATIONS.map((station) => ({ key: `cost_${station}`, title: `Cost per quarter, ${STATION_NAMES[station]}${station === 'looked_after' && perPlacement.length > 0 ? ' in placement types not costed below' : ''}` })),
    ...perPlacement.map(([code]) => ({ key: `cost_placement_${code}`, title: `Cost per quarter, looked after in ${code} (${shareOf(code)} on ${dayName(mix!.at)})` })),
  ];
  for (const part of parts) {
    const band = costs.scenario.series[part.key];
    if (!band) continue;
    drawMeasure(grid, { key: part.key, title: part.title, unit: '£ in the quarter' }, quarters,
      [{ label: withScenario ? 'scenario' : 'forecast', band, colour: withScenario ? SCENARIO_COLOUR : FORECAST_COLOUR }], subtitle, money);
  }
}

interface MeasureOptions {
  start?: { label: string; value: number; at?: number };
  zeroLine?: boolean;
  actual?: number[];
  /** the months before the forecast as recorded */
  history?: { months: string[]; values: number[] };
  /** money per calendar quarter (costs), not a count per month */
  quarterly?: boolean;
  /** costs: the forecast months summed in each quarter (fewer than three in a quarter partly covered) */
  quarterMonths?: string[][];
}

/** Costs: pounds per quarter. */
const MONEY: MeasureOptions = { quarterly: true };

function drawMeasure(host: HTMLElement, measure: MeasureLabel, periods: string[], fans: Fan[], subtitle: string, options: MeasureOptions = {}): void {
  const { start, zeroLine = false, actual, history, quarterly = false, quarterMonths } = options;
  const csv = () => bandsCsv(periods, fans.map((f) => ({ label: f.label, band: f.band })), { actual, periodColumn: quarterly ? 'quarter' : 'month', recorded: history, ...(quarterMonths ? { periodMonths: quarterMonths } : {}) });
  const figure = chartFigure(host, measure.title, subtitle, csv, measure.key);
  figure.element.dataset.measure = measure.key;
  drawFanChart(figure.body, { months: periods, fans, actual, history, start, zeroLine, unit: measure.unit, ariaLabel: measure.title, ...(quarterly ? { format: formatPounds, period: quartersOf(quarterMonths, periods) } : {}) }, figure.readout);
  const extras = [
    ...(history ? [{ label: `recorded: ${history.months.length} months before the forecast, as the data shows them`, colour: '#1c1f26' }] : []),
    ...(actual ? [{ label: 'what happened', colour: '#1c1f26' }] : start ? [{ label: `dot: the number ${start.label}`, colour: '#1c1f26' }] : []),
  ];
  figure.body.append(legend(fans, extras));
}

async function runForecast(): Promise<void> {
  if (!datasetPicker.value) return;
  writeHash();
  const query = forecastQuery();
  const follow = progressId();
  query.set('progress', follow);
  const result = await withProgress(scenario ? 'Forecasting the scenario and its baseline:' : 'Forecasting:', () =>
    scenario
      ? json<ScenarioResult>(`${datasetPath()}/forecast?${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(scenario) })
      : json<ForecastResult>(`${datasetPath()}/forecast?${query}`),
    follow,
  );
  if (result) drawForecast(result);
  await runCareOnly(result);
}

/** The care-only model from the same date and months, beside our forecast's children looked after (when it has them). */
async function runCareOnly(ours: ForecastResult | null): Promise<void> {
  const host = $('#care-only');
  const query = new URLSearchParams({ months: monthsInput.value || '24' });
  if (asOfInput.value) query.set('asOf', asOfInput.value);
  const reference = $<HTMLInputElement>('#care-only-reference').value;
  if (reference) query.set('reference', reference);
  try {
    const result = await json<CareOnlyResult>(`${datasetPath()}/forecast/care-only?${query}`);
    // the baseline's, not a scenario's: the care-only model has no levers
    const band = ours ? ('baseline' in ours ? (ours as ScenarioResult).baseline.open_looked_after : ours.series.open_looked_after) : undefined;
    const recorded = ours?.history?.series.open_looked_after;
    drawCareOnly(host, result, asOfFraction(result.asOf, result.months[0]!), band ? { band, months: ours!.months, ...(recorded ? { history: { months: ours!.history.months, values: recorded } } : {}) } : null, (title, subtitle, csv, stem) => chartFigure(host, title, subtitle, csv, stem));
  } catch (error) {
    const p = document.createElement('p');
    p.className = 'hint';
    p.textContent = `Care-only model: ${error instanceof Error ? error.message : String(error)}`;
    host.replaceChildren(p);
  }
}

async function runBacktest(monthsBack: number): Promise<void> {
  const follow = progressId();
  const result = await withProgress(`Back-testing ${monthsBack} months:`, () => json<Backtest>(`${datasetPath()}/forecast/backtest?months=${monthsBack}&runs=${Number(runsInput.value) || 1000}&progress=${follow}`), follow);
  if (!result) return;
  const host = $('#backtest-charts');
  host.replaceChildren();
  const grid = document.createElement('div');
  grid.className = 'chart-grid';
  host.append(grid);
  const f = result.forecast;
  const summary = $('#backtest-summary');
  summary.replaceChildren();
  const intro = document.createElement('p');
  intro.textContent = `Fitted to the data up to ${dayName(f.asOf)}, forecast ${f.months.length} months, ${f.runs} runs. Share of months whose actual figure lies inside the bands:`;
  const list = document.createElement('ul');
  for (const measure of measureGroups(Object.keys(f.series)).flatMap((g) => g.measures)) {
    const m = result.measures[measure.key];
    if (!m || !f.series[measure.key]) continue;
    const item = document.createElement('li');
    item.dataset.measure = measure.key;
    item.textContent = `${measure.title}: ${Math.round(m.inside80 * f.months.length)} of ${f.months.length} months inside the 80% band (${pct(m.inside80)}), ${Math.round(m.inside95 * f.months.length)} inside the 95% band (${pct(m.inside95)}).`;
    list.append(item);
    drawMeasure(grid, { ...measure, key: `${measure.key}-backtest`, title: `${measure.title}: forecast from ${dayName(f.asOf)} against what happened` }, f.months,
      [{ label: 'forecast', band: f.series[measure.key]!, colour: FORECAST_COLOUR }], `Back-test: model fitted to the data up to ${dayName(f.asOf)} only.${neverClosed(m.pastHorizon?.[m.pastHorizon.length - 1])}`, { actual: m.actual });
  }
  summary.append(intro, list);
}

/** Periods open past the station's plausibility horizon (the map's staleAfterDays) are left out: said so. */
function neverClosed(n: number | undefined): string {
  if (!n) return '';
  return ` ${n.toLocaleString('en-GB')} more ${n === 1 ? 'is' : 'are'} open past this station's plausibility horizon on the map: probably ${n === 1 ? 'a record' : 'records'} never closed, neither counted here nor forecast.`;
}

const pct = (share: number) => `${Math.round(share * 100)}%`;

async function refreshSaved(select?: string): Promise<void> {
  const picker = $<HTMLSelectElement>('#saved-scenarios');
  const body = await json<{ scenarios: SavedScenario[] }>(`${datasetPath()}/scenarios`);
  picker.replaceChildren(new Option('—', ''), ...body.scenarios.map((s) => new Option(s.name, s.name)));
  if (select) picker.value = select;
}

function defaultFrom(): string {
  const info = datasets.get(datasetPicker.value);
  const asOf = asOfInput.value || info?.to || new Date().toISOString().slice(0, 10);
  const next = new Date(`${asOf}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

function bind(): void {
  // The charts are drawn at their displayed width (12 px text on any screen): redrawn from the answer
  // already here when that width changes, at most once per 200 ms, never recomputed.
  let width = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  new ResizeObserver(([entry]) => {
    const now = Math.round(entry!.contentRect.width);
    if (now === width) return;
    const first = width === 0;
    width = now;
    if (first || !drawn) return;
    clearTimeout(timer);
    timer = setTimeout(() => drawn && drawForecast(drawn), 200);
  }).observe($('#charts'));
  $<HTMLFormElement>('#forecast-controls').addEventListener('submit', (event) => {
    event.preventDefault();
    void runForecast();
  });
  datasetPicker.addEventListener('change', () => {
    asOfInput.value = '';
    asOfInput.max = datasets.get(datasetPicker.value)?.to ?? '';
    void refreshSaved().catch((e: Error) => (status.textContent = e.message));
    void runForecast();
  });
  leversForm.addEventListener('submit', (event) => {
    event.preventDefault();
    let next: ScenarioBody;
    try {
      next = readLevers(leversForm, defaultFrom());
    } catch (error) {
      if (!(error instanceof LeverFormError)) throw error;
      status.textContent = error.message;
      return;
    }
    scenario = next.levers.length > 0 || next.costs ? next : null;
    if (next.levers.length === 0) status.textContent = next.costs ? 'No lever moved: the baseline, with its costs.' : 'No lever moved: showing the baseline.';
    void runForecast();
  });
  $('#clear-scenario').addEventListener('click', () => {
    scenario = null;
    void runForecast();
  });
  $('#save-scenario').addEventListener('click', () => {
    const name = $<HTMLInputElement>('#scenario-name').value.trim();
    if (!/^[A-Za-z0-9 _.-]{1,80}$/.test(name)) {
      status.textContent = 'Save scenario: give a name of letters, digits, spaces, _ . or -.';
      return;
    }
    let body: ScenarioBody;
    try {
      body = { ...readLevers(leversForm, defaultFrom()), name };
    } catch (error) {
      if (!(error instanceof LeverFormError)) throw error;
      status.textContent = error.message;
      return;
    }
    void withProgress(`Saving "${name}"…`, async () => {
      await json(`${datasetPath()}/scenarios/${encodeURIComponent(name)}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      await refreshSaved(name);
    });
  });
  $<HTMLSelectElement>('#saved-scenarios').addEventListener('change', (event) => {
    const name = (event.target as HTMLSelectElement).value;
    if (!name) return;
    void withProgress(`Loading "${name}"…`, async () => {
      const saved = await json<SavedScenario>(`${datasetPath()}/scenarios/${encodeURIComponent(name)}`);
      const unshown = writeLevers(leversForm, saved.scenario);
      $<HTMLInputElement>('#scenario-name').value = saved.name;
      if (unshown > 0) status.textContent = `Scenario "${name}": ${unshown} lever(s) given twice; the form shows the first of each.`;
    });
  });
  $('#delete-scenario').addEventListener('click', () => {
    const name = $<HTMLSelectElement>('#saved-scenarios').value;
    if (!name) return;
    void withProgress(`Deleting "${name}"…`, async () => {
      await fetch(`${datasetPath()}/scenarios/${encodeURIComponent(name)}`, { method: 'DELETE' });
      await refreshSaved();
    });
  });
  $<HTMLFormElement>('#care-only-controls').addEventListener('submit', (event) => {
    event.preventDefault();
    void runCareOnly(drawn);
  });
  $<HTMLFormElement>('#backtest-controls').addEventListener('submit', (event) => {
    event.preventDefault();
    const months = Number((event.target as HTMLFormElement).elements.namedItem('months') instanceof HTMLInputElement ? ((event.target as HTMLFormElement).elements.namedItem('months') as HTMLInputElement).value : 12);
    void runBacktest(months || 12);
  });
}

/** The page's state: the hash, then the query (a link from the sign-in page keeps only the query). */
function pageState(): URLSearchParams {
  const state = new URLSearchParams(location.hash.slice(1));
  for (const [k, v] of new URLSearchParams(location.search)) if (!state.has(k)) state.set(k, v);
  return state;
}

/** The signed-in person's role, or null when sign-in is off (everything open, loopback only). */
async function signedInRole(): Promise<string | null> {
  const response = await fetch('/api/session');
  if (!response.ok) return null;
  const session = (await response.json()) as SessionInfo;
  return session.auth && session.user ? session.user.role : null;
}

async function start(): Promise<void> {
  void mountSessionControl(document.querySelector('.views-bar')!);
  const role = await signedInRole();
  if (role !== null && role !== 'analyst' && role !== 'admin') {
    showNotForThisRole(role);
    return;
  }
  bind();
  const state = pageState();
  const list = await listDatasets();
  for (const d of list) {
    datasets.set(d.name, d);
    datasetPicker.append(new Option(`${d.name} (${d.from ?? '—'} to ${d.to ?? '—'})`, d.name));
  }
  if (list.length === 0) {
    status.textContent = 'No datasets yet: import one first (see the README).';
    return;
  }
  if (state.get('dataset') && datasets.has(state.get('dataset')!)) datasetPicker.value = state.get('dataset')!;
  asOfInput.max = datasets.get(datasetPicker.value)?.to ?? '';
  asOfInput.value = state.get('asOf') ?? '';
  if (state.get('months')) monthsInput.value = state.get('months')!;
  if (state.get('runs')) runsInput.value = state.get('runs')!;
  await refreshSaved().catch((e: Error) => (status.textContent = e.message));
  await runForecast();
}

void start().catch((error: Error) => (status.textContent = error.message));
