// The synthetic-copy check page: pick a dataset (and optionally a loaded synthetic copy), ask the API
// for the fidelity and privacy report, and show its table exactly as the CLI prints it (the rows come
// from synth/report-table.ts on the server). State lives in the URL hash so a check can be linked.
import type { ReportRow, ReportTable } from '../../../synth/report-table.js';
import { json, listDatasets } from '../api.js';

interface ReportAnswer {
  dataset: string;
  synthetic: string | null;
  seed: number | null;
  model: { fittedOn: { children: number; events: number; from: string; to: string }; transitionCells: number; mergedCells: number; skipped: Record<string, number> } | null;
  table: ReportTable;
  /** present on every answer: the disclosure note when the numbers are not exact */
  disclosure?: { exactCounts: boolean; note: string | null };
}

const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const datasetSelect = byId<HTMLSelectElement>('dataset');
const syntheticSelect = byId<HTMLSelectElement>('synthetic');
const seedInput = byId<HTMLInputElement>('seed');
const summary = byId<HTMLElement>('summary');
const report = byId<HTMLElement>('report');

function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, children: Array<Node | string> = []): HTMLElementTagNameMap[K] {
  const el = Object.assign(document.createElement(tag), props);
  el.append(...children);
  return el;
}

function readHash(): { dataset?: string; synthetic?: string; seed?: string } {
  return Object.fromEntries(new URLSearchParams(location.hash.slice(1)));
}

function reportUrl(dataset: string, synthetic: string, seed: string): string {
  const query = new URLSearchParams(synthetic ? { synthetic } : { seed });
  return `/api/datasets/${encodeURIComponent(dataset)}/synthetic-report?${query}`;
}

function verdict(title: string, pass: boolean, detail: string): HTMLElement {
  return element('div', { className: `verdict ${pass ? 'pass' : 'fail'}` }, [
    element('strong', {}, [element('span', { className: 'mark', ariaHidden: 'true' }, [pass ? '✓ ' : '✗ ']), `${title}: ${pass ? 'passes' : 'fails'}`]),
    detail,
  ]);
}

/**
 * The checks behind a failed verdict, named (review v10d F8: "1 checks outside tolerance" left the reader to find the
 * FAIL among about 50 rows, card 34 on a phone).
 */
function failedChecks(table: ReportTable, inSection: (section: string) => boolean, what: string): string {
  const failed = table.rows.filter((r) => r.verdict && r.pass === false && inSection(r.section)).map((r) => r.measure);
  return ` ${failed.length} check${failed.length === 1 ? '' : 's'} ${what}: ${failed.join('; ')}`;
}

/** The checks that pass only within sampling noise, named beside the verdict (audit a10 finding 4). */
function noiseOnlyText(table: ReportTable): string {
  const n = table.noiseOnly.length;
  return n ? `. ${n} check${n === 1 ? '' : 's'} pass${n === 1 ? 'es' : ''} only within sampling noise (marked *): ${table.noiseOnly.join('; ')}` : '';
}

function resultCell(row: ReportRow): HTMLTableCellElement {
  const [text, kind] = row.pass === null ? ['—', ''] : row.pass ? [row.noiseOnly ? 'pass*' : 'pass', 'pass'] : row.verdict ? ['FAIL', 'fail'] : ['check', 'warn'];
  const td = element('td', { className: `result ${kind}` }, [text]);
  td.dataset.label = 'Result';
  return td;
}

function renderTable(table: ReportTable): HTMLElement {
  const head = element('tr', {}, ['Measure', 'Real', 'Synthetic', 'Difference', 'Allowed', 'Result'].map((label) =>
    element('th', { scope: 'col', className: label === 'Measure' ? 'measure' : label === 'Allowed' ? 'allowed' : '' }, [label])));
  const body = element('tbody');
  let section = '';
  for (const row of table.rows) {
    if (row.section !== section) {
      section = row.section;
      body.append(element('tr', { className: 'section' }, [element('th', { scope: 'colgroup', colSpan: 6 }, [section])]));
    }
    const cell = (label: string, text: string, className = ''): HTMLTableCellElement => {
      const td = element('td', { className }, [text]);
      td.dataset.label = label;
      return td;
    };
    const tr = element('tr', {}, [
      cell('', row.measure, 'measure'),
      cell('Real', row.real, row.real ? '' : 'empty'),
      cell('Synthetic', row.synthetic),
      // A detail row may list many step pairs (the Kolmogorov–Smirnov failures): that cell wraps, so the Allowed and
      // Result columns stay on screen (one such cell made the table 11,556 px wide: review v10d F2).
      cell('Difference', row.difference, row.difference ? (row.difference.includes(', ') ? 'list' : '') : 'empty'),
      cell('Allowed', row.allowed, `allowed${row.allowed ? '' : ' empty'}`),
      resultCell(row),
    ]);
    tr.dataset.section = row.section;
    body.append(tr);
  }
  const caption = element('caption', { className: 'visually-hidden' }, ['Fidelity and privacy checks, real against synthetic']);
  return element('div', { className: 'table-scroll' }, [element('table', { className: 'report' }, [caption, element('thead', {}, [head]), body])]);
}

async function check(): Promise<void> {
  const dataset = datasetSelect.value;
  if (!dataset) return;
  const synthetic = syntheticSelect.value;
  const seed = seedInput.value || '1';
  location.hash = new URLSearchParams({ dataset, synthetic, seed }).toString();
  byId('scope').textContent = '';
  summary.replaceChildren(element('p', { className: 'status' }, [synthetic ? `Comparing ${synthetic} with ${dataset}…` : `Fitting a model to ${dataset} and generating a copy (seed ${seed})… a few seconds per 10,000 children.`]));
  report.replaceChildren();
  byId('model').hidden = true;
  try {
    const url = reportUrl(dataset, synthetic, seed);
    const answer = await json<ReportAnswer>(url);
    const t = answer.table;
    const privacy = (s: string) => s === 'Privacy';
    summary.replaceChildren(
      verdict('Fidelity', t.fidelityPass, t.fidelityPass ? ` every rate, median, CP plan band, count open at the end and yearly volume within tolerance; no grammar break${noiseOnlyText(t)}` : failedChecks(t, (s) => !privacy(s), 'outside tolerance') + noiseOnlyText(t)),
      verdict('Privacy', t.privacyPass, t.privacyPass ? ' no sign of copied children' : failedChecks(t, privacy, 'failed')),
    );
    byId('scope').textContent = `${t.windowText}: real ${t.children.real.toLocaleString('en-GB')} children, ${t.events.real.toLocaleString('en-GB')} events; ` +
      `synthetic ${t.children.synthetic.toLocaleString('en-GB')} children, ${t.events.synthetic.toLocaleString('en-GB')} events. ` +
      'Medians and yearly volumes pass within their fixed tolerance or within 3 standard errors of sampling noise, whichever is wider.' +
      (answer.disclosure?.note ? ` ${answer.disclosure.note}` : '');
    report.replaceChildren(renderTable(t), ...(t.noiseOnlyNote ? [element('p', { className: 'note noise-only' }, [t.noiseOnlyNote])] : []));
    report.dataset.loadedUrl = url;
    if (answer.model) {
      const link = byId<HTMLAnchorElement>('model-link');
      link.href = `/api/datasets/${encodeURIComponent(dataset)}/synthetic-model`;
      byId('model').hidden = false;
    }
  } catch (error) {
    summary.replaceChildren(element('p', { className: 'status error', role: 'alert' }, [`The check could not be run: ${(error as Error).message}`]));
  }
}

async function start(): Promise<void> {
  const datasets = await listDatasets();
  const state = readHash();
  for (const d of datasets) {
    datasetSelect.append(element('option', { value: d.name }, [`${d.name} (${d.children.toLocaleString('en-GB')} children)`]));
    syntheticSelect.append(element('option', { value: d.name }, [d.name]));
  }
  if (state.dataset && datasets.some((d) => d.name === state.dataset)) datasetSelect.value = state.dataset;
  if (state.synthetic && datasets.some((d) => d.name === state.synthetic)) syntheticSelect.value = state.synthetic;
  if (state.seed) seedInput.value = state.seed;
  byId<HTMLFormElement>('controls').addEventListener('submit', (event) => {
    event.preventDefault();
    void check();
  });
  if (datasets.length === 0) summary.replaceChildren(element('p', { className: 'status' }, ['No dataset is loaded yet.']));
  else if (state.dataset) await check();
}

void start();
