// The time-in-care curve on the demo fell from 23.5% to 17.2% at 1,825 days. The cut (fewer than 10 still
// followed) is honoured there (11 still followed at the step), and the data have no boundary at 5 years: past
// four years the life table reads the curve once a year, so the fall is a year of endings drawn on one day. The
// chart says so, with the numbers of that interval.
import { describe, expect, it } from 'vitest';
import { coarseStepNote } from '../../../client/src/views/labels.js';

// The demo's last rows (npx tsx: /api/datasets/demo/views/time-in-care, window 2018-04-01 to 2025-03-31).
const demoTail = [
  { group: 'all', from: 1278, to: 1368, at_risk: 36, ended: 3, censored: 3, survival: 0.2439 },
  { group: 'all', from: 1369, to: 1460, at_risk: 30, ended: 1, censored: 2, survival: 0.2355 },
  { group: 'all', from: 1461, to: 1825, at_risk: 27, ended: 6, censored: 10, survival: 0.1718 },
  { group: 'all', from: 1826, to: 2190, at_risk: 11, ended: 5, censored: 5, survival: null },
  { group: 'all', from: 2191, to: null, at_risk: 1, ended: 0, censored: 1, survival: null },
];

describe('the note on a fall drawn at the end of a year-long interval', () => {
  it('says the fall at 1,825 days is the year’s endings, with the shares and counts of that interval', () => {
    const note = coarseStepNote(demoTail, 'in care');
    expect(note).toContain('the fall from 23.5% to 17.2% drawn at 1,825 days is the 6 stays that ended between 1,461 and 1,825 days, of 27 still in care at 1,461 days');
    // quarterly intervals and intervals past the cut (no share drawn) are not named
    expect(note).not.toContain('1,368');
    expect(note).not.toContain('2,190');
  });

  it('says nothing when no long interval is drawn or none of its stays ended', () => {
    expect(coarseStepNote(demoTail.slice(0, 2), 'in care')).toBe('');
    expect(coarseStepNote([demoTail[1]!, { ...demoTail[2]!, ended: 0 }], 'in care')).toBe('');
  });

  it('names the group when there are several, and keeps [c] where a count is suppressed', () => {
    const rows = [
      { ...demoTail[1]!, group: 'F' }, { ...demoTail[2]!, group: 'F', ended: '[c]' as const },
      { ...demoTail[1]!, group: 'M' }, { ...demoTail[2]!, group: 'M' },
    ];
    const note = coarseStepNote(rows, 'on a plan');
    expect(note).toContain('F: the fall from 23.5% to 17.2% drawn at 1,825 days is the [c] stays that ended');
    expect(note).toContain('M: the fall from 23.5% to 17.2%');
    expect(note).toContain('still on a plan at 1,461 days');
  });
});
