// Pre-proceedings and family group decision making (module 5), from the 2026-27 ruleset (collection
// year 2027). The validator's 2026-27 folder, as read, cannot load: three files define 8995Q and
// rule_2886Q.py reads a column PreProceedings does not have. These ports check what each rule states.
import { before, censusPeriod, cinDay, failuresAt, isNa, laLevel, within, type CinReturn } from '../cin.js';
import type { Failure, Row } from '../rule.js';
import { cinRule } from './rule.js';

const YEARS: [number, number] = [2027, 9999];

/** Rows where `column` (a date, when present) is outside the census period or before `after` (when both are present). */
function dateInYearAndAfter(data: CinReturn, code: string, column: string, after?: string): Failure[] {
  const period = censusPeriod(data);
  if (!period) return [];
  return failuresAt(code, 'PreProceedings', data.tables.PreProceedings.flatMap((row, i) => {
    const day = cinDay(row[column]);
    if (day === null) return [];
    if (after === undefined) return within(day, period.start, period.end) ? [] : [i];
    const earliest = cinDay(row[after]);
    if (earliest === null) return []; // the validator sets aside rows without the earlier date
    return !within(day, period.start, period.end) || before(day, earliest) ? [i] : [];
  }));
}

const rowsWhere = (data: CinReturn, code: string, test: (row: Row) => boolean): Failure[] => failuresAt(code, 'PreProceedings', data.tables.PreProceedings.flatMap((row, i) => (test(row) ? [i] : [])));

export const PRE_PROCEEDINGS_RULES = [
  cinRule({
    code: '8995Q',
    message: 'Please check and provide a reason why no module 5 (pre-proceedings and FGM) data has been provided for any child.',
    years: YEARS,
    check: (data) => (data.tables.PreProceedings.length === 0 ? laLevel('8995Q') : []),
  }),
  // (the validator counts rows, not start dates, so it only fires when module 5 is absent altogether)
  cinRule({
    code: '9000Q',
    message: 'Please check: If you do not yet collect this data, please leave this field blank and provide a reason.',
    years: YEARS,
    check: (data) => (data.tables.PreProceedings.every((row) => isNa(row.PPStartDate)) ? laLevel('9000Q') : []),
  }),
  cinRule({
    code: '9005',
    message: 'The date of the legal planning meeting or other decision making forum where the LA made the decision to commence pre-proceedings cannot fall outside the reporting year.',
    years: YEARS,
    check: (data) => dateInYearAndAfter(data, '9005', 'PPStartDate'),
  }),
  cinRule({
    code: '9006',
    message: 'The date the letter before proceedings was sent must be within the reporting year and after the date pre-proceedings began.',
    years: YEARS,
    check: (data) => dateInYearAndAfter(data, '9006', 'LBPSentDate', 'PPStartDate'),
  }),
  // (the validator's code tests the reverse: an offer recorded with no letter; this port checks the rule)
  cinRule({
    code: '9007',
    message: 'You have confirmed that a letter before proceedings was sent. Please confirm whether or not a FGDM meeting was offered in the letter.',
    years: YEARS,
    check: (data) => rowsWhere(data, '9007', (row) => !isNa(row.LBPSentDate) && isNa(row.FGDMMeetingOffer)),
  }),
  cinRule({
    code: '9008',
    message: 'The date of the first effective pre-proceedings meeting must be within the reporting year.',
    years: YEARS,
    check: (data) => dateInYearAndAfter(data, '9008', 'InitialPPMeetingDate'),
  }),
  cinRule({
    code: '9009',
    message: 'The date when the decision was made to step up or down must be on or after the date of the decision to begin pre-proceedings and must fall within the reporting year',
    years: YEARS,
    check: (data) => dateInYearAndAfter(data, '9009', 'StepDecisionDate', 'PPStartDate'),
  }),
  cinRule({
    code: '9010Q',
    message: 'Please check: You have reported that a FGDM meeting was offered in the letter before proceedings. Please confirm whether or not a FGDM meeting was facilitated in the pre-proceedings period following this offer.',
    years: YEARS,
    check: (data) => rowsWhere(data, '9010Q', (row) => ['1', 'true'].includes(row.FGDMMeetingOffer ?? '') && isNa(row.FGDMMeetingFac)),
  }),
  cinRule({
    code: '9011',
    message: 'The outcome of the pre-proceedings must be reported using a valid value',
    years: YEARS,
    // as the validator's code has it, a missing outcome fails too
    check: (data) => rowsWhere(data, '9011', (row) => !['A', 'B', 'C'].includes(row.PPOutcome ?? '')),
  }),
  cinRule({
    code: '9012',
    message: 'The date that the local authority submitted the court application to commence care proceedings must fall within the reporting year and be on or after the date of the decision to initiate care proceedings.',
    years: YEARS,
    check: (data) => dateInYearAndAfter(data, '9012', 'CourtAppDate', 'StepDecisionDate'),
  }),
  cinRule({
    code: '9013',
    message: 'The date on which the letter to initiate care proceedings was sent to parents/guardians must fall within the reporting year and be on or after the date when the local authority submitted the court application to commence care proceedings.',
    years: YEARS,
    check: (data) => dateInYearAndAfter(data, '9013', 'LetterInitCPDate', 'CourtAppDate'),
  }),
  cinRule({
    code: '9015Q',
    message: 'Please check: if review meetings were held  following the initial pre-proceedings meeting, the total number held should be reported.',
    years: YEARS,
    check: (data) => rowsWhere(data, '9015Q', (row) => cinDay(row.InitialPPMeetingDate) !== null && isNa(row.ReviewMeetingsCount)),
  }),
];
