// The table alternative of each chart: every ViewTable of a view as an HTML <table> (always in the
// page, for screen readers; shown or visually hidden by a toggle), each with its CSV download link.
// Each cell keeps its exact value in data-value, so tests can compare it with the API.
import type { Cell, ColumnKind, ViewTable } from '../../../core/analysis/view-table.js';
import { csvUrl } from './api.js';

const numberFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

export function formatCell(value: Cell, kind: ColumnKind): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  if (kind === 'rate') return `${(value * 100).toFixed(1)}%`;
  return numberFormat.format(value);
}

let tablesShown = false;

/** Renders the tables of a view into `host`, replacing what was there. */
export function renderTables(host: HTMLElement, tables: readonly ViewTable[], url: string): void {
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
  for (const table of tables) {
    const block = document.createElement('div');
    block.className = 'table-block';
    block.dataset.table = table.id;
    const link = document.createElement('a');
    link.href = csvUrl(url, table.id);
    link.textContent = `Download CSV: ${table.title}`;
    link.setAttribute('download', '');
    const scroll = document.createElement('div');
    scroll.className = 'table-scroll';
    const el = document.createElement('table');
    const caption = el.createCaption();
    caption.textContent = table.title;
    const head = el.createTHead().insertRow();
    for (const column of table.columns) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = column.label;
      head.append(th);
    }
    const body = el.createTBody();
    for (const row of table.rows) {
      const tr = body.insertRow();
      row.forEach((value, j) => {
        const td = tr.insertCell();
        td.textContent = formatCell(value, table.columns[j]!.kind);
        td.dataset.value = value === null ? '' : String(value);
      });
    }
    scroll.append(el);
    block.append(link, scroll);
    host.append(block);
    blocks.push(block);
  }
  apply();
}
