// Time since the previous referral on a log shorter than the bins (review v9b finding 9): on a 2-year
// log the 24–36, 36–48, 48–60 and 60+ month bins read 0 although no such gap could be seen. Each bin
// says whether the data reach back far enough.
import { describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../../core/dates.js';
import { lookBackNote } from '../../../server/routes/views/rereferrals.js';

const first = dayFromCivil(2022, 4, 17);
const window = { from: dayFromCivil(2023, 4, 10), to: dayFromCivil(2024, 4, 9) };

describe('which gaps since the previous referral the data can show', () => {
  it('says a gap longer than the data cannot be seen, and one the data start cuts is incomplete', () => {
    expect(lookBackNote(0, 1, window, first)).toBeNull();
    expect(lookBackNote(1, 6, window, first)).toBeNull();
    expect(lookBackNote(12, 24, window, first)).toMatch(/^Incomplete/);
    for (const [lo, hi] of [[24, 36], [36, 48], [48, 60], [60, null]] as const) expect(lookBackNote(lo, hi, window, first), `${lo}`).toMatch(/^Cannot be seen/);
  });
});
