// Social worker episode rules (the SW_Episodes table, from the 2024 return). Several were rewritten
// year by year; each version carries the years it applies to.
import type { Row } from '../rule.js';
import { APRIL_2023, validDate } from './care.js';
import { byChild, dt, eq, extremeByChild, from, lastRows, le, lt, ne, NUMPY_YEAR, rule, sortedBy, v, withPrevious, type Return903 } from './frame.js';

const only = (year: number): [number, number] => [year, year];
const between = (a: number, b: number): [number, number] => [a, b];
const REASONS = ['MANAGE', 'FCONTA', 'LEFTRL', 'ORGRST', 'TSPROC', 'ABSENC', 'CHCHAN', 'PCCHAN', 'SWDIED', 'OTHERS'];
const sw = (d: Return903) => d.tables.sw_episodes;

/** Each social worker episode with the one before it of the same child, by start then end date. */
const swSequence = (rows: readonly Row[]) => withPrevious(rows, sortedBy(rows, (r) => v(r, 'CHILD'), (r) => dt(r, 'SW_DECOM'), (r) => dt(r, 'SW_DEC')));
/** Starts within a week either side of the previous episode's end (a missing date is not within). */
const withinAWeek = (start: number | null, prevEnd: number | null) => start !== null && prevEnd !== null && Math.abs(start - prevEnd) <= 7;

function allocated(condition: (s: Row) => boolean, years: [number, number]) {
  return rule('SW01STG1', 'Child looked after on 31 March, but no social worker episode information is reported', (d, fail) => {
    const workers = byChild(sw(d));
    d.tables.episodes.forEach((e, i) => {
      if (v(e, 'DEC') !== null || ['V3', 'V4'].includes(v(e, 'LS') ?? '')) return;
      const mine = (workers.get(v(e, 'CHILD') ?? '') ?? []).map((j) => sw(d)[j]!);
      // the validator reports the open episode's row (under the social worker table's name)
      if (mine.length === 0 || mine.some(condition)) fail('episodes', i);
    });
  }, years);
}

function perRow(code: string, message: string, bad: (s: Row, d: Return903) => boolean, years: [number, number]) {
  return rule(code, message, (d, fail) => sw(d).forEach((s, i) => bad(s, d) && fail('sw_episodes', i)), years);
}

/** SW16a–c: the first episode this year against last year's latest, when that was still open. */
function matchesLastYear(code: string, message: string, differs: (now: Row, before: Row) => boolean, years: [number, number]) {
  return rule(code, message, (d, fail) => {
    const last = lastRows(d, 'sw_episodes');
    if (!last) return;
    const first = extremeByChild(sw(d), 'SW_DECOM', 'min');
    for (const [child, j] of extremeByChild(last, 'SW_DECOM', 'max')) {
      const i = first.get(child);
      if (v(last[j], 'SW_DEC') === null && i !== undefined && differs(sw(d)[i]!, last[j]!)) fail('sw_episodes', i);
    }
  }, years);
}

function startsAfterPrevious(fcontaExempt: boolean, code: string, message: string, years: [number, number]) {
  return rule(code, message, (d, fail) => {
    for (const [i, p] of swSequence(sw(d))) {
      if (fcontaExempt && v(sw(d)[i], 'SW_REASON') === 'FCONTA') continue;
      if (!withinAWeek(dt(sw(d)[i], 'SW_DECOM'), dt(sw(d)[p], 'SW_DEC'))) fail('sw_episodes', i);
    }
  }, years);
}

export const SOCIAL_WORKER_RULES = [
  allocated((s) => v(s, 'SW_ID') === null || v(s, 'SW_DECOM') === null || v(s, 'SW_REASON') === null, only(2024)),
  allocated((s) => v(s, 'SW_ID') === null || v(s, 'SW_DECOM') === null, from(2025)),
  perRow('SW01aSTG1', 'For each social worker episode, information should be complete', (s) => {
    const start = dt(s, 'SW_DECOM');
    return start === null || (start < APRIL_2023 && v(s, 'SW_ID') === null);
  }, from(2025)),
  perRow('SW01bSTG1', 'For each social worker episode, information should be complete', (s) => {
    const start = dt(s, 'SW_DECOM');
    return start === null || (start >= APRIL_2023 && (v(s, 'SW_ID') === null || v(s, 'SW_REASON') === null));
  }, from(2025)),
  perRow('SW02STG1', 'Social worker ID does not begin with the characters ‘SW’ or ‘XX’.', (s) => !['SW', 'XX'].includes((v(s, 'SW_ID') ?? '').slice(0, 2)), between(2024, 2025)),
  perRow('SW02STG1', 'Social worker ID does not begin with the characters ‘SW’ or ‘XX’.', (s) => {
    const id = v(s, 'SW_ID');
    return !['SW', 'XX'].includes((id ?? '').slice(0, 2)) || (id !== null && id.length < 4);
  }, from(2026)),
  perRow('SW03STG1', 'For each social worker episode, information should be complete.', (s) => ['SW_ID', 'SW_DECOM', 'SW_REASON'].some((c) => v(s, c) === null), from(2024)),
  perRow('SW04STG1', 'Date social worker episode began is not a valid date..', (s) => validDate(v(s, 'SW_DECOM')) === null, between(2024, 2025)),
  perRow('SW04STG1', 'Date social worker episode began is not a valid date..', (s) => dt(s, 'SW_DECOM') === null, from(2026)),
  perRow('SW05STG1', 'Date social worker episode began is not a valid date.', (s) => v(s, 'SW_DEC') !== null && validDate(v(s, 'SW_DEC')) === null, between(2024, 2025)),
  perRow('SW05STG1', 'Date social worker episode began is not a valid date.', (s) => dt(s, 'SW_DEC') === null, from(2026)),
  perRow('SW06STG2', 'Social worker episode data should be within the social worker data reporting year.', (s, d) => lt(d.collectionEnd, dt(s, 'SW_DECOM')), from(2024)),
  perRow('SW07STG2', 'Social worker episode end date should be on or after the start of the social worker reporting period, and should be on or before the collection end date.', (s, d) => {
    const end = dt(s, 'SW_DEC');
    return end !== null && (end < d.collectionStart || end > d.collectionEnd);
  }, only(2024)),
  perRow('SW07STG2', 'Social worker episode end date should be on or after the start of the social worker reporting period, and should be on or before the collection end date.', (s, d) => {
    const end = dt(s, 'SW_DEC');
    return end !== null && (end - d.collectionStart < -NUMPY_YEAR || end > d.collectionEnd);
  }, from(2025)),
  rule('SW08STG2', 'A new social worker episode has started, but the previous episode has not ended.', (d, fail) => {
    const rows = sw(d);
    const latest = new Map<string, number>();
    for (const i of sortedBy(rows, (s) => dt(s, 'SW_DECOM'))) latest.set(v(rows[i], 'CHILD') ?? '', i);
    rows.forEach((s, i) => {
      if (latest.get(v(s, 'CHILD') ?? '') === i || v(s, 'CHILD') === null) return;
      if (dt(s, 'SW_DEC') === null && dt(s, 'SW_DECOM') !== null) fail('sw_episodes', i);
    });
  }, from(2024)),
  perRow('SW09STG2', 'Social worker episode appears to have lasted for less than 24 hours.', (s) => eq(v(s, 'SW_DEC'), v(s, 'SW_DECOM')), between(2024, 2025)),
  perRow('SW09STG2', 'Social worker episode appears to have lasted for less than 24 hours.', (s) => {
    const [start, end] = [dt(s, 'SW_DECOM'), dt(s, 'SW_DEC')];
    return start !== null && end !== null && end - start < 3;
  }, from(2026)),
  startsAfterPrevious(false, 'SW10STG2', 'A new social worker episode has started before the end date of the previous social worker episode.', only(2024)),
  startsAfterPrevious(true, 'SW10STG2', 'A new social worker episode has started before the end date of the previous social worker episode.', from(2025)),
  startsAfterPrevious(true, 'SW10aSTG2', 'A new social worker episode has started and it is not within +/- 7 days of a previous episode.', from(2026)),
  rule('SW10bSTG2', 'A new social worker episode has started with a reason of first contact before the previous episode has ended.', (d, fail) => {
    for (const [i, p] of swSequence(sw(d))) if (v(sw(d)[i], 'SW_REASON') === 'FCONTA' && le(dt(sw(d)[i], 'SW_DECOM'), dt(sw(d)[p], 'SW_DEC'))) fail('sw_episodes', i);
  }, from(2026)),
  rule('SW11STG2', 'Social worker episode has ended before 31 March and no subsequent social worker episode has been provided.', (d, fail) => {
    // the validator pairs each episode with the one before it in child order, whoever's child that is
    const rows = sw(d);
    const order = sortedBy(rows, (s) => v(s, 'CHILD'), (s) => dt(s, 'SW_DECOM'));
    for (let k = 1; k < order.length; k++) {
      const [i, p] = [order[k]!, order[k - 1]!];
      const prevEnd = dt(rows[p], 'SW_DEC');
      if (lt(prevEnd, d.collectionEnd) && ne(dt(rows[i], 'SW_DECOM'), prevEnd)) fail('sw_episodes', i);
    }
  }, from(2024)),
  rule('SW11aSTG2', 'Social worker episode has ended before 31 March and no subsequent social worker episode has been provided.', (d, fail) => {
    const rows = sw(d);
    for (const [i, p] of withPrevious(rows, sortedBy(rows, (s) => v(s, 'CHILD'), (s) => dt(s, 'SW_DECOM')))) {
      const prevEnd = dt(rows[p], 'SW_DEC');
      if (prevEnd !== null && prevEnd <= d.collectionEnd - 5 && !(dt(rows[i], 'SW_DECOM') !== null && Math.abs(dt(rows[i], 'SW_DECOM')! - prevEnd) <= 5)) fail('sw_episodes', i);
    }
  }, from(2024)),
  rule('SW11bSTG2', 'Social worker episode has ended before 31 March and no subsequent social worker episode has been provided.', (d, fail) => {
    const rows = sw(d);
    for (const [i, p] of withPrevious(rows, sortedBy(rows, (s) => v(s, 'CHILD'), (s) => dt(s, 'SW_DECOM')))) {
      const prevEnd = dt(rows[p], 'SW_DEC');
      if (prevEnd !== null && prevEnd >= d.collectionEnd - 5 && dt(rows[i], 'SW_DECOM') === null) fail('sw_episodes', i);
    }
    // as written, the validator also flags every child with a single social worker episode
    for (const idx of byChild(rows).values()) if (idx.length === 1) fail('sw_episodes', idx[0]!);
  }, from(2024)),
  rule('SW12STG2', 'If a child is looked after on 31 March then all social worker episodes for the full previous year should be reported, even those whilst they were not looked after', (d, fail) => {
    // the k-th episode of the child (by start) is matched with the k-th social worker episode
    const eps = d.tables.episodes;
    const rank = (rows: readonly Row[], date: string) => {
      const r = new Map<number, number>();
      const seen = new Map<string, number>();
      for (const i of sortedBy(rows, (x) => v(x, 'CHILD'), (x) => dt(x, date))) {
        const c = v(rows[i], 'CHILD') ?? '';
        r.set(i, seen.get(c) ?? 0);
        seen.set(c, (seen.get(c) ?? 0) + 1);
      }
      return r;
    };
    const epRank = rank(eps, 'DECOM');
    const swRank = rank(sw(d), 'SW_DECOM');
    const swAt = new Map([...swRank].map(([j, k]) => [`${v(sw(d)[j], 'CHILD')}|${k}`, j]));
    eps.forEach((e, i) => {
      if (!(le(d.collectionStart, dt(e, 'DEC')) && le(dt(e, 'DEC'), d.collectionEnd))) return;
      const j = swAt.get(`${v(e, 'CHILD')}|${epRank.get(i)}`);
      if (j !== undefined && dt(sw(d)[j], 'SW_DECOM') !== null) return;
      // with no matching social worker episode the three "not continuous" tests reduce to these
      if (v(e, 'REC') !== 'X1' || v(e, 'RNE') === 'S' || !['V3', 'V4'].includes(v(e, 'LS') ?? '')) fail('episodes', i);
    });
  }, only(2024)),
  rule('SW12STG2', 'If a child is looked after on 31 March then all social worker episodes for the full previous year should be reported, even those whilst they were not looked after', (d, fail) => {
    const workers = byChild(sw(d));
    d.tables.episodes.forEach((e, i) => {
      const dec = dt(e, 'DEC');
      const recent = dec === null || (dec - d.collectionStart >= -NUMPY_YEAR && dec <= d.collectionEnd);
      const [rec, rne] = [v(e, 'REC'), v(e, 'RNE')];
      if (!recent || ['V3', 'V4'].includes(v(e, 'LS') ?? '') || !(rne === 'S' || rec !== 'X1')) return;
      const starts = (workers.get(v(e, 'CHILD') ?? '') ?? []).map((j) => dt(sw(d)[j], 'SW_DECOM'));
      if (starts.length === 0) starts.push(null);
      // each social worker episode of the child must have started by the end (or from the start) of care
      const covered = (s: number | null) => (le(s, dec) && rec !== 'X1') || (le(dt(e, 'DECOM'), s) && rne === 'S');
      if (starts.some((s) => !covered(s))) fail('episodes', i);
    });
  }, from(2025)),
  perRow('SW13STG1', 'The reason for social worker change is either not valid or has not been entered.', (s) => !REASONS.includes(v(s, 'SW_REASON') ?? ''), only(2024)),
  rule('SW13STG1', 'The reason for social worker change is either not valid or has not been entered.', (d, fail) => {
    const rows = sw(d);
    const start = d.collectionStart;
    // the first episode to count this year may have no reason: the one open on 1 April, or else the first started after
    const allowed = new Set<number>();
    for (const idx of byChild(rows).values()) {
      const ordered = sortedBy(idx.map((i) => rows[i]!), (s) => dt(s, 'SW_DECOM')).map((k) => idx[k]!);
      const before = ordered.filter((i) => lt(dt(rows[i], 'SW_DECOM'), start));
      const carried = before.at(-1);
      const candidates = [
        ...(carried !== undefined && (dt(rows[carried], 'SW_DEC') === null || le(start, dt(rows[carried], 'SW_DEC'))) ? [carried] : []),
        ...ordered.filter((i) => le(start, dt(rows[i], 'SW_DECOM'))).slice(0, 1),
      ];
      const first = candidates[0];
      if (first !== undefined && v(rows[first], 'SW_REASON') === null) allowed.add(first);
    }
    rows.forEach((s, i) => !REASONS.includes(v(s, 'SW_REASON') ?? '') && !allowed.has(i) && fail('sw_episodes', i));
  }, from(2025)),
  rule('SW14STG2', 'Social worker episode date ceased is blank.', (d, fail) => {
    // the child's last episode by start date (@99e5bf2 parses SW_DECOM; @55e5230 parsed SW_DEC twice and sorted
    // the dd/mm/yyyy text); an unreadable start sorts last, as pandas puts NaT last
    const rows = sw(d);
    const latest = new Map<string, number>();
    for (const i of sortedBy(rows, (s) => v(s, 'CHILD'), (s) => dt(s, 'SW_DECOM'))) latest.set(v(rows[i], 'CHILD') ?? '', i);
    rows.forEach((s, i) => dt(s, 'SW_DEC') === null && latest.get(v(s, 'CHILD') ?? '') !== i && fail('sw_episodes', i));
  }, from(2024)),
  perRow('SW15STG2', 'Reason for social worker change is missing.', (s, d) => {
    const start = dt(s, 'SW_DECOM');
    return v(s, 'SW_REASON') === null && !(start !== null && start - d.collectionStart < -NUMPY_YEAR);
  }, from(2025)),
  matchesLastYear('SW16aSTG2', 'The social worker reason episode changed does not match the open episode at the end of last year.', (now, before) => ne(v(now, 'SW_ID'), v(before, 'SW_ID')), only(2025)),
  matchesLastYear('SW16bSTG2', 'The social worker episode start date does not match the open episode at the end of last year.', (now, before) => ne(dt(now, 'SW_DECOM'), dt(before, 'SW_DECOM')), from(2025)),
  matchesLastYear('SW16cSTG2', 'The social worker reason episode changed does not match the open episode at the end of last year.', (now, before) => ne(v(now, 'SW_REASON'), v(before, 'SW_REASON')), only(2025)),
  rule('SW17STG2', 'There is no social worker episode open at 31 March', (d, fail) => {
    for (const i of extremeByChild(sw(d), 'SW_DECOM', 'max').values()) if (v(sw(d)[i], 'SW_DEC') !== null) fail('sw_episodes', i);
  }, from(2026)),
  perRow('SW18STG2', 'The end date of the social worker episode is before the start date', (s) => {
    const [start, end] = [dt(s, 'SW_DECOM'), dt(s, 'SW_DEC')];
    return start !== null && end !== null && !(end > start);
  }, from(2026)),
  rule('SW19STG2', 'There are 2 social worker episodes for the child starting on the same date.', (d, fail) => {
    const seen = new Set<string>();
    sw(d).forEach((s, i) => {
      const key = `${v(s, 'CHILD')}|${v(s, 'SW_DECOM')}`;
      if (seen.has(key)) fail('sw_episodes', i);
      seen.add(key);
    });
  }, from(2026)),
];

