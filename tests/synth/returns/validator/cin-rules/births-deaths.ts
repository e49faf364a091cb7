// Dates of birth and death against the census and the child's episodes.
import { addMonths } from '../../../../../core/dates.js';
import { before, censusPeriod, cinDay, failuresAt, joined, pairFailures } from '../cin.js';
import { cinRule } from './rule.js';
import { afterDeath, outsideCensusPeriod } from './shapes.js';

export const BIRTH_DEATH_RULES = [
  cinRule({
    code: '8520',
    message: 'Date of Birth is after data collection period (must be on or before the end of the census period)',
    check(data) {
      const end = censusPeriod(data)?.end ?? null;
      return failuresAt('8520', 'ChildIdentifiers', data.tables.ChildIdentifiers.flatMap((row, i) => (before(end, cinDay(row.PersonBirthDate)) ? [i] : [])));
    },
  }),
  cinRule({
    code: '8525Q',
    message: 'Either Date of Birth or Expected Date of Birth must be provided (but not both)',
    // presence as the validator sees it: a date it cannot read counts as absent
    check: (data) =>
      failuresAt('8525Q', 'ChildIdentifiers', data.tables.ChildIdentifiers.flatMap((row, i) => ((cinDay(row.PersonBirthDate) === null) === (cinDay(row.ExpectedPersonBirthDate) === null) ? [i] : []))),
  }),
  cinRule({
    code: '8530Q',
    message: 'Please check and either amend data or provide a reason: Expected Date of Birth is outside the expected range for this census (March to December of the Census Year end)',
    check(data) {
      // outside (ReferenceDate - 30 days, ReferenceDate + 9 months), both ends failing
      const ref = censusPeriod(data)?.end;
      if (ref === undefined) return [];
      const earliest = ref - 30;
      const latest = addMonths(ref, 9);
      return failuresAt('8530Q', 'ChildIdentifiers', data.tables.ChildIdentifiers.flatMap((row, i) => {
        const expected = cinDay(row.ExpectedPersonBirthDate);
        return expected !== null && (expected >= latest || expected <= earliest) ? [i] : [];
      }));
    },
  }),
  cinRule({
    code: '8535Q',
    message: 'Please check and either amend data or provide a reason: Child’s date of death should not be prior to the date of birth',
    check: (data) =>
      failuresAt('8535Q', 'ChildIdentifiers', data.tables.ChildIdentifiers.flatMap((row, i) => {
        const death = cinDay(row.PersonDeathDate);
        if (death === null || before(death, cinDay(row.ExpectedPersonBirthDate))) return []; // died unborn
        const birth = cinDay(row.PersonBirthDate);
        return birth === null || birth > death ? [i] : [];
      })),
  }),
  cinRule({
    code: '8545Q',
    message: "Please check and either amend data or provide a reason: Child's date of death should be within the census year",
    check: (data) => outsideCensusPeriod(data, '8545Q', 'ChildIdentifiers', 'PersonDeathDate'),
  }),
  cinRule({
    code: '8555Q',
    message: 'Child cannot be referred after its recorded date of death',
    check: (data) => afterDeath(data, '8555Q', 'CINdetails', 'CINreferralDate'),
  }),
  cinRule({
    code: '8585Q',
    message: 'Please check and either amend or provide a reason: CIN episode shows Died as the Closure Reason, however child has no recorded Date of Death',
    check(data) {
      const { CINdetails, ChildIdentifiers: ids } = data.tables;
      const pairs = [...joined(ids, CINdetails, (row) => row.LAchildID ?? '')].filter(([i, j]) => CINdetails[j]!.ReasonForClosure === 'RC2' && cinDay(ids[i]!.PersonDeathDate) === null);
      return pairFailures('8585Q', 'ChildIdentifiers', 'CINdetails', pairs);
    },
  }),
];

