// 903 rules 301–399: dates against birth and the year, legal-status and placement durations, ages
// for placements and reasons episodes end, adoption and care-leaver coherence, postcodes and mother.
// Conditions as the validator's rule files check them.
import type { Row } from '../rule.js';
import type { Ssda903Return } from '../ssda903.js';
import {
  type R903, TEMPORARY, argBy, at, blank, byChild, day, episodesInOrder, ge, gt, le, lt, plusYears, present, rowRule, where,
} from './helpers.js';
import { type PostcodeList, placementFacts } from './rules-100.js';

/** Header rows of an episode's child (a left merge: none gives one row with no fields). */
function headersOf(data: Ssda903Return): (child: string) => Row[] {
  const groups = byChild(data.tables.header);
  return (child) => (groups.get(child) ?? [{ row: {}, i: -1 }]).map((h) => h.row);
}

/** rule_utils.decom_before_dob: an episode of a placement type (with start, end and DOB) started before an age. */
function startedTooYoung(code: string, message: string, place: string, years: number, span?: [number, number]): R903 {
  return {
    code, message, ...(span ? { years: span } : {}),
    check(data) {
      const hs = byChild(data.tables.header);
      return where(code, data, 'episodes', (e) => e['PLACE'] === place && day(e['DECOM']) !== null && day(e['DEC']) !== null
        && (hs.get(e['CHILD'] ?? '') ?? []).some((h) => lt(day(e['DECOM']), plusYears(day(h.row['DOB']), years))));
    },
  };
}

/** rule_utils.dec_after_decom: an episode of a placement type (with a header row) lasted more than some days. */
function lastedTooLong(code: string, message: string, place: string, days: number): R903 {
  return {
    code, message,
    check(data) {
      const hs = byChild(data.tables.header);
      return where(code, data, 'episodes', (e) => e['PLACE'] === place && day(e['DECOM']) !== null && day(e['DEC']) !== null
        && (hs.get(e['CHILD'] ?? '') ?? []).some((h) => day(h.row['DOB']) !== null) && day(e['DEC'])! > day(e['DECOM'])! + days);
    },
  };
}

/**
 * 361/362: runs of a legal status in (CHILD, DECOM) order, an open episode ending 31 March; a run goes on
 * while the previous such episode ended the day the next episode (of any status) began. A run longer than
 * `days` fails every episode in it.
 */
function statusRunTooLong(code: string, message: string, ls: string, days: number): R903 {
  return {
    code, message,
    check(data) {
      const eps = episodesInOrder(data);
      const end = (k: number): number | null => (blank(eps[k]!.row['DEC']) ? data.collectionEnd : day(eps[k]!.row['DEC']));
      const groups = new Map<string, { rows: number[]; min: number | null; max: number | null }>();
      let group = 0;
      let previousFlowed = false;
      eps.forEach((e, k) => {
        if (e.row['LS'] !== ls) return;
        if (!previousFlowed) group++;
        const next = eps[k + 1];
        previousFlowed = !!next && next.row['CHILD'] === e.row['CHILD'] && end(k) !== null && end(k) === next.d;
        const key = `${e.row['CHILD'] ?? ''}\u0000${group}`;
        const g = groups.get(key) ?? { rows: [], min: null, max: null };
        g.rows.push(e.i);
        if (e.d !== null) g.min = g.min === null ? e.d : Math.min(g.min, e.d);
        const dec = end(k);
        if (dec !== null) g.max = g.max === null ? dec : Math.max(g.max, dec);
        groups.set(key, g);
      });
      const out: number[] = [];
      for (const g of groups.values()) if (g.min !== null && g.max !== null && g.max - g.min > days) out.push(...g.rows);
      return at(code, 'episodes', out);
    },
  };
}

/**
 * 363/364: episodes of a legal status in file order (the validator's sort is not kept); consecutive ones of a
 * child that do not start after the previous one's end form a period; a period whose days add up to more than
 * `days` fails. An open episode ends 31 March.
 */
function statusPeriodTooLong(code: string, message: string, ls: string, days: number): R903 {
  return {
    code, message,
    check(data) {
      const eps = data.tables.episodes.map((row, i) => ({ row, i })).filter((e) => e.row['LS'] === ls && day(e.row['DECOM']) !== null);
      const periods: { rows: number[]; total: number }[] = [];
      let prev: { child: string; dec: number | null } | null = null;
      for (const e of eps) {
        const decom = day(e.row['DECOM'])!;
        const dec = blank(e.row['DEC']) ? data.collectionEnd : day(e.row['DEC']);
        const child = e.row['CHILD'] ?? '';
        const fresh = prev === null || child !== prev.child || gt(decom, prev.dec);
        if (fresh) periods.push({ rows: [], total: 0 });
        const p = periods[periods.length - 1]!;
        p.rows.push(e.i);
        if (dec !== null) p.total += dec - decom;
        prev = { child, dec };
      }
      return at(code, 'episodes', periods.filter((p) => p.total > days).flatMap((p) => p.rows));
    },
  };
}

/** Children UASC this year or last (Header.UASC = 1 as the CSV ingress derives it; last year's only with its UASC table). */
function everUasc(data: Ssda903Return): Set<string> | null {
  const header = new Set(data.tables.header.map((h) => h['CHILD'] ?? ''));
  const out = new Set(data.tables.uasc.map((u) => u['CHILD'] ?? '').filter((c) => header.has(c)));
  const lastUasc = (data as Ssda903Return & { last?: { uasc?: Row[] } }).last?.uasc;
  if (data.last && lastUasc) {
    const lastHeader = new Set(data.last.header.map((h) => h['CHILD'] ?? ''));
    for (const u of lastUasc) if (lastHeader.has(u['CHILD'] ?? '')) out.add(u['CHILD'] ?? '');
  }
  return out;
}

export function rules300(list: PostcodeList): R903[] {
  const notRespite = (e: Row): boolean => e['LS'] !== 'V3' && e['LS'] !== 'V4';
  return [
    rowRule('301', 'Date of birth falls after the year ended.', 'header', (h, d) => gt(day(h['DOB']), d.collectionEnd)),
    {
      code: '302',
      message: 'First episode starts before child was born.',
      check(data) {
        const headers = byChild(data.tables.header);
        const eps: number[] = [];
        const hs: number[] = [];
        for (const [child, list] of byChild(data.tables.episodes)) {
          const first = argBy(list, 'DECOM', 'min');
          if (!first) continue;
          for (const h of headers.get(child) ?? []) if (gt(day(h.row['DOB']), day(first.row['DECOM']))) { eps.push(first.i); hs.push(h.i); }
        }
        return [...at('302', 'episodes', eps), ...at('302', 'header', hs)];
      },
    },
    rowRule('304', 'Date unaccompanied asylum-seeking child (UASC) status ceased must be on or before the 18th birthday of a child.', 'uasc', (u) => gt(day(u['DUC']), plusYears(day(u['DOB']), 18))),
    {
      code: '331',
      message: 'Date of matching child and adopter(s) should be the same as, or prior to, the date of placement of adoption.',
      check(data) {
        const ad1 = byChild(data.tables.ad1);
        const a: number[] = [];
        const e: number[] = [];
        data.tables.episodes.forEach((ep, i) => {
          if (ep['REC'] !== 'E11' && ep['REC'] !== 'E12') return;
          for (const r of ad1.get(ep['CHILD'] ?? '') ?? []) if (gt(day(r.row['DATE_MATCH']), day(ep['DECOM']))) { a.push(r.i); e.push(i); }
        });
        return [...at('331', 'ad1', a), ...at('331', 'episodes', e)];
      },
    },
    rowRule('333', 'Date should be placed for adoption must be on or prior to the date of matching child with adopter(s).', 'ad1', (r) => day(r['DATE_MATCH']) !== null && (day(r['DATE_INT']) === null || day(r['DATE_INT'])! > day(r['DATE_MATCH'])!)),
    {
      code: '334',
      message: 'Date child started to be looked after in latest period of care must be on or prior to the date should be placed for adoption. ',
      check(data) {
        const ad1 = byChild(data.tables.ad1);
        const e: number[] = [];
        const a: number[] = [];
        for (const [child, list] of byChild(data.tables.episodes)) {
          const latestStart = argBy(list.filter((x) => x.row['RNE'] === 'S'), 'DECOM', 'max');
          if (!latestStart) continue;
          for (const r of ad1.get(child) ?? []) if (lt(day(r.row['DATE_INT']), day(latestStart.row['DECOM']))) { e.push(latestStart.i); a.push(r.i); }
        }
        return [...at('334', 'episodes', e), ...at('334', 'ad1', a)];
      },
    },
    {
      code: '335',
      message: 'The current foster value (0) suggests that child is not adopted by current foster carer, but last placement is A2, A3, or A5. Or the current foster value (1) suggests that child is adopted by current foster carer, but last placement is A1, A4 or A6.',
      check(data) {
        const ad1 = byChild(data.tables.ad1);
        const e: number[] = [];
        const a: number[] = [];
        data.tables.episodes.forEach((ep, i) => {
          if (!['E1', 'E11', 'E12'].includes(ep['REC'] ?? '')) return;
          for (const r of ad1.get(ep['CHILD'] ?? '') ?? []) {
            const fc = r.row['FOSTER_CARE'];
            if ((['A2', 'A3', 'A5'].includes(ep['PLACE'] ?? '') && fc === '0') || (['A1', 'A4', 'A6'].includes(ep['PLACE'] ?? '') && fc === '1')) { e.push(i); a.push(r.i); }
          }
        });
        return [...at('335', 'episodes', e), ...at('335', 'ad1', a)];
      },
    },
    {
      code: '336',
      message: 'Child does not have a foster placement immediately prior to being placed for adoption.',
      check(data) {
        const eps = episodesInOrder(data);
        const out: number[] = [];
        eps.forEach((e, k) => {
          const prev = k > 0 && eps[k - 1]!.row['CHILD'] === e.row['CHILD'] ? eps[k - 1]! : null;
          // the child's first episode (least DECOM) is exempt; with no DECOM at all none is
          const first = prev === null && e.d !== null;
          if (['A3', 'A4'].includes(e.row['PLACE'] ?? '') && !first && !['A3', 'A4', 'A5', 'A6', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6'].includes(prev?.row['PLACE'] ?? '')) out.push(e.i);
        });
        return at('336', 'episodes', out);
      },
    },
    rowRule('344', 'The record shows the young person has died or returned home to live with parent(s) or someone with parental responsibility for a continuous period of 6 months or more, but activity and/or accommodation on leaving care have been completed.', 'oc3', (o) => (o['IN_TOUCH'] === 'DIED' || o['IN_TOUCH'] === 'RHOM') && (o['ACTIV'] !== '0' || o['ACCOM'] !== '0')),
    rowRule('345', 'The data collection record shows the local authority is in touch with this young person, but activity and/or accommodation data items are zero.', 'oc3', (o) => o['IN_TOUCH'] === 'YES' && (o['ACTIV'] === '0' || o['ACCOM'] === '0')),
    // numpy's year is 365.2425 days
    rowRule('347', 'Care leavers aged under 18 years, can not be accommodated in a Foyer.', 'oc3', (o, d) => o['ACCOM'] === 'T' && day(o['DOB']) !== null && d.collectionStart - day(o['DOB'])! < 18 * 365.2425, [2024, 9999]),
    {
      code: '348',
      message: 'Care leaver has previously been reported as having died. ',
      years: [2026, 9999],
      check(data) {
        const lastOc3 = (data as Ssda903Return & { last?: { oc3?: Row[] } }).last?.oc3;
        if (!lastOc3) return [];
        const before = byChild(lastOc3);
        return where('348', data, 'oc3', (o) => (before.get(o['CHILD'] ?? '') ?? []).some((b) => b.row['IN_TOUCH'] === 'DIED') && o['IN_TOUCH'] !== 'DIED');
      },
    },
    rowRule('351', 'Child was over 21 at the start of the current collection year.', 'header', (h, d) => gt(d.collectionStart, plusYears(day(h['DOB']), 21))),
    {
      code: '352',
      message: 'Child who started to be looked after was aged 18 or over.',
      check(data) {
        const hs = headersOf(data);
        return where('352', data, 'episodes', (e) => (e['RNE'] ?? '').toUpperCase() === 'S' && hs(e['CHILD'] ?? '').some((h) => le(plusYears(day(h['DOB']), 18), day(e['DECOM']))));
      },
    },
    rowRule('353', 'No episode submitted can start before 14 October 1991.', 'episodes', (e) => lt(day(e['DECOM']), day('14/10/1991'))),
    rowRule('354', 'Date episode ceased must be on or before the end of the current collection year.', 'episodes', (e, d) => gt(day(e['DECOM']), d.collectionEnd)),
    // the validator compares the texts, so an episode with neither date also matches
    rowRule('355', 'Episode appears to have lasted for less than 24 hours', 'episodes', (e) => (e['DECOM'] ?? '') === (e['DEC'] ?? '')),
    rowRule('356', 'The date the episode ceased is before the date the same episode started.', 'episodes', (e) => lt(day(e['DEC']), day(e['DECOM']))),
    {
      code: '357',
      message: 'If this is the first episode ever for this child, reason for new episode must be S.  Check whether there is an episode immediately preceding this one, which has been left out.  If not the reason for new episode code must be amended to S.',
      check(data) {
        const out: number[] = [];
        for (const list of byChild(data.tables.episodes).values()) {
          const first = argBy(list, 'DECOM', 'min');
          if (first && day(first.row['DECOM'])! >= data.collectionStart && first.row['RNE'] !== 'S') out.push(first.i);
        }
        return at('357', 'episodes', out);
      },
    },
    {
      code: '358',
      message: 'Child with this legal status should not be under 10.',
      check(data) {
        const headers = byChild(data.tables.header);
        const e: number[] = [];
        const h: number[] = [];
        data.tables.episodes.forEach((ep, i) => {
          if (!['J1', 'J2', 'J3'].includes(ep['LS'] ?? '')) return;
          for (const x of headers.get(ep['CHILD'] ?? '') ?? []) if (ge(plusYears(day(x.row['DOB']), 10), day(ep['DECOM']))) { e.push(i); h.push(x.i); }
        });
        return [...at('358', 'episodes', e), ...at('358', 'header', h)];
      },
    },
    {
      code: '359',
      message: 'Child being looked after following 18th birthday must be accommodated under section 20(5) of the Children Act 1989 in a community home.',
      check(data) {
        const hs = headersOf(data);
        return where('359', data, 'episodes', (e) => blank(e['DEC']) && !(e['LS'] === 'V2' && e['PLACE'] === 'K2') && hs(e['CHILD'] ?? '').some((h) => lt(plusYears(day(h['DOB']), 18), data.collectionEnd)));
      },
    },
    statusRunTooLong('361', 'Police protection legal status lasted longer than maximum 72 hours allowed in the Children Act 1989.', 'L1', 3),
    statusRunTooLong('362', 'Emergency protection order (EPO) lasted longer than 21 days', 'L2', 21),
    statusPeriodTooLong('363', 'Child assessment order (CAO) lasted longer than 7 days allowed in the Children Act 1989.', 'L3', 7),
    statusPeriodTooLong('364', 'Sections 41-46 of Police and Criminal Evidence (PACE; 1984) severely limits the time a child can be detained in custody in Local Authority (LA) accommodation.', 'J2', 21),
    rowRule('365', 'Any individual short- term respite placement must not exceed 17 days.', 'episodes', (e, d) => e['LS'] === 'V3' && gt(blank(e['DEC']) ? d.collectionEnd : day(e['DEC']), day(e['DECOM']) === null ? null : day(e['DECOM'])! + 17)),
    rowRule('366', 'A child cannot change placement during the course of an individual short-term respite break.', 'episodes', (e) => e['LS'] === 'V3' && e['RNE'] !== 'S'),
    {
      code: '367',
      message: 'The maximum amount of respite care allowable is 75 days in any 12-month period.',
      check(data) {
        const totals = new Map<string, { rows: number[]; days: number }>();
        data.tables.episodes.forEach((e, i) => {
          if (e['LS'] !== 'V3' || blank(e['DECOM'])) return;
          let start = day(e['DECOM']);
          let end = day(e['DEC']);
          if (blank(e['DEC']) || gt(end, data.collectionEnd)) end = data.collectionEnd;
          if (lt(start, data.collectionStart)) start = data.collectionStart;
          if (start === null || end === null || end - start <= 0) return;
          const t = totals.get(e['CHILD'] ?? '') ?? { rows: [], days: 0 };
          t.rows.push(i);
          t.days += end - start;
          totals.set(e['CHILD'] ?? '', t);
        });
        return at('367', 'episodes', [...totals.values()].filter((t) => t.days > 75).flatMap((t) => t.rows));
      },
    },
    startedTooYoung('370', 'Child in independent living should be at least 15.', 'P2', 15, [0, 2023]),
    startedTooYoung('370', 'Child in independent living should be at least 16.', 'P2', 16, [2024, 9999]),
    startedTooYoung('371', 'Child in semi-independent living accommodation not subject to children’s homes regulations should be at least 14.', 'H5', 14, [0, 2023]),
    startedTooYoung('371', 'Child in semi-independent living accommodation not subject to children’s homes regulations should be at least 16.', 'H5', 16, [2024, 2024]),
    startedTooYoung('371', 'Child in supported accomodation not subject to children’s homes regulations should be at least 16.', 'K3', 16, [2025, 9999]),
    startedTooYoung('372', 'Child in youth custody or prison should be at least 10.', 'R5', 10),
    startedTooYoung('373', 'Child placed in a school should be at least 4 years old.', 'S1', 4),
    startedTooYoung('374', 'Child in residential employment should be at least 14 years old.', 'P3', 14),
    lastedTooLong('375', 'Hospitalisation coded as a temporary placement exceeds six weeks.', 'T1', 42),
    lastedTooLong('376', 'Temporary placements coded as being due to holiday of usual foster carer(s) cannot exceed three weeks.', 'T3', 21),
    {
      code: '377',
      message: 'Only two temporary placements coded as being due to holiday of usual foster carer(s) are allowed in any 12- month period.',
      check(data) {
        const out: number[] = [];
        for (const list of byChild(data.tables.episodes).values()) {
          const rows = list.filter((e) => e.row['PLACE'] === 'T3');
          if (rows.length > 2) out.push(...rows.map((e) => e.i));
        }
        return at('377', 'episodes', out);
      },
    },
    rowRule('378', 'A child who is placed with parent(s) cannot be looked after under a single period of accommodation under Section 20 of the Children Act 1989.', 'episodes', (e) => e['PLACE'] === 'P1' && e['LS'] === 'V2'),
    lastedTooLong('379', 'Temporary placements for unspecified reason (placement code T4) cannot exceed seven days.', 'T4', 7),
    rowRule('380', 'A period of care cannot start with a temporary placement.', 'episodes', (e) => TEMPORARY.includes(e['PLACE'] ?? '') && e['RNE'] !== 'P' && e['RNE'] !== 'B'),
    rowRule('381', 'A period of care cannot end with a temporary placement.', 'episodes', (e) => TEMPORARY.includes(e['PLACE'] ?? '') && e['REC'] !== 'X1' && present(e['REC'])),
    rowRule('382', 'A child receiving respite care cannot be in a temporary placement.', 'episodes', (e) => !notRespite(e) && TEMPORARY.includes(e['PLACE'] ?? '')),
    {
      code: '383',
      message: 'A child in a temporary placement must subsequently return to his/her normal placement.',
      years: [0, 2025],
      check(data) {
        const eps = episodesInOrder(data);
        const out: number[] = [];
        for (let k = 1; k + 1 < eps.length; k++) {
          const [prev, cur, next] = [eps[k - 1]!.row, eps[k]!.row, eps[k + 1]!.row];
          if (prev['CHILD'] !== cur['CHILD'] || next['CHILD'] !== cur['CHILD'] || !TEMPORARY.includes(cur['PLACE'] ?? '')) continue;
          if (next['RNE'] !== 'P' || blank(next['PLACE']) || next['PLACE'] !== prev['PLACE']) out.push(eps[k]!.i);
        }
        return at('383', 'episodes', out);
      },
    },
    {
      code: '383',
      message: 'A child in a temporary placement must subsequently return to his/her normal placement.',
      years: [2026, 9999],
      check(data) {
        const eps = episodesInOrder(data);
        const differs = (a: string | undefined, b: string | undefined): boolean => blank(a) || blank(b) || a !== b; // NaN != NaN
        const out: number[] = [];
        for (let k = 2; k < eps.length; k++) {
          const [before, prev, cur] = [eps[k - 2]!.row, eps[k - 1]!.row, eps[k]!.row];
          if (prev['CHILD'] !== cur['CHILD'] || before['CHILD'] !== cur['CHILD'] || !TEMPORARY.includes(prev['PLACE'] ?? '')) continue;
          if (cur['RNE'] !== 'P' || differs(cur['PLACE'], before['PLACE']) || differs(cur['PL_POST'], before['PL_POST'])) out.push(eps[k]!.i);
        }
        return at('383', 'episodes', out);
      },
    },
    rowRule('384', 'A child receiving respite care cannot be in a long-term foster placement ', 'episodes', (e) => !notRespite(e) && (e['PLACE'] === 'U1' || e['PLACE'] === 'U4')),
    rowRule('385', 'Date episode ceased must be on or before the end of the current collection year.', 'episodes', (e, d) => gt(day(e['DEC']), d.collectionEnd)),
    {
      code: '386',
      message: 'Reason episode ceased is adopted but child has reached age 18.',
      check(data) {
        const hs = headersOf(data);
        return where('386', data, 'episodes', (e) => ['E11', 'E12'].includes((e['REC'] ?? '').toUpperCase()) && day(e['DEC']) !== null && hs(e['CHILD'] ?? '').some((h) => le(plusYears(day(h['DOB']), 18), day(e['DEC']))));
      },
    },
    {
      code: '387',
      message: 'Reason episode ceased is child moved into independent living arrangement, but the child is aged under 14.',
      check(data) {
        const hs = headersOf(data);
        return where('387', data, 'episodes', (e) => ['E5', 'E6'].includes((e['REC'] ?? '').toUpperCase()) && day(e['DEC']) !== null && hs(e['CHILD'] ?? '').some((h) => !le(plusYears(day(h['DOB']), 14), day(e['DEC']))));
      },
    },
    {
      code: '388',
      message: 'Reason episode ceased is coded new episode begins, but there is no continuation episode.',
      check(data) {
        const eps = episodesInOrder(data);
        const out: number[] = [];
        eps.forEach((e, k) => {
          const next = eps[k + 1] && eps[k + 1]!.row['CHILD'] === e.row['CHILD'] ? eps[k + 1]! : null;
          // a missing DECOM sorts as 01/01/1901 in the validator, so it still counts as a next episode
          const nextDecom = next ? (next.d ?? day('01/01/1901')) : null;
          const dec = day(e.row['DEC']);
          const rec = e.row['REC'];
          if (next) {
            if (rec === 'X1' && dec !== null && dec !== nextDecom) out.push(e.i);
            if (rec !== 'X1' && present(rec) && dec !== null && dec === nextDecom) out.push(e.i);
          } else if (present(e.row['CHILD']) && dec !== null && rec === 'X1') out.push(e.i);
        });
        return at('388', 'episodes', out);
      },
    },
    {
      code: '389',
      message: 'Reason episode ceased is that child transferred to care of adult social care services, but child is aged under 16.',
      check(data) {
        const hs = headersOf(data);
        return where('389', data, 'episodes', (e) => (e['REC'] ?? '').toUpperCase() === 'E7' && hs(e['CHILD'] ?? '').some((h) => !le(plusYears(day(h['DOB']), 16), day(e['DEC']))));
      },
    },
    rowRule('390', 'Reason episode ceased is adopted but child has not been previously placed for adoption.', 'episodes', (e) => (e['REC'] === 'E11' || e['REC'] === 'E12') && !['A3', 'A4', 'A5', 'A6'].includes(e['PLACE'] ?? '')),
    rowRule('391', 'Young person was not 17, 18, 19, 20 or 21 during the current collection year. ', 'oc3', (o, d) => gt(plusYears(day(o['DOB']), 17), d.collectionEnd) && ['IN_TOUCH', 'ACTIV', 'ACCOM'].some((f) => present(o[f]))),
    {
      code: '392A',
      message: 'Child is looked after but no distance is recorded. [NOTE: This check may result in false positives for children formerly UASC]',
      check(data) {
        const uasc = everUasc(data)!;
        return where('392A', data, 'episodes', (e) => !uasc.has(e['CHILD'] ?? '') && notRespite(e) && placementFacts(list, data.la, e['HOME_POST'], e['PL_POST']).distance === null);
      },
    },
    {
      code: '392B',
      message: 'Child is looked after but no postcodes are recorded. [NOTE: This check may result in false positives for children formerly UASC, particularly if current & prior year UASC data not loaded]',
      check(data) {
        const uasc = everUasc(data)!;
        return where('392B', data, 'episodes', (e) => !uasc.has(e['CHILD'] ?? '') && notRespite(e) && (blank(e['HOME_POST']) || blank(e['PL_POST'])));
      },
    },
    rowRule('392c', 'Postcode(s) provided are invalid.', 'episodes', (e) => (present(e['HOME_POST']) && list(e['HOME_POST']!.toUpperCase().replace(/ /g, '')) === null) || (present(e['PL_POST']) && list(e['PL_POST']!.toUpperCase().replace(/ /g, '')) === null)),
    ...([[[0, 2024], '2'], [[2025, 9999], 'F']] as const).map(([years, female]) => ({
      code: '393',
      message: 'Child is looked after but mother field is not completed.',
      years: [years[0], years[1]] as [number, number],
      check(data: Ssda903Return) {
        const inCare = new Set(data.tables.episodes.filter((e) => !['V3', 'V4'].includes((e['LS'] ?? '').toUpperCase())).map((e) => e['CHILD'] ?? ''));
        return where('393', data, 'header', (h) => h['SEX'] === female && inCare.has(h['CHILD'] ?? '') && blank(h['MOTHER']));
      },
    })),
    rowRule('398', 'Distance field completed but child looked after under legal status V3 or V4.', 'episodes', (e) => !notRespite(e) && (present(e['HOME_POST']) || present(e['PL_POST']))),
    {
      code: '399',
      message: 'Mother field, review field or participation field are completed but child is looked after under legal status V3 or V4.',
      check(data) {
        const episodes = byChild(data.tables.episodes);
        const headers = byChild(data.tables.header);
        const reviews = byChild(data.tables.reviews);
        const e: number[] = [], h: number[] = [], r: number[] = [];
        for (const [child, list] of episodes) {
          if (!list.every((x) => x.row['LS'] === 'V3' || x.row['LS'] === 'V4')) continue;
          const hs = headers.get(child) ?? [{ row: {}, i: -1 }];
          const rs = reviews.get(child) ?? [{ row: {}, i: -1 }];
          for (const x of list) for (const hh of hs) for (const rr of rs) {
            if (present(hh.row['MOTHER']) || present(rr.row['REVIEW']) || present(rr.row['REVIEW_CODE'])) {
              e.push(x.i);
              if (hh.i >= 0) h.push(hh.i);
              if (rr.i >= 0) r.push(rr.i);
            }
          }
        }
        return [...at('399', 'episodes', e), ...at('399', 'header', h), ...at('399', 'reviews', r)];
      },
    },
  ];
}
