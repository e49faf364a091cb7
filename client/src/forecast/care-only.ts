// The "What next" page's care-only section: the dataset's children looked after projected by the
// deterministic model councils know (cs-demand-model; GET …/forecast/care-only), month by month per
// placement category, beside our own forecast's median of children looked after. A line per series
// (a deterministic model has no band) and a table of the same numbers.
import type { Band } from '../../../core/forecast/forecast.js';
import type { CareOnlyResult } from '../../../core/forecast/care-only-fit.js';
import { drawFanChart, legend, type Fan } from './fan-chart.js';
import { dayName, monthName } from './labels.js';

export const PLACEMENT_NAMES: Record<string, string> = {
  looked_after: 'all looked after',
  fostering: 'fostering (U1–U6)',
  residential: 'residential (K2, R1)',
  supported: 'supported (H5, P2)',
  other: 'other placement types',
  not_recorded: 'placement not recorded',
};
/** Names at the lines' ends: short, so the plot keeps its width on a phone (the legend has the long ones). */
const SHORT: Record<string, string> = { looked_after: 'care-only: all', fostering: 'fostering', residential: 'residential', supported: 'supported', other: 'other', not_recorded: 'not recorded' };
const COLOURS: Record<string, string> = { looked_after: '#c0392b', fostering: '#1a7f37', residential: '#8250df', supported: '#bf8700', other: '#57606a', not_recorded: '#9a6700' };

/** A deterministic series as a band of zero width: drawn as its line. */
const line = (values: number[]): Band => ({ p2_5: values, p10: values, p25: values, p50: values, p75: values, p90: values, p97_5: values });

/** Draws the care-only projection into `host` beside `ours` (our forecast's open_looked_after, if it has the same months). */
export function drawCareOnly(host: HTMLElement, result: CareOnlyResult, at: number, ours: { band: Band; months: string[]; history?: { months: string[]; values: number[] } } | null, figure: (title: string, subtitle: string, csv: () => string, stem: string) => { body: HTMLElement; readout: HTMLElement }): void {
  host.replaceChildren();
  const keys = ['looked_after', ...result.placements];
  const same = ours !== null && ours.months.join() === result.months.join();
  const fans: Fan[] = [
    ...(same ? [{ label: 'our forecast', band: ours!.band, colour: '#0b5cad' }] : []),
    ...keys.map((k) => ({ label: SHORT[k] ?? k, band: line(result.series[k]!), colour: COLOURS[k] ?? '#57606a' })),
  ];
  const subtitle = `Rates over ${dayName(result.reference.from)} to ${dayName(result.reference.to)} (${result.reference.days} days), from ${dayName(result.asOf)}.${result.childrenWithoutDob > 0 ? ` ${result.childrenWithoutDob} children with no date of birth left out.` : ''}`;
  const csv = () => {
    const header = ['month', ...keys.map((k) => `care_only_${k}`), ...(same ? ['our_forecast_p10', 'our_forecast_p50', 'our_forecast_p90'] : [])];
    const rows = result.months.map((m, i) => [m, ...keys.map((k) => result.series[k]![i]), ...(same ? [ours!.band.p10[i], ours!.band.p50[i], ours!.band.p90[i]] : [])].join(','));
    return [header.join(','), ...rows].join('\n') + '\n';
  };
  const f = figure('Children looked after: care-only model beside our forecast', subtitle, csv, 'care-only');
  const history = same ? ours!.history : undefined;
  drawFanChart(f.body, { months: result.months, fans, ...(history ? { history } : {}), start: { label: `on ${dayName(result.asOf)}`, value: result.start.looked_after ?? 0, at }, unit: 'children looked after at the month end', ariaLabel: 'Children looked after: care-only model beside our forecast' }, f.readout);
  const lines = keys.map((k) => ({ label: `care-only model, ${PLACEMENT_NAMES[k] ?? k} (one line: no uncertainty)`, colour: COLOURS[k] ?? '#57606a' }));
  const recorded = history ? [{ label: `recorded: ${history.months.length} months before, as the data shows them`, colour: '#1c1f26' }] : [];
  f.body.append(legend(same ? fans.slice(0, 1) : [], [...lines, ...recorded, { label: `dot: the number on ${dayName(result.asOf)}`, colour: '#1c1f26' }]));
  // The numbers: each month's end, the care-only model per placement, our median and 80% band.
  const wrap = document.createElement('div');
  wrap.className = 'table-scroll';
  const table = document.createElement('table');
  table.className = 'cost-table';
  const head = table.createTHead().insertRow();
  for (const text of ['Month end', ...keys.map((k) => PLACEMENT_NAMES[k] ?? k), ...(same ? ['Our forecast: median [80%]'] : [])]) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = text;
    head.append(th);
  }
  const body = table.createTBody();
  const startRow = body.insertRow();
  for (const text of [dayName(result.asOf), ...keys.map((k) => String(result.start[k] ?? 0)), ...(same ? [''] : [])]) startRow.insertCell().textContent = text;
  result.months.forEach((m, i) => {
    const row = body.insertRow();
    const cells = [monthName(m), ...keys.map((k) => result.series[k]![i]!.toFixed(1)), ...(same ? [`${ours!.band.p50[i]} [${ours!.band.p10[i]}–${ours!.band.p90[i]}]`] : [])];
    for (const text of cells) row.insertCell().textContent = text;
  });
  wrap.append(table);
  host.append(wrap);
}
