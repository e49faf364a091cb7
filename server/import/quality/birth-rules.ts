// Dates before the child was born. Every event and every other dated fact of a child, from any file,
// is checked against the child's date of birth as imported (the latest-dated value any row gave), so
// a date of birth given in one list or file is checked against the dates of every other: a referral
// in List 3 with no date of birth of its own, a CIN census referral against the SSDA903 header's date
// of birth. One problem per row, at its earliest date before the birth.
//
// The journey grammar (core/grammar.ts) checks births too, but it reports only the first rule an
// event breaks, and before-birth comes first, so with dates of birth given it would hide every other
// break of the journey; the sequence rules run it without dates of birth and this module does the
// birth check on its own. (Asked of issue 10: a `check` that returns every rule an event breaks.)
import { EV } from '../../../core/events.js';
import { DEAD, EVENTS_PER_STEP, type SourceLog } from '../source-log.js';
import { dfeMessage } from './problem-codes.js';

interface RowBreak {
  child: number;
  place: number;
  row: number;
  earliest: number;
  field: number;
  fields: number[];
  /** the row is the child's first SSDA903 episode (DfE rule 302) */
  firstEpisode: boolean;
}

/**
 * A step at a time (drainSliced), yielding between steps of EVENTS_PER_STEP events, facts or problems: in one
 * piece it held an SSDA903 upload of 1.3 million episodes for about 200 ms (audit a12f M1).
 */
export function* checkBirths(log: SourceLog): Generator<void, void, void> {
  const births = new BirthCheck(log);
  const n = log.eventCount;
  for (let e = 0; e < n; e = births.firstEpisodes(e, e + EVENTS_PER_STEP)) yield;
  for (let e = 0; e < n; e = births.events(e, e + EVENTS_PER_STEP)) yield;
  for (let f = 0; f < log.factChild.length; f = births.facts(f, f + EVENTS_PER_STEP)) yield;
  let k = 0;
  for (const b of births.rows.values()) {
    births.report(b);
    if (++k % EVENTS_PER_STEP === 0) yield;
  }
}

/** checkBirths' loops, in a class (as EpisodeLinker, core/event-table.ts). */
class BirthCheck {
  readonly rows = new Map<string, RowBreak>();
  // The child's first SSDA903 episode start, for DfE rule 302 ("First episode starts before child was born").
  private readonly firstEpisode = new Map<number, number>();

  constructor(private readonly log: SourceLog) {}

  private dob(c: number): number | null {
    return this.log.registry.attributesOf(c).dob;
  }

  firstEpisodes(from: number, to: number): number {
    const { log, firstEpisode } = this;
    const end = Math.min(to, log.eventCount);
    const type = log.evType.data;
    for (let e = from; e < end; e++) {
      if (type[e] !== EV.cla_start || log.formatOf(log.evPlace.data[e]!) !== 'ssda903') continue;
      const c = log.evChild.data[e]!;
      const known = firstEpisode.get(c);
      if (known === undefined || log.evDay.data[known]! > log.evDay.data[e]!) firstEpisode.set(c, e);
    }
    return end;
  }

  events(from: number, to: number): number {
    const { log } = this;
    const end = Math.min(to, log.eventCount);
    const type = log.evType.data;
    for (let e = from; e < end; e++) {
      if (type[e] === DEAD) continue;
      const c = log.evChild.data[e]!;
      this.note(c, log.evDay.data[e]!, log.evPlace.data[e]!, log.evRow.data[e]!, log.evField.data[e]!, this.firstEpisode.get(c) === e);
    }
    return end;
  }

  facts(from: number, to: number): number {
    const { log } = this;
    const end = Math.min(to, log.factChild.length);
    for (let f = from; f < end; f++) {
      this.note(log.factChild.data[f]!, log.factDay.data[f]!, log.factPlace.data[f]!, log.factRow.data[f]!, log.factField.data[f]!, false);
    }
    return end;
  }

  private note(c: number, day: number, place: number, row: number, field: number, first: boolean): void {
    const birth = this.dob(c);
    if (birth === null || day >= birth) return;
    const key = `${place}:${row}`;
    const found = this.rows.get(key);
    if (found === undefined) {
      this.rows.set(key, { child: c, place, row, earliest: day, field, fields: [field], firstEpisode: first });
      return;
    }
    if (!found.fields.includes(field)) found.fields.push(field);
    if (day < found.earliest) {
      found.earliest = day;
      found.field = field;
    }
    found.firstEpisode ||= first;
  }

  report(b: RowBreak): void {
    const { log } = this;
    const birth = this.dob(b.child)!;
    const names = b.fields.map((f) => `"${log.fields[f]}"`).join(', ');
    // No date of birth in the message: with the file and row it would name the child's.
    const detail = `the child's date of birth is after ${names}`;
    log.problem('dob_after_event', log.registry.idOf(b.child), log.at(b.place, b.row), log.fields[b.field]!,
      b.firstEpisode ? dfeMessage('SSDA903 302', detail) : detail, [birth, b.earliest], b.firstEpisode ? 'SSDA903 302' : null);
  }
}
