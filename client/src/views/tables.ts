// The table alternative of each chart: every published table of a view as an HTML <table> (always in
// the page, for screen readers; shown or visually hidden by a toggle), each with its CSV download. The
// cells are the API's published cells ([c] included); dates read "April 2024"; each cell keeps its
// exact value in data-value so tests can compare it with the API. Machine columns (ids) are left out.
import type { Cell, ColumnKind, ViewTable } from '../../../core/analysis/view-table.js';
import { csvUrl } from './api.js';
import { longDate, SUPPRESSED } from './labels.js';

const numberFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

export function formatCell(value: Cell, kind: ColumnKind): string {
  if (value === null) return '—';
  if (value === SUPPRESSED) return SUPPRESSED;
  if (typeof value === 'string') return kind === 'date' ? longDate(value) : value;
  if (kind === 'rate') return `${(value * 100).toFixed(1)}%`;
  return numberFormat.format(value);
}

let tablesShown = false;

/** Renders the tables of a view into `host`, replacing what was there. */
/**
 * What a CSV holds, said in its link (review v9d finding 7): the file itself stays plain rows for pipelines,
 * its name carries the cohort and window (server/routes/views/service.ts csvFileName), and the link the rest.
 */
export interface CsvContext {
  dataset: string;
  /** "1 April 2024 to 31 March 2025", or the impact view's weeks and marker */
  window: string;
  /** "everyone" when there is no filter */
  cohort: string;
}

export function csvLinkText(title: string, context: CsvContext): string {
  return `Download CSV: ${title} — dataset ${context.dataset}; ${context.window}; cohort: ${context.cohort || 'everyone'}; source: child-journey tube map`;
}

export function renderTables(host: HTMLElement, tables: readonly ViewTable[], url: string, note: string | null, context?: CsvContext): void {
  host.replaceChildren();
  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.className = 'table-toggle';
  const blocks: HTMLElement[] = [];
  const apply = () => {
    toggle.textContent = tablesShown ? 'Hide tables' : 'Show tables';
    toggle.setAttribute('aria-pressed', String(tablesShown));
    for (const block of blocks) block.querySelector('.table-scroll')!.classList.toggle('visually-hidden', !tablesShown);
  };
  toggle.addEventListener('click', () => {
    tablesShown = !tablesShown;
    apply();
  });
  host.append(toggle);
  if (note) {
    const p = document.createElement('p');
    p.className = 'hint disclosure-note';
    p.textContent = note;
    host.append(p);
  }
  for (const table of tables) {
    const block = document.createElement('div');
    block.className = 'table-block';
    block.dataset.table = table.id;
    const link = document.createElement('a');
    link.href = csvUrl(url, table.id);
    link.textContent = context ? csvLinkText(table.title, context) : `Download CSV: ${table.title}`;
    link.setAttribute('download', '');
    const scroll = document.createElement('div');
    scroll.className = 'table-scroll';
    const el = document.createElement('table');
    const caption = el.createCaption();
    caption.textContent = table.title;
    const shown = table.columns.map((c, j) => ({ c, j })).filter(({ c }) => !c.hidden);
    const head = el.createTHead().insertRow();
    for (const { c } of shown) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = c.label;
      head.append(th);
    }
    const body = el.createTBody();
    for (const row of table.rows) {
      const tr = body.insertRow();
      for (const { c, j } of shown) {
        const value = row[j] ?? null;
        const td = tr.insertCell();
        td.textContent = formatCell(value, c.kind);
        td.dataset.value = value === null ? '' : String(value);
        td.dataset.column = c.key;
      }
    }
    scroll.append(el);
    block.append(link, scroll);
    if (table.note) {
      const p = document.createElement('p');
      p.className = 'hint';
      p.textContent = table.note;
      block.append(p);
    }
    host.append(block);
    blocks.push(block);
  }
  apply();
}
