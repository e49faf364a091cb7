// Header rules: UPN, motherhood fields and who must appear in the header at all.
import { byChild, childSet, dt, from, le, lt, plusYears, rule, upTo, v } from './frame.js';

const FEMALE = { old: '2', new: 'F' }; // SEX was coded 1/2 to the 2024 return, M/F from 2025

export const HEADER_RULES = [
  rule('442', 'Unique Pupil Number (UPN) field is not completed.', (d, fail) => {
    const needUpn = new Set(d.tables.episodes.filter((e) => !['V3', 'V4'].includes(v(e, 'LS') ?? '')).map((e) => v(e, 'CHILD')));
    d.tables.header.forEach((h, i) => needUpn.has(v(h, 'CHILD')) && v(h, 'UPN') === null && fail('header', i));
  }),
  rule('444', 'Duplicate UPN has been reported', (d, fail) => {
    const counts = new Map<string, number>();
    for (const h of d.tables.header) {
      const upn = v(h, 'UPN');
      if (upn !== null && !['UN1', 'UN2', 'UN3', 'UN4', 'UN5'].includes(upn)) counts.set(upn, (counts.get(upn) ?? 0) + 1);
    }
    d.tables.header.forEach((h, i) => (counts.get(v(h, 'UPN') ?? '') ?? 0) > 1 && fail('header', i));
  }, from(2026)),
  motherNotRecorded(FEMALE.old, upTo(2024)),
  motherNotRecorded(FEMALE.new, from(2025)),
  rule('611', 'Date of birth field is blank, but child is a mother.', (d, fail) => {
    d.tables.header.forEach((h, i) => v(h, 'MOTHER') === '1' && v(h, 'MC_DOB') === null && fail('header', i));
  }),
  notAMother(FEMALE.old, upTo(2024)),
  notAMother(FEMALE.new, from(2025)),
  rule('620', 'Child has been recorded as a mother, but date of birth shows that the mother is under 11 years of age.', (d, fail) => {
    d.tables.header.forEach((h, i) => v(h, 'MOTHER') === '1' && lt(d.collectionStart, plusYears(dt(h, 'DOB'), 11)) && fail('header', i));
  }),
  rule('621', 'Mother’s field has been completed but date of birth shows that the mother is younger than her child.', (d, fail) => {
    d.tables.header.forEach((h, i) => {
      const mcDob = dt(h, 'MC_DOB');
      if (mcDob !== null && !lt(dt(h, 'DOB'), mcDob)) fail('header', i);
    });
  }),
  rule('625', 'Date of birth of the first child is beyond the end of this reporting year or the date the child ceased to be looked after.', (d, fail) => {
    const eps = d.tables.episodes;
    for (const [child, idx] of byChild(eps)) {
      let latest: number | null = null;
      for (const i of idx) if (dt(eps[i], 'DEC') !== null && (latest === null || dt(eps[i], 'DEC')! > dt(eps[latest], 'DEC')!)) latest = i;
      if (latest === null) continue;
      d.tables.header.forEach((h, j) => {
        if (v(h, 'CHILD') !== child) return;
        const mcDob = dt(h, 'MC_DOB');
        if (lt(d.collectionEnd, mcDob) || lt(dt(eps[latest!], 'DEC'), mcDob)) (fail('header', j), fail('episodes', latest!));
      });
    }
  }),
  rule('628', 'Motherhood details are not required for care leavers who have not been looked after during the year.', (d, fail) => {
    const looked = childSet(d.tables.episodes);
    const leavers = new Set(d.tables.oc3.filter((o) => ['IN_TOUCH', 'ACTIV', 'ACCOM'].some((c) => v(o, c) !== null)).map((o) => v(o, 'CHILD')));
    d.tables.header.forEach((h, i) => !looked.has(v(h, 'CHILD') ?? '') && leavers.has(v(h, 'CHILD')) && v(h, 'MOTHER') !== null && fail('header', i));
  }),
  rule('EPI', 'WARNING: Episodes need to be loaded for this child before further validation is possible [NOTE: This refers to the DfE portal - here, all checks that can be performed with only the available data will be.]', (d, fail) => {
    const known = new Set([...d.tables.episodes, ...d.tables.oc3].map((r) => v(r, 'CHILD')));
    d.tables.header.forEach((h, i) => !known.has(v(h, 'CHILD')) && fail('header', i));
  }),
];

function motherNotRecorded(female: string, years: [number, number]) {
  return rule('607', 'Child ceased to be looked after in the year, but mother field has not been completed.', (d, fail) => {
    d.tables.episodes.forEach((e, i) => {
      const dec = dt(e, 'DEC');
      const rec = v(e, 'REC');
      if (dec === null || rec === null || rec === 'X1' || ['V3', 'V4'].includes(v(e, 'LS') ?? '')) return;
      if (!(le(d.collectionStart, dec) && le(dec, d.collectionEnd))) return;
      d.tables.header.forEach((h, j) => {
        if (v(h, 'CHILD') === v(e, 'CHILD') && v(h, 'SEX') === female && v(h, 'MOTHER') === null) (fail('episodes', i), fail('header', j));
      });
    });
  }, years);
}

function notAMother(female: string, years: [number, number]) {
  return rule('612', 'Date of birth field has been completed but mother field indicates child is not a mother.', (d, fail) => {
    d.tables.header.forEach((h, i) => {
      const mother = v(h, 'MOTHER');
      if ((mother === '0' || mother === null) && v(h, 'SEX') === female && v(h, 'MC_DOB') !== null) fail('header', i);
    });
  }, years);
}
