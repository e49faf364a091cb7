// 903 rules 189–243: OC2 cohort, this year against last year (header, UASC), URN and placement
// provider, reasons for placement change. Conditions as the validator's rule files check them.
import type { Failure, Row } from '../rule.js';
import type { Ssda903Return } from '../ssda903.js';
import {
  type R903, TEMPORARY, at, blank, byChild, codeRule, continuouslyLookedAfter, day, episodesInOrder, firstByChild, argBy, ge, gt, le, plusYears, present, rowRule, where,
} from './helpers.js';
import { type PostcodeList, placementFacts } from './rules-100.js';

/** A provider in Ofsted's children's homes / social care providers lists, as the validator reads them. */
export interface Provider {
  placeCodes: string[] | null;
  providerCodes: string[] | null;
  /** deregistration day, if closed */
  regEnd: number | null;
  /** postcode upper-cased without spaces */
  postcode: string | null;
  /** the provider's LA inferred from its postcode */
  la: string | null;
}
/** URN → provider; null when no list was loaded (the validator then skips every URN lookup rule). */
export type ProviderList = ReadonlyMap<string, Provider> | null;

/** The previous year's UASC table, where it was loaded with the return (the 205 rules need it). */
type WithLastUasc = Ssda903Return & { last?: { header: Row[]; episodes: Row[]; uasc?: Row[] } };
const lastUasc = (data: Ssda903Return): Row[] | undefined => (data as WithLastUasc).last?.uasc;

/** Header.UASC as the validator's CSV ingress adds it: '1' for a child in the UASC table, else '0'. */
function uascFlags(header: readonly Row[] | undefined, uasc: readonly Row[] | undefined): Map<string, string> | null {
  if (!header || !uasc) return null;
  const inUasc = new Set(uasc.map((u) => u['CHILD'] ?? ''));
  return new Map(header.map((h) => [h['CHILD'] ?? '', inUasc.has(h['CHILD'] ?? '') ? '1' : '0']));
}

/** The 205 family: the current UASC rows joined to their header flag and to last year's UASC rows and flag. */
function uascRows(data: Ssda903Return): { u: Row; iu: number; ih: number | null; flag: string | undefined; last: Row | null; lastFlag: string | undefined }[] | null {
  const ul = lastUasc(data);
  if (!ul || !data.last) return null;
  const flags = uascFlags(data.tables.header, data.tables.uasc)!;
  const lastFlags = uascFlags(data.last.header, ul)!;
  const headerIndex = new Map<string, number>();
  data.tables.header.forEach((h, i) => { if (!headerIndex.has(h['CHILD'] ?? '')) headerIndex.set(h['CHILD'] ?? '', i); });
  const lastRows = byChild(ul);
  const out: ReturnType<typeof uascRows> & object = [];
  data.tables.uasc.forEach((u, iu) => {
    const child = u['CHILD'] ?? '';
    const ih = headerIndex.get(child) ?? null;
    const lasts = lastRows.get(child) ?? [null];
    for (const l of lasts) out.push({ u, iu, ih, flag: flags.get(child), last: l ? l.row : null, lastFlag: lastFlags.get(child) });
  });
  return out;
}

function uascRule(code: string, message: string, bad: (r: NonNullable<ReturnType<typeof uascRows>>[number], data: Ssda903Return, i: number) => boolean): R903 {
  return {
    code, message,
    check(data) {
      const rows = uascRows(data);
      if (!rows) return [];
      const u: number[] = [];
      const h: number[] = [];
      rows.forEach((r, i) => { if (bad(r, data, i)) { u.push(r.iu); if (r.ih !== null) h.push(r.ih); } });
      return [...at(code, 'uasc', u), ...at(code, 'header', h)];
    },
  };
}

/** Header rows of children also in last year's header, with last year's first row. */
function withLastHeader(data: Ssda903Return, bad: (now: Row, before: Row) => boolean, code: string): Failure[] {
  if (!data.last) return [];
  const before = firstByChild(data.last.header);
  return where(code, data, 'header', (h) => { const b = before.get(h['CHILD'] ?? ''); return !!b && bad(h, b); });
}

const text = (v: string | undefined): string => (blank(v) ? 'nan' : v!);
const UN = ['UN1', 'UN2', 'UN3', 'UN4', 'UN5'];

/** 191: a child looked after all year has no OC2 row, or an OC2 row without the health items. */
const rule191: R903 = {
  code: '191',
  message: 'Child has been looked after continuously for at least 12 months at 31 March but one or more data items relating to children looked after for 12 months have been left blank.',
  check(data) {
    const cla = continuouslyLookedAfter(data);
    const oc2 = where('191', data, 'oc2', (o) => cla.has(o['CHILD'] ?? '') && ['IMMUNISATIONS', 'TEETH_CHECK', 'HEALTH_ASSESSMENT', 'SUBSTANCE_MISUSE'].some((f) => blank(o[f])));
    const inOc2 = new Set(data.tables.oc2.map((o) => o['CHILD'] ?? ''));
    const eps: number[] = [];
    for (const [child, list] of byChild(data.tables.episodes)) {
      const first = argBy(list, 'DECOM', 'min');
      if (first && cla.has(child) && !inOc2.has(child)) eps.push(first.i);
    }
    return [...oc2, ...at('191', 'episodes', eps)];
  },
};

/** 199: an episode after the child was adopted (E11/E12), this year's or last year's. */
const rule199: R903 = {
  code: '199',
  message: 'Episode information shows child has been previously adopted from care. [NOTE: This only tests the current and previous year data loaded into the tool]',
  check(data) {
    const all = [
      ...data.tables.episodes.map((row, i) => ({ row, i: i as number | null })),
      ...(data.last?.episodes ?? []).map((row) => ({ row, i: null as number | null })),
    ].map((e, order) => ({ ...e, order, d: day(e.row['DECOM']) })).filter((e) => e.d !== null);
    all.sort((a, b) => a.d! - b.d! || a.order - b.order);
    const adoptions = new Map<string, number>();
    const out: number[] = [];
    for (const e of all) {
      const child = e.row['CHILD'] ?? '';
      const isAd = e.row['REC'] === 'E11' || e.row['REC'] === 'E12';
      const n = (adoptions.get(child) ?? 0) + (isAd ? 1 : 0);
      adoptions.set(child, n);
      if (n > 0 && !(n === 1 && isAd) && e.i !== null) out.push(e.i);
    }
    return at('199', 'episodes', out);
  },
};

/** 208: UPN differs from last year's, other than unknown → UN2–5 or unknown → known. */
function upnChangeBad(now: Row, before: Row): boolean {
  const nullNow = blank(now['UPN']);
  const nullBefore = blank(before['UPN']);
  const upn = text(now['UPN']).toUpperCase();
  const last = text(before['UPN']).toUpperCase();
  const different = upn !== last && !(nullNow && nullBefore);
  const validUnknownChange = ((last === 'UN1' || nullBefore) && UN.slice(1).includes(upn)) || (nullBefore && last === 'UN1');
  const unknownToKnown = (UN.includes(last) || nullBefore) && !(UN.includes(upn) || nullNow);
  return different && !validUnknownChange && !unknownToKnown;
}

/** 210: UPN UN4 with an episode starting on or after 24 March. */
const rule210: R903 = {
  code: '210',
  message: 'Children looked after for more than a week at 31 March should not have an unknown Unique Pupil Number (UPN) code of UN4.',
  check(data) {
    const ref = data.collectionEnd - 7; // 24 March of the collection year
    const headers = byChild(data.tables.header);
    const eps: number[] = [];
    const hs: number[] = [];
    data.tables.episodes.forEach((e, i) => {
      for (const h of headers.get(e['CHILD'] ?? '') ?? []) {
        if (h.row['UPN'] === 'UN4' && ge(day(e['DECOM']), ref)) { eps.push(i); hs.push(h.i); }
      }
    });
    return [...at('210', 'episodes', eps), ...at('210', 'header', hs)];
  },
};

/** 215: a care leaver (OC3 data) has OC2 health items. */
const rule215: R903 = {
  code: '215',
  message: 'Child has care leaver information but one or more data items relating to children looked after for 12 months have been completed.',
  check(data) {
    const oc2 = byChild(data.tables.oc2);
    const o3: number[] = [];
    const o2: number[] = [];
    data.tables.oc3.forEach((o, i) => {
      if (!['IN_TOUCH', 'ACTIV', 'ACCOM'].some((f) => present(o[f]))) return;
      for (const t of oc2.get(o['CHILD'] ?? '') ?? []) {
        if (['CONVICTED', 'HEALTH_CHECK', 'IMMUNISATIONS', 'TEETH_CHECK', 'HEALTH_ASSESSMENT', 'SUBSTANCE_MISUSE', 'INTERVENTION_RECEIVED', 'INTERVENTION_OFFERED'].some((f) => present(t.row[f]))) { o3.push(i); o2.push(t.i); }
      }
    });
    return [...at('215', 'oc3', o3), ...at('215', 'oc2', o2)];
  },
};

/** 225: an X1 episode followed by a placement change (RNE P/B/T/U) with no reason for the change. */
const rule225: R903 = {
  code: '225',
  message: 'Reason for placement change must be recorded.',
  check(data) {
    const eps = episodesInOrder(data);
    const out: number[] = [];
    for (let k = 0; k + 1 < eps.length; k++) {
      const e = eps[k]!.row, next = eps[k + 1]!.row;
      if (e['CHILD'] !== next['CHILD']) continue;
      if (e['REC'] === 'X1' && blank(e['REASON_PLACE_CHANGE']) && !TEMPORARY.includes(e['PLACE'] ?? '') && ['P', 'B', 'T', 'U'].includes(next['RNE'] ?? '') && !TEMPORARY.includes(next['PLACE'] ?? '')) out.push(eps[k]!.i);
    }
    return at('225', 'episodes', out);
  },
};

/** 226: a temporary placement (T0–T4) has a reason for placement change, on it or on the episode before. */
const rule226: R903 = {
  code: '226',
  message: 'Reason for placement change is not required.',
  check(data) {
    const eps = episodesInOrder(data);
    const out: number[] = [];
    eps.forEach(({ row, i }, k) => {
      const prev = k > 0 && eps[k - 1]!.row['CHILD'] === row['CHILD'] ? eps[k - 1]!.row : null;
      if (TEMPORARY.includes(row['PLACE'] ?? '') && (present(row['REASON_PLACE_CHANGE']) || (prev !== null && present(prev['REASON_PLACE_CHANGE'])))) out.push(i);
    });
    return at('226', 'episodes', out);
  },
};

/** Episodes with a real URN (given, not XXXXXXX) and their provider; none when no provider list was loaded. */
function urnRule(code: string, message: string, providers: ProviderList, bad: (ep: Row, p: Provider | undefined, data: Ssda903Return) => boolean, keep: (ep: Row) => boolean = () => true): R903 {
  return {
    code, message,
    check(data) {
      if (!providers) return [];
      return where(code, data, 'episodes', (ep) => present(ep['URN']) && ep['URN'] !== 'XXXXXXX' && keep(ep) && bad(ep, providers.get(ep['URN']!), data));
    },
  };
}

/** PL_LA as pandas' astype(str).upper() gives it: a missing one is "NAN", which starts with N. */
const plLaText = (list: PostcodeList, data: Ssda903Return, ep: Row): string => (placementFacts(list, data.la, ep['HOME_POST'], ep['PL_POST']).plLa ?? 'nan').toUpperCase();

export function rules200(list: PostcodeList, providers: ProviderList): R903[] {
  const notEngland = (ep: Row, data: Ssda903Return, letters: string[]): boolean => letters.some((l) => plLaText(list, data, ep).startsWith(l));
  const urn218 = (places: string[], outside: (ep: Row, d: Ssda903Return) => boolean) => (ep: Row, d: Ssda903Return): boolean =>
    (ge(day(ep['DEC']), d.collectionStart) || blank(ep['DEC'])) && blank(ep['URN']) && !places.includes(ep['PLACE'] ?? '') && !outside(ep, d);
  return [
    rowRule('189', 'Child is aged 17 years or over at the beginning of the year, but an Strengths and Difficulties (SDQ) score or a reason for no Strengths and Difficulties (SDQ) score has been completed.', 'oc2', (o, d) => le(plusYears(day(o['DOB']), 17), d.collectionStart) && (present(o['SDQ_REASON']) || present(o['SDQ_SCORE']))),
    rowRule('190', 'Child has not been looked after continuously for at least 12 months at 31 March but one or more data items relating to children looked after for 12 months have been completed.', 'oc2', (o, d) => !continuouslyLookedAfter(d).has(o['CHILD'] ?? '') && ['CONVICTED', 'HEALTH_CHECK', 'IMMUNISATIONS', 'TEETH_CHECK', 'HEALTH_ASSESSMENT', 'SUBSTANCE_MISUSE', 'INTERVENTION_RECEIVED', 'INTERVENTION_OFFERED'].some((f) => present(o[f]))),
    rule191,
    rowRule('192', 'Child has been identified as having a substance misuse problem but the additional item on whether an intervention was received has been left blank.', 'oc2', (o) => o['SUBSTANCE_MISUSE'] === '1' && blank(o['INTERVENTION_RECEIVED'])),
    rowRule('193', 'Child not identified as having a substance misuse problem but at least one of the two additional items on whether an intervention were offered and received have been completed.', 'oc2', (o) => (blank(o['SUBSTANCE_MISUSE']) || o['SUBSTANCE_MISUSE'] === '0') && (present(o['INTERVENTION_RECEIVED']) || present(o['INTERVENTION_OFFERED']))),
    codeRule('196', 'Strengths and Difficulties (SDQ) reason is not a valid code.', 'oc2', 'SDQ_REASON', ['SDQ1', 'SDQ2', 'SDQ3', 'SDQ4', 'SDQ5']),
    rowRule('197a', 'Reason for no Strengths and Difficulties (SDQ) score is not required if Strengths and Difficulties Questionnaire score is filled in.', 'oc2', (o) => present(o['SDQ_SCORE']) && present(o['SDQ_REASON'])),
    rowRule('197B', 'SDQ score or reason for no SDQ should be reported for 4- or 17-year-olds.', 'oc2', (o, d) => {
      const dob = day(o['DOB']);
      const four = plusYears(dob, 4), seventeen = plusYears(dob, 17);
      const turns = (ge(four, d.collectionStart) && le(four, d.collectionEnd)) || (ge(seventeen, d.collectionStart) && le(seventeen, d.collectionEnd));
      return turns && continuouslyLookedAfter(d).has(o['CHILD'] ?? '') && blank(o['SDQ_SCORE']) && blank(o['SDQ_REASON']);
    }),
    rowRule('198', 'Child has not been looked after continuously for at least 12 months at 31 March but a reason for no Strengths and Difficulties (SDQ) score has been completed. ', 'oc2', (o, d) => present(o['SDQ_REASON']) && !continuouslyLookedAfter(d).has(o['CHILD'] ?? '')),
    rule199,
    { code: '202', message: 'The gender code conflicts with the gender already recorded for this child.', check: (d) => withLastHeader(d, (h, b) => text(h['SEX']) !== text(b['SEX']), '202') },
    { code: '203', message: 'Date of birth disagrees with the date of birth already recorded for this child.', check: (d) => withLastHeader(d, (h, b) => day(h['DOB']) !== day(b['DOB']), '203') },
    { code: '204', message: 'Ethnic origin code disagrees with the ethnic origin already recorded for this child.', check: (d) => withLastHeader(d, (h, b) => text(h['ETHNIC']).toUpperCase() !== text(b['ETHNIC']).toUpperCase(), '204') },
    uascRule('205A', 'Child identified as UASC last year is no longer UASC this year, but date UASC ceased in both years does not support this.', (r, d) => {
      const ducLast = day(r.last?.['DUC']);
      const inLastYear = ge(ducLast, plusYears(d.collectionStart, -1)) && le(ducLast, plusYears(d.collectionEnd, -1));
      return r.flag !== '1' && r.lastFlag === '1' && r.last !== null && (present(r.u['DUC']) || !inLastYear);
    }),
    uascRule('205B', 'Child previously identified as UASC is also UASC this year, but date UASC ceased in both years does not support this.', (r, d) => {
      // DOB18 is last year's UASC row at the same position's DOB + 18 years (the validator aligns by row number).
      const ul = lastUasc(d)!;
      const dob18 = plusYears(day(ul[r.iu]?.['DOB']), 18);
      const duc = day(r.u['DUC']);
      const ducLast = r.last ? day(r.last['DUC']) : null;
      const both = r.flag === '1' && r.lastFlag === '1' && r.last !== null;
      const currentInYear = ge(duc, d.collectionStart) && le(duc, d.collectionEnd);
      const prevIs18th = ducLast !== null && ducLast === dob18;
      const currentIsLast = duc !== null && duc === ducLast;
      return both && ((!currentInYear && !currentIsLast) || !prevIs18th);
    }),
    uascRule('205C', 'Child not identified as UASC either this year or last year but date UASC ceased has been provided.', (r) => {
      const never = (r.flag === undefined || r.flag === '0') && (r.last === null || r.lastFlag === undefined || r.lastFlag === '0');
      return never && (day(r.u['DUC']) !== null || (r.last !== null && day(r.last['DUC']) !== null));
    }),
    {
      code: '205D',
      message: 'Child identified as UASC this year but not identified as UASC status provided for the child last year.',
      check(data) {
        const ul = lastUasc(data);
        if (!ul || !data.last) return [];
        const lastFlags = uascFlags(data.last.header, ul)!;
        const flags = uascFlags(data.tables.header, data.tables.uasc)!;
        return where('205D', data, 'header', (h) => {
          const child = h['CHILD'] ?? '';
          return lastFlags.has(child) && flags.get(child) === '1' && lastFlags.get(child) !== '1';
        });
      },
    },
    {
      code: '207',
      message: 'Mother status for the current year disagrees with the mother status already recorded for this child.',
      check(data) {
        const withEpisodes = new Set(data.tables.episodes.map((e) => e['CHILD'] ?? ''));
        return withLastHeader(data, (h, b) => withEpisodes.has(h['CHILD'] ?? '') && text(h['MOTHER']) !== text(b['MOTHER']) && b['MOTHER'] === '1', '207');
      },
    },
    { code: '208', message: 'Unique Pupil Number (UPN) for the current year disagrees with the Unique Pupil Number (UPN) already recorded for this child.', check: (d) => withLastHeader(d, upnChangeBad, '208') },
    rowRule('209', 'Child looked after is of school age and should not have an unknown Unique Pupil Number (UPN) code of UN1.', 'header', (h, d) => {
      const { year } = { year: d.year - 2 }; // 31 August of the year before the collection starts
      return h['UPN'] === 'UN1' && ge(day(`31/08/${year}`), plusYears(day(h['DOB']), 4));
    }),
    rule210,
    rowRule('213', 'Placement provider information not required.', 'episodes', (e) => TEMPORARY.includes(e['PLACE'] ?? '') && present(e['PLACE_PROVIDER']), [0, 2025]),
    rowRule('213', 'Placement provider information not required.', 'episodes', (e) => [...TEMPORARY, 'Z11', 'Z12', 'Z13', 'Z14'].includes(e['PLACE'] ?? '') && present(e['PLACE_PROVIDER']), [2026, 9999]),
    rowRule('214', 'Placement location information not required.', 'episodes', (e) => (e['LS'] === 'V3' || e['LS'] === 'V4') && (present(e['PL_POST']) || present(e['URN']))),
    rule215,
    rowRule('217', 'Children who are placed for adoption with current foster carers (placement types A3 or A5) must have a reason for new episode of S, T or U.', 'episodes', (e) => ['A3', 'A5'].includes(e['PLACE'] ?? '') && ge(day(e['DECOM']), day('01/04/2015')) && !['S', 'T', 'U'].includes(e['RNE'] ?? '')),
    rowRule('217t', "Placement type 'P2' is not a valid placement type from 28 October 2023.", 'episodes', (e) => e['PLACE'] === 'P2' && (gt(day(e['DEC']), day('28/10/2023')) || day(e['DEC']) === null), [2024, 9999]),
    rowRule('218', 'Ofsted Unique reference number (URN) is required.', 'episodes', urn218(['H5', 'P1', 'P2', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z1'], (e, d) => notEngland(e, d, ['N', 'W', 'S', 'C'])), [0, 2023]),
    rowRule('218', 'Ofsted Unique reference number (URN) is required.', 'episodes', urn218(['P1', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z1'], (e, d) => notEngland(e, d, ['N', 'W', 'S', 'C'])), [2024, 2025]),
    rowRule('218', 'Ofsted Unique reference number (URN) is required.', 'episodes', urn218(['P1', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z11', 'Z12', 'Z13', 'Z14'], (e, d) => ['CON', 'NIR', 'SCO', 'WAL', 'NUK'].includes(plLaText(list, d, e))), [2026, 9999]),
    urnRule('219', "The Ofsted Unique reference number (URN) provided for the child's placement does not match the placement type recorded.", providers, (e, p) => blank(e['PLACE']) || !p?.placeCodes?.includes(e['PLACE']!)),
    ...([[[0, 2023], ['K1', 'K2', 'R3', 'S1']], [[2024, 2024], ['H5', 'K1', 'K2', 'R3', 'S1']], [[2025, 9999], ['K1', 'K2', 'R3', 'S1']]] as const).map(([years, places]) => ({
      ...urnRule('221', "The Ofsted Unique reference number (URN) provided for the child's placement does not match the placement postcode provided.", providers,
        (e, p) => e['PL_POST']!.replace(/ /g, '') !== (p?.postcode ?? null),
        (e) => e['LS'] !== 'V3' && e['LS'] !== 'V4' && (places as readonly string[]).includes(e['PLACE'] ?? '') && present(e['PL_POST'])),
      years: [years[0], years[1]] as [number, number],
    })),
    rowRule('222', 'Ofsted Unique reference number (URN) should not be recorded for this placement type.', 'episodes', (e) => ['H5', 'P1', 'P2', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z1'].includes(e['PLACE'] ?? '') && present(e['URN']) && e['URN'] !== 'XXXXXXX', [0, 2023]),
    rowRule('222', 'Ofsted Unique reference number (URN) should not be recorded for this placement type.', 'episodes', (e) => ['P1', 'P2', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z1'].includes(e['PLACE'] ?? '') && present(e['URN']) && e['URN'] !== 'XXXXXXX', [2024, 2024]),
    rowRule('222', 'Ofsted Unique reference number (URN) should not be recorded for this placement type.', 'episodes', (e) => ['P1', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z1'].includes(e['PLACE'] ?? '') && present(e['URN']) && e['URN'] !== 'XXXXXXX', [2025, 9999]),
    urnRule('224', "The Ofsted Unique reference number (URN) provided for the child's placement does not match the placement provider recorded.", providers, (e, p) => blank(e['PLACE_PROVIDER']) || !p?.providerCodes?.includes(e['PLACE_PROVIDER']!)),
    rule225,
    rule226,
    urnRule('227', 'Ofsted Unique reference number (URN) is not valid for the episode start date.', providers, (e, p) => p?.regEnd != null && ge(day(e['DECOM']), p.regEnd)),
    urnRule('228', 'Ofsted Unique reference number (URN) is not valid for the episode end date [NOTE: may give false positives on open episodes at providers who close during the year]', providers, (e, p, d) => p?.regEnd != null && (day(e['DEC']) !== null ? day(e['DEC'])! > p.regEnd : d.collectionEnd > p.regEnd)),
    {
      ...urnRule('229', "Placement provider does not match between the placing authority and the local authority code of the provider. [NOTE: The provider's LA code is inferred from the its postcode, and may be inaccurate in some cases.]", providers,
        (e, p, d) => (e['PLACE_PROVIDER'] === 'PR1' && (p?.la ?? null) !== d.la) || (e['PLACE_PROVIDER'] === 'PR2' && p?.la === d.la)),
      years: [0, 2025],
    },
    {
      ...urnRule('229', "Placement provider does not match between the placing authority and the local authority code of the provider. [NOTE: The provider's LA code is inferred from the its postcode, and may be inaccurate in some cases.]", providers,
        (e, p, d) => (e['PLACE_PROVIDER'] === 'PR1' && (p?.la ?? null) !== d.la) || (e['PLACE_PROVIDER'] === 'PR2' && p?.la === d.la),
        (e) => !['K3', 'P1', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z11', 'Z12', 'Z13', 'Z14'].includes(e['PLACE'] ?? '')),
      years: [2026, 9999],
    },
    rowRule('230', 'Ofsted Unique reference number (URN) is required for any English H5 placements from 28 October 2023.', 'episodes', (e, d) => e['PLACE'] === 'H5' && (ge(day(e['DEC']), day('29/10/2023')) || day(e['DEC']) === null) && (blank(e['URN']) || e['URN'] === 'XXXXXXX') && !notEngland(e, d, ['N', 'W', 'S']), [2024, 9999]),
    rowRule('232', 'Sex of the child/young person has been reported as unknown.', 'header', (h) => (h['SEX'] ?? '').toUpperCase() === 'U', [2025, 9999]),
    rowRule('241', 'LA of placement is not an LA the provider has premises.', 'episodes', (e, d) => present(e['URN']) && e['URN'] !== 'XXXXXXX' && e['PLACE'] === 'K3' && placementFacts(list, d.la, e['HOME_POST'], e['PL_POST']).plLa !== d.la, [2026, 9999]),
    rowRule('242', "URN = 'XXXXXXX' can only be used for regional adoption agencies", 'episodes', (e) => e['URN'] === 'XXXXXXX' && !['A3', 'A4', 'A5', 'A6', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6'].includes(e['PLACE'] ?? ''), [2026, 9999]),
    rowRule('243', 'Only placements with providers registered with Ofsted should have a URN reported.', 'episodes', (e, d) => ['CON', 'NIR', 'SCO', 'WAL', 'NUK'].includes(placementFacts(list, d.la, e['HOME_POST'], e['PL_POST']).plLa ?? '') && present(e['URN']), [2026, 9999]),
  ];
}
