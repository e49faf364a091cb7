// Choosing a cohort with checkboxes, one group per dimension (age band, sex, ethnicity, disability,
// previous referrals), instead of typing the filter syntax. A dimension with nothing ticked means
// everyone; the picker reads and writes the same canonical text the API takes (core/analysis/cohort.ts).
import { COHORT_DIMENSIONS, COHORT_VALUES, cohortInWords, formatCohort, parseCohort, type CohortDimension, type CohortFilter } from '../../../core/analysis/cohort.js';

const DIMENSION_NAMES: Record<CohortDimension, string> = {
  age: 'Age band',
  sex: 'Sex',
  eth: 'Ethnicity',
  dis: 'Disability',
  prev: 'Previous referrals',
};

const VALUE_NAMES: Record<string, string> = {
  'age:unknown': 'Not known',
  'age:under_1': 'Under 1',
  'age:1_4': '1 to 4',
  'age:5_9': '5 to 9',
  'age:10_15': '10 to 15',
  'age:16_plus': '16 and over',
  'sex:M': 'Male',
  'sex:F': 'Female',
  'sex:U': 'Unknown',
  'sex:': 'Not recorded',
  'eth:': 'Not recorded',
  'dis:Y': 'Yes',
  'dis:N': 'No',
  'dis:U': 'Unknown',
  'dis:': 'Not recorded',
  'prev:0': 'None',
  'prev:3+': '3 or more',
};

const valueName = (d: CohortDimension, v: string) => VALUE_NAMES[`${d}:${v}`] ?? v[0]!.toUpperCase() + v.slice(1);

export interface CohortPicker {
  element: HTMLElement;
  /** the canonical cohort text ('' = everyone) */
  value(): string;
  set(text: string): void;
  /** a short description, e.g. "female; aged 1–4 or 5–9" */
  describe(): string;
  onChange(listener: () => void): void;
  /**
   * Without exact counts (a viewer) the server answers a cohort of one dimension at a time (two beside
   * their totals would give back small counts): ticking a value then clears the other groups' boxes.
   */
  oneDimension(on: boolean): void;
}

let pickers = 0;

export function createCohortPicker(label: string): CohortPicker {
  const n = ++pickers;
  const details = document.createElement('details');
  details.className = 'cohort-picker';
  const summary = document.createElement('summary');
  details.append(summary);
  const boxes = new Map<CohortDimension, HTMLInputElement[]>();
  const listeners: Array<() => void> = [];
  let onlyOne = false;
  const grid = document.createElement('div');
  grid.className = 'cohort-grid';
  for (const d of COHORT_DIMENSIONS) {
    const fieldset = document.createElement('fieldset');
    const legend = document.createElement('legend');
    legend.textContent = DIMENSION_NAMES[d];
    fieldset.append(legend);
    const inputs = COHORT_VALUES[d].map((v, i) => {
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.id = `cohort-${n}-${d}-${i}`;
      box.value = String(i);
      const l = document.createElement('label');
      l.htmlFor = box.id;
      l.append(box, ` ${valueName(d, v)}`);
      fieldset.append(l);
      box.addEventListener('change', () => {
        if (onlyOne && box.checked) for (const [other, list] of boxes) if (other !== d) for (const b of list) b.checked = false;
        update();
        for (const f of listeners) f();
      });
      return box;
    });
    boxes.set(d, inputs);
    grid.append(fieldset);
  }
  const clear = document.createElement('button');
  clear.type = 'button';
  clear.textContent = 'Everyone';
  clear.addEventListener('click', () => {
    picker.set('');
    for (const f of listeners) f();
  });
  const note = document.createElement('p');
  note.className = 'cohort-note';
  note.hidden = true;
  note.textContent =
    'You can narrow one group at a time (age band, sex, ethnicity, disability or previous referrals): ticking a value clears the other groups. ' +
    'Two groups together, beside their totals, would give away counts of 1 to 4. An analyst can combine them.';
  details.append(note, grid, clear);

  const filter = (): CohortFilter => {
    const f: CohortFilter = {};
    for (const d of COHORT_DIMENSIONS) {
      const ticked = boxes.get(d)!.filter((b) => b.checked).map((b) => Number(b.value));
      if (ticked.length > 0 && ticked.length < COHORT_VALUES[d].length) f[d] = ticked;
    }
    return f;
  };
  // in the same words as the headlines, the map's legend and the downloads (core's one list)
  const describe = () => cohortInWords(filter());
  const update = () => {
    summary.textContent = `${label}: ${describe()}`;
  };
  const picker: CohortPicker = {
    element: details,
    value: () => formatCohort(filter()),
    set(text) {
      let f: CohortFilter = {};
      try {
        f = parseCohort(text);
      } catch {
        f = {};
      }
      for (const d of COHORT_DIMENSIONS) for (const b of boxes.get(d)!) b.checked = f[d]?.includes(Number(b.value)) ?? false;
      update();
    },
    describe,
    onChange(listener) {
      listeners.push(listener);
    },
    oneDimension(on) {
      onlyOne = on;
      note.hidden = !on;
    },
  };
  update();
  return picker;
}
