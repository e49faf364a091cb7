// Ofsted's Annex A workbook for a period (the collection year): lists 1 to 10 with the template's
// headers (server/import/annex-a/lists.ts), the template's coded spellings (`a) Male`, `q) 6: Police`),
// dates as dates, and the allocated teams and workers (faker names). List 11 (adopters) describes no
// child and is written with its header only.
import { addMonths } from '../../core/dates.js';
import { NO_DATE } from '../../core/children.js';
import { ETHNICITY_CODES, SOURCE_CODES } from '../../core/events.js';
import { ANNEX_A_LISTS, GENDER_SPELLINGS } from '../../server/import/annex-a/lists.js';
import { SOURCE_LABELS } from '../../server/import/common/codes.js';
import { writeXlsx, type WriteCell } from '../../server/import/common/xlsx-write.js';
import { yearsBetween } from './enrich.js';
import { returnChildId } from './identifiers.js';
import type { ReturnCase } from './return-case.js';
import type { CollectionYear } from './years.js';

const letter = (i: number): string => String.fromCharCode(97 + (i % 26));
const YES = 'a) Yes';
const NO = 'b) No';
const yesNo = (b: boolean): string => (b ? YES : NO);

const LEGAL_STATUS_LABELS: Record<string, string> = { C1: 'Interim care order', C2: 'Full care order', E1: 'Placement order granted', V2: 'Single period of accommodation under section 20' };
const PLACEMENT_LABELS: Record<string, string> = {
  U1: 'Foster placement with relative or friend - long term fostering', U2: 'Foster placement with relative or friend who is also an approved adopter - FFA', U3: 'Foster placement with relative or friend - not long term or FFA',
  U4: 'Foster placement with other foster carer - long term fostering', U5: 'Foster placement with other foster carer who is also an approved adopter - FFA', U6: 'Foster placement with other foster carer - not long term or FFA',
  K2: "Children's Home", A6: 'Placed for adoption with placement order (not with current foster carer)',
};
const REASON_LABELS: Record<string, string> = {
  E11: 'Adopted - application for an adoption order unopposed', E12: 'Adopted - consent dispensed with by the court', E13: 'Left care to live with parent(s)', E4A: 'Returned home to live with parent(s), relative(s), or other person(s) with parental responsibility as part of the care planning process',
  E41: 'Residence order (or, from 22 April 2014, a child arrangement order) granted', E45: 'Special guardianship order made to former foster carer(s)', E46: 'Special guardianship order made to carer(s), other than former foster carer(s)', E47: 'Special guardianship order made to former foster carer(s), who was/are a relative(s) or friend(s)', E48: 'Special guardianship order made to carer(s), who was/are a relative(s) or friend(s)',
  E17: 'Aged 18 (or over) and remained with current carers', E5: 'Moved into independent living arrangement and no longer looked-after: supportive accommodation providing formalised advice/support arrangements', E6: 'Moved into independent living arrangement and no longer looked-after: accommodation providing no formalised advice/support arrangements', E8: 'Period of being looked-after ceased for any other reason',
};

function sourceSpelling(code: string): string {
  const i = (SOURCE_CODES as readonly string[]).indexOf(code);
  if (i < 0) return '';
  return `${letter(i)}) ${code}: ${SOURCE_LABELS[code]?.[0] ?? code}`;
}
function ethnicitySpelling(code: string): string {
  const i = ETHNICITY_CODES.indexOf(code);
  return i < 0 ? 'u) NOBT' : `${letter(i)}) ${code}`;
}
const coded = (code: string, labels: Record<string, string>): string => (code ? `${code}: ${labels[code] ?? code}` : '');

/** The workbook's sheets: `List 1` … `List 11`, each a header row and one row per child and item. */
export function annexASheets(cases: readonly ReturnCase[], yr: CollectionYear): { name: string; rows: WriteCell[][] }[] {
  const lists = ANNEX_A_LISTS.map((l) => ({ list: l, rows: [l.columns.map((c) => c.header)] as WriteCell[][] }));
  const inPeriod = (day: number | null): boolean => day !== null && day >= yr.start && day <= yr.end;
  const until = (day: number | null): number | null => (day !== null && day <= yr.end ? day : null);
  const date = (day: number | null): WriteCell => (day === null ? null : { date: day });
  const open = (start: number, end: number | null): boolean => start <= yr.end && (end === null || end >= yr.start);

  for (const { record, extra } of cases) {
    const child = record.child;
    if (child.dob === NO_DATE || child.dob > yr.end) continue;
    const head = (day: number): WriteCell[] => [returnChildId(child.id), GENDER_SPELLINGS[(child.sex as 'M' | 'F' | 'U') || 'U'] ?? GENDER_SPELLINGS.U, ethnicitySpelling(child.ethnicity), { date: child.dob }, yearsBetween(child.dob, Math.min(day, yr.end))];
    const disability = child.disability === 'Y' ? YES : child.disability === 'N' ? NO : 'c) Unknown';
    const push = (list: number, row: WriteCell[]): void => void lists[list - 1]!.rows.push(row);

    for (const c of record.contacts) if (inPeriod(c.day)) push(1, [...head(c.day), date(c.day), sourceSpelling(c.source)]);
    for (const eh of record.earlyHelp) if (open(eh.start, eh.end) && eh.start <= yr.end) push(2, [...head(eh.start), date(eh.start), date(until(eh.end)), extra.earlyHelpOrganisation]);

    record.episodes.forEach((ep, i) => {
      const more = extra.episodes[i]!;
      if (inPeriod(ep.referral)) {
        const last12 = record.episodes.filter((e) => e.referral < ep.referral && e.referral >= addMonths(ep.referral, -12)).length;
        push(3, [...head(ep.referral), date(ep.referral), sourceSpelling(ep.source || '10'), yesNo(ep.nfa), last12, more.team, more.worker.name]);
      }
      for (const a of ep.assessments) {
        if (!(inPeriod(a.start) || inPeriod(until(a.end)))) continue;
        const end = until(a.end);
        const outcome = end === null ? null : a.outcome === 'cin' ? YES : NO;
        push(4, [...head(a.start), disability, date(a.start), YES, date(end), outcome, more.team, more.worker.name]);
      }
      for (const s of ep.s47s) {
        const icpc = until(s.icpc);
        if (!(inPeriod(s.start) || inPeriod(icpc))) continue;
        const ended = until(s.end);
        const s47s12 = ep.s47s.filter((o) => o.start < s.start && o.start >= addMonths(s.start, -12)).length;
        push(5, [...head(s.start), disability, date(s.start), icpc === null && ended !== null ? YES : NO, date(icpc), icpc === null ? null : yesNo(s.icpcOutcome === 'cp_plan'), s47s12, 0, more.team, more.worker.name]);
      }
      for (const day of ep.transferIcpcs) {
        if (!inPeriod(day)) continue;
        push(5, [...head(day), disability, null, NO, date(day), YES, 0, 0, more.team, more.worker.name]);
      }
      for (const p of ep.cinPlans) {
        if (!open(p.start, p.end)) continue;
        const end = until(p.end);
        push(6, [...head(p.start), disability, date(p.start), ep.nfa ? 'N0' : more.need, date(end ?? Math.min(yr.end, p.start + 20)), date(end), end !== null && end === ep.closure ? ep.closureReason : null, end === null ? 'Open' : 'Closed', more.team, more.worker.name]);
      }
      ep.cpPlans.forEach((p, k) => {
        if (!open(p.start, p.end)) return;
        const end = until(p.end);
        const reviews = (more.cpReviews[k] ?? []).filter((r) => r <= yr.end && (end === null || r <= end));
        const previous = record.episodes.reduce((n, e) => n + e.cpPlans.filter((q) => q.start < p.start).length, 0);
        const cat = more.categories[k]!;
        push(7, [...head(p.start), disability, date(p.start), cat.initial, cat.latest, date(Math.min(end ?? yr.end, p.start + 9)), YES, date(reviews[reviews.length - 1] ?? null), date(end), NO, previous, more.team, more.worker.name]);
      });
    });

    record.care.forEach((period, p) => {
      if (!open(period.start, period.end)) return;
      const care = extra.care[p]!;
      const episodes = care.episodes.filter((e) => e.start <= yr.end);
      const current = episodes[episodes.length - 1]!;
      const end = until(period.end);
      const legalStart = [...episodes].reverse().find((e, k, arr) => k === arr.length - 1 || arr[k + 1]!.ls !== e.ls)?.start ?? period.start;
      const placementStart = [...episodes].reverse().find((e) => e.rne !== 'L')?.start ?? period.start;
      const reviews = care.reviews.filter((r) => r.day <= yr.end);
      const second = record.care.some((q) => q !== period && q.end !== null && q.end < period.start && q.end >= addMonths(period.start, -12));
      const placements12 = new Set(episodes.filter((e) => e.rne !== 'L' && (e.end === null || e.end >= addMonths(yr.end, -12))).map((e) => e.start)).size;
      const missing = care.missing.filter((m) => m.start <= yr.end && m.start >= addMonths(yr.end, -12)).length;
      const sw = care.social.filter((s) => s.start <= yr.end).pop()!;
      push(8, [
        ...head(period.start), extra.uasc ? 'a) Yes' : 'b) No', disability, date(period.start), current.need, second ? 'a) Yes' : 'b) No', date(legalStart), coded(current.ls, LEGAL_STATUS_LABELS),
        date(reviews[reviews.length - 1]?.day ?? null), date(Math.min(yr.end, (end ?? yr.end) - 3 < period.start ? period.start : (end ?? yr.end) - 3)), current.ls === 'E1' ? 'Adoption' : 'Long-term fostering',
        date(reviews[reviews.length - 1]?.day ?? null), date(period.start + 20 <= yr.end ? period.start + 20 : null), null, placements12,
        date(end), end === null ? null : coded(period.reason, REASON_LABELS), date(placementStart), coded(current.place, PLACEMENT_LABELS), current.provider, current.placePostcode, current.urn,
        current.provider === 'PR1' ? 'Inside LA boundary' : 'Outside LA boundary', null, missing, 0, missing > 0 ? YES : null, missing > 0 ? NO : null, sw.worker.team, sw.worker.name,
      ]);
      // List 10: a decision to adopt in or before the period, with the steps taken by its end.
      const adoption = care.adoption;
      if (adoption && adoption.decision <= yr.end && (end === null || end >= yr.start)) {
        const e1 = episodes.find((e) => e.ls === 'E1');
        const placed = episodes.find((e) => e.place === 'A6');
        const adopted = end !== null && (period.reason === 'E11' || period.reason === 'E12') ? end : null;
        push(10, [...head(adoption.decision), null, disability, date(period.start), date(adoption.decision), date(e1?.start ?? null), date(until(adoption.matched)), date(placed?.start ?? null), date(adopted), null, null, null]);
      }
    });

    // List 9: care leavers whose care ended at 16 or over, aged 17 to 21 at the period's end.
    const left = record.care.find((period) => period.end !== null && period.end < yr.end && yearsBetween(child.dob, period.end) >= 16 && !['E11', 'E12', 'E2'].includes(period.reason));
    const age = yearsBetween(child.dob, yr.end);
    if (left && age >= 17 && age <= 21 && !record.care.some((period) => period.end === null || period.end > yr.end)) {
      const adviser = extra.care[record.care.indexOf(left)]!.social.at(-1)!.worker;
      push(9, [...head(yr.end), extra.uasc ? YES : NO, disability, adviser.team, adviser.name, adviser.name, age >= 18 ? 'Former relevant' : 'Relevant', date(Math.max(left.end!, yr.end - 60)), YES, date(yr.end - 14), 'With parents or relatives', 'Suitable', 'In education']);
    }
  }
  return lists.map(({ list, rows }) => ({ name: `List ${list.list}`, rows }));
}

export function writeAnnexA(cases: readonly ReturnCase[], yr: CollectionYear): Buffer {
  return writeXlsx(annexASheets(cases, yr));
}
