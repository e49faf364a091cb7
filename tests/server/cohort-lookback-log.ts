// An events CSV for the cohort look-back tests, made here rather than by the code under test: 160 children
// referred once to four times between 1 April 2022 (the data's first date, a contact on that day) and March
// 2026 (the last date, 31 March 2026, a contact), each referral followed by an assessment that ends in no further
// action and a closure or (one in three) by a period of care. So a window from 1 April 2023 starts 12 months after
// the data, and one from 1 April 2025 exactly 36 months after.
import { dayFromCivil, formatDay } from '../../core/dates.js';

export const LOG_FIRST = '2022-04-01';

export function cohortLookBackCsv(children = 160, seed = 11): string {
  let state = seed;
  const next = (below: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return Math.floor((state / 2 ** 31) * below);
  };
  const first = dayFromCivil(2022, 4, 1);
  const last = dayFromCivil(2026, 3, 31);
  const lines = ['child_id,event,date,outcome,dob,sex'];
  for (let c = 0; c < children; c++) {
    const id = `K${c}`;
    const rows: string[][] = [];
    const row = (event: string, day: number, outcome = '') => rows.push([id, event, formatDay(day), outcome]);
    let day = c === 0 ? first : first + next(1200);
    const referrals = 1 + next(4);
    for (let r = 0; r < referrals && day + 40 < last; r++) {
      row('contact', day, 'referral');
      row('referral', day + 1);
      row('assessment_start', day + 3);
      // one referral in three leads into care for 30 to 329 days (for the time-in-care view), the rest end in NFA
      if (next(3) === 0) {
        const leaves = day + 55 + next(300);
        row('assessment_end', day + 20);
        row('cla_start', day + 25);
        if (leaves < last) {
          row('cla_end', leaves, 'E8');
          row('case_closed', leaves + 1, 'RC8');
        }
        day = leaves + 60 + next(400);
        continue;
      }
      row('assessment_end', day + 20 + next(15), 'nfa');
      row('case_closed', day + 38, 'RC8');
      day += 60 + next(400);
    }
    // and the data's last date, a contact that led nowhere
    if (c === 0) row('contact', last, 'nfa');
    // the child's date of birth and sex on its first row
    rows.forEach((cells, i) => lines.push([...cells, i === 0 ? formatDay(dayFromCivil(2010 + next(12), 1 + next(12), 1 + next(28))) : '', i === 0 ? 'FM'[next(2)]! : ''].join(',')));
  }
  return `${lines.join('\n')}\n`;
}
