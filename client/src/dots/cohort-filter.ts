// Cohort filters as bitmasks: for each cohort dimension, bit v set = dots whose value is v are shown.
// The shader tests the bits, so changing a filter only changes a uniform: no reload, no per-dot work.
// The same masks become the `cohort=` of the stations endpoint (cohortQuery), so the counts beside the
// map always follow the dots on it.
import { COHORT_DIMENSIONS, COHORT_VALUES, parseCohort, type CohortDimension } from '../../../core/analysis/cohort.js';
import { DIMENSION_TITLES, VALUE_LABELS } from './palette.js';

export type FilterField = CohortDimension;

export interface FilterFieldInfo {
  field: FilterField;
  title: string;
  values: { value: number; label: string }[];
}

/** The filter groups, in the order the panel lists them. */
export const FILTER_FIELDS: readonly FilterFieldInfo[] = (['prev', 'age', 'sex', 'eth', 'dis'] as const).map((field) => ({
  field,
  title: DIMENSION_TITLES[field],
  values: COHORT_VALUES[field].map((v, i) => ({ value: i, label: VALUE_LABELS[field][v] ?? v })),
}));

/** Allowed-value bitmask per field. */
export type FilterMasks = Record<FilterField, number>;

function fullMask(field: FilterField): number {
  return ((1 << COHORT_VALUES[field].length) - 1) >>> 0;
}

export function allowAll(): FilterMasks {
  return Object.fromEntries(COHORT_DIMENSIONS.map((d) => [d, fullMask(d)])) as FilterMasks;
}

/** Sets or clears one value's bit, returning new masks (input untouched). */
export function toggleValue(masks: FilterMasks, field: FilterField, value: number, allowed: boolean): FilterMasks {
  if (!(field in masks) || !Number.isInteger(value) || value < 0 || value >= COHORT_VALUES[field].length) {
    throw new Error(`unknown filter value ${field}=${value}`);
  }
  const bit = 1 << value;
  return { ...masks, [field]: (allowed ? masks[field] | bit : masks[field] & ~bit) >>> 0 };
}

/** Whether any field hides some value (for the filter chip). */
export function isFiltered(masks: FilterMasks): boolean {
  return COHORT_DIMENSIONS.some((d) => masks[d] !== fullMask(d));
}

/**
 * The masks as the server's cohort syntax (core/analysis/cohort.ts), '' for everyone, or null when a
 * field allows no value at all (nobody matches: there is nothing to ask).
 */
export function cohortQuery(masks: FilterMasks): string | null {
  const parts: string[] = [];
  for (const d of COHORT_DIMENSIONS) {
    if (masks[d] === fullMask(d)) continue;
    const values = COHORT_VALUES[d].filter((_, i) => (masks[d] >>> i) & 1);
    if (values.length === 0) return null;
    parts.push(`${d}:${values.join('|')}`);
  }
  return parts.join(';');
}

/**
 * The masks of a cohort in the server's syntax (the views' `cohort=`, core/analysis/cohort.ts): the
 * inverse of cohortQuery. Throws CohortSyntaxError on a cohort it cannot read.
 */
export function masksFromCohort(text: string): FilterMasks {
  const filter = parseCohort(text);
  const masks = allowAll();
  for (const d of COHORT_DIMENSIONS) {
    const allowed = filter[d];
    if (allowed) masks[d] = allowed.reduce((mask, i) => mask | (1 << i), 0) >>> 0;
  }
  return masks;
}

/**
 * The active filter in words, e.g. "Age band: 5–9, 10–15 · Sex: female", or what was left out when that
 * is fewer ("Age band: all but age unknown"); '' when none.
 */
export function describeFilter(masks: FilterMasks): string {
  return FILTER_FIELDS.filter((f) => masks[f.field] !== fullMask(f.field))
    .map((f) => {
      const shown = f.values.filter((v) => (masks[f.field] >>> v.value) & 1).map((v) => v.label);
      const hidden = f.values.filter((v) => !((masks[f.field] >>> v.value) & 1)).map((v) => v.label);
      // Whichever list is shorter: "Age band: under 1, 1–4, …, 16+" read like every age when only "not known" was left out.
      if (shown.length === 0) return `${f.title}: none`;
      return hidden.length < shown.length ? `${f.title}: all but ${hidden.join(', ')}` : `${f.title}: ${shown.join(', ')}`;
    })
    .join(' · ');
}

/** The two vec4 uniforms the shader reads: (age, sex, ethnicity, disability), (previous referrals, 0, 0, 0). */
export function filterUniforms(masks: FilterMasks): { a: Float32Array; b: Float32Array } {
  return {
    a: new Float32Array([masks.age, masks.sex, masks.eth, masks.dis]),
    b: new Float32Array([masks.prev, 0, 0, 0]),
  };
}
