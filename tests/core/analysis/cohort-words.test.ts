// A cohort named in words a senior leader reads (audit of issue 9: the cohorts view's headlines read "A (sex:F)").
import { describe, expect, it } from 'vitest';
import { cohortInWords, cohortTextInWords, parseCohort } from '../../../core/analysis/cohort.js';

describe('cohortInWords', () => {
  it('names values in words, dimensions joined by ";", values by "or", and everyone when nothing narrows', () => {
    expect(cohortTextInWords('sex:F')).toBe('female');
    expect(cohortTextInWords('age:1_4|5_9;sex:F')).toBe('aged 1–4 or 5–9; female');
    expect(cohortTextInWords('prev:0;eth:white|black')).toBe('White or Black; no earlier referral');
    expect(cohortTextInWords('')).toBe('everyone');
    expect(cohortInWords(parseCohort('sex:M|F|U|'))).toBe('everyone'); // every value ticked narrows nothing
    expect(cohortTextInWords('nonsense:1')).toBe('nonsense:1');
  });
});
