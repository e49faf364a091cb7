// The population table a user types on the "What next" page becomes the demand lever's table, and a
// mistake is refused naming its line (nothing is run on a half-read table).
import { describe, expect, it } from 'vitest';
import { inFormWords, LeverFormError, readPlacementCosts, readPopulation, writePopulation } from '../../../client/src/forecast/levers-form.js';
import { CostsSchema } from '../../../core/forecast/scenario.js';
import { DemandLeverSchema } from '../../../core/forecast/levers.js';

describe('population table', () => {
  it('reads commas, tabs or spaces, skips a header and blank lines, and round-trips', () => {
    const text = 'age band, year, children\n0_4, 2025, 12000\n\n0_4\t2030\t12600\n16_plus 2025 8000\n16_plus;2030;8400\n';
    const table = readPopulation(text);
    expect(table).toEqual({ '0_4': { '2025': 12000, '2030': 12600 }, '16_plus': { '2025': 8000, '2030': 8400 } });
    expect(readPopulation(writePopulation(table!))).toEqual(table);
    // what the API validates
    expect(DemandLeverSchema.safeParse({ lever: 'demand_growth', population: table, from: '2025-04-01' }).success).toBe(true);
  });

  it('is empty when nothing is typed', () => {
    expect(readPopulation('')).toBeNull();
    expect(readPopulation('age band, year, children\n\n')).toBeNull();
  });

  it('names the line of a mistake', () => {
    const cases: [string, RegExp][] = [
      ['0_4, 2025, 12000\n0_4, 2030', /line 2: give three values/],
      ['0_4, 2025, 12000\n0_4, 30, 100', /line 2: the year is four digits/],
      ['0_4, 2025, 12000\n0_4, 2030, -5', /line 2: the number of children is a positive number/],
      ['0_4, 2025, 12000\n0_4, 2025, 12500', /line 2: age band 0_4 has 2025 twice/],
      ['0 4 x, 2025, 1', /line 1/],
      ['0_4, 2025, 12000\n5_9, 2025, 11000', /at least two years/],
    ];
    for (const [text, reason] of cases) {
      expect(() => readPopulation(text), text).toThrow(LeverFormError);
      expect(() => readPopulation(text), text).toThrow(reason);
    }
  });
});

describe('weekly costs per placement type', () => {
  it('reads a code and £ a week per line, as the API takes them', () => {
    const costs = readPlacementCosts('U4, 650\n\nk2 5200\nR1;£4800.5\n');
    expect(costs).toEqual({ U4: 650, K2: 5200, R1: 4800.5 });
    expect(CostsSchema.safeParse({ weekly: {}, weeklyPerPlacement: costs }).success).toBe(true);
    expect(readPlacementCosts(' \n')).toBeNull();
  });
  it('names the line of a mistake; the API names an unknown code', () => {
    expect(() => readPlacementCosts('U4, 650\nfoster, 10')).toThrow(/line 2: write a placement code/);
    expect(() => readPlacementCosts('U4, 650\nU4, 700')).toThrow(/line 2: U4 is given twice/);
    expect(() => readPlacementCosts('U4, -5')).toThrow(LeverFormError);
    const unknown = CostsSchema.safeParse({ weekly: {}, weeklyPerPlacement: { U9: 10 } });
    expect(unknown.error?.issues[0]).toMatchObject({ path: ['weeklyPerPlacement', 'U9'], message: expect.stringMatching(/"U9" is not an SSDA903 placement type/) });
  });
});

describe("the API's words in the form's (audit a13g)", () => {
  it('names levers by their rows, not by their place in the body or their API names', () => {
    const scenario = {
      levers: [
        { lever: 's47_rate', multiplier: 2.5, from: '2024-02-01' },
        { lever: 'demand_growth', percentPerYear: 3, from: '2024-01-01' },
        { lever: 'demand_growth', population: { '0_4': { '2024': 1, '2026': 2 } }, from: '2024-01-01' },
      ],
    } as unknown as Parameters<typeof inFormWords>[1];
    // the shapes scenario.ts and server/errors.ts write
    expect(inFormWords("levers.0: s47_rate acts from 1 January 2030, after the forecast's last day (31 December 2024): it changes nothing in this forecast.", scenario))
      .toBe("Section 47 rate acts from 1 January 2030, after the forecast's last day (31 December 2024): it changes nothing in this forecast.");
    expect(inFormWords('levers.2: demand_growth is given twice (levers.1 too): both act, one on top of the other.', scenario))
      .toBe('Demand growth (population table) is given twice (also as Demand growth (% a year)): both act, one on top of the other.');
    expect(inFormWords('levers.0: s47_rate: it changes how many referrals lead to a section 47 enquiry, and the data up to 2023-12-31 has none, so it would change nothing', scenario))
      .toBe('Section 47 rate: it changes how many referrals lead to a section 47 enquiry, and the data up to 2023-12-31 has none, so it would change nothing');
    expect(inFormWords('levers.2: the population table gives no band for ages 5 to 17: arrivals …', scenario))
      .toBe('Demand growth (population table): the population table gives no band for ages 5 to 17: arrivals …');
    expect(inFormWords('body.levers.0.multiplier: Too big: expected number to be <=10', scenario)).toBe('Section 47 rate (multiplier): Too big: expected number to be <=10');
    expect(inFormWords('s47_rate ×2.5 takes the probability that a referral leads to a section 47 enquiry (fitted 0.45) past 1', scenario))
      .toBe('Section 47 rate ×2.5 takes the probability that a referral leads to a section 47 enquiry (fitted 0.45) past 1');
    // no scenario (a baseline's warnings): the text as the API wrote it
    expect(inFormWords('levers.0: s47_rate: none', null)).toBe('levers.0: s47_rate: none');
  });
});
