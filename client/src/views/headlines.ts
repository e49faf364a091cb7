// The figures a view opens with: each beside the same figure a year earlier and England's, with a mark
// and a note where the data's edges cut it short. They come from the view's published headline rows,
// so a [c] here is a [c] in the table and the CSV.
import type { Cell } from '../../../core/analysis/view-table.js';
import { num, pct, SUPPRESSED } from './labels.js';

type Row = Record<string, Cell>;

function figure(unit: string, v: Cell | undefined): string {
  if (v === SUPPRESSED) return SUPPRESSED;
  if (v === null || v === undefined) return '—';
  if (unit === 'share') return pct(v);
  if (unit === 'days') return `${num(v)} days`;
  if (unit === 'working days') return `${num(v)} working days`;
  return num(v);
}

export function renderHeadlines(host: HTMLElement, rows: readonly Row[], caption: string | null): void {
  host.replaceChildren();
  if (rows.length === 0) return;
  if (caption) {
    const p = document.createElement('p');
    p.className = 'headlines-caption';
    p.textContent = caption;
    host.append(p);
  }
  const list = document.createElement('ul');
  list.className = 'headlines';
  for (const r of rows) {
    const unit = String(r.unit ?? 'count');
    const item = document.createElement('li');
    item.className = 'headline';
    item.dataset.key = String(r.key);
    const label = document.createElement('span');
    label.className = 'headline-label';
    label.textContent = String(r.label);
    const value = document.createElement('span');
    value.className = 'headline-value';
    // A Kaplan–Meier median is null when fewer than half have ended yet: say so rather than "—".
    const notReached = r.key === 'median_days' && r.value === null && typeof r.n === 'number' && r.n > 0;
    value.textContent = (notReached ? 'not reached yet' : figure(unit, r.value)) + (r.note ? ' *' : '');
    const beside = document.createElement('span');
    beside.className = 'headline-beside';
    // With no figure a year earlier, the note says why: no data then, or not published (cut short)
    const lastNote = typeof r.last_note === 'string' ? r.last_note : '';
    const lastText = r.last_value === null && /^No data/.test(lastNote) ? 'no data' : r.last_value === null && /^Not published/.test(lastNote) ? 'not published' : figure(unit, r.last_value);
    const parts = [`a year earlier ${lastText}${lastNote && r.last_value !== null && r.last_value !== undefined ? ' (incomplete)' : ''}`];
    if (lastNote && (r.last_value === null || r.last_value === undefined)) beside.title = lastNote;
    parts.push(r.england === null || r.england === undefined ? 'England: not published' : `England ${figure(unit, r.england)} (${r.england_year})`);
    beside.textContent = parts.join(' · ');
    item.append(label, value, beside);
    if (typeof r.note === 'string') {
      const p = document.createElement('span');
      p.className = 'headline-note';
      p.textContent = `* ${r.note}`;
      item.append(p);
    }
    if (r.england_note) item.title = String(r.england_note);
    list.append(item);
  }
  host.append(list);
}
