// Adoption rules: AD1 (adopters), the decision to place for adoption (PlacedAdoption) and how both
// agree with the episodes (placements A3–A6, legal statuses D1/E1, adoptions E11/E12).
import type { Row } from '../rule.js';
import { dt, eq, extremeByChild, from, lastRows, le, lt, ne, rule, sortedBy, upTo, v, withPrevious, type Return903 } from './frame.js';

const PLACED_FOR_ADOPTION = ['A3', 'A4', 'A5', 'A6'];
const AD1_FIELDS = ['DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'NB_ADOPTR', 'SEX_ADOPTR', 'LS_ADOPTR'];
const isIn = (x: string | null, list: readonly string[]) => x !== null && list.includes(x);
const sameChild = (a: Row | undefined, b: Row | undefined) => eq(v(a, 'CHILD'), v(b, 'CHILD'));

/** Every (row of a, row of b) pair of the same child: pandas' inner merge on CHILD. */
function pairs(a: readonly Row[], b: readonly Row[], each: (i: number, j: number) => void): void {
  const index = new Map<string, number[]>();
  b.forEach((r, j) => {
    const c = v(r, 'CHILD');
    if (c !== null) index.set(c, [...(index.get(c) ?? []), j]);
  });
  a.forEach((r, i) => {
    for (const j of index.get(v(r, 'CHILD') ?? '\0') ?? []) each(i, j);
  });
}

function adopterSex(code: string, message: string, status: string, allowed: string[]) {
  return rule(code, message, (d, fail) => {
    d.tables.ad1.forEach((a, i) => v(a, 'LS_ADOPTR') === status && !isIn(v(a, 'SEX_ADOPTR'), allowed) && fail('ad1', i));
  });
}

/** Episodes under an order (D1 or E1) need a decision to place; an open one cannot have it ended. */
function orderNeedsDecision(code: string, message: string, ls: string) {
  return rule(code, message, (d, fail) => {
    const pa = d.tables.placed_adoption;
    const withDecision = new Set(pa.map((p) => v(p, 'CHILD')));
    d.tables.episodes.forEach((e, i) => {
      if (v(e, 'LS') !== ls) return;
      if (!withDecision.has(v(e, 'CHILD'))) fail('episodes', i);
      if (v(e, 'DEC') !== null) return;
      pa.forEach((p, j) => sameChild(p, e) && (v(p, 'DATE_PLACED_CEASED') !== null || v(p, 'REASON_PLACED_CEASED') !== null) && fail('placed_adoption', j));
    });
  });
}

function leftCareNotAdopted(orders: string[], years: [number, number]) {
  return rule('557', 'Child for whom the decision was made that they should be placed for adoption has left care but was not adopted and information on the decision that they should no longer be placed for adoption items has not been completed.', (d, fail) => {
    const pa = d.tables.placed_adoption;
    d.tables.episodes.forEach((e, i) => {
      const rec = v(e, 'REC');
      if (!(isIn(v(e, 'PLACE'), PLACED_FOR_ADOPTION) || isIn(v(e, 'LS'), orders))) return;
      if (rec === null || ['E11', 'E12', 'X1'].includes(rec)) return;
      const mine = pa.map((p, j) => [p, j] as const).filter(([p]) => sameChild(p, e));
      if (mine.length === 0) fail('episodes', i);
      for (const [p, j] of mine) {
        if (v(p, 'DATE_PLACED_CEASED') === null || v(p, 'REASON_PLACED_CEASED') === null) (fail('episodes', i), fail('placed_adoption', j));
      }
    });
  }, years);
}

/** Adoptions (REC E11/E12) ending in the collection year. */
const adoptedInYear = (d: Return903, e: Row): boolean => isIn(v(e, 'REC'), ['E11', 'E12']) && le(d.collectionStart, dt(e, 'DEC')) && le(dt(e, 'DEC'), d.collectionEnd);

function pairsWithLast(d: Return903, each: (now: Row, before: Row, i: number) => void): void {
  const last = lastRows(d, 'placed_adoption');
  if (!last) return;
  pairs(d.tables.placed_adoption, last, (i, j) => each(d.tables.placed_adoption[i]!, last[j]!, i));
}

/** Each child's earliest episode of a kind (by start date), with every one of the child's decisions to place. */
function firstEpisodeWithDecisions(d: Return903, kind: (e: Row) => boolean, each: (e: Row, i: number, p: Row, j: number) => void): void {
  const eps = d.tables.episodes.map((e, i) => [e, i] as const).filter(([e]) => kind(e));
  for (const [, k] of extremeByChild(eps.map(([e]) => e), 'DECOM', 'min')) {
    const [e, i] = eps[k]!;
    d.tables.placed_adoption.forEach((p, j) => sameChild(p, e) && each(e, i, p, j));
  }
}

export const ADOPTION_RULES = [
  rule('511', 'If reporting that the number of person(s) adopting the looked after child is two adopters then the code should only be MM, FF or MF. MM = the adopting couple are both males; FF = the adopting couple are both females; MF = The adopting couple are male and female.', (d, fail) => {
    d.tables.ad1.forEach((a, i) => v(a, 'NB_ADOPTR') === '2' && isIn(v(a, 'SEX_ADOPTR'), ['M1', 'F1']) && fail('ad1', i));
  }),
  adopterSex('514', 'Data entry on the legal status of adopters shows a single adopter but data entry for the numbers of adopters shows it as a couple.', 'L0', ['M1', 'F1']),
  adopterSex('517', 'If reporting legal status of adopters is L3 then the genders of adopters should be coded as MF. MF = the adopting couple are male and female.', 'L3', ['MF']),
  adopterSex('518', 'If reporting legal status of adopters is L4 then the genders of adopters should be coded as MM or FF. MM = the adopting couple are both males. FF = the adopting couple are both females.', 'L4', ['MM', 'FF']),
  adopterSex('519', 'Data entered on the legal status of adopters shows civil partnership couple, but data entered on genders of adopters does not show it as a couple.', 'L2', ['MM', 'FF', 'MF']),
  adopterSex('520', 'Data entry on the legal status of adopters shows different gender married couple but data entry on genders of adopters shows it as a same gender couple.', 'L11', ['MF']),
  adopterSex('524', 'If reporting legal status of adopters is L12 then the genders of adopters should be coded as MM or FF. MM = the adopting couple are both males. FF = the adopting couple are both females', 'L12', ['MM', 'FF']),
  rule('521', "Date of local authority's decision (LA) that adoption is in the best interests of the child (date should be placed) must be on or prior to the date the child is placed for adoption.", (d, fail) => {
    const eps = d.tables.episodes;
    pairs(eps, d.tables.ad1, (i, j) => {
      if (isIn(v(eps[i], 'PLACE'), PLACED_FOR_ADOPTION) && lt(dt(eps[i], 'DECOM'), dt(d.tables.ad1[j], 'DATE_INT'))) (fail('episodes', i), fail('ad1', j));
    });
  }),
  rule('522', 'Date of decision that the child should be placed for adoption must be on or before the date that a child should no longer be placed for adoption.', (d, fail) => {
    d.tables.placed_adoption.forEach((p, i) => lt(dt(p, 'DATE_PLACED_CEASED'), dt(p, 'DATE_PLACED')) && fail('placed_adoption', i));
  }),
  rule('523', 'Date of decision that the child should be placed for adoption should be the same date as the decision that adoption is in the best interest (date should be placed).', (d, fail) => {
    const pa = d.tables.placed_adoption;
    pairs(pa, d.tables.ad1, (i, j) => {
      const [placed, int] = [dt(pa[i], 'DATE_PLACED'), dt(d.tables.ad1[j], 'DATE_INT')];
      if (placed !== null && int !== null && placed !== int) (fail('placed_adoption', i), fail('ad1', j));
    });
  }),
  rule('525', 'A child for whom the decision to be placed for adoption has been reversed cannot be adopted during the year.', (d, fail) => {
    const pa = d.tables.placed_adoption;
    pairs(pa, d.tables.ad1, (i, j) => {
      if (v(pa[i], 'DATE_PLACED_CEASED') !== null && AD1_FIELDS.some((c) => v(d.tables.ad1[j], c) !== null)) (fail('placed_adoption', i), fail('ad1', j));
    });
  }),
  rule('551', 'Child has been placed for adoption but there is no date of the decision that the child should be placed for adoption.', (d, fail) => {
    const pa = d.tables.placed_adoption;
    d.tables.episodes.forEach((e, i) => {
      if (!isIn(v(e, 'PLACE'), PLACED_FOR_ADOPTION)) return;
      const mine = pa.filter((p) => sameChild(p, e));
      if (mine.length === 0 || mine.some((p) => v(p, 'DATE_PLACED') === null)) fail('episodes', i);
    });
  }),
  rule('552', 'Date of Decision to place a child for adoption should be on or prior to the date that the child was placed for adoption.', (d, fail) => {
    const eps = d.tables.episodes;
    const pa = d.tables.placed_adoption;
    const lastDecision = extremeByChild(pa, 'DATE_PLACED', 'max');
    const adoptionEps = eps.map((e, i) => [e, i] as const).filter(([e]) => isIn(v(e, 'PLACE'), PLACED_FOR_ADOPTION));
    for (const [child, k] of extremeByChild(adoptionEps.map(([e]) => e), 'DECOM', 'min')) {
      const [e, i] = adoptionEps[k]!;
      const j = lastDecision.get(child);
      if (j !== undefined && lt(dt(e, 'DECOM'), dt(pa[j], 'DATE_PLACED'))) (fail('episodes', i), fail('placed_adoption', j));
    }
  }),
  orderNeedsDecision('553', 'Placement order has been granted but there is no date of decision that the child should be placed for adoption.', 'E1'),
  rule('554', 'Date of decision that the child should be placed for adoption should be on or prior to the date that the placement order was granted. [NOTE: This rule may result in false positives or false negatives if relevant episodes are in previous years; please check carefully!]', (d, fail) => {
    firstEpisodeWithDecisions(d, (e) => v(e, 'LS') === 'E1', (e, i, p, j) => lt(dt(e, 'DECOM'), dt(p, 'DATE_PLACED')) && (fail('episodes', i), fail('placed_adoption', j)));
  }),
  orderNeedsDecision('555', 'Freeing order has been granted but there is no date of decision that the child should be placed for adoption.', 'D1'),
  rule('556', 'Date of decision that the child should be placed for adoption should be on or prior to the date that the freeing order was granted.', (d, fail) => {
    const eps = d.tables.episodes;
    pairs(eps, d.tables.placed_adoption, (i, j) => {
      if (v(eps[i], 'LS') === 'D1' && lt(dt(eps[i], 'DECOM'), dt(d.tables.placed_adoption[j], 'DATE_PLACED'))) fail('episodes', i);
    });
  }),
  leftCareNotAdopted(['D1', 'E1'], upTo(2024)),
  leftCareNotAdopted(['E1'], from(2025)),
  rule('558', 'If a child has been adopted, then the decision to place them for adoption has not been disrupted and the date of the decision that a child should no longer be placed for adoption should be left blank.', (d, fail) => {
    // every adopted episode paired with each of the child's decisions; a child with any blank (or no)
    // ceased date is left out; two rows whose ceased date falls in the same year fail
    const eps = d.tables.episodes;
    const pa = d.tables.placed_adoption;
    const merged: { i: number; child: string; ceased: number | null; blank: boolean }[] = [];
    eps.forEach((e, i) => {
      if (!isIn(v(e, 'REC'), ['E11', 'E12'])) return;
      const child = v(e, 'CHILD') ?? '';
      const mine = pa.filter((p) => sameChild(p, e));
      if (mine.length === 0) merged.push({ i, child, ceased: null, blank: true });
      for (const p of mine) merged.push({ i, child, ceased: dt(p, 'DATE_PLACED_CEASED'), blank: v(p, 'DATE_PLACED_CEASED') === null });
    });
    const excluded = new Set(merged.filter((m) => m.blank).map((m) => m.child));
    const yearOf = (day: number | null) => (day === null ? null : new Date(day * 86_400_000).getUTCFullYear());
    const count = new Map<string, number>();
    const key = (m: (typeof merged)[number]) => `${m.child}|${yearOf(m.ceased)}`;
    for (const m of merged) if (!excluded.has(m.child) && m.ceased !== null) count.set(key(m), (count.get(key(m)) ?? 0) + 1);
    for (const m of merged) if (!excluded.has(m.child) && (count.get(key(m)) ?? 0) > 1) fail('episodes', m.i);
  }),
  rule('559', 'Date of decision that a child should be placed for adoption was not in the current year but the date of the decision that the child should be placed for adoption was not completed in a previous return.', (d, fail) => {
    const last = lastRows(d, 'placed_adoption');
    if (!last) return;
    d.tables.placed_adoption.forEach((p, i) => {
      if (!lt(dt(p, 'DATE_PLACED'), d.collectionStart)) return;
      const before = last.filter((l) => sameChild(l, p));
      if (before.length === 0 || before.some((l) => dt(l, 'DATE_PLACED') === null)) fail('placed_adoption', i);
    });
  }),
  rule('560', 'Date of decision that the child should be placed for adoption this year is different from that recorded last year but the decision to place the child for adoption did not change.', (d, fail) => {
    pairsWithLast(d, (now, before, i) => {
      if (v(before, 'DATE_PLACED') !== null && v(before, 'DATE_PLACED_CEASED') === null && ne(v(now, 'DATE_PLACED'), v(before, 'DATE_PLACED'))) fail('placed_adoption', i);
    });
  }),
  rule('561', 'Date of the decision that the child should be placed for adoption this year is the same as that recorded last year but records show that the decision changed, and the child should no longer be placed for adoption last year.', (d, fail) => {
    pairsWithLast(d, (now, before, i) => {
      if (eq(v(now, 'DATE_PLACED'), v(before, 'DATE_PLACED')) && (v(before, 'REASON_PLACED_CEASED') !== null || v(before, 'DATE_PLACED_CEASED') !== null)) fail('placed_adoption', i);
    });
  }),
  rule('563', 'The child should no longer be placed for adoption but the date of the decision that the child should be placed for adoption is blank', (d, fail) => {
    d.tables.placed_adoption.forEach((p, i) => v(p, 'REASON_PLACED_CEASED') !== null && v(p, 'DATE_PLACED_CEASED') !== null && v(p, 'DATE_PLACED') === null && fail('placed_adoption', i));
  }),
  rule('579', 'A new decision that the child should be placed for adoption this year cannot start when the previous decision is still open. Decisions to place the child for adoption should also not overlap. The date of any new decision to place the child for adoption must not be before the date placed ceased of previous decisions.', (d, fail) => {
    const pa = d.tables.placed_adoption;
    const order = sortedBy(pa, (p) => v(p, 'CHILD'), (p) => dt(p, 'DATE_PLACED'));
    for (const [i, p] of withPrevious(pa, order)) {
      const prevCeased = dt(pa[p], 'DATE_PLACED_CEASED');
      if (prevCeased === null || lt(dt(pa[i], 'DATE_PLACED'), prevCeased)) fail('placed_adoption', i);
    }
  }),
  rule('601', 'The additional fields relating to adoption have not been completed although the episode data shows that the child was adopted during the year.', (d, fail) => {
    const eps = d.tables.episodes;
    pairs(eps, d.tables.ad1, (i, j) => {
      if (adoptedInYear(d, eps[i]!) && AD1_FIELDS.some((c) => v(d.tables.ad1[j], c) === null)) (fail('episodes', i), fail('ad1', j));
    });
  }),
  rule('602', 'The episode data submitted for this child does not show that he/she was adopted during the year.', (d, fail) => {
    const adopted = new Set(d.tables.episodes.filter((e) => adoptedInYear(d, e)).map((e) => v(e, 'CHILD')));
    d.tables.ad1.forEach((a, i) => !adopted.has(v(a, 'CHILD')) && AD1_FIELDS.some((c) => v(a, c) !== null) && fail('ad1', i));
  }),
  rule('1003', "Date of LA's decision that a child should be placed for adoption is before the child started to be looked after.", (d, fail) => {
    firstEpisodeWithDecisions(d, (e) => v(e, 'RNE') === 'S', (e, i, p, j) => lt(dt(p, 'DATE_PLACED'), dt(e, 'DECOM')) && (fail('episodes', i), fail('placed_adoption', j)));
  }),
];

