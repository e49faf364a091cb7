// Episode rules: codes that must go together within an episode, and what may follow what in a
// child's sequence of episodes (sorted by start date, as the validator sorts them).
import type { Row } from '../rule.js';
import { byChild, dt, eq, from, le, lt, ne, plusYears, rule, sortedBy, upTo, v, withPrevious, type Return903 } from './frame.js';

const bySequence = (eps: readonly Row[]) => sortedBy(eps, (e) => v(e, 'CHILD'), (e) => dt(e, 'DECOM'));
const inList = (value: string | null, list: readonly string[]): boolean => value !== null && list.includes(value);
const dobOf = (d: Return903): Map<string, number | null> => new Map(d.tables.header.map((h) => [v(h, 'CHILD') ?? '', dt(h, 'DOB')]));

const CEASED_CARE = ['E2', 'E3', 'E4A', 'E4B', 'E5', 'E6', 'E7', 'E8', 'E9', 'E11', 'E12', 'E13', 'E14', 'E15', 'E16', 'E17', 'E41', 'E45', 'E46', 'E47', 'E48'];
const PLACEMENT_FIELDS = ['PLACE', 'PL_POST', 'URN', 'PLACE_PROVIDER'];

export const EPISODE_RULES = [
  rule('407', 'Reason episode ceased is Special Guardianship Order, but child has reached age 18.', (d, fail) => {
    const header = d.tables.header;
    d.tables.episodes.forEach((e, i) => {
      if (!inList(v(e, 'REC'), ['E45', 'E46', 'E47', 'E48'])) return;
      header.forEach((h, j) => {
        if (eq(v(h, 'CHILD'), v(e, 'CHILD')) && lt(plusYears(dt(h, 'DOB'), 18), dt(e, 'DEC'))) (fail('episodes', i), fail('header', j));
      });
    });
  }),
  rule('408', 'Child is placed for adoption with a placement order, but no placement order has been recorded.', (d, fail) => {
    d.tables.episodes.forEach((e, i) => inList(v(e, 'PLACE'), ['A5', 'A6']) && v(e, 'LS') !== 'E1' && fail('episodes', i));
  }),
  rule('426', 'A child receiving respite care cannot be recorded under a legal status of V3 and V4 in the same year.', (d, fail) => {
    for (const idx of byChild(d.tables.episodes).values()) {
      const ls = idx.map((i) => v(d.tables.episodes[i], 'LS'));
      if (ls.includes('V3') && ls.includes('V4')) idx.forEach((i, k) => inList(ls[k]!, ['V3', 'V4']) && fail('episodes', i));
    }
  }),
  rule('431', 'The reason for new episode is started to be looked after, but the previous episode ended on the same day.', (d, fail) => {
    const eps = d.tables.episodes;
    for (const [i, p] of withPrevious(eps, bySequence(eps))) if (v(eps[i], 'RNE') === 'S' && le(dt(eps[i], 'DECOM'), dt(eps[p], 'DEC'))) fail('episodes', i);
  }),
  rule('432', 'The child ceased to be looked after at the end of the previous episode but the reason for the new episode is not started to be looked after.', (d, fail) => {
    const eps = d.tables.episodes;
    for (const [i, p] of withPrevious(eps, bySequence(eps))) if (inList(v(eps[p], 'REC'), CEASED_CARE) && v(eps[i], 'RNE') !== 'S') fail('episodes', i);
  }),
  rule('433', 'The reason for new episode suggests that this is a continuation episode, but the episode does not start on the same day as the last episode finished.', (d, fail) => {
    const eps = d.tables.episodes;
    const order = sortedBy(eps, (e) => v(e, 'CHILD'), (e) => dt(e, 'DECOM'), (e) => dt(e, 'DEC'));
    for (const [i, p] of withPrevious(eps, order)) {
      // the validator compares the two dates as text
      if (inList(v(eps[i], 'RNE'), ['P', 'L', 'T', 'U', 'B']) && ne(v(eps[p], 'DEC'), v(eps[i], 'DECOM'))) fail('episodes', i);
    }
  }),
  rule('434', "Reason for new episode is that child's legal status has changed but not the placement, but this is not reflected in the episode data.", (d, fail) => {
    const eps = d.tables.episodes;
    for (const [i, p] of withPrevious(eps, bySequence(eps))) {
      if (v(eps[i], 'RNE') !== 'L') continue;
      const placementChanged = PLACEMENT_FIELDS.some((c) => (v(eps[i], c) ?? '') !== (v(eps[p], c) ?? ''));
      if (eq(v(eps[i], 'LS'), v(eps[p], 'LS')) || placementChanged) fail('episodes', i);
    }
  }),
  rule('435', 'Reason for new episode is that child’s placement has changed but not the legal status, but this is not reflected in the episode data recorded.', (d, fail) => {
    const eps = d.tables.episodes;
    for (const [i, p] of withPrevious(eps, bySequence(eps))) {
      if (!inList(v(eps[i], 'RNE'), ['P', 'T'])) continue;
      const placementSame = PLACEMENT_FIELDS.every((c) => eq(v(eps[i], c), v(eps[p], c)));
      if (ne(v(eps[i], 'LS'), v(eps[p], 'LS')) || placementSame) fail('episodes', i);
    }
  }),
  rule('436', 'Reason for new episode is that both child’s placement and legal status have changed, but this is not reflected in the episode data.', (d, fail) => {
    const eps = d.tables.episodes;
    const star = (e: Row | undefined, c: string) => v(e, c) ?? '*';
    for (const [i, p] of withPrevious(eps, bySequence(eps))) {
      if (!inList(v(eps[i], 'RNE'), ['U', 'B'])) continue;
      if (star(eps[i], 'LS') === star(eps[p], 'LS') || PLACEMENT_FIELDS.every((c) => star(eps[i], c) === star(eps[p], c))) fail('episodes', i);
    }
  }),
  rule('437', 'Reason episode ceased is child has died or is aged 18 or over but there are further episodes.', (d, fail) => {
    const eps = d.tables.episodes;
    const order = bySequence(eps);
    order.forEach((i, k) => {
      const next = order[k + 1];
      if (dt(eps[i], 'DECOM') !== null && inList(v(eps[i], 'REC'), ['E2', 'E15']) && next !== undefined && eq(v(eps[next], 'CHILD'), v(eps[i], 'CHILD'))) fail('episodes', i);
    });
  }),
  rule('445', 'D1 is not a valid code for episodes starting after December 2005.', (d, fail) => {
    d.tables.episodes.forEach((e, i) => v(e, 'LS') === 'D1' && lt(DEC_2005, dt(e, 'DECOM')) && fail('episodes', i));
  }),
  rule('446', 'E1 is not a valid code for episodes starting before December 2005.', (d, fail) => {
    d.tables.episodes.forEach((e, i) => v(e, 'LS') === 'E1' && lt(dt(e, 'DECOM'), DEC_2005_START) && fail('episodes', i));
  }),
  rule('451', 'Child is still freed for adoption, but freeing orders could not be applied for since 30 December 2005.', (d, fail) => {
    d.tables.episodes.forEach((e, i) => v(e, 'DEC') === null && v(e, 'REC') === null && v(e, 'LS') === 'D1' && fail('episodes', i));
  }),
  rule('460', 'Reason episode ceased is that child stayed with current carers at age 18 (or above), but child is aged under 18.', (d, fail) => {
    const dob = dobOf(d);
    d.tables.episodes.forEach((e, i) => v(e, 'REC') === 'E17' && lt(dt(e, 'DEC'), plusYears(dob.get(v(e, 'CHILD') ?? '') ?? null, 18)) && fail('episodes', i));
  }),
  rule('501', 'A new episode has started before the end date of the previous episode.', (d, fail) => {
    const eps = d.tables.episodes;
    for (const [i, p] of withPrevious(eps, bySequence(eps))) if (lt(dt(eps[i], 'DECOM'), dt(eps[p], 'DEC'))) fail('episodes', i);
  }),
  rule('504', 'The category of need code differs from that reported at start of current period of being looked after', (d, fail) => {
    const eps = d.tables.episodes;
    for (const [i, p] of withPrevious(eps, bySequence(eps))) {
      if (v(eps[p], 'REC') === 'X1' && eq(dt(eps[p], 'DEC'), dt(eps[i], 'DECOM')) && ne(v(eps[i], 'CIN'), v(eps[p], 'CIN'))) fail('episodes', i);
    }
  }),
  rule('516', 'The episode data submitted for this child does not show that he/she was with their former foster carer(s) during the year.If the code in the reason episode ceased is E45 or E46 the child must have a placement code of U1 to U6.', (d, fail) => {
    d.tables.episodes.forEach((e, i) => inList(v(e, 'REC'), ['E45', 'E46']) && !inList(v(e, 'PLACE'), ['U1', 'U2', 'U3', 'U4', 'U5', 'U6']) && fail('episodes', i));
  }),
  providerMissing(['T0', 'T1', 'T2', 'T3', 'T4', 'Z1'], upTo(2025)),
  providerMissing(['T0', 'T1', 'T2', 'T3', 'T4', 'Z11', 'Z12', 'Z13', 'Z14'], from(2026)),
  providerWith('527', 'A placement provider code of PR1 cannot be associated with placements P1, R2 or R5.', 'PR1', ['P1', 'R2', 'R5']),
  providerWith('528', 'A placement provider code of PR2 cannot be associated with placements P1, R2 or R5.', 'PR2', ['P1', 'R2', 'R5']),
  providerWith('529', 'Placement provider code of PR3 cannot be associated with placements P1, A3 to A6, K1, K2 and U1 to U6 as these placements cannot be provided by other public organisations.', 'PR3', ['A3', 'A4', 'A5', 'A6', 'K1', 'K2', 'P1', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6']),
  providerWith('530', 'A placement provider code of PR4 cannot be associated with placement P1.', 'PR4', ['P1']),
  providerWith('531', 'A placement provider code of PR5 cannot be associated with placements P1.', 'PR5', ['P1']),
  rule('550', 'A placement provider code of PR0 can only be associated with placement P1.', (d, fail) => {
    d.tables.episodes.forEach((e, i) => v(e, 'PLACE') !== 'P1' && v(e, 'PLACE_PROVIDER') === 'PR0' && fail('episodes', i));
  }),
  rule('1009', 'Reason for placement change is not a valid code.', (d, fail) => {
    const codes = ['CARPL', 'CLOSE', 'ALLEG', 'STAND', 'APPRR', 'CREQB', 'CREQO', 'CHILD', 'LAREQ', 'PLACE', 'CUSTOD', 'OTHER'];
    d.tables.episodes.forEach((e, i) => v(e, 'REASON_PLACE_CHANGE') !== null && !inList(v(e, 'REASON_PLACE_CHANGE'), codes) && fail('episodes', i));
  }),
];

// 445 and 446: freeing orders (D1) ended and placement orders (E1) began in December 2005
const DEC_2005 = dt({ d: '31/12/2005' }, 'd');
const DEC_2005_START = dt({ d: '01/12/2005' }, 'd');

function providerMissing(exempt: string[], years: [number, number]) {
  return rule('526', 'Child is missing a placement provider code for at least one episode.', (d, fail) => {
    d.tables.episodes.forEach((e, i) => !inList(v(e, 'PLACE'), exempt) && v(e, 'PLACE_PROVIDER') === null && fail('episodes', i));
  }, years);
}

function providerWith(code: string, message: string, provider: string, places: string[]) {
  return rule(code, message, (d, fail) => {
    d.tables.episodes.forEach((e, i) => inList(v(e, 'PLACE'), places) && v(e, 'PLACE_PROVIDER') === provider && fail('episodes', i));
  });
}
