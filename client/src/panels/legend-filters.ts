// The side panel's legend (the current colour mode, each colour with its label), the cohort filter
// checkboxes (one group per field) and the chip beside the map that says which filter is on and
// clears it in one click. They only change shader uniforms and the stations' cohort, through callbacks.
import { COLOUR_MODES, COLOUR_SCHEMES, type ColourMode } from '../dots/palette.js';
import type { LineKeyEntry } from '../map/line-key.js';
import { allowAll, describeFilter, FILTER_FIELDS, isFiltered, toggleValue, type FilterField, type FilterMasks } from '../dots/cohort-filter.js';

export function fillColourPicker(select: HTMLSelectElement, mode: ColourMode, onPick: (mode: ColourMode) => void): void {
  select.replaceChildren(
    ...COLOUR_MODES.map((m) => {
      const option = document.createElement('option');
      option.value = m;
      option.textContent = COLOUR_SCHEMES[m].title;
      option.selected = m === mode;
      return option;
    }),
  );
  select.addEventListener('change', () => onPick(select.value as ColourMode));
}

export function renderLegend(list: HTMLUListElement, mode: ColourMode): void {
  const scheme = COLOUR_SCHEMES[mode];
  list.setAttribute('aria-label', `Dot colours: ${scheme.title}`);
  list.replaceChildren(
    ...scheme.entries.map((entry) => {
      const li = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = entry.colour;
      swatch.setAttribute('aria-hidden', 'true');
      const label = document.createElement('span');
      label.textContent = entry.label;
      li.append(swatch, label);
      return li;
    }),
  );
}

/**
 * The legend's look-back note (palette.ts colourLookBackNote): under the colours, and `*` on the legend's title,
 * as the filter's note marks the caption; both gone without one.
 */
export function renderLegendNote(title: HTMLElement, note: HTMLElement, text: string | null): void {
  title.textContent = `Legend${renderCohortNote(note, text)}`;
}

/** The key to the line colours: a stroke of each colour (thin and pale for the untravelled) and its words. */
export function renderLineKey(list: HTMLUListElement, entries: readonly LineKeyEntry[]): void {
  // On a phone the key is folded under the map (a tap on its title opens it); beside the map it is open.
  const box = list.closest('details');
  if (box && window.matchMedia('(max-width: 760px)').matches) box.open = false;
  list.replaceChildren(
    ...entries.map((entry) => {
      const li = document.createElement('li');
      li.dataset.colour = entry.colour;
      const swatch = document.createElement('span');
      swatch.className = entry.faint ? 'line-swatch faint' : 'line-swatch';
      swatch.style.background = entry.colour;
      swatch.setAttribute('aria-hidden', 'true');
      const name = document.createElement('strong');
      name.textContent = entry.name;
      li.append(swatch, name, entry.meaning ? `: ${entry.meaning}` : '');
      return li;
    }),
  );
}

export class FilterPanel {
  masks: FilterMasks = allowAll();

  constructor(
    private readonly host: HTMLElement,
    private readonly onChange: (masks: FilterMasks) => void,
  ) {
    host.replaceChildren(
      ...FILTER_FIELDS.map((info) => {
        const details = document.createElement('details');
        const summary = document.createElement('summary');
        summary.textContent = info.title;
        details.appendChild(summary);
        for (const { value, label } of info.values) {
          const row = document.createElement('label');
          const box = document.createElement('input');
          box.type = 'checkbox';
          box.checked = true;
          box.dataset.field = info.field;
          box.dataset.value = String(value);
          box.addEventListener('change', () => this.set(info.field, value, box.checked));
          row.append(box, ` ${label}`);
          details.appendChild(row);
        }
        return details;
      }),
    );
  }

  /** Shows or hides one value of a field (also what `journeyMap.setFilter` calls). */
  set(field: FilterField, value: number, allowed: boolean): void {
    this.masks = toggleValue(this.masks, field, value, allowed);
    const box = this.host.querySelector<HTMLInputElement>(`input[data-field="${field}"][data-value="${value}"]`);
    if (box) box.checked = allowed;
    this.onChange(this.masks);
  }

  /** Shows every child again. */
  clear(): void {
    this.setAll(allowAll());
  }

  /** Sets every field at once (a cohort from the page's URL), ticking the boxes as a reader would. */
  setAll(masks: FilterMasks): void {
    this.masks = { ...masks };
    for (const box of this.host.querySelectorAll<HTMLInputElement>('input[type=checkbox]')) {
      box.checked = ((this.masks[box.dataset.field as FilterField] >>> Number(box.dataset.value)) & 1) === 1;
    }
    this.onChange(this.masks);
  }
}

/** The chip beside the map: the active filter in words and a button that clears it; hidden when none. */
/**
 * A cohort of previous referrals on a date less than 36 months after the data's first date counts them from that
 * date only: the stations' answer says so (`cohortNote`, core/analysis/cutoffs.ts cohortLookBackNote), shown in
 * the side panel and marked `*` where the filter is named. Returns the mark ('' without a note).
 */
export function renderCohortNote(note: HTMLElement, text: string | null): string {
  note.hidden = !text;
  note.textContent = text ? `* ${text}` : '';
  return text ? ' *' : '';
}

export function renderFilterChip(chip: HTMLElement, masks: FilterMasks, clear: () => void): void {
  chip.hidden = !isFiltered(masks);
  if (chip.hidden) return chip.replaceChildren();
  const text = document.createElement('span');
  text.textContent = `Filter on: ${describeFilter(masks)}`;
  const button = document.createElement('button');
  button.type = 'button';
  button.id = 'filter-clear';
  button.textContent = 'Clear filter ✕';
  button.setAttribute('aria-label', 'Clear the filter: show every child');
  button.addEventListener('click', clear);
  chip.replaceChildren(text, button);
}
