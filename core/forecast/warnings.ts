// What a forecast's answer should be read with, from the data it was fitted to (ForecastResult.warnings):
// - a start stock that holds periods an end recorded under another episode would have closed (events-csv.md
//   links a row with no episode_id to the child's latest referral; metrics.md pairs an end only with a start
//   of its own episode): the stock is counted as the specs say, so the forecast starts from it, and says so;
// - referrals that follow a contact later than the contact → referral rule's 7 days: the fit cannot link
//   them to a contact, so they arrive on their own and the contact → referral lever does not act on them.
import { longDate } from '../analysis/date-text.js';
import { periodsNoun, unpairedForecastText } from '../unpaired-text.js';
import { LATE_CONTACT_DAYS, TRANSITIONS, type FittedForecast } from './fit.js';

/** The share of referrals with a late contact only (referralLinks) from which the forecast warns. */
export const LATE_SHARE_WARNING = 0.05;
/** Too few referrals to speak of a share. */
const MIN_REFERRALS = 20;

const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;

export function dataWarnings(model: FittedForecast): string[] {
  const out: string[] = [];
  for (const s of model.stations) {
    const text = unpairedForecastText(model.unpairedAtStart[s.id] ?? 0, model.start[s.id] ?? 0, periodsNoun(s.startType, `periods at ${s.id.replace(/_/g, ' ')}`), model.asOf);
    if (text) out.push(text);
  }
  const late = lateContactWarning(model);
  if (late) out.push(late);
  out.push(...driftNotes(model));
  return out;
}

/** What each step's rate is in words, for the drift notes. */
const RATE_WORDS: Record<string, string> = {
  contact_referral: 'the share of contacts that become referrals',
  referral_nfa: 'the share of referrals closed with no further action',
  referral_assessment: 'the share of referrals assessed',
  referral_s47: 'the share of referrals that lead to a section 47 enquiry',
  referral_cin_plan: 'the share of referrals that lead to a CIN plan',
  s47_icpc: 'the share of section 47 enquiries that lead to a conference',
  icpc_cp_plan: 'the share of conferences that lead to a CP plan',
  referral_cla: 'the share of referrals that lead straight to care',
  cp_plan_cla: 'the share of CP plans that lead to care',
};

/**
 * A step whose rate drifted steadily over the fitted years (fit.ts trend): the forecast carries the drift forward
 * for two years and then holds it, which moves every forecast downstream of it, so the answer says so.
 */
export function driftNotes(model: FittedForecast): string[] {
  return model.transitions.flatMap((t) => {
    if (!t.trend) return [];
    const yearly = Math.exp(t.trend.slope) - 1;
    return [`${RATE_WORDS[t.id] ?? t.id} has drifted steadily over the last ${Math.round(t.trend.years * 2) / 2} years, its odds ${yearly >= 0 ? 'up' : 'down'} about ${percent(Math.abs(yearly))} a year: the forecast carries the drift forward to ${longDate(t.trend.until)} and holds it from then on.`.replace(/^./, (c) => c.toUpperCase())];
  });
}

/** The contact → referral lever's reach, when a material share of referrals has only a late contact before it; else null. */
export function lateContactWarning(model: FittedForecast): string | null {
  const { referrals, linked, lateContact } = model.referralLinks;
  if (referrals < MIN_REFERRALS || lateContact / referrals < LATE_SHARE_WARNING) return null;
  const cap = TRANSITIONS.find((t) => t.id === 'contact_referral')!.cap;
  const linkedShare = linked / referrals;
  const from = model.asOf - 729;
  return (
    `${percent(lateContact / referrals)} of the referrals from ${longDate(from)} to ${longDate(model.asOf)} (${lateContact.toLocaleString('en-GB')} of ${referrals.toLocaleString('en-GB')}) have no contact 0–${cap} days before them ` +
    `but one ${cap + 1}–${LATE_CONTACT_DAYS} days before: the contact → referral rule (a referral within ${cap} days of the contact) does not link them, so they arrive on their own ` +
    `and the contact → referral lever does not act on them. The lever reaches the ${percent(linkedShare)} of referrals linked to a contact: a cut of x changes referrals by about ` +
    `x × ${percent(linkedShare)} (a cut of 25% by about ${percent(0.25 * linkedShare)}).`
  );
}
