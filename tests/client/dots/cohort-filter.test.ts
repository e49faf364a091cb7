import { describe, expect, it } from 'vitest';
import { packCohort } from '../../../core/journeys.js';
import { allowAll, filterUniforms, isFiltered, toggleValue } from '../../../client/src/dots/cohort-filter.js';
import { COLOUR_SCHEMES, paletteUniform } from '../../../client/src/dots/palette.js';

/** What the vertex shader computes for one field: bit `value` of the mask. */
const allows = (mask: number, value: number) => ((mask >>> value) & 1) === 1;

describe('cohort filters', () => {
  it('start by showing every value of every field', () => {
    const masks = allowAll();
    expect(isFiltered(masks)).toBe(false);
    for (let band = 0; band < 6; band++) expect(allows(masks.age, band)).toBe(true);
    for (let source = 0; source < 23; source++) expect(allows(masks.source, source)).toBe(true);
  });

  it('hiding a value clears only its bit, without touching the input', () => {
    const before = allowAll();
    const after = toggleValue(before, 'sex', 2, false);
    expect(allows(after.sex, 2)).toBe(false);
    expect(allows(after.sex, 1)).toBe(true);
    expect(allows(before.sex, 2)).toBe(true);
    expect(isFiltered(after)).toBe(true);
    expect(isFiltered(toggleValue(after, 'sex', 2, true))).toBe(false);
  });

  it('the uniforms carry the masks in the order the shader reads them, exactly in float32', () => {
    const masks = toggleValue(toggleValue(allowAll(), 'age', 3, false), 'source', 22, false);
    const { a, b } = filterUniforms(masks);
    expect(Array.from(a)).toEqual([masks.age, masks.sex, masks.ethnicity, masks.disability]);
    expect(b[0]).toBe(masks.source);
    expect(b[1]).toBe(masks.previous);
    // the shader unpacks the cohort the way journeys.ts packs it
    const cohort = packCohort(3, 2, 4, 1, 22);
    expect(allows(a[0]!, cohort & 7)).toBe(false);
    expect(allows(b[0]!, (cohort >> 10) & 31)).toBe(false);
  });

  it('rejects a value the field does not have', () => {
    expect(() => toggleValue(allowAll(), 'sex', 9, false)).toThrow(/unknown filter value sex=9/);
  });
});

describe('palettes', () => {
  it('put each legend colour at its value slot', () => {
    const scheme = COLOUR_SCHEMES.episodes;
    const palette = paletteUniform(scheme);
    expect(Array.from(palette.slice(0, 4))).toEqual([1, 1, 1, 1]);
    expect(palette[5 * 4]).toBeCloseTo(0xa5 / 255, 5);
    expect(scheme.entries.map((e) => e.label)).toContain('5 or more');
  });

  it('give every colour mode a label for every value (colour is never the only cue)', () => {
    for (const scheme of Object.values(COLOUR_SCHEMES)) {
      for (const entry of scheme.entries) expect(entry.label.length).toBeGreaterThan(0);
      expect(new Set(scheme.entries.map((e) => e.colour)).size).toBe(scheme.entries.length);
    }
  });
});
