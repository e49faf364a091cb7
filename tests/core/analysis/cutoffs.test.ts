import { describe, expect, it } from 'vitest';
import { cohortLookBackNote, completeness, completeRange } from '../../../core/analysis/cutoffs.js';
import { parseCohort } from '../../../core/analysis/cohort.js';
import { addMonths } from '../../../core/dates.js';
import { englandWalesCalendar } from '../../../core/working-days.js';
import { day } from './fixtures.js';

const calendar = englandWalesCalendar();
const span = { first: day('2021-04-01'), last: day('2025-03-31') };

describe('cut-offs at the data’s edges', () => {
  it('starts a 12-month look-back’s complete range 12 months after the first date, and a 36-month one 36 after', () => {
    expect(completeRange('rereferral_12m', span, calendar)).toEqual({ from: day('2022-04-01'), to: span.last });
    expect(completeRange('prior_referral_36m', span, calendar).from).toBe(day('2024-04-01'));
    // A referral on 2022-03-31 looks back to 2021-03-31, a day before the data.
    expect(addMonths(day('2022-03-31'), -12)).toBeLessThan(span.first);
  });

  it('ends a 45-working-day follow-up 45 working days before the last date (bank holidays counted out)', () => {
    const { to } = completeRange('s47_to_icpc', span, calendar);
    expect(calendar.between(to, span.last)).toBe(45);
    expect(calendar.between(to + 1, span.last)).toBe(44);
    expect(completeRange('contact_to_referral', span, calendar).to).toBe(span.last - 7);
  });

  it('marks a window incomplete at either end, with a sentence saying which edge and how far', () => {
    const first = completeness('rereferral_12m', { from: day('2021-04-01'), to: day('2022-03-31') }, span, calendar);
    expect(first).toMatchObject({ complete: false, lookBackShort: true, followUpShort: false });
    expect(first.note).toBe("Incomplete: its look-back of 12 months reaches before the data's first date, 1 April 2021.");
    const last = completeness('s47_to_icpc', { from: day('2025-03-01'), to: span.last }, span, calendar);
    expect(last).toMatchObject({ complete: false, followUpShort: true });
    expect(last.note).toMatch(/follow-up of 45 working days runs past the data's last date, 31 March 2025/);
    expect(completeness('referral_nfa', { from: day('2025-03-01'), to: span.last }, span, calendar).complete).toBe(true);
    expect(completeness('referral_nfa', { from: day('2025-03-01'), to: day('2025-04-30') }, span, calendar).outsideData).toBe(true);
  });
});

describe('a cohort of previous referrals (prev) near the data’s first date', () => {
  const first = day('2022-04-01');
  it('says its look-back is cut, naming the cohort, when the data start less than 36 months before', () => {
    expect(cohortLookBackNote(parseCohort('prev:0'), day('2023-04-01'), first)).toBe(
      "Incomplete: the data start on 1 April 2022, less than 36 months before 1 April 2023, so referrals before then are not counted as previous ones in the cohort 'no earlier referral'.",
    );
    expect(cohortLookBackNote(parseCohort('sex:F;prev:1|2'), day('2025-03-31'), first)).toMatch(/in the cohort 'female; 1 earlier referral or 2 earlier referrals'\.$/);
  });

  it('says nothing 36 months on, without prev, or with every value of prev ticked (everyone)', () => {
    expect(cohortLookBackNote(parseCohort('prev:0'), day('2025-04-01'), first)).toBeNull();
    expect(cohortLookBackNote(parseCohort('sex:F'), day('2023-04-01'), first)).toBeNull();
    expect(cohortLookBackNote(undefined, day('2023-04-01'), first)).toBeNull();
    expect(cohortLookBackNote(parseCohort('prev:0|1|2|3+'), day('2023-04-01'), first)).toBeNull();
  });

  it('says the same of a split by previous referrals (by=prev), alone or beside such a cohort, and nothing 36 months on', () => {
    expect(cohortLookBackNote(undefined, day('2023-04-01'), first, 'prev')).toBe(
      'Incomplete: the data start on 1 April 2022, less than 36 months before 1 April 2023, so referrals before then are not counted as previous ones in the groups by previous referrals.',
    );
    expect(cohortLookBackNote(parseCohort('prev:0'), day('2023-04-01'), first, 'prev')).toMatch(/in the cohort 'no earlier referral' or in the groups by previous referrals\.$/);
    expect(cohortLookBackNote(parseCohort('sex:F'), day('2023-04-01'), first, 'sex')).toBeNull();
    expect(cohortLookBackNote(undefined, day('2025-04-01'), first, 'prev')).toBeNull();
  });

  it('names the groups as its caller shows them (the map: the dot colours)', () => {
    expect(cohortLookBackNote(undefined, day('2023-04-01'), first, 'prev', 'the dot colours')).toBe(
      'Incomplete: the data start on 1 April 2022, less than 36 months before 1 April 2023, so referrals before then are not counted as previous ones in the dot colours.',
    );
    expect(cohortLookBackNote(undefined, day('2025-04-01'), first, 'prev', 'the dot colours')).toBeNull();
  });
});
