// The care-only mode's rates from a dataset's spells in care, against a computation by hand.
import { describe, expect, it } from 'vitest';
import { NO_DATE } from '../../../core/children.js';
import { dayFromCivil } from '../../../core/dates.js';
import { careBandOn, careOnlyForecast, estimateCareRates, placementCategory, placementMixAt, type CareSpell } from '../../../core/forecast/care-only-fit.js';
import { placementCostRefusal } from '../../../core/forecast/scenario.js';

const from = dayFromCivil(2024, 1, 1);
const born = dayFromCivil(2010, 6, 1); // 13 all through: ten_to_sixteen
const F = 'ten_to_sixteen|fostering';
const R = 'ten_to_sixteen|residential';
const spells: CareSpell[] = [
  { child: 0, start: dayFromCivil(2023, 12, 1), end: null, placement: 'U1' },
  { child: 1, start: dayFromCivil(2023, 12, 1), end: from + 3, placement: 'U1' },
  { child: 1, start: from + 3, end: null, placement: 'K2' }, // fostering → residential on day 3
  { child: 2, start: dayFromCivil(2023, 12, 15), end: from + 5, placement: 'U3' }, // leaves care on day 5
  { child: 3, start: from + 2, end: from + 8, placement: 'R1' }, // enters on day 2
  { child: 3, start: from + 8, end: null, placement: 'U2' }, // residential → fostering on day 8
  { child: 4, start: dayFromCivil(2023, 11, 1), end: from + 6, placement: 'U4' },
  { child: 4, start: from + 6, end: null, placement: 'U5' }, // fostering → fostering: no move
  { child: 5, start: dayFromCivil(2023, 11, 1), end: null, placement: 'U1' }, // no date of birth
  { child: 6, start: dayFromCivil(2023, 11, 1), end: from, placement: 'U1' }, // left before the window
];
const dob = [born, born, born, born, born, NO_DATE, born];
const rate = (flows: { from: string | null; to: string | null; value: number }[], a: string | null, b: string | null) =>
  flows.filter((f) => f.from === a && f.to === b).reduce((s, f) => s + f.value, 0);

describe('care-only rates from spells in care', () => {
  it('categories and bands as the demand model bins them', () => {
    expect(['U1', 'u6', 'K2', 'R1', 'H5', 'P2', 'Z1', 'T0', null, ' '].map(placementCategory)).toEqual(['fostering', 'fostering', 'residential', 'residential', 'supported', 'supported', 'other', 'other', 'not_recorded', 'not_recorded']);
    const b = dayFromCivil(2020, 3, 10);
    expect([dayFromCivil(2020, 3, 10), dayFromCivil(2021, 3, 9), dayFromCivil(2021, 3, 10), dayFromCivil(2025, 3, 10), dayFromCivil(2036, 3, 10), dayFromCivil(2039, 1, 1)].map((d) => careBandOn(b, d)))
      .toEqual(['birth_to_one', 'birth_to_one', 'one_to_five', 'five_to_ten', 'sixteen_to_eighteen', 'sixteen_to_eighteen']);
    expect(careBandOn(NO_DATE, b)).toBeNull();
  });

  it('daily rates, entrants and population equal a computation by hand', () => {
    const r = estimateCareRates(spells, dob, from, from + 10);
    // Fostering stock on days 0..10: 4 4 4 3 3 2 2 2 3 3 3; residential: 0 0 1 2 2 2 2 2 1 1 1.
    // Moves: day 3 F→R, 1 of the 4 fostered on day 2; day 5 F→out, 1 of 3 on day 4; day 8 R→F, 1 of 2 on day 7.
    // Each rate is the mean over the window's 10 days of the day's fraction.
    expect(rate(r.rates, F, R)).toBeCloseTo(1 / 4 / 10, 12);
    expect(rate(r.rates, F, null)).toBeCloseTo(1 / 3 / 10, 12);
    expect(rate(r.rates, R, F)).toBeCloseTo(1 / 2 / 10, 12);
    expect(r.rates).toHaveLength(3);
    // One entrant (child 3 into residential on day 2) over 10 days; child 1's move is not an entry.
    expect(r.entrants).toEqual([{ from: null, to: R, value: 0.1 }]);
    expect(Object.fromEntries(r.population)).toEqual({ [F]: 3, [R]: 1 });
    expect(r.placements).toEqual(['fostering', 'residential']);
    expect(r.childrenWithoutDob).toBe(1);
  });

  it('projects the population on asOf forward month by month, split by placement', () => {
    const r = careOnlyForecast(spells, dob, { asOf: from + 10, months: 3, referenceFrom: from });
    expect(r.months).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(r.start).toEqual({ looked_after: 4, fostering: 3, residential: 1 });
    // Entrants (0.1 a day) outrun the leavers (1/30 of the fostered a day): the total grows.
    expect(r.series.looked_after![0]!).toBeGreaterThan(4);
    r.series.looked_after!.forEach((total, m) => expect(total).toBeCloseTo(r.series.fostering![m]! + r.series.residential![m]!, 0));
  });

  it('the placement mix on a day, and costs per placement type refused where no placement is recorded', () => {
    const mix = placementMixAt(spells, from + 4);
    // in care on day 4: 0 U1, 1 K2, 2 U3, 3 R1, 4 U4, 5 U1 (every child counts here, age or not)
    expect(mix).toEqual({ at: '2024-01-05', children: 6, shares: { K2: 1 / 6, R1: 1 / 6, U1: 2 / 6, U3: 1 / 6, U4: 1 / 6 } });
    const costs = { weekly: {}, inflationPerYear: 0, weeklyPerPlacement: { U4: 600 } };
    expect(placementCostRefusal(costs, mix)).toBeNull();
    const none = placementMixAt([{ child: 0, start: from, end: null, placement: null }], from + 1);
    expect(placementCostRefusal(costs, none)).toMatch(/none of the 1 children looked after on 2024-01-02 has a placement type/);
    expect(placementCostRefusal(costs, placementMixAt([], from))).toMatch(/no child is looked after/);
    expect(placementCostRefusal({ weekly: { looked_after: 1 }, inflationPerYear: 0 }, none)).toBeNull();
  });
});
