// Test generator "careers": care whose reasons depend on the child's age. Referral-led (no contacts),
// every step with an episode id. Babies and toddlers come into care from a CP plan and most leave it
// adopted; school-age children rarely come into care and go home; young people referred at 16 or 17
// (15 times as often as at 13 to 15) come into care in a crisis at any point of an episode (while
// assessed, on a CIN plan, after an enquiry), and come back often, so their care entries are spread thinly
// over many journey states and histories; most stay until their 18th birthday (staying put or
// independent living). Durations are Erlang
// (sums of exponentials); the PRNG is core/random.ts's mulberry32. Written without reference to synth/ or the other
// generators' processes. Nothing is recorded after the log's end; no step on or after the 18th birthday,
// and an end due after it falls on it.
import { addMonths } from '../../../core/dates.js';
import type { EventRecord } from '../../../core/event-table.js';
import type { EventType } from '../../../core/events.js';
import { seededRandom } from '../../../core/random.js';
import { testLog, type TestChild, type TestLog, type TestLogOptions } from './log.js';

const START_OF: Partial<Record<EventType, EventType>> = {
  assessment_end: 'assessment_start', s47_end: 's47_start', cp_plan_end: 'cp_plan_start', cin_plan_end: 'cin_plan_start', cla_end: 'cla_start',
};

export function careersLog({ children, from, to, seed }: TestLogOptions): TestLog {
  const u = seededRandom((seed * 0x6d2b79f5 + 0x3c6ef372) >>> 0);
  /** Erlang: `k` exponential stages of mean `mean / k` days (whole days, at least `min`) */
  const erlang = (k: number, mean: number, min = 0): number => {
    let s = 0;
    for (let i = 0; i < k; i++) s -= Math.log(1 - u());
    return Math.max(min, Math.round((s * mean) / k));
  };
  const pick = <T extends string>(table: ReadonlyArray<readonly [T, number]>): T => {
    let x = u();
    for (const [v, p] of table) if ((x -= p) < 0) return v;
    return table[table.length - 1]![0];
  };
  const records: EventRecord[] = [];
  const people: TestChild[] = [];
  for (let c = 0; c < children; c++) {
    const id = `CAR.${c.toString(16)}`;
    const first = from + Math.floor(u() * (to - from + 1));
    // Ages at the first referral: a third under 5, a fifth 5-12, the rest 13-17.
    const g = u();
    const ageDays = g < 0.33 ? Math.floor(u() * 5 * 365) : g < 0.53 ? Math.floor((5 + u() * 8) * 365) : Math.floor((13 + u() * 4.9) * 365);
    const dob = first - ageDays;
    const eighteenth = addMonths(dob, 216);
    people.push({ id, dob, sex: u() < 0.5 ? 'F' : 'M', ethnicity: pick([['WBRI', 0.6], ['MWBA', 0.1], ['ABAN', 0.1], ['BCRB', 0.1], ['OOTH', 0.1]]), disability: u() < 0.08 ? 'Y' : 'N' });
    const rows: EventRecord[] = [];
    const add = (type: EventType, day: number, ep: string, outcome: string | null = null): number => {
      rows.push({ child: id, type, day, outcome, episodeId: ep, source: type === 'referral' ? pick([['6', 0.4], ['2A', 0.2], ['1A', 0.2], ['5A', 0.2]]) : null });
      return day;
    };
    let day = first;
    let careUntil = -Infinity;
    for (let n = 1; n <= 6 && day <= to && day < eighteenth; n++) {
      const ep = `${id}/${n}`;
      const years = (day - dob) / 365.25;
      const band = years < 5 ? 'young' : years < 13 ? 'middle' : 'teen';
      let last = add('referral', day, ep);
      const assessment = add('assessment_start', last + erlang(2, 3), ep);
      const assessed = assessment + erlang(3, 30, 1);
      let care: number | null = null;
      let reason: string | null = null;
      let close: number;
      if (band === 'young' && u() < 0.4) {
        // Enquiry, conference, plan; some babies come into care from the plan and are adopted.
        const s47 = add('strategy_discussion', assessment + erlang(2, 4), ep) + erlang(1, 2);
        add('s47_start', s47, ep);
        const icpc = add('icpc', s47 + erlang(4, 16, 5), ep, u() < 0.85 ? 'cp_plan' : 'no_plan');
        const assessedAt = add('assessment_end', Math.max(assessed, icpc), ep, 'cin');
        if (rows[rows.length - 2]!.outcome === 'cp_plan') {
          const plan = add('cp_plan_start', icpc + (u() < 0.7 ? 0 : erlang(1, 4)), ep);
          if (u() < 0.45) {
            care = plan + erlang(2, 90, 1);
            add('cp_plan_end', care + erlang(1, 10), ep);
            reason = pick([['E11', 0.55], ['E12', 0.2], ['E45', 0.15], ['E4A', 0.1]]);
            last = care + erlang(3, 420, 30);
          } else last = add('cp_plan_end', plan + erlang(3, 250, 20), ep);
        } else last = icpc;
        // The case closes after the assessment ends (CIN 8565: nothing of an episode after its closure).
        close = Math.max(last, assessedAt) + erlang(1, 8);
      } else if (band === 'teen' && u() < (years >= 16 ? 0.15 : 0.01)) {
        // A crisis: care begins at some point of the episode, whatever stage it has reached.
        const stage = u();
        if (stage < 0.25) care = assessment + erlang(1, 6, 1);
        const end = add('assessment_end', assessed, ep, u() < 0.6 ? 'cin' : 'nfa');
        last = end;
        if (stage >= 0.25 && stage < 0.45) care = end + erlang(1, 3);
        else if (stage >= 0.45 && stage < 0.8) {
          const plan = add('cin_plan_start', end + erlang(1, 5), ep);
          care = plan + erlang(2, 60, 1);
          last = add('cin_plan_end', care + erlang(1, 15), ep);
        } else if (stage >= 0.8) {
          const s47 = add('s47_start', end + erlang(1, 5), ep);
          const s47end = add('s47_end', s47 + erlang(2, 12, 1), ep, 'cin');
          care = s47end + erlang(1, 4);
          last = s47end;
        }
        reason = pick([['E4A', 0.45], ['E13', 0.25], ['E8', 0.3]]);
        /** the episode's last end: its case closes on or after it (CIN 8565) */
        const ended = last;
        last = Math.max(last, care!) + erlang(2, 700, 20);
        close = Math.max(last, care!) + erlang(1, 8);
        if (last >= eighteenth) close = Math.max(ended, care! + erlang(2, 40, 1));
      } else {
        const outcome = u() < 0.55 ? 'cin' : 'nfa';
        last = add('assessment_end', assessed, ep, outcome);
        if (outcome === 'cin') {
          const plan = add('cin_plan_start', last + erlang(1, 7), ep);
          last = add('cin_plan_end', plan + erlang(2, 160, 10), ep);
          if (band === 'middle' && u() < 0.08) {
            care = last + erlang(1, 10);
            reason = pick([['E4A', 0.6], ['E41', 0.25], ['E13', 0.15]]);
            last = care + erlang(2, 250, 10);
          }
        }
        close = last + erlang(1, 5);
      }
      if (care !== null && care > careUntil) {
        add('cla_start', care, ep);
        careUntil = last;
        // Care due to end on or after the 18th birthday ends on it: staying put or independent living.
        add('cla_end', last, ep, last >= eighteenth ? pick([['E17', 0.45], ['E5', 0.35], ['E6', 0.2]]) : reason);
      }
      add('case_closed', close, ep, care !== null ? 'RC1' : 'RC8');
      if (u() > (band === 'teen' ? 0.6 : 0.35)) break;
      day = Math.max(close, careUntil) + erlang(2, band === 'teen' ? 120 : 300, 7);
    }
    // Up to the log's end: what comes before the 18th birthday, and of what comes on or after it only the
    // end of a span still open then, dated on the birthday.
    const spans = new Set<string>();
    for (const row of [...rows].sort((x, y) => x.day - y.day).filter((x) => x.day <= to)) {
      const opener = START_OF[row.type];
      const span = `${opener ?? row.type}@${row.episodeId}`;
      const isOpen = spans.has(span);
      if (opener) spans.delete(span);
      if (row.day < eighteenth) {
        if (!opener) spans.add(span);
        records.push(row);
      } else if (opener && isOpen) records.push({ ...row, day: eighteenth });
    }
  }
  return testLog(records, people);
}
