// Where an extract really begins. A council's extract (a CIN census year, say) often holds every journey
// from a date on, plus, from before it, only the journeys still open on it (an episode referred years
// earlier, a child in care since). Before that date the data is not a sample of the process: short
// journeys (a contact with no further action) are missing. The signal is their SHARE of the trips that
// begin in a month (trips that begin with nothing open and are over within SHORT_DAYS), not their count:
// a log whose volume grows threefold has three times fewer short trips in its first months, but the same
// share of them, while before an extract's start the share collapses to (nearly) none. The fit counts
// from that date (arrivals, the seen-early buckets), the generator simulates what came before it as a
// burn-in cut the same way, and the report says which part of its window is such history.
import { EV } from '../core/events.js';
import type { EventTable } from '../core/event-table.js';
import { civilFromDay, dayFromCivil } from '../core/dates.js';
import { NO_DAY, walkJourney, type Journey } from '../core/grammar.js';

/** A trip over within this many days counts as short. */
const SHORT_DAYS = 30;
/** A month whose share of short trips is below this fraction of the typical share (the data's second half) is before the extract. */
const THRESHOLD = 0.3;
/** A month is judged only when its trips would hold at least this many short ones at the typical share (else it is noise). */
const MIN_EXPECTED_SHORT = 8;
/** A referral this many days or fewer after a contact, with nothing open between, continues the contact's trip. */
const REFERRAL_FOLLOWS_DAYS = 14;
/** Data before the extract's start shorter than this is not counted as such. */
const MIN_HISTORY_DAYS = 92;
/** The day the extract begins is looked for this many days either side of the first month judged whole. */
const REFINE_DAYS = 62;

const monthIndex = (day: number): number => {
  const c = civilFromDay(day);
  return c.year * 12 + c.month - 1;
};

/** Counts trips, and the short ones among them, by the month they start in, child by child, as the journeys are walked. */
export class ExtractStart {
  private readonly shortTrips = new Map<number, number>();
  private readonly trips = new Map<number, number>();
  /** trips over (nothing open after them) by the day of their last event */
  private readonly tripEnds = new Map<number, number>();
  private tripStart = -1;
  private tripContact = false;
  private last = 0;

  /**
   * Before each event is taken (in the order the grammar takes them): `journey` is the state before it.
   * A trip begins at a contact or referral with nothing open (journey.idle) and runs until the next one.
   */
  event(type: number, day: number, journey: Journey): void {
    if ((type === EV.contact || type === EV.referral) && journey.idle) {
      // A referral soon after a contact is the same trip (the contact asked for it), not a short trip and a new one.
      const continues = type === EV.referral && this.tripStart >= 0 && this.tripContact && day - this.last <= REFERRAL_FOLLOWS_DAYS;
      if (!continues) {
        this.closeTrip();
        this.tripStart = day;
        this.tripContact = type === EV.contact;
        const m = monthIndex(day);
        this.trips.set(m, (this.trips.get(m) ?? 0) + 1);
      }
    }
    this.last = day;
  }

  /** At the end of each child's events: `journey` is the state after the last (a trip still under way is not counted short). */
  endChild(journey: Journey): void {
    if (journey.idle) this.closeTrip();
    this.tripStart = -1;
    this.tripContact = false;
  }

  private closeTrip(): void {
    if (this.tripStart >= 0) this.tripEnds.set(this.last, (this.tripEnds.get(this.last) ?? 0) + 1);
    if (this.tripStart >= 0 && this.last - this.tripStart <= SHORT_DAYS) {
      const m = monthIndex(this.tripStart);
      this.shortTrips.set(m, (this.shortTrips.get(m) ?? 0) + 1);
    }
    this.tripStart = -1;
  }

  /** The first day of the extract: `first` (the first event) unless months before some day lack short trips. */
  result(first: number, last: number): number {
    const from = monthIndex(first);
    const to = monthIndex(last);
    if (to - from < 4) return first;
    const shortCounts: number[] = [];
    const tripCounts: number[] = [];
    for (let m = from; m <= to; m++) {
      shortCounts.push(this.shortTrips.get(m) ?? 0);
      tripCounts.push(this.trips.get(m) ?? 0);
    }
    // The typical share: short trips over all trips of the second half (the last month, cut short by the
    // data's end, left out).
    const half = Math.floor(shortCounts.length / 2);
    let short = 0;
    let trips = 0;
    for (let k = half; k < shortCounts.length - 1; k++) {
      short += shortCounts[k]!;
      trips += tripCounts[k]!;
    }
    if (short < 10 * Math.max(1, shortCounts.length - 1 - half) || trips === 0) return first;
    const typical = short / trips;
    // The last month (but the final one) whose share of short trips is too low to be the same process.
    let lastThin = -1;
    for (let k = 0; k < shortCounts.length - 1; k++) {
      const expected = typical * tripCounts[k]!;
      if (expected >= MIN_EXPECTED_SHORT && shortCounts[k]! < THRESHOLD * expected) lastThin = k;
    }
    if (lastThin < 0) return first;
    const m = from + lastThin + 1;
    const start = this.firstDayOfEnds(Math.max(first, dayFromCivil(Math.floor(m / 12), (m % 12) + 1, 1)), first, last);
    // A thin first month or two is a log starting part-way through a month, not an extract's history.
    return start - first < MIN_HISTORY_DAYS ? first : start;
  }

  /**
   * The day the extract begins, near `month` (the first month whose share of short trips is the
   * process's). A month holding the start can pass that test (its trips still open on the start day,
   * some short, are kept), so the day is found from the trips that are over: an extract holds none that
   * ended before its first day (only journeys still open then) and all from it on. The day is where the
   * count of trip ends a day steps up (the most likely change of a Poisson rate), taken back to the
   * month's 1st when only days with no trip over (a weekend) lie between.
   */
  private firstDayOfEnds(month: number, first: number, last: number): number {
    const lo = Math.max(first, month - REFINE_DAYS);
    const hi = Math.min(last - 1, month + REFINE_DAYS);
    if (hi - lo < 14) return month;
    const counts: number[] = [];
    let total = 0;
    for (let d = lo; d <= hi; d++) {
      const n = this.tripEnds.get(d) ?? 0;
      counts.push(n);
      total += n;
    }
    if (total < MIN_EXPECTED_SHORT) return month;
    const xlogx = (n: number, t: number): number => (n > 0 ? n * Math.log(n / t) : 0);
    let best = month;
    let bestLikelihood = -Infinity;
    let before = 0;
    for (let k = 1; k < counts.length; k++) {
      before += counts[k - 1]!;
      // the step's likelihood only where it is one: fewer trip ends a day before it than after
      if (before / k >= (total - before) / (counts.length - k)) continue;
      const likelihood = xlogx(before, k) + xlogx(total - before, counts.length - k);
      if (likelihood > bestLikelihood) {
        bestLikelihood = likelihood;
        best = lo + k;
      }
    }
    if (bestLikelihood === -Infinity) return month;
    const c = civilFromDay(best);
    const firstOfMonth = dayFromCivil(c.year, c.month, 1);
    let quiet = firstOfMonth >= lo && best - firstOfMonth <= 3;
    for (let d = firstOfMonth; quiet && d < best; d++) if ((this.tripEnds.get(d) ?? 0) > 0) quiet = false;
    return quiet ? firstOfMonth : best;
  }
}

/** The extract's first day of an event table (see ExtractStart). */
export function extractStart(table: EventTable, dob: ArrayLike<number>): number {
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < table.length; i++) {
    first = Math.min(first, table.day[i]!);
    last = Math.max(last, table.day[i]!);
  }
  if (!(first <= last)) return first;
  const detector = new ExtractStart();
  const visit = (row: number, _rule: unknown, journey: Journey): void => detector.event(table.type[row]!, table.day[row]!, journey);
  for (let c = 0; c < table.childIds.length; c++) {
    const lo = table.childStart[c]!;
    const hi = table.childStart[c + 1]!;
    if (hi > lo) detector.endChild(walkJourney(table, lo, hi, dob[c]!, visit));
  }
  return detector.result(first, last);
}

/**
 * What an extract keeps from before its first day, learned from the data (the model's fittedOn.carried):
 * the contacts that began the trips still open then (a census-style extract of whole trips) or not (an
 * extract of what is open: the episode, the period of care, the early help), and whether an episode
 * counts as open until its case is closed even with nothing under way in it (a child who turned 18
 * before the case was closed stays in such an extract for ever).
 */
export class CarriedTally {
  private contacts = 0;
  private referrals = 0;
  /**
   * children already 18 on the extract's first day whose journey then has nothing under way but an
   * episode not closed: only an extract that keeps such an episode for ever holds them
   */
  private agedOutUnclosed = 0;
  /** children by the whole years between the referral of their oldest episode open on the first day and that day */
  private readonly byYear: number[] = [];

  /** An event dated before the extract's first day. */
  before(type: number): void {
    if (type === EV.contact) this.contacts++;
    else if (type === EV.referral) this.referrals++;
  }

  /** Once per child with events before the extract's first day (`day`): its journey as it stands on that day. */
  atStart(journey: Journey, day: number): void {
    if (journey.eighteenth <= day && journey.idle && hasUnclosedEpisode(journey)) this.agedOutUnclosed++;
    const k = carriedYears(journey, day);
    if (k >= 0) this.byYear[k] = (this.byYear[k] ?? 0) + 1;
  }

  result(minCell: number): { contacts: boolean; unclosedEpisodes: boolean; byYear?: number[] } {
    const contacts = this.contacts >= minCell && this.contacts >= 0.5 * this.referrals;
    // Years with fewer than minCell children go in with the years after them (the last entry: that year or
    // more); a first year below it leaves the count out.
    const byYear = Array.from(this.byYear, (n) => n ?? 0);
    for (let k = 0; k < byYear.length; k++) {
      if (byYear[k]! >= minCell) continue;
      byYear[k] = byYear.slice(k).reduce((a, b) => a + b, 0);
      byYear.length = k + 1;
    }
    while (byYear.length > 1 && byYear[byYear.length - 1]! < minCell) byYear[byYear.length - 2]! += byYear.pop()!;
    const counted = !contacts && byYear.length > 0 && byYear[0]! >= minCell;
    return { contacts, unclosedEpisodes: this.agedOutUnclosed >= minCell, ...(counted ? { byYear } : {}) };
  }
}

/**
 * Whole years between the referral of the oldest episode begun before `day` and not closed by then and
 * `day`, -1 without one (an extract of what is open keeps that episode from before its first day).
 */
export function carriedYears(journey: Journey, day: number): number {
  let oldest = NO_DAY;
  for (const e of journey.episodes) if (e.key >= 0 && !e.closed && e.referralDay !== NO_DAY && e.referralDay < day && (oldest === NO_DAY || e.referralDay < oldest)) oldest = e.referralDay;
  return oldest === NO_DAY ? -1 : Math.floor((day - oldest) / 365.25);
}

/** An episode begun with a referral and not closed (whatever is under way in it). */
export function hasUnclosedEpisode(journey: Journey): boolean {
  for (const e of journey.episodes) if (e.key >= 0 && !e.closed && e.referralDay !== NO_DAY) return true;
  return false;
}
