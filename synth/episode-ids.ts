// Which children's rows carry episode ids (issue 10: "with and without episode ids"). A council's log may
// give `episode_id` for some children and not others (one system's records and another's, or a service
// that never recorded them); the importer then links the rows without one by date (events-csv.md). The
// fit counts, among the children with a referral, those whose episode steps carry no id at all; the copy
// writes as many without ids. Only a child whose episodes would be linked the same way by date can lose
// its ids (a child of the log without ids is such a child by construction: its episodes are the dated
// ones), so the share is of those children, and the copy blanks ids of such children alone: a copy read
// back links into the same episodes, ids or not.
import { EV } from '../core/events.js';
import type { EventTable } from '../core/event-table.js';
import type { CompiledModel } from './compile.js';
import type { Model } from './model.js';
import { createRandom, type Random } from './random.js';

/** The event types a referral episode's id goes on (the copy writes ids on these, never on contacts, care or early help). */
export const EPISODE_STEP = new Uint8Array(32);
for (const t of [EV.referral, EV.assessment_start, EV.assessment_end, EV.strategy_discussion, EV.s47_start, EV.s47_end, EV.icpc, EV.cin_plan_start, EV.cin_plan_end, EV.cp_plan_start, EV.cp_plan_end, EV.case_closed]) EPISODE_STEP[t] = 1;

/**
 * Whether the rows [lo, hi) of one child, in date order, that carry an episode id (`named`) would be linked
 * to the same episode without it: to the latest referral dated on or before them, as core/event-table.ts
 * links a row without an id. Referrals must name distinct episodes (two referrals of one id are one
 * episode by id, two by date).
 */
export function linksByDate(lo: number, hi: number, type: ArrayLike<number>, day: ArrayLike<number>, episode: ArrayLike<number>, named: (i: number) => boolean): boolean {
  let r = lo;
  let latest = -1;
  for (let i = lo; i < hi; i++) {
    if (type[i] === EV.referral) {
      if (!named(i)) continue;
      for (let k = lo; k < i; k++) if (type[k] === EV.referral && episode[k] === episode[i]) return false;
      continue;
    }
    if (!named(i)) continue;
    while (r < hi && day[r]! <= day[i]!) {
      if (type[r] === EV.referral) latest = r;
      r++;
    }
    if (latest < 0 || episode[latest] !== episode[i]) return false;
  }
  return true;
}

export interface EpisodeIdTally {
  /** children with a referral whose episodes link the same by date: with no id on an episode step, with some */
  none: number;
  named: number;
  /** of `named` and `unlinkable`, those with ids on some episode steps only */
  some: number;
  /** children with a referral whose episodes by id differ from those by date (they keep their ids) */
  unlinkable: number;
}

/** Counts the log's children by the ids on their episode steps (null when the table does not say which rows had one). */
export function tallyEpisodeIds(table: EventTable): EpisodeIdTally | null {
  const given = table.episodeIdGiven;
  if (!given) return null;
  const tally: EpisodeIdTally = { none: 0, named: 0, some: 0, unlinkable: 0 };
  const { type, day, episode, childStart } = table;
  const named = (i: number): boolean => given[i] === 1 && EPISODE_STEP[type[i]!] === 1 && episode[i]! >= 0;
  for (let c = 0; c + 1 < childStart.length; c++) {
    const lo = childStart[c]!;
    const hi = childStart[c + 1]!;
    let referred = false;
    let steps = 0;
    let ids = 0;
    for (let i = lo; i < hi; i++) {
      if (type[i] === EV.referral) referred = true;
      if (EPISODE_STEP[type[i]!] === 1 && episode[i]! >= 0) {
        steps++;
        if (named(i)) ids++;
      }
    }
    if (!referred) continue;
    if (ids === 0) tally.none++;
    else if (!linksByDate(lo, hi, type, day, episode, named)) tally.unlinkable++;
    else tally.named++;
    if (ids > 0 && ids < steps) tally.some++;
  }
  return tally;
}

/**
 * The model's `episodeIds`: the share of children without ids among those that could go without, written
 * when minCell children or more have none (1 when fewer than minCell have them); absent otherwise (every
 * child keeps its ids, as models fitted before this were written).
 */
export function fitEpisodeIds(table: EventTable, minCell: number, merged: Model['merged']): Pick<Model, 'episodeIds'> {
  const tally = tallyEpisodeIds(table);
  if (!tally) return {};
  if (tally.none < minCell) {
    if (tally.none > 0) merged.push({ cell: 'children without episode ids', into: 'children with them' });
    return {};
  }
  const withIds = tally.named >= minCell ? tally.named : 0;
  if (tally.named > 0 && withIds === 0) merged.push({ cell: 'children with episode ids', into: 'children without them' });
  return { episodeIds: { children: tally.none + withIds, none: tally.none / (tally.none + withIds) } };
}

/** The copy's rows of one child, as the generator emits them (synth/generate.ts SyntheticChild). */
interface ChildRows {
  types: readonly number[];
  days: readonly number[];
  /** episode number, 0 for none */
  episodes: readonly number[];
}

/**
 * Decides, child by child, whether the copy writes a child's episode ids; null (every id written) when the
 * model has no `episodeIds`; else, for a child with a referral whose episodes link the same
 * by date, true (blank them) with the model's share. Its own stream from `seed`, so the rest of a copy is
 * the same with or without it.
 */
export function episodeIdBlanker(model: Model | CompiledModel, seed: number): ((child: ChildRows) => boolean) | null {
  const share = ('cells' in model ? model.model : model).episodeIds?.none ?? 0;
  if (share <= 0) return null;
  const random: Random = createRandom((seed ^ 0x5f3759df) >>> 0);
  return (child) => {
    const n = child.types.length;
    if (!child.types.includes(EV.referral)) return false;
    const { episodes } = child;
    if (!linksByDate(0, n, child.types, child.days, episodes, (i) => episodes[i]! > 0)) return false;
    return random.next() < share;
  };
}
