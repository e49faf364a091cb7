import { describe, expect, it } from 'vitest';
import { cohortAnchors, cohortRowMask, parseCohort } from '../../../core/analysis/cohort.js';
import { buildEventTable } from '../../../core/event-table.js';
import { cohortBitsOf, packCohort, unpackCohort } from '../../../core/journeys.js';
import { allowAll, cohortQuery, describeFilter, filterUniforms, isFiltered, masksFromCohort, toggleValue, type FilterMasks } from '../../../client/src/dots/cohort-filter.js';
import { COLOUR_MODES, COLOUR_SCHEMES, colourLookBackNote, paletteUniform } from '../../../client/src/dots/palette.js';
import { parseDay } from '../../../core/dates.js';
import { awkwardLog } from '../../core/awkward-log.js';

/** What the vertex shader computes for one field: bit `value` of the mask. */
const allows = (mask: number, value: number) => ((mask >>> value) & 1) === 1;

/** The shader's whole filter test for one dot's cohort bits. */
function shaderShows(masks: FilterMasks, bits: number): boolean {
  const { a, b } = filterUniforms(masks);
  const c = unpackCohort(bits);
  return allows(a[0]!, c.ageBand) && allows(a[1]!, c.sex) && allows(a[2]!, c.ethnicityGroup) && allows(a[3]!, c.disability) && allows(b[0]!, c.previous);
}

describe('cohort filters', () => {
  it('start by showing every value of every field', () => {
    const masks = allowAll();
    expect(isFiltered(masks)).toBe(false);
    expect(cohortQuery(masks)).toBe('');
    expect(describeFilter(masks)).toBe('');
    for (let band = 0; band < 6; band++) expect(allows(masks.age, band)).toBe(true);
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

  it('says the filter in words and in the server\'s cohort syntax', () => {
    let masks = toggleValue(allowAll(), 'sex', 0, false); // hide male
    masks = toggleValue(masks, 'age', 0, false); // hide unknown age
    expect(cohortQuery(masks)).toBe('age:under_1|1_4|5_9|10_15|16_plus;sex:F|U|');
    // What was left out when that is fewer than what is kept (review v8e: the kept ages read like "all ages").
    expect(describeFilter(masks)).toBe('Age band: all but age unknown · Sex: all but male');
    // Fewer kept than left out: the kept ones.
    const twoAges = [0, 1, 2, 3].reduce((m, v) => toggleValue(m, 'age', v, false), allowAll());
    expect(describeFilter(twoAges)).toBe('Age band: 10–15, 16+');
    expect(parseCohort(cohortQuery(masks)!)).toEqual({ age: [1, 2, 3, 4, 5], sex: [1, 2, 3] });
    for (let v = 0; v < 4; v++) masks = toggleValue(masks, 'sex', v, false);
    expect(cohortQuery(masks)).toBeNull();
  });

  it('reads a cohort from a link (the views\' syntax) into the masks that write it back', () => {
    for (const text of ['age:5_9|10_15;sex:F', 'sex:M|U|;dis:Y', 'eth:;prev:0|3+', 'age:unknown|16_plus;sex:F;eth:black;dis:N;prev:1']) {
      const masks = masksFromCohort(text);
      expect(isFiltered(masks), text).toBe(true);
      expect(cohortQuery(masks), text).toBe(text);
    }
    expect(masksFromCohort('')).toEqual(allowAll());
    // Written in another order or with every value of a field: the same children.
    expect(cohortQuery(masksFromCohort('sex:F;age:10_15|5_9'))).toBe('age:5_9|10_15;sex:F');
    expect(cohortQuery(masksFromCohort('sex:M|F|U|'))).toBe('');
    expect(() => masksFromCohort('sex:Q')).toThrow(/no value "Q"/);
  });

  it('shows on the map exactly the event rows the server\'s cohort counts', () => {
    const log = awkwardLog({ children: 300, firstDay: 18000, lastDay: 19500, seed: 5 });
    const table = buildEventTable(log.records);
    const anchors = cohortAnchors(table);
    const filters: FilterMasks[] = [
      toggleValue(allowAll(), 'prev', 0, false),
      toggleValue(toggleValue(allowAll(), 'age', 4, false), 'dis', 3, false),
      toggleValue(toggleValue(allowAll(), 'eth', 0, false), 'sex', 1, false),
    ];
    for (const masks of filters) {
      const server = cohortRowMask(table, log.children, anchors, parseCohort(cohortQuery(masks)!))!;
      let shown = 0;
      for (let row = 0; row < table.length; row++) {
        const onMap = shaderShows(masks, cohortBitsOf(row, table, log.children, anchors));
        expect(onMap, `row ${row}`).toBe(server[row] === 1);
        if (onMap) shown++;
      }
      expect(shown).toBeGreaterThan(0);
      expect(shown).toBeLessThan(table.length);
    }
  });

  it('the uniforms carry the masks in the order the shader reads them, exactly in float32', () => {
    const masks = toggleValue(toggleValue(allowAll(), 'age', 3, false), 'prev', 3, false);
    const { a, b } = filterUniforms(masks);
    expect(Array.from(a)).toEqual([masks.age, masks.sex, masks.eth, masks.dis]);
    expect(b[0]).toBe(masks.prev);
    expect(shaderShows(masks, packCohort(3, 0, 0, 0, 0))).toBe(false);
    expect(shaderShows(masks, packCohort(2, 0, 0, 0, 3))).toBe(false);
    expect(shaderShows(masks, packCohort(2, 0, 0, 0, 2))).toBe(true);
  });

  it('rejects a value the field does not have', () => {
    expect(() => toggleValue(allowAll(), 'sex', 9, false)).toThrow(/unknown filter value sex=9/);
  });
});

describe('palettes', () => {
  it('put each legend colour at its value slot', () => {
    const scheme = COLOUR_SCHEMES.previous;
    const palette = paletteUniform(scheme);
    expect(Array.from(palette.slice(0, 4))).toEqual([1, 1, 1, 1]);
    expect(palette[3 * 4]).toBeCloseTo(0x67 / 255, 5);
    expect(scheme.entries.map((e) => e.label)).toContain('3 or more earlier referrals');
  });

  it('give every colour mode a label and its own colour for every value (colour is never the only cue)', () => {
    for (const scheme of Object.values(COLOUR_SCHEMES)) {
      for (const entry of scheme.entries) expect(entry.label.length).toBeGreaterThan(0);
      expect(new Set(scheme.entries.map((e) => e.colour)).size).toBe(scheme.entries.length);
    }
  });

  // Previous referrals are counted from the data's first date only: before 36 months on, "no earlier referral" holds
  // children referred before the data, so the legend says so (the rule of the views' and the filter's cohort note).
  it('mark the earlier-referrals colours until 36 months after the data’s first date, and no other mode', () => {
    const first = parseDay('2022-04-01')!;
    expect(colourLookBackNote('previous', parseDay('2023-04-01')!, first)).toBe(
      'Incomplete: the data start on 1 April 2022, less than 36 months before 1 April 2023, so referrals before then are not counted as previous ones in the dot colours.',
    );
    expect(colourLookBackNote('previous', parseDay('2025-03-31')!, first)).toMatch(/^Incomplete: .* 31 March 2025/);
    expect(colourLookBackNote('previous', parseDay('2025-04-01')!, first)).toBeNull();
    for (const mode of COLOUR_MODES.filter((m) => m !== 'previous')) expect(colourLookBackNote(mode, parseDay('2023-04-01')!, first)).toBeNull();
    expect(colourLookBackNote('previous', parseDay('2023-04-01')!, null)).toBeNull();
  });
});
