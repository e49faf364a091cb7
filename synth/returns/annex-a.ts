// Ofsted's Annex A workbook for a period (the collection year): lists 1 to 11 with the template's headers
// (server/import/annex-a/lists.ts, `templateHeaders`), the template's labels of its codes
// (./annex-a-labels.ts: `a) Male`, `q) 6: Police`, `C2: FCO`), dates as dates, and the allocated teams and
// workers (faker names: the template's only column of names). List 9 holds the year's care leavers of the
// SSDA903 OC3 table with the same answers; List 11 the adopters of List 10's children (and a few who
// left the process), as families the journey implies.
//
// Every column is filled from the child's journey where it carries the fact (counts of the child's own
// referrals, enquiries, conferences, placements and missing episodes in the 12 months before; the dental
// check and health assessment as the SSDA903 OC2 answers them; the permanence plan from how the period of
// care ends), else at a plausible rate from the template's code list, drawn from the child's own seed and
// the item (`itemRandom`), so the same child gets the same answers in every year's workbook. Visits are
// spread over the visiting interval before the date the row describes (the year's end, or the end of the
// plan or period): a CP visit within 10 working days, a looked-after child's within 6 weeks, a child in
// need seen within 4 weeks.
import { addMonths } from '../../core/dates.js';
import { NO_DATE } from '../../core/children.js';
import { seededRandom } from '../../core/random.js';
import { englandWalesCalendar } from '../../core/working-days.js';
import { ANNEX_A_LISTS, GENDER_SPELLINGS, templateHeaders } from '../../server/import/annex-a/lists.js';
import { writeXlsx, type WriteCell } from '../../server/import/common/xlsx-write.js';
import {
  ACCOMMODATION_LABELS, ACTIVITY_LABELS, ADOPTER_LEFT_LABELS, CASE_STATUS, CATEGORY_LABELS, CLOSURE_LABELS, ELIGIBILITY_LABELS, ETHNICITY_LABELS, IN_TOUCH_LABELS, LEGAL_STATUS_LABELS,
  LOCATION_LABELS, NEED_LABELS, NO_LONGER_PLACED_LABELS, PERMANENCE_LABELS, PLACEMENT_LA_ABROAD, PLACEMENT_LABELS, PROVIDER_LABELS, REASON_CEASED_LABELS, SOURCE_LABELS, SUITABILITY_LABELS,
} from './annex-a-labels.js';
import { careLeaverAge, careLeaverAnswers } from './care-leavers.js';
import { childSeed, yearsBetween, type CareEnrichment } from './enrich.js';
import { returnChildId } from './identifiers.js';
import type { CarePeriod } from './case.js';
import type { ReturnCase } from './return-case.js';
import type { CollectionYear } from './years.js';

const YES = 'a) Yes';
const NO = 'b) No';
const UNKNOWN = 'c) Unknown';
const yesNo = (b: boolean): string => (b ? YES : NO);
/** A code's label, blank for a blank code (and the code itself for one the template has no label of). */
const label = (code: string, labels: Readonly<Record<string, string>>): string | null => (code ? (labels[code] ?? code) : null);

/** Other councils' LA codes, for placements outside the council's boundary. */
const OTHER_LAS = ['202', '203', '204', '205', '206', '207', '208', '209', '210', '211', '212', '213'];
/** Adopters' ethnicity, mostly white British as the adopters of England are. */
const ADOPTER_ETHNICITY = ['WBRI', 'WBRI', 'WBRI', 'WBRI', 'WBRI', 'WBRI', 'WOTH', 'WIRI', 'MWBC', 'AIND', 'BCRB', 'BAFR', 'OOTH'];
/** Reasons a period of care ends, by the permanence plan they carry out. */
const RETURN_HOME = new Set(['E4A', 'E4B', 'E13']);
const SGO_CAO = new Set(['E41', 'E43', 'E44', 'E45', 'E46', 'E47', 'E48']);
const SUPPORTED_LIVING = new Set(['E5', 'E6', 'E17']);
const RESIDENTIAL = new Set(['K1', 'K2', 'R1', 'S1']);

/** A stream of draws of one item of one child: the same in every year's workbook. */
export function itemRandom(childSeedValue: number, item: string): () => number {
  return seededRandom(childSeed(childSeedValue, item));
}

const calendar = englandWalesCalendar();
const isWorkingDay = (day: number): boolean => calendar.between(day - 1, day) === 1;
/** A working day in [from, to], each equally likely; `from` when the span has none. */
function workingDayIn(random: () => number, from: number, to: number): number {
  const count = calendar.between(from - 1, to);
  if (to <= from || count === 0) return from;
  let k = Math.floor(random() * count);
  for (let day = from; day <= to; day++) if (isWorkingDay(day) && k-- === 0) return day;
  return from;
}

/** How many of `days` fall in the 12 months before `day` (`day` itself not counted). */
export function inTwelveMonthsBefore(days: readonly number[], day: number): number {
  const from = addMonths(day, -12);
  return days.filter((d) => d < day && d >= from).length;
}

/** The permanence plan of a period of care: what its end carries out, else what its placement says. */
function permanencePlan(period: CarePeriod, care: CareEnrichment, place: string, ls: string, age: number): string {
  const reason = period.reason;
  if (care.adoption || reason === 'E11' || reason === 'E12' || ls === 'E1') return PERMANENCE_LABELS.adoption;
  if (RETURN_HOME.has(reason) || place === 'P1') return PERMANENCE_LABELS.returnHome;
  if (SGO_CAO.has(reason)) return PERMANENCE_LABELS.sgo;
  if (SUPPORTED_LIVING.has(reason) || place === 'H5' || place === 'P2' || (age >= 16 && !place.startsWith('U'))) return PERMANENCE_LABELS.supportedLiving;
  if (RESIDENTIAL.has(place)) return PERMANENCE_LABELS.residential;
  if (reason !== '' && reason !== 'E8') return PERMANENCE_LABELS.other;
  return PERMANENCE_LABELS.longTermFostering;
}

/** The workbook's sheets: `List 1` … `List 11`, each a header row and one row per child and item. */
export function annexASheets(cases: readonly ReturnCase[], yr: CollectionYear, la = '201'): { name: string; rows: WriteCell[][] }[] {
  const lists = ANNEX_A_LISTS.map((l) => ({ list: l, rows: [templateHeaders(l)] as WriteCell[][] }));
  const inPeriod = (day: number | null): boolean => day !== null && day >= yr.start && day <= yr.end;
  const until = (day: number | null): number | null => (day !== null && day <= yr.end ? day : null);
  const date = (day: number | null): WriteCell => (day === null ? null : { date: day });
  const open = (start: number, end: number | null): boolean => start <= yr.end && (end === null || end >= yr.start);

  for (const { record, extra } of cases) {
    const child = record.child;
    if (child.dob === NO_DATE || child.dob > yr.end) continue;
    const head = (day: number): WriteCell[] => [returnChildId(child.id), GENDER_SPELLINGS[(child.sex as 'M' | 'F' | 'U') || 'U'] ?? GENDER_SPELLINGS.U, ETHNICITY_LABELS[child.ethnicity] ?? ETHNICITY_LABELS.NOBT!, { date: child.dob }, yearsBetween(child.dob, Math.min(day, yr.end))];
    const disability = child.disability === 'Y' ? YES : child.disability === 'N' ? NO : UNKNOWN;
    const push = (list: number, row: WriteCell[]): void => void lists[list - 1]!.rows.push(row);
    const lookedAfterAtEnd = record.care.some((period) => period.start <= yr.end && (period.end === null || period.end > yr.end));
    const draw = (item: string): (() => number) => itemRandom(extra.leaverSeed, item);
    const referrals = record.episodes.map((e) => e.referral);
    const enquiries = record.episodes.flatMap((e) => e.s47s.map((s) => s.start));
    const conferences = record.episodes.flatMap((e) => [...e.s47s.flatMap((s) => (s.icpc === null ? [] : [s.icpc])), ...e.transferIcpcs]);

    for (const c of record.contacts) if (inPeriod(c.day)) push(1, [...head(c.day), date(c.day), label(c.source, SOURCE_LABELS)]);
    for (const eh of record.earlyHelp) if (open(eh.start, eh.end) && eh.start <= yr.end) push(2, [...head(eh.start), date(eh.start), date(until(eh.end)), extra.earlyHelpOrganisation]);

    record.episodes.forEach((ep, i) => {
      const more = extra.episodes[i]!;
      if (inPeriod(ep.referral)) {
        push(3, [...head(ep.referral), date(ep.referral), label(ep.source || '10', SOURCE_LABELS), yesNo(ep.nfa), inTwelveMonthsBefore(referrals, ep.referral), more.team, more.worker.name]);
      }
      for (const a of ep.assessments) {
        if (!(inPeriod(a.start) || inPeriod(until(a.end)))) continue;
        const end = until(a.end);
        const outcome = end === null ? null : a.outcome === 'cin' ? YES : NO;
        // seen in nearly every assessment; an open one may not have seen the child yet
        const r = draw(`seen:${a.start}`)();
        const seen = r < (end === null ? 0.85 : 0.96) ? YES : r < 0.99 ? NO : UNKNOWN;
        push(4, [...head(a.start), disability, date(a.start), seen, date(end), outcome, more.team, more.worker.name]);
      }
      for (const s of ep.s47s) {
        const icpc = until(s.icpc);
        if (!(inPeriod(s.start) || inPeriod(icpc))) continue;
        const ended = until(s.end);
        push(5, [...head(s.start), disability, date(s.start), icpc === null && ended !== null ? YES : NO, date(icpc), icpc === null ? null : yesNo(s.icpcOutcome === 'cp_plan'), inTwelveMonthsBefore(enquiries, s.start), inTwelveMonthsBefore(conferences, s.start), more.team, more.worker.name]);
      }
      for (const day of ep.transferIcpcs) {
        if (!inPeriod(day)) continue;
        push(5, [...head(day), disability, null, NO, date(day), YES, inTwelveMonthsBefore(enquiries, day), inTwelveMonthsBefore(conferences, day), more.team, more.worker.name]);
      }
      for (const p of ep.cinPlans) {
        if (!open(p.start, p.end)) continue;
        const end = until(p.end);
        const status = end !== null ? CASE_STATUS.closed : lookedAfterAtEnd ? CASE_STATUS.lookedAfter : ep.cpPlans.some((q) => q.start <= yr.end && (q.end === null || q.end > yr.end)) ? CASE_STATUS.cpPlan : CASE_STATUS.cinPlan;
        // a child in need is seen at least every 4 weeks while the plan lasts
        const ref = end ?? yr.end;
        const seen = workingDayIn(draw(`cin-seen:${p.start}`), Math.max(p.start, ref - 27), ref);
        push(6, [...head(p.start), disability, date(p.start), label(ep.nfa ? 'N0' : more.need, NEED_LABELS), date(seen), date(end), end !== null && end === ep.closure ? label(ep.closureReason, CLOSURE_LABELS) : null, status, more.team, more.worker.name]);
      }
      ep.cpPlans.forEach((p, k) => {
        if (!open(p.start, p.end)) return;
        const end = until(p.end);
        const reviews = (more.cpReviews[k] ?? []).filter((r) => r <= yr.end && (end === null || r <= end));
        const previous = record.episodes.reduce((n, e) => n + e.cpPlans.filter((q) => q.start < p.start).length, 0);
        const cat = more.categories[k]!;
        const ref = end ?? yr.end;
        const r = draw(`cp:${p.start}`);
        // statutory visits at least every 10 working days (14 calendar days) while the plan lasts
        const visit = workingDayIn(r, Math.max(p.start, ref - 13), ref);
        // a baby or toddler is not seen alone; most older children are
        const age = yearsBetween(child.dob, visit);
        const alone = age < 3 ? NO : r() < 0.86 ? YES : r() < 0.85 ? NO : UNKNOWN;
        // an emergency protection order or police protection in the six months before: a care period the
        // child began in them under an order (not section 20), else now and then for a child who stayed home
        const since = addMonths(ref, -6);
        const emergency = record.care.some((q, c) => q.start >= since && q.start <= ref && extra.care[c]!.episodes[0]!.ls !== 'V2') || r() < 0.04;
        push(7, [...head(p.start), disability, date(p.start), label(cat.initial, CATEGORY_LABELS), label(cat.latest, CATEGORY_LABELS), date(visit), alone, date(reviews[reviews.length - 1] ?? null), date(end), yesNo(emergency), previous, more.team, more.worker.name]);
      });
    });

    const leftCare = record.care.filter((q) => q.end !== null).map((q) => q.end!);
    record.care.forEach((period, p) => {
      if (!open(period.start, period.end)) return;
      const care = extra.care[p]!;
      const episodes = care.episodes.filter((e) => e.start <= yr.end);
      const current = episodes[episodes.length - 1]!;
      const end = until(period.end);
      const ref = end ?? yr.end;
      const r = draw(`care:${period.start}`);
      const legalStart = [...episodes].reverse().find((e, k, arr) => k === arr.length - 1 || arr[k + 1]!.ls !== e.ls)?.start ?? period.start;
      const placementStart = [...episodes].reverse().find((e) => e.rne !== 'L')?.start ?? period.start;
      const reviews = care.reviews.filter((rv) => rv.day <= yr.end);
      const lastReview = reviews[reviews.length - 1]?.day ?? null;
      // a second period when the child left care in the 12 months before this one began
      const second = inTwelveMonthsBefore(leftCare, period.start + 1) > 0;
      const placements12 = new Set(episodes.filter((e) => e.rne !== 'L' && (e.end === null || e.end >= addMonths(yr.end, -12))).map((e) => e.start)).size;
      const last12 = care.missing.filter((m) => m.start <= yr.end && m.start >= addMonths(yr.end, -12));
      const missing = last12.filter((m) => m.kind === 'M').length;
      const absent = last12.length - missing;
      const sw = care.social.filter((x) => x.start <= yr.end).pop()!;
      // visited within a week of coming into care, then at least every 6 weeks
      const visit = workingDayIn(r, Math.max(period.start, ref - 41), ref);
      // the IRO sees the child at each review, and now and then between them
      const iro = lastReview !== null && r() < 0.4 ? workingDayIn(r, lastReview, ref) : lastReview;
      // Health and dental checks as the SSDA903 OC2 answers them (HEALTH_ASSESSMENT, TEETH_CHECK: in the
      // 12 months to 31 March) for a child looked after all year; otherwise the initial health assessment
      // within 20 working days of coming into care, and a dental check in the months after.
      const allYear = period.start <= yr.start && (period.end === null || period.end >= yr.end);
      const within12 = Math.max(period.start, addMonths(yr.end, -12) + 1);
      const older = (from: number): number | null => (addMonths(yr.end, -12) - 1 >= from ? workingDayIn(r, Math.max(from, addMonths(yr.end, -24)), addMonths(yr.end, -12) - 1) : null);
      let health: number | null;
      let dental: number | null;
      if (allYear) {
        health = extra.oc2.health ? workingDayIn(r, within12, yr.end) : older(period.start);
        dental = extra.oc2.teeth ? workingDayIn(r, within12, yr.end) : older(period.start);
      } else {
        const initial = period.start + 28;
        health = initial <= ref ? workingDayIn(r, period.start + 5, initial) : null;
        const check = period.start + 30 + Math.floor(r() * 150);
        dental = extra.oc2.teeth && check <= ref ? workingDayIn(r, check - 10, check) : null;
      }
      const inside = current.provider === 'PR1';
      const placementLa = inside ? la : r() < 0.03 ? (r() < 0.7 ? PLACEMENT_LA_ABROAD.wales : PLACEMENT_LA_ABROAD.scotland) : OTHER_LAS[Math.floor(r() * OTHER_LAS.length)]!;
      // a return interview is offered after nearly every missing episode, and mostly taken up
      const offered = missing > 0 ? r() < 0.9 : false;
      const accepted = offered && r() < 0.65;
      const plan = permanencePlan(period, care, current.place, current.ls, yearsBetween(child.dob, ref));
      push(8, [
        ...head(period.start), yesNo(extra.uasc), disability, date(period.start), label(current.need, NEED_LABELS), yesNo(second), date(legalStart), label(current.ls, LEGAL_STATUS_LABELS),
        date(lastReview), date(visit), plan, date(iro), date(health), date(dental), placements12,
        date(end), end === null ? null : label(period.reason, REASON_CEASED_LABELS), date(placementStart), label(current.place, PLACEMENT_LABELS), label(current.provider, PROVIDER_LABELS), current.placePostcode, current.urn,
        inside ? LOCATION_LABELS.inside : LOCATION_LABELS.outside, placementLa, missing, absent, missing > 0 ? yesNo(offered) : null, missing > 0 ? yesNo(accepted) : null, sw.worker.team, sw.worker.name,
      ]);
      // List 10: a decision to adopt in or before the period, with the steps taken by its end; List 11
      // the family the child was matched with.
      const adoption = care.adoption;
      if (adoption && adoption.decision <= yr.end && (end === null || end >= yr.start)) {
        const e1 = episodes.find((e) => e.ls === 'E1');
        const placed = episodes.find((e) => e.place === 'A5' || e.place === 'A6');
        const ffa = episodes.find((e) => (e.place === 'U2' || e.place === 'U5') && (placed === undefined || e.start < placed.start));
        const adopted = end !== null && (period.reason === 'E11' || period.reason === 'E12') ? end : null;
        const family = adopterFamily(extra.leaverSeed, period.start, adoption, placed?.start ?? null, adopted);
        const [id, ...details] = head(adoption.decision);
        push(10, [id!, until(adoption.matched) === null ? null : family.id, ...details, disability, date(period.start), date(adoption.decision), date(e1?.start ?? null), date(until(adoption.matched)), date(placed?.start ?? null), date(adopted), null, null, date(ffa?.start ?? null)]);
        for (const row of adopterRows(family, yr)) push(11, row);
      }
      // a decision reversed: in the lists of the years from the decision to its reversal
      const reversed = care.adoptionReversed;
      if (reversed && reversed.decision <= yr.end && reversed.ceased >= yr.start && (end === null || end >= yr.start)) {
        const [id, ...details] = head(reversed.decision);
        const ceased = until(reversed.ceased);
        push(10, [id!, null, ...details, disability, date(period.start), date(reversed.decision), null, null, null, null, date(ceased), ceased === null ? null : label(reversed.reason, NO_LONGER_PLACED_LABELS), null]);
      }
      // a family that approached the council about the same time and left the process
      if (adoption) for (const row of adopterRows(leavingFamily(extra.leaverSeed, period.start, adoption.decision), yr)) push(11, row);
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

/** An adoptive family (List 11): its adopters and the dates of their approval, matching and placement. */
interface AdopterFamily {
  id: string;
  adopters: { sex: 'M' | 'F'; ethnicity: string; disabled: boolean }[];
  fosteringForAdoption: boolean;
  enquiry: number;
  stage1: [number, number];
  stage2: [number, number];
  approved: number | null;
  matched: number | null;
  placed: number | null;
  children: number | null;
  order: number | null;
  left: number | null;
  leftReason: string | null;
}

function familyMembers(r: () => number, sexes: string): AdopterFamily['adopters'] {
  const ethnicity = ADOPTER_ETHNICITY[Math.floor(r() * ADOPTER_ETHNICITY.length)]!;
  return [...sexes].filter((c) => c === 'M' || c === 'F').map((sex) => ({ sex: sex as 'M' | 'F', ethnicity: r() < 0.85 ? ethnicity : ADOPTER_ETHNICITY[Math.floor(r() * ADOPTER_ETHNICITY.length)]!, disabled: r() < 0.05 }));
}

/** Approval before the match: enquiry, stage 1 (about two months), stage 2 (about four), panel. */
function approvalBefore(r: () => number, approved: number): Pick<AdopterFamily, 'enquiry' | 'stage1' | 'stage2'> {
  const stage2End = approved - Math.floor(r() * 10);
  const stage2Start = stage2End - 110 - Math.floor(r() * 30);
  const stage1End = stage2Start - Math.floor(r() * 30);
  const stage1Start = stage1End - 50 - Math.floor(r() * 20);
  return { enquiry: stage1Start - 7 - Math.floor(r() * 30), stage1: [stage1Start, stage1End], stage2: [stage2Start, stage2End] };
}

function familyId(seed: number, key: string): string {
  return `SYNF${childSeed(seed, key).toString(36).toUpperCase().padStart(7, '0')}`;
}

function adopterFamily(seed: number, periodStart: number, adoption: NonNullable<CareEnrichment['adoption']>, placed: number | null, adopted: number | null): AdopterFamily {
  const r = itemRandom(seed, `family:${periodStart}`);
  const approved = adoption.matched - 30 - Math.floor(r() * 270);
  return {
    id: familyId(seed, `family:${periodStart}`),
    adopters: familyMembers(r, adoption.adopterSex),
    fosteringForAdoption: adoption.fosterCare === '1',
    ...approvalBefore(r, approved),
    approved,
    matched: adoption.matched,
    placed,
    children: placed === null ? null : 1,
    order: adopted,
    left: null,
    leftReason: null,
  };
}

/** A family who came forward about the time of a child's adoption decision and left before approval (withdrew, put on hold, refused). */
function leavingFamily(seed: number, periodStart: number, decision: number): AdopterFamily {
  const r = itemRandom(seed, `leaving:${periodStart}`);
  const stage = approvalBefore(r, decision + Math.floor(r() * 200));
  const left = stage.stage1[1] + Math.floor(r() * 120);
  const x = r();
  return {
    id: familyId(seed, `leaving:${periodStart}`),
    adopters: familyMembers(r, r() < 0.7 ? 'MF' : r() < 0.5 ? 'F' : 'FF'),
    fosteringForAdoption: false,
    ...stage,
    approved: null,
    matched: null,
    placed: null,
    children: null,
    order: null,
    left,
    leftReason: x < 0.6 ? ADOPTER_LEFT_LABELS.withdrew : x < 0.85 ? ADOPTER_LEFT_LABELS.onHold : ADOPTER_LEFT_LABELS.refused,
  };
}

/** List 11's rows of a family in the adoption process during the year: one per adopter, dates as known by the year's end. */
function adopterRows(family: AdopterFamily, yr: CollectionYear): WriteCell[][] {
  const known = (day: number | null): WriteCell => (day === null || day > yr.end ? null : { date: day });
  const finished = family.order ?? family.left;
  if (family.enquiry > yr.end || (finished !== null && finished < yr.start)) return [];
  // a family that left did so before any stage it never finished
  const stop = family.left ?? Infinity;
  const upTo = (day: number): WriteCell => (day <= stop ? known(day) : null);
  return family.adopters.map((a, k) => [
    `${family.id}-${k + 1}`, family.id, GENDER_SPELLINGS[a.sex], ETHNICITY_LABELS[a.ethnicity]!, yesNo(a.disabled), yesNo(family.fosteringForAdoption), known(family.enquiry),
    upTo(family.stage1[0]), upTo(family.stage1[1]), upTo(family.stage2[0]), upTo(family.stage2[1]), upTo(family.stage2[0]), family.approved === null ? null : known(family.approved),
    known(family.matched), known(family.placed), family.placed !== null && family.placed <= yr.end ? family.children : null, known(family.order), known(family.left),
    family.left !== null && family.left <= yr.end ? family.leftReason : null,
  ]);
}

export function writeAnnexA(cases: readonly ReturnCase[], yr: CollectionYear, la = '201'): Buffer {
  return writeXlsx(annexASheets(cases, yr, la));
}
