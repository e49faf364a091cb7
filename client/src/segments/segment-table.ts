// The step numbers in words: every step of the window with its label, and whether the label is on the
// map or was left off for space (it would have covered a queue, a station's name or another number).
// Under the station table, and a note on the map when any is left off, so no number goes unsaid.
import type { MapStation } from '../../../core/map-schema.js';
import { daysText, type SegmentFlow } from './segment-flow.js';

export interface SegmentRow {
  flow: SegmentFlow;
  text: string;
  shown: boolean;
}

/** "2 of 9 step numbers left off the map for space (the table lists every step)", or '' when all are on it. */
export function hiddenNote(rows: readonly SegmentRow[]): string {
  const hidden = rows.filter((r) => !r.shown).length;
  if (hidden === 0) return '';
  const slow = rows.some((r) => !r.shown && r.flow.slow) ? '; steps over target keep their ⚠ mark on the track' : '';
  return `${hidden} of ${rows.length} step numbers left off the map for space (the table lists every step)${slow}`;
}

/** Fills the step-number section of the table: one row per step, busiest first. */
export function fillSegmentTable(section: HTMLElement, rows: readonly SegmentRow[], stations: readonly MapStation[], window: string): void {
  // A heading row, not a <caption>: the station table above keeps the one caption of #station-table.
  const title = section.querySelector('#segments-title')!;
  title.textContent = `Step numbers: children who took each step with an arrival in ${window}, their median days from arriving at the first station to arriving at the next, and the median working days of the step itself, which its target judges`;
  const body = section.querySelector('tbody')!;
  body.replaceChildren(
    ...rows.map(({ flow, text, shown }) => {
      const tr = document.createElement('tr');
      tr.dataset.from = stations[flow.from]!.id;
      tr.dataset.to = stations[flow.to]!.id;
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = `${stations[flow.from]!.name} → ${stations[flow.to]!.name}`;
      const cells = [
        flow.children.toLocaleString('en-GB'),
        daysText(flow.medianDays),
        daysText(flow.medianStepWorkingDays),
        flow.slow ? `⚠ over ${flow.target} WD` : '—',
        shown ? `on the map (${text})` : 'left off for space',
      ].map((value) => Object.assign(document.createElement('td'), { textContent: value }));
      tr.append(th, ...cells);
      return tr;
    }),
  );
  section.hidden = rows.length === 0;
}
