// Previous permanence (PrevPerm): returned for every child starting care in the year, with a valid
// option code, LA code and (possibly partial, ZZ) date before care began.
import { validDate } from './care.js';
import { byChild, dt, extremeByChild, le, lt, rule, v } from './frame.js';

/** The DfE's 3-digit LA codes, and the codes for outside England, that LA_PERM may hold (rule 633). */
const LA_CODES = new Set([
  ...('800,889,822,301,304,303,330,825,837,302,846,370,350,890,867,380,305,801,351,873,823,895,896,381,909,202,908,331,306,841,830,831,878,371,835,332,840,307,308,811,881,845,390,916,203,876,' +
    '850,311,204,884,312,205,313,805,919,310,309,420,921,206,207,886,810,382,314,340,888,208,856,383,855,209,925,341,201,821,352,806,887,826,315,929,812,391,926,892,813,802,928,891,392,316,' +
    '815,353,931,879,836,851,874,807,354,317,870,318,372,857,333,935,343,803,373,342,893,356,355,871,394,334,933,882,936,861,852,319,860,808,393,866,210,357,894,883,880,358,211,937,869,320,' +
    '359,865,384,335,336,212,868,872,885,344,877,213,938,816,999').split(','),
  'WAL', 'SCO', 'NUK', 'NIR',
]);
const PP_FIELDS = ['PREV_PERM', 'LA_PERM', 'DATE_PERM'];

export const PREV_PERM_RULES = [
  rule('630', 'Information on previous permanence option should be returned.', (d, fail) => {
    const pp = byChild(d.tables.prev_perm);
    d.tables.episodes.forEach((e, i) => {
      if (v(e, 'RNE') !== 'S' || !le(d.collectionStart, dt(e, 'DECOM'))) return;
      const mine = (pp.get(v(e, 'CHILD') ?? '') ?? []).map((j) => d.tables.prev_perm[j]!);
      if (mine.length === 0) fail('episodes', i);
      for (const p of mine) {
        const incomplete = v(p, 'PREV_PERM') !== 'Z1' && (v(p, 'LA_PERM') === null || v(p, 'DATE_PERM') === null);
        if (incomplete || v(p, 'PREV_PERM') === null) fail('episodes', i);
      }
    });
  }),
  rule('631', 'Previous permanence option not a valid value.', (d, fail) => {
    d.tables.prev_perm.forEach((p, i) => v(p, 'PREV_PERM') !== null && !['P1', 'P2', 'P3', 'P4', 'Z1'].includes(v(p, 'PREV_PERM')!) && fail('prev_perm', i));
  }),
  rule('632', 'Date of previous permanence order not a valid value. NOTE: This rule may result in false negatives where the period of care started before the current collection year', (d, fail) => {
    const eps = d.tables.episodes;
    const pp = byChild(d.tables.prev_perm);
    for (const [child, i] of extremeByChild(eps, 'DECOM', 'min')) {
      for (const j of pp.get(child) ?? []) {
        const text = v(d.tables.prev_perm[j], 'DATE_PERM');
        const date = validDate(text);
        if (le(dt(eps[i], 'DECOM'), date) || (text !== null && date === null)) (fail('episodes', i), fail('prev_perm', j));
      }
    }
  }),
  rule('633', 'Local authority code where previous permanence option was arranged is not a valid value.', (d, fail) => {
    d.tables.prev_perm.forEach((p, i) => v(p, 'LA_PERM') !== null && !LA_CODES.has(v(p, 'LA_PERM')!) && fail('prev_perm', i));
  }),
  rule('634', 'There are entries for previous permanence options, but child has not started to be looked after from 1 April 2016 onwards.', (d, fail) => {
    const eps = byChild(d.tables.episodes);
    d.tables.prev_perm.forEach((p, j) => {
      if (!PP_FIELDS.some((c) => v(p, c) !== null)) return;
      const mine = eps.get(v(p, 'CHILD') ?? '') ?? [];
      const starts = mine.map((i) => dt(d.tables.episodes[i], 'DECOM')).filter((x): x is number => x !== null);
      if (starts.length === 0 || !lt(Math.max(...starts), d.collectionStart)) return;
      fail('prev_perm', j);
      mine.forEach((i) => fail('episodes', i));
    });
  }),
  rule('635', 'There are entries for date of order and local authority code where previous permanence option was arranged but previous permanence code is Z1', (d, fail) => {
    d.tables.prev_perm.forEach((p, i) => (v(p, 'LA_PERM') !== null || v(p, 'DATE_PERM') !== null) && v(p, 'PREV_PERM') === null && fail('prev_perm', i));
  }),
];
