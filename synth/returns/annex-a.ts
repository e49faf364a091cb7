// Ofsted's Annex A workbook for a period (the collection year): lists 1 to 11 with the template's headers
// (server/import/annex-a/lists.ts, `templateHeaders`), the template's labels of its codes
// (./annex-a-labels.ts: `a) Male`, `q) 6: Police`, `C2: FCO`), dates as dates, and the allocated teams and
// workers (faker names: the template's only column of names). List 9 holds the year's care leavers of the
// SSDA903 OC3 table with the same answers; List 11 (adopters' approval) describes no child and is
// written with its header only.
import { addMonths } from '../../core/dates.js';
import { NO_DATE } from '../../core/children.js';
import { ANNEX_A_LISTS, GENDER_SPELLINGS, templateHeaders } from '../../server/import/annex-a/lists.js';
import { writeXlsx, type WriteCell } from '../../server/import/common/xlsx-write.js';
import {
  ACCOMMODATION_LABELS, ACTIVITY_LABELS, CASE_STATUS, CATEGORY_LABELS, CLOSURE_LABELS, ELIGIBILITY_LABELS, ETHNICITY_LABELS, IN_TOUCH_LABELS, LEGAL_STATUS_LABELS,
  LOCATION_LABELS, NEED_LABELS, PERMANENCE_LABELS, PLACEMENT_LABELS, PROVIDER_LABELS, REASON_CEASED_LABELS, SOURCE_LABELS, SUITABILITY_LABELS,
} from './annex-a-labels.js';
import { careLeaverAge, careLeaverAnswers } from './care-leavers.js';
import { yearsBetween } from './enrich.js';
import { returnChildId } from './identifiers.js';
import type { ReturnCase } from './return-case.js';
import type { CollectionYear } from './years.js';

const YES = 'a) Yes';
const NO = 'b) No';
const yesNo = (b: boolean): string => (b ? YES : NO);
/** A code's label, blank for a blank code (and the code itself for one the template has no label of). */
const label = (code: string, labels: Readonly<Record<string, string>>): string | null => (code ? (labels[code] ?? code) : null);

/** The workbook's sheets: `List 1` … `List 11`, each a header row and one row per child and item. */
export function annexASheets(cases: readonly ReturnCase[], yr: CollectionYear): { name: string; rows: WriteCell[][] }[] {
  const lists = ANNEX_A_LISTS.map((l) => ({ list: l, rows: [templateHeaders(l)] as WriteCell[][] }));
  const inPeriod = (day: number | null): boolean => day !== null && day >= yr.start && day <= yr.end;
  const until = (day: number | null): number | null => (day !== null && day <= yr.end ? day : null);
  const date = (day: number | null): WriteCell => (day === null ? null : { date: day });
  const open = (start: number, end: number | null): boolean => start <= yr.end && (end === null || end >= yr.start);

  for (const { record, extra } of cases) {
    const child = record.child;
    if (child.dob === NO_DATE || child.dob > yr.end) continue;
    const head = (day: number): WriteCell[] => [returnChildId(child.id), GENDER_SPELLINGS[(child.sex as 'M' | 'F' | 'U') || 'U'] ?? GENDER_SPELLINGS.U, ETHNICITY_LABELS[child.ethnicity] ?? ETHNICITY_LABELS.NOBT!, { date: child.dob }, yearsBetween(child.dob, Math.min(day, yr.end))];
    const disability = child.disability === 'Y' ? YES : child.disability === 'N' ? NO : 'c) Unknown';
    const push = (list: number, row: WriteCell[]): void => void lists[list - 1]!.rows.push(row);
    const lookedAfterAtEnd = record.care.some((period) => period.start <= yr.end && (period.end === null || period.end > yr.end));

    for (const c of record.contacts) if (inPeriod(c.day)) push(1, [...head(c.day), date(c.day), label(c.source, SOURCE_LABELS)]);
    for (const eh of record.earlyHelp) if (open(eh.start, eh.end) && eh.start <= yr.end) push(2, [...head(eh.start), date(eh.start), date(until(eh.end)), extra.earlyHelpOrganisation]);

    record.episodes.forEach((ep, i) => {
      const more = extra.episodes[i]!;
      if (inPeriod(ep.referral)) {
        const last12 = record.episodes.filter((e) => e.referral < ep.referral && e.referral >= addMonths(ep.referral, -12)).length;
        push(3, [...head(ep.referral), date(ep.referral), label(ep.source || '10', SOURCE_LABELS), yesNo(ep.nfa), last12, more.team, more.worker.name]);
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
        const status = end !== null ? CASE_STATUS.closed : lookedAfterAtEnd ? CASE_STATUS.lookedAfter : ep.cpPlans.some((q) => q.start <= yr.end && (q.end === null || q.end > yr.end)) ? CASE_STATUS.cpPlan : CASE_STATUS.cinPlan;
        push(6, [...head(p.start), disability, date(p.start), label(ep.nfa ? 'N0' : more.need, NEED_LABELS), date(end ?? Math.min(yr.end, p.start + 20)), date(end), end !== null && end === ep.closure ? label(ep.closureReason, CLOSURE_LABELS) : null, status, more.team, more.worker.name]);
      }
      ep.cpPlans.forEach((p, k) => {
        if (!open(p.start, p.end)) return;
        const end = until(p.end);
        const reviews = (more.cpReviews[k] ?? []).filter((r) => r <= yr.end && (end === null || r <= end));
        const previous = record.episodes.reduce((n, e) => n + e.cpPlans.filter((q) => q.start < p.start).length, 0);
        const cat = more.categories[k]!;
        push(7, [...head(p.start), disability, date(p.start), label(cat.initial, CATEGORY_LABELS), label(cat.latest, CATEGORY_LABELS), date(Math.min(end ?? yr.end, p.start + 9)), YES, date(reviews[reviews.length - 1] ?? null), date(end), NO, previous, more.team, more.worker.name]);
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
        ...head(period.start), yesNo(extra.uasc), disability, date(period.start), label(current.need, NEED_LABELS), yesNo(second), date(legalStart), label(current.ls, LEGAL_STATUS_LABELS),
        date(reviews[reviews.length - 1]?.day ?? null), date(Math.min(yr.end, (end ?? yr.end) - 3 < period.start ? period.start : (end ?? yr.end) - 3)), current.ls === 'E1' ? PERMANENCE_LABELS.adoption : PERMANENCE_LABELS.longTermFostering,
        date(reviews[reviews.length - 1]?.day ?? null), date(period.start + 20 <= yr.end ? period.start + 20 : null), null, placements12,
        date(end), end === null ? null : label(period.reason, REASON_CEASED_LABELS), date(placementStart), label(current.place, PLACEMENT_LABELS), label(current.provider, PROVIDER_LABELS), current.placePostcode, current.urn,
        current.provider === 'PR1' ? LOCATION_LABELS.inside : LOCATION_LABELS.outside, null, missing, 0, missing > 0 ? YES : null, missing > 0 ? NO : null, sw.worker.team, sw.worker.name,
      ]);
      // List 10: a decision to adopt in or before the period, with the steps taken by its end.
      const adoption = care.adoption;
      if (adoption && adoption.decision <= yr.end && (end === null || end >= yr.start)) {
        const e1 = episodes.find((e) => e.ls === 'E1');
        const placed = episodes.find((e) => e.place === 'A6');
        const adopted = end !== null && (period.reason === 'E11' || period.reason === 'E12') ? end : null;
        const [id, ...details] = head(adoption.decision);
        push(10, [id!, null, ...details, disability, date(period.start), date(adoption.decision), date(e1?.start ?? null), date(until(adoption.matched)), date(placed?.start ?? null), date(adopted), null, null, null]);
      }
    });

    // List 9: the year's care leavers, as the SSDA903 OC3 table has them (care-leavers.ts), with its answers.
    const leaverAge = careLeaverAge(record, yr);
    if (leaverAge !== null) {
      const last = record.care.filter((period) => period.start <= yr.end).length - 1;
      const adviser = extra.care[last]!.social.at(-1)!.worker;
      const a = careLeaverAnswers(extra.leaverSeed, leaverAge, yr);
      const known = (code: string): string | null => (code === '0' ? null : code);
      push(9, [
        ...head(yr.end), disability, adviser.team, adviser.name, leaverAge >= 18 ? ELIGIBILITY_LABELS.formerRelevant : ELIGIBILITY_LABELS.relevant, label(a.inTouch, IN_TOUCH_LABELS),
        label(known(a.accommodation)?.[0] ?? '', ACCOMMODATION_LABELS), label(known(a.accommodation)?.[1] ?? '', SUITABILITY_LABELS), label(known(a.activity) ?? '', ACTIVITY_LABELS),
      ]);
    }
  }
  return lists.map(({ list, rows }) => ({ name: `List ${list.list}`, rows }));
}

export function writeAnnexA(cases: readonly ReturnCase[], yr: CollectionYear): Buffer {
  return writeXlsx(annexASheets(cases, yr));
}
