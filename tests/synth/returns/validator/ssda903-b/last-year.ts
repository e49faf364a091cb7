// Rules that hold this year's episodes against last year's (the validator's Episodes_last and
// Header_last): an episode open on 31 March must carry on unchanged into the next return. They run
// only when the previous year's files are given, as the validator runs them only when uploaded.
import type { Row } from '../rule.js';
import { dt, extremeByChild, lt, ne, rule, v, type Return903 } from './frame.js';

/** For each child in both years: this year's first episode and last year's latest, when that was open. */
export function carriedOver(d: Return903): [now: Row, before: Row, row: number][] {
  const last = d.last?.episodes;
  if (!last) return [];
  const eps = d.tables.episodes;
  const lastLatest = extremeByChild(last, 'DECOM', 'max');
  const pairs: [Row, Row, number][] = [];
  for (const [child, i] of extremeByChild(eps, 'DECOM', 'min')) {
    const j = lastLatest.get(child);
    if (j !== undefined && dt(last[j], 'DEC') === null) pairs.push([eps[i]!, last[j]!, i]);
  }
  return pairs;
}

const MATCH_503: [code: string, field: string, message: string][] = [
  ['503A', 'RNE', 'The reason for new episode in the first episode does not match open episode at end of last year.'],
  ['503B', 'LS', 'The legal status in the first episode does not match open episode at end of last year.'],
  ['503C', 'CIN', 'The category of need in the first episode does not match open episode at end of last year.'],
  ['503E', 'PLACE_PROVIDER', 'The placement provider in the first episode does not match open episode at end of last year.'],
  ['503F', 'URN', 'The Ofsted URN in the  first episode does not match open episode at end of last year.'],
];
const text = (x: string | null): string => x ?? 'nan';

export const LAST_YEAR_RULES = [
  rule('502', 'Last year\'s record ended with an open episode. The date on which that episode started does not match the start date of the first episode on this year’s record.', (d, fail) => {
    const last = d.last?.episodes;
    if (!last) return;
    const eps = d.tables.episodes;
    for (const [child, i] of extremeByChild(eps, 'DECOM', 'min')) {
      for (const before of last) {
        if (v(before, 'CHILD') === child && v(before, 'DEC') === null && ne(dt(eps[i], 'DECOM'), dt(before, 'DECOM'))) fail('episodes', i);
      }
    }
  }),
  ...MATCH_503.map(([code, field, message]) => rule(code, message, (d, fail) => {
    for (const [now, before, i] of carriedOver(d)) if (text(v(now, field)) !== text(v(before, field))) fail('episodes', i);
  })),
  rule('503D', 'The placement type in the first episode does not match open episode at end of last year', (d, fail) => {
    for (const [now, before, i] of carriedOver(d)) {
      const [a, b] = [text(v(now, 'PLACE')), text(v(before, 'PLACE'))];
      // 2024 to 2025 only: supported accommodation (K3) replaced semi-independent living (H5)
      if (a !== b && !(d.year === 2025 && a === 'K3' && b === 'H5')) fail('episodes', i);
    }
  }),
  rule('562', 'Episode commenced before the start of the current collection year but there is a missing continuous episode in the previous year.', (d, fail) => {
    const last = d.last?.episodes;
    if (!last) return;
    const eps = d.tables.episodes;
    const lastLatest = extremeByChild(last, 'DECOM', 'max');
    const early = eps.map((_, i) => i).filter((i) => lt(dt(eps[i], 'DECOM'), d.collectionStart));
    for (const [child, k] of extremeByChild(early.map((i) => eps[i]!), 'DECOM', 'min')) {
      const i = early[k]!;
      const j = lastLatest.get(child);
      if (j === undefined || dt(last[j], 'DECOM') !== dt(eps[i], 'DECOM')) fail('episodes', i);
    }
  }),
  rule('NoE', 'This child has no episodes loaded for previous year even though child started to be looked after before this current year.', (d, fail) => {
    const last = d.last?.episodes;
    if (!last) return;
    const before = new Set(last.map((e) => v(e, 'CHILD')));
    d.tables.episodes.forEach((e, i) => lt(dt(e, 'DECOM'), d.collectionStart) && !before.has(v(e, 'CHILD')) && fail('episodes', i));
  }),
  rule('624', 'Date of birth of the first child contradicts the date of birth of the first child previously recorded.', (d, fail) => {
    const last = d.last?.header;
    if (!last) return;
    d.tables.header.forEach((h, i) => {
      for (const p of last) if (v(p, 'CHILD') === v(h, 'CHILD') && v(p, 'MC_DOB') !== null && ne(v(h, 'MC_DOB'), v(p, 'MC_DOB'))) fail('header', i);
    });
  }),
  rule('626', 'Child was reported as a mother but the date of birth of the first child is before the current year which contradicts with the mother status recorded last year.', (d, fail) => {
    const last = d.last?.header;
    if (!last) return;
    d.tables.header.forEach((h, i) => {
      const mcDob = dt(h, 'MC_DOB');
      if (mcDob === null || Number(v(h, 'MOTHER')) !== 1 || v(h, 'MOTHER') === null || !(mcDob < d.collectionStart)) return;
      for (const p of last) if (v(p, 'CHILD') === v(h, 'CHILD') && v(p, 'MOTHER') !== null && Number(v(p, 'MOTHER')) === 0) fail('header', i);
    });
  }),
];

