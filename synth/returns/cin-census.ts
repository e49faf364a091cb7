// The CIN census XML of one collection year: every child with a referral episode open at some time in
// the year, as its 31 March saw it (what happened after is left out: an episode closed in May is still
// open in March's census). Elements in the DfE schema's order; `GenderCurrent` (1 male, 2 female,
// 0 not known) up to the 2024 census, `Sex` (M, F, U) from the 2025 census (2024 to 2025): the CIN
// validator's rule 4180 reads GenderCurrent to its cin2023_24 ruleset and Sex from cin2024_25 (file
// cin_validator/rules/cin2024_25/rule_4180.py, commit 4cce290).
import { NO_DATE } from '../../core/children.js';
import { formatDay } from '../../core/dates.js';
import { addWorkingDays } from './working-days.js';
import type { CinEpisode } from './case.js';
import { yearsBetween } from './enrich.js';
import { escapeXml } from './format.js';
import { returnChildId } from './identifiers.js';
import type { ReturnCase } from './return-case.js';
import type { CollectionYear } from './years.js';

export interface CinCensusOptions {
  la: string;
  /** written in the header's DateTime; fixed so the same seed gives the same bytes */
  generatedAt?: string;
}

/** True when the year's census records `Sex` rather than `GenderCurrent`. */
export function usesSex(year: number): boolean {
  return year >= 2025;
}

/**
 * The target date of the initial child protection conference (N00109): 15 working days after the
 * strategy discussion that began the enquiry, which the census records as the Section47's start
 * (S47ActualStartDate, N00148, "date of the strategy discussion initiating the section 47 enquiry"). Counted
 * from the date the file shows, so a reader gets 15 working days from S47ActualStartDate (England and
 * Wales bank holidays), never from a strategy discussion the file does not carry.
 */
export function initialCpcTarget(s47Start: number): number {
  return addWorkingDays(s47Start, 15);
}

/** True when the episode was open at some time in the year. */
export function episodeInYear(ep: CinEpisode, yr: CollectionYear): boolean {
  return ep.referral <= yr.end && (ep.closure === null || ep.closure >= yr.start);
}

export function writeCinCensus(cases: readonly ReturnCase[], yr: CollectionYear, options: CinCensusOptions): string {
  const parts: string[] = [];
  const iso = formatDay;
  const el = (name: string, value: string | number): string => `<${name}>${escapeXml(String(value))}</${name}>`;
  const within = (day: number | null): number | null => (day !== null && day <= yr.end ? day : null);
  parts.push('<?xml version="1.0" encoding="UTF-8"?>\n<Message>\n<Header>\n<CollectionDetails>\n');
  parts.push(`${el('Collection', 'CIN')}\n${el('Year', yr.year)}\n${el('ReferenceDate', iso(yr.end))}\n</CollectionDetails>\n`);
  parts.push(`<Source>\n${el('SourceLevel', 'L')}\n${el('LEA', options.la)}\n${el('SoftwareCode', 'child-journey-tube-map synthetic')}\n${el('Release', '1')}\n${el('SerialNo', '001')}\n${el('DateTime', options.generatedAt ?? `${iso(yr.end + 1)}T09:00:00`)}\n</Source>\n</Header>\n<Children>\n`);
  const sexElement = usesSex(yr.year) ? 'Sex' : 'GenderCurrent';

  for (const { record, extra } of cases) {
    const child = record.child;
    if (child.dob === NO_DATE || child.dob > yr.end) continue;
    const episodes = record.episodes.map((ep, i) => ({ ep, i })).filter(({ ep }) => episodeInYear(ep, yr));
    if (episodes.length === 0) continue;
    const age = yearsBetween(child.dob, yr.end);
    const sex = usesSex(yr.year) ? (child.sex === 'M' || child.sex === 'F' ? child.sex : 'U') : child.sex === 'M' ? '1' : child.sex === 'F' ? '2' : '0';
    parts.push('<Child>\n<ChildIdentifiers>\n');
    parts.push(`${el('LAchildID', returnChildId(child.id))}\n`);
    parts.push(age >= 6 ? `${el('UPN', extra.upn)}\n` : `${el('UPNunknown', 'UN2')}\n`);
    parts.push(`${el('PersonBirthDate', iso(child.dob))}\n${el(sexElement, sex)}\n</ChildIdentifiers>\n`);
    parts.push(`<ChildCharacteristics>\n${el('Ethnicity', child.ethnicity || 'NOBT')}\n<Disabilities>\n`);
    for (const d of extra.disabilities) parts.push(`${el('Disability', d)}\n`);
    parts.push('</Disabilities>\n</ChildCharacteristics>\n');

    for (const { ep, i } of episodes) {
      const more = extra.episodes[i]!;
      const closure = within(ep.closure);
      parts.push('<CINdetails>\n');
      parts.push(`${el('CINreferralDate', iso(ep.referral))}\n${el('ReferralSource', ep.source || '10')}\n${el('PrimaryNeedCode', ep.nfa ? 'N0' : more.need)}\n`);
      if (closure !== null) parts.push(`${el('CINclosureDate', iso(closure))}\n${el('ReasonForClosure', ep.closureReason)}\n`);
      const transfer = ep.transferIcpcs.filter((d) => d <= yr.end).pop();
      if (transfer !== undefined) parts.push(`${el('DateOfInitialCPC', iso(transfer))}\n`);
      ep.assessments.forEach((a, k) => {
        if (a.start > yr.end || (a.end !== null && a.end < yr.start)) return;
        const end = within(a.end);
        parts.push(`<Assessments>\n${el('AssessmentActualStartDate', iso(a.start))}\n`);
        if (end !== null) {
          parts.push(`${el('AssessmentAuthorisationDate', iso(end))}\n<FactorsIdentifiedAtAssessment>\n`);
          for (const f of more.factors[k] ?? []) parts.push(`${el('AssessmentFactors', f)}\n`);
          parts.push('</FactorsIdentifiedAtAssessment>\n');
        }
        parts.push('</Assessments>\n');
      });
      for (const p of ep.cinPlans) {
        if (p.start > yr.end || (p.end !== null && p.end < yr.start)) continue;
        const end = within(p.end);
        parts.push(`<CINPlanDates>\n${el('CINPlanStartDate', iso(p.start))}\n${end !== null ? `${el('CINPlanEndDate', iso(end))}\n` : ''}</CINPlanDates>\n`);
      }
      for (const s of ep.s47s) {
        const last = s.icpc ?? s.end;
        if (s.start > yr.end || (last !== null && last < yr.start)) continue;
        const icpc = within(s.icpc);
        const ended = within(s.end);
        parts.push(`<Section47>\n${el('S47ActualStartDate', iso(s.start))}\n${el('InitialCPCtarget', iso(initialCpcTarget(s.start)))}\n`);
        if (icpc !== null) parts.push(`${el('DateOfInitialCPC', iso(icpc))}\n`);
        // "Not required" once the enquiry ended without a conference.
        parts.push(`${el('ICPCnotRequired', icpc === null && ended !== null ? 'true' : 'false')}\n</Section47>\n`);
      }
      parts.push(`${el('ReferralNFA', ep.nfa ? 'true' : 'false')}\n`);
      ep.cpPlans.forEach((p, k) => {
        if (p.start > yr.end || (p.end !== null && p.end < yr.start)) return;
        const end = within(p.end);
        const cat = more.categories[k]!;
        const previous = record.episodes.slice(0, i + 1).reduce((n, e) => n + e.cpPlans.filter((q) => q.start < p.start).length, 0);
        parts.push(`<ChildProtectionPlans>\n${el('CPPstartDate', iso(p.start))}\n${end !== null ? `${el('CPPendDate', iso(end))}\n` : ''}`);
        parts.push(`${el('InitialCategoryOfAbuse', cat.initial)}\n${el('LatestCategoryOfAbuse', cat.latest)}\n${el('NumberOfPreviousCPP', previous)}\n<Reviews>\n`);
        for (const r of more.cpReviews[k] ?? []) if (r <= yr.end && (end === null || r <= end)) parts.push(`${el('CPPreviewDate', iso(r))}\n`);
        parts.push('</Reviews>\n</ChildProtectionPlans>\n');
      });
      parts.push('</CINdetails>\n');
    }
    parts.push('</Child>\n');
  }
  parts.push('</Children>\n</Message>\n');
  return parts.join('');
}
