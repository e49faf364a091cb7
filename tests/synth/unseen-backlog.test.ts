// Issue 10 "done when" on a log from test generator "backlog": six years of the process before an extract
// that keeps, from before its start, only what is open then (children arrive with earlier episodes the log
// does not show, and with care, plans and episodes under way). No episode ids.
// Every criterion is checked as in tests/synth/unseen.ts, the years before the extract too (they hold what
// it carried in from them).
import { beforeAll, describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../core/dates.js';
import { checkJourneys } from '../../core/grammar.js';
import { backlogLog } from './generators/drift.js';
import type { TestLog } from './generators/log.js';
import { UNSEEN_CHILDREN, checkUnseen, doneWhen, type UnseenCheck } from './unseen.js';

describe('fit, generate and report on the "backlog" log', () => {
  let real: TestLog;
  let check: UnseenCheck;

  beforeAll(() => {
    real = backlogLog({ children: UNSEEN_CHILDREN, from: dayFromCivil(2018, 4, 1), to: dayFromCivil(2025, 3, 31), seed: 5 });
    check = checkUnseen(real, 1);
  }, 300_000);

  it('the log obeys the journey grammar and the fit finds where its extract begins and what it carries from before', () => {
    expect(checkJourneys(real.table, real.children.dob).breaks).toEqual([]);
    expect(check.model.skipped).toEqual({});
    expect(check.fidelity.window.extractFrom?.slice(0, 7)).toBe('2018-04');
    expect(check.model.fittedOn.carried).toMatchObject({ contacts: false, unclosedEpisodes: true });
  });

  // Second CP plans were 10.7% of plans in the copy against 18.3% in the log, and the years before the
  // extract held a tenth of its journeys (README, "Synthetic data": what was missed and why).
  it('meets every criterion: rates (second CP plans too), medians, volumes in every year (those before the extract too), no grammar break, privacy', () => {
    const failed = Object.entries(doneWhen(check)).filter(([, pass]) => !pass).map(([criterion]) => criterion);
    expect(failed).toEqual([]);
    expect(check.fidelity.pass).toBe(true);
    expect(check.privacy.pass).toBe(true);
  });

  it('generates as many children, from a model without small cells', () => {
    expect(check.synthetic.table.childIds.length).toBe(real.table.childIds.length);
    expect(check.privacy.smallCells?.violations).toEqual([]);
  });
});
