// Care leavers (SSDA903 OC3): who a year's return must describe, and what it says of them.
//
// Who (the DfE's definition of a relevant or former relevant young person, as the SSDA903 guide and the
// published care leaver statistics use it): looked after for at least 13 weeks (91 days) after their
// 14th birthday, some of it after their 16th, and with their 17th, 18th, 19th, 20th or 21st birthday in
// the collection year. Not a young person who was adopted (E11, E12), died (E2) or whose care passed to
// another authority (E3) when their last period of care ended (SSDA903 1000, 1001, 1011). At 17 and 18,
// only one who was not looked after on that birthday (1007); from the 2024 return, also not one whose
// care ended on or after their 17th birthday (1016, "not required for 17- or 18-year olds who cease to
// be looked after, after their birthday", lac2023_24/rule_1016.py@05e0c22 compares the end with the 17th).
//
// What: IN_TOUCH, ACTIV and ACCOM drawn per young person and year from the DfE's published shares
// (Children looked after in England including adoptions, care leaver tables: explore-education-statistics,
// national accommodation of care leavers 2018-2020 and accommodation suitability 2018-2020; 91% of
// 19-21 year olds in touch and about half in education, employment or training in 2020-21). The
// shares used are the constants below; they are rounded, and where the published table was not read in
// full (the remaining accommodation types) the split is ours and said so.
import { addMonths } from '../../core/dates.js';
import { NO_DATE } from '../../core/children.js';
import { seededRandom } from '../../core/random.js';
import type { CaseRecord } from './case.js';
import { yearsBetween } from './enrich.js';
import type { CollectionYear } from './years.js';

/** Reasons a period ended that leave no care leaver: died, adopted, care passed to another LA. */
const NOT_A_LEAVER = new Set(['E2', 'E11', 'E12', 'E3']);

/**
 * The young person's age at 31 March if the year's OC3 must describe them (17 to 21), else null.
 * Reads only the periods of care and the date of birth: the same facts the written episodes carry.
 */
export function careLeaverAge(record: CaseRecord, yr: CollectionYear): number | null {
  const { dob } = record.child;
  if (dob === NO_DATE) return null;
  const age = yearsBetween(dob, yr.end);
  if (age < 17 || age > 21) return null;
  const periods = record.care.filter((p) => p.start <= yr.end);
  const last = periods[periods.length - 1];
  if (!last || (last.end !== null && NOT_A_LEAVER.has(last.reason))) return null;
  const b14 = addMonths(dob, 12 * 14);
  const b16 = addMonths(dob, 12 * 16);
  const upTo = (end: number | null): number => Math.min(end ?? yr.end, yr.end);
  let from14 = 0;
  let from16 = 0;
  for (const p of periods) {
    from14 += Math.max(0, upTo(p.end) - Math.max(p.start, b14));
    from16 += Math.max(0, upTo(p.end) - Math.max(p.start, b16));
  }
  if (from14 < 91 || from16 < 1) return null;
  if (age <= 18) {
    const birthday = addMonths(dob, 12 * age);
    if (periods.some((p) => p.start <= birthday && (p.end === null || p.end > birthday))) return null;
    const b17 = addMonths(dob, 12 * 17);
    if (yr.year >= 2024 && periods.some((p) => p.end !== null && p.end >= b17)) return null;
  }
  return age;
}

type Shares = readonly (readonly [string, number])[];

/** IN_TOUCH among care leavers: 17s are the least known (24% no information on accommodation, 2018). */
const IN_TOUCH: Record<'17' | '18' | '19+', Shares> = {
  '17': [['YES', 76], ['NO', 14], ['REFU', 4], ['RHOM', 6]],
  '18': [['YES', 94], ['NO', 3], ['REFU', 2], ['RHOM', 1]],
  '19+': [['YES', 91], ['NO', 5], ['REFU', 2], ['NREQ', 2]],
};
/** ACTIV of those in touch: F/P full/part time; 1 higher education, 2 other education, 4 employment, 5 training; G4-G6 not in education, employment or training (illness or disability, other, pregnancy or parenting). */
const ACTIVITY: Record<'17-18' | '19+', Shares> = {
  '17-18': [['F2', 50], ['P2', 4], ['F1', 3], ['F4', 6], ['P4', 4], ['F5', 3], ['P5', 1], ['G4', 6], ['G5', 19], ['G6', 4]],
  '19+': [['F1', 7], ['P1', 1], ['F2', 15], ['P2', 3], ['F4', 17], ['P4', 8], ['F5', 4], ['P5', 1], ['G4', 9], ['G5', 28], ['G6', 7]],
};
/**
 * ACCOM letter (the kind) of those in touch. Published, 2020, 19-21: with parents or relatives 11%,
 * semi-independent 15%, community home 4%, supported lodgings 4%, "a third" independent living; the rest
 * is our split. 18: semi-independent 30%, parents or relatives 11%, supported lodgings 7%, community home 4%.
 * Letters: B parents/relatives, C community home, D semi-independent, E supported lodgings, K ordinary
 * lodgings, S no fixed abode, T foyer, U independent living, V emergency, W bed and breakfast, X custody,
 * Y other, Z former foster carers (never around the 17th birthday, 3001; none at 17-18 here, since
 * those young people left care before 17).
 */
const ACCOMMODATION: Record<'17-18' | '19+', Shares> = {
  '17-18': [['D', 33], ['B', 30], ['E', 8], ['C', 5], ['U', 9], ['K', 4], ['V', 2], ['W', 1], ['S', 1], ['X', 3], ['Y', 4]],
  '19+': [['U', 37], ['D', 16], ['B', 12], ['Z', 8], ['K', 6], ['C', 4], ['E', 4], ['Y', 5], ['X', 3], ['T', 2], ['S', 1], ['V', 1], ['W', 1]],
};
/** Share of those in touch whose accommodation is suitable (digit 1; else 2): 90% at 18, 84% at 19-21 and 7% unsuitable (2018). */
const SUITABLE: Record<'17-18' | '19+', number> = { '17-18': 0.88, '19+': 0.92 };

function draw(shares: Shares, r: number): string {
  const total = shares.reduce((n, [, w]) => n + w, 0);
  let x = r * total;
  for (const [code, w] of shares) if ((x -= w) < 0) return code;
  return shares[shares.length - 1]![0];
}

/** The OC3 answers of a care leaver aged `age` in year `yr`, drawn from the young person's seed and the year. */
export function careLeaverAnswers(seed: number, age: number, yr: CollectionYear): { inTouch: string; activity: string; accommodation: string } {
  const random = seededRandom((seed ^ Math.imul(yr.year, 0x9e3779b1)) >>> 0);
  const inTouch = draw(IN_TOUCH[age === 17 ? '17' : age === 18 ? '18' : '19+'], random());
  // not in touch, refused, no longer needs services, or home for 6 months: nothing known (0; 344, 345)
  if (inTouch !== 'YES') return { inTouch, activity: '0', accommodation: '0' };
  const band = age <= 18 ? '17-18' : '19+';
  const activity = draw(ACTIVITY[band], random());
  let kind = draw(ACCOMMODATION[band], random());
  // a foyer only from 18 at the start of the year (347)
  if (kind === 'T' && age < 19) kind = 'D';
  // no fixed abode and custody are only ever unsuitable (S2, X2: the year's ACCOM list, 133)
  const suitable = kind !== 'S' && kind !== 'X' && random() < SUITABLE[band];
  return { inTouch, activity, accommodation: `${kind}${suitable ? '1' : '2'}` };
}
