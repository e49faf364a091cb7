// Header rules.
import { cinDay, failuresAt } from '../cin.js';
import { dayFromCivil } from '../../../../../core/dates.js';
import { cinRule } from './rule.js';

export const HEADER_RULES = [
  cinRule({
    code: '100',
    message: 'Reference Date is incorrect',
    check(data) {
      // ReferenceDate must be present and equal 31 March of the header's Year.
      const rows = data.tables.Header.flatMap((row, i) => {
        const ref = cinDay(row.ReferenceDate);
        const year = /^\d{4}$/.test(row.Year ?? '') ? Number(row.Year) : null;
        return ref === null || year === null || ref !== dayFromCivil(year, 3, 31) ? [i] : [];
      });
      return failuresAt('100', 'Header', rows);
    },
  }),
];
