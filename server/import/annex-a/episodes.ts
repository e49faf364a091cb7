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
const IN_EPISODE = new Uint8Array(32);
for (const t of [EV.referral, EV.assessment_start, EV.assessment_end, EV.strategy_discussion, EV.s47_start, EV.s47_end, EV.icpc,
  EV.cin_plan_start, EV.cin_plan_end, EV.cp_plan_start, EV.cp_plan_end, EV.case_closed]) IN_EPISODE[t] = 1;

export function assignAnnexEpisodes(log: SourceLog): void {
  const n = log.eventCount;
  const type = log.evType.data;
  const child = log.evChild.data;
  const day = log.evDay.data;
  const place = log.evPlace.data;
  const row = log.evRow.data;
  const episode = log.evEpisode.data;
  const annexPlace: boolean[] = [];
  const isAnnex = (p: number): boolean => (annexPlace[p] ??= log.formatOf(p) === 'annex-a');
  // Units: the events of one row (a reader gives a row's events one after another).
  const unitFrom: number[] = [];
  const unitTo: number[] = [];
  for (let e = 0; e < n; ) {
    const t = type[e]!;
    if (t === DEAD || IN_EPISODE[t] !== 1 || !isAnnex(place[e]!)) {
      e++;
      continue;
    }
    let f = e + 1;
    while (f < n && type[f] !== DEAD && IN_EPISODE[type[f]!] === 1 && place[f] === place[e] && row[f] === row[e]) f++;
    unitFrom.push(e);
    unitTo.push(f);
    e = f;
  }
  if (unitFrom.length === 0) return;
  // Units by child, in the order read (a counting sort: child indexes are 0 … children - 1).
  const children = log.registry.size;
  const start = new Int32Array(children + 1);
  for (const e of unitFrom) start[child[e]! + 1]!++;
  for (let c = 0; c < children; c++) start[c + 1]! += start[c]!;
  const order = new Int32Array(unitFrom.length);
  const fill = start.slice(0, children);
  for (let u = 0; u < unitFrom.length; u++) order[fill[child[unitFrom[u]!]!]!++] = u;
  let episodes = 0;
  const referrals: number[] = [];
  for (let k = 0; k < order.length; ) {
    const c = child[unitFrom[order[k]!]!]!;
    let end = k;
    while (end < order.length && child[unitFrom[order[end]!]!] === c) end++;
    // The child's referrals in date order (file order within a date), each its own episode.
    referrals.length = 0;
    for (let j = k; j < end; j++) {
      const u = order[j]!;
      for (let e = unitFrom[u]!; e < unitTo[u]!; e++) if (type[e] === EV.referral) referrals.push(e);
    }
    referrals.sort((a, b) => day[a]! - day[b]! || a - b);
    for (const r of referrals) {
      episodes++;
      episode[r] = log.newEpisode(`AA${episodes}`);
    }
    for (let j = k; j < end; j++) {
      const u = order[j]!;
      if (type[unitFrom[u]!] === EV.referral && unitTo[u] === unitFrom[u]! + 1) continue;
      let first = Infinity;
      let last = -Infinity;
      for (let e = unitFrom[u]!; e < unitTo[u]!; e++) {
        if (day[e]! < first) first = day[e]!;
        if (day[e]! > last) last = day[e]!;
      }
      const referral = latestOnOrBefore(referrals, day, first) ?? latestOnOrBefore(referrals, day, last);
      const ep = referral === null ? -1 : episode[referral]!;
      for (let e = unitFrom[u]!; e < unitTo[u]!; e++) if (type[e] !== EV.referral) episode[e] = ep;
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
