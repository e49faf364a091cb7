// Facts about a child's care that several rules derive the same way in the validator: whether they
// were looked after continuously through the year (lac_validator/utils.py), their periods of care as
// the missing-episode rules build them (577, 578), and the "ZZ" partial dates of rule_utils.valid_date.
import { addMonths, dayFromCivil } from '../../../../../core/dates.js';
import type { Row } from '../rule.js';
import { byChild, dt, le, lt, parseDate, sortedBy, v, type Return903 } from './frame.js';

/**
 * Children looked after continuously through the year: some episode falls in the year and none
 * shows care starting (RNE S) or ending (REC not X1) inside it, or a V3/V4 short break in it.
 */
export function continuouslyLookedAfter(d: Return903): Set<string> {
  const start = d.collectionStart;
  const end = d.collectionEnd;
  const cla = new Set<string>();
  for (const [child, idx] of byChild(d.tables.episodes)) {
    let during = false;
    let broken = false;
    for (const i of idx) {
      const e = d.tables.episodes[i]!;
      const decom = dt(e, 'DECOM');
      const dec = dt(e, 'DEC');
      // in the year: started by 31 March and not ended (a DEC that is not a date counts as none) before 1 April
      const inYear = le(decom, end) && (dec === null || dec >= start);
      during ||= inYear;
      const enters = v(e, 'RNE') === 'S' && decom !== null && decom > start && decom <= end;
      const leaves = v(e, 'REC') !== 'X1' && dec !== null && dec >= start && dec < end;
      const shortBreak = ['V3', 'V4'].includes(v(e, 'LS') ?? '') && inYear;
      broken ||= enters || leaves || shortBreak;
    }
    if (during && !broken) cla.add(child);
  }
  return cla;
}

export interface PeriodOfCare {
  child: string;
  start: number;
  /** DEC of the period's last episode (null when open) */
  end: number | null;
}

/**
 * Periods of care as rules 577 and 578 build them: episodes with a start date, in date order; a
 * new period begins with a new child or an episode starting after the previous one's end (an
 * episode after an open one continues the period).
 */
export function periodsOfCare(episodes: readonly Row[]): Map<string, PeriodOfCare[]> {
  const withStart = episodes.filter((e) => dt(e, 'DECOM') !== null);
  const order = sortedBy(withStart, (e) => v(e, 'CHILD'), (e) => dt(e, 'DECOM'));
  const out = new Map<string, PeriodOfCare[]>();
  let current: PeriodOfCare | null = null;
  let prev: Row | null = null;
  for (const i of order) {
    const e = withStart[i]!;
    const child = v(e, 'CHILD');
    if (child === null) continue;
    const startsNew = prev === null || v(prev, 'CHILD') !== child || lt(dt(prev, 'DEC'), dt(e, 'DECOM'));
    if (startsNew || current === null) {
      current = { child, start: dt(e, 'DECOM')!, end: dt(e, 'DEC') };
      out.set(child, [...(out.get(child) ?? []), current]);
    } else current.end = dt(e, 'DEC');
    prev = e;
  }
  return out;
}

/**
 * rule_utils.valid_date: dd/mm/yyyy where the day or month may be ZZ and the year ZZZZ (read as
 * 2000); a ZZ is filled with 01 and, for the last ZZ read, the date moved to the latest day it can
 * mean (a month on less a day for a ZZ day, a year on less a day for a ZZ month).
 */
export function validDate(text: string | null): number | null {
  if (text === null) return null;
  const parts = text.split('/');
  if (parts.length !== 3) return null;
  let offset = null as 'month' | 'year' | null;
  const filled = parts.map((p, k) => {
    if (p !== 'ZZ') return p === 'ZZZZ' ? '2000' : p;
    offset = k === 0 ? 'month' : k === 1 ? 'year' : null; // a ZZ year leaves no date to parse
    return '01';
  });
  const day = parseDate(filled.join('/'));
  if (day === null) return null;
  if (offset === 'month') return addMonths(day, 1) - 1;
  if (offset === 'year') return addMonths(day, 12) - 1;
  return day;
}

/** 1 April 2023, the date the social worker rules SW01a/SW01b split on. */
export const APRIL_2023 = dayFromCivil(2023, 4, 1);
