// Several years' Annex A workbooks in one import: a plan, enquiry, assessment or period of care open at
// the end of one year is a row of that year's workbook and again of the next's (with its end, once it
// has one). The same row of two workbooks is one record: the same child, the same kind of row (the type
// of its first event: an assessment start, a CP plan start, a period of care start, …) and the same
// first date, in different files. The copy that says most is kept (more dates, then the later last
// date, then the file read later); the others' events go and their rows are listed as not read
// ("superseded", as the CIN census reader does with an earlier census's copy of an episode). Rows of one
// file are never taken for each other: two CP plans of one child and date in one workbook are two.
import { DEAD, type SourceLog } from '../source-log.js';

interface Unit {
  from: number;
  to: number;
  place: number;
  row: number;
  last: number;
}

/** Drops the copies of rows that another Annex A workbook repeats; returns how many rows were dropped. */
export function supersedeAnnexRepeats(log: SourceLog): number {
  const n = log.eventCount;
  const type = log.evType.data;
  const place = log.evPlace.data;
  const row = log.evRow.data;
  const day = log.evDay.data;
  const child = log.evChild.data;
  const annex: boolean[] = [];
  const isAnnex = (p: number): boolean => (annex[p] ??= log.formatOf(p) === 'annex-a');
  const fileOf = (p: number): string => log.tallyOf(p).file;
  const groups = new Map<string, Unit[]>();
  const files = new Set<string>();
  for (let e = 0; e < n; ) {
    if (type[e] === DEAD || !isAnnex(place[e]!)) {
      e++;
      continue;
    }
    let f = e + 1;
    let last = day[e]!;
    while (f < n && type[f] !== DEAD && place[f] === place[e] && row[f] === row[e] && child[f] === child[e]) last = Math.max(last, day[f++]!);
    const key = `${child[e]}:${type[e]}:${day[e]}`;
    const units = groups.get(key);
    const unit = { from: e, to: f, place: place[e]!, row: row[e]!, last };
    if (units) units.push(unit);
    else groups.set(key, [unit]);
    files.add(fileOf(place[e]!));
    e = f;
  }
  if (files.size < 2) return 0;
  let dropped = 0;
  for (const units of groups.values()) {
    if (units.length < 2) continue;
    const inFiles = new Set(units.map((u) => fileOf(u.place)));
    if (inFiles.size < 2) continue;
    // the copy that says most: more dates, a later last date, the file read later
    const best = [...units].sort((a, b) => b.to - b.from - (a.to - a.from) || b.last - a.last || b.place - a.place)[0]!;
    const keptFile = fileOf(best.place);
    const kept = units.filter((u) => fileOf(u.place) === keptFile);
    const used = new Map<string, number>();
    for (const u of units) {
      const file = fileOf(u.place);
      if (file === keptFile) continue;
      const k = used.get(file) ?? 0;
      if (k >= kept.length) continue; // more such rows in that file than in the kept one: not the same rows
      used.set(file, k + 1);
      const twin = kept[k]!;
      for (let e = u.from; e < u.to; e++) log.kill(e);
      const tally = log.tallyOf(u.place);
      tally.imported--;
      const there = log.tallyOf(twin.place);
      log.reject(tally, u.row, null, `superseded by the same row of another workbook (${there.file}${there.sheet ? ` › ${there.sheet}` : ''} row ${twin.row}), which says as much or more`, true);
      dropped++;
    }
  }
  if (dropped > 0) log.warnings.push(`${dropped} Annex A rows that another workbook repeats (same child, kind of row and start date) were taken once, from the copy that says most; the other copies are listed as not read`);
  return dropped;
}
