// Cohort filters as bitmasks: for each field, bit v set = dots whose field value is v are shown. The
// shader tests the bits, so changing a filter only changes a uniform: no reload, no per-dot work.
import { SOURCE_CODES } from '../../../core/events.js';
import { COLOUR_SCHEMES } from './palette.js';

export type FilterField = 'age' | 'sex' | 'ethnicity' | 'disability' | 'source' | 'previous';

export interface FilterFieldInfo {
  field: FilterField;
  title: string;
  values: { value: number; label: string }[];
}

const fromScheme = (field: FilterField, mode: keyof typeof COLOUR_SCHEMES): FilterFieldInfo => ({
  field,
  title: COLOUR_SCHEMES[mode].title,
  values: COLOUR_SCHEMES[mode].entries.map(({ value, label }) => ({ value, label })),
});

export const FILTER_FIELDS: readonly FilterFieldInfo[] = [
  fromScheme('previous', 'episodes'),
  fromScheme('age', 'age'),
  fromScheme('sex', 'sex'),
  fromScheme('ethnicity', 'ethnicity'),
  fromScheme('disability', 'disability'),
  {
    field: 'source',
    title: 'Referral source',
    values: [{ value: 0, label: 'not recorded' }, ...SOURCE_CODES.map((code, i) => ({ value: i + 1, label: code }))],
  },
];

/** Allowed-value bitmask per field. */
export type FilterMasks = Record<FilterField, number>;

export function allowAll(): FilterMasks {
  const masks = {} as FilterMasks;
  for (const info of FILTER_FIELDS) masks[info.field] = fullMask(info);
  return masks;
}

function fullMask(info: FilterFieldInfo): number {
  let mask = 0;
  for (const { value } of info.values) mask |= 1 << value;
  return mask >>> 0;
}

/** Sets or clears one value's bit, returning new masks (input untouched). */
export function toggleValue(masks: FilterMasks, field: FilterField, value: number, allowed: boolean): FilterMasks {
  const info = FILTER_FIELDS.find((f) => f.field === field);
  if (!info || !info.values.some((v) => v.value === value)) throw new Error(`unknown filter value ${field}=${value}`);
  const bit = 1 << value;
  return { ...masks, [field]: (allowed ? masks[field] | bit : masks[field] & ~bit) >>> 0 };
}

/** Whether any field hides some value (for the "filtered" indicator). */
export function isFiltered(masks: FilterMasks): boolean {
  return FILTER_FIELDS.some((info) => masks[info.field] !== fullMask(info));
}

/** The two vec4 uniforms the shader reads: (age, sex, ethnicity, disability), (source, previous, 0, 0). */
export function filterUniforms(masks: FilterMasks): { a: Float32Array; b: Float32Array } {
  return {
    a: new Float32Array([masks.age, masks.sex, masks.ethnicity, masks.disability]),
    b: new Float32Array([masks.source, masks.previous, 0, 0]),
  };
}
