// Missing / away from placement rules: codes and dates of each missing episode, their order, and how
// they sit inside the child's periods of care.
import { periodsOfCare } from './care.js';
import { byChild, dt, eq, lastRows, le, lt, plusYears, rule, sortedBy, v, withPrevious } from './frame.js';

export const MISSING_RULES = [
  rule('564', 'Child was missing or away from placement without authorisation and the date started is blank.', (d, fail) => {
    d.tables.missing.forEach((m, i) => ['M', 'A'].includes(v(m, 'MISSING') ?? '') && v(m, 'MIS_START') === null && fail('missing', i));
  }),
  rule('565', 'The date that the child started to be missing or away from placement without authorisation has been completed but whether the child was missing or away from placement without authorisation has not been completed.', (d, fail) => {
    d.tables.missing.forEach((m, i) => v(m, 'MIS_START') !== null && v(m, 'MISSING') === null && fail('missing', i));
  }),
  rule('566', "The date that the child's episode of being missing or away from placement without authorisation ended has been completed but whether the child was missing or away without authorisation has not been completed.", (d, fail) => {
    d.tables.missing.forEach((m, i) => v(m, 'MISSING') === null && v(m, 'MIS_END') !== null && fail('missing', i));
  }),
  rule('567', 'The date that the missing episode or episode that the child was away from placement without authorisation ended is before the date that it started.', (d, fail) => {
    d.tables.missing.forEach((m, i) => lt(dt(m, 'MIS_END'), dt(m, 'MIS_START')) && fail('missing', i));
  }),
  rule('570', 'The date that the child started to be missing or away from placement without authorisation is after the end of the collection year.', (d, fail) => {
    d.tables.missing.forEach((m, i) => lt(d.collectionEnd, dt(m, 'MIS_START')) && fail('missing', i));
  }),
  rule('571', 'The date that the child ceased to be missing or away from placement without authorisation is before the start or after the end of the collection year.', (d, fail) => {
    d.tables.missing.forEach((m, i) => (lt(dt(m, 'MIS_END'), d.collectionStart) || lt(d.collectionEnd, dt(m, 'MIS_END'))) && fail('missing', i));
  }),
  rule('574', 'A new missing/away from placement without authorisation period cannot start when the previous missing/away from placement without authorisation period is still open. Missing/away from placement without authorisation periods should also not overlap.', (d, fail) => {
    const mis = d.tables.missing;
    const order = sortedBy(mis, (m) => v(m, 'CHILD'), (m) => dt(m, 'MIS_END') ?? dt(m, 'MIS_START'), (m) => dt(m, 'MIS_START'));
    for (const [i, p] of withPrevious(mis, order)) {
      const prevEnd = dt(mis[p], 'MIS_END');
      if (prevEnd === null || lt(dt(mis[i], 'MIS_START'), prevEnd)) fail('missing', i);
    }
  }),
  rule('575', 'If the placement from which the child goes missing/away from placement without authorisation ends, the missing/away from placement without authorisation period in the missing module must also have an end date.', (d, fail) => {
    const eps = byChild(d.tables.episodes);
    d.tables.missing.forEach((m, i) => {
      if (v(m, 'MIS_END') !== null) return;
      const start = dt(m, 'MIS_START');
      for (const k of eps.get(v(m, 'CHILD') ?? '') ?? []) {
        const e = d.tables.episodes[k];
        if (le(dt(e, 'DECOM'), start) && le(start, dt(e, 'DEC'))) fail('missing', i);
      }
    });
  }),
  rule('576', 'There is an open missing/away from placement without authorisation period in last year’s return and there is no corresponding period recorded at the start of this year.', (d, fail) => {
    const last = lastRows(d, 'missing');
    if (!last) return;
    const FAR = dt({ d: '01/01/2099' }, 'd')!;
    for (const idx of byChild(d.tables.missing).values()) {
      const first = idx.reduce((a, b) => ((dt(d.tables.missing[b], 'MIS_START') ?? FAR) < (dt(d.tables.missing[a], 'MIS_START') ?? FAR) ? b : a));
      const start = dt(d.tables.missing[first], 'MIS_START') ?? FAR;
      for (const l of last) {
        if (eq(v(l, 'CHILD'), v(d.tables.missing[first], 'CHILD')) && v(l, 'MIS_END') === null && dt(l, 'MIS_START') !== null && dt(l, 'MIS_START') !== start) fail('missing', first);
      }
    }
  }),
  rule('577', 'Child ceased to be looked after but there is a missing/away from placement without authorisation period without an end date.', (d, fail) => {
    const periods = periodsOfCare(d.tables.episodes);
    d.tables.missing.forEach((m, i) => {
      const start = dt(m, 'MIS_START');
      const end = dt(m, 'MIS_END');
      const mine = periods.get(v(m, 'CHILD') ?? '') ?? [];
      if (start === null || mine.length === 0) return;
      const outside = (p: { start: number; end: number | null }) =>
        (end === null && p.end !== null) || (end === null && start < p.start) || lt(p.end, end) || lt(end, p.start);
      if (mine.every(outside)) fail('missing', i);
    });
  }),
  rule('578', 'The date that the child started to be missing is after the child ceased to be looked after.', (d, fail) => {
    const periods = periodsOfCare(d.tables.episodes);
    d.tables.missing.forEach((m, i) => {
      const start = dt(m, 'MIS_START');
      const mine = periods.get(v(m, 'CHILD') ?? '') ?? [];
      if (start === null || mine.length === 0) return;
      if (mine.every((p) => start < p.start || (p.end !== null && start > p.end))) fail('missing', i);
    });
  }),
  rule('580', 'Child is missing when cease being looked after but reason episode ceased not ‘E8’.', (d, fail) => {
    const eps = byChild(d.tables.episodes);
    for (const m of d.tables.missing) {
      const eighteen = plusYears(dt(m, 'DOB'), 18);
      const end = dt(m, 'MIS_END');
      if (!eq(eighteen, end)) continue;
      for (const k of eps.get(v(m, 'CHILD') ?? '') ?? []) {
        const e = d.tables.episodes[k];
        if (eq(dt(e, 'DEC'), end) && v(e, 'REC') !== 'E8') fail('episodes', k);
      }
    }
  }),
  rule('586', 'Dates of missing periods are before child’s date of birth.', (d, fail) => {
    d.tables.missing.forEach((m, i) => le(dt(m, 'MIS_START'), dt(m, 'DOB')) && fail('missing', i));
  }),
  rule('1004', 'The start date of the missing episode or episode that the child was away from placement without authorisation is not a valid date.', (d, fail) => {
    d.tables.missing.forEach((m, i) => dt(m, 'MIS_START') === null && fail('missing', i));
  }),
  rule('1005', 'The end date of the missing episode or episode that the child was away from placement without authorisation is not a valid date.', (d, fail) => {
    d.tables.missing.forEach((m, i) => v(m, 'MIS_END') !== null && dt(m, 'MIS_END') === null && fail('missing', i));
  }),
  rule('1006', 'Missing type invalid.', (d, fail) => {
    d.tables.missing.forEach((m, i) => v(m, 'MISSING') !== null && !['M', 'A'].includes(v(m, 'MISSING')!) && fail('missing', i));
  }),
];
