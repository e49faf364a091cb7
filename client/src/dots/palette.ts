// Colour modes of the dots: which cohort field picks a dot's colour, the colour of each value and the
// legend label. Values are the cohort values the server filters by (core/analysis/cohort.ts
// COHORT_VALUES indices), so a colour, a filter and a `cohort=` query all speak of the same groups.
// Categorical colours are Okabe–Ito (safe for the common colour-vision deficiencies); previous
// referrals run pale → deep red (ColorBrewer Reds). Colour is never the only cue: every value also
// has a filter checkbox and a legend label, and the station table gives numbers.
import { COHORT_VALUE_WORDS, COHORT_VALUES, type CohortDimension } from '../../../core/analysis/cohort.js';
import { cohortLookBackNote } from '../../../core/analysis/cutoffs.js';

export type ColourMode = 'previous' | 'age' | 'sex' | 'ethnicity' | 'disability';

export interface LegendEntry {
  /** the field value the shader sees (index into COHORT_VALUES of its dimension, and into the palette) */
  value: number;
  label: string;
  colour: string;
}

export interface ColourScheme {
  mode: ColourMode;
  title: string;
  /** the cohort dimension it colours by */
  dimension: CohortDimension;
  /** shader field number (uStyle.z) */
  field: number;
  entries: LegendEntry[];
}

const BLANK = '#8a8f98';
const OKABE_ITO = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7'];
const REDS = ['#ffffff', '#fc9272', '#de2d26', '#67000d'];

/** How each cohort value reads in a legend, a filter and a caption. */
/** Each value in words (one list for the legend, the filter chip and the views' headlines). */
export const VALUE_LABELS = COHORT_VALUE_WORDS;

export const DIMENSION_TITLES: Readonly<Record<CohortDimension, string>> = {
  prev: 'Earlier referrals',
  age: 'Age band',
  sex: 'Sex',
  eth: 'Ethnicity group',
  dis: 'Disability',
};

function entries(dimension: CohortDimension, colour: (value: string, i: number) => string): LegendEntry[] {
  return COHORT_VALUES[dimension].map((value, i) => ({ value: i, label: VALUE_LABELS[dimension][value] ?? value, colour: colour(value, i) }));
}

const UNKNOWN = '#50545c';
const categorical = (value: string, i: number) => (value === '' ? BLANK : value === 'unknown' ? UNKNOWN : OKABE_ITO[i % OKABE_ITO.length]!);

export const COLOUR_SCHEMES: Readonly<Record<ColourMode, ColourScheme>> = {
  previous: { mode: 'previous', title: DIMENSION_TITLES.prev, dimension: 'prev', field: 0, entries: entries('prev', (_, i) => REDS[i]!) },
  age: { mode: 'age', title: DIMENSION_TITLES.age, dimension: 'age', field: 1, entries: entries('age', (v, i) => (v === 'unknown' ? BLANK : OKABE_ITO[i - 1]!)) },
  sex: { mode: 'sex', title: DIMENSION_TITLES.sex, dimension: 'sex', field: 2, entries: entries('sex', categorical) },
  ethnicity: { mode: 'ethnicity', title: DIMENSION_TITLES.eth, dimension: 'eth', field: 3, entries: entries('eth', categorical) },
  disability: { mode: 'disability', title: DIMENSION_TITLES.dis, dimension: 'dis', field: 4, entries: entries('dis', categorical) },
};

export const COLOUR_MODES = Object.keys(COLOUR_SCHEMES) as ColourMode[];

/**
 * The legend's note for a colour mode on the day shown (`day`, days since 1970): coloured by previous referrals,
 * counted from the data's first day (`first`; null when the data have none) only, a day less than 36 months after
 * it draws children referred before the data as "no earlier referral". The views' and the filter's rule
 * (core/analysis/cutoffs.ts cohortLookBackNote, split by the scheme's dimension); null for every other mode.
 */
export function colourLookBackNote(mode: ColourMode, day: number, first: number | null): string | null {
  return first === null ? null : cohortLookBackNote(undefined, day, first, COLOUR_SCHEMES[mode].dimension, 'the dot colours');
}

/** `#rrggbb` → [r, g, b] in 0–1. */
export function parseHexColour(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) throw new Error(`invalid colour: ${hex} (expected #rrggbb)`);
  const n = parseInt(m[1]!, 16);
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255];
}

/** The 8-entry RGBA palette uniform of a scheme (unused slots transparent). */
export function paletteUniform(scheme: ColourScheme): Float32Array {
  const out = new Float32Array(32);
  for (const entry of scheme.entries) {
    if (entry.value > 7) throw new Error(`palette ${scheme.mode}: value ${entry.value} exceeds the 8 shader slots`);
    const [r, g, b] = parseHexColour(entry.colour);
    out.set([r, g, b, 1], entry.value * 4);
  }
  return out;
}
