// Care leaver rules (OC3): who may have care leaver information at all — young people who were
// "relevant" (91 days in care from 14, some of it from 16), not adopted, not died, not transferred,
// not still looked after on their 17th/18th birthday — and that a 17th-birthday return is not with
// former foster carers.
import type { Row } from '../rule.js';
import { byChild, childSet, dt, extremeByChild, le, lt, NUMPY_YEAR, plusYears, rule, sortedBy, v, from } from './frame.js';

const OC3_FIELDS = ['IN_TOUCH', 'ACTIV', 'ACCOM'];
const hasLeaverData = (o: Row) => OC3_FIELDS.some((c) => v(o, c) !== null);

export const CARE_LEAVER_RULES = [
  rule('1000', 'This child is recorded as having died in care and therefore should not have the care leaver information completed. [NOTE: This only tests the current and previous year data loaded into the tool]', (d, fail) => {
    const died = new Set([...d.tables.episodes, ...(d.last?.episodes ?? [])].filter((e) => v(e, 'REC') === 'E2').map((e) => v(e, 'CHILD')));
    d.tables.oc3.forEach((o, i) => died.has(v(o, 'CHILD')) && fail('oc3', i));
  }),
  rule('1001', "The episodes recorded for this young person suggest they are not a relevant or a former relevant child and therefore should not have care leaver information completed. [NOTE: This tool can only test the current and previous year data loaded into the tool - this check may generate false positives if a child had episodes prior to last year's collection.]", (d, fail) => {
    const last = d.last?.episodes;
    const { episodes, oc3, header } = d.tables;
    if (!last || [episodes, oc3, header, last].some((t) => t.length === 0)) return;
    const end = d.collectionEnd;
    // both years' episodes, once each (a closed copy preferred to an open one)
    const all = [...episodes, ...last];
    const seen = new Map<string, { child: string; decom: number | null; dec: number | null; ls: string | null; rec: string | null }>();
    for (const k of sortedBy(all, (e) => dt(e, 'DEC'))) {
      const e = all[k]!;
      const key = `${v(e, 'CHILD')}|${dt(e, 'DECOM')}`;
      if (!seen.has(key) && v(e, 'CHILD') !== null) seen.set(key, { child: v(e, 'CHILD')!, decom: dt(e, 'DECOM'), dec: dt(e, 'DEC'), ls: v(e, 'LS'), rec: v(e, 'REC') });
    }
    const eps = [...seen.values()];
    // a child's latest episode with no end counts to 31 March
    const latest = new Map<string, (typeof eps)[number]>();
    for (const e of eps) {
      const held = latest.get(e.child);
      if (e.decom !== null && (!held || held.decom === null || e.decom > held.decom)) latest.set(e.child, e);
    }
    for (const e of latest.values()) if (e.dec === null) e.dec = end;
    const dob = new Map<string, number>();
    for (const h of header) {
      const b = dt(h, 'DOB');
      if (b !== null && lt(end, plusYears(b, 20))) dob.set(v(h, 'CHILD') ?? '', b);
    }
    const counted = eps.filter((e) => dob.has(e.child) && !['V3', 'V4'].includes(e.ls ?? ''));
    if (counted.length === 0) return;
    const totals = new Map<string, [number, number]>();
    for (const e of counted) {
      const b = dob.get(e.child)!;
      // pandas' row max skips a missing start, so the birthday is the start then
      const days = (birthday: number) => (e.dec === null ? 0 : Math.max(0, e.dec - Math.max(e.decom ?? birthday, birthday)));
      const t = totals.get(e.child) ?? [0, 0];
      totals.set(e.child, [t[0] + days(plusYears(b, 14)!), t[1] + days(plusYears(b, 16)!)]);
    }
    const adopted = new Set([...latest.values()].filter((e) => e.rec === 'E11' || e.rec === 'E12').map((e) => e.child));
    oc3.forEach((o, i) => {
      const t = totals.get(v(o, 'CHILD') ?? '');
      const relevant = t !== undefined && t[0] >= 91 && t[1] >= 1;
      if (adopted.has(v(o, 'CHILD') ?? '') || !relevant) fail('oc3', i);
    });
  }),
  rule('1002', "This child has no previous episodes of care, therefore should not have care leaver information recorded. [NOTE: This tool can only test the current and previous year data loaded into the tool - this check may generate false positives if a child had episodes prior to last year's collection.]", (d, fail) => {
    const last = d.last?.episodes;
    if (!last) return;
    const cared = new Set([...d.tables.episodes, ...last].map((e) => v(e, 'CHILD')));
    d.tables.oc3.forEach((o, i) => !cared.has(v(o, 'CHILD')) && fail('oc3', i));
  }),
  rule('1007', 'Care leaver information is not required for 17- or 18-year olds who are still looked after [on their 17th or 18th birthday.]', (d, fail) => {
    const end = d.collectionEnd;
    const endYear = new Date(end * 86_400_000).getUTCFullYear();
    const oc3 = byChild(d.tables.oc3);
    for (const e of d.tables.episodes) {
      for (const i of oc3.get(v(e, 'CHILD') ?? '') ?? []) {
        const o = d.tables.oc3[i]!;
        const dob = dt(o, 'DOB');
        if (dob === null || !hasLeaverData(o) || !le(plusYears(dob, 17), end) || !lt(end, plusYears(dob, 19))) continue;
        // the birthday in 31 March's calendar year, or the year before when that is after 31 March
        let birthday = plusYears(dob, endYear - new Date(dob * 86_400_000).getUTCFullYear())!;
        if (birthday > end) birthday = plusYears(birthday, -1)!;
        if (le(dt(e, 'DECOM'), birthday) && lt(birthday, dt(e, 'DEC'))) fail('oc3', i);
      }
    }
  }),
  rule('1010', 'This child has no episodes loaded for current year even though there was an open episode of care at the end of the previous year, and care leaver data has been entered.', (d, fail) => {
    const last = d.last?.episodes;
    if (!last) return;
    const openAtEnd = new Set<string>();
    for (const [child, j] of extremeByChild(last, 'DECOM', 'max')) if (v(last[j], 'DEC') === null) openAtEnd.add(child);
    const now = childSet(d.tables.episodes);
    d.tables.oc3.forEach((o, i) => openAtEnd.has(v(o, 'CHILD') ?? '') && !now.has(v(o, 'CHILD') ?? '') && fail('oc3', i));
  }),
  rule('1011', 'This child is recorded as having his/her care transferred to another local authority for the final episode and therefore should not have the care leaver information completed.', (d, fail) => {
    const eps = d.tables.episodes;
    const transferred = new Set<string>();
    for (const [child, i] of extremeByChild(eps, 'DECOM', 'max')) if (v(eps[i], 'REC') === 'E3') transferred.add(child);
    d.tables.oc3.forEach((o, i) => transferred.has(v(o, 'CHILD') ?? '') && hasLeaverData(o) && fail('oc3', i));
  }),
  rule('1014', 'UASC information is not required for care leavers', (d, fail) => {
    const { collectionStart: start, collectionEnd: end } = d;
    const eps = byChild(d.tables.episodes);
    const oc3 = byChild(d.tables.oc3);
    d.tables.uasc.forEach((u, i) => {
      const mine = (eps.get(v(u, 'CHILD') ?? '') ?? []).map((k) => d.tables.episodes[k]!);
      if (mine.length === 0) return;
      const inYear = mine.some((e) => le(dt(e, 'DECOM'), end) && (le(start, dt(e, 'DEC')) || dt(e, 'DEC') === null));
      if (inYear) return;
      for (const j of oc3.get(v(u, 'CHILD') ?? '') ?? []) if (hasLeaverData(d.tables.oc3[j]!)) (fail('uasc', i), fail('oc3', j));
    });
  }),
  rule('1016', 'Care leaver information is not required for 17- or 18-year olds who cease to be looked after, after their birthday.', (d, fail) => {
    const end = d.collectionEnd;
    const eps = byChild(d.tables.episodes);
    d.tables.oc3.forEach((o, i) => {
      const dob = dt(o, 'DOB');
      if (dob === null || !hasLeaverData(o)) return;
      const age = end - dob;
      if (age < 17 * NUMPY_YEAR || age >= 19 * NUMPY_YEAR) return;
      const left = (eps.get(v(o, 'CHILD') ?? '') ?? []).some((k) => {
        const dec = dt(d.tables.episodes[k], 'DEC');
        return dec !== null && dec - dob >= 17 * NUMPY_YEAR;
      });
      if (left) fail('oc3', i);
    });
  }, from(2024)),
  rule('3001', 'Where care leavers information is being returned for a young person around their 17th birthday, the accommodation cannot be with their former foster carer(s).', (d, fail) => {
    const dob = new Map(d.tables.header.map((h) => [v(h, 'CHILD'), dt(h, 'DOB')]));
    d.tables.oc3.forEach((o, i) => {
      const seventeen = plusYears(dob.get(v(o, 'CHILD')) ?? null, 17);
      if (['Z1', 'Z2'].includes(v(o, 'ACCOM') ?? '') && le(d.collectionStart, seventeen) && le(seventeen, d.collectionEnd)) fail('oc3', i);
    });
  }),
];
