import { describe, expect, it } from 'vitest';
import { defaultVideoRange } from '../../../client/src/export/export-controls.js';

const DAY = 86400;
const lastSecond = (day: number) => day * DAY + DAY - 1;

describe('defaultVideoRange', () => {
  const start = 0;
  const end = lastSecond(1000);

  it('covers the 90 days from the date shown in the middle of the data', () => {
    expect(defaultVideoRange(lastSecond(200), start, end)).toEqual({ from: lastSecond(200), to: lastSecond(290) });
  });

  it('at the last date ends at the data\'s last day and covers the 90 days before it, never a day past the data', () => {
    const range = defaultVideoRange(end, start, end);
    expect(range.to).toBe(end);
    expect(range.to - range.from).toBe(90 * DAY);
  });

  it('near the end keeps 90 days, and never starts before the first day of the data', () => {
    expect(defaultVideoRange(lastSecond(980), start, end)).toEqual({ from: lastSecond(910), to: end });
    expect(defaultVideoRange(lastSecond(20), start, lastSecond(40))).toEqual({ from: 0, to: lastSecond(40) });
  });
});
