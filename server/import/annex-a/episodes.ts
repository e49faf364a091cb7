// The referral episodes of Annex A's events. Annex A has no episode ids, and its lists cover a year, so
// an event is linked to its referral by date, as the events CSV spec links events without ids: the
// child's latest referral on or before it. But a row is one assessment, enquiry or plan: its dates
// belong to one referral together. A row whose first date precedes every referral of the child but
// whose last date follows one (an assessment started before the referral it was authorised under)
// belongs to that referral, so that the grammar sees the assessment dated before its referral
// (CIN 1103) instead of an authorisation with no assessment. Rows entirely before the child's first
// referral belong to none (they may belong to a referral before the lists' year).
import { EV } from '../../../core/events.js';
import { DEAD, EVENTS_PER_STEP, type SourceLog } from '../source-log.js';

/** Event types that belong to a referral's episode. */
const IN_EPISODE = new Uint8Array(32);
for (const t of [EV.referral, EV.assessment_start, EV.assessment_end, EV.strategy_discussion, EV.s47_start, EV.s47_end, EV.icpc,
  EV.cin_plan_start, EV.cin_plan_end, EV.cp_plan_start, EV.cp_plan_end, EV.case_closed]) IN_EPISODE[t] = 1;

/**
 * A step at a time (drainSliced), yielding between steps of about EVENTS_PER_STEP events or children: in one
 * piece it held the service 90-150 ms on a workbook of 900,000 rows (audit a12f M1).
 */
export function* assignAnnexEpisodes(log: SourceLog): Generator<void, void, void> {
  const assigner = new AnnexEpisodes(log);
  for (let e = 0; e < log.eventCount; e = assigner.findUnits(e, e + EVENTS_PER_STEP)) yield;
  if (assigner.unitFrom.length === 0) return;
  assigner.sortUnits();
  yield;
  for (let k = 0; k < assigner.order.length; k = assigner.assign(k, EVENTS_PER_STEP)) yield;
}

/** assignAnnexEpisodes' loops, in a class (as EpisodeLinker, core/event-table.ts: V8 optimises them better there). */
class AnnexEpisodes {
  private readonly type: Int32Array;
  private readonly child: Int32Array;
  private readonly day: Int32Array;
  private readonly place: Int32Array;
  private readonly row: Int32Array;
  private readonly episode: Int32Array;
  private readonly annexPlace: boolean[] = [];
  // Units: the events of one row (a reader gives a row's events one after another).
  readonly unitFrom: number[] = [];
  private readonly unitTo: number[] = [];
  /** units by child, in the order read */
  order = new Int32Array(0);
  private episodes = 0;
  private readonly referrals: number[] = [];

  constructor(private readonly log: SourceLog) {
    this.type = log.evType.data;
    this.child = log.evChild.data;
    this.day = log.evDay.data;
    this.place = log.evPlace.data;
    this.row = log.evRow.data;
    this.episode = log.evEpisode.data;
  }

  private isAnnex(p: number): boolean {
    return (this.annexPlace[p] ??= this.log.formatOf(p) === 'annex-a');
  }

  /** Finds the units that begin in [from, to); where the next search begins. */
  findUnits(from: number, to: number): number {
    const { type, place, row } = this;
    const n = this.log.eventCount;
    let e = from;
    while (e < n && e < to) {
      const t = type[e]!;
      if (t === DEAD || IN_EPISODE[t] !== 1 || !this.isAnnex(place[e]!)) {
        e++;
        continue;
      }
      let f = e + 1;
      while (f < n && type[f] !== DEAD && IN_EPISODE[type[f]!] === 1 && place[f] === place[e] && row[f] === row[e]) f++;
      this.unitFrom.push(e);
      this.unitTo.push(f);
      e = f;
    }
    return e;
  }

  /** Units by child, in the order read (a counting sort: child indexes are 0 … children - 1). */
  sortUnits(): void {
    const { child, unitFrom } = this;
    const children = this.log.registry.size;
    const start = new Int32Array(children + 1);
    for (const e of unitFrom) start[child[e]! + 1]!++;
    for (let c = 0; c < children; c++) start[c + 1]! += start[c]!;
    this.order = new Int32Array(unitFrom.length);
    const fill = start.slice(0, children);
    for (let u = 0; u < unitFrom.length; u++) this.order[fill[child[unitFrom[u]!]!]!++] = u;
  }

  /** Assigns the episodes of the children whose units begin at order[k], until about `units` units; where the next child begins. */
  assign(k: number, units: number): number {
    const { order, child, unitFrom, unitTo, type, day, episode, referrals } = this;
    const stop = Math.min(order.length, k + units);
    while (k < stop) {
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
        this.episodes++;
        episode[r] = this.log.newEpisode(`AA${this.episodes}`);
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
    return k;
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
