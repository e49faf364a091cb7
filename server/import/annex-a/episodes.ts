// The referral episodes of Annex A's events. Annex A has no episode ids, and its lists cover a year, so
// an event is linked to its referral by date, as the events CSV spec links events without ids: the
// child's latest referral on or before it. But a row is one assessment, enquiry or plan: its dates
// belong to one referral together. A row whose first date precedes every referral of the child but
// whose last date follows one (an assessment started before the referral it was authorised under)
// belongs to that referral, so that the grammar sees the assessment dated before its referral
// (CIN 1103) instead of an authorisation with no assessment. Rows entirely before the child's first
// referral belong to none (they may belong to a referral before the lists' year).
import { EV } from '../../../core/events.js';
import { DEAD, type SourceLog } from '../source-log.js';

/** Event types that belong to a referral's episode. */
const IN_EPISODE = new Set<number>([
  EV.referral, EV.assessment_start, EV.assessment_end, EV.strategy_discussion, EV.s47_start, EV.s47_end, EV.icpc,
  EV.cin_plan_start, EV.cin_plan_end, EV.cp_plan_start, EV.cp_plan_end, EV.case_closed,
]);

export function assignAnnexEpisodes(log: SourceLog): void {
  const n = log.eventCount;
  const type = log.evType.data;
  const child = log.evChild.data;
  const day = log.evDay.data;
  const place = log.evPlace.data;
  const row = log.evRow.data;
  const annex: number[] = [];
  for (let e = 0; e < n; e++) {
    if (type[e] !== DEAD && IN_EPISODE.has(type[e]!) && log.formatOf(place[e]!) === 'annex-a') annex.push(e);
  }
  if (annex.length === 0) return;
  annex.sort((a, b) => child[a]! - child[b]! || a - b);
  let k = 0;
  let episodes = 0;
  while (k < annex.length) {
    const c = child[annex[k]!]!;
    let end = k;
    while (end < annex.length && child[annex[end]!] === c) end++;
    // The child's referrals in date order (file order within a date), each its own episode.
    const referrals = annex.slice(k, end).filter((e) => type[e] === EV.referral).sort((a, b) => day[a]! - day[b]! || a - b);
    for (const r of referrals) {
      episodes++;
      log.evEpisode.data[r] = log.episodeOf(`annex\u0000${r}`, () => `AA${episodes}`);
    }
    // Rows (units) of the other events.
    const units = new Map<string, number[]>();
    for (let j = k; j < end; j++) {
      const e = annex[j]!;
      if (type[e] === EV.referral) continue;
      const key = `${place[e]}:${row[e]}`;
      const unit = units.get(key);
      if (unit === undefined) units.set(key, [e]);
      else unit.push(e);
    }
    for (const unit of units.values()) {
      let first = Infinity;
      let last = -Infinity;
      for (const e of unit) {
        first = Math.min(first, day[e]!);
        last = Math.max(last, day[e]!);
      }
      const referral = latestOnOrBefore(referrals, day, first) ?? latestOnOrBefore(referrals, day, last);
      const episode = referral === null ? -1 : log.evEpisode.data[referral]!;
      for (const e of unit) log.evEpisode.data[e] = episode;
    }
    k = end;
  }
}

/** The latest referral dated on or before `d` (the last listed among those of one date), or null. */
function latestOnOrBefore(referrals: readonly number[], day: Int32Array, d: number): number | null {
  let found: number | null = null;
  for (const r of referrals) {
    if (day[r]! <= d) found = r;
    else break;
  }
  return found;
}
