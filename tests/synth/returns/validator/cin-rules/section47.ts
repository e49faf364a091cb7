// Section47 rules.
import { before, censusPeriod, cinDay, episodeKey, failuresAt, groupRows, minusEnglandWorkingDays, within } from '../cin.js';
import { dayFromCivil, daysInMonth, weekday } from '../../../../../core/dates.js';
import { cinRule } from './rule.js';
import { outsideCensusPeriod, startsWhileRunning } from './shapes.js';
import type { Row } from '../rule.js';

/** DD-MM-YYYY, the shape the validator's 8870Q reads. */
function dashedDay(text: string | undefined): number | null {
  const m = /^(\d{2})-(\d{2})-(\d{4})$/.exec(text ?? '');
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) ? dayFromCivil(y, mo, d) : null;
}

export const SECTION47_RULES = [
  cinRule({
    code: '8615',
    message: 'Section 47 Enquiry Start Date must be present and cannot be later than the date of the initial Child Protection Conference',
    check: (data) =>
      failuresAt('8615', 'Section47', data.tables.Section47.flatMap((row, i) => {
        const start = cinDay(row.S47ActualStartDate);
        const icpc = cinDay(row.DateOfInitialCPC);
        return before(icpc, start) || (icpc !== null && start === null) ? [i] : [];
      })),
  }),
  cinRule({
    code: '8675Q',
    message: 'Please check and either amend data or provide a reason: S47 Enquiry started more than 15 working days before the end of the census year. However, there is no date of Initial Child Protection Conference.',
    check(data) {
      const period = censusPeriod(data);
      if (!period) return [];
      const limit = minusEnglandWorkingDays(period.end, 15);
      return failuresAt('8675Q', 'Section47', data.tables.Section47.flatMap((row, i) =>
        cinDay(row.DateOfInitialCPC) === null && (row.ICPCnotRequired === 'false' || row.ICPCnotRequired === '0') && before(cinDay(row.S47ActualStartDate), limit) ? [i] : [],
      ));
    },
  }),
  cinRule({
    code: '8715',
    message: 'Date of Initial Child Protection Conference must fall within the census year',
    check: (data) => outsideCensusPeriod(data, '8715', 'Section47', 'DateOfInitialCPC'),
  }),
  // (the validator's code takes "not required" false only as the text '0'; this port also takes 'false',
  // as the rule states and as 8675Q and the files write it)
  cinRule({
    code: '8740',
    message: 'For a Section 47 Enquiry that has not held the Initial Child Protection Conference by the end of the census year, the start date must fall within the census year',
    check(data) {
      const period = censusPeriod(data);
      if (!period) return [];
      return failuresAt('8740', 'Section47', data.tables.Section47.flatMap((row, i) => {
        const start = cinDay(row.S47ActualStartDate);
        const required = row.ICPCnotRequired === '0' || row.ICPCnotRequired === 'false';
        return cinDay(row.DateOfInitialCPC) === null && required && start !== null && !within(start, period.start, period.end) ? [i] : [];
      }));
    },
  }),
  cinRule({
    code: '8839',
    message: 'Within one CINDetails group there are 2 or more open S47 Assessments',
    check(data) {
      // an episode with two or more S47s that have no conference and are not marked "not required":
      // all its S47s with no conference date fail
      const rows = data.tables.Section47;
      const noConference = (i: number) => cinDay(rows[i]!.DateOfInitialCPC) === null;
      const open = (i: number) => noConference(i) && !['true', '1'].includes(rows[i]!.ICPCnotRequired ?? '');
      const bad = [...groupRows(rows, episodeKey).values()].filter((group) => group.filter(open).length > 1).flatMap((group) => group.filter(noConference));
      return failuresAt('8839', 'Section47', bad);
    },
  }),
  // (the validator reads the target date as DD-MM-YYYY only, so an ISO date never fires; this port reads
  // the date however it is written)
  cinRule({
    code: '8870Q',
    message: 'Please check and either amend or provide a reason: The Target Date for Initial Child Protection Conference should not be a weekend',
    check: (data) =>
      failuresAt('8870Q', 'Section47', data.tables.Section47.flatMap((row, i) => {
        const target = cinDay(row.InitialCPCtarget) ?? dashedDay(row.InitialCPCtarget);
        return target !== null && weekday(target) >= 5 ? [i] : [];
      })),
  }),
  cinRule({
    code: '8875',
    message: 'The Date of Initial Child Protection Conference cannot be a weekend',
    check: (data) =>
      failuresAt('8875', 'Section47', data.tables.Section47.flatMap((row, i) => {
        const icpc = cinDay(row.DateOfInitialCPC);
        return icpc !== null && weekday(icpc) >= 5 ? [i] : [];
      })),
  }),
  cinRule({
    code: '8890',
    message: 'A Section 47 enquiry is shown as starting when there is another Section 47 Enquiry ongoing',
    check(data) {
      // within an episode, no S47 starts on or after another's start and on or before its conference (or,
      // while it has none and is not marked "not required", the reference date); identical S47s aside
      const ref = censusPeriod(data)?.end ?? null;
      const rows = data.tables.Section47;
      const start = (row: Row) => cinDay(row.S47ActualStartDate);
      const icpc = (row: Row) => cinDay(row.DateOfInitialCPC);
      return failuresAt('8890', 'Section47', startsWhileRunning(rows, {
        group: episodeKey,
        start,
        runs(row) {
          if (icpc(row) !== null) return { day: icpc(row), inclusive: true };
          return ['1', 'true'].includes((row.ICPCnotRequired ?? '').toLowerCase()) ? null : { day: ref, inclusive: true };
        },
        skip: (a, b) => start(rows[a]!) === start(rows[b]!) && icpc(rows[a]!) === icpc(rows[b]!), // itself or a duplicate
      }));
    },
  }),
];
