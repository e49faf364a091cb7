// A bar with no value says why (review v9b finding 7): [c] only where a count of 1 to 4, or a figure
// built on one, is suppressed; a Kaplan–Meier median fewer than half have reached says so with the
// numbers still there; a rate of no cases says "no cases".
import { describe, expect, it } from 'vitest';
import { gapText } from '../../../client/src/views/labels.js';

describe('what a bar with no value says', () => {
  it('says [c] only for a suppressed figure', () => {
    expect(gapText('[c]', { n: 40 })).toBe('[c]');
    expect(gapText('[c]', { n: '[c]', open: '[c]' })).toBe('[c]');
  });

  it('says a Kaplan–Meier median is not reached, with how many are still there', () => {
    expect(gapText(null, { n: 51, open: 38, where: 'in care' })).toBe('not reached: 38 of 51 still in care');
    expect(gapText(null, { n: 1235, open: 700 })).toBe('not reached: 700 of 1,235 still there');
  });

  it('says "no cases" for a rate of nothing', () => {
    expect(gapText(null, { n: 0 })).toBe('no cases');
  });
});
