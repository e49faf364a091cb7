// One dataset from several sources: the same event of a child in two sources (a referral in the CIN
// census and in Annex A's List 3, a period of care in SSDA903 and in Annex A's List 8) is one event.
// "The same" is the same child (by identifier), the same event type and the same date; for a period
// of care that is its start date (and an end with the same end date). Each is kept once, from the
// source that says most about it: SSDA903 for care (the whole history, reasons ended), the CIN census
// for the rest (episode ids, closures), then Annex A. What the dropped copy adds (an outcome, a
// source) fills blanks of the kept one, a referral's episode takes the kept referral's, and every
// merge is reported (`same_event_in_two_sources`) at the dropped copy's row. Events of one source are
// never merged with each other: two referrals of one day in one file are two referrals.
import { carePeriods } from '../../core/care-periods.js';
import { EV, EVENT_TYPES, outcomeName } from '../../core/events.js';
import { DEAD, EVENTS_PER_STEP, eventsByChild, eventsByChildInSteps, type SourceFormatName, type SourceLog } from './source-log.js';

const CARE = new Set<number>([EV.cla_start, EV.cla_end]);
const PRIORITY_CARE: readonly SourceFormatName[] = ['ssda903', 'annex-a', 'cin'];
const PRIORITY_OTHER: readonly SourceFormatName[] = ['cin', 'annex-a', 'ssda903'];

const LABELS: Readonly<Record<number, string>> = {
  [EV.contact]: 'contact', [EV.referral]: 'referral', [EV.assessment_start]: 'assessment start', [EV.assessment_end]: 'assessment authorisation',
  [EV.strategy_discussion]: 'strategy discussion', [EV.s47_start]: 'section 47 enquiry', [EV.icpc]: 'initial child protection conference',
  [EV.cin_plan_start]: 'CIN plan start', [EV.cin_plan_end]: 'CIN plan end', [EV.cp_plan_start]: 'child protection plan start',
  [EV.cp_plan_end]: 'child protection plan end', [EV.cla_start]: 'start of a period of care', [EV.cla_end]: 'end of a period of care',
  [EV.case_closed]: 'case closure',
};

/** Merges the same events of different sources; returns how many events were merged away. */
export function mergeSources(log: SourceLog): number {
  const n = log.eventCount;
  const type = log.evType.data;
  const place = log.evPlace.data;
  const formats = new Set<SourceFormatName>();
  for (let e = 0; e < n; e++) if (type[e] !== DEAD) formats.add(log.formatOf(place[e]!));
  if (formats.size < 2) return 0;
  datePeriodsBegunBefore(log);

  const child = log.evChild.data;
  const day = log.evDay.data;
  // (child, day, order read); events of one type and date are gathered below
  const order = eventsByChild(log);
  // Episodes merged into another (a referral's), resolved once every group is seen.
  const episodeTo = new Map<number, number>();
  let merged = 0;
  let i = 0;
  while (i < order.length) {
    const e0 = order[i]!;
    let j = i + 1;
    while (j < order.length && child[order[j]!] === child[e0] && day[order[j]!] === day[e0]) j++;
    // the events of one child and date, by type (a few: a plain sort)
    if (j - i > 1) {
      const sameDay = Array.from(order.subarray(i, j)).sort((a, b) => type[a]! - type[b]! || a - b);
      for (let k = 0; k < sameDay.length; ) {
        let l = k + 1;
        while (l < sameDay.length && type[sameDay[l]!] === type[sameDay[k]!]) l++;
        if (l - k > 1) merged += mergeGroup(log, sameDay.slice(k, l), episodeTo);
        k = l;
      }
    }
    i = j;
  }
  if (episodeTo.size > 0) {
    const episode = log.evEpisode.data;
    const resolve = (ep: number): number => {
      let to = ep;
      for (let hops = 0; episodeTo.has(to) && hops < 16; hops++) to = episodeTo.get(to)!;
      return to;
    };
    for (let e = 0; e < n; e++) if (type[e] !== DEAD && episode[e]! >= 0) episode[e] = resolve(episode[e]!);
  }
  return merged;
}

/**
 * A period of care that began before the SSDA903 files given starts, as far as they know, on the DECOM
 * of its first episode in them (ssda903/read.ts); another source (Annex A's List 8) may give the
 * period's real start, earlier. The latest start of another source before that DECOM, with no end of
 * care of that source between them, is the same period's start: the SSDA903 start takes its date, and
 * the same-day merge makes them one event (else the child would have two periods, one inside the other).
 */
function datePeriodsBegunBefore(log: SourceLog): void {
  if (log.careStartsNotKnown.length === 0) return;
  const type = log.evType.data;
  const day = log.evDay.data;
  const child = log.evChild.data;
  const care = eventsByChild(log, (t) => t === EV.cla_start || t === EV.cla_end);
  // each child's first position in `care`
  const first = new Map<number, number>();
  for (let i = care.length - 1; i >= 0; i--) first.set(child[care[i]!]!, i);
  for (const e of log.careStartsNotKnown) {
    if (type[e] !== EV.cla_start) continue;
    let start = -1;
    for (let i = first.get(child[e]!) ?? care.length; i < care.length && child[care[i]!] === child[e] && day[care[i]!]! < day[e]!; i++) {
      const o = care[i]!;
      if (log.formatOf(log.evPlace.data[o]!) === 'ssda903') continue;
      start = type[o] === EV.cla_start ? o : -1;
    }
    if (start >= 0) day[e] = day[start]!;
  }
}

function mergeGroup(log: SourceLog, group: number[], episodeTo: Map<number, number>): number {
  const formatOf = (e: number): SourceFormatName => log.formatOf(log.evPlace.data[e]!);
  const present = new Set(group.map(formatOf));
  if (present.size < 2) return 0;
  const t = log.evType.data[group[0]!]!;
  const primary = (CARE.has(t) ? PRIORITY_CARE : PRIORITY_OTHER).find((f) => present.has(f))!;
  const kept = group.filter((e) => formatOf(e) === primary);
  const others = group.filter((e) => formatOf(e) !== primary);
  let merged = 0;
  // Each event of another source is matched with one kept event (a third copy with another kept one).
  const uses = new Map<SourceFormatName, number>();
  for (const o of others) {
    const f = formatOf(o);
    const k = uses.get(f) ?? 0;
    if (k >= kept.length) continue; // more of these in that source than in the kept one: not the same events
    uses.set(f, k + 1);
    mergeInto(log, o, kept[k]!, episodeTo);
    merged++;
  }
  return merged;
}

function mergeInto(log: SourceLog, dropped: number, keep: number, episodeTo: Map<number, number>): void {
  const outcome = log.evOutcome.data;
  const source = log.evSource.data;
  const episode = log.evEpisode.data;
  const notes: string[] = [];
  if (outcome[keep] === 0) outcome[keep] = outcome[dropped]!;
  else if (outcome[dropped] !== 0 && outcome[dropped] !== outcome[keep]) notes.push(`the outcomes differ (${outcomeName(outcome[dropped]!)} here, ${outcomeName(outcome[keep]!)} there): theirs is kept`);
  if (source[keep] === 0) source[keep] = source[dropped]!;
  if (log.evTeam.data[keep] === -1) log.evTeam.data[keep] = log.evTeam.data[dropped]!;
  if (log.evType.data[keep] === EV.referral && episode[dropped]! >= 0 && episode[keep]! >= 0 && episode[dropped] !== episode[keep]) {
    // The dropped referral's episode is the kept referral's: its steps follow it there.
    episodeTo.set(episode[dropped]!, episode[keep]!);
  } else if (episode[keep]! < 0 && episode[dropped]! >= 0) episode[keep] = episode[dropped]!;
  const type = log.evType.data[keep]!;
  const there = log.whereOf(keep);
  const where = log.whereOf(dropped);
  const label = LABELS[type] ?? EVENT_TYPES[type]!;
  log.kill(dropped);
  log.problem('same_event_in_two_sources', log.registry.idOf(log.evChild.data[keep]!), where, log.fields[log.evField.data[dropped]!] ?? null,
    `the same ${label} (same child, same date) is also in ${there.file}${there.sheet ? ` › ${there.sheet}` : ''} row ${there.row}; the two are imported as one event${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`,
    [type, log.evDay.data[keep]!]);
}

/**
 * Periods of care and those still open, from the care events as imported (after merging): core/care-periods.ts.
 * A step at a time (drainSliced), the periods counted over blocks of whole children: in one piece it held an
 * SSDA903 upload of 1.3 million episodes for about 140 ms (audit a12f M1).
 */
export function* countCare(log: SourceLog): Generator<void, { periods: number; open: number }, void> {
  const care = yield* eventsByChildInSteps(log, (t) => t === EV.cla_start || t === EV.cla_end);
  const child = log.evChild.data;
  let periods = 0;
  let open = 0;
  for (let from = 0; from < care.length; ) {
    // a block ends between two children (a child's periods are its own)
    let to = Math.min(care.length, from + EVENTS_PER_STEP);
    while (to < care.length && child[care[to]!] === child[care[to - 1]!]) to++;
    const block = care.subarray(from, to);
    const pick = (column: Int32Array): Int32Array => {
      const picked = new Int32Array(block.length); // a plain loop: Int32Array.from with a callback took 30 ms on 130,000 episodes
      for (let k = 0; k < block.length; k++) picked[k] = column[block[k]!]!;
      return picked;
    };
    const found = carePeriods({ length: block.length, child: pick(child), type: pick(log.evType.data), day: pick(log.evDay.data), outcome: pick(log.evOutcome.data) });
    periods += found.length;
    for (const p of found) if (p.end === null) open++;
    from = to;
    yield;
  }
  return { periods, open };
}
