// Colour modes of the dots: which cohort field picks a dot's colour, the colour of each value and the
// legend label. Categorical colours are Okabe–Ito (safe for the common colour-vision deficiencies);
// previous episodes run white → deep red (ColorBrewer Reds). Colour is never the only cue: every
// value also has a filter checkbox and a legend label, and the station table gives numbers.
import { AGE_BANDS } from '../../../core/children.js';
import { DISABILITY_CODES, ETHNICITY_GROUP_NAMES, SEX_CODES } from '../../../core/events.js';

export type ColourMode = 'episodes' | 'age' | 'sex' | 'ethnicity' | 'disability';

export interface LegendEntry {
  /** the field value the shader sees (index into the palette) */
  value: number;
  label: string;
  colour: string;
}

export interface ColourScheme {
  mode: ColourMode;
  title: string;
  /** shader field number (uStyle.z) */
  field: number;
  entries: LegendEntry[];
}

const BLANK = '#8a8f98';
const OKABE_ITO = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7'];
const REDS = ['#ffffff', '#fcbba1', '#fc9272', '#fb6a4a', '#de2d26', '#a50f15'];

const AGE_LABELS: Record<string, string> = {
  unknown: 'age unknown', under_1: 'under 1', '1_4': '1–4', '5_9': '5–9', '10_15': '10–15', '16_plus': '16+',
};
const SEX_LABELS: Record<string, string> = { M: 'male', F: 'female', U: 'unknown / indeterminate' };
const DISABILITY_LABELS: Record<string, string> = { Y: 'disabled', N: 'not disabled', U: 'disability unknown' };

function categorical(names: readonly string[], labels: Record<string, string>, blank: string): LegendEntry[] {
  return [
    { value: 0, label: blank, colour: BLANK },
    ...names.map((name, i) => ({ value: i + 1, label: labels[name] ?? name, colour: OKABE_ITO[i % OKABE_ITO.length]! })),
  ];
}

export const COLOUR_SCHEMES: Readonly<Record<ColourMode, ColourScheme>> = {
  episodes: {
    mode: 'episodes',
    title: 'Previous episodes',
    field: 0,
    entries: REDS.map((colour, i) => ({ value: i, label: i === 0 ? 'none (first episode)' : i === 5 ? '5 or more' : String(i), colour })),
  },
  age: {
    mode: 'age',
    title: 'Age band',
    field: 1,
    entries: AGE_BANDS.map((band, i) => ({ value: i, label: AGE_LABELS[band] ?? band, colour: i === 0 ? BLANK : OKABE_ITO[i - 1]! })),
  },
  sex: { mode: 'sex', title: 'Sex', field: 2, entries: categorical(SEX_CODES, SEX_LABELS, 'not recorded') },
  ethnicity: {
    mode: 'ethnicity',
    title: 'Ethnicity group',
    field: 3,
    entries: categorical(ETHNICITY_GROUP_NAMES, {}, 'not recorded'),
  },
  disability: { mode: 'disability', title: 'Disability', field: 4, entries: categorical(DISABILITY_CODES, DISABILITY_LABELS, 'not recorded') },
};

export const COLOUR_MODES = Object.keys(COLOUR_SCHEMES) as ColourMode[];

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
