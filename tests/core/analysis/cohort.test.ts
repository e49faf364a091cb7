import { describe, expect, it } from 'vitest';
import { cohortAnchors, cohortRowMask, formatCohort, parseCohort } from '../../../core/analysis/cohort.js';
import { attributes, buildEventTable, ev } from './fixtures.js';

describe('parseCohort', () => {
  it('reads dimension:value|value pairs separated by ;', () => {
    const f = parseCohort('age:1_4|5_9; sex:F ;prev:0|3+');
    expect(formatCohort(f)).toBe('age:1_4|5_9;sex:F;prev:0|3+');
    expect(parseCohort('')).toEqual({});
  });
  it('names the bad part', () => {
    expect(() => parseCohort('colour:red')).toThrow(/unknown cohort dimension "colour"/);
    expect(() => parseCohort('sex:X')).toThrow(/cohort sex has no value "X" \(use M, F, U, \(blank\)\)/);
    expect(() => parseCohort('sex')).toThrow(/dimension:value/);
    expect(() => parseCohort('sex:F;sex:M')).toThrow(/given twice/);
  });
});

describe('cohortRowMask', () => {
  const table = buildEventTable([
    ev('girl', 'referral', '2020-01-01'),
    ev('girl', 'referral', '2021-06-01'),
    ev('girl', 'assessment_start', '2021-06-02'),
    ev('boy', 'contact', '2020-05-01'),
    ev('boy', 'referral', '2020-05-02'),
  ]);
  const children = attributes(table.childIds, (id) => (id === 'girl' ? { sex: 2, dob: '2017-03-01' } : { sex: 1, dob: '2020-05-03' }));
  const anchors = cohortAnchors(table);
  const rowsOf = (text: string) => {
    const mask = cohortRowMask(table, children, anchors, parseCohort(text));
    return mask === null ? 'all' : [...mask].map((m, i) => (m ? `${table.childIds[table.child[i]!]}:${table.type[i]}` : '')).filter(Boolean);
  };
  it('is null (everyone) for an empty filter', () => {
    expect(rowsOf('')).toBe('all');
  });
  it('filters by sex, and by previous referrals judged on the episode’s first date', () => {
    expect(rowsOf('sex:F')).toHaveLength(3);
    // girl's second episode (referral + assessment) had 1 previous referral; everything else 0
    expect(rowsOf('prev:1')).toEqual(['girl:3', 'girl:4']);
  });
  it('judges age on the episode’s first date, so an episode is not split across a birthday', () => {
    // boy born 2020-05-03: his contact and referral predate his birth (an unborn child), so age is unknown
    expect(rowsOf('age:under_1')).toEqual([]);
    expect(rowsOf('age:unknown')).toEqual(['boy:0', 'boy:3']);
    expect(rowsOf('age:1_4')).toEqual(['girl:3', 'girl:3', 'girl:4']);
  });
});
