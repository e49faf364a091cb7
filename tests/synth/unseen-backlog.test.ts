// Issue 10 "done when" on a log from test generator "backlog": six years of the process before an extract
// that keeps, from before its start, only what is open then (children arrive with earlier episodes the log
// does not show, and with care, plans and episodes under way). No episode ids.
// Every criterion is checked as in tests/synth/unseen.ts, the years before the extract too (they hold what
// it carried in from them). One miss is known and kept visible here rather than hidden: `it.fails` turns
// red the day it is fixed, so that it can become a plain test.
import { beforeAll, describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../core/dates.js';
import { checkJourneys } from '../../core/grammar.js';
import { backlogLog } from './generators/drift.js';
import type { TestLog } from './generators/log.js';
import { UNSEEN_CHILDREN, checkUnseen, doneWhen, type UnseenCheck } from './unseen.js';

describe('fit, generate and report on the "backlog" log', () => {
  let real: TestLog;
  let check: UnseenCheck;
  /** criteria that fail: known misses (see below) and the rest */
  let known: string[];
  let other: string[];

  beforeAll(() => {
    real = backlogLog({ children: UNSEEN_CHILDREN, from: dayFromCivil(2018, 4, 1), to: dayFromCivil(2025, 3, 31), seed: 5 });
    check = checkUnseen(real, 1);
    const failed = Object.entries(doneWhen(check)).filter(([, pass]) => !pass).map(([criterion]) => criterion);
    const isKnown = (c: string) => c.startsWith('rate cp_plan_second_or_subsequent');
    known = failed.filter(isKnown);
    other = failed.filter((c) => !isKnown(c));
  }, 300_000);

  it('the log obeys the journey grammar and the fit finds where its extract begins', () => {
    expect(checkJourneys(real.table, real.children.dob).breaks).toEqual([]);
    expect(check.model.skipped).toEqual({});
    expect(check.fidelity.window.extractFrom?.slice(0, 7)).toBe('2018-04');
  });

  it('meets every other criterion: rates, medians, volumes in every year (those before the extract too), no grammar break, privacy', () => {
    expect(other).toEqual([]);
    expect(check.privacy.pass).toBe(true);
  });

  // Known miss (issue 10, not fixed): CP plans after an earlier one are 18% of plans in the log against 12%
  // in the copy, which holds about 10% fewer plans from 2019 on (fewer children with a plan come back to a
  // second one).
  it.fails('known miss: second CP plans', () => {
    expect(known).toEqual([]);
  });
});
