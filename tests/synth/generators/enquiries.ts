// Test generator "enquiries": a front door where what a section 47 enquiry finds decides how long it takes.
// An enquiry that finds a child at risk of significant harm ends in days and its conference follows within a
// fortnight; one that finds no further action is needed, or a child in need, runs for weeks. The share of
// enquiries leading to a conference climbs steadily over the years (a council taking a firmer line), so
// outcome shares trend. Every step has an episode id. Optionally (`lateAssessmentEnds`) a share of the
// assessments that find nothing are authorised days after their case was closed, as a careless extract
// records them (CIN 8565 calls it activity after closure). Durations are log-normal (Box-Muller on a
// xorshift128 PRNG of its own); written without reference to synth/ or the other generators. Nothing
// is dated after the log's end or on or after the 18th birthday.
import { addMonths } from '../../../core/dates.js';
import type { EventRecord } from '../../../core/event-table.js';
import type { EventType } from '../../../core/events.js';
import { testLog, type TestChild, type TestLog, type TestLogOptions } from './log.js';

export interface EnquiriesOptions {
  /** share of assessments ending with no further action whose authorisation is dated after the closure (default 0) */
  lateAssessmentEnds?: number;
}

/** Median days from the S47's start: to its end when a conference follows, to the conference, and to its end when none does. */
export const ENQUIRY_DAYS = { toConferenceEnd: 5, toConference: 9, toOtherEnd: 40 } as const;

function xorshift128(seed: number): () => number {
  let x = seed >>> 0 || 1;
  let y = 362436069;
  let z = 521288629;
  let w = 88675123 ^ seed;
  return () => {
    const t = x ^ (x << 11);
    x = y;
    y = z;
    z = w;
    w = (w ^ (w >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
    return (w + 0.5) / 4294967296;
  };
}

export function enquiriesLog({ children, from, to, seed }: TestLogOptions, options: EnquiriesOptions = {}): TestLog {
  const late = options.lateAssessmentEnds ?? 0;
  const u = xorshift128(seed * 2654435761);
  /** whole days, log-normal with median `median` and log-sd `sd`, at least `min` */
  const logNormal = (median: number, sd: number, min = 0): number => {
    const z = Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
    return Math.max(min, Math.round(median * Math.exp(sd * z)));
  };
  const span = to - from;
  const records: EventRecord[] = [];
  const people: TestChild[] = [];
  for (let c = 0; c < children; c++) {
    const id = `ENQ${c}`;
    let day = from + Math.floor(u() * span * 0.9);
    const dob = day - Math.floor(u() * 15 * 365);
    const eighteenth = addMonths(dob, 216);
    people.push({ id, dob, sex: u() < 0.5 ? 'F' : 'M', ethnicity: u() < 0.7 ? 'WBRI' : 'ABAN', disability: u() < 0.1 ? 'Y' : 'N' });
    const rows: EventRecord[] = [];
    for (let n = 1; n <= 4; n++) {
      const ep = `${id}-${n}`;
      const add = (type: EventType, d: number, outcome: string | null = null): number => {
        rows.push({ child: id, type, day: d, outcome, episodeId: type === 'contact' ? null : ep, source: type === 'contact' || type === 'referral' ? (u() < 0.5 ? '5A' : '1B') : null });
        return d;
      };
      add('contact', day, 'referral');
      const referral = add('referral', day + logNormal(1, 0.8));
      const assessment = add('assessment_start', referral + logNormal(2, 0.7));
      const assessed = assessment + logNormal(28, 0.4, 3);
      let close: number;
      if (u() < 0.45) {
        const strategy = add('strategy_discussion', assessment + logNormal(3, 0.6));
        const s47 = add('s47_start', strategy + (u() < 0.6 ? 0 : logNormal(2, 0.5, 1)));
        // From a tenth of enquiries in the log's first year to seven tenths in its last.
        const years = (s47 - from) / span;
        if (u() < 0.1 + 0.6 * years) {
          const end = add('s47_end', s47 + logNormal(ENQUIRY_DAYS.toConferenceEnd, 0.35, 1), 'icpc');
          const icpc = add('icpc', Math.max(end, s47 + logNormal(ENQUIRY_DAYS.toConference, 0.25, 2)), u() < 0.85 ? 'cp_plan' : 'no_plan');
          const assessedOn = add('assessment_end', Math.max(assessed, icpc), 'cin');
          if (rows[rows.length - 2]!.outcome === 'cp_plan') {
            const plan = add('cp_plan_start', icpc);
            close = add('cp_plan_end', plan + logNormal(220, 0.5, 20));
          } else close = icpc;
          close = Math.max(close, assessedOn) + logNormal(6, 0.6);
        } else {
          // The assessment is authorised once the enquiry has concluded.
          const end = add('s47_end', s47 + logNormal(ENQUIRY_DAYS.toOtherEnd, 0.3, 5), u() < 0.5 ? 'cin' : 'nfa');
          const assessedOn = add('assessment_end', Math.max(assessed, end + logNormal(3, 0.5, 1)), 'nfa');
          close = assessedOn + logNormal(7, 0.6);
        }
      } else if (u() < 0.5) {
        const assessedOn = add('assessment_end', assessed, 'cin');
        const plan = add('cin_plan_start', assessedOn + logNormal(6, 0.5));
        close = add('cin_plan_end', plan + logNormal(150, 0.5, 10)) + logNormal(5, 0.6);
      } else if (u() < late) {
        // Closed, and the assessment authorised days later.
        close = assessed;
        rows.push({ child: id, type: 'assessment_end', day: close + logNormal(6, 0.5, 1), outcome: 'nfa', episodeId: ep, source: null });
      } else close = add('assessment_end', assessed, 'nfa') + logNormal(4, 0.7);
      add('case_closed', close, n === 1 ? 'RC8' : 'RC2');
      if (u() < 0.7) break;
      day = close + logNormal(200, 0.7, 14);
    }
    rows.sort((a, b) => a.day - b.day);
    for (const row of rows) if (row.day <= to && row.day < eighteenth) records.push(row);
  }
  return testLog(records, people);
}
