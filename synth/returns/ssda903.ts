// SSDA903 (children looked after) for one collection year: one CSV per table with the DfE's columns
// (the csc-validator-be-903 column lists), as the year's 31 March saw it: an episode still open then has
// no DEC or REC, and appears again, closed or still open, in the next year's files.
import { addMonths } from '../../core/dates.js';
import { NO_DATE } from '../../core/children.js';
import { HEADER_COLUMNS, EPISODES_COLUMNS, schemaFor } from '../../server/import/ssda903/codes.js';
import type { CareEpisode } from './enrich.js';
import { yearsBetween } from './enrich.js';
import { careLeaverAge, careLeaverAnswers } from './care-leavers.js';
import { csvLine, dmy } from './format.js';
import { returnChildId } from './identifiers.js';
import type { ReturnCase } from './return-case.js';
import type { CollectionYear } from './years.js';

/** Each table's columns, in the DfE's order. SW_Episodes only from the 2024 return (2023 to 2024) on. */
export const SSDA903_TABLES = {
  header: HEADER_COLUMNS,
  episodes: EPISODES_COLUMNS,
  reviews: ['CHILD', 'DOB', 'REVIEW', 'REVIEW_CODE'],
  uasc: ['CHILD', 'SEX', 'DOB', 'DUC'],
  oc2: ['CHILD', 'DOB', 'SDQ_SCORE', 'SDQ_REASON', 'CONVICTED', 'HEALTH_CHECK', 'IMMUNISATIONS', 'TEETH_CHECK', 'HEALTH_ASSESSMENT', 'SUBSTANCE_MISUSE', 'INTERVENTION_RECEIVED', 'INTERVENTION_OFFERED'],
  oc3: ['CHILD', 'DOB', 'IN_TOUCH', 'ACTIV', 'ACCOM'],
  ad1: ['CHILD', 'DOB', 'DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'NB_ADOPTR', 'SEX_ADOPTR', 'LS_ADOPTR'],
  placed_adoption: ['CHILD', 'DOB', 'DATE_PLACED', 'DATE_PLACED_CEASED', 'REASON_PLACED_CEASED'],
  prev_perm: ['CHILD', 'DOB', 'PREV_PERM', 'LA_PERM', 'DATE_PERM'],
  missing: ['CHILD', 'DOB', 'MISSING', 'MIS_START', 'MIS_END'],
  sw_episodes: ['CHILD', 'DOB', 'SW_ID', 'SW_DECOM', 'SW_DEC', 'SW_REASON'],
} as const;
export type Ssda903Table = keyof typeof SSDA903_TABLES;

/**
 * SEX as the year's return codes it: 1 male, 2 female up to the 2024 return (the only codes of the
 * schema, liia-tools SSDA903_schema_2016.yml); M, F from 2025 (SSDA903 101). A child of unknown sex has
 * `sex903` 1 or 2 drawn in enrich.ts: up to 2024 the return has no code for unknown, and from 2025 U
 * is a valid code (101) that rule 232 queries ("reported as unknown"), so U is never written.
 */
export function sex903Code(sex: string, year: number): string {
  return year >= 2025 ? (sex === '1' ? 'M' : 'F') : sex;
}

/**
 * REC as the year's return codes it. Returns to 2018 have two special guardianship codes, E43 (to former
 * foster carers) and E44 (to other carers); the 2019 return split each by whether the carers are a
 * relative or friend: E45/E46 (former foster carers) and E47/E48 (other carers) (liia-tools
 * SSDA903_schema_2016.yml and its 2019 diff). A code the year does not have takes the year's code of
 * the same order; going forwards, whether the carers were relatives is not known, so E46 and E48.
 */
const REC_TO_2018: Record<string, string> = { E45: 'E43', E46: 'E43', E47: 'E44', E48: 'E44' };
const REC_FROM_2019: Record<string, string> = { E43: 'E46', E44: 'E48' };
export function rec903Code(rec: string, year: number): string {
  return (schemaFor(year).rec.includes('E45') ? REC_FROM_2019 : REC_TO_2018)[rec] ?? rec;
}

/** The tables a year's return has. */
export function ssda903Tables(year: number): Ssda903Table[] {
  const all = Object.keys(SSDA903_TABLES) as Ssda903Table[];
  return year >= 2024 ? all : all.filter((t) => t !== 'sw_episodes');
}

/** File name of a table of a year: `2024-episodes.csv` (the importer reads the year from it). */
export function ssda903FileName(year: number, table: Ssda903Table): string {
  return `${year}-${table}.csv`;
}

/** Children whose care overlaps the year, as the year's files show them. */
export function writeSsda903(cases: readonly ReturnCase[], yr: CollectionYear): Map<Ssda903Table, string> {
  const tables = ssda903Tables(yr.year);
  const out = new Map<Ssda903Table, string[]>(tables.map((t) => [t, [csvLine(SSDA903_TABLES[t])]]));
  const add = (t: Ssda903Table, fields: (string | number | null)[]): void => void out.get(t)?.push(csvLine(fields));

  for (const c of cases) {
    const { record, extra } = c;
    const child = record.child;
    if (child.dob === NO_DATE || child.dob > yr.end) continue;
    const id = returnChildId(child.id);
    const sex = sex903Code(extra.sex903, yr.year);
    const dob = dmy(child.dob);
    // Episodes open at some time in the year, cut at 31 March.
    const rows: { ep: CareEpisode; period: number }[] = [];
    extra.care.forEach((care, p) => {
      for (const ep of care.episodes) if (ep.start <= yr.end && (ep.end === null || ep.end >= yr.start)) rows.push({ ep, period: p });
    });
    // OC3: the year's care leavers (care-leavers.ts), whether or not they were looked after in the year
    const leaverAge = careLeaverAge(record, yr);
    if (rows.length === 0 && leaverAge === null) continue;
    const ageAtEnd = yearsBetween(child.dob, yr.end);
    // MOTHER is asked of every girl looked after in the year (SSDA903 165, 393, 607): ours are not mothers.
    // Of a care leaver not looked after in the year it is not asked (628).
    add('header', [id, sex, dob, child.ethnicity || 'NOBT', ageAtEnd >= 6 ? extra.upn : 'UN2', extra.sex903 === '2' && rows.length > 0 ? '0' : '', '']);
    if (leaverAge !== null) {
      const a = careLeaverAnswers(extra.leaverSeed, leaverAge, yr);
      add('oc3', [id, dob, a.inTouch, a.activity, a.accommodation]);
    }
    if (rows.length === 0) continue;
    for (const { ep } of rows) {
      const closed = ep.end !== null && ep.end <= yr.end;
      // the reason a placement changed is known once it has ended
      add('episodes', [id, dmy(ep.start), ep.rne, ep.ls, ep.need, ep.place, ep.provider, closed ? dmy(ep.end!) : '', closed ? rec903Code(ep.rec, yr.year) : '', closed ? ep.reasonPlaceChange : '', extra.homePostcode, ep.placePostcode, ep.urn]);
    }
    const periods = [...new Set(rows.map((r) => r.period))];
    const inYear = (day: number): boolean => day >= yr.start && day <= yr.end;

    if (extra.uasc) {
      // DUC: UASC status ceases at 18, the same date in every year's file (SSDA903 205A/B, 304)
      add('uasc', [id, sex, dob, dmy(addMonths(child.dob, 216))]);
    }
    for (const p of periods) {
      const care = extra.care[p]!;
      const period = record.care[p]!;
      for (const r of care.reviews) if (inYear(r.day)) add('reviews', [id, dob, dmy(r.day), r.code]);
      // a missing period still open on 31 March is carried into the next year's file (SSDA903 576)
      for (const m of care.missing) if (m.start <= yr.end && m.end >= yr.start) add('missing', [id, dob, m.kind, dmy(m.start), m.end <= yr.end ? dmy(m.end) : '']);
      if (inYear(period.start)) add('prev_perm', [id, dob, care.prevPerm.code, care.prevPerm.la, care.prevPerm.date === null ? '' : dmy(care.prevPerm.date)]);
      // a reversed decision: in each return from the decision's to the one its reversal falls in (118, 561)
      const reversed = care.adoptionReversed;
      if (reversed && reversed.decision <= yr.end && reversed.ceased >= yr.start) add('placed_adoption', [id, dob, dmy(reversed.decision), reversed.ceased <= yr.end ? dmy(reversed.ceased) : '', reversed.ceased <= yr.end ? reversed.reason : '']);
      const adoption = care.adoption;
      if (adoption && adoption.decision <= yr.end) {
        // the decision ends by the adoption itself: no date or reason it ceased (a reversed decision, 525)
        const adopted = period.end !== null && period.end <= yr.end;
        add('placed_adoption', [id, dob, dmy(adoption.decision), '', '']);
        if (adopted && inYear(period.end!)) {
          add('ad1', [id, dob, dmy(adoption.decision), dmy(adoption.matched), adoption.fosterCare, adoption.adopters, adoption.adopterSex, adoption.adopterStatus]);
        }
      }
    }
    // Social worker episodes open in the year, of any period of care: a worker who stayed on after the last
    // period ended (enrich.ts joinSocialWorkers) is in this year's file too, as last year's open episode (SW16a–c).
    for (const care of extra.care) {
      for (const s of care.social) {
        if (s.start > yr.end || (s.end !== null && s.end < yr.start)) continue;
        const closed = s.end !== null && s.end <= yr.end;
        add('sw_episodes', [id, dob, s.worker.id, dmy(s.start), closed ? dmy(s.end!) : '', s.reason]);
      }
    }
    // OC2: looked after continuously for the 12 months to 31 March.
    // In care from 1 April (or before) to 31 March (on it counts): the validator's reading (SSDA903 191).
    const longStay = periods.map((p) => record.care[p]!).find((period) => (period.end === null || period.end >= yr.end) && period.start <= yr.start);
    if (longStay) {
      const o = extra.oc2;
      const b = (x: boolean): string => (x ? '1' : '0');
      // an SDQ from the year the child turns 4 to the year they turn 17 (SSDA903 186, 188, 189, 197B)
      const sdqAge = addMonths(child.dob, 48) <= yr.end && addMonths(child.dob, 204) > yr.start;
      // an intervention offered is asked only when none was received (158, 159)
      add('oc2', [id, dob, sdqAge ? o.sdq : '', '', ageAtEnd >= 10 ? b(o.convicted) : '', ageAtEnd < 5 ? '1' : '', b(o.immunised), b(o.teeth), b(o.health), b(o.substance), o.substance ? '1' : '', '']);
    }
  }
  return new Map([...out].map(([t, lines]) => [t, lines.join('')]));
}
